/// Estimated widths of text, for laying out chart labels without a font engine. The estimates
/// err on the wide side, so a label that fits here also fits in the report's fonts.
enum TextMetrics {
    /// The estimated width of one line of text in a sans-serif font.
    ///
    /// - Parameters:
    ///   - text: The text; control characters and combining marks take no room.
    ///   - size: The font size in points.
    /// - Returns: The width in points: 1 em for East Asian wide characters, 0.56 em for
    ///   digits, 0.6 em for upper-case and 0.5 em for lower-case letters, 0.28 em for a space.
    static func width(_ text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ems($1) } * size
    }

    /// The height of a line of text, from the top of one line to the next.
    static func lineHeight(size: Double) -> Double { size * 1.2 }

    /// True for the characters a terminal shows two columns wide and a font sets 1 em wide
    /// (CJK ideographs, kana, hangul, full-width forms); `displayWidth` uses the same ranges.
    static func isEastAsianWide(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    private static func ems(_ scalar: Unicode.Scalar) -> Double {
        let v = scalar.value
        if v < 0x20 || (0x300...0x36F).contains(v) { return 0 }
        if isEastAsianWide(scalar) || scalar == "…" { return 1 }
        switch scalar {
        case "0"..."9": return 0.56
        case " ": return 0.28
        case ".", ",", ":", ";", "!", "|", "'", "(", ")", "[", "]": return 0.33
        case "M", "W", "m", "w": return 0.85
        default: return scalar.properties.isLowercase ? 0.5 : 0.6
        }
    }

    /// `text` if it fits in `maxWidth`, otherwise its longest start that fits with "…" after it.
    static func truncated(_ text: String, size: Double, maxWidth: Double) -> String {
        guard width(text, size: size) > maxWidth else { return text }
        var kept = ""
        for character in text {
            if width(kept + String(character) + "…", size: size) > maxWidth { break }
            kept.append(character)
        }
        return kept + "…"
    }

    /// `text` broken into lines no wider than `maxWidth`: at spaces, and between any two
    /// characters of a word too long for a line (as Chinese text breaks anyway).
    ///
    /// - Returns: The lines, or nil if the text needs more than `maxLines` lines.
    static func wrapped(_ text: String, size: Double, maxWidth: Double, maxLines: Int) -> [String]? {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ").map(String.init) {
            let joined = current.isEmpty ? word : current + " " + word
            if width(joined, size: size) <= maxWidth {
                current = joined
                continue
            }
            if !current.isEmpty { lines.append(current) }
            current = ""
            for character in word {
                if !current.isEmpty, width(current + String(character), size: size) > maxWidth {
                    lines.append(current)
                    current = ""
                }
                current.append(character)
            }
        }
        if !current.isEmpty { lines.append(current) }
        guard lines.count <= maxLines, lines.allSatisfy({ width($0, size: size) <= maxWidth }) else { return nil }
        return lines
    }

    /// `text` broken into at most `maxLines` lines as `wrapped` breaks it; what does not fit
    /// goes on the last line, cut short with "…".
    static func wrappedTruncating(_ text: String, size: Double, maxWidth: Double, maxLines: Int) -> [String] {
        // With single spaces, the lines and the spaces they were broken at make up the text.
        let text = text.split(separator: " ").joined(separator: " ")
        if let lines = wrapped(text, size: size, maxWidth: maxWidth, maxLines: maxLines) { return lines }
        var rest = Substring(text), kept: [String] = []
        for line in wrapped(text, size: size, maxWidth: maxWidth, maxLines: .max)?.prefix(maxLines - 1) ?? [] {
            rest = rest.dropFirst(line.count)
            if rest.first == " " { rest = rest.dropFirst() }
            kept.append(line)
        }
        return kept + [truncated(String(rest), size: size, maxWidth: maxWidth)]
    }
}

/// The rectangle a line of text is estimated to cover, for keeping labels apart.
struct TextBox: Sendable, Equatable {
    var minX: Double
    var minY: Double
    var maxX: Double
    var maxY: Double

    /// The box of `text` drawn at `point` as a scene draws it (`point.y` is the middle of the
    /// line, `anchor` says where `point.x` is).
    init(_ text: String, at point: ScenePoint, size: Double, anchor: TextAnchor) {
        let width = TextMetrics.width(text, size: size)
        let start = switch anchor {
        case .start: point.x
        case .middle: point.x - width / 2
        case .end: point.x - width
        }
        let half = TextMetrics.lineHeight(size: size) / 2
        self.init(minX: start, minY: point.y - half, maxX: start + width, maxY: point.y + half)
    }

    init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// True if the boxes share more than a hair of area (touching edges do not count).
    func overlaps(_ other: TextBox) -> Bool {
        let tolerance = 0.01
        return minX < other.maxX - tolerance && other.minX < maxX - tolerance
            && minY < other.maxY - tolerance && other.minY < maxY - tolerance
    }

    /// True if the box lies inside `other`.
    func isInside(_ other: TextBox) -> Bool {
        minX >= other.minX && maxX <= other.maxX && minY >= other.minY && maxY <= other.maxY
    }
}

/// What a cell's style says about reading its number: the number format of each entry of
/// `cellXfs` in `xl/styles.xml`, reduced to the two distinctions the reader makes.
struct XLSXStyles: Sendable {
    /// How a number with a given style reads.
    enum NumberStyle: Sendable, Equatable {
        /// As a number.
        case general
        /// As a date or time: the format shows years, months, days, hours, minutes or seconds.
        case date
        /// As digits padded with leading zeros to this width: the format is only zeros
        /// (`0000000000`), as used for student ids stored as numbers.
        case zeroPadded(width: Int)
    }

    /// The number style of each cell format, indexed by a cell's `s` attribute.
    let cellStyles: [NumberStyle]

    /// A workbook without styles: every number is general.
    static let none = XLSXStyles(cellStyles: [])

    /// The number style of cell format `index`; general for an index with no format.
    func numberStyle(_ index: Int) -> NumberStyle {
        index >= 0 && index < cellStyles.count ? cellStyles[index] : .general
    }

    /// Reads `cellXfs` and the custom `numFmts` of a styles part.
    ///
    /// - Throws: `XLSXError` for malformed XML.
    static func parse(_ bytes: [UInt8], part: String, file: String) throws(XLSXError) -> XLSXStyles {
        try XLSXPartScanner.scan(bytes, part: part, file: file) { text, scanner throws(XLSXError) in
            var customFormats: [Int: NumberStyle] = [:]
            var cellStyles: [NumberStyle] = []
            var cellXfsDepth: Int?
            while true {
                switch try scanner.next(in: text) {
                case .startElement:
                    if scanner.xml.localNameIs("numFmt", in: text) {
                        guard
                            let id = scanner.xml.attribute("numFmtId", in: text).flatMap({ integer($0, text) }
                            ),
                            let code = scanner.xml.attribute("formatCode", in: text)
                        else { continue }
                        customFormats[id] = classify(formatCode: XMLScanner.value(of: code, in: text))
                    } else if scanner.xml.localNameIs("cellXfs", in: text) {
                        cellXfsDepth = scanner.xml.depth
                    } else if let depth = cellXfsDepth, scanner.xml.depth == depth + 1,
                        scanner.xml.localNameIs("xf", in: text)
                    {
                        let id =
                            scanner.xml.attribute("numFmtId", in: text).flatMap { integer($0, text) } ?? 0
                        cellStyles.append(customFormats[id] ?? builtInStyle(id))
                    }
                case .endElement:
                    if let depth = cellXfsDepth, scanner.xml.depth < depth { cellXfsDepth = nil }
                case .text:
                    continue
                case .endOfDocument:
                    return XLSXStyles(cellStyles: cellStyles)
                }
            }
        }
    }

    /// The style of a built-in number format (ECMA-376 Part 1, §18.8.30): ids 14–22, 27–36,
    /// 45–47 and 50–58 are dates and times; id 1 (`0`) is zero-padded to width 1, which
    /// changes nothing; the rest are general.
    static func builtInStyle(_ id: Int) -> NumberStyle {
        switch id {
        case 14...22, 27...36, 45...47, 50...58: .date
        default: .general
        }
    }

    /// Classifies a custom number format code.
    ///
    /// A code is a date if it holds `y`, `m`, `d`, `h` or `s` (either case) outside quoted
    /// text, `[...]` brackets (colours, conditions, locales, elapsed time) and characters
    /// escaped by `\`, `_` or `*`. A code of only zeros pads with zeros.
    static func classify(formatCode: String) -> NumberStyle {
        let scalars = formatCode.unicodeScalars
        if !scalars.isEmpty && scalars.allSatisfy({ $0 == "0" }) {
            return .zeroPadded(width: scalars.count)
        }
        var inQuotes = false
        var inBrackets = false
        var escaped = false
        for scalar in scalars {
            if escaped {
                escaped = false
            } else if inQuotes {
                if scalar == "\"" { inQuotes = false }
            } else if inBrackets {
                if scalar == "]" { inBrackets = false }
            } else {
                switch scalar {
                case "\"": inQuotes = true
                case "[": inBrackets = true
                case "\\", "_", "*": escaped = true
                case "y", "Y", "m", "M", "d", "D", "h", "H", "s", "S": return .date
                default: break
                }
            }
        }
        return .general
    }

    /// A non-negative decimal integer attribute value, or nil.
    private static func integer(_ attribute: XMLAttribute, _ text: UnsafeBufferPointer<UInt8>) -> Int? {
        XLSXDigits.integer(UnsafeBufferPointer(rebasing: text[attribute.value]))
    }
}

/// Reads plain non-negative integers (indexes, ids) from attribute and element text.
enum XLSXDigits {
    /// The value of `bytes`, digits with optional surrounding spaces, or nil if they are not
    /// that or the value exceeds 10^15.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        var end = bytes.count
        while index < end && XMLByte.isSpace(bytes[index]) { index += 1 }
        while end > index && XMLByte.isSpace(bytes[end - 1]) { end -= 1 }
        guard index < end, end - index <= 15 else { return nil }
        var value = 0
        while index < end {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
            index += 1
        }
        return value
    }
}

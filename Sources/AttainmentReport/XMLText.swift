/// Text for XML and HTML, the one escaper of the DOCX, SVG and HTML writers.
enum XMLText {
    /// What happens to tabs and line breaks.
    enum Breaks {
        /// Kept (WordprocessingML turns them into `w:tab` and `w:br`).
        case keep
        /// Each becomes a space: one-line texts (a chart label), or HTML, where they are spaces
        /// anyway.
        case asSpaces
    }

    /// `text` with `& < > " '` escaped, so it is safe in element content and in quoted
    /// attributes, and without the characters XML 1.0 forbids or discourages (the C0 controls
    /// but tab, line feed and carriage return; the C1 controls; U+FFFE and U+FFFF).
    static func escaped(_ text: String, breaks: Breaks = .keep) -> String {
        // Most texts (ids, numbers, Chinese names) have nothing to escape or drop.
        if text.utf8.allSatisfy(isPlain) { return text }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r":
                if breaks == .keep { result.unicodeScalars.append(scalar) } else { result += " " }
            default:
                let value = scalar.value
                if value >= 0x20, !(0x7F...0x9F).contains(value), value != 0xFFFE, value != 0xFFFF {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// True for a UTF-8 byte that `escaped` keeps as it is wherever it occurs: printable ASCII
    /// but `& < > " '`, and the bytes of multi-byte characters, except 0xC2 (which begins the
    /// C1 controls) and 0xEF (which begins U+FFFE and U+FFFF).
    private static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): false
        case 0x20..<0x7F: true
        case 0x80...0xFF: byte != 0xC2 && byte != 0xEF
        default: false
        }
    }
}

/// Reads the shared string table, `xl/sharedStrings.xml`.
enum XLSXSharedStrings {
    /// The strings of the table, in order.
    ///
    /// Each `<si>` is the concatenation of its `<t>` elements, whether direct or in rich-text
    /// runs (`<r><t>`); phonetic guides (`<rPh>`, Japanese readings) are left out. Entities
    /// are replaced and CR LF becomes LF; Excel's `_x000D_` escapes are left as written.
    ///
    /// - Throws: `XLSXError` for malformed XML.
    static func parse(_ bytes: [UInt8], part: String, file: String) throws(XLSXError) -> [String] {
        try XLSXPartScanner.scan(bytes, part: part, file: file) { text, scanner throws(XLSXError) in
            var strings: [String] = []
            var buffer: [UInt8] = []
            var inItem = false
            var inText = false
            var phoneticDepth = 0
            while true {
                switch try scanner.next(in: text) {
                case .startElement:
                    if scanner.xml.localNameIs("si", in: text) {
                        inItem = true
                        buffer.removeAll(keepingCapacity: true)
                    } else if scanner.xml.localNameIs("sst", in: text) {
                        // Reserve what the table says it holds, within what its size allows.
                        if let count = scanner.xml.attribute("uniqueCount", in: text).flatMap({
                            XLSXDigits.integer(UnsafeBufferPointer(rebasing: text[$0.value]))
                        }) {
                            strings.reserveCapacity(min(count, text.count / 8))
                        }
                    } else if inItem && scanner.xml.localNameIs("t", in: text) {
                        inText = phoneticDepth == 0
                    } else if inItem && scanner.xml.localNameIs("rPh", in: text) {
                        phoneticDepth += 1
                    }
                case .text:
                    guard inText else { continue }
                    if scanner.xml.textIsLiteral {
                        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: text[scanner.xml.text]))
                    } else {
                        scanner.xml.appendText(in: text, to: &buffer)
                    }
                case .endElement:
                    if scanner.xml.localNameIs("t", in: text) {
                        inText = false
                    } else if scanner.xml.localNameIs("rPh", in: text) {
                        phoneticDepth -= 1
                    } else if scanner.xml.localNameIs("si", in: text) {
                        strings.append(String(decoding: buffer, as: UTF8.self))
                        inItem = false
                    }
                case .endOfDocument:
                    return strings
                }
            }
        }
    }
}

/// Why a part's XML cannot be read: the byte offset where the problem is, and what it is.
struct XMLSyntaxError: Error {
    /// Offset into the part's bytes; `XMLScanner.line(at:in:)` turns it into a line.
    let offset: Int
    /// The complete message, such as `malformed XML: unknown entity &nbsp;`.
    let message: String
}

/// What `XMLScanner.next(in:)` found.
enum XMLEvent {
    /// A start tag; its name and attributes are in the scanner. A self-closing tag (`<c/>`)
    /// is reported as a start followed by an end.
    case startElement
    /// An end tag, matched against its start tag; the scanner's name is the element's.
    case endElement
    /// Character data between tags (or a CDATA section); its range is the scanner's `text`.
    case text
    /// The end of the part, every element closed.
    case endOfDocument
}

/// One attribute of the current start tag, as ranges into the part's bytes.
struct XMLAttribute {
    /// The attribute's name, prefix included (`r:id`).
    var name: Range<Int>
    /// Where the name's local part begins (after `r:`; the name's start if unprefixed).
    var localNameStart: Int
    /// The value between the quotes, entities not yet replaced.
    var value: Range<Int>
    /// Whether the value holds an entity or a tab or line break, so must be decoded.
    var needsDecoding: Bool
}

/// A pull scanner for the XML in .xlsx parts, working on UTF-8 bytes.
///
/// It reads elements, attributes, character data, comments, CDATA sections and processing
/// instructions, and checks what malformed or hostile input would otherwise get past a reader:
/// tags must be closed and end tags must match their start tags, attributes need `name="value"`
/// syntax, only the five predefined entities and character references (`&#123;`,
/// `&#x4E2D;`) are known, and any `<!DOCTYPE` or `<!ENTITY` is refused, which rules out
/// entity expansion attacks. Namespaces are not resolved: callers match local names, so
/// `<x:c>` reads as `c`.
///
/// The bytes are passed to every call rather than stored (STYLE.md rule 3); a scanner must be
/// used with one buffer from start to end. Nothing is allocated per element except when the
/// element stack or attribute list outgrows its capacity.
///
/// - Complexity: O(n) in the part's size; about 350 MB/s on sheet XML (scanning alone, on
///   the 2-core machine it was written on; reading cells as well, about 200 MB/s).
struct XMLScanner {
    /// Where scanning resumes.
    private(set) var position: Int
    /// The current element's name, prefix included.
    private(set) var name: Range<Int> = 0..<0
    /// Where the current element's local name begins.
    private(set) var localNameStart = 0
    /// The current start tag's attributes: the first `attributeCount` of `attributeStorage`,
    /// which is overwritten rather than emptied from tag to tag.
    private var attributeStorage: [XMLAttribute] = []
    /// How many attributes the current start tag has.
    private(set) var attributeCount = 0
    /// The current character data.
    private(set) var text: Range<Int> = 0..<0
    /// Whether the current character data holds an entity or a carriage return.
    private(set) var textNeedsDecoding = false
    /// Whether the current character data is a CDATA section, taken literally.
    private(set) var textIsLiteral = false

    /// The names of the open elements, outermost first.
    private var openElements: [Range<Int>] = []
    /// Set after a self-closing tag: the next event is its end.
    private var selfClosingEndPending = false
    /// Whether the root element has started.
    private var sawRoot = false

    /// Starts scanning `bytes`, skipping a UTF-8 byte order mark.
    init(bytes: UnsafeBufferPointer<UInt8>) {
        position = TextDecoding.startsWithByteOrderMark(bytes) ? 3 : 0
        openElements.reserveCapacity(16)
        attributeStorage.reserveCapacity(8)
    }

    /// The current start tag's attributes, in the order written.
    var attributes: ArraySlice<XMLAttribute> { attributeStorage[0..<attributeCount] }

    /// The current start tag's attribute at `index`, 0..<attributeCount.
    @inline(__always)
    func attribute(at index: Int) -> XMLAttribute {
        precondition(index < attributeCount, "attribute index out of range")
        return attributeStorage[index]
    }

    /// How many elements are open; inside `<a><b>` it is 2, and 1 after `</b>`.
    var depth: Int { openElements.count }

    /// Whether the current element's local name is `literal`.
    @inline(__always)
    func localNameIs(_ literal: StaticString, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        Self.bytes(bytes, localNameStart..<name.upperBound, equal: literal)
    }

    /// The current start tag's attribute whose local name is `literal`, if any.
    func attribute(_ literal: StaticString, in bytes: UnsafeBufferPointer<UInt8>) -> XMLAttribute? {
        for index in 0..<attributeCount {
            let attribute = attributeStorage[index]
            if Self.bytes(bytes, attribute.localNameStart..<attribute.name.upperBound, equal: literal) {
                return attribute
            }
        }
        return nil
    }

    /// The current start tag's attribute whose full name, prefix included, is `literal`.
    func attribute(named literal: StaticString, in bytes: UnsafeBufferPointer<UInt8>) -> XMLAttribute? {
        for index in 0..<attributeCount where Self.bytes(bytes, attributeStorage[index].name, equal: literal)
        {
            return attributeStorage[index]
        }
        return nil
    }

    /// Reads up to the next event.
    ///
    /// - Parameter bytes: The part's bytes, the same buffer on every call.
    /// - Throws: `XMLSyntaxError` for malformed XML and for DOCTYPE and ENTITY declarations.
    mutating func next(in bytes: UnsafeBufferPointer<UInt8>) throws(XMLSyntaxError) -> XMLEvent {
        if selfClosingEndPending {
            selfClosingEndPending = false
            openElements.removeLast()
            return .endElement
        }
        let count = bytes.count
        var index = position
        while true {
            guard index < count else {
                position = index
                if let open = openElements.last {
                    throw Self.malformed(
                        at: open.lowerBound - 1,
                        "<\(Self.string(bytes, open))> is never closed (the part ends first)")
                }
                guard sawRoot else { throw Self.malformed(at: index, "the part has no root element") }
                return .endOfDocument
            }
            if bytes[index] != XMLByte.lessThan {
                let start = index
                var needsDecoding = false
                while index < count {
                    let byte = bytes[index]
                    if byte == XMLByte.lessThan { break }
                    if byte == XMLByte.ampersand || byte == XMLByte.carriageReturn { needsDecoding = true }
                    index += 1
                }
                if openElements.isEmpty {
                    // Only white space may stand outside the root element.
                    for offset in start..<index where !XMLByte.isSpace(bytes[offset]) {
                        throw Self.malformed(at: offset, "text outside the root element")
                    }
                    continue
                }
                if needsDecoding { try Self.checkEntities(bytes, start..<index) }
                text = start..<index
                textNeedsDecoding = needsDecoding
                textIsLiteral = false
                position = index
                return .text
            }
            guard index + 1 < count else { throw Self.malformed(at: index, "the part ends inside a tag") }
            switch bytes[index + 1] {
            case XMLByte.slash:
                try scanEndTag(bytes, at: index)
                return .endElement
            case XMLByte.question:
                index = try Self.skip(
                    past: "?>", in: bytes, from: index + 2, opening: index, what: "processing instruction")
            case XMLByte.exclamation:
                if Self.bytes(bytes, at: index, startWith: "<!--") {
                    index = try Self.skip(
                        past: "-->", in: bytes, from: index + 4, opening: index, what: "comment")
                } else if Self.bytes(bytes, at: index, startWith: "<![CDATA[") {
                    guard !openElements.isEmpty else {
                        throw Self.malformed(at: index, "CDATA outside the root element")
                    }
                    let start = index + 9
                    let end = try Self.skip(
                        past: "]]>", in: bytes, from: start, opening: index, what: "CDATA section")
                    text = start..<(end - 3)
                    textNeedsDecoding = false
                    textIsLiteral = true
                    position = end
                    return .text
                } else if Self.bytes(bytes, at: index, startWith: "<!DOCTYPE")
                    || Self.bytes(bytes, at: index, startWith: "<!ENTITY")
                {
                    throw XMLSyntaxError(
                        offset: index, message: "refuses XML entity declarations (<!DOCTYPE> or <!ENTITY>)")
                } else {
                    throw Self.malformed(at: index, "unexpected \"<!\"")
                }
            default:
                try scanStartTag(bytes, at: index)
                return .startElement
            }
        }
    }

    /// Reads the start tag at `start` (its `<`), leaving `position` after its `>`.
    private mutating func scanStartTag(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int)
        throws(XMLSyntaxError)
    {
        let count = bytes.count
        if sawRoot && openElements.isEmpty {
            throw Self.malformed(at: start, "a second root element")
        }
        let (nameEnd, local) = try Self.scanName(bytes, from: start + 1, isAttribute: false)
        guard nameEnd > start + 1 else { throw Self.malformed(at: start, "\"<\" not followed by a tag name") }
        var index = nameEnd
        let elementName = start + 1..<nameEnd
        attributeCount = 0
        var isSelfClosing = false
        while true {
            let spaceStart = index
            while index < count && XMLByte.isSpace(bytes[index]) { index += 1 }
            guard index < count else {
                throw Self.malformed(at: start, "<\(Self.string(bytes, elementName))> tag is never finished")
            }
            let byte = bytes[index]
            if byte == XMLByte.greaterThan {
                index += 1
                break
            }
            if byte == XMLByte.slash {
                guard index + 1 < count && bytes[index + 1] == XMLByte.greaterThan else {
                    throw Self.malformed(at: index, "\"/\" not followed by \">\" in a tag")
                }
                index += 2
                isSelfClosing = true
                break
            }
            guard index > spaceStart else {
                throw Self.malformed(
                    at: index, "bad attribute syntax: attributes must be separated by spaces")
            }
            index = try scanAttribute(bytes, at: index)
        }
        name = elementName
        localNameStart = local
        openElements.append(elementName)
        sawRoot = true
        selfClosingEndPending = isSelfClosing
        position = index
    }

    /// Reads the attribute at `start` and appends it; returns the index after its closing quote.
    private mutating func scanAttribute(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int)
        throws(XMLSyntaxError) -> Int
    {
        let count = bytes.count
        let (nameEnd, local) = try Self.scanName(bytes, from: start, isAttribute: true)
        guard nameEnd > start else {
            throw Self.malformed(at: start, "bad attribute syntax: unexpected \(Self.describe(bytes[start]))")
        }
        var index = nameEnd
        let attributeName = start..<nameEnd
        while index < count && XMLByte.isSpace(bytes[index]) { index += 1 }
        guard index < count && bytes[index] == XMLByte.equals else {
            throw Self.malformed(
                at: start, "bad attribute syntax: \(Self.string(bytes, attributeName)) has no \"=\" and value"
            )
        }
        index += 1
        while index < count && XMLByte.isSpace(bytes[index]) { index += 1 }
        guard index < count, bytes[index] == XMLByte.quote || bytes[index] == XMLByte.apostrophe else {
            throw Self.malformed(
                at: start,
                "bad attribute syntax: the value of \(Self.string(bytes, attributeName)) is not in quotes")
        }
        let quote = bytes[index]
        index += 1
        let valueStart = index
        var needsDecoding = false
        while index < count {
            let byte = bytes[index]
            if byte == quote { break }
            if byte == XMLByte.lessThan {
                throw Self.malformed(at: index, "bad attribute syntax: \"<\" inside an attribute value")
            }
            if byte == XMLByte.ampersand || byte < XMLByte.space { needsDecoding = true }
            index += 1
        }
        guard index < count else {
            throw Self.malformed(
                at: start,
                "bad attribute syntax: the value of \(Self.string(bytes, attributeName)) is never closed")
        }
        if needsDecoding { try Self.checkEntities(bytes, valueStart..<index) }
        let attribute = XMLAttribute(
            name: attributeName, localNameStart: local, value: valueStart..<index,
            needsDecoding: needsDecoding)
        if attributeCount < attributeStorage.count {
            attributeStorage[attributeCount] = attribute
        } else {
            attributeStorage.append(attribute)
        }
        attributeCount += 1
        return index + 1
    }

    /// Reads the end tag at `start` (its `<`) and checks it against the open element.
    private mutating func scanEndTag(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int)
        throws(XMLSyntaxError)
    {
        let count = bytes.count
        let (nameEnd, local) = try Self.scanName(bytes, from: start + 2, isAttribute: false)
        var index = nameEnd
        let endName = start + 2..<nameEnd
        while index < count && XMLByte.isSpace(bytes[index]) { index += 1 }
        guard index < count && bytes[index] == XMLByte.greaterThan else {
            throw Self.malformed(at: start, "malformed end tag </\(Self.string(bytes, endName))")
        }
        guard let open = openElements.last else {
            throw Self.malformed(at: start, "end tag </\(Self.string(bytes, endName))> without a start tag")
        }
        guard open.count == endName.count, Self.bytes(bytes, open, equal: endName) else {
            let line = Self.line(at: open.lowerBound, in: bytes)
            throw Self.malformed(
                at: start,
                "end tag </\(Self.string(bytes, endName))> does not match <\(Self.string(bytes, open))> on line \(line)"
            )
        }
        openElements.removeLast()
        name = endName
        localNameStart = local
        position = index + 1
    }

    // MARK: - Decoding

    /// Appends the current character data, decoded, to `buffer`.
    func appendText(in bytes: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) {
        if textNeedsDecoding {
            Self.decode(bytes, text, isAttribute: false, into: &buffer)
        } else {
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[text]))
        }
    }

    /// An attribute's value as a string, entities replaced and white space normalised.
    static func value(of attribute: XMLAttribute, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        if attribute.needsDecoding {
            var decoded: [UInt8] = []
            decode(bytes, attribute.value, isAttribute: true, into: &decoded)
            return String(decoding: decoded, as: UTF8.self)
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[attribute.value]), as: UTF8.self)
    }

    /// Appends `range` of `bytes` to `output` with entities and character references replaced
    /// (they were checked while scanning) and line ends normalised: CR LF and lone CR become
    /// LF; in attribute values tabs and line ends become spaces, as XML 1.0 §3.3.3 says.
    static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, isAttribute: Bool,
        into output: inout [UInt8]
    ) {
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            let byte = bytes[index]
            if byte == XMLByte.ampersand {
                var semicolon = index + 1
                while semicolon < end && bytes[semicolon] != XMLByte.semicolon { semicolon += 1 }
                if let scalar = entityValue(bytes, index + 1..<semicolon) {
                    appendUTF8(scalar, to: &output)
                }
                index = semicolon + 1
                continue
            }
            if byte == XMLByte.carriageReturn {
                output.append(isAttribute ? XMLByte.space : XMLByte.lineFeed)
                if index + 1 < end && bytes[index + 1] == XMLByte.lineFeed { index += 1 }
            } else if isAttribute && (byte == XMLByte.tab || byte == XMLByte.lineFeed) {
                output.append(XMLByte.space)
            } else {
                output.append(byte)
            }
            index += 1
        }
    }

    /// Checks every `&...;` in `range`: the five predefined entities and character references
    /// to characters XML allows.
    private static func checkEntities(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>)
        throws(XMLSyntaxError)
    {
        var index = range.lowerBound
        while index < range.upperBound {
            guard bytes[index] == XMLByte.ampersand else {
                index += 1
                continue
            }
            var semicolon = index + 1
            // Longest legal reference: &#x10FFFF; is 10 bytes; allow a little more for the message.
            while semicolon < range.upperBound && semicolon - index <= 32
                && bytes[semicolon] != XMLByte.semicolon
            {
                semicolon += 1
            }
            guard semicolon < range.upperBound && bytes[semicolon] == XMLByte.semicolon else {
                throw malformed(at: index, "\"&\" that does not start an entity (write &amp;)")
            }
            guard entityValue(bytes, index + 1..<semicolon) != nil else {
                let entity = XLSXMessage.quoted(UnsafeBufferPointer(rebasing: bytes[index...semicolon]))
                throw malformed(at: index, "unknown entity \(entity)")
            }
            index = semicolon + 1
        }
    }

    /// The character an entity name (between `&` and `;`) stands for, or nil if unknown or
    /// not a character XML allows.
    private static func entityValue(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Unicode
        .Scalar?
    {
        if Self.bytes(bytes, range, equal: "lt") { return "<" }
        if Self.bytes(bytes, range, equal: "gt") { return ">" }
        if Self.bytes(bytes, range, equal: "amp") { return "&" }
        if Self.bytes(bytes, range, equal: "quot") { return "\"" }
        if Self.bytes(bytes, range, equal: "apos") { return "'" }
        guard range.count >= 2, bytes[range.lowerBound] == XMLByte.hash else { return nil }
        var index = range.lowerBound + 1
        var radix: UInt32 = 10
        if bytes[index] == UInt8(ascii: "x") {
            radix = 16
            index += 1
        }
        guard index < range.upperBound else { return nil }
        var value: UInt32 = 0
        while index < range.upperBound {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16:
                digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16:
                digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value * radix + digit
            guard value <= 0x10FFFF else { return nil }
            index += 1
        }
        // XML 1.0 Char: tab, LF, CR, and U+0020 upwards except surrogates, U+FFFE and U+FFFF.
        guard value == 0x9 || value == 0xA || value == 0xD || value >= 0x20,
            value != 0xFFFE, value != 0xFFFF
        else { return nil }
        return Unicode.Scalar(value)
    }

    /// Appends `scalar`'s UTF-8 encoding.
    private static func appendUTF8(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        output.append(contentsOf: scalar.utf8)
    }

    // MARK: - Helpers

    /// The 1-based line of byte `offset`.
    static func line(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1
        for index in 0..<min(max(offset, 0), bytes.count) where bytes[index] == XMLByte.lineFeed {
            line += 1
        }
        return line
    }

    /// Whether `bytes[range]` spells `literal`.
    static func bytes(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, equal literal: StaticString)
        -> Bool
    {
        let length = literal.utf8CodeUnitCount
        guard range.count == length else { return false }
        let pointer = literal.utf8Start
        var offset = 0
        while offset < length {
            if bytes[range.lowerBound + offset] != pointer[offset] { return false }
            offset += 1
        }
        return true
    }

    /// Whether two ranges of `bytes` of equal length hold the same bytes.
    private static func bytes(
        _ bytes: UnsafeBufferPointer<UInt8>, _ first: Range<Int>, equal second: Range<Int>
    ) -> Bool {
        var offset = 0
        while offset < first.count {
            if bytes[first.lowerBound + offset] != bytes[second.lowerBound + offset] { return false }
            offset += 1
        }
        return true
    }

    /// Whether `bytes` at `index` start with `literal`.
    private static func bytes(
        _ bytes: UnsafeBufferPointer<UInt8>, at index: Int, startWith literal: StaticString
    ) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard index + length <= bytes.count else { return false }
        return Self.bytes(bytes, index..<index + length, equal: literal)
    }

    /// The index just past the first `terminator` at or after `start`.
    private static func skip(
        past terminator: StaticString, in bytes: UnsafeBufferPointer<UInt8>, from start: Int, opening: Int,
        what: String
    ) throws(XMLSyntaxError) -> Int {
        let length = terminator.utf8CodeUnitCount
        let first = terminator.utf8Start[0]
        var index = start
        while index + length <= bytes.count {
            if bytes[index] == first && Self.bytes(bytes, index..<index + length, equal: terminator) {
                return index + length
            }
            index += 1
        }
        throw malformed(at: opening, "\(what) is never closed")
    }

    /// Scans a name starting at `start`: returns where it ends (white space, `/`, `>`, and
    /// for attributes `=`) and where its local part starts (after the last `:`).
    ///
    /// - Throws: `XMLSyntaxError` for a character that cannot be in a name and would confuse
    ///   the scan: `<`, quotes, `&`, or `=` in an element name.
    @inline(__always)
    private static func scanName(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, isAttribute: Bool
    ) throws(XMLSyntaxError) -> (end: Int, localStart: Int) {
        var index = start
        var local = start
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            // Letters and everything above them, the usual case, are name characters.
            if byte >= UInt8(ascii: "A") {
                index += 1
                continue
            }
            if XMLByte.endsName(byte) || (isAttribute && byte == XMLByte.equals) { break }
            switch byte {
            case XMLByte.colon:
                local = index + 1
            case XMLByte.lessThan, XMLByte.quote, XMLByte.apostrophe, XMLByte.ampersand, XMLByte.equals:
                throw malformed(at: index, "unexpected \(describe(byte)) in a name")
            default:
                break
            }
            index += 1
        }
        return (index, local)
    }

    /// A short description of a byte for messages: `"<"`, or `byte 0x01`.
    private static func describe(_ byte: UInt8) -> String {
        byte >= 0x21 && byte < 0x7F
            ? "\"\(Character(Unicode.Scalar(byte)))\"" : "byte 0x\(String(byte, radix: 16))"
    }

    /// A name for a message, cut to 24 characters.
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        return text.count > XLSXMessage.quotedLength ? text.prefix(XLSXMessage.quotedLength) + "…" : text
    }

    /// A malformed-XML error at `offset`.
    private static func malformed(at offset: Int, _ message: String) -> XMLSyntaxError {
        XMLSyntaxError(offset: offset, message: "malformed XML: \(message)")
    }
}

/// Byte values the XML scanner compares against.
enum XMLByte {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let exclamation = UInt8(ascii: "!")
    static let quote = UInt8(ascii: "\"")
    static let hash = UInt8(ascii: "#")
    static let ampersand = UInt8(ascii: "&")
    static let apostrophe = UInt8(ascii: "'")
    static let slash = UInt8(ascii: "/")
    static let colon = UInt8(ascii: ":")
    static let semicolon = UInt8(ascii: ";")
    static let lessThan = UInt8(ascii: "<")
    static let equals = UInt8(ascii: "=")
    static let greaterThan = UInt8(ascii: ">")
    static let question = UInt8(ascii: "?")

    /// XML white space: space, tab, CR, LF.
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == space || byte == lineFeed || byte == carriageReturn || byte == tab
    }

    /// Whether `byte` ends a tag or attribute name: white space, `/`, `>`.
    @inline(__always)
    static func endsName(_ byte: UInt8) -> Bool {
        byte <= space || byte == slash || byte == greaterThan
    }
}

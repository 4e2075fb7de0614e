/// Parses the part of YAML that programme and course files are written in, byte by byte, into
/// the nodes Yams would compose from them (the same strings, scalar styles, lines and columns),
/// and declines everything else, which is then left to Yams (`YAMLDocument`), so that every
/// syntax error is still reported in Yams' words.
///
/// The subset: one document whose root is a block mapping; block mappings and block sequences,
/// also a sequence at its key's indentation and entries that open a mapping (`- id: CO1`);
/// flow sequences `[a, b]` and flow mappings `{a: 1}` that close on their line; plain scalars
/// on one line; single-quoted scalars, and double-quoted ones without escapes, on one line;
/// comments; spaces for indentation; LF line ends.
///
/// Declined (nil), whether valid or not: anchors, aliases, tags, block scalars (`|`, `>`),
/// scalars over several lines, explicit keys (`?`), keys or entries without a value, duplicate
/// keys, document markers and directives, tabs, CR and other line breaks, control characters,
/// byte order marks and non-characters, and whatever libyaml rejects.
struct YAMLSubsetParser {
    /// Why a text is declined; the reason is not needed, only that Yams is to read it.
    private struct Declined: Error {}

    /// The document's UTF-8 bytes.
    private let text: [UInt8]
    /// The byte being looked at.
    private var index = 0
    /// The 1-based line of `index`.
    private var line = 1
    /// The offset of the first byte of `line`.
    private var lineStart = 0
    /// The number of spaces that indent `line`.
    private var indent = 0
    /// A position of the current line whose column is known, so that columns are counted
    /// from there rather than from the line's start.
    private var knownColumn = (index: 0, column: 1)
    /// How many collections are open; deeper nesting than `maximumDepth` is declined, so that
    /// no text can exhaust the stack of this recursive parser.
    private var depth = 0
    private static let maximumDepth = 64

    private init(text: [UInt8]) {
        self.text = text
    }

    /// The document's root node, or nil when the text is outside the subset.
    /// - Parameter text: the file's text as valid UTF-8 without a byte order mark.
    /// - Complexity: O(n) in the length of the text.
    static func parse(_ text: [UInt8]) -> YAMLNode? {
        guard hasOnlySubsetCharacters(text) else { return nil }
        var parser = YAMLSubsetParser(text: text)
        return try? parser.document()
    }

    /// Whether the text is free of what the subset leaves to Yams at the level of characters:
    /// control characters (tab and CR included), C1 controls and the line breaks NEL, LS and
    /// PS, byte order marks, the non-characters U+FFFE and U+FFFF, and lines that start with
    /// a document marker (`---`, `...`) or a directive (`%`).
    private static func hasOnlySubsetCharacters(_ text: [UInt8]) -> Bool {
        text.withUnsafeBufferPointer { bytes in
            let count = bytes.count
            /// Whether a line may start at `start`: not with a directive or a document marker.
            func isPlainLineStart(_ start: Int) -> Bool {
                guard start < count else { return true }
                let byte = bytes[start]
                if byte == Byte.percent { return false }
                return !((byte == Byte.minus || byte == Byte.period) && start + 2 < count
                    && bytes[start + 1] == byte && bytes[start + 2] == byte)
            }
            guard isPlainLineStart(0) else { return false }
            var index = 0
            while index < count {
                let byte = bytes[index]
                index += 1
                if byte >= 0x20 && byte < 0x7F { continue }  // printable ASCII, the usual byte
                if byte == Byte.lineFeed {
                    guard isPlainLineStart(index) else { return false }
                    continue
                }
                if byte < 0x80 { return false }  // control characters, tab and CR included, and DEL
                // `index` is past a lead byte of valid UTF-8; look at its continuation bytes.
                let next = index < count ? bytes[index] : 0
                let last = index + 1 < count ? bytes[index + 1] : 0
                if byte == 0xC2 && next < 0xA0 { return false }  // U+0080...U+009F, NEL among them
                if byte == 0xE2 && next == 0x80 && (last == 0xA8 || last == 0xA9) { return false }  // LS, PS
                if byte == 0xEF && next == 0xBB && last == 0xBF { return false }  // U+FEFF
                if byte == 0xEF && next == 0xBF && last >= 0xBE { return false }  // U+FFFE, U+FFFF
            }
            return true
        }
    }

    // MARK: Block structure

    /// The root: a block mapping, then nothing but comments and blank lines.
    private mutating func document() throws(Declined) -> YAMLNode {
        guard skipToContent(), !isBlockEntry else { throw Declined() }
        let root = try blockMapping(column: indent)
        guard isAtEnd else { throw Declined() }
        return root
    }

    /// A block mapping whose keys stand at `column`; `index` is at its first key, or, when a
    /// sequence entry has read that key already (`first`), after it. Ends at the first content
    /// line indented less, or at the end of the text.
    private mutating func blockMapping(
        column: Int, first: (key: YAMLNode, mark: YAMLMark)? = nil
    ) throws(Declined) -> YAMLNode {
        try enterCollection()
        defer { depth -= 1 }
        let mark = first?.mark ?? self.mark
        var firstKey = first?.key
        var pairs: [YAMLPair] = []
        pairs.reserveCapacity(8)
        while true {
            let key: YAMLNode
            if let read = firstKey {
                key = read
                firstKey = nil
            } else {
                key = try blockKey()
            }
            skipSpaces()
            let value: YAMLNode
            if isAtLineEnd || byte == Byte.hash {
                // The value is a block collection on the lines below.
                try finishLine()
                guard !isAtEnd else { throw Declined() }
                if indent > column {
                    value = isBlockEntry ? try blockSequence(column: indent) : try blockMapping(column: indent)
                } else if indent == column && isBlockEntry {
                    value = try blockSequence(column: column)
                } else {
                    throw Declined()  // no value
                }
            } else {
                value = try inlineValue(inFlow: false)
                try finishLine()
            }
            pairs.append(YAMLPair(key: key, value: value))
            if isAtEnd || indent < column { break }
            // Deeper lines would continue a plain scalar over several lines or be errors; a
            // `-` entry at the keys' column is an error.
            guard indent == column, !isBlockEntry else { throw Declined() }
        }
        try checkUniqueKeys(pairs)
        return .mapping(YAMLMapping(pairs: pairs, mark: mark))
    }

    /// A block sequence whose `-` stand at `column`; `index` is at the first `-`. Ends at the
    /// first content line indented less or that is not an entry, or at the end of the text.
    private mutating func blockSequence(column: Int) throws(Declined) -> YAMLNode {
        try enterCollection()
        defer { depth -= 1 }
        let mark = self.mark
        var nodes: [YAMLNode] = []
        while true {
            index += 1  // the `-`
            skipSpaces()
            // An empty entry, a nested entry on the same line (`- - a`) or a value on the lines below.
            guard !isAtLineEnd, byte != Byte.hash, !isBlockEntry else { throw Declined() }
            // A key and its `:` open a mapping; read once, and handed to it.
            let keyColumn = index - lineStart
            let keyMark = self.mark
            let saved = (index, line, lineStart, indent)
            if let key = try? blockKey() {
                nodes.append(try blockMapping(column: keyColumn, first: (key, keyMark)))
            } else {
                (index, line, lineStart, indent) = saved
                nodes.append(try inlineValue(inFlow: false))
                try finishLine()
            }
            if isAtEnd || indent < column { break }
            guard indent == column else { throw Declined() }
            if !isBlockEntry { break }  // the next key of a mapping at the same column
        }
        return .sequence(YAMLSequence(nodes: nodes, mark: mark))
    }

    /// A key of a block mapping, a plain or quoted scalar on one line, and its `:` (followed
    /// by a space or the line end); `index` ends after the `:`.
    private mutating func blockKey() throws(Declined) -> YAMLNode {
        let start = index
        let key = try scalar(inFlow: false)
        skipSpaces()  // after a quoted key; a plain one ends after its spaces
        // libyaml looks no further than 1024 characters for a key's `:`.
        guard index - start < 1000, byte == Byte.colon, isBlank(at: index + 1) else { throw Declined() }
        index += 1
        return key
    }

    /// A scalar or flow collection that starts at `index`, on the current line: a block
    /// mapping's value or a block sequence's entry, or (`inFlow`) one inside a flow collection.
    private mutating func inlineValue(inFlow: Bool) throws(Declined) -> YAMLNode {
        switch byte {
        case Byte.openBracket: return try flowSequence()
        case Byte.openBrace: return try flowMapping()
        default: return try scalar(inFlow: inFlow)
        }
    }

    /// After a line's content: spaces, an optional comment and the line end; then moves to the
    /// next content line.
    private mutating func finishLine() throws(Declined) {
        skipSpaces()
        if byte == Byte.hash {
            while !isAtLineEnd { index += 1 }
        }
        guard isAtLineEnd else { throw Declined() }
        if index < text.count {
            index += 1
            line += 1
            lineStart = index
        }
        _ = skipToContent()
    }

    /// Moves from the start of a line past blank and comment-only lines to the first content
    /// character of the next content line, setting `indent`.
    /// - Returns: false at the end of the text.
    private mutating func skipToContent() -> Bool {
        while index < text.count {
            lineStart = index
            while index < text.count && text[index] == Byte.space { index += 1 }
            indent = index - lineStart
            if index < text.count && text[index] != Byte.lineFeed && text[index] != Byte.hash { return true }
            while index < text.count && text[index] != Byte.lineFeed { index += 1 }
            if index < text.count {
                index += 1
                line += 1
            }
        }
        lineStart = index
        indent = 0
        return false
    }

    // MARK: Flow collections

    /// `[a, b]`, closed on the same line; `index` is at the `[`.
    private mutating func flowSequence() throws(Declined) -> YAMLNode {
        try enterCollection()
        defer { depth -= 1 }
        let mark = self.mark
        index += 1
        skipSpaces()
        var nodes: [YAMLNode] = []
        if byte == Byte.closeBracket {
            index += 1
            return .sequence(YAMLSequence(nodes: nodes, mark: mark))
        }
        while true {
            nodes.append(try inlineValue(inFlow: true))
            skipSpaces()
            if byte == Byte.closeBracket {
                index += 1
                return .sequence(YAMLSequence(nodes: nodes, mark: mark))
            }
            // A `:` here would make a single-pair mapping; a comment or the line end, a
            // collection over several lines.
            guard byte == Byte.comma else { throw Declined() }
            index += 1
            skipSpaces()
            guard byte != Byte.closeBracket else { throw Declined() }  // a trailing comma
        }
    }

    /// `{a: 1, b: 2}`, closed on the same line; `index` is at the `{`.
    private mutating func flowMapping() throws(Declined) -> YAMLNode {
        try enterCollection()
        defer { depth -= 1 }
        let mark = self.mark
        index += 1
        skipSpaces()
        var pairs: [YAMLPair] = []
        pairs.reserveCapacity(8)
        if byte == Byte.closeBrace {
            index += 1
            return .mapping(YAMLMapping(pairs: pairs, mark: mark))
        }
        while true {
            let key = try scalar(inFlow: true)
            skipSpaces()
            guard byte == Byte.colon else { throw Declined() }  // a key without a value
            index += 1
            skipSpaces()
            guard byte != Byte.comma && byte != Byte.closeBrace else { throw Declined() }  // an empty value
            pairs.append(YAMLPair(key: key, value: try inlineValue(inFlow: true)))
            skipSpaces()
            if byte == Byte.closeBrace {
                index += 1
                break
            }
            guard byte == Byte.comma else { throw Declined() }
            index += 1
            skipSpaces()
            guard byte != Byte.closeBrace else { throw Declined() }  // a trailing comma
        }
        try checkUniqueKeys(pairs)
        return .mapping(YAMLMapping(pairs: pairs, mark: mark))
    }

    // MARK: Scalars

    /// A quoted or plain scalar that starts at `index`, on the current line; `inFlow`: inside
    /// a flow collection, where `,[]{}` end a plain scalar.
    private mutating func scalar(inFlow: Bool) throws(Declined) -> YAMLNode {
        switch byte {
        case Byte.singleQuote, Byte.doubleQuote: return try quotedScalar()
        default:
            guard startsPlainScalar() else { throw Declined() }
            return try plainScalar(inFlow: inFlow)
        }
    }

    /// Whether a plain scalar may start at `index`, in a block or a flow collection (libyaml's
    /// rule, made stricter: `?` and `:` never start one, nor does `-` before a line end): not at
    /// the line end, not with an indicator, except `-` before a non-blank.
    private func startsPlainScalar() -> Bool {
        guard !isAtLineEnd else { return false }
        switch byte {
        case Byte.minus: return !isBlank(at: index + 1)
        case Byte.question, Byte.colon, Byte.comma, Byte.openBracket, Byte.closeBracket, Byte.openBrace,
            Byte.closeBrace, Byte.hash, Byte.ampersand, Byte.asterisk, Byte.exclamation, Byte.bar, Byte.greater,
            Byte.singleQuote, Byte.doubleQuote, Byte.percent, Byte.at, Byte.backquote, Byte.space:
            return false
        default: return true
        }
    }

    /// A plain scalar on the current line. It ends at the line end, at a comment (` #`), at
    /// `:` before a blank, and in a flow collection at `,[]{}`; spaces before the end are not
    /// part of it. `index` ends at the end (after any spaces).
    private mutating func plainScalar(inFlow: Bool) throws(Declined) -> YAMLNode {
        let mark = self.mark
        let start = index
        var end = index
        words: while true {
            // A word: up to a blank.
            while !isAtLineEnd && byte != Byte.space {
                let current = byte
                if current == Byte.colon {
                    if isBlank(at: index + 1) { break words }
                    if inFlow && Self.endsFlowPlainScalar(at: index + 1, in: text) { throw Declined() }  // libyaml: "found unexpected ':'"
                } else if inFlow && (current == Byte.comma || current == Byte.openBracket || current == Byte.closeBracket
                    || current == Byte.openBrace || current == Byte.closeBrace)
                {
                    break words
                }
                index += 1
                end = index
            }
            skipSpaces()
            if isAtLineEnd || byte == Byte.hash { break }
        }
        return .scalar(YAMLScalar(string: String(decoding: text[start..<end], as: UTF8.self), style: .plain, mark: mark))
    }

    /// Whether the byte at `position` is one of `,?[]{}`, which libyaml refuses after a `:`
    /// inside a flow plain scalar.
    private static func endsFlowPlainScalar(at position: Int, in text: [UInt8]) -> Bool {
        guard position < text.count else { return false }
        switch text[position] {
        case Byte.comma, Byte.question, Byte.openBracket, Byte.closeBracket, Byte.openBrace, Byte.closeBrace: return true
        default: return false
        }
    }

    /// A single-quoted scalar (`''` for a quote) or a double-quoted one without escapes, closed
    /// on the same line; `index` is at the opening quote and ends after the closing one.
    private mutating func quotedScalar() throws(Declined) -> YAMLNode {
        let mark = self.mark
        let quote = byte
        index += 1
        var value: [UInt8] = []
        while true {
            guard !isAtLineEnd else { throw Declined() }
            let current = byte
            if current == quote {
                if quote == Byte.singleQuote && index + 1 < text.count && text[index + 1] == Byte.singleQuote {
                    value.append(Byte.singleQuote)
                    index += 2
                    continue
                }
                index += 1
                break
            }
            guard current != Byte.backslash || quote == Byte.singleQuote else { throw Declined() }
            value.append(current)
            index += 1
        }
        return .scalar(YAMLScalar(
            string: String(decoding: value, as: UTF8.self),
            style: quote == Byte.singleQuote ? .singleQuoted : .doubleQuoted, mark: mark))
    }

    /// Counts a collection as open; throws when that is one too many.
    private mutating func enterCollection() throws(Declined) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw Declined() }
    }

    /// Throws when two keys of a mapping have the same text (Yams refuses the file).
    private func checkUniqueKeys(_ pairs: [YAMLPair]) throws(Declined) {
        // Keys are scalars in the subset. Mappings are small: up to 16 keys, comparing each key
        // with those before it is quicker than hashing (and needs no list of the keys).
        if pairs.count > 16 {
            var keys = Set<String>(minimumCapacity: pairs.count)
            for pair in pairs {
                guard case .scalar(let key) = pair.key, keys.insert(key.string).inserted else { throw Declined() }
            }
            return
        }
        for index in pairs.indices {
            guard case .scalar(let key) = pairs[index].key else { throw Declined() }
            for earlier in 0..<index {
                if case .scalar(let other) = pairs[earlier].key, other.string == key.string { throw Declined() }
            }
        }
    }

    // MARK: Bytes and positions

    /// The byte at `index`, or a line feed at the end of the text.
    private var byte: UInt8 { index < text.count ? text[index] : Byte.lineFeed }

    private var isAtEnd: Bool { index >= text.count }

    private var isAtLineEnd: Bool { index >= text.count || text[index] == Byte.lineFeed }

    /// Whether `index` is at a block sequence entry: `-` before a space or the line end.
    private var isBlockEntry: Bool { byte == Byte.minus && isBlank(at: index + 1) }

    /// Whether the byte at `position` is a space or a line end (or past the end).
    private func isBlank(at position: Int) -> Bool {
        position >= text.count || text[position] == Byte.space || text[position] == Byte.lineFeed
    }

    private mutating func skipSpaces() {
        while index < text.count && text[index] == Byte.space { index += 1 }
    }

    /// The position of `index`, its column counted in Unicode scalars as libyaml does.
    private var mark: YAMLMark {
        mutating get {
            if knownColumn.index < lineStart || knownColumn.index > index { knownColumn = (lineStart, 1) }
            var column = knownColumn.column
            for position in knownColumn.index..<index where text[position] & 0xC0 != 0x80 { column += 1 }
            knownColumn = (index, column)
            return YAMLMark(line: line, column: column)
        }
    }
}

/// The bytes YAML's syntax is made of.
private enum Byte {
    static let lineFeed = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let exclamation = UInt8(ascii: "!")
    static let doubleQuote = UInt8(ascii: "\"")
    static let hash = UInt8(ascii: "#")
    static let percent = UInt8(ascii: "%")
    static let ampersand = UInt8(ascii: "&")
    static let singleQuote = UInt8(ascii: "'")
    static let asterisk = UInt8(ascii: "*")
    static let comma = UInt8(ascii: ",")
    static let minus = UInt8(ascii: "-")
    static let period = UInt8(ascii: ".")
    static let colon = UInt8(ascii: ":")
    static let greater = UInt8(ascii: ">")
    static let question = UInt8(ascii: "?")
    static let at = UInt8(ascii: "@")
    static let openBracket = UInt8(ascii: "[")
    static let backslash = UInt8(ascii: "\\")
    static let closeBracket = UInt8(ascii: "]")
    static let backquote = UInt8(ascii: "`")
    static let openBrace = UInt8(ascii: "{")
    static let bar = UInt8(ascii: "|")
    static let closeBrace = UInt8(ascii: "}")
}

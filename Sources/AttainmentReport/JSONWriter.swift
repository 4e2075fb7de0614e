import AttainmentIO

/// Writes a JSON document straight into bytes, laid out as `JSONValue.serialized()` lays it out
/// (two-space indentation, one member or element a line, `[]` and `{}` when empty, a final
/// newline), except that a short container of plain values (at most `oneLineAtMost` numbers,
/// strings, booleans or nulls) goes on one line: `{"CO1": 0.8, "CO2": 0.75}`, `["GR1", "GR2"]`.
/// One student's values are then one line, and results.json a quarter smaller. `JSONValue` is
/// written through it, and so can be mixed with streamed parts: a large document (results.json's
/// per-student values) needs no tree of its own.
///
/// Call `key(_:)` before each member of an object, then write its value; write the elements of
/// an array one after another; `finish()` returns the bytes.
struct JSONWriter {
    private var out: TextBuffer
    /// Containers open around the current position.
    private var depth = 0
    /// True until the open container has its first member or element.
    private var atContainerStart = false
    /// True when the next value is a member's (after `key`) or the document itself.
    private var afterKey = true
    /// True inside a container written on one line (which holds no container).
    private var oneLine = false

    /// The most members or elements a container of plain values has to go on one line.
    static let oneLineAtMost = 32

    /// A writer with room for `capacity` bytes.
    init(capacity: Int = 4096) {
        out = TextBuffer(capacity: capacity)
    }

    /// The document's bytes, with the final newline.
    /// - Precondition: every container is closed.
    consuming func finish() -> [UInt8] {
        precondition(depth == 0, "an open JSON container")
        out.append(ascii: UInt8(ascii: "\n"))
        return out.bytes
    }

    // MARK: Containers

    /// Opens an object; `oneLine` writes it on one line, for an object whose members are all
    /// plain values (at most `oneLineAtMost` of them, by the layout's rule).
    mutating func beginObject(oneLine: Bool = false) { begin(UInt8(ascii: "{"), oneLine: oneLine) }
    mutating func endObject() { end(UInt8(ascii: "}")) }
    /// Opens an array; `oneLine` as for `beginObject`.
    mutating func beginArray(oneLine: Bool = false) { begin(UInt8(ascii: "["), oneLine: oneLine) }
    mutating func endArray() { end(UInt8(ascii: "]")) }

    /// Starts an object's member named `name`; its value comes next.
    mutating func key(_ name: String) {
        startLine()
        writeString(name, closingWith: "\": ")
        afterKey = true
    }

    /// A member with a value built as a tree.
    mutating func member(_ name: String, _ value: JSONValue) {
        key(name)
        write(value)
    }

    // MARK: Values

    mutating func null() {
        startValue()
        out.append("null")
    }

    mutating func bool(_ value: Bool) {
        startValue()
        out.append(value ? "true" : "false")
    }

    mutating func integer(_ value: Int) {
        startValue()
        out.append(value)
    }

    /// A number as Swift prints it (the shortest text that reads back as the same double);
    /// null for nil or a value that is not finite.
    mutating func number(_ value: Double?) {
        startValue()
        if let value, value.isFinite { out.append(shortest: value) } else { out.append("null") }
    }

    /// An object of numbers, one a name: `names.names[i]`'s is `value(i)`, written as
    /// `number(_:)` writes it. The names are laid out once (`NumberNames`), for an object
    /// written once per student.
    mutating func numbers(named names: NumberNames, _ value: (Int) -> Double?) {
        guard let pieces = names.oneLinePieces else {
            beginObject(oneLine: false)
            for (index, name) in names.names.enumerated() {
                key(name)
                number(value(index))
            }
            endObject()
            return
        }
        // What beginObject, key, number and endObject write on one line, a piece at a time.
        precondition(!oneLine, "a container inside a container written on one line")
        startValue()
        for index in pieces.indices {
            pieces[index].withUnsafeBufferPointer { out.append(utf8: $0) }
            if let number = value(index), number.isFinite { out.append(shortest: number) } else { out.append("null") }
        }
        out.append(ascii: UInt8(ascii: "}"))
        atContainerStart = false
    }

    /// The names of an object of numbers (`numbers(named:_:)`), with what goes before each
    /// value laid out once when the object goes on one line: `{"CO1": `, then `, "CO2": `.
    struct NumberNames {
        let names: [String]
        /// Before each value: the brace or the comma, and the quoted name with its colon;
        /// nil when the object does not go on one line (no names, or more than
        /// `oneLineAtMost`).
        let oneLinePieces: [[UInt8]]?

        init(_ names: [String]) {
            self.names = names
            guard JSONWriter.fitsOneLine(count: names.count) else {
                oneLinePieces = nil
                return
            }
            oneLinePieces = names.indices.map { index in
                var piece = TextBuffer(capacity: names[index].utf8.count + 6)
                piece.append(index == 0 ? "{" : ", ")
                JSONWriter.appendQuoted(names[index], closingWith: "\": ", to: &piece)
                return piece.bytes
            }
        }
    }

    mutating func string(_ value: String) {
        startValue()
        writeString(value)
    }

    /// An array of strings, written as the tree `.array(values.map(JSONValue.string))` would be.
    mutating func strings(_ values: [String]) {
        beginArray(oneLine: Self.fitsOneLine(count: values.count))
        for value in values { string(value) }
        endArray()
    }

    /// A value built as a tree.
    mutating func write(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .integer(let integer): self.integer(integer)
        case .number(let number): self.number(number)
        case .string(let text): string(text)
        case .array(let values):
            beginArray(oneLine: Self.fitsOneLine(values))
            for element in values { write(element) }
            endArray()
        case .object(let members):
            beginObject(oneLine: Self.fitsOneLine(members.lazy.map(\.1)))
            for (name, member) in members { self.member(name, member) }
            endObject()
        }
    }

    /// Whether a container of `count` plain values goes on one line: one to `oneLineAtMost`.
    static func fitsOneLine(count: Int) -> Bool { count > 0 && count <= oneLineAtMost }

    /// Whether a container of `values` goes on one line: one to `oneLineAtMost` plain values.
    static func fitsOneLine(_ values: some Collection<JSONValue>) -> Bool {
        fitsOneLine(count: values.count) && values.allSatisfy { value in
            switch value {
            case .array, .object: false
            case .null, .bool, .number, .integer, .string: true
            }
        }
    }

    // MARK: Layout

    private mutating func begin(_ bracket: UInt8, oneLine: Bool) {
        precondition(!self.oneLine, "a container inside a container written on one line")
        startValue()
        out.append(ascii: bracket)
        depth += 1
        atContainerStart = true
        self.oneLine = oneLine
    }

    private mutating func end(_ bracket: UInt8) {
        precondition(depth > 0 && !afterKey, "no JSON container to close, or a member without a value")
        depth -= 1
        if !atContainerStart && !oneLine { newLine(comma: false) }
        out.append(ascii: bracket)
        atContainerStart = false
        oneLine = false
    }

    /// Before a value: nothing after a key, else the start of an array element's line.
    private mutating func startValue() {
        if afterKey {
            afterKey = false
        } else {
            startLine()
        }
    }

    /// Ends the previous member or element's line, if any, and indents the next; on one line,
    /// a comma and a space after the previous one.
    private mutating func startLine() {
        precondition(depth > 0, "a member or element outside any container")
        if oneLine {
            if !atContainerStart { out.append(ascii: UInt8(ascii: ",")); out.append(ascii: UInt8(ascii: " ")) }
        } else {
            newLine(comma: !atContainerStart)
        }
        atContainerStart = false
    }

    /// Appends a line feed, after a comma if asked, and the indentation of the current depth,
    /// in one piece when the indentation is at most 64 spaces.
    private mutating func newLine(comma: Bool) {
        let indentation = 2 * depth
        Self.lineBreak.withUTF8Buffer { text in
            let end = min(2 + indentation, text.count)
            out.append(utf8: UnsafeBufferPointer(rebasing: text[(comma ? 0 : 1)..<end]))
            out.append(spaces: indentation - (end - 2))
        }
    }

    /// A comma, a line feed and 64 spaces, cut by `newLine`.
    private static let lineBreak: StaticString = ",\n                                                                "

    /// Writes `value` quoted (the closing quote is `closing`'s first character), escaping `"`,
    /// `\` and the C0 controls.
    private mutating func writeString(_ value: String, closingWith closing: StaticString = "\"") {
        Self.appendQuoted(value, closingWith: closing, to: &out)
    }

    /// Appends `value` quoted to `out`, as `writeString` writes it. Scanning UTF-8 bytes finds
    /// the same characters as scanning scalars: every byte of a multi-byte scalar is 0x80 or
    /// above.
    private static func appendQuoted(_ value: String, closingWith closing: StaticString, to out: inout TextBuffer) {
        out.append(ascii: UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var clean = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(utf8: UnsafeBufferPointer(rebasing: utf8[clean..<index]))
                appendEscape(byte, to: &out)
                clean = index + 1
            }
            out.append(utf8: UnsafeBufferPointer(rebasing: utf8[clean...]))
        }
        closing.withUTF8Buffer { out.append(utf8: $0) }
    }

    /// The escape of a quote, a backslash or a C0 control: `\n`, `\r`, `\t` by name, the others
    /// as `\u00xx` in lowercase hex.
    private static func appendEscape(_ byte: UInt8, to out: inout TextBuffer) {
        switch byte {
        case UInt8(ascii: "\""): out.append("\\\"")
        case UInt8(ascii: "\\"): out.append("\\\\")
        case UInt8(ascii: "\n"): out.append("\\n")
        case UInt8(ascii: "\r"): out.append("\\r")
        case UInt8(ascii: "\t"): out.append("\\t")
        default:
            let hex = Array("0123456789abcdef".utf8)
            out.append("\\u00")
            out.append(ascii: hex[Int(byte >> 4)])
            out.append(ascii: hex[Int(byte & 0xF)])
        }
    }
}

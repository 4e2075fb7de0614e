import Foundation

/// A CSV document: RFC 4180 quoting where needed, `\n` line ends, UTF-8 without a BOM.
///
/// A record is appended whole (`append(_:)`), or field by field (`appendField`, then
/// `endRecord()`), which writes numbers straight into the bytes: the large tables (students ×
/// objectives) make no `String` per cell that way.
package struct CSVDocument {
    private var buffer: TextBuffer
    /// True before the first field of a record.
    private var atRecordStart = true

    package init(header: [String], capacity: Int = 0) {
        buffer = TextBuffer(capacity: capacity)
        append(header)
    }

    /// The document as text.
    package var text: String { buffer.text }

    /// The document as UTF-8 bytes.
    package var bytes: [UInt8] { buffer.bytes }

    /// Appends a whole record.
    /// - Precondition: no record is begun with `appendField`.
    package mutating func append(_ cells: [String]) {
        precondition(atRecordStart, "a record begun field by field is not ended")
        for cell in cells { appendField(cell) }
        endRecord()
    }

    /// Appends a text field: in quotes, each quote doubled (RFC 4180), when it holds a comma, a
    /// quote, a line feed or a carriage return, as it is otherwise. Decided on the bytes, so
    /// that CR LF or a comma followed by a combining mark (one `Character` each) is quoted too.
    package mutating func appendField(_ cell: String) {
        beginField()
        var cell = cell
        cell.withUTF8 { utf8 in
            guard utf8.contains(where: Self.needsQuotes) else {
                buffer.append(utf8: utf8)
                return
            }
            let quote = UInt8(ascii: "\"")
            buffer.append(ascii: quote)
            var start = 0
            for (index, byte) in utf8.enumerated() where byte == quote {
                buffer.append(utf8: UnsafeBufferPointer(rebasing: utf8[start...index]))
                buffer.append(ascii: quote)
                start = index + 1
            }
            buffer.append(utf8: UnsafeBufferPointer(rebasing: utf8[start...]))
            buffer.append(ascii: quote)
        }
    }

    /// Appends an integer field.
    package mutating func appendField(_ number: Int) {
        beginField()
        buffer.append(number)
    }

    /// Appends a number with exactly `decimals` decimals (`FixedDecimal`); an empty field for
    /// nil or a value that is not finite.
    package mutating func appendField(_ value: Double?, decimals: Int) {
        beginField()
        buffer.append(fixed: value, decimals: decimals)
    }

    /// Ends the record begun with `appendField`.
    package mutating func endRecord() {
        buffer.append(ascii: UInt8(ascii: "\n"))
        atRecordStart = true
    }

    private mutating func beginField() {
        if !atRecordStart { buffer.append(ascii: UInt8(ascii: ",")) }
        atRecordStart = false
    }

    /// The bytes that make a field need quotes.
    private static func needsQuotes(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
}

package import AttainmentCore

/// A parsed CSV file: its UTF-8 text kept once, with the byte range of every field.
///
/// Record 0 of the file is the header; the data rows are the records after it, numbered from 0.
/// Lines that are empty or hold only spaces and tabs are skipped and are not rows. A line of
/// only commas (`,,,`) is a row of empty fields and is kept, so that a reader can report it.
/// Rows may be ragged: each has its own number of fields.
///
/// Reading a field is cheap and allocates nothing until its `string` is asked for.
package struct CSVTable: Sendable {
    /// The file's path as shown in locations.
    package let file: String
    /// The encoding the file was decoded from.
    package let encoding: TextEncodingName
    /// The header's fields, trimmed of surrounding spaces and tabs, quotes removed.
    package let header: [String]

    /// The file's text as UTF-8, without a byte order mark.
    private let bytes: [UInt8]
    /// For each field, the offset of its first byte in `bytes`, after leading spaces and tabs.
    /// A quoted field's range includes its quotes.
    private let fieldStarts: [UInt32]
    /// For each field, the offset just past its last byte, before trailing spaces and tabs.
    private let fieldEnds: [UInt32]
    /// For each record, the index of its first field; one more entry marks the end.
    private let recordFirstFields: [UInt32]
    /// For each record, the 1-based physical line it starts on.
    private let recordLines: [UInt32]

    /// Creates a table from the parser's output; `layout` must describe at least one record.
    init(file: String, encoding: TextEncodingName, bytes: [UInt8], layout: CSVLayout) {
        precondition(layout.recordLines.count >= 1, "a table needs a header record")
        precondition(layout.recordFirstFields.count == layout.recordLines.count + 1)
        self.file = file
        self.encoding = encoding
        self.bytes = bytes
        self.fieldStarts = layout.fieldStarts
        self.fieldEnds = layout.fieldEnds
        self.recordFirstFields = layout.recordFirstFields
        self.recordLines = layout.recordLines
        var header: [String] = []
        let first = Int(layout.recordFirstFields[0])
        let end = Int(layout.recordFirstFields[1])
        for index in first..<end {
            header.append(
                CSVField(
                    bytes: bytes, start: Int(layout.fieldStarts[index]),
                    end: Int(layout.fieldEnds[index])
                ).string)
        }
        self.header = header
    }

    /// The number of data rows: records after the header, blank lines not counted.
    package var rowCount: Int { recordLines.count - 1 }

    /// The number of fields in data row `row` (0-based).
    package func columnCount(row: Int) -> Int {
        precondition(row >= 0 && row < rowCount, "row \(row) out of range 0..<\(rowCount)")
        return Int(recordFirstFields[row + 2]) - Int(recordFirstFields[row + 1])
    }

    /// The field at data row `row` and column `column`, both 0-based.
    ///
    /// A column past the end of a short row reads as an empty field.
    package func field(row: Int, column: Int) -> CSVField {
        guard let range = range(row: row, column: column) else { return CSVField(bytes: [], start: 0, end: 0) }
        return CSVField(bytes: bytes, start: range.lowerBound, end: range.upperBound)
    }

    /// The text of the field at data row `row`, column `column`: `field(row:column:).string`
    /// without making the field.
    func string(row: Int, column: Int) -> String {
        guard let range = range(row: row, column: column) else { return "" }
        return bytes.withUnsafeBufferPointer { CSVField.string(in: $0, range) }
    }

    /// The number in the field at data row `row`, column `column`: `field(row:column:).number`
    /// without making the field.
    func number(row: Int, column: Int) -> Double? {
        guard let range = range(row: row, column: column) else { return nil }
        return bytes.withUnsafeBufferPointer { CSVField.number(in: $0, range) }
    }

    /// The numbers in data row `row` at `columns`, as `number(row:column:)` gives each,
    /// written to `numbers` (of the same count): one lookup of the row for all its cells.
    func numbers(row: Int, columns: [Int], into numbers: inout [Double?]) {
        precondition(row >= 0 && row < rowCount, "row \(row) out of range 0..<\(rowCount)")
        precondition(numbers.count == columns.count, "one number per column")
        let first = Int(recordFirstFields[row + 1])
        let fieldCount = Int(recordFirstFields[row + 2]) - first
        numbers.withUnsafeMutableBufferPointer { numbers in
            bytes.withUnsafeBufferPointer { text in
                fieldStarts.withUnsafeBufferPointer { starts in
                    fieldEnds.withUnsafeBufferPointer { ends in
                        for (position, column) in columns.enumerated() {
                            precondition(column >= 0, "column must not be negative")
                            guard column < fieldCount else {
                                numbers[position] = nil
                                continue
                            }
                            let field = first + column
                            numbers[position] = CSVField.number(in: text, Int(starts[field])..<Int(ends[field]))
                        }
                    }
                }
            }
        }
    }

    /// Whether the field at data row `row`, column `column` is blank:
    /// `field(row:column:).isBlank` without making the field.
    func isBlank(row: Int, column: Int) -> Bool {
        guard let range = range(row: row, column: column) else { return true }
        return bytes.withUnsafeBufferPointer { CSVField.contentRange(in: $0, range).isEmpty }
    }

    /// The byte range of a field as the parser trimmed it (quotes included); nil for a column
    /// past the end of a short row.
    private func range(row: Int, column: Int) -> Range<Int>? {
        precondition(row >= 0 && row < rowCount, "row \(row) out of range 0..<\(rowCount)")
        precondition(column >= 0, "column must not be negative")
        let index = Int(recordFirstFields[row + 1]) + column
        guard index < Int(recordFirstFields[row + 2]) else { return nil }
        return Int(fieldStarts[index])..<Int(fieldEnds[index])
    }

    /// Where data row `row`, column `column` (both 0-based) is in the file.
    ///
    /// - Returns: The 1-based physical line on which the row's record starts (lines inside
    ///   quoted fields counted) and the 1-based field number as the column.
    package func location(row: Int, column: Int) -> SourceLocation {
        precondition(row >= 0 && row < rowCount, "row \(row) out of range 0..<\(rowCount)")
        return SourceLocation(file: file, line: Int(recordLines[row + 1]), column: column + 1)
    }

    /// The byte offset in the text (without a byte order mark) of data row `row`'s first
    /// field, after its leading spaces and tabs, and the 1-based line the row starts on.
    func start(row: Int) -> (offset: Int, line: Int) {
        precondition(row >= 0 && row < rowCount, "row \(row) out of range 0..<\(rowCount)")
        return (Int(fieldStarts[Int(recordFirstFields[row + 1])]), Int(recordLines[row + 1]))
    }

    /// Where header column `column` (0-based) is in the file.
    package func headerLocation(column: Int) -> SourceLocation {
        SourceLocation(file: file, line: Int(recordLines[0]), column: column + 1)
    }
}

/// One field of a `CSVTable`: a view into the table's bytes.
///
/// Surrounding spaces and tabs are not part of a field's value, outside quotes or inside.
package struct CSVField: Sendable {
    private let bytes: [UInt8]
    /// The field's range in `bytes`, already trimmed by the parser; quotes included.
    private let start: Int
    private let end: Int

    init(bytes: [UInt8], start: Int, end: Int) {
        self.bytes = bytes
        self.start = start
        self.end = end
    }

    /// Whether the field is empty or holds only spaces and tabs.
    package var isBlank: Bool {
        bytes.withUnsafeBufferPointer { Self.contentRange(in: $0, start..<end).isEmpty }
    }

    /// The field's text: trimmed of spaces and tabs, quotes removed, `""` read as `"`.
    package var string: String {
        bytes.withUnsafeBufferPointer { Self.string(in: $0, start..<end) }
    }

    /// The field's value as a number, or nil if it is not a plain decimal number.
    ///
    /// Accepted: an optional sign, digits with an optional decimal point, and an optional
    /// exponent (`e` or `E`, optional sign, digits), with at least one digit before the
    /// exponent: `12`, `-3.5`, `.5`, `4.`, `1e3`, `+2.5E-2`. Not accepted: hexadecimal,
    /// `inf`, `nan`, digit separators, decimal commas. Quoted numbers count.
    ///
    /// The result is correctly rounded, the same `Double` as `Double(String)`; a value too
    /// large for a `Double` reads as infinity, as there.
    package var number: Double? {
        bytes.withUnsafeBufferPointer { Self.number(in: $0, start..<end) }
    }

    /// The value's range within a field's trimmed range `field` of `bytes`: without quotes,
    /// trimmed of spaces and tabs.
    static func contentRange(in bytes: UnsafeBufferPointer<UInt8>, _ field: Range<Int>) -> Range<Int> {
        guard isQuoted(in: bytes, field) else { return field }
        var low = field.lowerBound + 1
        var high = field.upperBound - 1
        while low < high && ASCII.isBlank(bytes[low]) { low += 1 }
        while high > low && ASCII.isBlank(bytes[high - 1]) { high -= 1 }
        return low..<high
    }

    /// Whether the field at `field` in `bytes` was written in quotes.
    private static func isQuoted(in bytes: UnsafeBufferPointer<UInt8>, _ field: Range<Int>) -> Bool {
        !field.isEmpty && bytes[field.lowerBound] == ASCII.quote
    }

    /// The text of the field at `field` in `bytes` (see `string`).
    static func string(in bytes: UnsafeBufferPointer<UInt8>, _ field: Range<Int>) -> String {
        let range = contentRange(in: bytes, field)
        guard isQuoted(in: bytes, field) else {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            unescaped.append(byte)
            // Inside quotes the parser only allows quotes in pairs.
            index += byte == ASCII.quote ? 2 : 1
        }
        return String(decoding: unescaped, as: UTF8.self)
    }

    /// The number in the field at `field` in `bytes` (see `number`).
    static func number(in bytes: UnsafeBufferPointer<UInt8>, _ field: Range<Int>) -> Double? {
        let range = contentRange(in: bytes, field)
        guard !range.isEmpty else { return nil }
        return DecimalNumber.parse(UnsafeBufferPointer(rebasing: bytes[range]))
    }
}

/// Byte values the CSV code compares against.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let period: UInt8 = 0x2E
    static let zero: UInt8 = 0x30

    /// Whether `byte` is a space or a tab.
    static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }
}

/// Reads plain decimal numbers from UTF-8 bytes, correctly rounded.
enum DecimalNumber {
    /// The exactly representable powers of ten, 10^0 through 10^22.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses the whole of `text` as a decimal number, or returns nil.
    ///
    /// Numbers with at most 19 significant digits whose value is an integer up to 2^53 times
    /// a power of ten 10^-22...10^22 are computed with one exact multiplication or division,
    /// which rounds correctly (Clinger's fast path); the rest go to `Double(String)`.
    static func parse(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        shortDecimal(text) ?? decimal(text)
    }

    /// A short plain decimal, the usual score (`13`, `9.5`, `-0.25`): a sign, at most 15
    /// digits and a point, no exponent. Its digits as an integer are below 2^53 and the power
    /// of ten is exact, so one division rounds correctly. Nil for anything else, numbers
    /// included.
    @inline(__always)
    private static func shortDecimal(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        let count = text.count
        guard count > 0 && count <= 17 else { return nil }
        var index = 0
        let isNegative = text[0] == ASCII.minus
        if isNegative || text[0] == ASCII.plus { index = 1 }
        var mantissa: Int64 = 0
        var digits = 0
        var pointAt = -1
        while index < count {
            let digit = text[index] &- ASCII.zero
            if digit < 10 {
                mantissa = mantissa &* 10 &+ Int64(digit)
                digits += 1
            } else if text[index] == ASCII.period && pointAt < 0 {
                pointAt = digits
            } else {
                return nil
            }
            index += 1
        }
        guard digits > 0 && digits <= 15 else { return nil }
        let value = shortValue(mantissa, fractionDigits: pointAt < 0 ? 0 : digits - pointAt)
        return isNegative ? -value : value
    }

    /// The value of a short decimal's digits read as an integer, `mantissa` (up to 15 digits,
    /// so below 2^53), with `fractionDigits` of them after the point: one division by an exact
    /// power of ten, which rounds correctly.
    @inline(__always)
    static func shortValue(_ mantissa: Int64, fractionDigits: Int) -> Double {
        Double(mantissa) / exactPowersOfTen[fractionDigits]
    }

    /// Any plain decimal (see `parse`).
    private static func decimal(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        let count = text.count
        var index = 0
        var isNegative = false
        if index < count && (text[index] == ASCII.plus || text[index] == ASCII.minus) {
            isNegative = text[index] == ASCII.minus
            index += 1
        }

        // The digits, as an integer with up to 19 significant digits.
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var digits = 0
        var fractionDigits = 0
        while index < count {
            let digit = text[index] &- ASCII.zero
            guard digit < 10 else { break }
            if mantissa != 0 || digit != 0 {
                if significantDigits < 19 { mantissa = mantissa &* 10 &+ UInt64(digit) }
                significantDigits += 1
            }
            digits += 1
            index += 1
        }
        if index < count && text[index] == ASCII.period {
            index += 1
            while index < count {
                let digit = text[index] &- ASCII.zero
                guard digit < 10 else { break }
                if mantissa != 0 || digit != 0 {
                    if significantDigits < 19 { mantissa = mantissa &* 10 &+ UInt64(digit) }
                    significantDigits += 1
                }
                digits += 1
                fractionDigits += 1
                index += 1
            }
        }
        guard digits > 0 else { return nil }

        // The exponent, saturated far beyond any Double's range.
        var exponent = 0
        if index < count && text[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentIsNegative = false
            if index < count && (text[index] == ASCII.plus || text[index] == ASCII.minus) {
                exponentIsNegative = text[index] == ASCII.minus
                index += 1
            }
            var exponentDigits = 0
            while index < count {
                let digit = text[index] &- ASCII.zero
                guard digit < 10 else { break }
                if exponent < 1_000_000 { exponent = exponent * 10 + Int(digit) }
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0 else { return nil }
            if exponentIsNegative { exponent = -exponent }
        }
        guard index == count else { return nil }

        if mantissa == 0 {
            return isNegative ? -0.0 : 0.0
        }
        if significantDigits <= 19 && mantissa <= 1 << 53 {
            let power = exponent - fractionDigits
            var value: Double?
            if power >= 0 && power <= 22 {
                value = Double(mantissa) * exactPowersOfTen[power]
            } else if power < 0 && power >= -22 {
                value = Double(mantissa) / exactPowersOfTen[-power]
            }
            if let value { return isNegative ? -value : value }
        }
        return Double(String(decoding: text, as: UTF8.self))
    }
}

import AttainmentCore

/// Where the fields and records of a CSV text are: flat arrays of offsets, no strings.
struct CSVLayout {
    /// Each field's first byte, after leading spaces and tabs (a quoted field's opening quote).
    let fieldStarts: [UInt32]
    /// Just past each field's last byte, before trailing spaces and tabs.
    let fieldEnds: [UInt32]
    /// Each record's first field index, then the total number of fields.
    let recordFirstFields: [UInt32]
    /// The 1-based line each record starts on.
    let recordLines: [UInt32]

    /// Finds the fields and records of `text` in one pass (CSVReader gives the rules).
    ///
    /// Runs of text without quotes, spaces, tabs or CR, the bulk of a score sheet, are read
    /// eight bytes at a time: the commas and LFs in each word are found at once and each one
    /// ends a field, with no branch per byte. Everything else goes field by field.
    ///
    /// - Throws: `Diagnostic` `.syntax` for a quoted field that is never closed (at the line
    ///   and field where it opened) or for text after a closing quote (where that text is).
    init(scanning text: UnsafeBufferPointer<UInt8>, displayPath: String) throws {
        // Every field but the last ends at a comma, LF or CR, so their count bounds the number
        // of fields: the offsets are written into storage of that size, without the checks and
        // copies of growing arrays.
        let capacity = Self.separatorCount(text) + 1
        var records = Records()
        var fieldEnds: [UInt32] = []
        let fieldStarts = try [UInt32](unsafeUninitializedCapacity: capacity) { starts, startCount in
            fieldEnds = try [UInt32](unsafeUninitializedCapacity: capacity) { ends, endCount in
                var fields = Fields(starts: starts, ends: ends)
                try Self.scan(text, displayPath: displayPath, into: &fields, records: &records)
                endCount = fields.count
                startCount = fields.count
            }
        }
        records.firstFields.append(UInt32(truncatingIfNeeded: fieldStarts.count))
        self.fieldStarts = fieldStarts
        self.fieldEnds = fieldEnds
        self.recordFirstFields = records.firstFields
        self.recordLines = records.lines
    }

    /// The records found so far, and the state of the one being read.
    private struct Records {
        var firstFields: [UInt32] = []
        var lines: [UInt32] = []
        /// The line being read (1-based).
        var line = 1
        /// The open record's first field and line, and the 1-based number of its current field.
        var firstField = 0
        var recordLine = 1
        var fieldNumber = 1

        mutating func begin(at fieldCount: Int) {
            firstField = fieldCount
            recordLine = line
            fieldNumber = 1
        }

        /// Closes the open record; a record of one empty unquoted field is a blank line and is
        /// dropped.
        mutating func end(_ fields: inout Fields) {
            if fields.count == firstField + 1 && fields.starts[firstField] == fields.ends[firstField] {
                fields.count = firstField
            } else {
                firstFields.append(UInt32(truncatingIfNeeded: firstField))
                lines.append(UInt32(truncatingIfNeeded: recordLine))
            }
        }

        /// Ends a field at `separator`, a comma, LF or CR: a comma leads to the record's next
        /// field, a line end closes the line and the record.
        /// - Returns: whether the record ended.
        mutating func endField(at separator: UInt8, _ fields: inout Fields) -> Bool {
            if separator == ASCII.comma {
                fieldNumber += 1
                return false
            }
            line += 1
            end(&fields)
            return true
        }
    }

    /// The fields found so far, written into storage with room for every field. It lives only
    /// inside the closures that lend that storage.
    private struct Fields {
        let starts: UnsafeMutableBufferPointer<UInt32>
        let ends: UnsafeMutableBufferPointer<UInt32>
        var count = 0

        mutating func append(_ start: Int, _ end: Int) {
            starts[count] = UInt32(truncatingIfNeeded: start)
            ends[count] = UInt32(truncatingIfNeeded: end)
            count += 1
        }
    }

    /// Finds every field and record of `text`.
    private static func scan(
        _ text: UnsafeBufferPointer<UInt8>, displayPath: String, into fields: inout Fields, records: inout Records
    ) throws {
        let count = text.count
        var index = 0
        while index < count {
            records.begin(at: fields.count)
            fieldsOfRecord: while true {
                // `index` is at the start of a field, possibly at the end of the text.
                if !plainFields(text, from: &index, into: &fields, records: &records) { break fieldsOfRecord }
                var start = index
                while start < count && ASCII.isBlank(text[start]) { start += 1 }
                let (end, next) = try start < count && text[start] == ASCII.quote
                    ? quotedField(
                        text, from: start, line: &records.line, fieldNumber: records.fieldNumber, displayPath: displayPath)
                    : unquotedField(text, from: start)
                fields.append(start, end)
                guard next < count else {
                    index = count
                    records.end(&fields)
                    break
                }
                index = next + 1
                if records.endField(at: text[next], &fields) {
                    if text[next] == ASCII.carriageReturn && index < count && text[index] == ASCII.lineFeed { index += 1 }
                    break fieldsOfRecord
                }
            }
        }
    }

    /// Reads fields eight bytes at a time from `index`, a field's start, while the text has no
    /// quote, space, tab or CR, ending and beginning records at LFs.
    /// - Returns: false when it ended a record at the end of the text; true when `index` is at
    ///   the start of a field of the open record that the caller is to read field by field.
    private static func plainFields(
        _ text: UnsafeBufferPointer<UInt8>, from index: inout Int, into fields: inout Fields, records: inout Records
    ) -> Bool {
        guard let base = text.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var position = index
        while position + 8 <= text.count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            let special = SWAR.equalBytes(word, ASCII.quote) | SWAR.equalBytes(word, ASCII.space)
                | SWAR.equalBytes(word, ASCII.tab) | SWAR.equalBytes(word, ASCII.carriageReturn)
            var separators = SWAR.equalBytes(word, ASCII.comma) | SWAR.equalBytes(word, ASCII.lineFeed)
            if special != 0 {
                // Only the separators before the first special byte end plain fields.
                separators &= (1 << UInt64(special.trailingZeroBitCount)) - 1
            }
            while separators != 0 {
                let separator = position + (separators.trailingZeroBitCount >> 3)
                separators &= separators - 1
                fields.append(index, separator)
                index = separator + 1
                if records.endField(at: text[separator], &fields) {
                    guard index < text.count else { return false }
                    records.begin(at: fields.count)
                }
            }
            if special != 0 { return true }
            position += 8
        }
        return true
    }

    /// An unquoted field from `start`: it runs to the next comma, LF or CR.
    /// - Returns: the end of its value (trailing spaces and tabs dropped) and of the field.
    private static func unquotedField(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, next: Int) {
        let count = text.count
        var next = start
        while next < count {
            let byte = text[next]
            // Comma, LF and CR are all at or below 0x2C; digits are above.
            if byte <= ASCII.comma && (byte == ASCII.comma || byte == ASCII.lineFeed || byte == ASCII.carriageReturn) {
                break
            }
            next += 1
        }
        var end = next
        while end > start && ASCII.isBlank(text[end - 1]) { end -= 1 }
        return (end, next)
    }

    /// A quoted field whose opening quote is at `start`; counts the lines inside it.
    /// - Returns: the end of its value (after the closing quote) and of the field (after
    ///   spaces and tabs).
    /// - Throws: `Diagnostic` `.syntax` for a quote never closed (at the line and field where
    ///   it opened) or for text after the closing quote.
    private static func quotedField(
        _ text: UnsafeBufferPointer<UInt8>, from start: Int, line: inout Int, fieldNumber: Int, displayPath: String
    ) throws -> (end: Int, next: Int) {
        let count = text.count
        let openingLine = line
        var position = start + 1
        while true {
            guard position < count else {
                throw Diagnostic(
                    .error, .syntax, "a quoted field is not closed",
                    location: SourceLocation(file: displayPath, line: openingLine, column: fieldNumber))
            }
            let byte = text[position]
            if byte == ASCII.quote {
                if position + 1 < count && text[position + 1] == ASCII.quote {
                    position += 2
                    continue
                }
                break
            }
            if byte == ASCII.lineFeed {
                line += 1
            } else if byte == ASCII.carriageReturn && !(position + 1 < count && text[position + 1] == ASCII.lineFeed) {
                line += 1
            }
            position += 1
        }
        let end = position + 1
        var next = end
        while next < count && ASCII.isBlank(text[next]) { next += 1 }
        if next < count {
            let byte = text[next]
            if byte != ASCII.comma && byte != ASCII.lineFeed && byte != ASCII.carriageReturn {
                throw Diagnostic(
                    .error, .syntax, "unexpected text after the closing quote of a field",
                    location: SourceLocation(file: displayPath, line: line, column: fieldNumber))
            }
        }
        return (end, next)
    }

    /// The number of commas, LFs and CRs in `text`.
    private static func separatorCount(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        // A lane equals at most one of the three, so the sum of their masks is their union
        // (which, written with `|`, the compiler does not keep in vector registers).
        SWAR.count(in: text) { block in
            SWAR.equalLanes(block, ASCII.comma) &+ SWAR.equalLanes(block, ASCII.lineFeed)
                &+ SWAR.equalLanes(block, ASCII.carriageReturn)
        } byte: { byte in
            byte == ASCII.comma || byte == ASCII.lineFeed || byte == ASCII.carriageReturn
        }
    }
}

/// Byte comparisons on eight bytes at once, in a `UInt64` ("SIMD within a register"), and
/// counts of bytes 32 at a time in vector lanes.
enum SWAR {
    private static let low7Bits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    private static let ones: UInt64 = 0x0101_0101_0101_0101

    /// A mask with the high bit of each byte of `word` that equals `byte` set, and no other bit.
    /// Exact: no carry crosses from one byte into the next.
    @inline(__always)
    static func equalBytes(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let difference = word ^ (UInt64(byte) &* ones)
        // The high bit of ((d & 0x7F) + 0x7F) | d is set exactly when the byte d is not zero.
        return ~(((difference & low7Bits) &+ low7Bits) | difference | low7Bits)
    }

    /// All ones in each lane of `block` that equals `byte`, zero in the others.
    @inline(__always)
    static func equalLanes(_ block: SIMD32<UInt8>, _ byte: UInt8) -> SIMD32<UInt8> {
        unsafeBitCast(block .== SIMD32<UInt8>(repeating: byte), to: SIMD32<UInt8>.self)
    }

    /// The number of bytes of `text` that match, counted 32 bytes at a time in vector lanes:
    /// `block` gives all ones in each matching lane (as `equalLanes` does) and zero in the
    /// others, `byte` tells a byte of the tail. Each lane counts its matches in a byte for up
    /// to 255 blocks before the lanes are summed.
    @inline(__always)
    static func count(
        in text: UnsafeBufferPointer<UInt8>, block: (SIMD32<UInt8>) -> SIMD32<UInt8>, byte: (UInt8) -> Bool
    ) -> Int {
        guard let base = text.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var count = 0
        var position = 0
        while position + 32 <= text.count {
            let blocks = min((text.count - position) / 32, 255)
            var lanes = SIMD32<UInt8>()
            for _ in 0..<blocks {
                // A matching lane is all ones, -1: subtracting it counts one.
                lanes &-= block(raw.loadUnaligned(fromByteOffset: position, as: SIMD32<UInt8>.self))
                position += 32
            }
            for lane in lanes.indices { count += Int(lanes[lane]) }
        }
        for tail in text[position...] where byte(tail) { count += 1 }
        return count
    }

    /// The number of bytes of `text` equal to `byte`.
    static func count(of byte: UInt8, in text: UnsafeBufferPointer<UInt8>) -> Int {
        count(in: text) { equalLanes($0, byte) } byte: { $0 == byte }
    }
}

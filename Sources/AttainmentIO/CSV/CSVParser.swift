import AttainmentCore

/// Reads CSV files (RFC 4180) into `CSVTable`s.
///
/// - Fields are separated by commas; records end at LF, CRLF or a lone CR.
/// - The file may be UTF-8 (with or without a byte order mark) or GB18030/GBK.
/// - A field that starts with a quote (after any spaces or tabs) is quoted: it runs to the
///   matching quote and may contain commas, line breaks and `""` for a quote. Only spaces and
///   tabs may follow the closing quote before the next comma or line end.
/// - A quote inside an unquoted field is an ordinary character.
/// - Lines that are empty or hold only spaces and tabs are skipped.
package enum CSVReader {
    /// Reads and parses the file at `path`.
    ///
    /// - Parameters:
    ///   - path: The path to open.
    ///   - displayPath: The path to show in locations and diagnostics.
    /// - Throws: `Diagnostic` with code `.fileMissing`, `.fileUnreadable`, `.encoding` (with
    ///   the file) or `.syntax` (with the file, line and field number).
    package static func read(path: String, displayPath: String) throws -> CSVTable {
        let bytes = try FileBytes.read(path: path, displayPath: displayPath)
        return try parse(bytes: bytes, displayPath: displayPath)
    }

    /// Parses a CSV file's contents already in memory.
    ///
    /// - Parameters:
    ///   - bytes: The file's contents, UTF-8 or GB18030.
    ///   - displayPath: The path to show in locations and diagnostics.
    /// - Throws: `Diagnostic` with code `.encoding` or `.syntax`, or `.fileUnreadable` for
    ///   text of 4 GiB or more.
    /// - Complexity: O(n) in the number of bytes, one pass after decoding.
    package static func parse(bytes: [UInt8], displayPath: String) throws -> CSVTable {
        let decoded = try TextDecoding.utf8Bytes(bytes, displayPath: displayPath)
        // Offsets are stored as UInt32; the last field may end one past the last byte.
        guard decoded.bytes.count < Int(UInt32.max) - 1 else {
            throw Diagnostic(
                .error, .fileUnreadable, "is too large to read (4 GiB or more)",
                location: SourceLocation(file: displayPath))
        }
        let layout = try decoded.bytes.withUnsafeBufferPointer { text in
            try CSVLayout(scanning: text, displayPath: displayPath)
        }
        guard !layout.recordLines.isEmpty else {
            throw Diagnostic(
                .error, .syntax, "has no header row", location: SourceLocation(file: displayPath))
        }
        return CSVTable(
            file: displayPath, encoding: decoded.encoding, bytes: decoded.bytes, layout: layout)
    }
}

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

    /// Finds the fields and records of `text` in one pass.
    ///
    /// - Throws: `Diagnostic` `.syntax` for a quoted field that is never closed (at the line
    ///   and field where it opened) or for text after a closing quote (where that text is).
    init(scanning text: UnsafeBufferPointer<UInt8>, displayPath: String) throws {
        let count = text.count
        // Reserving the expected number of fields up front saves copying the arrays as they
        // grow (about a fifth of the parse time on a 50 MB numeric sheet).
        var fieldStarts: [UInt32] = []
        var fieldEnds: [UInt32] = []
        var recordFirstFields: [UInt32] = []
        var recordLines: [UInt32] = []
        let expectedFields = Self.estimatedFieldCount(text)
        fieldStarts.reserveCapacity(expectedFields)
        fieldEnds.reserveCapacity(expectedFields)

        var index = 0
        var line = 1
        while index < count {
            let recordLine = line
            let firstField = fieldStarts.count
            var fieldNumber = 1
            while true {
                // `index` is at the start of a field, possibly at the end of the text.
                var start = index
                while start < count && ASCII.isBlank(text[start]) { start += 1 }
                var end: Int
                var next: Int
                if start < count && text[start] == ASCII.quote {
                    let openingLine = line
                    var position = start + 1
                    while true {
                        guard position < count else {
                            throw Diagnostic(
                                .error, .syntax, "a quoted field is not closed",
                                location: SourceLocation(
                                    file: displayPath, line: openingLine, column: fieldNumber))
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
                        } else if byte == ASCII.carriageReturn
                            && !(position + 1 < count && text[position + 1] == ASCII.lineFeed)
                        {
                            line += 1
                        }
                        position += 1
                    }
                    end = position + 1
                    next = end
                    while next < count && ASCII.isBlank(text[next]) { next += 1 }
                    if next < count {
                        let byte = text[next]
                        if byte != ASCII.comma && byte != ASCII.lineFeed
                            && byte != ASCII.carriageReturn
                        {
                            throw Diagnostic(
                                .error, .syntax,
                                "unexpected text after the closing quote of a field",
                                location: SourceLocation(
                                    file: displayPath, line: line, column: fieldNumber))
                        }
                    }
                } else {
                    next = start
                    while next < count {
                        let byte = text[next]
                        // Comma, LF and CR are all at or below 0x2C; digits are above.
                        if byte <= ASCII.comma
                            && (byte == ASCII.comma || byte == ASCII.lineFeed
                                || byte == ASCII.carriageReturn)
                        {
                            break
                        }
                        next += 1
                    }
                    end = next
                    while end > start && ASCII.isBlank(text[end - 1]) { end -= 1 }
                }
                fieldStarts.append(UInt32(truncatingIfNeeded: start))
                fieldEnds.append(UInt32(truncatingIfNeeded: end))

                guard next < count else {
                    index = count
                    break
                }
                let separator = text[next]
                if separator == ASCII.comma {
                    index = next + 1
                    fieldNumber += 1
                    continue
                }
                if separator == ASCII.carriageReturn && next + 1 < count
                    && text[next + 1] == ASCII.lineFeed
                {
                    index = next + 2
                } else {
                    index = next + 1
                }
                line += 1
                break
            }
            // A record of one empty unquoted field is a blank line: drop it.
            if fieldStarts.count == firstField + 1
                && fieldStarts[firstField] == fieldEnds[firstField]
            {
                fieldStarts.removeLast()
                fieldEnds.removeLast()
            } else {
                recordFirstFields.append(UInt32(truncatingIfNeeded: firstField))
                recordLines.append(UInt32(truncatingIfNeeded: recordLine))
            }
        }
        recordFirstFields.append(UInt32(truncatingIfNeeded: fieldStarts.count))
        self.fieldStarts = fieldStarts
        self.fieldEnds = fieldEnds
        self.recordFirstFields = recordFirstFields
        self.recordLines = recordLines
    }

    /// Estimates the number of fields in `text` from the separators in its first 64 KiB,
    /// with a little to spare.
    private static func estimatedFieldCount(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        let sampleSize = min(text.count, 1 << 16)
        var separators = 0
        for byte in text[0..<sampleSize]
        where byte == ASCII.comma || byte == ASCII.lineFeed || byte == ASCII.carriageReturn {
            separators += 1
        }
        guard sampleSize > 0 else { return 0 }
        let perByte = Double(separators + 1) / Double(sampleSize)
        // There can be no more fields than bytes plus one.
        return min(Int(Double(text.count) * perByte * 1.02) + 64, text.count + 1)
    }
}

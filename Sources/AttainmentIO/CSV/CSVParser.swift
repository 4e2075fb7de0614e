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

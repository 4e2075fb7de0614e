import AttainmentCore

/// An `XMLScanner` over one part of a workbook, whose errors name the file, the part and the
/// line: `book.xlsx:Sheet1: xl/worksheets/sheet1.xml: line 3: malformed XML: ...`.
struct XLSXPartScanner {
    /// The scanner; its state (names, attributes, text) is read directly.
    private(set) var xml: XMLScanner
    /// The part's name in the archive, such as `xl/worksheets/sheet1.xml`.
    let part: String
    /// The workbook's display path.
    let file: String
    /// The sheet the part belongs to, if it is a worksheet.
    let sheet: String?

    /// Runs `body` with a scanner over `bytes`.
    ///
    /// - Throws: `XLSXError` for UTF-16 text (not supported), and whatever `body` throws.
    static func scan<Result>(
        _ bytes: [UInt8], part: String, file: String, sheet: String? = nil,
        _ body: (UnsafeBufferPointer<UInt8>, inout XLSXPartScanner) throws(XLSXError) -> Result
    ) throws(XLSXError) -> Result {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw XLSXError(
                file: file, location: sheet.map { SourceLocation(file: file, sheet: $0) },
                message: "\(part): is UTF-16 text; only UTF-8 parts are supported")
        }
        return try bytes.withUnsafeBufferPointer { buffer throws(XLSXError) -> Result in
            var scanner = XLSXPartScanner(
                xml: XMLScanner(bytes: buffer), part: part, file: file, sheet: sheet)
            return try body(buffer, &scanner)
        }
    }

    /// Reads up to the next event.
    ///
    /// - Throws: `XLSXError` with the part and line for malformed XML and DOCTYPE or ENTITY
    ///   declarations.
    @inline(__always)
    mutating func next(in bytes: UnsafeBufferPointer<UInt8>) throws(XLSXError) -> XMLEvent {
        do {
            return try xml.next(in: bytes)
        } catch {
            throw self.error(error.message, at: error.offset, in: bytes)
        }
    }

    /// An error about the part at byte `offset`: `part: line N: message`.
    func error(_ message: String, at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> XLSXError {
        let line = XMLScanner.line(at: offset, in: bytes)
        return XLSXError(
            file: file, location: sheet.map { SourceLocation(file: file, sheet: $0) },
            message: "\(part): line \(line): \(message)")
    }

    /// An error about a cell of the sheet (0-based row and column): `book.xlsx:Sheet1!C14: message`.
    func error(_ message: String, row: Int, column: Int) -> XLSXError {
        XLSXError(
            file: file, location: SourceLocation(file: file, sheet: sheet, line: row + 1, column: column + 1),
            message: message)
    }
}

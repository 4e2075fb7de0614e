package import AttainmentCore

/// Bounds a workbook must stay within; hostile or broken files are refused with an `XLSXError`.
///
/// The defaults admit anything Excel itself can save while refusing zip bombs: an entry may
/// inflate to at most 1 GiB, and an entry of 1 MiB or more to at most 1000 times its
/// compressed size (real sheets compress 5–200 times).
package struct XLSXLimits: Sendable {
    /// The largest uncompressed size of one zip entry, in bytes.
    package var maxEntryBytes: Int
    /// The largest ratio of uncompressed to compressed size of one entry; entries whose
    /// uncompressed size is under 1 MiB are exempt.
    package var maxCompressionRatio: Int
    /// The most rows a sheet may have (a cell in row `maxRows + 1` is refused).
    package var maxRows: Int
    /// The most columns a sheet may have.
    package var maxColumns: Int
    /// The most cells (`<c>` elements, empty ones included) a sheet may hold.
    package var maxCells: Int

    /// Creates limits; every argument defaults to the value in `XLSXLimits.default`.
    package init(
        maxEntryBytes: Int = 1 << 30, maxCompressionRatio: Int = 1000,
        maxRows: Int = XLSXLimits.excelRows, maxColumns: Int = XLSXLimits.excelColumns,
        maxCells: Int = 100_000_000
    ) {
        self.maxEntryBytes = maxEntryBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.maxRows = maxRows
        self.maxColumns = maxColumns
        self.maxCells = maxCells
    }

    /// 1 GiB entries, ratio 1000, Excel's 1,048,576 rows and 16,384 columns, 100 million cells.
    package static let `default` = XLSXLimits()

    /// Excel's row limit: rows 1...1,048,576.
    package static let excelRows = 1_048_576
    /// Excel's column limit: columns A...XFD.
    package static let excelColumns = 16_384
    /// Entries below this uncompressed size are exempt from the compression-ratio check.
    static let ratioExemptBytes = 1 << 20
}

/// Why a workbook cannot be read: the file, the part or sheet, where known the cell, and a
/// message a programme lead can act on.
///
/// Messages name zip entries and XML lines (`xl/worksheets/sheet1.xml: line 3: malformed XML:
/// ...`) and never quote more than 24 characters of a cell's contents.
package struct XLSXError: Error, Sendable, CustomStringConvertible {
    /// The workbook's display path.
    package let file: String
    /// The sheet, and where known the cell, the problem is in.
    package let location: SourceLocation?
    /// What is wrong, for the user.
    package let message: String

    /// Creates an error about `file`, or about `location` inside it.
    package init(file: String, location: SourceLocation? = nil, message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    /// `book.xlsx:Sheet1!C14: message`, or `book.xlsx: message` when no sheet is known.
    package var description: String {
        "\(location?.description ?? file): \(message)"
    }
}

/// Short, safe renderings of values for error messages, for workbooks and every other
/// reader (`quoted(_:)` in TableReaders.swift forwards here).
enum XLSXMessage {
    /// The most characters of file content an error message may quote.
    static let quotedLength = 24

    /// `text` in double quotes, cut to 24 characters with an ellipsis when longer.
    static func quoted(_ text: String) -> String {
        guard text.count > quotedLength else { return "\"\(text)\"" }
        return "\"\(text.prefix(quotedLength))…\""
    }

    /// `bytes` decoded as UTF-8 (invalid sequences replaced) and quoted as above.
    static func quoted(_ bytes: some Collection<UInt8>) -> String {
        // Decode a little more than needed: 24 characters take at most 96 bytes.
        quoted(String(decoding: bytes.prefix(4 * quotedLength + 4), as: UTF8.self))
    }

    /// A byte count as a person would say it: `1 GiB`, `512 MiB`, `3 KiB`, `1000 bytes`.
    static func byteCount(_ count: Int) -> String {
        for (unit, size) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        where count >= size && count % size == 0 {
            return "\(count / size) \(unit)"
        }
        return count == 1 ? "1 byte" : "\(count) bytes"
    }
}

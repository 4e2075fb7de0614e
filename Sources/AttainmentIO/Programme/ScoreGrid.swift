import AttainmentCore

/// A score sheet as rows and columns of cells, whatever file it came from (a CSV file or a
/// worksheet of a workbook). Rows and columns are 0-based; row 0 is the file's first row.
protocol ScoreGrid {
    /// The number of rows, the first row included.
    var rowCount: Int { get }
    /// The number of cells in a row; cells past it are blank.
    func columnCount(row: Int) -> Int
    /// A cell's text, trimmed of surrounding spaces; "" for a blank cell.
    func text(row: Int, column: Int) -> String
    /// A cell's number: a numeric cell, or text that is a plain decimal number.
    func number(row: Int, column: Int) -> Double?
    /// The numbers of a row's cells at `columns`, as `number(row:column:)` gives each, written
    /// to `numbers` (of the same count); a grid may read a row faster at once than by cell.
    func numbers(row: Int, columns: [Int], into numbers: inout [Double?])
    /// Whether a cell is empty or holds only spaces.
    func isBlank(row: Int, column: Int) -> Bool
    /// Whether a cell holds a date (a workbook cell with a date format); footers carry dates.
    func isDate(row: Int, column: Int) -> Bool
    /// Where a cell is, for messages.
    func location(row: Int, column: Int) -> SourceLocation
    /// Where a whole row is, for messages about the row.
    func rowLocation(row: Int) -> SourceLocation
    /// The merged range a cell lies in, if the format has merged cells.
    func mergedRange(row: Int, column: Int) -> XLSXRange?
    /// Whether empty rows and empty columns without a header are mere spacing to skip (a
    /// worksheet) rather than lines to report (CSV, where a line of commas is a row).
    var emptyCellsAreSpacing: Bool { get }
}

extension ScoreGrid {
    func numbers(row: Int, columns: [Int], into numbers: inout [Double?]) {
        numbersCellByCell(row: row, columns: columns, into: &numbers)
    }

    /// `numbers(row:columns:into:)` one `number(row:column:)` at a time.
    func numbersCellByCell(row: Int, columns: [Int], into numbers: inout [Double?]) {
        for (position, column) in columns.enumerated() { numbers[position] = number(row: row, column: column) }
    }

    /// Whether every cell of a row is blank.
    func isBlankRow(_ row: Int) -> Bool {
        (0..<columnCount(row: row)).allSatisfy { isBlank(row: row, column: $0) }
    }

    /// Reports a CSV row's first value past its header's `width` columns: the row has a field
    /// too many, most likely a decimal comma (42,28) or an unquoted comma in a text, which
    /// shifts every field after it. Blank fields there (trailing commas) pass, and so does a
    /// worksheet's cell there, a note beside the table.
    /// - Parameter hint: the likely cause and its remedy, after the counts.
    func reportValuePastHeader(row: Int, width: Int, hint: String, log: DiagnosticLog) {
        guard !emptyCellsAreSpacing else { return }
        let count = columnCount(row: row)
        guard let extra = (width..<max(width, count)).first(where: { !isBlank(row: row, column: $0) }) else { return }
        log.error(
            .invalidValue, "this row has \(count) fields, more than the header's \(width): \(hint)",
            at: location(row: row, column: extra))
    }

    /// Whether a column is blank in every one of the given rows.
    func isBlankColumn(_ column: Int, rows: Range<Int>) -> Bool {
        rows.allSatisfy { isBlank(row: $0, column: column) }
    }

    /// A header cell's text: a cell inside a merged range shows the range's first cell.
    func headerText(row: Int, column: Int) -> String {
        if let range = mergedRange(row: row, column: column) {
            return text(row: range.firstRow, column: range.firstColumn)
        }
        return text(row: row, column: column)
    }

    /// Whether a cell continues a merged range that starts in an earlier row.
    func isMergedFromAbove(row: Int, column: Int) -> Bool {
        guard let range = mergedRange(row: row, column: column) else { return false }
        return range.firstRow < row
    }
}

/// A CSV file as a grid: grid row 0 is the CSV header record, grid row r is data row r - 1.
struct CSVGrid: ScoreGrid {
    let table: CSVTable

    var emptyCellsAreSpacing: Bool { false }

    var rowCount: Int { table.rowCount + 1 }

    func columnCount(row: Int) -> Int {
        row == 0 ? table.header.count : table.columnCount(row: row - 1)
    }

    func text(row: Int, column: Int) -> String {
        if row == 0 { return column < table.header.count ? table.header[column] : "" }
        return table.string(row: row - 1, column: column)
    }

    func number(row: Int, column: Int) -> Double? {
        if row == 0 {
            guard column < table.header.count else { return nil }
            var header = table.header[column]
            return header.withUTF8 { DecimalNumber.parse($0) }
        }
        return table.number(row: row - 1, column: column)
    }

    func numbers(row: Int, columns: [Int], into numbers: inout [Double?]) {
        guard row > 0 else { return numbersCellByCell(row: row, columns: columns, into: &numbers) }
        table.numbers(row: row - 1, columns: columns, into: &numbers)
    }

    func isBlank(row: Int, column: Int) -> Bool {
        if row == 0 { return column >= table.header.count || table.header[column].isEmpty }
        return table.isBlank(row: row - 1, column: column)
    }

    func isDate(row: Int, column: Int) -> Bool { false }

    func location(row: Int, column: Int) -> SourceLocation {
        row == 0 ? table.headerLocation(column: column) : table.location(row: row - 1, column: column)
    }

    func rowLocation(row: Int) -> SourceLocation {
        var location = location(row: row, column: 0)
        location.column = nil
        return location
    }

    func mergedRange(row: Int, column: Int) -> XLSXRange? {
        nil
    }
}


/// A worksheet as a grid.
struct XLSXGrid: ScoreGrid {
    let sheet: XLSXSheet

    var emptyCellsAreSpacing: Bool { true }

    var rowCount: Int { sheet.rowCount }

    func columnCount(row: Int) -> Int { sheet.columnCount }

    func text(row: Int, column: Int) -> String {
        // Blank by the cell's own test (which knows ideographic spaces, U+3000) is empty text,
        // so that text and isBlank never disagree.
        let cell = sheet.cell(row: row, column: column)
        return cell.isBlank ? "" : cell.text.trimmingSpaces
    }

    func number(row: Int, column: Int) -> Double? {
        sheet.cell(row: row, column: column).number
    }

    func isBlank(row: Int, column: Int) -> Bool {
        sheet.cell(row: row, column: column).isBlank
    }

    func isDate(row: Int, column: Int) -> Bool {
        if case .date = sheet.cell(row: row, column: column) { return true }
        return false
    }

    func location(row: Int, column: Int) -> SourceLocation {
        sheet.location(row: row, column: column)
    }

    func rowLocation(row: Int) -> SourceLocation {
        // A row of a worksheet is named by its first cell: `Sheet1!A7`.
        sheet.location(row: row, column: 0)
    }

    func mergedRange(row: Int, column: Int) -> XLSXRange? {
        sheet.mergedRange(containing: row, column)
    }
}

package import AttainmentCore

/// A rectangle of cells, inclusive at both ends, 0-based: `A1:F1` is rows 0...0, columns 0...5.
package struct XLSXRange: Sendable, Equatable, CustomStringConvertible {
    /// The top row, 0-based.
    package let firstRow: Int
    /// The leftmost column, 0-based.
    package let firstColumn: Int
    /// The bottom row, 0-based, inclusive.
    package let lastRow: Int
    /// The rightmost column, 0-based, inclusive.
    package let lastColumn: Int

    /// Creates a range; the corners may be given in any order.
    package init(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) {
        self.firstRow = min(firstRow, lastRow)
        self.firstColumn = min(firstColumn, lastColumn)
        self.lastRow = max(firstRow, lastRow)
        self.lastColumn = max(firstColumn, lastColumn)
    }

    /// Whether the range covers (row, column).
    package func contains(row: Int, column: Int) -> Bool {
        row >= firstRow && row <= lastRow && column >= firstColumn && column <= lastColumn
    }

    /// The range in A1 notation: `A1:F1`.
    package var description: String {
        func name(_ row: Int, _ column: Int) -> String {
            SourceLocation.columnLetters(column + 1) + String(row + 1)
        }
        return name(firstRow, firstColumn) + ":" + name(lastRow, lastColumn)
    }
}

/// One worksheet's cells; rows and columns are 0-based.
///
/// Cells are kept sorted by row and column in flat arrays: a lookup is a binary search within
/// the row, and shared strings are shared with the workbook, not copied.
package struct XLSXSheet: Sendable {
    /// The workbook's display path.
    package let file: String
    /// The sheet's name as shown on its tab.
    package let name: String
    /// 1 + the index of the last row holding a cell with a value (0 if the sheet is empty).
    package let rowCount: Int
    /// 1 + the index of the last column holding a cell with a value (0 if the sheet is empty).
    package let columnCount: Int
    /// The merged ranges, in the order the sheet lists them.
    package let mergedRanges: [XLSXRange]
    /// The cells.
    private let cells: XLSXCellStore
    /// Indexes into `mergedRanges`, sorted by first row.
    private let mergedByFirstRow: [Int]
    /// For each position in `mergedByFirstRow`, the largest last row up to it.
    private let mergedLastRowSoFar: [Int]

    init(file: String, name: String, cells: XLSXCellStore, mergedRanges: [XLSXRange]) {
        self.file = file
        self.name = name
        self.cells = cells
        self.rowCount = cells.rowCount
        self.columnCount = cells.columnCount
        self.mergedRanges = mergedRanges
        let order = mergedRanges.indices.sorted { mergedRanges[$0].firstRow < mergedRanges[$1].firstRow }
        var lastRows: [Int] = []
        lastRows.reserveCapacity(order.count)
        var largest = -1
        for index in order {
            largest = max(largest, mergedRanges[index].lastRow)
            lastRows.append(largest)
        }
        self.mergedByFirstRow = order
        self.mergedLastRowSoFar = lastRows
    }

    /// The cell at (row, column); `.blank` outside the data or where no cell is stored.
    ///
    /// - Complexity: O(log n) in the number of cells in the row.
    package func cell(row: Int, column: Int) -> XLSXCell {
        cells.cell(row: row, column: column)
    }

    /// The merged range covering (row, column), if the cell is inside one.
    ///
    /// - Complexity: O(log m + k) for m merged ranges, k of which start at or above the row
    ///   and reach it (merged ranges do not overlap, so k is small).
    package func mergedRange(containing row: Int, _ column: Int) -> XLSXRange? {
        // The ranges that start at or above `row`: a prefix of the sorted order.
        var low = 0
        var high = mergedByFirstRow.count
        while low < high {
            let middle = (low + high) / 2
            if mergedRanges[mergedByFirstRow[middle]].firstRow <= row {
                low = middle + 1
            } else {
                high = middle
            }
        }
        var position = low - 1
        while position >= 0 && mergedLastRowSoFar[position] >= row {
            let range = mergedRanges[mergedByFirstRow[position]]
            if range.contains(row: row, column: column) { return range }
            position -= 1
        }
        return nil
    }

    /// Where (row, column) is, for messages: `book.xlsx:Sheet1!C14`.
    package func location(row: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, sheet: name, line: row + 1, column: column + 1)
    }
}

/// The cells of a sheet in flat arrays sorted by row, then column.
struct XLSXCellStore: Sendable {
    /// How a stored cell's payload is read.
    enum Kind: UInt8, Sendable {
        /// `payload` is a Double's bit pattern.
        case number
        /// `payload` is a Double's bit pattern: an Excel serial date.
        case date
        /// `payload` is an index into `sharedStrings`.
        case sharedText
        /// `payload` is an index into `ownStrings`.
        case ownText
        /// `payload` is 0 or 1.
        case bool
        /// `payload` is an index into `ownStrings`.
        case error
    }

    /// For each row up to the last, the index of its first cell; one more entry at the end.
    let rowFirstCell: [Int]
    /// Each cell's column.
    let columns: [UInt16]
    let kinds: [Kind]
    let payloads: [UInt64]
    /// The workbook's shared strings.
    let sharedStrings: [String]
    /// Strings that are not shared: inline strings, formula results, errors, padded numbers.
    let ownStrings: [String]
    let columnCount: Int

    var rowCount: Int { rowFirstCell.count - 1 }

    func cell(row: Int, column: Int) -> XLSXCell {
        guard row >= 0 && row < rowCount && column >= 0 && column < columnCount else { return .blank }
        var low = rowFirstCell[row]
        var high = rowFirstCell[row + 1]
        let target = UInt16(column)
        // Rows are often dense: try the cell where it would be if none were missing.
        if low + column < high && columns[low + column] == target { return value(at: low + column) }
        while low < high {
            let middle = (low + high) / 2
            let found = columns[middle]
            if found == target { return value(at: middle) }
            if found < target { low = middle + 1 } else { high = middle }
        }
        return .blank
    }

    private func value(at index: Int) -> XLSXCell {
        let payload = payloads[index]
        switch kinds[index] {
        case .number: return .number(Double(bitPattern: payload))
        case .date: return .date(Double(bitPattern: payload))
        case .sharedText: return .text(sharedStrings[Int(payload)])
        case .ownText: return .text(ownStrings[Int(payload)])
        case .bool: return .bool(payload != 0)
        case .error: return .error(ownStrings[Int(payload)])
        }
    }
}

import AttainmentCore

/// Reads a worksheet part (`xl/worksheets/sheetN.xml`) into an `XLSXSheet`.
///
/// It reads `<sheetData>` and `<mergeCells>` and skips everything else. Cells:
/// - `t="s"` shared strings, `t="inlineStr"` inline strings (`<is>`, rich-text runs joined,
///   phonetic guides left out), `t="str"` formula strings, `t="b"` booleans, `t="e"` errors,
///   `t="d"` ISO 8601 dates, and numbers (no `t` or `t="n"`), whose style may make them dates
///   or zero-padded text (see `XLSXCell`);
/// - formulas read as their cached `<v>`; `<f>` is ignored;
/// - a cell without `r` follows the previous cell in its row, a row without `r` follows the
///   previous row;
/// - cells out of order are sorted; when two cells claim the same position the later wins;
/// - cells without a value (`<c r="A1" s="3"/>`, or an empty `<v>` outside text cells) are
///   not stored and read as blank.
enum XLSXSheetReader {
    /// Reads the sheet named `sheet` from its part's bytes.
    ///
    /// - Throws: `XLSXError` for malformed XML, a cell reference that is malformed or beyond
    ///   XFD1048576 or the limits, more cells than the limits allow, a shared string index out
    ///   of range, or a value that does not fit its cell type.
    /// - Complexity: O(n) in the part's size, plus O(c log c) for c cells if they are out of
    ///   order.
    static func read(
        _ bytes: [UInt8], part: String, file: String, sheet: String,
        sharedStrings: [String], styles: XLSXStyles, isDate1904: Bool, limits: XLSXLimits
    ) throws(XLSXError) -> XLSXSheet {
        try XLSXPartScanner.scan(bytes, part: part, file: file, sheet: sheet) {
            text, scanner throws(XLSXError) in
            var reader = Reader(
                sharedStrings: sharedStrings, styles: styles, isDate1904: isDate1904, limits: limits,
                expectedCells: text.count / 32)
            try reader.read(text, &scanner)
            let cells = reader.cells.finish(sharedStrings: sharedStrings)
            return XLSXSheet(file: file, name: sheet, cells: cells, mergedRanges: reader.mergedRanges)
        }
    }

    /// A cell's `t` attribute.
    enum CellType {
        case number, sharedString, inlineString, formulaString, bool, error, isoDate
    }

    /// The state of one pass over a sheet part.
    struct Reader {
        let sharedStrings: [String]
        let styles: XLSXStyles
        let isDate1904: Bool
        let limits: XLSXLimits
        let rowLimit: Int
        let columnLimit: Int
        var cells: CellBuilder
        var mergedRanges: [XLSXRange] = []

        /// The current `<row>`'s index, and the column of the last cell read in it.
        var row = -1
        var previousColumn = -1
        /// How many `<c>` elements have been read.
        var cellElements = 0

        // The cell being read.
        var inSheetData = false
        var inCell = false
        var cellRow = 0
        var cellColumn = 0
        var cellType = CellType.number
        var cellStyle = 0
        var hasValue = false
        var capturing = false
        var inInlineString = false
        var phoneticDepth = 0
        var capture = TextCapture()

        init(
            sharedStrings: [String], styles: XLSXStyles, isDate1904: Bool, limits: XLSXLimits,
            expectedCells: Int
        ) {
            self.sharedStrings = sharedStrings
            self.styles = styles
            self.isDate1904 = isDate1904
            self.limits = limits
            self.rowLimit = min(limits.maxRows, XLSXLimits.excelRows)
            self.columnLimit = min(limits.maxColumns, XLSXLimits.excelColumns)
            self.cells = CellBuilder(expectedCells: min(expectedCells, limits.maxCells))
        }

        mutating func read(_ text: UnsafeBufferPointer<UInt8>, _ scanner: inout XLSXPartScanner)
            throws(XLSXError)
        {
            while true {
                switch try scanner.next(in: text) {
                case .startElement:
                    if inCell {
                        if scanner.xml.localNameIs("v", in: text) {
                            capturing = true
                            hasValue = true
                        } else if scanner.xml.localNameIs("is", in: text) {
                            inInlineString = true
                            hasValue = true
                        } else if inInlineString && scanner.xml.localNameIs("t", in: text) {
                            capturing = phoneticDepth == 0
                        } else if inInlineString && scanner.xml.localNameIs("rPh", in: text) {
                            phoneticDepth += 1
                        }
                    } else if inSheetData {
                        if scanner.xml.localNameIs("c", in: text) {
                            try startCell(text, scanner)
                        } else if scanner.xml.localNameIs("row", in: text) {
                            try startRow(text, scanner)
                        }
                    } else if scanner.xml.localNameIs("sheetData", in: text) {
                        inSheetData = true
                    } else if scanner.xml.localNameIs("mergeCell", in: text) {
                        try readMergeCell(text, scanner)
                    }
                case .text:
                    if capturing { capture.add(scanner.xml, text) }
                case .endElement:
                    guard inCell else {
                        if inSheetData && scanner.xml.localNameIs("sheetData", in: text) {
                            inSheetData = false
                        }
                        continue
                    }
                    if scanner.xml.localNameIs("c", in: text) {
                        try finishCell(text, scanner)
                    } else if scanner.xml.localNameIs("v", in: text) || scanner.xml.localNameIs("t", in: text)
                    {
                        capturing = false
                    } else if scanner.xml.localNameIs("is", in: text) {
                        inInlineString = false
                    } else if scanner.xml.localNameIs("rPh", in: text) {
                        phoneticDepth -= 1
                    }
                case .endOfDocument:
                    return
                }
            }
        }

        /// Reads a `<row>` tag's `r`.
        mutating func startRow(_ text: UnsafeBufferPointer<UInt8>, _ scanner: XLSXPartScanner)
            throws(XLSXError)
        {
            previousColumn = -1
            guard let reference = scanner.xml.attribute(named: "r", in: text) else {
                row += 1
                try checkRow(row, text, scanner)
                return
            }
            guard let number = XLSXDigits.integer(UnsafeBufferPointer(rebasing: text[reference.value])),
                number >= 1
            else {
                throw scanner.error(
                    "row number \(XLSXMessage.quoted(UnsafeBufferPointer(rebasing: text[reference.value])))"
                        + " is not a number from 1 to \(XLSXLimits.excelRows)",
                    at: tagStart(scanner), in: text)
            }
            row = number - 1
            try checkRow(row, text, scanner)
        }

        /// Reads a `<c>` tag's `r`, `t` and `s`.
        mutating func startCell(_ text: UnsafeBufferPointer<UInt8>, _ scanner: XLSXPartScanner)
            throws(XLSXError)
        {
            cellElements += 1
            if cellElements > limits.maxCells {
                throw scanner.error(
                    "the sheet has more than \(limits.maxCells) cells, more than this reader allows",
                    at: tagStart(scanner), in: text)
            }
            inCell = true
            hasValue = false
            capturing = false
            inInlineString = false
            phoneticDepth = 0
            capture.reset()
            cellType = .number
            cellStyle = 0
            var position: (row: Int, column: Int)?
            for index in 0..<scanner.xml.attributeCount {
                let attribute = scanner.xml.attribute(at: index)
                let name = attribute.localNameStart..<attribute.name.upperBound
                let value = UnsafeBufferPointer(rebasing: text[attribute.value])
                if XMLScanner.bytes(text, name, equal: "r") {
                    guard let reference = Self.cellReference(value) else {
                        throw scanner.error(
                            "malformed cell reference \(XLSXMessage.quoted(value))", at: tagStart(scanner),
                            in: text)
                    }
                    position = reference
                } else if XMLScanner.bytes(text, name, equal: "t") {
                    guard let type = Self.cellType(value) else {
                        throw scanner.error(
                            "unknown cell type t=\(XLSXMessage.quoted(value))", at: tagStart(scanner),
                            in: text)
                    }
                    cellType = type
                } else if XMLScanner.bytes(text, name, equal: "s") {
                    cellStyle = XLSXDigits.integer(value) ?? 0
                }
            }
            if let position {
                cellRow = position.row
                cellColumn = position.column
                try checkRow(cellRow, text, scanner)
                try checkColumn(cellColumn, row: cellRow, text, scanner)
                row = cellRow
            } else {
                cellRow = max(row, 0)
                cellColumn = previousColumn + 1
                try checkColumn(cellColumn, row: cellRow, text, scanner)
            }
            previousColumn = cellColumn
        }

        /// Stores the cell just ended, if it has a value.
        mutating func finishCell(_ text: UnsafeBufferPointer<UInt8>, _ scanner: XLSXPartScanner)
            throws(XLSXError)
        {
            inCell = false
            capturing = false
            guard hasValue else { return }
            let row = cellRow
            let column = cellColumn
            try capture.withBytes(text) { value throws(XLSXError) in
                // An empty value (openpyxl writes `<v></v>` for a formula it did not
                // calculate) is a blank, except for text, where it is the empty string.
                if cellType != .inlineString && cellType != .formulaString && Self.trimmed(value).isEmpty {
                    return
                }
                switch cellType {
                case .number:
                    guard let number = DecimalNumber.parse(Self.trimmed(value)) else {
                        throw scanner.error(
                            "a number cell holds \(XLSXMessage.quoted(value)), which is not a number",
                            row: row, column: column)
                    }
                    storeNumber(number, row: row, column: column)
                case .sharedString:
                    guard let index = XLSXDigits.integer(value) else {
                        throw scanner.error(
                            "a shared-string cell holds \(XLSXMessage.quoted(value)), which is not an index",
                            row: row, column: column)
                    }
                    guard index < sharedStrings.count else {
                        throw scanner.error(
                            "shared string \(index) does not exist (the workbook has \(sharedStrings.count))",
                            row: row, column: column)
                    }
                    cells.append(row: row, column: column, kind: .sharedText, payload: UInt64(index))
                case .inlineString, .formulaString:
                    cells.appendOwn(
                        row: row, column: column, kind: .ownText, String(decoding: value, as: UTF8.self))
                case .error:
                    cells.appendOwn(
                        row: row, column: column, kind: .error, String(decoding: value, as: UTF8.self))
                case .bool:
                    guard let value = Self.boolean(Self.trimmed(value)) else {
                        throw scanner.error(
                            "a boolean cell holds \(XLSXMessage.quoted(value)), which is not 0 or 1",
                            row: row, column: column)
                    }
                    cells.append(row: row, column: column, kind: .bool, payload: value ? 1 : 0)
                case .isoDate:
                    let written = String(decoding: value, as: UTF8.self)
                    if let serial = Self.serialDate(iso8601: written) {
                        cells.append(row: row, column: column, kind: .date, payload: serial.bitPattern)
                    } else {
                        cells.appendOwn(row: row, column: column, kind: .ownText, written)
                    }
                }
            }
        }

        /// Stores a number, as a date or padded text if its style says so.
        mutating func storeNumber(_ number: Double, row: Int, column: Int) {
            switch styles.numberStyle(cellStyle) {
            case .general:
                cells.append(row: row, column: column, kind: .number, payload: number.bitPattern)
            case .date:
                let serial = isDate1904 ? number + 1462 : number
                cells.append(row: row, column: column, kind: .date, payload: serial.bitPattern)
            case .zeroPadded(let width):
                if number >= 0 && number < 1e15 && number == number.rounded(.towardZero) {
                    let digits = String(Int64(number))
                    if digits.count < width {
                        let padded = String(repeating: "0", count: width - digits.count) + digits
                        cells.appendOwn(row: row, column: column, kind: .ownText, padded)
                        return
                    }
                }
                cells.append(row: row, column: column, kind: .number, payload: number.bitPattern)
            }
        }

        /// Reads a `<mergeCell ref="A1:F1">`.
        mutating func readMergeCell(_ text: UnsafeBufferPointer<UInt8>, _ scanner: XLSXPartScanner)
            throws(XLSXError)
        {
            guard let reference = scanner.xml.attribute("ref", in: text) else { return }
            let value = UnsafeBufferPointer(rebasing: text[reference.value])
            let colon = value.firstIndex(of: XMLByte.colon) ?? value.count
            guard let first = Self.cellReference(UnsafeBufferPointer(rebasing: value[0..<colon])),
                let last = colon == value.count
                    ? first : Self.cellReference(UnsafeBufferPointer(rebasing: value[(colon + 1)...]))
            else {
                throw scanner.error(
                    "malformed merged range \(XLSXMessage.quoted(value))", at: tagStart(scanner), in: text)
            }
            for corner in [first, last] {
                try checkRow(corner.row, text, scanner)
                try checkColumn(corner.column, row: corner.row, text, scanner)
            }
            mergedRanges.append(
                XLSXRange(
                    firstRow: first.row, firstColumn: first.column, lastRow: last.row, lastColumn: last.column
                ))
        }

        /// Refuses a row index beyond Excel's or the limits.
        func checkRow(_ row: Int, _ text: UnsafeBufferPointer<UInt8>, _ scanner: XLSXPartScanner)
            throws(XLSXError)
        {
            guard row >= rowLimit else { return }
            let message =
                row >= XLSXLimits.excelRows
                ? "row \(row + 1) is beyond row \(XLSXLimits.excelRows), the last a sheet can have"
                : "row \(row + 1) is beyond the limit of \(rowLimit) rows"
            throw scanner.error(message, at: tagStart(scanner), in: text)
        }

        /// Refuses a column index beyond Excel's or the limits.
        func checkColumn(
            _ column: Int, row: Int, _ text: UnsafeBufferPointer<UInt8>, _ scanner: XLSXPartScanner
        )
            throws(XLSXError)
        {
            guard column >= columnLimit else { return }
            let message =
                column >= XLSXLimits.excelColumns
                ? "a cell in row \(row + 1) is beyond column XFD, the last a sheet can have"
                : "column \(SourceLocation.columnLetters(column + 1)) is beyond the limit of \(columnLimit) columns"
            throw scanner.error(message, at: tagStart(scanner), in: text)
        }

        /// Where the current tag's `<` is.
        func tagStart(_ scanner: XLSXPartScanner) -> Int { scanner.xml.name.lowerBound - 1 }

        /// A 0-based (row, column) from `A1`-style text, or nil if it is not one. Indexes
        /// beyond Excel's grid are returned as they are (capped far beyond it) for the caller
        /// to refuse.
        static func cellReference(_ text: UnsafeBufferPointer<UInt8>) -> (row: Int, column: Int)? {
            var index = 0
            var column = 0
            while index < text.count {
                let letter = text[index] | 0x20
                guard letter >= UInt8(ascii: "a") && letter <= UInt8(ascii: "z") else { break }
                column = min(column * 26 + Int(letter - UInt8(ascii: "a")) + 1, 1 << 30)
                index += 1
            }
            guard index > 0 else { return nil }
            let digitsStart = index
            var row = 0
            while index < text.count {
                let digit = text[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                row = min(row * 10 + Int(digit), 1 << 30)
                index += 1
            }
            guard index > digitsStart, row >= 1 else { return nil }
            return (row - 1, column - 1)
        }

        /// The type named by a `t` attribute, or nil for an unknown one.
        static func cellType(_ value: UnsafeBufferPointer<UInt8>) -> CellType? {
            switch value.count {
            case 1:
                switch value[0] {
                case UInt8(ascii: "s"): return .sharedString
                case UInt8(ascii: "n"): return .number
                case UInt8(ascii: "b"): return .bool
                case UInt8(ascii: "e"): return .error
                case UInt8(ascii: "d"): return .isoDate
                default: return nil
                }
            case 3 where value.elementsEqual("str".utf8): return .formulaString
            case 9 where value.elementsEqual("inlineStr".utf8): return .inlineString
            default: return nil
            }
        }

        /// The value of a boolean cell: `1` or `0` (as Excel writes), `true` or `false`.
        static func boolean(_ value: UnsafeBufferPointer<UInt8>) -> Bool? {
            if value.elementsEqual("1".utf8) || value.elementsEqual("true".utf8) { return true }
            if value.elementsEqual("0".utf8) || value.elementsEqual("false".utf8) { return false }
            return nil
        }

        /// `value` without XML white space at either end.
        static func trimmed(_ value: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
            var start = 0
            var end = value.count
            while start < end && XMLByte.isSpace(value[start]) { start += 1 }
            while end > start && XMLByte.isSpace(value[end - 1]) { end -= 1 }
            return UnsafeBufferPointer(rebasing: value[start..<end])
        }

        /// The Excel serial of an ISO 8601 date or date-time (`2023-09-01`,
        /// `2023-09-01T08:30:00`, optionally with fractional seconds and `Z`), or nil.
        static func serialDate(iso8601 text: String) -> Double? {
            let parts = text.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
            let dateFields = parts[0].split(separator: "-", omittingEmptySubsequences: false)
            guard dateFields.count == 3, let year = Int(dateFields[0]), let month = Int(dateFields[1]),
                let day = Int(dateFields[2]), (1...12).contains(month), (1...31).contains(day)
            else { return nil }
            var days = Double(XLSXCell.daysSince1970(year: year, month: month, day: day) + 25_569)
            if days < 61 { days -= 1 }  // Before Excel's fictitious 1900-02-29.
            guard parts.count == 2 else { return days }
            var time = parts[1]
            if time.hasSuffix("Z") { time = time.dropLast() }
            let timeFields = time.split(separator: ":", omittingEmptySubsequences: false)
            guard timeFields.count >= 2, timeFields.count <= 3, let hours = Int(timeFields[0]),
                let minutes = Int(timeFields[1])
            else { return nil }
            let seconds = timeFields.count == 3 ? Double(timeFields[2]) : 0
            guard let seconds else { return nil }
            return days + (Double(hours * 3600 + minutes * 60) + seconds) / 86_400
        }
    }

    /// The text of a cell's `<v>` or inline string: usually one range of the part's bytes,
    /// copied into a buffer only when it comes in pieces or has entities.
    struct TextCapture {
        private var range: Range<Int>?
        private var buffer: [UInt8] = []
        private var isBuffered = false

        mutating func reset() {
            range = nil
            isBuffered = false
        }

        mutating func add(_ scanner: XMLScanner, _ text: UnsafeBufferPointer<UInt8>) {
            if !isBuffered && range == nil && !scanner.textNeedsDecoding {
                range = scanner.text
                return
            }
            if !isBuffered {
                buffer.removeAll(keepingCapacity: true)
                if let range { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: text[range])) }
                isBuffered = true
            }
            if scanner.textIsLiteral {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: text[scanner.text]))
            } else {
                scanner.appendText(in: text, to: &buffer)
            }
        }

        func withBytes<Result>(
            _ text: UnsafeBufferPointer<UInt8>,
            _ body: (UnsafeBufferPointer<UInt8>) throws(XLSXError) -> Result
        ) throws(XLSXError) -> Result {
            if isBuffered {
                return try buffer.withUnsafeBufferPointer { buffer throws(XLSXError) in try body(buffer) }
            }
            return try body(UnsafeBufferPointer(rebasing: text[range ?? 0..<0]))
        }
    }

    /// Collects cells as they are read, then sorts them if needed.
    struct CellBuilder {
        var rows: [UInt32] = []
        var columns: [UInt16] = []
        var kinds: [XLSXCellStore.Kind] = []
        var payloads: [UInt64] = []
        var ownStrings: [String] = []
        var lastKey = -1
        var isSorted = true
        var lastColumn = -1

        init(expectedCells: Int) {
            rows.reserveCapacity(expectedCells)
            columns.reserveCapacity(expectedCells)
            kinds.reserveCapacity(expectedCells)
            payloads.reserveCapacity(expectedCells)
        }

        @inline(__always)
        mutating func append(row: Int, column: Int, kind: XLSXCellStore.Kind, payload: UInt64) {
            let key = row &* XLSXLimits.excelColumns &+ column
            if key <= lastKey { isSorted = false }
            lastKey = key
            lastColumn = max(lastColumn, column)
            rows.append(UInt32(truncatingIfNeeded: row))
            columns.append(UInt16(truncatingIfNeeded: column))
            kinds.append(kind)
            payloads.append(payload)
        }

        mutating func appendOwn(row: Int, column: Int, kind: XLSXCellStore.Kind, _ string: String) {
            append(row: row, column: column, kind: kind, payload: UInt64(ownStrings.count))
            ownStrings.append(string)
        }

        /// Sorts the cells by position if they came out of order, keeping the last of any two
        /// at the same position, and indexes them by row.
        consuming func finish(sharedStrings: [String]) -> XLSXCellStore {
            if !isSorted {
                let order = rows.indices.sorted {
                    let first = Int(rows[$0]) * XLSXLimits.excelColumns + Int(columns[$0])
                    let second = Int(rows[$1]) * XLSXLimits.excelColumns + Int(columns[$1])
                    return first != second ? first < second : $0 < $1
                }
                var kept: [Int] = []
                kept.reserveCapacity(order.count)
                for index in order {
                    if let last = kept.last, rows[last] == rows[index] && columns[last] == columns[index] {
                        kept[kept.count - 1] = index
                    } else {
                        kept.append(index)
                    }
                }
                rows = kept.map { rows[$0] }
                columns = kept.map { columns[$0] }
                kinds = kept.map { kinds[$0] }
                payloads = kept.map { payloads[$0] }
                lastColumn = Int(columns.max() ?? 0)
            }
            let rowCount = rows.last.map { Int($0) + 1 } ?? 0
            var rowFirstCell = [Int](repeating: 0, count: rowCount + 1)
            for row in rows { rowFirstCell[Int(row) + 1] += 1 }
            for row in 0..<rowCount { rowFirstCell[row + 1] += rowFirstCell[row] }
            return XLSXCellStore(
                rowFirstCell: rowFirstCell, columns: columns, kinds: kinds, payloads: payloads,
                sharedStrings: sharedStrings, ownStrings: ownStrings,
                columnCount: rows.isEmpty ? 0 : lastColumn + 1)
        }
    }
}

import AttainmentCore

/// The reading of a CSV score sheet straight from its bytes, in one pass over the student rows,
/// for the sheet that needs none of the CSV parser's generality and none of the reader's
/// messages: the usual export, read once per course for every programme of a university.
///
/// It gives exactly what `add(grid:)` gives on the same sheet, or nothing: the sheet's head
/// (title rows, the header block and a first student row or more) goes through the CSV parser
/// and `ScoreSheetLayout.detect` as always, and then every student row is read field by field
/// from the text. Whatever the plain reading does not handle, or anything `add(grid:)` would
/// have a word to say about, makes it give up and undo what it added; the sheet is then read
/// the usual way, which finds and reports what there is to report. The plain reading gives up
/// at:
///
/// - text that is not UTF-8 (GB18030 is converted by the usual reading);
/// - a header not found, or its block not ended, within the head; an attempt column; any
///   message about the header (unknown columns, items without a column, full marks);
/// - in a student row: a quote, a CR that is not part of CR LF, fewer fields than the columns
///   read, an empty id, a footer, a status word that is not one, a duplicate student, a score
///   that is negative, above full marks, blank where blanks are errors, or not a number or a
///   status word; a line of spaces.
extension ScoreSheetReader {
    /// Adds one CSV sheet from its bytes (UTF-8 or GB18030, as `CSVReader` reads them): as
    /// `add(grid:)` adds the sheet's `CSVTable`, with the same students, scores, locations and
    /// messages; the usual sheet in one pass over its rows.
    mutating func add(csv bytes: [UInt8], displayPath: String) {
        if addPlain(csv: bytes, displayPath: displayPath) { return }
        if let table = log.csvTable(bytes, displayPath: displayPath) { add(grid: CSVGrid(table: table)) }
    }

    /// The number of lines read as a sheet's head, tried in turn: a header in the first few
    /// lines is the usual case; one after title rows is found within the most lines
    /// `ScoreSheetLayout.detect` searches.
    static let plainHeadLines = [4, ScoreSheetLayout.headerSearchRows + ScoreSheetLayout.maxExtraHeaderRows + 2]

    /// The plain reading; false, with nothing added, when the sheet must be read the usual way.
    mutating func addPlain(csv bytes: [UInt8], displayPath: String) -> Bool {
        bytes.withUnsafeBufferPointer { whole in
            let text = UnsafeBufferPointer(rebasing: whole[(TextDecoding.startsWithByteOrderMark(whole) ? 3 : 0)...])
            // A second mark would be text to the usual reading, and dropped by the head's.
            guard !TextDecoding.startsWithByteOrderMark(text), let head = plainHead(text, displayPath: displayPath) else {
                return false
            }
            return addPlainRows(text, head: head, displayPath: displayPath)
        }
    }

    /// The head of a sheet, read the usual way, when it settles the layout (`PlainHead`).
    private func plainHead(_ text: UnsafeBufferPointer<UInt8>, displayPath: String) -> PlainHead? {
        for lines in Self.plainHeadLines {
            // The head: the text up to the end of its `lines`th line.
            var end = 0
            var seen = 0
            while end < text.count && seen < lines {
                if text[end] == ASCII.lineFeed { seen += 1 }
                end += 1
            }
            let isWhole = end == text.count
            let probe = DiagnosticLog()
            guard let table = probe.csvTable(Array(text[..<end]), displayPath: displayPath) else { return nil }
            let grid = CSVGrid(table: table)
            if let layout = ScoreSheetLayout.detect(grid, log: probe), layout.lastHeaderRow + 1 < grid.rowCount {
                guard layout.footer == nil, layout.attemptColumn == nil,
                      let itemColumns = mapItems(grid, layout, log: probe)
                else { return nil }
                checkFullMarks(grid, layout, itemColumns, log: probe)
                guard probe.diagnostics.isEmpty else { return nil }
                return PlainHead(
                    layout: layout, itemColumns: itemColumns.map { (item: $0.0, column: $0.1) },
                    dataStart: table.start(row: layout.lastHeaderRow))
            }
            // The header or its block may lie beyond the head: try a longer one.
            if isWhole { return nil }
        }
        return nil
    }

    /// Reads the student rows from `head.dataStart` to the end of the text into the pool.
    private mutating func addPlainRows(
        _ text: UnsafeBufferPointer<UInt8>, head: PlainHead, displayPath: String
    ) -> Bool {
        PlainRows(head: head, items: course.items.map(\.fullMarks), methods: methods, displayPath: displayPath)
            .read(text, into: &pool)
    }
}

/// A sheet's head read the usual way, when it settles the layout as reading the whole sheet
/// would: the header found, the header block ended by a later row, no footer, no attempt
/// column, and no message.
private struct PlainHead {
    let layout: ScoreSheetLayout
    let itemColumns: [(item: Int, column: Int)]
    /// Where the first student row starts in the text, and its line.
    let dataStart: (offset: Int, line: Int)
}

/// The student rows of a sheet whose head was read (`PlainHead`), read from the text.
private struct PlainRows {
    let idColumn: Int
    let nameColumn: Int?
    let statusColumn: Int?
    /// Each item's column and full marks.
    let columnOfItem: [Int]
    let fullMarks: [Double]
    /// The fields a row must have: up to the last column read.
    let needed: Int
    /// The columns up to the last one with a header; a row with a value past them is left to
    /// the usual reading, which reports it.
    let headerWidth: Int
    let methods: MethodSettings
    let dataStart: (offset: Int, line: Int)
    let displayPath: String

    init(head: PlainHead, items fullMarks: [Double], methods: MethodSettings, displayPath: String) {
        let layout = head.layout
        idColumn = layout.idColumn
        nameColumn = layout.nameColumn
        statusColumn = layout.statusColumn
        // Items without a column are an error, so every item has one here.
        var columnOfItem = [Int](repeating: 0, count: fullMarks.count)
        for (item, column) in head.itemColumns { columnOfItem[item] = column }
        self.columnOfItem = columnOfItem
        self.fullMarks = fullMarks
        needed = ([layout.idColumn, layout.nameColumn ?? 0, layout.statusColumn ?? 0] + columnOfItem).max()! + 1
        headerWidth = layout.headerWidth
        self.methods = methods
        dataStart = head.dataStart
        self.displayPath = displayPath
    }

    /// Reads every row into `pool`; false, with `pool` as it was, at the first thing the plain
    /// reading does not handle.
    ///
    /// Each byte is looked at once: a score field is read as a number while it is scanned for
    /// its end, and any field with bytes above ASCII is checked as UTF-8 (a separator is ASCII,
    /// so the text is valid UTF-8 exactly when each field is).
    func read(_ text: UnsafeBufferPointer<UInt8>, into pool: inout SheetPool) -> Bool {
        guard let base = text.baseAddress else { return false }
        let count = text.count
        let itemCount = fullMarks.count
        let studentCount = pool.students.count
        let wasExcluded = pool.anyExcluded

        // Room for the rows: at most one per line. Counted, not estimated, because the pool's
        // arrays become the score table's, kept with the results: room to spare would be kept
        // with them.
        let rowCapacity = SWAR.count(of: ASCII.lineFeed, in: UnsafeBufferPointer(rebasing: text[dataStart.offset...])) + 1
        // Duplicate ids: on the course's first sheet, as long as the ids come in increasing
        // order (the usual export), none repeats and none needs hashing; the students go into
        // the pool's index when a later reading needs it (`SheetPool.indexPending`). Else, or
        // from the first id out of order, each id is looked up.
        pool.indexPending()
        var inOrder = studentCount == 0
        // The id before, where it is in the text, and whether it is ASCII.
        var previousID = (start: 0, count: 0, isASCII: true)
        pool.reserve(rows: rowCapacity, items: itemCount, indexed: !inOrder)
        let place = pool.locations.place(file: displayPath)
        // The sheet's scores and inclusions, row after row, written in place and added to the
        // pool at the end.
        let sheetScores = UnsafeMutablePointer<Double>.allocate(capacity: rowCapacity * max(itemCount, 1))
        let sheetIncluded = UnsafeMutablePointer<Double>.allocate(capacity: rowCapacity * max(itemCount, 1))
        var sheetRows = 0
        defer {
            sheetScores.deallocate()
            sheetIncluded.deallocate()
        }

        // Per column up to `needed`: the item it holds, or -1.
        let itemOfColumn = UnsafeMutablePointer<Int>.allocate(capacity: needed)
        itemOfColumn.initialize(repeating: -1, count: needed)
        for (j, column) in columnOfItem.enumerated() { itemOfColumn[column] = j }
        // Each field of the row being read, trimmed of spaces and tabs: [start, end); and each
        // item's score, with whether it was read as a plain number while scanning.
        let starts = UnsafeMutablePointer<Int>.allocate(capacity: needed)
        let ends = UnsafeMutablePointer<Int>.allocate(capacity: needed)
        let rowPlain = UnsafeMutablePointer<Bool>.allocate(capacity: max(itemCount, 1))
        defer {
            itemOfColumn.deallocate()
            starts.deallocate()
            ends.deallocate()
            rowPlain.deallocate()
        }
        func field(_ column: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(start: base + starts[column], count: ends[column] - starts[column])
        }
        var position = dataStart.offset
        var line = dataStart.line

        // The loop returns at the end of the text; it is left only to give up.
        rows: while true {
            guard position < count else {
                pool.scores.append(contentsOf: UnsafeBufferPointer(start: sheetScores, count: sheetRows * itemCount))
                pool.included.append(contentsOf: UnsafeBufferPointer(start: sheetIncluded, count: sheetRows * itemCount))
                return true
            }
            // An empty line is no row.
            let first = base[position]
            if first == ASCII.lineFeed || first == ASCII.carriageReturn {
                if first == ASCII.carriageReturn {
                    guard position + 1 < count, base[position + 1] == ASCII.lineFeed else { break rows }
                    position += 1
                }
                position += 1
                line += 1
                continue
            }

            // A row ends at an LF or the end of the text, so there is room for it.
            let rowScores = sheetScores + sheetRows * itemCount
            let rowIncluded = sheetIncluded + sheetRows * itemCount

            // The row's fields, and the bits of the id's bytes (is it ASCII?).
            var fields = 0
            var idHigh: UInt8 = 0
            var index = position
            while true {
                var start = index
                let item = fields < needed ? itemOfColumn[fields] : -1
                if item >= 0 {
                    // A score: digits with at most one point, read as `DecimalNumber` reads
                    // a short decimal, up to the first other byte.
                    // Digits after the point are counted without a branch: `afterPoint` is 1
                    // from the point on.
                    var mantissa: Int64 = 0
                    var digits = 0
                    var afterPoint = 0
                    var fractionDigits = 0
                    while index < count {
                        let byte = base[index]
                        let digit = byte &- ASCII.zero
                        if digit < 10 {
                            mantissa = mantissa &* 10 &+ Int64(digit)
                            digits &+= 1
                            fractionDigits &+= afterPoint
                        } else if byte == ASCII.period && afterPoint == 0 {
                            afterPoint = 1
                        } else {
                            break
                        }
                        index += 1
                    }
                    let ended = index == count || base[index] == ASCII.comma || base[index] == ASCII.lineFeed
                        || base[index] == ASCII.carriageReturn
                    if ended && digits > 0 && digits <= 15 {
                        rowScores[item] = DecimalNumber.shortValue(mantissa, fractionDigits: fractionDigits)
                        rowPlain[item] = true
                        starts[fields] = start
                        ends[fields] = index
                    } else {
                        rowPlain[item] = false
                    }
                }
                if item < 0 || !rowPlain[item] {
                    // Any other field: to the next separator.
                    var high: UInt8 = 0
                    defer { if fields == idColumn { idHigh = high } }
                    while index < count {
                        let byte = base[index]
                        // Comma, LF, CR and the quote are all at or below 0x2C; digits and letters are above.
                        if byte <= ASCII.comma
                            && (byte == ASCII.comma || byte == ASCII.lineFeed || byte == ASCII.carriageReturn
                                || byte == ASCII.quote) {
                            break
                        }
                        high |= byte
                        index += 1
                    }
                    if high >= 0x80 && !TextDecoding.isValidUTF8(base + start, count: index - start) {
                        break rows
                    }
                    // A value past the header's last column (a decimal comma?): reported by
                    // the usual reading.
                    if fields >= headerWidth && (start..<index).contains(where: { !ASCII.isBlank(base[$0]) }) {
                        break rows
                    }
                    if fields < needed {
                        var end = index
                        while start < end && ASCII.isBlank(base[start]) { start += 1 }
                        while end > start && ASCII.isBlank(base[end - 1]) { end -= 1 }
                        starts[fields] = start
                        ends[fields] = end
                    }
                }
                fields += 1
                guard index < count else { break }
                let separator = base[index]
                index += 1
                if separator == ASCII.comma { continue }
                if separator == ASCII.lineFeed { break }
                guard separator == ASCII.carriageReturn, index < count, base[index] == ASCII.lineFeed else { break rows }
                index += 1
                break
            }
            let rowLine = line
            position = index
            line += 1
            guard fields >= needed else { break rows }

            // A footer (ScoreSheetLayout.detect): text that is not a number in the id column
            // or left of it.
            for column in 0...idColumn {
                let text = field(column)
                if DecimalNumber.parse(text) == nil
                    && ScoreSheetLayout.isFooterText(String(decoding: text, as: UTF8.self)) {
                    break rows
                }
            }
            let idText = field(idColumn)
            guard !idText.isEmpty else { break rows }
            var rowStatus: ScoreStatus?
            if let statusColumn, ends[statusColumn] > starts[statusColumn] {
                guard let status = ScoreStatus(word: String(decoding: field(statusColumn), as: UTF8.self)) else {
                    break rows
                }
                rowStatus = status
            }

            if rowStatus?.excludesRow == true {
                for j in 0..<itemCount {
                    rowScores[j] = 0
                    rowIncluded[j] = 0
                }
                if itemCount > 0 { pool.anyExcluded = true }
            } else {
                for j in 0..<itemCount {
                    if rowPlain[j] {
                        guard rowScores[j] <= fullMarks[j] else { break rows }
                        rowIncluded[j] = 1
                        continue
                    }
                    let text = field(columnOfItem[j])
                    if let number = DecimalNumber.parse(text) {
                        guard number >= 0 && number <= fullMarks[j] else { break rows }
                        rowScores[j] = number
                        rowIncluded[j] = 1
                    } else {
                        guard let (score, counts) = ScoreSheetReader.notANumber(
                            isBlank: text.isEmpty, text: String(decoding: text, as: UTF8.self), rowStatus: rowStatus,
                            methods: methods)
                        else { break rows }
                        rowScores[j] = score
                        rowIncluded[j] = counts ? 1 : 0
                        if !counts { pool.anyExcluded = true }
                    }
                }
            }
            // The id is entered last, when nothing after it can make the reading give up.
            let id = String(decoding: idText, as: UTF8.self)
            let isASCII = idHigh < 0x80
            if inOrder && (sheetRows == 0 || Self.precedes(previousID, (idText, isASCII), in: base, id: id)) {
                // An id above the one before is none of the ones before, in an order that
                // agrees with String equality, which the index uses.
                previousID = (idText.baseAddress! - base, idText.count, isASCII)
            } else {
                if inOrder {
                    pool.indexPending()
                    inOrder = false
                }
                if let earlier = pool.firstRow.updateValue(pool.students.count, forKey: id) {
                    pool.firstRow[id] = earlier
                    break rows
                }
            }
            sheetRows += 1
            pool.attempts.append(1)
            pool.students.append(
                Student(id: id, name: nameColumn.map { String(decoding: field($0), as: UTF8.self) } ?? ""))
            pool.locations.append(place: place, line: rowLine, column: idColumn + 1)
            if !inOrder { pool.markIndexed() }
        }
        pool.truncate(students: studentCount, anyExcluded: wasExcluded)
        return false
    }

    /// Whether the id before (its place in the text) comes before `next` (its bytes, and as
    /// text) in String order. Two ASCII ids compare by their bytes, which is String order for
    /// ASCII and makes no text; other ids compare as Strings, whose order agrees with their
    /// equality (canonical equivalence), where their bytes' order would not.
    private static func precedes(
        _ previous: (start: Int, count: Int, isASCII: Bool), _ next: (bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool),
        in base: UnsafePointer<UInt8>, id: String
    ) -> Bool {
        let before = UnsafeBufferPointer(start: base + previous.start, count: previous.count)
        guard previous.isASCII && next.isASCII else { return String(decoding: before, as: UTF8.self) < id }
        return before.lexicographicallyPrecedes(next.bytes)
    }
}

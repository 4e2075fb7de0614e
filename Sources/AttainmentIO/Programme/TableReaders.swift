import AttainmentCore

/// A status word of a score sheet (format.md, "Status words").
enum ScoreStatus: CaseIterable {
    case absent, deferred, exempt, cheating

    init?(word: String) {
        switch word.lowercased() {
        case "缺考", "absent": self = .absent
        case "缓考", "deferred": self = .deferred
        case "免修", "exempt": self = .exempt
        case "作弊", "cheating": self = .cheating
        default: return nil
        }
    }

    static let wordList = "缺考, 缓考, 免修, 作弊 or absent, deferred, exempt, cheating"

    /// Whether the word in a row's status column leaves the student's whole row out (deferred,
    /// exempt), rather than standing for the blank scores of the row.
    var excludesRow: Bool { self == .deferred || self == .exempt }
}

/// An attempt word of a score sheet's attempt column (format.md, "Retakes and resits"):
/// 1 a first sitting, 2 a resit (补考), 3 a retake (重修); a whole number names the attempt.
enum AttemptWord {
    /// The attempt a cell gives; nil when it is neither a known word nor a whole number ≥ 1.
    /// A blank cell is a first attempt.
    static func attempt(_ text: String) -> Int? {
        let word = ScoreSheetLayout.normalised(text)
        switch word {
        case "", "正常", "初修", "首修", "normal", "first": return 1
        case "补考", "resit": return 2
        case "重修", "retake": return 3
        default:
            guard let number = Double(word), number >= 1, number == number.rounded(), number < 1_000 else { return nil }
            return Int(number)
        }
    }

    static let wordList = "正常 (or 初修, 首修, normal, first) = 1, 补考 (resit) = 2, 重修 (retake) = 3, or a whole number of 1 or more"
}

/// A roster's status word (format.md, "Roster").
enum RosterStatusWord {
    /// The status a cell gives; nil when it is not a known word. A blank cell is regular.
    static func status(_ text: String) -> StudentStatus? {
        switch ScoreSheetLayout.normalised(text) {
        case "", "正常", "在读", "在籍", "regular": .regular
        case "转入", "转专业转入", "transfer-in", "transferred-in": .transferredIn
        case "退学", "转出", "休学", "left": .left
        default: nil
        }
    }

    static let wordList = "blank (regular), 转入, 转专业转入, transfer-in (transferred in), 退学, 转出, 休学, left (left)"
}

/// Accepted headers of the student-id and name columns of score sheets and the roster.
let studentIDHeaders = ["student_id", "id", "学号"]
let studentNameHeaders = ["name", "姓名"]

/// Finds a column by any of its accepted header names (English ones in any case).
func columnIndex(_ header: [String], _ names: [String]) -> Int? {
    header.firstIndex { cell in names.contains { $0 == cell.lowercased() } }
}

/// Text of a cell for a message, shortened so that a stray paste cannot flood the terminal.
func quoted(_ text: String) -> String {
    XLSXMessage.quoted(text)
}

enum SupportMatrixReader {
    /// Reads support.csv into support entries in row order, recording each cell's location
    /// and each indicator column's header. Returns the course ids in row order too.
    static func read(
        _ table: CSVTable, indicatorIDs: Set<String>, log: DiagnosticLog, sourceMap: inout SourceMap
    ) -> (entries: [SupportEntry], courseOrder: [String]) {
        read(CSVGrid(table: table), indicatorIDs: indicatorIDs, log: log, sourceMap: &sourceMap)
    }

    /// Reads a support matrix whose first row is its header: courses down, indicators across.
    static func read(
        _ grid: some ScoreGrid, indicatorIDs: Set<String>, log: DiagnosticLog, sourceMap: inout SourceMap
    ) -> (entries: [SupportEntry], courseOrder: [String]) {
        let header = grid.rowCount > 0 ? (0..<grid.columnCount(row: 0)).map { grid.text(row: 0, column: $0) } : []
        let layout = ProgrammeWorkbookLayout.support
        let courseHeaders = ["course", "课程", "课程编号", "course_id", layout.column("course").header]
        guard let courseColumn = columnIndex(header, courseHeaders) else {
            log.error(.missingField, "needs a first column 'course' (or 课程) with course ids", at: grid.location(row: 0, column: 0))
            return ([], [])
        }
        let nameColumn = columnIndex(header, ["name", "课程名称", "course_name", layout.column("name").header])
        var indicatorColumns: [(column: Int, id: String)] = []
        var seenIndicators = Set<String>()
        for (column, id) in header.enumerated() where column != courseColumn && column != nameColumn {
            let location = grid.location(row: 0, column: column)
            if id.isEmpty {
                // A workbook column with neither header nor content is only spacing.
                if grid.emptyCellsAreSpacing, grid.isBlankColumn(column, rows: 1..<max(grid.rowCount, 1)) {
                    continue
                }
                log.error(.missingField, "column \(column + 1) has no indicator id in its header", at: location)
            } else if !indicatorIDs.contains(id) {
                log.error(.unknownID, "indicator \(id) is not defined in programme.yaml", at: location)
            } else if !seenIndicators.insert(id).inserted {
                log.error(.duplicateID, "indicator \(id) has two columns", at: location)
            } else {
                indicatorColumns.append((column, id))
                sourceMap.set(.indicator(id), location)
            }
        }
        var entries: [SupportEntry] = []
        var courseOrder: [String] = []
        var seenCourses = Set<String>()
        for row in 1..<max(grid.rowCount, 1) {
            let course = grid.text(row: row, column: courseColumn)
            let location = grid.location(row: row, column: courseColumn)
            guard !course.isEmpty else {
                if grid.emptyCellsAreSpacing, grid.isBlankRow(row) {
                    continue
                }
                log.error(.missingField, "a row has no course id", at: location)
                continue
            }
            guard seenCourses.insert(course).inserted else {
                log.error(.duplicateID, "course \(course) has two rows", at: location)
                continue
            }
            courseOrder.append(course)
            grid.reportValuePastHeader(
                row: row, width: header.count, hint: "a comma in an unquoted text? Quote the field", log: log)
            for (column, indicator) in indicatorColumns {
                if grid.isBlank(row: row, column: column) { continue }
                let text = grid.text(row: row, column: column)
                let cellLocation = grid.location(row: row, column: column)
                guard let strength = parseSupportStrength(text) else {
                    log.error(
                        .invalidValue,
                        "\(quoted(text)) is not a support level: use H, M, L (高, 中, 低) or a positive number",
                        at: cellLocation)
                    continue
                }
                sourceMap.record(.courseSupport(course: course, indicator: indicator), cellLocation)
                entries.append(SupportEntry(from: course, to: indicator, strength: strength))
            }
        }
        return (entries, courseOrder)
    }
}

enum RosterReader {
    /// Headers of the roster's optional status column.
    static let statusHeaders = ["status", "状态", "学籍状态"]

    /// Reads roster.csv; returns the students, where each is listed, and each one's status
    /// (regular when the roster has no status column or the cell is blank).
    static func read(
        _ table: CSVTable, log: DiagnosticLog
    ) -> [(student: Student, location: SourceLocation, status: StudentStatus)] {
        guard let idColumn = columnIndex(table.header, studentIDHeaders) else {
            log.error(.missingField, "needs a column 'student_id' (or 学号)", at: table.headerLocation(column: 0))
            return []
        }
        let nameColumn = columnIndex(table.header, studentNameHeaders)
        let statusColumn = columnIndex(table.header, statusHeaders)
        var students: [(student: Student, location: SourceLocation, status: StudentStatus)] = []
        var seen = [String: SourceLocation]()
        for row in 0..<table.rowCount {
            let id = table.field(row: row, column: idColumn).string
            let location = table.location(row: row, column: idColumn)
            if id.isEmpty {
                log.error(.missingField, "a row has no student id", at: location)
                continue
            }
            if let first = seen[id] {
                log.error(.duplicateStudent, "this student id is already listed at line \(first.line ?? 0)", at: location)
                continue
            }
            seen[id] = location
            // The grid's row 0 is the header.
            CSVGrid(table: table).reportValuePastHeader(
                row: row + 1, width: table.header.count, hint: "a comma in an unquoted name? Quote the field", log: log)
            let name = nameColumn.map { table.field(row: row, column: $0).string } ?? ""
            var status = StudentStatus.regular
            if let statusColumn {
                let word = table.field(row: row, column: statusColumn).string
                if let known = RosterStatusWord.status(word) {
                    status = known
                } else {
                    log.error(
                        .invalidValue, "\(quoted(word)) is not a student status: use \(RosterStatusWord.wordList)",
                        at: table.location(row: row, column: statusColumn))
                }
            }
            students.append((Student(id: id, name: name), location, status))
        }
        return students
    }
}

/// How a course's score sheets name its items, from the course file.
package struct SheetColumns: Sendable, Equatable {
    /// Item id → the header of its column, for items whose header is not their id.
    package var headers: [String: String] = [:]
    /// Further headers of columns that are not items and are to be ignored.
    package var ignored: [String] = []

    package init(headers: [String: String] = [:], ignored: [String] = []) {
        self.headers = headers
        self.ignored = ignored
    }
}

/// Reads the score sheets of one course and pools them into one table.
struct ScoreSheetReader {
    let course: Course
    let methods: MethodSettings
    let columns: SheetColumns
    let log: DiagnosticLog
    /// Headers of columns to skip (format.md), normalised: the usual ones and the course's.
    private let ignoredHeaders: Set<String>

    /// The students pooled so far, added to by `add(grid:)` and by `add(csv:displayPath:)`
    /// (PlainCSVSheet.swift).
    var pool = SheetPool()
    /// Each student's rows of later attempts (2 and up), by attempt, as indices into `students`.
    private var laterRows: [String: [Int: Int]] = [:]

    init(course: Course, methods: MethodSettings, columns: SheetColumns = SheetColumns(), log: DiagnosticLog) {
        self.course = course
        self.methods = methods
        self.columns = columns
        self.log = log
        ignoredHeaders = ScoreSheetLayout.normalisedIgnoredHeaders.union(columns.ignored.map(ScoreSheetLayout.normalised))
    }

    /// Where each pooled student's row is, for later warnings.
    var studentLocations: RowLocations { pool.locations }

    /// Adds one sheet (a teaching class, or several with a class column).
    mutating func add(grid: some ScoreGrid) {
        guard let layout = ScoreSheetLayout.detect(grid, log: log) else { return }
        guard let itemColumns = mapItems(grid, layout, log: log) else { return }
        checkFullMarks(grid, layout, itemColumns, log: log)
        let idColumn = layout.idColumn
        let itemCount = course.items.count
        let fullMarks = course.items.map(\.fullMarks)
        pool.indexPending()
        defer { pool.markIndexed() }
        pool.reserve(rows: layout.studentRows.count)
        let itemSheetColumns = itemColumns.map(\.1)
        let headerWidth = layout.headerWidth
        var rowNumbers = [Double?](repeating: nil, count: itemColumns.count)
        // The sheet's scores, row after row, written in place and added to the pool at the end.
        var sheetScores = [Double](repeating: 0, count: layout.studentRows.count * itemCount)
        var sheetIncluded = [Double](repeating: 1, count: layout.studentRows.count * itemCount)
        var sheetRows = 0

        for row in layout.studentRows {
            let idLocation = grid.location(row: row, column: idColumn)
            let id = grid.text(row: row, column: idColumn)
            if id.isEmpty {
                // An empty worksheet row is no row; a CSV line of commas is reported.
                if !(grid.emptyCellsAreSpacing && grid.isBlankRow(row)) {
                    log.error(.missingField, "a row has no student id", at: idLocation)
                }
                continue
            }
            // The attempt (methods.md §14): a student may have one row per attempt.
            var attempt = 1
            if let attemptColumn = layout.attemptColumn {
                let word = grid.text(row: row, column: attemptColumn)
                if let known = AttemptWord.attempt(word) {
                    attempt = known
                } else {
                    log.error(
                        .invalidValue, "\(quoted(word)) is not an attempt: use \(AttemptWord.wordList)",
                        at: grid.location(row: row, column: attemptColumn))
                }
            }
            // One hash lookup for the usual row: record it as the next student's, and put back
            // the earlier row of a duplicate.
            let earlier: Int?
            if attempt == 1 {
                earlier = pool.firstRow.updateValue(pool.students.count, forKey: id)
                if let earlier { pool.firstRow[id] = earlier }
            } else {
                earlier = laterRows[id, default: [:]].updateValue(pool.students.count, forKey: attempt)
                if let earlier { laterRows[id]?[attempt] = earlier }
            }
            if let earlier {
                let first = pool.locations[earlier]
                log.error(
                    .duplicateStudent,
                    layout.attemptColumn == nil
                        ? "this student already has a row for \(course.id) at \(Self.place(first))"
                        : "this student already has a row for \(course.id) with attempt \(attempt) at \(Self.place(first))",
                    at: idLocation)
                continue
            }
            pool.attempts.append(attempt)
            grid.reportValuePastHeader(
                row: row, width: headerWidth,
                hint: "a decimal comma (42,28) or a comma in an unquoted text? Write 42.28, or quote the field", log: log)

            var rowStatus: ScoreStatus?
            if let statusColumn = layout.statusColumn, !grid.isBlank(row: row, column: statusColumn) {
                let word = grid.text(row: row, column: statusColumn)
                rowStatus = ScoreStatus(word: word)
                if rowStatus == nil {
                    log.error(
                        .invalidValue, "\(quoted(word)) is not a status: use \(ScoreStatus.wordList)",
                        at: grid.location(row: row, column: statusColumn))
                }
            }
            let wholeRowExcluded = rowStatus?.excludesRow == true

            let base = sheetRows * itemCount
            sheetRows += 1
            if wholeRowExcluded {
                for j in 0..<itemCount { sheetIncluded[base + j] = 0 }
                if itemCount > 0 { pool.anyExcluded = true }
            } else {
                grid.numbers(row: row, columns: itemSheetColumns, into: &rowNumbers)
                for ((j, column), number) in zip(itemColumns, rowNumbers) {
                    let (score, counts) = cell(
                        grid, row: row, column: column, number: number, item: j, fullMarks: fullMarks[j], rowStatus: rowStatus)
                    sheetScores[base + j] = score
                    sheetIncluded[base + j] = counts ? 1 : 0
                    if !counts { pool.anyExcluded = true }
                }
            }
            pool.students.append(Student(id: id, name: layout.nameColumn.map { grid.text(row: row, column: $0) } ?? ""))
            pool.locations.append(idLocation)
        }
        pool.scores.append(contentsOf: sheetScores[..<(sheetRows * itemCount)])
        pool.included.append(contentsOf: sheetIncluded[..<(sheetRows * itemCount)])
        if let footer = layout.footer {
            reportRowsAfterFooter(grid, layout, footer: footer, itemColumns: itemColumns)
        }
    }

    /// `file:line` or `book.xlsx:Sheet!B7`, for pointing at another row in a message.
    static func place(_ location: SourceLocation) -> String {
        location.sheet == nil ? "\(location.file):\(location.line ?? 0)" : location.description
    }

    /// Maps the plan's items to the sheet's columns: by the header given in the course file
    /// (`column:`), else by the item id; a header matches by its full text ("一/1") or by its
    /// last part ("1") when that is unique. Logs every column that is neither an item nor
    /// ignorable and every item without a column.
    /// - Returns: (item index, column) pairs, or nil when nothing can be read.
    func mapItems(_ grid: some ScoreGrid, _ layout: ScoreSheetLayout, log: DiagnosticLog) -> [(Int, Int)]? {
        let identity = layout.identityColumns
        let candidates = layout.headerParts.indices.filter { !identity.contains($0) }
        var columnOfItem = [Int?](repeating: nil, count: course.items.count)
        var itemOfColumn = [Int?](repeating: nil, count: layout.headerParts.count)
        for j in course.items.indices {
            let itemID = course.items[j].id
            let wanted = columns.headers[itemID] ?? itemID
            var matches = candidates.filter { layout.headerKey($0) == wanted }
            if matches.isEmpty {
                matches = candidates.filter { layout.headerParts[$0].last == wanted }
            }
            if matches.count > 1 {
                let names = matches.map { grid.location(row: layout.headerRow, column: $0) }
                    .map { $0.sheet == nil ? "column \($0.column ?? 0)" : $0.description }
                log.error(
                    .ambiguousColumn,
                    "item \(itemID) matches \(names.joined(separator: " and ")); give the full header (e.g. \(quoted(layout.headerKey(matches[0])))) as the item's column: in the course file",
                    at: grid.location(row: layout.headerRow, column: matches[1]))
                continue
            }
            guard let column = matches.first else {
                log.error(
                    .itemNotInSheet,
                    columns.headers[itemID] == nil
                        ? "item \(itemID) of \(course.id)'s assessment plan has no column in this sheet"
                        : "item \(itemID) of \(course.id)'s assessment plan has no column \(quoted(wanted)) in this sheet",
                    at: grid.rowLocation(row: layout.headerRow))
                continue
            }
            if let other = itemOfColumn[column] {
                log.error(
                    .duplicateID, "items \(course.items[other].id) and \(itemID) both read this column",
                    at: grid.location(row: layout.headerRow, column: column))
                continue
            }
            itemOfColumn[column] = j
            columnOfItem[j] = column
        }
        for column in candidates where itemOfColumn[column] == nil {
            let key = layout.headerKey(column)
            let location = grid.location(row: layout.headerRow, column: column)
            if ignoredHeaders.contains(ScoreSheetLayout.normalised(key))
                || layout.headerParts[column].contains(where: { ignoredHeaders.contains(ScoreSheetLayout.normalised($0)) }) {
                continue
            }
            if key.isEmpty {
                // A worksheet column without header and without scores is only spacing.
                if grid.emptyCellsAreSpacing, grid.isBlankColumn(column, rows: layout.studentRows) { continue }
                log.error(.itemNotInPlan, "column \(column + 1) has no header", at: location)
            } else {
                log.error(
                    .itemNotInPlan, "column \(quoted(key)) is not an item of \(course.id)'s assessment plan",
                    at: location)
            }
        }
        return columnOfItem.enumerated().compactMap { j, column in column.map { (j, $0) } }
    }

    /// Compares a full-marks row (满分) with the plan's full marks.
    func checkFullMarks(_ grid: some ScoreGrid, _ layout: ScoreSheetLayout, _ itemColumns: [(Int, Int)], log: DiagnosticLog) {
        guard let row = layout.fullMarksRow else { return }
        for (j, column) in itemColumns {
            let item = course.items[j]
            guard !grid.isBlank(row: row, column: column) else { continue }
            guard let marks = grid.number(row: row, column: column) else {
                log.error(
                    .notANumber, "the full marks of item \(item.id) in the sheet, \(quoted(grid.text(row: row, column: column))), are not a number",
                    at: grid.location(row: row, column: column))
                continue
            }
            if abs(marks - item.fullMarks) > 1e-9 * max(1, item.fullMarks) {
                log.error(
                    .fullMarksMismatch,
                    "the sheet gives item \(item.id) full marks \(shortDecimal(marks)); the assessment plan of \(course.id) says \(shortDecimal(item.fullMarks))",
                    at: grid.location(row: row, column: column))
            }
        }
    }

    /// A row below the footer that holds a student id and scores would be lost: report it.
    private func reportRowsAfterFooter(
        _ grid: some ScoreGrid, _ layout: ScoreSheetLayout, footer: (row: Int, text: String), itemColumns: [(Int, Int)]
    ) {
        for row in (footer.row + 1)..<max(grid.rowCount, footer.row + 1) {
            let id = grid.text(row: row, column: layout.idColumn)
            guard !id.isEmpty, !grid.isDate(row: row, column: layout.idColumn) else { continue }
            if ScoreSheetLayout.isFooterText(id) { continue }
            let hasScores = itemColumns.contains { grid.number(row: row, column: $0.1) != nil }
            guard hasScores else { continue }
            log.error(
                .invalidValue,
                "this row looks like a student's but comes after the footer row \(Self.place(grid.rowLocation(row: footer.row))) (\(quoted(footer.text))); the student list ends at the footer",
                at: grid.location(row: row, column: layout.idColumn))
            return
        }
    }

    /// One score cell, whose number (if it is one) is `number`: its value and whether it counts.
    private func cell(
        _ grid: some ScoreGrid, row: Int, column: Int, number: Double?, item j: Int, fullMarks: Double,
        rowStatus: ScoreStatus?
    ) -> (Double, Bool) {
        if let number {
            if number < 0 {
                log.error(.negativeScore, "a score of item \(course.items[j].id) is negative", at: grid.location(row: row, column: column))
            } else if number > fullMarks {
                log.error(
                    .scoreAboveFullMarks, "a score of item \(course.items[j].id) is above its full marks (\(shortDecimal(fullMarks)))",
                    at: grid.location(row: row, column: column))
            }
            return (number, true)
        }
        let isBlank = grid.isBlank(row: row, column: column)
        let text = isBlank ? "" : grid.text(row: row, column: column)
        if let value = Self.notANumber(isBlank: isBlank, text: text, rowStatus: rowStatus, methods: methods) {
            return value
        }
        if isBlank {
            log.error(
                .blankScore,
                "the score of item \(course.items[j].id) is blank; write a number or a status word, or set methods.blank",
                at: grid.location(row: row, column: column))
        } else {
            log.error(
                .notANumber, "\(quoted(text)) is not a number or a status word (\(ScoreStatus.wordList))",
                at: grid.location(row: row, column: column))
        }
        return (0, false)
    }

    /// A score cell that is not a number: blank (under the row's status word, else
    /// `methods.blank`) or a status word; its value and whether it counts. Nil for a cell to
    /// report: blank where blanks are errors, or text that is no status word.
    static func notANumber(
        isBlank: Bool, text: @autoclosure () -> String, rowStatus: ScoreStatus?, methods: MethodSettings
    ) -> (Double, Bool)? {
        if isBlank {
            if let rowStatus { return apply(rowStatus, methods: methods) }
            switch methods.blank {
            case .zero: return (0, true)
            case .exclude: return (0, false)
            case .error: return nil
            }
        }
        return ScoreStatus(word: text()).map { apply($0, methods: methods) }
    }

    /// A status word's score and whether it counts, under the rules for absence and cheating.
    static func apply(_ status: ScoreStatus, methods: MethodSettings) -> (Double, Bool) {
        switch status {
        case .absent: (0, methods.absent == .zero)
        case .cheating: (0, methods.cheating == .zero)
        case .deferred, .exempt: (0, false)
        }
    }

    /// The pooled table.
    func table() -> ScoreTable {
        let rows = pool.students.count
        let columns = course.items.count
        return ScoreTable(
            students: pool.students,
            scores: Matrix(rows: rows, columns: columns, elements: pool.scores),
            included: pool.anyExcluded ? Matrix(rows: rows, columns: columns, elements: pool.included) : nil,
            attempts: pool.attempts.allSatisfy { $0 == 1 } ? nil : pool.attempts)
    }
}

/// The students a `ScoreSheetReader` has pooled from its sheets, row by row: the parts of the
/// course's score table, and what finding duplicates and reporting needs.
struct SheetPool {
    var students: [Student] = []
    /// Where each student's row is, for later warnings.
    var locations = RowLocations()
    /// Each student's row of a first attempt, as an index into `students`, for duplicates: of
    /// the first `indexedCount` students (`indexPending()`).
    var firstRow: [String: Int] = [:]
    /// How many of `students`, from the first, `firstRow` covers. The others were added by the
    /// plain reading of a first sheet whose ids came in increasing order, so that none repeats
    /// (`PlainCSVSheet`), and go into `firstRow` when a reading needs it.
    private(set) var indexedCount = 0
    /// Students × items, row after row.
    var scores: [Double] = []
    var included: [Double] = []
    /// Whether any cell is left out (`included` then goes into the table).
    var anyExcluded = false
    var attempts: [Int] = []

    /// Enters the students `firstRow` does not cover yet (their first attempts); every reading
    /// that looks a student up calls it first.
    mutating func indexPending() {
        guard indexedCount < students.count else { return }
        firstRow.reserveCapacity(students.count)
        for row in indexedCount..<students.count where attempts[row] == 1 { firstRow[students[row].id] = row }
        indexedCount = students.count
    }

    /// Records that the reading that added the students since the last call has entered each
    /// of them in `firstRow` itself.
    mutating func markIndexed() {
        indexedCount = students.count
    }

    /// Room for `rows` more students with `items` scores each; `indexed` makes room in
    /// `firstRow` too.
    mutating func reserve(rows: Int, items: Int = 0, indexed: Bool = true) {
        if indexed { firstRow.reserveCapacity(firstRow.count + rows) }
        students.reserveCapacity(students.count + rows)
        locations.reserveCapacity(locations.count + rows)
        attempts.reserveCapacity(attempts.count + rows)
        scores.reserveCapacity(scores.count + rows * items)
        included.reserveCapacity(included.count + rows * items)
    }

    /// Removes the students added since the pool held `count` of them, and sets `anyExcluded`
    /// back to `wasExcluded` (first-attempt rows only). Their scores are not in the pool: a
    /// sheet's scores are added only once the whole sheet is read.
    mutating func truncate(students count: Int, anyExcluded wasExcluded: Bool) {
        for student in students[count..<max(count, indexedCount)] { firstRow[student.id] = nil }
        indexedCount = min(indexedCount, count)
        students.removeSubrange(count...)
        locations.removeLast(locations.count - count)
        attempts.removeSubrange(count...)
        anyExcluded = wasExcluded
    }
}

/// Where each of a table's rows is, as a `SourceLocation` per row: kept as the row's line and
/// column and an index into the files (and worksheets) seen, so that a row holds no copy of its
/// file's path, which would be counted and released once per student.
struct RowLocations: RandomAccessCollection {
    /// The files and worksheets, without line or column.
    private var places: [SourceLocation] = []
    /// Per row: its place in `places`, its line and its column (`absent` for none).
    private var rows: [(place: Int32, line: Int, column: Int)] = []
    private static let absent = Int.min

    var startIndex: Int { 0 }
    var endIndex: Int { rows.count }

    subscript(index: Int) -> SourceLocation {
        let row = rows[index]
        var location = places[Int(row.place)]
        location.line = row.line == Self.absent ? nil : row.line
        location.column = row.column == Self.absent ? nil : row.column
        return location
    }

    /// The index in `places` of a file (and worksheet): the last one's when it is the same, as
    /// it is for every row of a sheet after its first.
    mutating func place(file: String, sheet: String? = nil) -> Int32 {
        if let last = places.last, last.file == file, last.sheet == sheet { return Int32(places.count - 1) }
        places.append(SourceLocation(file: file, sheet: sheet))
        return Int32(places.count - 1)
    }

    mutating func append(_ location: SourceLocation) {
        append(place: place(file: location.file, sheet: location.sheet), line: location.line, column: location.column)
    }

    /// Appends a row of a place `place(file:sheet:)` gave.
    mutating func append(place: Int32, line: Int?, column: Int?) {
        rows.append((place, line ?? Self.absent, column ?? Self.absent))
    }

    mutating func reserveCapacity(_ count: Int) {
        rows.reserveCapacity(count)
    }

    mutating func removeLast(_ count: Int) {
        rows.removeLast(count)
    }
}

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
    text.count > 24 ? "\"\(text.prefix(24))…\"" : "\"\(text)\""
}

enum SupportMatrixReader {
    /// Reads support.csv into support entries in row order, recording each cell's location
    /// and each indicator column's header. Returns the course ids in row order too.
    static func read(
        _ table: CSVTable, indicatorIDs: Set<String>, log: DiagnosticLog, sourceMap: inout SourceMap
    ) -> (entries: [SupportEntry], courseOrder: [String]) {
        let header = table.header
        guard let courseColumn = columnIndex(header, ["course", "课程", "课程编号", "course_id"]) else {
            log.error(.missingField, "needs a first column 'course' (or 课程) with course ids", at: table.headerLocation(column: 0))
            return ([], [])
        }
        let nameColumn = columnIndex(header, ["name", "课程名称", "course_name"])
        var indicatorColumns: [(column: Int, id: String)] = []
        var seenIndicators = Set<String>()
        for (column, id) in header.enumerated() where column != courseColumn && column != nameColumn {
            let location = table.headerLocation(column: column)
            if id.isEmpty {
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
        for row in 0..<table.rowCount {
            let course = table.field(row: row, column: courseColumn).string
            let location = table.location(row: row, column: courseColumn)
            guard !course.isEmpty else {
                log.error(.missingField, "a row has no course id", at: location)
                continue
            }
            guard seenCourses.insert(course).inserted else {
                log.error(.duplicateID, "course \(course) has two rows", at: location)
                continue
            }
            courseOrder.append(course)
            for (column, indicator) in indicatorColumns {
                let field = table.field(row: row, column: column)
                if field.isBlank { continue }
                let cellLocation = table.location(row: row, column: column)
                guard let strength = parseSupportStrength(field.string) else {
                    log.error(
                        .invalidValue,
                        "\(quoted(field.string)) is not a support level: use H, M, L (高, 中, 低) or a positive number",
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
    /// Reads roster.csv; returns the students and where each is listed.
    static func read(_ table: CSVTable, log: DiagnosticLog) -> [(student: Student, location: SourceLocation)] {
        guard let idColumn = columnIndex(table.header, studentIDHeaders) else {
            log.error(.missingField, "needs a column 'student_id' (or 学号)", at: table.headerLocation(column: 0))
            return []
        }
        let nameColumn = columnIndex(table.header, studentNameHeaders)
        var students: [(student: Student, location: SourceLocation)] = []
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
            let name = nameColumn.map { table.field(row: row, column: $0).string } ?? ""
            students.append((Student(id: id, name: name), location))
        }
        return students
    }
}

/// Reads the score sheets of one course and pools them into one table.
struct ScoreSheetReader {
    let course: Course
    let methods: MethodSettings
    let log: DiagnosticLog

    private var students: [Student] = []
    private var locations: [SourceLocation] = []
    private var firstLocation: [String: SourceLocation] = [:]
    private var scores: [Double] = []
    private var included: [Double] = []
    private var anyExcluded = false

    init(course: Course, methods: MethodSettings, log: DiagnosticLog) {
        self.course = course
        self.methods = methods
        self.log = log
    }

    /// Where each pooled student's row is, for later warnings.
    var studentLocations: [SourceLocation] { locations }

    /// Adds one sheet (a teaching class).
    mutating func add(_ table: CSVTable) {
        let header = table.header
        guard let idColumn = columnIndex(header, studentIDHeaders) else {
            log.error(.missingField, "needs a column 'student_id' (or 学号)", at: table.headerLocation(column: 0))
            return
        }
        let nameColumn = columnIndex(header, studentNameHeaders)
        let classColumn = columnIndex(header, ["class", "班级"])
        let statusColumn = columnIndex(header, ["status", "状态", "备注"])
        let itemIndex = positions(ofIDs: course.items.map(\.id))

        // Map sheet columns to items.
        var columnOfItem = [Int?](repeating: nil, count: course.items.count)
        for (column, name) in header.enumerated()
        where column != idColumn && column != nameColumn && column != classColumn && column != statusColumn {
            let location = table.headerLocation(column: column)
            guard let j = itemIndex[name] else {
                log.error(
                    .itemNotInPlan,
                    name.isEmpty ? "column \(column + 1) has no header"
                        : "column \(quoted(name)) is not an item of \(course.id)'s assessment plan",
                    at: location)
                continue
            }
            if columnOfItem[j] != nil {
                log.error(.duplicateID, "item \(name) has two columns", at: location)
                continue
            }
            columnOfItem[j] = column
        }
        for (j, item) in course.items.enumerated() where columnOfItem[j] == nil {
            log.error(
                .itemNotInSheet, "item \(item.id) of \(course.id)'s assessment plan has no column in this sheet",
                at: SourceLocation(file: table.file, line: table.headerLocation(column: 0).line))
        }
        let itemColumns = columnOfItem.enumerated().compactMap { j, column in column.map { (j, $0) } }

        for row in 0..<table.rowCount {
            let idLocation = table.location(row: row, column: idColumn)
            let id = table.field(row: row, column: idColumn).string
            if id.isEmpty {
                log.error(.missingField, "a row has no student id", at: idLocation)
                continue
            }
            if let first = firstLocation[id] {
                log.error(
                    .duplicateStudent,
                    "this student already has a row for \(course.id) at \(first.file):\(first.line ?? 0)",
                    at: idLocation)
                continue
            }
            firstLocation[id] = idLocation

            var rowStatus: ScoreStatus?
            if let statusColumn {
                let field = table.field(row: row, column: statusColumn)
                if !field.isBlank {
                    rowStatus = ScoreStatus(word: field.string)
                    if rowStatus == nil {
                        log.error(
                            .invalidValue, "\(quoted(field.string)) is not a status: use \(ScoreStatus.wordList)",
                            at: table.location(row: row, column: statusColumn))
                    }
                }
            }
            let wholeRowExcluded = rowStatus == .deferred || rowStatus == .exempt

            var rowScores = [Double](repeating: 0, count: course.items.count)
            var rowIncluded = [Double](repeating: wholeRowExcluded ? 0 : 1, count: course.items.count)
            if !wholeRowExcluded {
                for (j, column) in itemColumns {
                    let (score, counts) = cell(table, row: row, column: column, item: course.items[j], rowStatus: rowStatus)
                    rowScores[j] = score
                    rowIncluded[j] = counts ? 1 : 0
                }
            }
            if rowIncluded.contains(0) { anyExcluded = true }
            students.append(Student(id: id, name: nameColumn.map { table.field(row: row, column: $0).string } ?? ""))
            locations.append(idLocation)
            scores.append(contentsOf: rowScores)
            included.append(contentsOf: rowIncluded)
        }
    }

    /// One score cell: its value and whether it counts.
    private func cell(
        _ table: CSVTable, row: Int, column: Int, item: AssessmentItem, rowStatus: ScoreStatus?
    ) -> (Double, Bool) {
        let field = table.field(row: row, column: column)
        if let number = field.number {
            let location = table.location(row: row, column: column)
            if number < 0 {
                log.error(.negativeScore, "a score of item \(item.id) is negative", at: location)
            } else if number > item.fullMarks {
                log.error(
                    .scoreAboveFullMarks, "a score of item \(item.id) is above its full marks (\(shortDecimal(item.fullMarks)))",
                    at: location)
            }
            return (number, true)
        }
        if field.isBlank {
            if let rowStatus { return apply(rowStatus) }
            switch methods.blank {
            case .zero: return (0, true)
            case .exclude: return (0, false)
            case .error:
                log.error(
                    .blankScore,
                    "the score of item \(item.id) is blank; write a number or a status word, or set methods.blank",
                    at: table.location(row: row, column: column))
                return (0, false)
            }
        }
        let text = field.string
        if let status = ScoreStatus(word: text) { return apply(status) }
        log.error(
            .notANumber, "\(quoted(text)) is not a number or a status word (\(ScoreStatus.wordList))",
            at: table.location(row: row, column: column))
        return (0, false)
    }

    private func apply(_ status: ScoreStatus) -> (Double, Bool) {
        switch status {
        case .absent: (0, methods.absent == .zero)
        case .cheating: (0, methods.cheating == .zero)
        case .deferred, .exempt: (0, false)
        }
    }

    /// The pooled table.
    func table() -> ScoreTable {
        let rows = students.count
        let columns = course.items.count
        return ScoreTable(
            students: students,
            scores: Matrix(rows: rows, columns: columns, elements: scores),
            included: anyExcluded ? Matrix(rows: rows, columns: columns, elements: included) : nil)
    }
}

public import AttainmentCore
import Foundation
internal import GRDB
internal import GRDBSQLite

/// What `HistoryStore.record` did.
public enum RecordOutcome: Sendable, Equatable {
    /// The run was new and is now recorded under this id.
    case recorded(runID: Int64)
    /// A run with the same fingerprint was already recorded under this id; nothing was written.
    case alreadyRecorded(runID: Int64)

    /// The run's id either way.
    public var runID: Int64 {
        switch self {
        case .recorded(let runID), .alreadyRecorded(let runID): runID
        }
    }
}

/// The measure under which the engine's attainment values are stored in `class_value`.
let attainmentMeasure = "attainment"

extension HistoryStore {
    /// Records a run: its facts, settings and inputs, every class and student value, the
    /// caller's extra measures and the warnings, and drafts a ledger record for each programme-
    /// or course-level warning that has no open or in-progress record yet. Everything is
    /// written in one transaction: all of it or nothing.
    ///
    /// - Parameters:
    ///   - facts: what the run was; its fingerprint decides whether the run is new.
    ///   - result: the computed values; nil values (not evaluable) are stored as NULL.
    ///   - warnings: the run's early warnings.
    ///   - measures: extra class values, such as course pass and excellence rates.
    /// - Returns: `.recorded` with the new run's id, or `.alreadyRecorded` with the id of the
    ///   run of the same fingerprint, in which case nothing was written.
    /// - Throws: `HistoryError.database` when SQLite refuses a row (the transaction is then
    ///   rolled back).
    /// - Complexity: O(students × values), one prepared statement per table.
    public func record(
        _ facts: RunFacts, result: AttainmentResult, warnings: [EarlyWarning], measures: [MeasuredValue] = []
    ) throws(HistoryError) -> RecordOutcome {
        try record(facts, result: result, warnings: warnings, measures: measures, failingAfterRows: nil)
    }

    /// `record`, with a test hook: when `failingAfterRows` is set, throws after inserting that
    /// many rows, to show that a failure leaves the database as it was.
    package func record(
        _ facts: RunFacts, result: AttainmentResult, warnings: [EarlyWarning], measures: [MeasuredValue],
        failingAfterRows: Int?
    ) throws(HistoryError) -> RecordOutcome {
        let fingerprint = facts.fingerprint
        let path = path
        return try write { db in
            if let runID = try Int64.fetchOne(db, sql: "SELECT id FROM run WHERE fingerprint = ?", arguments: [fingerprint]) {
                // Nothing new, but this run is again the latest of its cohort: trends, warnings
                // and the next cohort's fall rule must follow the inputs run last.
                try db.execute(sql: "UPDATE run SET recorded_at = ? WHERE id = ?", arguments: [facts.recordedAt, runID])
                return .alreadyRecorded(runID: runID)
            }
            var inserter = RowInserter(db: db, failingAfterRows: failingAfterRows, path: path)
            let runID = try inserter.insertRun(facts, fingerprint: fingerprint)
            try inserter.insertSettingsAndInputs(facts, runID: runID)
            try inserter.insertClassValues(result, measures: measures, runID: runID)
            try inserter.insertStudentValues(result, runID: runID)
            try inserter.insertWarnings(warnings, runID: runID)
            try inserter.draftImprovements(warnings, facts: facts, runID: runID)
            return .recorded(runID: runID)
        }
    }
}

/// Inserts the rows of one run through prepared statements, counting them for the test hook.
private struct RowInserter {
    let db: Database
    let failingAfterRows: Int?
    let path: String
    var rows = 0

    init(db: Database, failingAfterRows: Int?, path: String) {
        self.db = db
        self.failingAfterRows = failingAfterRows
        self.path = path
    }

    /// Executes a prepared insert and counts the row.
    mutating func insert(_ statement: Statement, _ arguments: StatementArguments) throws {
        try statement.execute(arguments: arguments)
        try countRow()
    }

    /// Counts a row written; the test hook throws once enough are.
    mutating func countRow() throws {
        rows += 1
        if let failingAfterRows, rows >= failingAfterRows {
            throw HistoryError.database(file: path, message: "stopped after \(rows) rows (test hook)")
        }
    }

    mutating func insertRun(_ facts: RunFacts, fingerprint: String) throws -> Int64 {
        let statement = try db.makeStatement(
            sql: """
                INSERT INTO run (programme_id, programme_name, cohort, scheme, class_threshold, individual_threshold,
                    tool_version, recorded_at, fingerprint, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try insert(statement, [
            facts.programmeID, facts.programmeName, facts.cohort, facts.scheme, facts.classThreshold,
            facts.individualThreshold, facts.toolVersion, facts.recordedAt, fingerprint, facts.source,
        ])
        return db.lastInsertedRowID
    }

    mutating func insertSettingsAndInputs(_ facts: RunFacts, runID: Int64) throws {
        let setting = try db.makeStatement(sql: "INSERT INTO run_setting (run_id, name, value) VALUES (?, ?, ?)")
        for entry in facts.settings {
            try insert(setting, [runID, entry.name, entry.value])
        }
        let input = try db.makeStatement(sql: "INSERT INTO run_input (run_id, path, sha256, bytes) VALUES (?, ?, ?, ?)")
        for file in facts.inputs {
            try insert(input, [runID, file.path, file.sha256, file.size])
        }
    }

    /// Every class value, in the programme's order: per course its objectives and then the
    /// course; the indicators, requirements and programme objectives; then the caller's measures.
    /// `position` keeps that order.
    mutating func insertClassValues(_ result: AttainmentResult, measures: [MeasuredValue], runID: Int64) throws {
        let statement = try db.makeStatement(
            sql: """
                INSERT INTO class_value (run_id, position, target, id, course_id, measure, value, verdict,
                    students_evaluated, students_below_individual)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        var position = 0
        func next() -> Int {
            position += 1
            return position
        }
        let threshold = result.programme.thresholds.classLevel
        for entry in result.classValueEntries {
            // A course's value is the minimum over its objectives: its verdict is worked out
            // here, and it has no student counts of its own.
            let verdict = entry.summary?.verdict ?? Verdict(entry.value, threshold: threshold)
            try insert(statement, [
                runID, next(), entry.target.rawValue, entry.id, entry.courseID, attainmentMeasure, entry.value,
                verdict.rawValue, entry.summary?.studentsEvaluated, entry.summary?.studentsBelowIndividual,
            ])
        }
        for measure in measures {
            try insert(statement, [
                runID, next(), measure.target.rawValue, measure.id, measure.courseID, measure.measure, measure.value,
                nil, nil, nil,
            ])
        }
    }

    /// Every student's value of every course objective (students of the course), indicator,
    /// requirement and programme objective (students of the cohort); NULL where not evaluable.
    ///
    /// These are most of a run's rows (some 20,000 for 150 students), so they go in through
    /// SQLite's own calls on the prepared statement (`StudentValueRows`) rather than GRDB's
    /// `execute(arguments:)`, which boxes each of the five arguments of every row.
    mutating func insertStudentValues(_ result: AttainmentResult, runID: Int64) throws {
        let values = try StudentValueRows(db: db, runID: runID)
        let programme = result.programme
        for (course, attainment) in zip(programme.courses, result.courses) {
            for (k, objective) in course.objectives.enumerated() {
                let id = ClassValueEntry.courseObjectiveID(course: course.id, objective: objective.id)
                try values.begin(target: EarlyWarning.Target.courseObjective.rawValue, id: id)
                for (p, student) in attainment.students.enumerated() {
                    try values.insert(student: student.id, value: attainment.studentValue(student: p, objective: k))
                    try countRow()
                }
            }
        }
        let cohort = result.students
        let matrices: [(EarlyWarning.Target, [String], Matrix)] = [
            (.indicator, result.indicators.map(\.indicatorID), cohort.indicators),
            (.requirement, result.requirements.map(\.requirementID), cohort.requirements),
            (.programmeObjective, result.objectives.map(\.objectiveID), cohort.objectives),
        ]
        for (target, ids, matrix) in matrices {
            for (column, id) in ids.enumerated() {
                try values.begin(target: target.rawValue, id: id)
                for (q, student) in cohort.students.enumerated() {
                    try values.insert(student: student.id, value: CohortAttainment.value(matrix, q, column))
                    try countRow()
                }
            }
        }
    }

    mutating func insertWarnings(_ warnings: [EarlyWarning], runID: Int64) throws {
        let statement = try db.makeStatement(
            sql: """
                INSERT INTO warning (run_id, level, rule, severity, target, target_id, course_id, value, bound,
                    previous_cohort, previous_value, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for warning in warnings {
            try insert(statement, [
                runID, warning.level.rawValue, warning.rule.rawValue, warning.severity.rawValue,
                warning.target.rawValue, warning.targetID, warning.courseID, warning.value, warning.bound,
                warning.previousCohort, warning.previousValue, warning.detail,
            ])
        }
    }

    /// A draft ledger record for each programme- or course-level warning, unless the same
    /// programme already has an open or in-progress record for the same target and rule.
    mutating func draftImprovements(_ warnings: [EarlyWarning], facts: RunFacts, runID: Int64) throws {
        let open = try db.makeStatement(
            sql: """
                SELECT COUNT(*) FROM improvement WHERE programme_id = ? AND target = ? AND target_id = ? AND rule = ?
                    AND status IN ('open', 'in-progress')
                """)
        let draftInsert = try db.makeStatement(sql: ImprovementRecord.insertSQL)
        let created = facts.recordedDate
        for warning in warnings where warning.level != .student {
            let count = try Int.fetchOne(
                open, arguments: [facts.programmeID, warning.target.rawValue, warning.targetID, warning.rule.rawValue])
            if let count, count > 0 { continue }
            let draft = ImprovementRecord(
                programmeID: facts.programmeID, cohort: facts.cohort, level: warning.level, target: warning.target,
                targetID: warning.targetID, courseID: warning.courseID, rule: warning.rule,
                baselineValue: warning.value, bound: warning.bound,
                source: "预警 early warning (\(warning.rule.rawValue))", feedback: Self.feedback(warning),
                created: created, runID: runID)
            try insert(draftInsert, draft.insertArguments)
        }
    }

    /// A plain sentence with the value and the bound: `GR3 below-threshold: 0.652 < 0.700`.
    static func feedback(_ warning: EarlyWarning) -> String {
        var text = "\(warning.targetID) \(warning.rule.rawValue): "
        if let value = warning.value {
            let comparison = value < warning.bound ? "<" : value > warning.bound ? ">" : "="
            text += "\(fixed3(value)) \(comparison) \(fixed3(warning.bound))"
        } else {
            text += "not evaluable (bound \(fixed3(warning.bound)))"
        }
        if let cohort = warning.previousCohort, let previous = warning.previousValue {
            text += " (\(cohort): \(fixed3(previous)))"
        }
        if !warning.detail.isEmpty { text += " (\(warning.detail))" }
        return text
    }

    /// Three decimals, as the feedback shows values and bounds.
    static func fixed3(_ value: Double) -> String {
        String(format: "%.3f", value)
    }
}

/// Inserts `student_value` rows of one run through SQLite's C interface on one prepared
/// statement. A binding stays until it is replaced, so the run is bound once, the target and
/// id once per value, and each row binds only the student and the value; the student id's
/// bytes are bound without a copy for the time of the step.
private struct StudentValueRows {
    /// Keeps the statement alive (GRDB finalises it when released).
    private let statement: Statement
    private let handle: SQLiteStatement

    init(db: Database, runID: Int64) throws {
        statement = try db.makeStatement(
            sql: "INSERT INTO student_value (run_id, target, id, student_id, value) VALUES (?, ?, ?, ?, ?)")
        handle = statement.sqliteStatement
        try check(sqlite3_bind_int64(handle, 1, runID))
    }

    /// Binds the target and id of the rows that follow (SQLite keeps a copy).
    func begin(target: String, id: String) throws {
        try bindCopy(2, target)
        try bindCopy(3, id)
    }

    /// Inserts one student's value; nil is stored as NULL.
    func insert(student: String, value: Double?) throws {
        var student = student
        try student.withUTF8 { bytes in
            // No destructor (SQLITE_STATIC): SQLite reads the bytes in place during the step;
            // a null binding replaces them before they go.
            defer { sqlite3_bind_null(handle, 4) }
            try check(sqlite3_bind_text(handle, 4, bytes.baseAddress, Int32(bytes.count), nil))
            try check(value.map { sqlite3_bind_double(handle, 5, $0) } ?? sqlite3_bind_null(handle, 5))
            let code = sqlite3_step(handle)
            sqlite3_reset(handle)
            guard code == SQLITE_DONE else { throw error(code) }
        }
    }

    private func bindCopy(_ index: Int32, _ text: String) throws {
        var text = text
        try text.withUTF8 { bytes in
            // SQLITE_TRANSIENT: SQLite copies the bytes.
            try check(sqlite3_bind_text(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient))
        }
    }

    /// SQLite's SQLITE_TRANSIENT destructor value, a C macro that Swift does not import.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw error(code) }
    }

    /// SQLite's message for a failed call, as GRDB would report it.
    private func error(_ code: Int32) -> DatabaseError {
        let message = sqlite3_errmsg(sqlite3_db_handle(handle)).map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }
}

public import AttainmentCore
import Foundation
internal import GRDB
internal import GRDBSQLite
internal import AttainmentIO

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
    /// - Complexity: O(students × values), prepared statements made once per run, one row per
    ///   class value for the student values.
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
            let positions = try inserter.insertClassValues(result, measures: measures, runID: runID)
            try inserter.insertStudentValues(result, runID: runID, valuePositions: positions)
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
        try countRows()
    }

    /// Counts rows written; the test hook throws once enough are.
    mutating func countRows(_ count: Int = 1) throws {
        rows += count
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

    /// Every class value, in `classValueEntries`' order: the programme objectives, requirements
    /// and indicators, the courses, then every course's objectives; then the caller's measures.
    /// `position` keeps that order.
    /// - Returns: the position of each attainment value.
    mutating func insertClassValues(
        _ result: AttainmentResult, measures: [MeasuredValue], runID: Int64
    ) throws -> [ValueKey: Int] {
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
        var positions: [ValueKey: Int] = [:]
        for entry in result.classValueEntries {
            // A course's value is the minimum over its objectives: its verdict is worked out
            // here, and it has no student counts of its own.
            let verdict = entry.summary?.verdict ?? Verdict(entry.value, threshold: threshold)
            positions[ValueKey(entry.target, entry.id)] = next()
            try insert(statement, [
                runID, position, entry.target.rawValue, entry.id, entry.courseID, attainmentMeasure, entry.value,
                verdict.rawValue, entry.summary?.studentsEvaluated, entry.summary?.studentsBelowIndividual,
            ])
        }
        for measure in measures {
            try insert(statement, [
                runID, next(), measure.target.rawValue, measure.id, measure.courseID, measure.measure, measure.value,
                nil, nil, nil,
            ])
        }
        return positions
    }

    /// Every student's value of every course objective (students of the course), indicator,
    /// requirement and programme objective (students of the cohort); null where not evaluable.
    ///
    /// The run's students go into `run_student` first: the cohort in its order, then any student
    /// of a course who is not in it, in the order met. Each class value's students then go in
    /// as one row of `student_value_list` (`HistorySchema.v4`): their positions and their values
    /// as two JSON arrays, written as bytes and bound through SQLite's own call, without a
    /// `String` for either. A course's list of positions is made once for its objectives, the
    /// cohort's once for the whole programme.
    /// - Parameter valuePositions: the position of each attainment value (`insertClassValues`).
    mutating func insertStudentValues(_ result: AttainmentResult, runID: Int64, valuePositions: [ValueKey: Int]) throws {
        let programme = result.programme
        let cohort = result.students
        var studentPositions: [String: Int] = [:]
        studentPositions.reserveCapacity(cohort.students.count)
        let student = try db.makeStatement(sql: "INSERT INTO run_student (run_id, position, student_id) VALUES (?, ?, ?)")
        func position(of id: String) throws -> Int {
            if let known = studentPositions[id] { return known }
            let next = studentPositions.count + 1
            studentPositions[id] = next
            try insert(student, [runID, next, id])
            return next
        }
        let cohortPositions = try cohort.students.map { try position(of: $0.id) }
        let coursePositions = try result.courses.map { attainment in try attainment.students.map { try position(of: $0.id) } }

        func valuePositionOf(_ target: EarlyWarning.Target, _ id: String) throws -> Int {
            guard let position = valuePositions[ValueKey(target, id)] else {
                throw HistoryError.database(file: path, message: "no class value for \(target.rawValue) \(id)")
            }
            return position
        }

        var lists = try StudentValueLists(db: db, runID: runID, path: path)
        for ((course, attainment), students) in zip(zip(programme.courses, result.courses), coursePositions) {
            let positions = StudentValueList.positions(students)
            for (k, objective) in course.objectives.enumerated() {
                let id = ClassValueEntry.courseObjectiveID(course: course.id, objective: objective.id)
                try lists.insert(valuePosition: valuePositionOf(.courseObjective, id), positions: positions, count: students.count) { p in
                    attainment.studentValue(student: p, objective: k)
                }
                try countRows()
            }
        }
        let positions = StudentValueList.positions(cohortPositions)
        let matrices: [(EarlyWarning.Target, [String], Matrix)] = [
            (.indicator, result.indicators.map(\.indicatorID), cohort.indicators),
            (.requirement, result.requirements.map(\.requirementID), cohort.requirements),
            (.programmeObjective, result.objectives.map(\.objectiveID), cohort.objectives),
        ]
        for (target, ids, matrix) in matrices {
            for (column, id) in ids.enumerated() {
                try lists.insert(valuePosition: valuePositionOf(target, id), positions: positions, count: cohortPositions.count) { q in
                    CohortAttainment.value(matrix, q, column)
                }
                try countRows()
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

    /// Three decimals, as the feedback shows values and bounds: rounded as printf rounds, but
    /// never `-0.000` (`FixedDecimal`).
    static func fixed3(_ value: Double) -> String {
        FixedDecimal.text(value, decimals: 3)
    }
}

/// Inserts the `student_value_list` rows of one run through SQLite's C interface on one
/// prepared statement, the run bound once; each row's two texts are bound straight from their
/// bytes for the one step that reads them.
private struct StudentValueLists {
    /// Keeps the statement alive (GRDB finalises it when released).
    private let statement: Statement
    private let path: String
    /// The values' text, its room kept from one list to the next.
    private var text = TextBuffer()

    init(db: Database, runID: Int64, path: String) throws {
        statement = try db.makeStatement(
            sql: "INSERT INTO student_value_list (run_id, value_position, student_positions, value_list) VALUES (?1, ?2, ?3, ?4)")
        self.path = path
        try check(sqlite3_bind_int64(statement.sqliteStatement, 1, runID))
    }

    /// Inserts one class value's list: `positions` is the JSON array of its `count` students'
    /// positions (`StudentValueList.positions`), `value(p)` the value of the p-th of them.
    mutating func insert(valuePosition: Int, positions: [UInt8], count: Int, value: (Int) -> Double?) throws {
        text.removeAll()
        guard StudentValueList.values(count: count, into: &text, value) else {
            throw HistoryError.database(file: path, message: "a student value of class value \(valuePosition) is not a finite number")
        }
        let handle = statement.sqliteStatement
        try check(sqlite3_bind_int64(handle, 2, Int64(valuePosition)))
        // SQLITE_STATIC (nil): the bytes stay put until the step has read them; the bindings are
        // cleared before the closures return, so SQLite never holds a pointer past them.
        try positions.withUnsafeBufferPointer { positions in
            try text.bytes.withUnsafeBufferPointer { values in
                defer {
                    sqlite3_reset(handle)
                    sqlite3_bind_null(handle, 3)
                    sqlite3_bind_null(handle, 4)
                }
                try check(sqlite3_bind_text(handle, 3, positions.baseAddress, Int32(positions.count), nil))
                try check(sqlite3_bind_text(handle, 4, values.baseAddress, Int32(values.count), nil))
                let code = sqlite3_step(handle)
                guard code == SQLITE_DONE else { throw error(code) }
            }
        }
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw error(code) }
    }

    /// SQLite's message for a failed call, as GRDB would report it.
    private func error(_ code: Int32) -> DatabaseError {
        let message = sqlite3_errmsg(sqlite3_db_handle(statement.sqliteStatement)).map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }
}

import AttainmentCore
internal import GRDB

extension HistoryStore {
    /// Adds a record to the continuous-improvement ledger.
    /// - Parameter record: the record; its `id` is ignored.
    /// - Returns: the new record's id.
    /// - Throws: `HistoryError.database` when SQLite refuses the row.
    public func addImprovement(_ record: ImprovementRecord) throws(HistoryError) -> Int64 {
        try write { db in
            try db.execute(sql: ImprovementRecord.insertSQL, arguments: record.insertArguments)
            return db.lastInsertedRowID
        }
    }

    /// The ledger record with this id, or nil.
    /// - Throws: `HistoryError` when it cannot be read.
    public func improvement(id: Int64) throws(HistoryError) -> ImprovementRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM improvement WHERE id = ?", arguments: [id]).map(improvementRecord)
        }
    }

    /// Replaces every field of the ledger record with `record.id`.
    /// - Precondition: `record.id` is set (the record was read from the history).
    /// - Throws: `HistoryError.noSuchImprovement` when there is no record with that id.
    public func updateImprovement(_ record: ImprovementRecord) throws(HistoryError) {
        guard let id = record.id else { preconditionFailure("updateImprovement needs a record with an id") }
        let path = path
        try write { db in
            var arguments = record.insertArguments
            arguments += [id]
            try db.execute(sql: ImprovementRecord.updateSQL, arguments: arguments)
            if db.changesCount == 0 { throw HistoryError.noSuchImprovement(id, file: path) }
        }
    }

    /// Closes a ledger record: status closed, closed on `date`.
    /// - Parameters:
    ///   - id: the record's id.
    ///   - date: the date of closing (`YYYY-MM-DD`).
    /// - Throws: `HistoryError.noSuchImprovement` when there is no record with that id.
    public func closeImprovement(id: Int64, on date: String) throws(HistoryError) {
        let path = path
        try write { db in
            try db.execute(
                sql: "UPDATE improvement SET status = ?, closed = ? WHERE id = ?",
                arguments: [ImprovementRecord.Status.closed.rawValue, date, id])
            if db.changesCount == 0 { throw HistoryError.noSuchImprovement(id, file: path) }
        }
    }

    /// The ledger records, ordered by id.
    /// - Parameters:
    ///   - programmeID: only this programme's; nil for all.
    ///   - status: only records with this status; nil for all.
    /// - Throws: `HistoryError` when they cannot be read.
    public func improvements(programmeID: String?, status: ImprovementRecord.Status?) throws(HistoryError) -> [ImprovementRecord] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let programmeID {
            conditions.append("programme_id = ?")
            arguments += [programmeID]
        }
        if let status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM improvement\(filter) ORDER BY id", arguments: arguments)
                .map(improvementRecord)
        }
    }

    /// Whether the problem of a ledger record went away in a later cohort.
    ///
    /// Looks at the latest run of the greatest cohort of the same programme after the record's
    /// cohort. None: pending. Otherwise its value of the record's target in the measure the rule
    /// looks at (attainment; the pass or excellence rate for those rules). For the attainment
    /// rules (below, near, fall) and records added by hand: recovered when that value reaches
    /// the record's bound, pending when either is missing. For the rate rules, whose bound may
    /// be a maximum: recovered when that run has no warning of the same rule on the target.
    /// - Throws: `HistoryError` when the history cannot be read.
    public func recheck(_ record: ImprovementRecord) throws(HistoryError) -> Recheck {
        try read { db in
            guard
                let later = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT id, cohort FROM run WHERE programme_id = ? AND cohort > ?
                        ORDER BY cohort DESC, recorded_at DESC, id DESC LIMIT 1
                        """,
                    arguments: [record.programmeID, record.cohort])
            else { return Recheck(status: .pending) }
            let runID: Int64 = try later.decode(forColumn: "id")
            let cohort: String = try later.decode(forColumn: "cohort")
            // NULL (not evaluable) and a missing row both read as nil.
            let value = try Double.fetchOne(
                db,
                sql: "SELECT value FROM class_value WHERE run_id = ? AND target = ? AND id = ? AND measure = ?",
                arguments: [runID, record.target.rawValue, record.targetID, Self.measure(of: record.rule)])
            let status: Recheck.Status
            switch record.rule {
            case .belowThreshold?, .nearThreshold?, .fall?, nil:
                // Decided on the value: the later cohort reaches the bound the warning named
                // (the threshold, threshold + margin, or the earlier value less the limit). A
                // later run that is below threshold has no near-threshold warning, yet has not
                // recovered.
                if let value, let bound = record.bound {
                    status = reaches(value, threshold: bound) ? .recovered : .notRecovered
                } else {
                    status = .pending
                }
            case .passRate?, .excellenceRate?, .studentBelow?:
                guard let rule = record.rule, value != nil else {
                    status = .pending
                    break
                }
                let warned = try Int.fetchOne(
                    db,
                    sql: "SELECT COUNT(*) FROM warning WHERE run_id = ? AND rule = ? AND target = ? AND target_id = ?",
                    arguments: [runID, rule.rawValue, record.target.rawValue, record.targetID]) ?? 0
                status = warned > 0 ? .notRecovered : .recovered
            }
            return Recheck(status: status, cohort: cohort, value: value, runID: runID)
        }
    }

    /// The measure in `class_value` a rule looks at.
    static func measure(of rule: EarlyWarning.Rule?) -> String {
        switch rule {
        case .passRate: MeasuredValue.passRate
        case .excellenceRate: MeasuredValue.excellenceRate
        case .belowThreshold, .nearThreshold, .fall, .studentBelow, nil: attainmentMeasure
        }
    }

    private func improvementRecord(_ row: Row) throws -> ImprovementRecord {
        let table = "improvement"
        return ImprovementRecord(
            id: try row.decode(forColumn: "id"),
            programmeID: try row.decode(forColumn: "programme_id"),
            cohort: try row.decode(forColumn: "cohort"),
            level: try decode(row, "level", table: table),
            target: try decode(row, "target", table: table),
            targetID: try row.decode(forColumn: "target_id"),
            courseID: try row.decode(forColumn: "course_id"),
            rule: try decodeIfPresent(row, "rule", table: table),
            baselineValue: try row.decode(forColumn: "baseline_value"),
            bound: try row.decode(forColumn: "bound"),
            source: try row.decode(forColumn: "source"),
            responsibleUnit: try row.decode(forColumn: "responsible_unit"),
            feedback: try row.decode(forColumn: "feedback"),
            response: try row.decode(forColumn: "response"),
            measures: try row.decode(forColumn: "measures"),
            expectedEffect: try row.decode(forColumn: "expected_effect"),
            deadline: try row.decode(forColumn: "deadline"),
            responsiblePerson: try row.decode(forColumn: "responsible_person"),
            status: try decode(row, "status", table: table),
            created: try row.decode(forColumn: "created"),
            closed: try row.decode(forColumn: "closed"),
            runID: try row.decode(forColumn: "run_id"))
    }
}

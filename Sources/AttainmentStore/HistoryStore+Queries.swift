public import AttainmentCore
internal import GRDB

extension HistoryStore {
    /// True for the latest run of its (programme, cohort): the last recorded, by `recorded_at`
    /// and then by id. Plain SQL, so that it would run on PostgreSQL too.
    static let isLatestRunOfCohort = """
        NOT EXISTS (SELECT 1 FROM run AS newer WHERE newer.programme_id = run.programme_id
            AND newer.cohort = run.cohort
            AND (newer.recorded_at > run.recorded_at OR (newer.recorded_at = run.recorded_at AND newer.id > run.id)))
        """

    /// The class values of the cohort before `cohort`, for the fall rule: the latest run of the
    /// greatest recorded cohort below `cohort` (cohorts compare as text).
    /// - Returns: that cohort's evaluable attainment values by target and id; nil when no
    ///   earlier cohort is recorded.
    /// - Throws: `HistoryError` when the history cannot be read.
    public func previousCohortValues(programmeID: String, before cohort: String) throws(HistoryError) -> CohortValues? {
        try read { db in
            guard
                let run = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT id, cohort FROM run WHERE programme_id = ? AND cohort < ?
                        ORDER BY cohort DESC, recorded_at DESC, id DESC LIMIT 1
                        """,
                    arguments: [programmeID, cohort])
            else { return nil }
            let runID: Int64 = try run.decode(forColumn: "id")
            var values: [ValueKey: Double] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT target, id, value FROM class_value WHERE run_id = ? AND measure = ? AND value IS NOT NULL",
                arguments: [runID, attainmentMeasure])
            for row in rows {
                let target: EarlyWarning.Target = try decode(row, "target", table: "class_value")
                values[ValueKey(target, try row.decode(forColumn: "id"))] = try row.decode(forColumn: "value")
            }
            return CohortValues(cohort: try run.decode(forColumn: "cohort"), values: values)
        }
    }

    /// Every programme in the history, by id.
    /// - Throws: `HistoryError` when the history cannot be read.
    public func programmes() throws(HistoryError) -> [HistoryProgramme] {
        try read { db in
            var programmes: [HistoryProgramme] = []
            let rows = try Row.fetchAll(
                db, sql: "SELECT programme_id, programme_name, cohort FROM run ORDER BY programme_id, recorded_at, id")
            for row in rows {
                let id: String = try row.decode(forColumn: "programme_id")
                let name: String = try row.decode(forColumn: "programme_name")
                let cohort: String = try row.decode(forColumn: "cohort")
                if programmes.last?.id == id {
                    programmes[programmes.count - 1].name = name
                    programmes[programmes.count - 1].cohorts.append(cohort)
                } else {
                    programmes.append(HistoryProgramme(id: id, name: name, cohorts: [cohort]))
                }
            }
            return programmes.map { programme in
                var programme = programme
                programme.cohorts = Array(Set(programme.cohorts)).sorted()
                return programme
            }
        }
    }

    /// The recorded runs in the order they were recorded.
    /// - Parameter programmeID: only this programme's; nil for all.
    /// - Throws: `HistoryError` when the history cannot be read.
    public func runs(programmeID: String?) throws(HistoryError) -> [HistoryRun] {
        let filter = programmeID == nil ? "" : " WHERE programme_id = ?"
        let arguments: StatementArguments = programmeID.map { [$0] } ?? []
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM run\(filter) ORDER BY id", arguments: arguments).map { row in
                HistoryRun(
                    runID: try row.decode(forColumn: "id"),
                    programmeID: try row.decode(forColumn: "programme_id"),
                    programmeName: try row.decode(forColumn: "programme_name"),
                    cohort: try row.decode(forColumn: "cohort"),
                    scheme: try row.decode(forColumn: "scheme"),
                    toolVersion: try row.decode(forColumn: "tool_version"),
                    recordedAt: try row.decode(forColumn: "recorded_at"),
                    fingerprint: try row.decode(forColumn: "fingerprint"),
                    source: try row.decode(forColumn: "source"),
                    classThreshold: try row.decode(forColumn: "class_threshold"),
                    individualThreshold: try row.decode(forColumn: "individual_threshold"))
            }
        }
    }

    /// The attainment values of one kind of target across a programme's cohorts, each cohort's
    /// from its latest run.
    /// - Parameters:
    ///   - programmeID: the programme.
    ///   - target: requirements, indicators, courses…
    ///   - ids: the columns, in this order; nil for every id of the target, in the programme's
    ///     order as recorded in the latest run of the greatest cohort, followed by ids only
    ///     earlier cohorts had (newest cohort first).
    /// - Returns: a row per recorded cohort, sorted; empty when the programme has none.
    /// - Throws: `HistoryError` when the history cannot be read.
    public func trend(programmeID: String, target: EarlyWarning.Target, ids: [String]? = nil) throws(HistoryError) -> TrendTable {
        try read { db in
            let runs = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, cohort, class_threshold FROM run WHERE programme_id = ? AND \(Self.isLatestRunOfCohort)
                    ORDER BY cohort
                    """,
                arguments: [programmeID])
            let values = try db.makeStatement(
                sql: "SELECT id, value FROM class_value WHERE run_id = ? AND target = ? AND measure = ? ORDER BY position")
            var columns: [[String]] = []
            var cohortValues: [[String: Double]] = []
            for run in runs {
                let runID: Int64 = try run.decode(forColumn: "id")
                var ids: [String] = []
                var byID: [String: Double] = [:]
                for row in try Row.fetchAll(values, arguments: [runID, target.rawValue, attainmentMeasure]) {
                    let id: String = try row.decode(forColumn: "id")
                    ids.append(id)
                    byID[id] = try row.decode(forColumn: "value")
                }
                columns.append(ids)
                cohortValues.append(byID)
            }
            let tableIDs = ids ?? Self.mergedIDs(columns.reversed())
            var rows: [TrendTable.CohortRow] = []
            for (run, byID) in zip(runs, cohortValues) {
                rows.append(
                    TrendTable.CohortRow(
                        cohort: try run.decode(forColumn: "cohort"), runID: try run.decode(forColumn: "id"),
                        classThreshold: try run.decode(forColumn: "class_threshold"), values: tableIDs.map { byID[$0] }))
            }
            return TrendTable(ids: tableIDs, rows: rows)
        }
    }

    /// The ids of the first list, then those of the next ones not seen yet.
    private static func mergedIDs(_ lists: some Sequence<[String]>) -> [String] {
        var seen: Set<String> = []
        var merged: [String] = []
        for id in lists.joined() where seen.insert(id).inserted {
            merged.append(id)
        }
        return merged
    }

    /// The early warnings of the latest run of each (programme, cohort), by programme, cohort
    /// and then in the order the run gave them.
    /// - Parameters:
    ///   - programmeID: only this programme's; nil for all.
    ///   - cohort: only this cohort's; nil for all.
    ///   - level: only warnings of this level; nil for all.
    /// - Throws: `HistoryError` when the history cannot be read.
    public func warnings(
        programmeID: String?, cohort: String?, level: EarlyWarning.Level?
    ) throws(HistoryError) -> [StoredWarning] {
        var conditions = [Self.isLatestRunOfCohort]
        var arguments: StatementArguments = []
        if let programmeID {
            conditions.append("run.programme_id = ?")
            arguments += [programmeID]
        }
        if let cohort {
            conditions.append("run.cohort = ?")
            arguments += [cohort]
        }
        if let level {
            conditions.append("warning.level = ?")
            arguments += [level.rawValue]
        }
        let sql = """
            SELECT run.programme_id, run.programme_name, run.cohort, warning.*
            FROM warning JOIN run ON run.id = warning.run_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY run.programme_id, run.cohort, warning.id
            """
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let table = "warning"
                let warning = EarlyWarning(
                    level: try decode(row, "level", table: table),
                    rule: try decode(row, "rule", table: table),
                    severity: try decode(row, "severity", table: table),
                    target: try decode(row, "target", table: table),
                    targetID: try row.decode(forColumn: "target_id"),
                    courseID: try row.decode(forColumn: "course_id"),
                    value: try row.decode(forColumn: "value"),
                    bound: try row.decode(forColumn: "bound"),
                    previousCohort: try row.decode(forColumn: "previous_cohort"),
                    previousValue: try row.decode(forColumn: "previous_value"),
                    detail: try row.decode(forColumn: "detail"))
                return StoredWarning(
                    runID: try row.decode(forColumn: "run_id"),
                    programmeID: try row.decode(forColumn: "programme_id"),
                    programmeName: try row.decode(forColumn: "programme_name"),
                    cohort: try row.decode(forColumn: "cohort"),
                    warning: warning)
            }
        }
    }
}

import AttainmentCore
import AttainmentStore
import Foundation
import Testing

/// The tables, the migrations and opening files.
struct HistorySchemaTests {
    static let v1Tables = ["class_value", "run", "run_input", "run_setting", "student_value"]

    @Test func aVersion1DatabaseIsMigratedAndKeepsItsRuns() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/history.sqlite"
        let old = try HistoryStore.open(path: path, migratedUpTo: "v1")
        #expect(try old.tableNames() == Self.v1Tables)
        try old.execute(
            sql: """
                INSERT INTO run (programme_id, programme_name, cohort, scheme, class_threshold, individual_threshold,
                    tool_version, recorded_at, fingerprint, source)
                VALUES ('CS-2021', '计算机科学与技术', '2021', 'engineering', 0.7, 0.6, '0.0.9', '2024-07-01T09:00:00Z',
                    'abc123', 'programmes/cs');
                INSERT INTO run_setting (run_id, name, value) VALUES (1, 'course_objective', 'weighted-ratios');
                INSERT INTO class_value (run_id, position, target, id, course_id, measure, value, verdict,
                    students_evaluated, students_below_individual)
                VALUES (1, 1, 'requirement', 'GR1', NULL, 'attainment', 0.625, 'not-met', 10, 4),
                    (1, 2, 'requirement', 'GR2', NULL, 'attainment', NULL, 'not-evaluable', 0, 0);
                INSERT INTO student_value (run_id, target, id, student_id, value) VALUES (1, 'requirement', 'GR1', '001', 0.5);
                """)

        let store = try HistoryStore(path: path)
        #expect(try store.tableNames() == (Self.v1Tables + ["improvement", "warning"]).sorted())
        let runs = try store.runs(programmeID: nil)
        try #require(runs.count == 1)
        #expect(runs[0].runID == 1 && runs[0].programmeID == "CS-2021" && runs[0].cohort == "2021")
        #expect(runs[0].toolVersion == "0.0.9" && runs[0].fingerprint == "abc123" && runs[0].classThreshold == 0.7)
        let trend = try store.trend(programmeID: "CS-2021", target: .requirement)
        #expect(trend.ids == ["GR1", "GR2"])
        #expect(trend.rows.map(\.values) == [[0.625, nil]])
        #expect(
            try store.previousCohortValues(programmeID: "CS-2021", before: "2022")
                == CohortValues(cohort: "2021", values: [ValueKey(.requirement, "GR1"): 0.625]))
        #expect(try store.studentValues(runID: 1, target: .requirement, id: "GR1").map(\.value) == [0.5])
        #expect(try store.warnings(programmeID: nil, cohort: nil, level: nil).isEmpty)

        // The v2 tables work: a new run with warnings drafts its ledger records.
        let run = try FixtureRun.threeMethods(cohort: "2022")
        let outcome = try store.record(run.facts("2025-07-01T09:00:00Z"), result: run.result, warnings: run.belowThresholdWarnings)
        #expect(outcome == .recorded(runID: 2))
        #expect(try store.improvements(programmeID: nil, status: .open).count == run.belowThresholdWarnings.count)

        // Opening again applies nothing and changes nothing.
        let before = try store.contentDump()
        #expect(try HistoryStore(path: path).contentDump() == before)
    }

    @Test func theFileAndItsFoldersAreCreated() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/data/attain/history.sqlite"
        let store = try HistoryStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try store.tableNames() == (Self.v1Tables + ["improvement", "warning"]).sorted())
        #expect(try store.programmes().isEmpty)
    }

    @Test func aDatabaseOfANewerVersionIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/history.sqlite"
        try HistoryStore(path: path).execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v3')")
        #expect(throws: HistoryError.newerSchema(file: path)) { try HistoryStore(path: path) }
    }

    @Test func aFileThatIsNotADatabaseIsRefusedWithItsName() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/history.sqlite"
        try "student_id,name\n".write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: HistoryError.self) { try HistoryStore(path: path) }
        guard case .cannotOpen(let file, _) = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(file == path)
        #expect(error?.description.hasPrefix(path + ": ") == true)
    }

    @Test(arguments: [
        (["ATTAIN_HISTORY": "/srv/attain.sqlite", "XDG_DATA_HOME": "/x", "HOME": "/home/li"], "/srv/attain.sqlite"),
        (["XDG_DATA_HOME": "/x/data", "HOME": "/home/li"], "/x/data/attain/history.sqlite"),
        (["XDG_DATA_HOME": "/x/data/", "HOME": "/home/li"], "/x/data/attain/history.sqlite"),
        (["XDG_DATA_HOME": "relative", "HOME": "/home/li"], "/home/li/.local/share/attain/history.sqlite"),
        (["ATTAIN_HISTORY": "", "HOME": "/home/li"], "/home/li/.local/share/attain/history.sqlite"),
        ([:], "attain-history.sqlite"),
    ])
    func theDefaultPath(environment: [String: String], expected: String) {
        #expect(HistoryStore.defaultPath(environment: environment) == expected)
    }
}

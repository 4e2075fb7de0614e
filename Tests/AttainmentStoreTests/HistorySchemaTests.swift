import AttainmentCore
import AttainmentStore
import Foundation
import Synchronization
import Testing

/// The tables, the migrations and opening files.
struct HistorySchemaTests {
    static let v1Tables = ["class_value", "run", "run_input", "run_setting", "student_value"]
    /// The tables of the current version.
    static let tables = [
        "class_value", "improvement", "run", "run_input", "run_setting", "run_student", "student_value_list", "warning",
    ]

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
        #expect(try store.tableNames() == Self.tables)
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

    /// A version 2 history as the earlier attain wrote it: student values by text, in the
    /// order recorded. Run 1's cohort is S1, S2 (its requirement's order); its course objective
    /// lists them in another order with a student outside the cohort (S9) and a NULL (not
    /// evaluable) value; run 2 has its own students.
    static let version2Rows = """
        INSERT INTO run (programme_id, programme_name, cohort, scheme, class_threshold, individual_threshold,
            tool_version, recorded_at, fingerprint, source)
        VALUES ('CS', '计算机', '2021', 'engineering', 0.7, 0.6, '0.1.0', '2025-07-01T09:00:00Z', 'f1', 'cs/2021'),
            ('CS', '计算机', '2022', 'engineering', 0.7, 0.6, '0.1.0', '2026-07-01T09:00:00Z', 'f2', 'cs/2022');
        INSERT INTO class_value (run_id, position, target, id, course_id, measure, value, verdict,
            students_evaluated, students_below_individual)
        VALUES (1, 1, 'requirement', 'GR1', NULL, 'attainment', 0.7, 'met', 2, 1),
            (1, 2, 'course', 'CS101', 'CS101', 'attainment', 0.65, 'not-met', NULL, NULL),
            (1, 3, 'course-objective', 'CS101/CO1', 'CS101', 'attainment', 0.65, 'not-met', 3, 1),
            (1, 4, 'course-objective', 'CS101/CO1', 'CS101', 'pass-rate', 0.9, NULL, NULL, NULL),
            (2, 1, 'requirement', 'GR1', NULL, 'attainment', 0.8, 'met', 1, 0);
        INSERT INTO student_value (run_id, target, id, student_id, value)
        VALUES (1, 'course-objective', 'CS101/CO1', 'S2', 0.5),
            (1, 'course-objective', 'CS101/CO1', 'S9', NULL),
            (1, 'course-objective', 'CS101/CO1', 'S1', 0.8),
            (1, 'requirement', 'GR1', 'S1', 0.75),
            (1, 'requirement', 'GR1', 'S2', 0.55),
            (2, 'requirement', 'GR1', 'T1', 0.8);
        """

    @Test func aVersion2DatabaseKeepsEveryStudentValue() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/history.sqlite"
        let old = try HistoryStore.open(path: path, migratedUpTo: "v2")
        try old.execute(sql: Self.version2Rows)

        let heard = Mutex<[[String]]>([])
        let store = try HistoryStore(path: path) { migrations in heard.withLock { $0.append(migrations) } }
        #expect(heard.withLock { $0 } == [["v3", "v4"]])
        #expect(try store.tableNames() == Self.tables)
        // Opened again, or new, there is nothing to upgrade and nothing is said.
        _ = try HistoryStore(path: path) { migrations in heard.withLock { $0.append(migrations) } }
        _ = try HistoryStore(path: folder.path + "/new.sqlite") { migrations in heard.withLock { $0.append(migrations) } }
        #expect(heard.withLock { $0 }.count == 1)
        // Each value comes back with its student, in the run's order of students: the cohort,
        // then those met only in a course.
        let course = try store.studentValues(runID: 1, target: .courseObjective, id: "CS101/CO1")
        #expect(course.map(\.studentID) == ["S1", "S2", "S9"])
        #expect(course.map(\.value) == [0.8, 0.5, nil])
        let requirement = try store.studentValues(runID: 1, target: .requirement, id: "GR1")
        #expect(requirement.map(\.studentID) == ["S1", "S2"])
        #expect(requirement.map(\.value) == [0.75, 0.55])
        let later = try store.studentValues(runID: 2, target: .requirement, id: "GR1")
        #expect(later.map(\.studentID) == ["T1"] && later.map(\.value) == [0.8])
        #expect(try store.studentValues(runID: 2, target: .courseObjective, id: "CS101/CO1").isEmpty)

        // Deleting a run deletes its student values (read here through the view of v3's table).
        try store.execute(sql: "DELETE FROM run WHERE id = 2")
        #expect(try store.count(sql: "SELECT COUNT(*) FROM student_value WHERE run_id = 2") == 0)
        #expect(try store.count(sql: "SELECT COUNT(*) FROM student_value WHERE run_id = 1") == 5)

        // A new run goes in beside them, and reading the old ones is unchanged.
        let run = try FixtureRun.threeMethods(cohort: "2023")
        #expect(try store.record(run.facts("2026-09-01T09:00:00Z"), result: run.result, warnings: []).runID > 2)
        #expect(try store.studentValues(runID: 1, target: .courseObjective, id: "CS101/CO1").map(\.studentID) == ["S1", "S2", "S9"])
    }

    /// A student value whose target has no class value in its run cannot be numbered: the
    /// migration stops, names the file and why, and leaves it at version 2 with every row.
    @Test func aVersion2StudentValueWithoutItsClassValueStopsTheMigration() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/history.sqlite"
        let old = try HistoryStore.open(path: path, migratedUpTo: "v2")
        try old.execute(sql: Self.version2Rows + """
            INSERT INTO student_value (run_id, target, id, student_id, value) VALUES (2, 'indicator', '1.1', 'T1', 0.9);
            """)
        let before = try old.contentDump()

        let error = #expect(throws: HistoryError.self) { try HistoryStore(path: path) }
        guard case .cannotOpen(let file, let reason) = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(file == path)
        #expect(reason.contains("1 of 7 student values have no class value"))
        #expect(try HistoryStore.open(path: path, migratedUpTo: "v2").contentDump() == before)
    }

    /// A version 3 history as the earlier attain wrote it: a row per student and value, here
    /// with values whose shortest decimals are long or tiny, NULLs, a course whose students are
    /// not the cohort's order, and two runs.
    static let version3Rows = """
        INSERT INTO run (programme_id, programme_name, cohort, scheme, class_threshold, individual_threshold,
            tool_version, recorded_at, fingerprint, source)
        VALUES ('CS', '计算机', '2021', 'engineering', 0.7, 0.6, '0.2.0', '2025-07-01T09:00:00Z', 'f1', 'cs/2021'),
            ('CS', '计算机', '2022', 'engineering', 0.7, 0.6, '0.2.0', '2026-07-01T09:00:00Z', 'f2', 'cs/2022');
        INSERT INTO class_value (run_id, position, target, id, course_id, measure, value, verdict,
            students_evaluated, students_below_individual)
        VALUES (1, 1, 'requirement', 'GR1', NULL, 'attainment', 0.7, 'met', 3, 1),
            (1, 2, 'course', 'CS101', 'CS101', 'attainment', 0.65, 'not-met', NULL, NULL),
            (1, 3, 'course-objective', 'CS101/CO1', 'CS101', 'attainment', 0.65, 'not-met', 3, 1),
            (1, 4, 'course-objective', 'CS101/CO1', 'CS101', 'pass-rate', 0.9, NULL, NULL, NULL),
            (2, 1, 'requirement', 'GR1', NULL, 'attainment', 0.8, 'met', 1, 0);
        INSERT INTO run_student (run_id, position, student_id)
        VALUES (1, 1, 'S1'), (1, 2, 'S2'), (1, 3, 'S3'), (1, 4, 'S9'), (2, 1, 'T1');
        INSERT INTO student_value (run_id, value_position, student_position, value)
        VALUES (1, 3, 4, NULL), (1, 3, 2, 0.30000000000000004), (1, 3, 1, 4.9406564584124654e-324),
            (1, 1, 3, 0.6666666666666666), (1, 1, 1, 1.0), (1, 1, 2, NULL),
            (2, 1, 1, 1.7976931348623157e308);
        """

    /// Each class value's rows become one list, in the order of the students' positions; the
    /// view `student_value` gives back every v3 row bit for bit; the run's lists go with it.
    @Test func aVersion3DatabaseKeepsEveryStudentValueAsLists() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/history.sqlite"
        let old = try HistoryStore.open(path: path, migratedUpTo: "v3")
        try old.execute(sql: Self.version3Rows)
        let rowsQuery = "SELECT run_id, value_position, student_position, value FROM student_value ORDER BY 1, 2, 3"
        let before = try old.numbers(sql: rowsQuery)
        #expect(before.count == 7)

        let heard = Mutex<[[String]]>([])
        let store = try HistoryStore(path: path) { migrations in heard.withLock { $0.append(migrations) } }
        #expect(heard.withLock { $0 } == [["v4"]])
        #expect(try store.tableNames() == Self.tables)
        let after = try store.numbers(sql: rowsQuery)
        #expect(after.map { $0.map { $0?.bitPattern } } == before.map { $0.map { $0?.bitPattern } })
        #expect(after[0] == [1, 1, 1, 1.0] && after[1][3] == nil)
        #expect(after.last?[3] == .greatestFiniteMagnitude)
        #expect(after.contains { $0[3] == .leastNonzeroMagnitude } && after.contains { $0[3] == 0.1 + 0.2 })
        #expect(try store.count(sql: "SELECT COUNT(*) FROM student_value_list") == 3)
        #expect(
            try store.count(
                sql: "SELECT COUNT(*) FROM student_value_list WHERE run_id = 1 AND value_position = 3 "
                    + "AND student_positions = '[1,2,4]' AND value_list = '[5e-324,0.30000000000000004,null]'") == 1)
        let course = try store.studentValues(runID: 1, target: .courseObjective, id: "CS101/CO1")
        #expect(course.map(\.studentID) == ["S1", "S2", "S9"])
        #expect(course.map(\.value) == [.leastNonzeroMagnitude, 0.1 + 0.2, nil])

        // v3's trigger is gone with its table; the lists cascade with their run.
        #expect(try store.count(sql: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'") == 0)
        try store.execute(sql: "DELETE FROM run WHERE id = 1")
        #expect(try store.count(sql: "SELECT COUNT(*) FROM student_value_list WHERE run_id = 1") == 0)
        #expect(try store.numbers(sql: rowsQuery).count == 1)
        let run = try FixtureRun.threeMethods(cohort: "2023")
        #expect(try store.record(run.facts("2026-09-01T09:00:00Z"), result: run.result, warnings: []).runID > 2)
    }

    /// A v3 value that JSON cannot hold (an infinity, which v3's REAL could) stops the migration
    /// with the reason, and the file stays at version 3 with every row.
    @Test func aVersion3ValueJSONCannotHoldStopsTheMigration() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/history.sqlite"
        let old = try HistoryStore.open(path: path, migratedUpTo: "v3")
        try old.execute(sql: Self.version3Rows + "UPDATE student_value SET value = 1e999 WHERE run_id = 2;")
        let before = try old.contentDump()

        let error = #expect(throws: HistoryError.self) { try HistoryStore(path: path) }
        guard case .cannotOpen(let file, let reason) = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(file == path)
        #expect(reason.contains("run 2 has a student value that is not a finite number"))
        #expect(try HistoryStore.open(path: path, migratedUpTo: "v3").contentDump() == before)
    }

    @Test func theFileAndItsFoldersAreCreated() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/data/attain/history.sqlite"
        let store = try HistoryStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try store.tableNames() == Self.tables)
        #expect(try store.programmes().isEmpty)
    }

    @Test func aDatabaseOfANewerVersionIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/history.sqlite"
        try HistoryStore(path: path).execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v5')")
        #expect(throws: HistoryError.newerSchema(file: path)) { try HistoryStore(path: path) }
    }

    /// Opened for reading only, a history is never changed: an up-to-date one is read, an older
    /// one is refused with its file left byte for byte as it was, a newer one refused, a missing
    /// one not created.
    @Test func readingOnlyChangesNothing() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/history.sqlite"
        try HistoryStore.open(path: path, migratedUpTo: "v2").execute(sql: Self.version2Rows)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: HistoryError.olderSchema(file: path)) { try HistoryStore(readingOnly: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(HistoryError.olderSchema(file: path).description.hasPrefix(path + ": the results history was written by an earlier version"))

        let current = try HistoryStore(path: path)
        let programmes = try current.programmes()
        #expect(!programmes.isEmpty)
        let reader = try HistoryStore(readingOnly: path)
        #expect(try reader.programmes() == programmes)
        #expect(throws: HistoryError.self) { try reader.execute(sql: "DELETE FROM run") }

        let missing = folder.path + "/none/history.sqlite"
        #expect(throws: HistoryError.self) { try HistoryStore(readingOnly: missing) }
        #expect(!FileManager.default.fileExists(atPath: missing))

        try current.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v5')")
        #expect(throws: HistoryError.newerSchema(file: path)) { try HistoryStore(readingOnly: path) }
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

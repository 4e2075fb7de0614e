import AttainmentCore
import AttainmentStore
import Foundation
import Testing

/// Shared fixture runs: loading and computing once for all tests.
enum SharedRuns {
    static let engineering2021 = Result { try FixtureRun.engineering(cohort: "2021") }
    static let engineering2022 = Result { try FixtureRun.engineering(cohort: "2022") }
}

/// Recording runs: one transaction, no duplicates, exact values.
struct HistoryRecordTests {
    /// Rows `record` writes for engineering 2022 with its below-threshold warnings, counted by
    /// `engineeringRowsAreAllWritten`; the failure points below lie inside that range.
    @Test(arguments: [1, 2, 11, 12, 40, 200, 320, 400, 460])
    func aFailedRecordLeavesTheDatabaseAsItWas(failingAfterRows: Int) throws {
        let folder = try TemporaryFolder()
        let store = try HistoryStore(path: folder.path + "/history.sqlite")
        let earlier = try SharedRuns.engineering2021.get()
        _ = try store.record(earlier.facts("2025-01-01T00:00:00Z"), result: earlier.result, warnings: earlier.belowThresholdWarnings)
        let before = try store.contentDump()

        let run = try SharedRuns.engineering2022.get()
        let facts = run.facts("2025-02-01T00:00:00Z")
        #expect(throws: HistoryError.self) {
            try store.record(
                facts, result: run.result, warnings: run.belowThresholdWarnings, measures: [], failingAfterRows: failingAfterRows)
        }
        #expect(try store.contentDump() == before)

        // The same run goes in once nothing interrupts it.
        let outcome = try store.record(facts, result: run.result, warnings: run.belowThresholdWarnings)
        #expect(outcome == .recorded(runID: 2))
    }

    @Test func engineeringRowsAreAllWritten() throws {
        let store = try HistoryStore.inMemory()
        let run = try SharedRuns.engineering2022.get()
        let result = run.result
        let warnings = run.belowThresholdWarnings
        let outcome = try store.record(run.facts("2025-02-01T00:00:00Z"), result: result, warnings: warnings)
        let runID = outcome.runID

        // Every student's value of every course objective, indicator, requirement and programme
        // objective, read back exactly: a double written as its shortest decimal and read back
        // is the same double, so `==` is right here. SQLite's JSON functions read the same
        // doubles back: the view `student_value` gives them bit for bit.
        let programme = result.programme
        var valueLists = 0
        var notEvaluable = 0
        func throughTheView(_ target: EarlyWarning.Target, _ id: String) throws -> [UInt64?] {
            try store.numbers(
                sql: """
                    SELECT v.value FROM student_value v
                    JOIN class_value c ON c.run_id = v.run_id AND c.position = v.value_position
                    WHERE c.run_id = \(runID) AND c.target = '\(target.rawValue)' AND c.id = '\(id)' AND c.measure = 'attainment'
                    ORDER BY v.student_position
                    """
            ).map { $0[0]?.bitPattern }
        }
        for (course, attainment) in zip(programme.courses, result.courses) {
            for (k, objective) in course.objectives.enumerated() {
                // In the run's order of students (run_student), which need not be the course's.
                let id = "\(course.id)/\(objective.id)"
                let stored = try store.studentValues(runID: runID, target: .courseObjective, id: id)
                #expect(stored.count == attainment.students.count)
                let expected = Dictionary(uniqueKeysWithValues: attainment.students.indices.map {
                    (attainment.students[$0].id, attainment.studentValue(student: $0, objective: k))
                })
                #expect(Dictionary(uniqueKeysWithValues: stored.map { ($0.studentID, $0.value) }) == expected)
                #expect(try throughTheView(.courseObjective, id) == stored.map { $0.value?.bitPattern })
                valueLists += 1
                notEvaluable += stored.filter { $0.value == nil }.count
            }
        }
        // Some values are not evaluable, so null goes in and comes back as nil.
        #expect(notEvaluable > 0)
        let cohort = result.students
        for (j, requirement) in programme.requirements.enumerated() {
            let stored = try store.studentValues(runID: runID, target: .requirement, id: requirement.id)
            #expect(stored.map(\.studentID) == cohort.students.map(\.id))
            #expect(stored.map(\.value) == cohort.students.indices.map { CohortAttainment.value(cohort.requirements, $0, j) })
            #expect(try throughTheView(.requirement, requirement.id) == stored.map { $0.value?.bitPattern })
        }
        valueLists += programme.indicators.count + programme.requirements.count + programme.objectives.count
        #expect(try store.count(sql: "SELECT COUNT(*) FROM student_value_list") == valueLists)
        let classRows = run.classValues.count
        // The run's students, each listed once (run_student).
        let students = Set(cohort.students.map(\.id) + result.courses.flatMap { $0.students.map(\.id) }).count
        let total = 1 + run.facts("2025-02-01T00:00:00Z").settings.count + run.files.count + classRows + students + valueLists
            + 2 * warnings.count
        // The failure points of aFailedRecordLeavesTheDatabaseAsItWas stay below this.
        #expect(total > 460)
        // One more row than written makes the hook never fire.
        let other = try HistoryStore.inMemory()
        #expect(
            try other.record(
                run.facts("2025-02-01T00:00:00Z"), result: result, warnings: warnings, measures: [],
                failingAfterRows: total + 1) == .recorded(runID: 1))
        #expect(throws: HistoryError.self) {
            try HistoryStore.inMemory().record(
                run.facts("2025-02-01T00:00:00Z"), result: result, warnings: warnings, measures: [], failingAfterRows: total)
        }
    }

    /// A student value that SQLite refuses (here a test's trigger refuses one requirement's)
    /// fails the record with SQLite's own message, naming the database, and keeps nothing of
    /// the run.
    @Test func aRefusedStudentValueFailsTheRecordWithSQLitesMessage() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/history.sqlite"
        let store = try HistoryStore(path: path)
        let earlier = try SharedRuns.engineering2021.get()
        _ = try store.record(earlier.facts("2025-01-01T00:00:00Z"), result: earlier.result, warnings: [])
        try store.execute(sql: """
            CREATE TRIGGER refuse_gr3 BEFORE INSERT ON student_value_list
            WHEN NEW.value_position = (SELECT position FROM class_value WHERE run_id = NEW.run_id
                AND target = 'requirement' AND id = 'GR3' AND measure = 'attainment')
            BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
            """)
        let before = try store.contentDump()

        let run = try SharedRuns.engineering2022.get()
        let error = #expect(throws: HistoryError.self) {
            try store.record(run.facts("2025-02-01T00:00:00Z"), result: run.result, warnings: [])
        }
        #expect(error == .database(file: path, message: "refused by the test"))
        #expect(try store.contentDump() == before)
    }

    /// Deleting a run deletes everything of it, its student values too (a trigger, where the
    /// other tables cascade by foreign key), and nothing of another run.
    @Test func deletingARunDeletesItsStudentValues() throws {
        let store = try HistoryStore.inMemory()
        let earlier = try SharedRuns.engineering2021.get()
        let later = try SharedRuns.engineering2022.get()
        _ = try store.record(earlier.facts("2025-01-01T00:00:00Z"), result: earlier.result, warnings: [])
        _ = try store.record(later.facts("2025-02-01T00:00:00Z"), result: later.result, warnings: [])
        let perRun = "SELECT COUNT(*) FROM student_value WHERE run_id = "
        let second = try store.count(sql: perRun + "2")
        #expect(try store.count(sql: perRun + "1") > 16_000 && second > 16_000)

        try store.execute(sql: "DELETE FROM run WHERE id = 1")
        for table in ["student_value_list", "student_value", "run_student", "class_value", "run_input", "run_setting"] {
            #expect(try store.count(sql: "SELECT COUNT(*) FROM \(table) WHERE run_id = 1") == 0, "\(table)")
        }
        #expect(try store.count(sql: perRun + "2") == second)
    }

    @Test func classValuesRoundTripExactly() throws {
        let store = try HistoryStore.inMemory()
        let run = try SharedRuns.engineering2021.get()
        _ = try store.record(run.facts("2025-01-01T00:00:00Z"), result: run.result, warnings: [])
        let previous = try #require(try store.previousCohortValues(programmeID: "CS-2022", before: "2022"))
        #expect(previous.cohort == "2021")
        // Stored and read back unrounded: `==` on the same double is exact.
        #expect(previous.values == run.classValues.compactMapValues { $0 })
        #expect(try store.previousCohortValues(programmeID: "CS-2022", before: "2021") == nil)
        #expect(try store.previousCohortValues(programmeID: "EE-2022", before: "2022") == nil)
    }

    @Test func theSameRunIsRecordedOnce() throws {
        let store = try HistoryStore.inMemory()
        let run = try FixtureRun.threeMethods(cohort: "2021")
        let first = try store.record(run.facts("2025-01-01T08:00:00Z"), result: run.result, warnings: run.belowThresholdWarnings)
        #expect(first == .recorded(runID: 1))
        let before = try store.contentDump()

        // The same fixture loaded again from another copy, recorded later: the same run.
        let again = try FixtureRun.threeMethods(cohort: "2021")
        #expect(again.source != run.source)
        #expect(again.facts("2025-03-01T08:00:00Z").fingerprint == run.facts("2025-01-01T08:00:00Z").fingerprint)
        #expect(
            try store.record(again.facts("2025-03-01T08:00:00Z"), result: again.result, warnings: again.belowThresholdWarnings)
                == .alreadyRecorded(runID: 1))
        // Nothing is added; only the run's time moves to the re-run, so it is the latest again.
        #expect(try store.contentDump() == before.replacingOccurrences(of: "2025-01-01T08:00:00Z", with: "2025-03-01T08:00:00Z"))
        #expect(before.contains("2025-01-01T08:00:00Z"))

        // Another cohort, or changed scores, is a new run.
        let nextCohort = try FixtureRun.threeMethods(cohort: "2022")
        #expect(try store.record(nextCohort.facts("2025-04-01T08:00:00Z"), result: nextCohort.result, warnings: []) == .recorded(runID: 2))
        let changed = try FixtureRun.threeMethods(cohort: "2021", s2Final: 40)
        #expect(try store.record(changed.facts("2025-05-01T08:00:00Z"), result: changed.result, warnings: []) == .recorded(runID: 3))
        #expect(try store.runs(programmeID: "TINY-3M").map(\.runID) == [1, 2, 3])

        // Going back to the first inputs makes run 1 the latest of 2021 again.
        let back = try FixtureRun.threeMethods(cohort: "2021")
        #expect(try store.record(back.facts("2025-06-01T08:00:00Z"), result: back.result, warnings: []) == .alreadyRecorded(runID: 1))
        let trend = try store.trend(programmeID: "TINY-3M", target: .requirement)
        #expect(trend.rows.first { $0.cohort == "2021" }?.runID == 1)
        #expect(trend.value(cohort: "2021", id: "GR1") == run.result.requirements[0].value.value)
        #expect(try store.previousCohortValues(programmeID: "TINY-3M", before: "2022")?.values[ValueKey(.requirement, "GR1")]
            == run.result.requirements[0].value.value)
    }

    /// The warning rules are settings of a run: other rules, another run.
    @Test func otherWarningRulesMakeAnotherRun() throws {
        let run = try FixtureRun.threeMethods(cohort: "2021")
        let defaults = RunFacts(result: run.result, inputs: run.files, source: run.source, recordedAt: "t", rules: WarningRules())
        let stricter = RunFacts(
            result: run.result, inputs: run.files, source: run.source, recordedAt: "t", rules: WarningRules(minimumPassRate: 0.9))
        #expect(defaults.fingerprint != stricter.fingerprint)
        #expect(defaults.fingerprint != run.facts("t").fingerprint)
        #expect(defaults.settings.contains(RunFacts.Setting(name: "warning.course.min_pass_rate", value: "0.8")))
    }

    @Test func theFingerprintDependsOnInputsSettingsAndVersionOnly() throws {
        let run = try FixtureRun.threeMethods(cohort: "2021")
        let facts = run.facts("2025-01-01T08:00:00Z")
        #expect(facts.fingerprint.count == 64)
        #expect(facts.fingerprint.allSatisfy { $0.isHexDigit && !$0.isUppercase })

        var reordered = facts
        reordered.inputs.reverse()
        reordered.source = "elsewhere"
        reordered.recordedAt = "2030-01-01T00:00:00Z"
        reordered.programmeName = "renamed"
        #expect(reordered.fingerprint == facts.fingerprint)

        var version = facts
        version.toolVersion = "9.9.9"
        var setting = facts
        setting.settings[0].value = "pooled-marks"
        var threshold = facts
        threshold.classThreshold = 0.75
        var input = facts
        input.inputs[0] = InputFile(path: input.inputs[0].path, sha256: String(repeating: "0", count: 64), size: input.inputs[0].size)
        for changed in [version, setting, threshold, input] {
            #expect(changed.fingerprint != facts.fingerprint)
        }
    }

    @Test func runFactsComeFromTheResult() throws {
        let run = try FixtureRun.threeMethods(cohort: "2021")
        let facts = run.facts("2025-01-01T08:00:00Z")
        #expect(facts.programmeID == "TINY-3M" && facts.cohort == "2021" && facts.scheme == "engineering")
        #expect(facts.classThreshold == 0.7 && facts.individualThreshold == 0.6 && facts.toolVersion == attainVersion)
        // The settings in effect under the CEEAA defaults: NBA's and ABET's are left out.
        #expect(facts.settings.map(\.name) == [
            "course_objective", "course_indicator", "indicator", "requirement", "support_weights", "support_count",
            "levels.H", "levels.M", "levels.L", "cap", "absent", "cheating", "blank", "retake",
            "surveys.conversion", "surveys.agree_level", "surveys.weight", "surveys.min_coverage",
        ])
        #expect(facts.settings.first { $0.name == "levels.H" }?.value == "3")
        #expect(facts.settings.first { $0.name == "cap" }?.value == "true")
        #expect(facts.inputs == run.files)
    }
}

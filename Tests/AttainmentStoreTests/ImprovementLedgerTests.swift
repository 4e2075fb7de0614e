import AttainmentCore
import AttainmentStore
import Testing

/// The continuous-improvement ledger: drafts from warnings, editing, closing and re-checking.
struct ImprovementLedgerTests {
    /// tiny/three-methods: CO1 = 0.695, so C1/CO1, 2.1, GR1 and PEO1 are below 0.7.
    @Test func warningsDraftLedgerRecords() throws {
        let store = try HistoryStore.inMemory()
        let run = try FixtureRun.threeMethods(cohort: "2021")
        let student = EarlyWarning(
            level: .student, rule: .studentBelow, severity: .watch, target: .student, targetID: "S2", value: 1, bound: 1,
            detail: "GR1")
        let warnings = run.belowThresholdWarnings + [student]
        let outcome = try store.record(run.facts("2025-07-01T09:30:00Z"), result: run.result, warnings: warnings)

        let drafts = try store.improvements(programmeID: "TINY-3M", status: nil)
        #expect(drafts.map(\.targetID) == ["PEO1", "GR1", "2.1", "C1/CO1"])
        let requirement = try #require(drafts.first { $0.target == .requirement })
        let value = try #require(run.result.requirements[0].value.value)
        #expect(
            requirement
                == ImprovementRecord(
                    id: requirement.id, programmeID: "TINY-3M", cohort: "2021", level: .programme, target: .requirement,
                    targetID: "GR1", rule: .belowThreshold, baselineValue: value, bound: 0.7,
                    source: "预警 early warning (below-threshold)", feedback: "GR1 below-threshold: 0.695 < 0.700",
                    status: .open, created: "2025-07-01", runID: outcome.runID))
        let course = try #require(drafts.first { $0.target == .courseObjective })
        #expect(course.level == .course && course.courseID == "C1")
        #expect(try store.improvement(id: requirement.id ?? 0) == requirement)

        // A later cohort with the same warnings drafts nothing while the records are open…
        let next = try FixtureRun.threeMethods(cohort: "2022", s2Final: 32)
        _ = try store.record(next.facts("2026-07-01T09:30:00Z"), result: next.result, warnings: next.belowThresholdWarnings)
        #expect(try store.improvements(programmeID: "TINY-3M", status: nil).count == 4)

        // …nor while in progress; once closed, the same warning drafts a new one.
        var inProgress = requirement
        inProgress.status = .inProgress
        try store.updateImprovement(inProgress)
        try store.closeImprovement(id: drafts[0].id ?? 0, on: "2026-09-01")
        let third = try FixtureRun.threeMethods(cohort: "2023", s2Final: 31)
        let thirdOutcome = try store.record(
            third.facts("2027-07-01T09:30:00Z"), result: third.result, warnings: third.belowThresholdWarnings)
        let all = try store.improvements(programmeID: nil, status: nil)
        #expect(all.count == 5)
        #expect(all.last?.targetID == "PEO1" && all.last?.cohort == "2023" && all.last?.runID == thirdOutcome.runID)
        #expect(try store.improvements(programmeID: "TINY-3M", status: .closed).map(\.closed) == ["2026-09-01"])
        #expect(try store.improvements(programmeID: "TINY-3M", status: .inProgress).map(\.targetID) == ["GR1"])
        #expect(try store.improvements(programmeID: "OTHER", status: nil).isEmpty)
    }

    @Test func aRecordIsEditedAddedAndClosedByHand() throws {
        let store = try HistoryStore.inMemory()
        let record = ImprovementRecord(
            programmeID: "CS-2022", cohort: "2022", level: .programme, target: .requirement, targetID: "GR3",
            bound: 0.7, source: "毕业生问卷 graduate survey", responsibleUnit: "计算机学院",
            feedback: "Design projects are too small.", created: "2025-09-01")
        let id = try store.addImprovement(record)
        var stored = try #require(try store.improvement(id: id))
        var expected = record
        expected.id = id
        #expect(stored == expected)

        stored.response = "Agreed."
        stored.measures = "A two-week design project in CS3001."
        stored.expectedEffect = "GR3 ≥ 0.75"
        stored.deadline = "2026-06-30"
        stored.responsiblePerson = "王老师"
        stored.status = .inProgress
        try store.updateImprovement(stored)
        #expect(try store.improvement(id: id) == stored)

        try store.closeImprovement(id: id, on: "2026-07-15")
        let closed = try #require(try store.improvement(id: id))
        #expect(closed.status == .closed && closed.closed == "2026-07-15" && closed.measures == stored.measures)

        var missing = stored
        missing.id = id + 100
        #expect(throws: HistoryError.noSuchImprovement(id + 100, file: ":memory:")) { try store.updateImprovement(missing) }
        #expect(throws: HistoryError.noSuchImprovement(id + 100, file: ":memory:")) {
            try store.closeImprovement(id: id + 100, on: "2026-07-15")
        }
        #expect(try store.improvement(id: id + 100) == nil)
    }

    /// The loop across two cohorts: 2021 below the threshold drafts a record; 2022 is recorded
    /// with S2's final mark changed, and the re-check reads 2022's value.
    @Test(arguments: [(40, Recheck.Status.recovered), (30, .notRecovered)])
    func theRecheckLooksAtTheNextCohort(s2Final: Int, expected: Recheck.Status) throws {
        let store = try HistoryStore.inMemory()
        let first = try FixtureRun.threeMethods(cohort: "2021")
        _ = try store.record(first.facts("2025-07-01T09:00:00Z"), result: first.result, warnings: first.belowThresholdWarnings)
        let record = try #require(try store.improvements(programmeID: "TINY-3M", status: .open).first { $0.targetID == "GR1" })
        #expect(try store.recheck(record) == Recheck(status: .pending))

        let second = try FixtureRun.threeMethods(cohort: "2022", s2Final: s2Final)
        let outcome = try store.record(
            second.facts("2026-07-01T09:00:00Z"), result: second.result, warnings: second.belowThresholdWarnings)
        let value = try #require(second.result.requirements[0].value.value)
        #expect((value >= 0.7) == (expected == .recovered))
        // Stored and read back unrounded: the same double.
        #expect(try store.recheck(record) == Recheck(status: expected, cohort: "2022", value: value, runID: outcome.runID))

        // A record a person wrote, with no rule: judged by its bound.
        let byHand = ImprovementRecord(
            programmeID: "TINY-3M", cohort: "2021", level: .programme, target: .requirement, targetID: "GR1", bound: 0.7,
            created: "2025-08-01")
        #expect(try store.recheck(byHand).status == expected)
        var noBound = byHand
        noBound.bound = nil
        #expect(try store.recheck(noBound) == Recheck(status: .pending, cohort: "2022", value: value, runID: outcome.runID))
    }

    /// Near and fall records are judged on the later value against the bound the warning named,
    /// not on whether the later run raised the same rule: a later cohort that fell below the
    /// threshold raises no near-threshold warning, yet has not recovered; one that stayed low
    /// raises no new fall warning (it is measured from its own previous cohort), yet has not
    /// recovered either.
    @Test(arguments: [EarlyWarning.Rule.nearThreshold, .fall])
    func nearAndFallRecordsAreJudgedOnTheValue(rule: EarlyWarning.Rule) throws {
        let store = try HistoryStore.inMemory()
        let first = try FixtureRun.threeMethods(cohort: "2021")
        let value = try #require(first.result.requirements[0].value.value)
        // A bound above the later value, as a near (0.7 + margin) or fall (earlier − limit) bound would be.
        let warning = EarlyWarning(
            level: .programme, rule: rule, severity: .watch, target: .requirement, targetID: "GR1", value: value, bound: 0.75)
        _ = try store.record(first.facts("2025-07-01T09:00:00Z"), result: first.result, warnings: [warning])
        let record = try #require(try store.improvements(programmeID: "TINY-3M", status: .open).first { $0.rule == rule })

        // 2022 lower still, recorded with only a below-threshold warning.
        let second = try FixtureRun.threeMethods(cohort: "2022", s2Final: 20)
        let later = try #require(second.result.requirements[0].value.value)
        #expect(later < 0.7)
        _ = try store.record(second.facts("2026-07-01T09:00:00Z"), result: second.result, warnings: second.belowThresholdWarnings)
        #expect(try store.recheck(record).status == .notRecovered)

        // 2023 at the bound: recovered.
        let third = try FixtureRun.threeMethods(cohort: "2023", s2Final: 60)
        let recovered = try #require(third.result.requirements[0].value.value)
        #expect(recovered >= 0.75)
        _ = try store.record(third.facts("2027-07-01T09:00:00Z"), result: third.result, warnings: [])
        #expect(try store.recheck(record).status == .recovered)
    }

    @Test func aPassRateRecordIsRecheckedOnThePassRate() throws {
        let store = try HistoryStore.inMemory()
        let first = try FixtureRun.threeMethods(cohort: "2021")
        let warning = EarlyWarning(
            level: .course, rule: .passRate, severity: .alert, target: .course, targetID: "C1", courseID: "C1", value: 0.5,
            bound: 0.8)
        _ = try store.record(
            first.facts("2025-07-01T09:00:00Z"), result: first.result, warnings: [warning],
            measures: [MeasuredValue(target: .course, id: "C1", courseID: "C1", measure: MeasuredValue.passRate, value: 0.5)])
        let record = try #require(try store.improvements(programmeID: "TINY-3M", status: .open).first)
        #expect(record.rule == .passRate && record.feedback == "C1 pass-rate: 0.500 < 0.800")

        let second = try FixtureRun.threeMethods(cohort: "2022")
        let outcome = try store.record(
            second.facts("2026-07-01T09:00:00Z"), result: second.result, warnings: [],
            measures: [MeasuredValue(target: .course, id: "C1", courseID: "C1", measure: MeasuredValue.passRate, value: 1)])
        #expect(try store.recheck(record) == Recheck(status: .recovered, cohort: "2022", value: 1, runID: outcome.runID))
    }
}

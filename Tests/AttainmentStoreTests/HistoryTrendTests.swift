import AttainmentCore
import AttainmentStore
import Testing

/// Trends, previous cohorts, listings and stored warnings over several recorded cohorts.
struct HistoryTrendTests {
    /// Engineering for 2020, 2021 and 2022, recorded out of order, and 2021 run again with
    /// changed scores: everything reads the latest run of each cohort.
    @Test func trendsUseTheLatestRunOfEachCohort() throws {
        let store = try HistoryStore.inMemory()
        let run2022 = try SharedRuns.engineering2022.get()
        let run2020 = try FixtureRun.engineering(cohort: "2020")
        let run2021 = try SharedRuns.engineering2021.get()
        let rerun2021 = try FixtureRun.engineering(cohort: "2021", changedScores: true)
        var ids: [String: Int64] = [:]
        for (name, run, time) in [
            ("2022", run2022, "2025-01-01T00:00:00Z"), ("2020", run2020, "2025-01-02T00:00:00Z"),
            ("2021", run2021, "2025-01-03T00:00:00Z"), ("2021 again", rerun2021, "2025-01-04T00:00:00Z"),
        ] {
            let outcome = try store.record(run.facts(time), result: run.result, warnings: run.belowThresholdWarnings)
            guard case .recorded(let runID) = outcome else {
                Issue.record("\(name) was not recorded: \(outcome)")
                return
            }
            ids[name] = runID
        }
        let latest = [("2020", run2020), ("2021", rerun2021), ("2022", run2022)]
        // The changed scores changed a value that the trend must show.
        #expect(run2021.classValues[ValueKey(.course, "CS1000")] != rerun2021.classValues[ValueKey(.course, "CS1000")])

        let programme = run2022.result.programme
        let requirements = try store.trend(programmeID: "CS-2022", target: .requirement)
        #expect(requirements.ids == programme.requirements.map(\.id))
        #expect(requirements.cohorts == ["2020", "2021", "2022"])
        #expect(requirements.rows.map(\.runID) == [ids["2020"], ids["2021 again"], ids["2022"]].compactMap { $0 })
        #expect(requirements.rows.map(\.classThreshold) == [0.7, 0.7, 0.7])
        for (row, (cohort, run)) in zip(requirements.rows, latest) {
            #expect(row.cohort == cohort)
            for (id, value) in zip(requirements.ids, row.values) {
                expectClose(value, run.classValues[ValueKey(.requirement, id)] ?? nil)
            }
        }

        for target in [EarlyWarning.Target.indicator, .course, .courseObjective, .programmeObjective] {
            let trend = try store.trend(programmeID: "CS-2022", target: target)
            #expect(trend.ids.count == run2022.classValues.keys.count { $0.target == target })
            for (cohort, run) in latest {
                for id in trend.ids {
                    expectClose(trend.value(cohort: cohort, id: id), run.classValues[ValueKey(target, id)] ?? nil)
                }
            }
        }
        #expect(try store.trend(programmeID: "CS-2022", target: .indicator).ids == programme.indicators.map(\.id))

        let chosen = try store.trend(programmeID: "CS-2022", target: .course, ids: ["CS1000", "CS1001", "NOPE"])
        #expect(chosen.ids == ["CS1000", "CS1001", "NOPE"])
        #expect(chosen.rows.allSatisfy { $0.values.count == 3 && $0.values[2] == nil })
        expectClose(chosen.value(cohort: "2021", id: "CS1000"), rerun2021.classValues[ValueKey(.course, "CS1000")] ?? nil)
        #expect(try store.trend(programmeID: "EE-2022", target: .requirement) == TrendTable(ids: [], rows: []))

        // The fall rule's previous values: the latest run of the cohort before.
        let previous = try #require(try store.previousCohortValues(programmeID: "CS-2022", before: "2022"))
        #expect(previous == CohortValues(cohort: "2021", values: rerun2021.classValues.compactMapValues { $0 }))
        #expect(try store.previousCohortValues(programmeID: "CS-2022", before: "2021")?.cohort == "2020")
        #expect(try store.previousCohortValues(programmeID: "CS-2022", before: "2030")?.cohort == "2022")

        let programmes = try store.programmes()
        #expect(programmes == [HistoryProgramme(id: "CS-2022", name: programme.name, cohorts: ["2020", "2021", "2022"])])
        let runs = try store.runs(programmeID: "CS-2022")
        #expect(runs.map(\.cohort) == ["2022", "2020", "2021", "2021"])
        #expect(runs.map(\.recordedAt) == ["2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z", "2025-01-03T00:00:00Z", "2025-01-04T00:00:00Z"])
        #expect(runs[3].fingerprint == rerun2021.facts("").fingerprint && runs[3].source == rerun2021.source)
        #expect(try store.runs(programmeID: "EE-2022").isEmpty)

        // Warnings: those of the latest run of each cohort only.
        let warnings = try store.warnings(programmeID: "CS-2022", cohort: nil, level: nil)
        let expected = latest.flatMap { cohort, run in run.belowThresholdWarnings.map { (cohort, $0) } }
        #expect(warnings.map(\.cohort) == expected.map(\.0))
        #expect(warnings.map(\.warning) == expected.map(\.1))
        #expect(warnings.allSatisfy { $0.programmeID == "CS-2022" && $0.programmeName == programme.name })
        let course2021 = try store.warnings(programmeID: nil, cohort: "2021", level: .course)
        #expect(course2021.map(\.warning) == rerun2021.belowThresholdWarnings.filter { $0.level == .course })
        #expect(course2021.allSatisfy { $0.runID == ids["2021 again"] })
    }
}

/// Compares an optional value read from the history with the engine's, within 1e-12.
func expectClose(_ stored: Double?, _ computed: Double?, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    switch (stored, computed) {
    case (nil, nil): break
    case (let stored?, let computed?):
        #expect(abs(stored - computed) <= 1e-12, "\(stored) vs \(computed)", sourceLocation: sourceLocation)
    default:
        Issue.record("stored \(String(describing: stored)), computed \(String(describing: computed))", sourceLocation: sourceLocation)
    }
}

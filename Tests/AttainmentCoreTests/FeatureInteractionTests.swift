import Testing

@testable import AttainmentCore

/// Where schemes, surveys and elective groups meet (methods.md §4.1, §13.2, §14.2), worked by
/// hand: an elective group G = [E1, E2] alone supports indicator 1.1 (GR1 → PEO1).
@Suite struct FeatureInteractionTests {
    /// A member course: one end-semester component, one item Q assessing CO1 → 1.1.
    private func member(_ id: String, fullMarks: Double) -> Course {
        Course(
            id: id, objectives: [CourseObjective(id: "CO1", indicators: ["1.1"])],
            components: [AssessmentComponent(id: "exam", weight: 1, kind: .endSemester)],
            items: [AssessmentItem(id: "Q", component: "exam", fullMarks: fullMarks, objective: "CO1")])
    }

    private func groupInput(
        methods: MethodSettings, thresholds: Thresholds, fullMarks: Double,
        e1: [(String, Double)], e2: [(String, Double)], surveys: [Survey] = []
    ) -> ProgrammeInput {
        let programme = Programme(
            id: "G", name: "", cohort: "2024", thresholds: thresholds, methods: methods,
            objectives: [ProgrammeObjective(id: "PEO1")],
            requirements: [Requirement(id: "GR1", indicators: [Indicator(id: "1.1")])],
            requirementSupport: [SupportEntry(from: "GR1", to: "PEO1", strength: .level(.high))],
            courses: [member("E1", fullMarks: fullMarks), member("E2", fullMarks: fullMarks)],
            courseSupport: [SupportEntry(from: "G", to: "1.1", strength: .level(.high))],
            electiveGroups: [ElectiveGroup(id: "G", courses: ["E1", "E2"])])
        func table(_ rows: [(String, Double)]) -> ScoreTable {
            ScoreTable(students: rows.map { Student(id: $0.0) }, scores: Matrix(rows: rows.count, columns: 1, elements: rows.map(\.1)))
        }
        return ProgrammeInput(programme: programme, scores: [table(e1), table(e2)], surveys: surveys)
    }

    /// NBA: E1's shares 0.8, 0.7, 0.3 → 2 of 3 reach 0.6 → 0.667 → level 2; E2's 0.9, 0.9 → all
    /// reach → level 3. The group's level weights the members by the students who count
    /// through each: (3·2 + 2·3)/5 = 2.4, not the mean of the students' shares (0.72).
    @Test func underNBAAGroupIsTheMembersLevelsWeightedByStudents() throws {
        let result = try groupInput(
            methods: MethodSettings(for: .nba), thresholds: Thresholds(for: .nba), fullMarks: 10,
            e1: [("s1", 8), ("s2", 7), ("s3", 3)], e2: [("s4", 9), ("s5", 9)]
        ).computeAttainment()
        #expect(near(result.courses[0].objectives[0].value, 2))
        #expect(near(result.courses[1].objectives[0].value, 3))
        #expect(near(result.indicators[0].value.value, 2.4))
        #expect(result.indicators[0].value.verdict == .met)
        // Each student's own value stays a share of marks (§11).
        #expect(near(CohortAttainment.value(result.students.indicators, 0, 0), 0.8))
    }

    /// ABET: E1's levels 4, 3, 2 → 2 of 3 at 3 or above; E2's 3, 3 → both. The group's share:
    /// (3·2/3 + 2·1)/5 = 0.8.
    @Test func underABETAGroupIsTheMembersSharesWeightedByStudents() throws {
        let result = try groupInput(
            methods: MethodSettings(for: .abet), thresholds: Thresholds(for: .abet), fullMarks: 4,
            e1: [("s1", 4), ("s2", 3), ("s3", 2)], e2: [("s4", 3), ("s5", 3)]
        ).computeAttainment()
        #expect(near(result.courses[0].objectives[0].value, 2.0 / 3))
        #expect(near(result.indicators[0].value.value, 0.8))
    }

    /// Under the mark ratios the group pools its students' own values (§14.2): a blended
    /// course-exit survey on a member reaches the member's values only, and says so.
    @Test func aBlendedSurveyOnAMemberIsReportedAsNotReachingTheGroup() throws {
        var methods = MethodSettings()
        methods.surveys.weight = 0.5
        let survey = Survey(id: "exit", kind: .courseExit, scale: 5, responses: [
            SurveyResponses(target: .courseObjective(course: "E1", objective: "CO1"), counts: [0, 0, 0, 0, 4]),
        ])
        let result = try groupInput(
            methods: methods, thresholds: Thresholds(), fullMarks: 10,
            e1: [("s1", 8), ("s2", 6)], e2: [("s3", 9)], surveys: [survey]
        ).computeAttainment()
        // E1/CO1: 0.5·0.7 + 0.5·1 = 0.85; the group pools 0.8, 0.6, 0.9 → 0.7667.
        #expect(near(result.courses[0].objectives[0].value, 0.85))
        #expect(near(result.indicators[0].value.value, 2.3 / 3))
        #expect(result.diagnostics.contains { $0.code == .surveyOutsideGroupValue && $0.severity == .warning })
    }

    /// NBA counts support once per objective: members that map different numbers of objectives
    /// to the group's indicator would make the weight depend on the course taken (§4.1, §14.2).
    @Test func membersMustAgreeOnTheirObjectiveCountUnderSupportCountObjective() throws {
        var input = groupInput(
            methods: MethodSettings(for: .nba), thresholds: Thresholds(for: .nba), fullMarks: 10,
            e1: [("s1", 8)], e2: [("s2", 9)])
        input.programme.courses[1].objectives.append(CourseObjective(id: "CO2", indicators: ["1.1"]))
        input.programme.courses[1].items = [
            AssessmentItem(id: "Q", component: "exam", fullMarks: 10, marks: [
                ObjectiveMarks(objective: "CO1", marks: 5), ObjectiveMarks(objective: "CO2", marks: 5),
            ]),
        ]
        #expect(throws: InputErrors.self) { try input.computeAttainment() }
        let errors = input.programme.validate().filter { $0.severity == .error }
        #expect(errors.contains { $0.message.contains("map different numbers of objectives to indicator 1.1") })
    }

    /// A weighted sum of equal values is that value exactly (computed around the first value), so a
    /// value on the threshold is not judged below it (three courses at level 2, weights M, H, L).
    @Test func aWeightedSumOfEqualValuesIsExact() {
        let combined = combine([(2, 2.0), (3, 2.0), (1, 2.0)], method: .weightedSum)
        // Exact equality is the point here: 1.9999999999999998 would read "not met" against 2.
        #expect(combined.value == 2)
        #expect(Verdict(combined.value, threshold: 2) == .met)
        #expect(near(combined.weights[1], 0.5))
    }

    /// More respondents than people asked is a data error to look at, not a coverage to report.
    @Test func aSurveyAboveItsPopulationIsWarnedAbout() {
        let settings = MethodSettings.SurveySettings()
        func survey(population: Int) -> Survey {
            Survey(id: "g", kind: .graduating, scale: 5, population: population, responses: [
                SurveyResponses(target: .requirement("GR1"), counts: [0, 0, 2, 5, 3]),
            ])
        }
        #expect(Survey.coverageWarnings([survey(population: 7)], settings: settings).map(\.code) == [.surveyAbovePopulation])
        #expect(Survey.coverageWarnings([survey(population: 10)], settings: settings).isEmpty, "10 of 10")
        #expect(Survey.coverageWarnings([survey(population: 21)], settings: settings).map(\.code) == [.lowSurveyCoverage])
    }

    /// `retake: best` with marks equal but for binary noise keeps the earlier attempt (§14.1).
    @Test func bestTreatsMarksWithinNoiseAsATie() {
        let students = [Student(id: "s1"), Student(id: "s1")]
        let rows = countedRows(students: students, attempts: [1, 2], rule: .best, marks: [0.6, 0.6 + 1e-12])
        #expect(rows == [0])
        let clearlyBetter = countedRows(students: students, attempts: [1, 2], rule: .best, marks: [0.6, 0.61])
        #expect(clearlyBetter == [1])
    }

    /// The near margin counts in levels under NBA: 0.05 × 3 = 0.15 above the threshold of 2.
    /// E1 at level 2 (6 of 9 reach 0.6) with nine students, E2 at level 3 with one: the group,
    /// and so 1.1, GR1 and PEO1, are (9·2 + 1·3)/10 = 2.1: near 2 on 0-3, not within 0.05.
    @Test func theNearMarginCountsInLevelsUnderNBA() throws {
        let e1 = (1...9).map { ("s\($0)", $0 <= 6 ? 7.0 : 4.0) }
        let result = try groupInput(
            methods: MethodSettings(for: .nba), thresholds: Thresholds(for: .nba), fullMarks: 10,
            e1: e1, e2: [("t1", 9)]
        ).computeAttainment()
        #expect(near(result.indicators[0].value.value, 2.1))
        let warnings = WarningEvaluator.evaluate(result, rules: WarningRules(), previous: nil)
        let nearWarnings = warnings.filter { $0.rule == .nearThreshold && $0.target == .indicator }
        #expect(nearWarnings.count == 1)
        #expect(nearWarnings.first.map { abs($0.bound - 2.15) < 1e-12 } == true)
    }
}

import AttainmentCore
import Testing

// Hand-computed cases, each small enough to check on paper. The arithmetic is written out in
// the comments; docs/methods.md gives the formulas.

/// A score table with every score counting, rows in the order given.
private func table(_ rows: [(student: String, scores: [Double])], included: [[Double]]? = nil) -> ScoreTable {
    ScoreTable(
        students: rows.map { Student(id: $0.student) },
        scores: Matrix(rows.map(\.scores)),
        included: included.map { Matrix($0) })
}

/// A course with one objective, CO1, supporting `indicators` and assessed by one 100-mark
/// item, so that a student's value is their score / 100.
private func percentCourse(_ id: String, indicators: [String], credits: Double = 2) -> Course {
    Course(
        id: id, credits: credits, objectives: [CourseObjective(id: "CO1", indicators: indicators)],
        components: [AssessmentComponent(id: "final", weight: 1)],
        items: [AssessmentItem(id: "Q1", component: "final", fullMarks: 100, objective: "CO1")])
}

@Suite("Worked examples")
struct WorkedExampleTests {
    // MARK: Course objectives (methods.md §2)

    /// DOMAIN.md: homework average 89/100 (weight 5), exam average 15/30 (weight 10):
    /// 0.89·5/15 + 0.5·10/15 = 0.63.
    @Test func componentRatiosCheck() throws {
        let course = Course(
            id: "CS101", objectives: [CourseObjective(id: "CO1", indicators: ["1.1"])],
            components: [AssessmentComponent(id: "homework", weight: 5), AssessmentComponent(id: "exam", weight: 10)],
            items: [
                AssessmentItem(id: "HW", component: "homework", fullMarks: 100, objective: "CO1"),
                AssessmentItem(id: "EX", component: "exam", fullMarks: 30, objective: "CO1"),
            ])
        // Homework 80 and 98 (average 89), exam 12 and 18 (average 15).
        let scores = table([("s1", [80, 12]), ("s2", [98, 18])])
        let result = try ProgrammeInput(programme: oneCourseProgramme(course), scores: [scores]).computeAttainment()
        let attainment = result.courses[0]
        // s1: 0.80·1/3 + 0.40·2/3 = 0.5333…; s2: 0.98·1/3 + 0.60·2/3 = 0.72666…
        #expect(near(attainment.studentValue(student: 0, objective: 0), 0.8 / 3 + 0.4 * 2 / 3))
        #expect(near(attainment.studentValue(student: 1, objective: 0), 0.98 / 3 + 0.6 * 2 / 3))
        #expect(near(attainment.objectives[0].value, 0.63))
        #expect(attainment.objectives[0].verdict == .notMet)
        #expect(attainment.objectives[0].studentsEvaluated == 2)
        #expect(attainment.objectives[0].studentsBelowIndividual == 1)
        #expect(near(attainment.items[0].average, 89))
        #expect(near(attainment.items[1].average, 15))
    }

    /// methods.md §2.5, the teacher's plan table: 平时 (weight 30) = 作业 (item weight 50 %,
    /// 100 marks) + 考勤 (50 %, 10 marks); 期末 (70) = 试卷 (100 marks). Averages 80, 9, 60:
    /// 平时 = 0.5·0.80 + 0.5·0.90 = 0.85, CO1 = 0.3·0.85 + 0.7·0.60 = 0.675. Without item
    /// weights 平时 would be 89/110 and CO1 0.3·89/110 + 0.42 = 0.66273 (checked too).
    @Test func itemWeightsWithinAComponent() throws {
        func course(weighted: Bool) -> Course {
            Course(
                id: "ED201", objectives: [CourseObjective(id: "CO1", indicators: ["1.1"])],
                components: [AssessmentComponent(id: "平时", weight: 30), AssessmentComponent(id: "期末", weight: 70)],
                items: [
                    AssessmentItem(id: "作业", component: "平时", fullMarks: 100, objective: "CO1", weight: weighted ? 50 : nil),
                    AssessmentItem(id: "考勤", component: "平时", fullMarks: 10, objective: "CO1", weight: weighted ? 50 : nil),
                    AssessmentItem(id: "试卷", component: "期末", fullMarks: 100, objective: "CO1"),
                ])
        }
        // Two students: 作业 70 and 90, 考勤 8 and 10, 试卷 50 and 70 (averages 80, 9, 60).
        let scores = table([("s1", [70, 8, 50]), ("s2", [90, 10, 70])])
        let weighted = try ProgrammeInput(programme: oneCourseProgramme(course(weighted: true)), scores: [scores])
            .computeAttainment()
        // s1: 0.3·(0.5·0.7 + 0.5·0.8) + 0.7·0.5 = 0.575; s2: 0.3·(0.5·0.9 + 0.5·1) + 0.7·0.7 = 0.775.
        #expect(near(weighted.courses[0].studentValue(student: 0, objective: 0), 0.575))
        #expect(near(weighted.courses[0].studentValue(student: 1, objective: 0), 0.775))
        #expect(near(weighted.courses[0].objectives[0].value, 0.675))
        let plain = try ProgrammeInput(programme: oneCourseProgramme(course(weighted: false)), scores: [scores])
            .computeAttainment()
        #expect(near(plain.courses[0].objectives[0].value, 0.3 * 89 / 110 + 0.42))
    }

    /// Item weights: all or none within a component, and positive.
    @Test func itemWeightsMustCoverTheComponent() {
        let course = Course(
            id: "ED202", objectives: [CourseObjective(id: "CO1", indicators: ["1.1"])],
            components: [AssessmentComponent(id: "平时", weight: 1)],
            items: [
                AssessmentItem(id: "作业", component: "平时", fullMarks: 100, objective: "CO1", weight: 0.5),
                AssessmentItem(id: "考勤", component: "平时", fullMarks: 10, objective: "CO1"),
            ])
        let found = oneCourseProgramme(course).validate()
        #expect(found.contains { $0.code == .missingField && $0.subject == .component(course: "ED202", component: "平时") })
        var negative = course
        negative.items[1].weight = -1
        #expect(oneCourseProgramme(negative).validate().contains {
            $0.code == .invalidValue && $0.subject == .item(course: "ED202", item: "考勤")
        })
    }

    /// DOMAIN.md / methods.md §2.1-2.3: full marks [20, 60], averages [16, 39], weights
    /// [0.3, 0.7]: weighted ratios 0.695, weighted sums 0.66875, pooled 0.6875.
    @Test(arguments: markRatioMethods)
    func threeMethodsCheck(method: MethodSettings.CourseObjectiveMethod) throws {
        let course = Course(
            id: "CS102", objectives: [CourseObjective(id: "CO1", indicators: ["1.1"])],
            components: [AssessmentComponent(id: "A", weight: 0.3), AssessmentComponent(id: "B", weight: 0.7)],
            items: [
                AssessmentItem(id: "Q1", component: "A", fullMarks: 20, objective: "CO1"),
                AssessmentItem(id: "Q2", component: "B", fullMarks: 60, objective: "CO1"),
            ])
        // Averages 16 and 39.
        let scores = table([("s1", [14, 36]), ("s2", [18, 42])])
        let programme = oneCourseProgramme(course, methods: MethodSettings(courseObjective: method))
        let result = try ProgrammeInput(programme: programme, scores: [scores]).computeAttainment()
        let expected: Double = switch method {
        case .weightedRatios: 0.695    // 0.3·0.8 + 0.7·0.65
        case .weightedSums: 0.66875    // (0.3·16 + 0.7·39)/(0.3·20 + 0.7·60) = 32.1/48
        case .pooledMarks: 0.6875      // 55/80
        case .attainmentLevels, .rubricLevels: Double.nan  // not among the arguments
        }
        #expect(near(result.courses[0].objectives[0].value, expected))
    }

    /// An item assessing two objectives: a 20-mark question, 12 marks for CO1 and 8 for CO2.
    @Test func itemWithMarksMap() throws {
        let course = Course(
            id: "CS103",
            objectives: [CourseObjective(id: "CO1", indicators: ["1.1"]), CourseObjective(id: "CO2", indicators: ["1.1"])],
            components: [AssessmentComponent(id: "exam", weight: 0.6), AssessmentComponent(id: "homework", weight: 0.4)],
            items: [
                AssessmentItem(
                    id: "Q1", component: "exam", fullMarks: 20,
                    marks: [ObjectiveMarks(objective: "CO1", marks: 12), ObjectiveMarks(objective: "CO2", marks: 8)]),
                AssessmentItem(id: "HW1", component: "homework", fullMarks: 10, objective: "CO1"),
                AssessmentItem(id: "HW2", component: "homework", fullMarks: 10, objective: "CO2"),
            ])
        // Q1 = 15 of 20 splits as 9 of 12 for CO1 and 6 of 8 for CO2.
        let scores = table([("s1", [15, 5, 10])])
        for (method, co1, co2) in [
            // CO1: 0.6·(9/12) + 0.4·(5/10) = 0.65;  CO2: 0.6·(6/8) + 0.4·(10/10) = 0.85.
            (MethodSettings.CourseObjectiveMethod.weightedRatios, 0.65, 0.85),
            // CO1: (0.6·9 + 0.4·5)/(0.6·12 + 0.4·10) = 7.4/11.2;  CO2: (0.6·6 + 0.4·10)/(0.6·8 + 0.4·10) = 7.6/8.8.
            (.weightedSums, 7.4 / 11.2, 7.6 / 8.8),
            // CO1: (9 + 5)/(12 + 10) = 14/22;  CO2: (6 + 10)/(8 + 10) = 16/18.
            (.pooledMarks, 14.0 / 22, 16.0 / 18),
        ] {
            let programme = oneCourseProgramme(course, methods: MethodSettings(courseObjective: method))
            let result = try ProgrammeInput(programme: programme, scores: [scores]).computeAttainment()
            #expect(near(result.courses[0].objectives[0].value, co1), "\(method) CO1")
            #expect(near(result.courses[0].objectives[1].value, co2), "\(method) CO2")
            // The course's value is the lower of the two.
            #expect(near(result.courses[0].value, min(co1, co2)), "\(method) course value")
            // Its value for 1.1 is the mean of the two (course_indicator: mean).
            #expect(near(result.courses[0].indicatorValues.first?.value, (co1 + co2) / 2), "\(method) 1.1")
        }
    }

    /// A left-out item leaves the student's numerator and denominator: student B's deferred HW2
    /// and student C's exempt exam change their denominators, not their scores.
    @Test func exclusionsChangeTheDenominator() throws {
        let course = Course(
            id: "CS104", objectives: [CourseObjective(id: "CO1", indicators: ["1.1"])],
            components: [AssessmentComponent(id: "homework", weight: 0.4), AssessmentComponent(id: "exam", weight: 0.6)],
            items: [
                AssessmentItem(id: "HW1", component: "homework", fullMarks: 10, objective: "CO1"),
                AssessmentItem(id: "HW2", component: "homework", fullMarks: 10, objective: "CO1"),
                AssessmentItem(id: "EX", component: "exam", fullMarks: 20, objective: "CO1"),
            ])
        let scores = table(
            [("A", [8, 6, 15]), ("B", [9, 0, 10]), ("C", [5, 5, 0]), ("D", [0, 0, 0])],
            included: [[1, 1, 1], [1, 0, 1], [1, 1, 0], [0, 0, 0]])
        let result = try ProgrammeInput(programme: oneCourseProgramme(course), scores: [scores]).computeAttainment()
        let attainment = result.courses[0]
        // A: 0.4·(14/20) + 0.6·(15/20) = 0.73.
        #expect(near(attainment.studentValue(student: 0, objective: 0), 0.73))
        // B: 0.4·(9/10) + 0.6·(10/20) = 0.66 (counting HW2 as 0 would give 0.48).
        #expect(near(attainment.studentValue(student: 1, objective: 0), 0.66))
        // C: only the homework pair exists: 0.4·(10/20) / 0.4 = 0.5.
        #expect(near(attainment.studentValue(student: 2, objective: 0), 0.5))
        // D: everything left out: no value, and not counted.
        #expect(attainment.studentValue(student: 3, objective: 0) == nil)
        #expect(near(attainment.objectives[0].value, (0.73 + 0.66 + 0.5) / 3))
        #expect(attainment.objectives[0].studentsEvaluated == 3)
        #expect(attainment.objectives[0].studentsBelowIndividual == 1)
        // Item statistics over the students for whom the item counts.
        #expect(attainment.items.map(\.studentsCounted) == [3, 2, 2])
        #expect(near(attainment.items[0].average, 22.0 / 3))
        #expect(near(attainment.items[1].average, 5.5))
        #expect(near(attainment.items[2].average, 12.5))
        // D has no value for the course at all, so the course is missing for D.
        #expect(result.students.students.map(\.id) == ["A", "B", "C", "D"])
        #expect(result.students.missingCourses == [[], [], [], [0]])
    }

    /// Bonus marks: a score above full marks (which the readers reject, but a table can hold)
    /// is capped at 1 per student with `cap: true`, and not without.
    @Test(arguments: [true, false])
    func capAtOne(cap: Bool) throws {
        let course = Course(
            id: "CS105", objectives: [CourseObjective(id: "CO1", indicators: ["1.1"])],
            components: [AssessmentComponent(id: "final", weight: 1)],
            items: [
                AssessmentItem(id: "Q1", component: "final", fullMarks: 10, objective: "CO1"),
                AssessmentItem(id: "Q2", component: "final", fullMarks: 10, objective: "CO1"),
            ])
        let scores = table([("s1", [12, 12]), ("s2", [6, 6])])
        let programme = oneCourseProgramme(course, methods: MethodSettings(capAtOne: cap))
        let result = try ProgrammeInput(programme: programme, scores: [scores]).computeAttainment()
        let attainment = result.courses[0]
        #expect(near(attainment.studentValue(student: 0, objective: 0), cap ? 1 : 1.2))
        #expect(near(attainment.studentValue(student: 1, objective: 0), 0.6))
        #expect(near(attainment.objectives[0].value, cap ? 0.8 : 0.9))
        // The cap applies to the student's course-objective value, so it reaches the indicator.
        #expect(near(CohortAttainment.value(result.students.indicators, 0, 0), cap ? 1 : 1.2))
    }

    // MARK: Indicators, requirements and programme objectives (methods.md §3-6)

    /// Indicator 1.1 supported by course A (H) and course B (L): weights 3/4 and 1/4 under the
    /// weighted sum, the smaller value under the minimum. Also per student and with credits.
    @Test func indicatorWeightedSumAndMinimum() throws {
        let courses = [percentCourse("A", indicators: ["1.1"], credits: 1), percentCourse("B", indicators: ["1.1"], credits: 3)]
        let support = [
            SupportEntry(from: "A", to: "1.1", strength: .level(.high)),
            SupportEntry(from: "B", to: "1.1", strength: .level(.low)),
        ]
        let scores = [table([("s1", [80])]), table([("s1", [40])])]
        func run(_ methods: MethodSettings) throws -> AttainmentResult {
            let programme = Programme(
                id: "P", name: "", cohort: "2022", methods: methods, objectives: [],
                requirements: [Requirement(id: "GR1", indicators: [Indicator(id: "1.1")])], requirementSupport: [],
                courses: courses, courseSupport: support)
            return try ProgrammeInput(programme: programme, scores: scores).computeAttainment()
        }

        // 0.75·0.8 + 0.25·0.4 = 0.7.
        let weighted = try run(MethodSettings())
        #expect(near(weighted.indicators[0].value.value, 0.7))
        #expect(weighted.indicators[0].contributions.map(\.sourceID) == ["A", "B"])
        #expect(near(weighted.indicators[0].contributions[0].weight, 0.75))
        #expect(near(weighted.indicators[0].contributions[1].weight, 0.25))
        #expect(near(weighted.indicators[0].contributions[1].value, 0.4))
        #expect(near(CohortAttainment.value(weighted.students.indicators, 0, 0), 0.7))

        let minimum = try run(MethodSettings(indicator: .min))
        #expect(near(minimum.indicators[0].value.value, 0.4))
        #expect(minimum.indicators[0].value.verdict == .notMet)
        #expect(minimum.indicators[0].contributions.map(\.weight) == [0, 0])
        #expect(near(CohortAttainment.value(minimum.students.indicators, 0, 0), 0.4))

        // Other level weights: H = 5, L = 1 → 5/6 and 1/6.
        let levels = try run(MethodSettings(levelWeights: LevelWeights(high: 5, medium: 3, low: 1)))
        #expect(near(levels.indicators[0].value.value, (5 * 0.8 + 0.4) / 6))

        // Credits 1 and 3 → 1/4 and 3/4, whatever the levels say.
        let credits = try run(MethodSettings(supportWeighting: .credits))
        #expect(near(credits.indicators[0].value.value, 0.25 * 0.8 + 0.75 * 0.4))
        #expect(near(credits.indicators[0].contributions[1].weight, 0.75))
    }

    /// Requirement GR1 over indicators 1.1 (0.8) and 1.2 (0.55): min 0.55, mean 0.675; and a
    /// course's value for an indicator as the mean or the min of its objectives.
    @Test func requirementMinimumAndMean() throws {
        let courses = [percentCourse("A", indicators: ["1.1"]), percentCourse("B", indicators: ["1.2"])]
        let support = [
            SupportEntry(from: "A", to: "1.1", strength: .level(.high)),
            SupportEntry(from: "B", to: "1.2", strength: .level(.medium)),
        ]
        let scores = [table([("s1", [80]), ("s2", [80])]), table([("s1", [50]), ("s2", [60])])]
        func run(_ requirement: MethodSettings.Aggregate) throws -> AttainmentResult {
            let programme = Programme(
                id: "P", name: "", cohort: "2022", methods: MethodSettings(requirement: requirement), objectives: [],
                requirements: [Requirement(id: "GR1", indicators: [Indicator(id: "1.1"), Indicator(id: "1.2")])],
                requirementSupport: [], courses: courses, courseSupport: support)
            return try ProgrammeInput(programme: programme, scores: scores).computeAttainment()
        }
        let minimum = try run(.min)
        #expect(near(minimum.requirements[0].value.value, 0.55))
        #expect(minimum.requirements[0].value.verdict == .notMet)
        // Per student: s1 min(0.8, 0.5) = 0.5 (below 0.6), s2 min(0.8, 0.6) = 0.6 (not below).
        #expect(near(CohortAttainment.value(minimum.students.requirements, 0, 0), 0.5))
        #expect(near(CohortAttainment.value(minimum.students.requirements, 1, 0), 0.6))
        #expect(minimum.requirements[0].value.studentsEvaluated == 2)
        #expect(minimum.requirements[0].value.studentsBelowIndividual == 1)

        let mean = try run(.mean)
        #expect(near(mean.requirements[0].value.value, 0.675))
        #expect(near(CohortAttainment.value(mean.students.requirements, 0, 0), 0.65))
        #expect(near(CohortAttainment.value(mean.students.requirements, 1, 0), 0.7))
        #expect(mean.requirements[0].value.studentsBelowIndividual == 0)
    }

    /// course_indicator mean vs min: objectives 0.9 and 0.5 both support 1.1.
    @Test func courseIndicatorMeanAndMinimum() throws {
        let course = Course(
            id: "CS106",
            objectives: [CourseObjective(id: "CO1", indicators: ["1.1"]), CourseObjective(id: "CO2", indicators: ["1.1"])],
            components: [AssessmentComponent(id: "final", weight: 1)],
            items: [
                AssessmentItem(id: "Q1", component: "final", fullMarks: 10, objective: "CO1"),
                AssessmentItem(id: "Q2", component: "final", fullMarks: 10, objective: "CO2"),
            ])
        let scores = table([("s1", [9, 5])])
        for (aggregate, expected) in [(MethodSettings.Aggregate.mean, 0.7), (.min, 0.5)] {
            let programme = oneCourseProgramme(course, methods: MethodSettings(courseIndicator: aggregate))
            let result = try ProgrammeInput(programme: programme, scores: [scores]).computeAttainment()
            #expect(near(result.courses[0].indicatorValues.first?.value, expected), "\(aggregate)")
            #expect(near(result.indicators[0].value.value, expected), "\(aggregate)")
            #expect(near(CohortAttainment.value(result.students.indicators, 0, 0), expected), "\(aggregate)")
        }
    }

    /// PEO1 from GR1 (0.6, H) and GR2 (0.9, M): (3·0.6 + 2·0.9)/5 = 0.72; PEO2 from GR2 alone
    /// (a number); PEO3 supported by nothing: not evaluable, with a warning.
    @Test func programmeObjectivesFromRequirementSupport() throws {
        let courses = [percentCourse("A", indicators: ["1.1"]), percentCourse("B", indicators: ["2.1"])]
        let programme = Programme(
            id: "P", name: "", cohort: "2022",
            objectives: [ProgrammeObjective(id: "PEO1"), ProgrammeObjective(id: "PEO2"), ProgrammeObjective(id: "PEO3")],
            requirements: [
                Requirement(id: "GR1", indicators: [Indicator(id: "1.1")]),
                Requirement(id: "GR2", indicators: [Indicator(id: "2.1")]),
            ],
            requirementSupport: [
                SupportEntry(from: "GR1", to: "PEO1", strength: .level(.high)),
                SupportEntry(from: "GR2", to: "PEO1", strength: .level(.medium)),
                SupportEntry(from: "GR2", to: "PEO2", strength: .weight(0.5)),
            ],
            courses: courses,
            courseSupport: [
                SupportEntry(from: "A", to: "1.1", strength: .level(.high)),
                SupportEntry(from: "B", to: "2.1", strength: .level(.high)),
            ])
        // s1: GR1 0.6, GR2 0.9; s2 only took B: GR2 0.7 and no GR1.
        let scores = [table([("s1", [60])]), table([("s1", [90]), ("s2", [70])])]
        let result = try ProgrammeInput(programme: programme, scores: scores).computeAttainment()
        #expect(result.objectives.map(\.objectiveID) == ["PEO1", "PEO2", "PEO3"])

        // Class: GR1 = 0.6, GR2 = (0.9 + 0.7)/2 = 0.8 → PEO1 = (3·0.6 + 2·0.8)/5 = 0.68.
        #expect(near(result.objectives[0].value.value, 0.68))
        let weights = Dictionary(uniqueKeysWithValues: result.objectives[0].contributions.map { ($0.sourceID, $0.weight) })
        #expect(near(weights["GR1"], 0.6))
        #expect(near(weights["GR2"], 0.4))
        #expect(near(result.objectives[1].value.value, 0.8))
        #expect(result.objectives[2].value.value == nil)
        #expect(result.objectives[2].value.verdict == .notEvaluable)
        #expect(result.objectives[2].value.studentsEvaluated == 0)
        #expect(result.diagnostics.contains {
            $0.code == .objectiveUnsupported && $0.severity == .warning && $0.subject == .programmeObjective("PEO3")
        })

        // Per student: s1 (3·0.6 + 2·0.9)/5 = 0.72; s2 only has GR2: 0.7 (renormalised).
        #expect(near(CohortAttainment.value(result.students.objectives, 0, 0), 0.72))
        #expect(near(CohortAttainment.value(result.students.objectives, 1, 0), 0.7))
        #expect(near(CohortAttainment.value(result.students.objectives, 1, 1), 0.7))
        #expect(CohortAttainment.value(result.students.objectives, 0, 2) == nil)
        #expect(result.objectives[0].value.studentsEvaluated == 2)
    }

    /// A student who lacks course B is averaged over the courses they have, is listed in
    /// missingCourses, and a roster student without scores has no values at all.
    @Test func studentMissingACourse() throws {
        let courses = [percentCourse("A", indicators: ["1.1"]), percentCourse("B", indicators: ["1.1"])]
        let programme = Programme(
            id: "P", name: "", cohort: "2022", objectives: [],
            requirements: [Requirement(id: "GR1", indicators: [Indicator(id: "1.1")])], requirementSupport: [],
            courses: courses,
            courseSupport: [
                SupportEntry(from: "A", to: "1.1", strength: .level(.high)),
                SupportEntry(from: "B", to: "1.1", strength: .level(.low)),
            ])
        let scores = [table([("s1", [80]), ("s2", [50])]), table([("s1", [40])])]
        // The roster's order is the cohort's order; s3 has no scores.
        let roster = [Student(id: "s3"), Student(id: "s2"), Student(id: "s1")]
        let result = try ProgrammeInput(programme: programme, scores: scores, roster: roster).computeAttainment()
        #expect(result.students.students.map(\.id) == ["s3", "s2", "s1"])
        // s1: 0.75·0.8 + 0.25·0.4 = 0.7; s2: only A: 0.5 (not 0.75·0.5 = 0.375).
        #expect(near(CohortAttainment.value(result.students.indicators, 2, 0), 0.7))
        #expect(near(CohortAttainment.value(result.students.indicators, 1, 0), 0.5))
        #expect(CohortAttainment.value(result.students.indicators, 0, 0) == nil)
        #expect(result.students.missingCourses == [[0, 1], [1], []])
        #expect(result.students.studentsWithMissingCourses == 2)
        // The class value comes from the courses' class values: A (0.8 + 0.5)/2 = 0.65, B 0.4.
        #expect(near(result.indicators[0].value.value, 0.75 * 0.65 + 0.25 * 0.4))
        #expect(result.indicators[0].value.studentsEvaluated == 2)
        #expect(result.indicators[0].value.studentsBelowIndividual == 1)

        // Without a roster the cohort is every student with scores, ordered by id.
        let unrostered = try ProgrammeInput(programme: programme, scores: scores).computeAttainment()
        #expect(unrostered.students.students.map(\.id) == ["s1", "s2"])
        #expect(unrostered.students.missingCourses == [[], [1]])
    }

    /// An objective for which no student has a counting score: nil, not evaluable, a warning,
    /// and nothing downstream is made up from it.
    @Test func objectiveWithNoCountingStudent() throws {
        let course = Course(
            id: "CS107",
            objectives: [CourseObjective(id: "CO1", indicators: ["1.1"]), CourseObjective(id: "CO2", indicators: ["1.2"])],
            components: [AssessmentComponent(id: "final", weight: 1)],
            items: [
                AssessmentItem(id: "Q1", component: "final", fullMarks: 10, objective: "CO1"),
                AssessmentItem(id: "Q2", component: "final", fullMarks: 10, objective: "CO2"),
            ])
        let programme = Programme(
            id: "P", name: "", cohort: "2022", objectives: [],
            requirements: [Requirement(id: "GR1", indicators: [Indicator(id: "1.1"), Indicator(id: "1.2")])],
            requirementSupport: [], courses: [course],
            courseSupport: [
                SupportEntry(from: "CS107", to: "1.1", strength: .level(.high)),
                SupportEntry(from: "CS107", to: "1.2", strength: .level(.high)),
            ])
        // Q2 is left out for everyone.
        let scores = table([("s1", [8, 0]), ("s2", [6, 0])], included: [[1, 0], [1, 0]])
        let result = try ProgrammeInput(programme: programme, scores: [scores]).computeAttainment()
        let attainment = result.courses[0]
        #expect(near(attainment.objectives[0].value, 0.7))
        #expect(attainment.objectives[1].value == nil)
        #expect(attainment.objectives[1].verdict == .notEvaluable)
        #expect(attainment.objectives[1].studentsEvaluated == 0)
        #expect(attainment.objectives[1].studentsBelowIndividual == 0)
        #expect(attainment.studentValue(student: 0, objective: 1) == nil)
        #expect(attainment.items[1].average == nil)
        #expect(attainment.items[1].studentsCounted == 0)
        let warnings = result.diagnostics.filter { $0.code == .notEvaluable }
        #expect(warnings.count == 1)
        #expect(warnings.first?.severity == .warning)
        #expect(warnings.first?.subject == .courseObjective(course: "CS107", objective: "CO2"))
        // Indicator 1.2 rests on CO2 alone: not evaluable; GR1 (min) falls back on 1.1.
        #expect(result.indicators[1].value.value == nil)
        #expect(result.indicators[1].value.verdict == .notEvaluable)
        #expect(near(result.requirements[0].value.value, 0.7))
        // The course is not missing for the students: they have a value for 1.1.
        #expect(result.students.missingCourses == [[], []])
    }

    /// AttainmentResult.swift documents CourseAttainment.value as "the minimum over its
    /// objectives (nil if any is not evaluable)"; the engine takes the minimum of the
    /// evaluable ones instead (AttainmentEngine.swift, `aggregate(... ?? .nan, .min)`).
    @Test func courseValueWithNotEvaluableObjective() throws {
        let course = Course(
            id: "CS108",
            objectives: [CourseObjective(id: "CO1", indicators: ["1.1"]), CourseObjective(id: "CO2", indicators: ["1.1"])],
            components: [AssessmentComponent(id: "final", weight: 1)],
            items: [
                AssessmentItem(id: "Q1", component: "final", fullMarks: 10, objective: "CO1"),
                AssessmentItem(id: "Q2", component: "final", fullMarks: 10, objective: "CO2"),
            ])
        let scores = table([("s1", [8, 0])], included: [[1, 0]])
        let result = try ProgrammeInput(programme: oneCourseProgramme(course), scores: [scores]).computeAttainment()
        #expect(result.courses[0].objectives[1].value == nil)
        #expect(result.courses[0].value == nil)
    }

    // MARK: Verdicts (methods.md §1)

    /// Unrounded: 0.699999 shows as 0.700 at three decimals and is not met. A true 0.7 that binary
    /// sums leave just below (the mean of 0.8, 0.6 and 0.7 is 0.6999999999999998) is met: values
    /// within markTolerance (1e-9) below the threshold are at it.
    @Test func verdictComparesUnroundedValues() {
        #expect(Verdict(0.7, threshold: 0.7) == .met)
        #expect(Verdict(0.699999, threshold: 0.7) == .notMet)
        #expect(Verdict(0.7 - 2e-9, threshold: 0.7) == .notMet)
        let mean = (0.8 + 0.6 + 0.7) / 3
        #expect(mean < 0.7, "binary arithmetic puts the true 0.7 below 0.7")
        #expect(Verdict(mean, threshold: 0.7) == .met)
        #expect(Verdict(0.7 - 0.5e-9, threshold: 0.7) == .met)
        #expect(Verdict(0.7000000001, threshold: 0.7) == .met)
        #expect(Verdict(nil, threshold: 0.7) == .notEvaluable)
        #expect(Verdict(.nan, threshold: 0.7) == .notMet)
        #expect(Verdict(0, threshold: 0) == .met)
        #expect(isBelow(0.699999, threshold: 0.7))
        #expect(!isBelow(mean, threshold: 0.7))
        #expect(!isBelow(.nan, threshold: 0.7))
    }

    /// Through the engine: a class value of exactly 0.7 is met; 6.99999 of 10 is not, and
    /// counts below an individual threshold of 0.7 while 7 of 10 does not. Three students at
    /// 8, 6 and 7 of 10 have a true mean of 0.7, computed just below it: met.
    @Test func verdictAtTheThresholdThroughTheEngine() throws {
        let course = Course(
            id: "CS109", objectives: [CourseObjective(id: "CO1", indicators: ["1.1"])],
            components: [AssessmentComponent(id: "final", weight: 1)],
            items: [AssessmentItem(id: "Q1", component: "final", fullMarks: 10, objective: "CO1")])
        let thresholds = Thresholds(classLevel: 0.7, individual: 0.7)
        let programme = oneCourseProgramme(course, thresholds: thresholds)

        let exact = try ProgrammeInput(programme: programme, scores: [table([("s1", [7])])]).computeAttainment()
        #expect(exact.courses[0].objectives[0].value == 0.7) // 7·(10/10)/10: exactly the double 0.7
        #expect(exact.courses[0].objectives[0].verdict == .met)
        #expect(exact.courses[0].objectives[0].studentsBelowIndividual == 0)
        #expect(exact.indicators[0].value.verdict == .met)
        #expect(exact.requirements[0].value.verdict == .met)
        #expect(exact.objectives[0].value.verdict == .met)

        let short = try ProgrammeInput(programme: programme, scores: [table([("s1", [6.99999])])]).computeAttainment()
        #expect(near(short.courses[0].objectives[0].value, 0.699999))
        #expect(short.courses[0].objectives[0].verdict == .notMet)
        #expect(short.courses[0].objectives[0].studentsBelowIndividual == 1)
        #expect(short.requirements[0].value.verdict == .notMet)
        #expect(short.requirements[0].value.studentsBelowIndividual == 1)

        let tie = try ProgrammeInput(programme: programme, scores: [table([("s1", [8]), ("s2", [6]), ("s3", [7])])])
            .computeAttainment()
        let tieValue = try #require(tie.courses[0].objectives[0].value)
        #expect(tieValue != 0.7 && abs(tieValue - 0.7) < 1e-15, "the mean is the true 0.7 up to binary error")
        #expect(tie.courses[0].objectives[0].verdict == .met)
        #expect(tie.indicators[0].value.verdict == .met)
        #expect(tie.requirements[0].value.verdict == .met)
        #expect(tie.requirements[0].value.studentsBelowIndividual == 1, "only s2 (0.6) is below 0.7")
    }
}

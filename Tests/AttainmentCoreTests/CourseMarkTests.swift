import AttainmentCore
import Testing

// Course marks, pass and excellence rates (docs/methods.md §9), by hand and against the naive
// reference.

/// Homework (weight 0.4): HW1 (10 marks, CO1) and HW2 (10 marks, CO2); exam (weight 0.6): Q1
/// (20 marks: 12 for CO1, 8 for CO2) and Q2 (30 marks, CO2).
private let splitCourse = Course(
    id: "CS201",
    objectives: [CourseObjective(id: "CO1", indicators: ["1.1"]), CourseObjective(id: "CO2", indicators: ["1.1"])],
    components: [AssessmentComponent(id: "homework", weight: 0.4), AssessmentComponent(id: "exam", weight: 0.6)],
    items: [
        AssessmentItem(id: "HW1", component: "homework", fullMarks: 10, objective: "CO1"),
        AssessmentItem(id: "HW2", component: "homework", fullMarks: 10, objective: "CO2"),
        AssessmentItem(
            id: "Q1", component: "exam", fullMarks: 20,
            marks: [ObjectiveMarks(objective: "CO1", marks: 12), ObjectiveMarks(objective: "CO2", marks: 8)]),
        AssessmentItem(id: "Q2", component: "exam", fullMarks: 30, objective: "CO2"),
    ])

/// A: everything counts; B: HW2 deferred; C: the exam exempt; D: everything left out.
private let splitScores = ScoreTable(
    students: ["A", "B", "C", "D"].map { Student(id: $0) },
    scores: Matrix([[8, 6, 15, 21], [9, 0, 10, 30], [5, 6, 0, 0], [0, 0, 0, 0]]),
    included: Matrix([[1, 1, 1, 1], [1, 0, 1, 1], [1, 1, 0, 0], [0, 0, 0, 0]]))

/// A course of one 100-mark item, so that a mark is the score / 100.
private let percentCourse = Course(
    id: "CS202", objectives: [CourseObjective(id: "CO1", indicators: ["1.1"])],
    components: [AssessmentComponent(id: "final", weight: 1)],
    items: [AssessmentItem(id: "EX", component: "final", fullMarks: 100, objective: "CO1")])

private func percentScores(_ scores: [Double]) -> ScoreTable {
    ScoreTable(
        students: scores.indices.map { Student(id: "s\($0)") }, scores: Matrix(scores.map { [$0] }))
}

@Suite("Course marks, pass and excellence rates")
struct CourseMarkTests {
    /// Marks over all items, each with its full marks, components weighted 0.4 / 0.6 and
    /// renormalised over the components a student has:
    /// - A: homework (8 + 6)/20 = 0.7, exam (15 + 21)/50 = 0.72: 0.4·0.7 + 0.6·0.72 = 0.712.
    /// - B: HW2 left out: homework 9/10 = 0.9, exam (10 + 30)/50 = 0.8: 0.36 + 0.48 = 0.84
    ///   (counting HW2 as 0 would give 0.4·0.45 + 0.48 = 0.66).
    /// - C: the exam left out: homework only, (5 + 6)/20 = 0.55, weight 0.4/0.4 = 1: 0.55.
    /// - D: nothing counts: no mark.
    /// Graded 3; at least 0.6: A and B, 2/3; at least 0.8: B, 1/3; at least 0.9: none, 0.
    @Test func handComputedMarksWithExclusions() throws {
        let result = try ProgrammeInput(programme: oneCourseProgramme(splitCourse), scores: [splitScores]).computeAttainment()
        let course = result.courses[0]
        #expect(course.marks.count == 4)
        #expect(near(course.marks[0], 0.712))
        #expect(near(course.marks[1], 0.84))
        #expect(near(course.marks[2], 0.55))
        #expect(course.marks[3].isNaN)
        #expect(course.studentsGraded == 3)
        #expect(near(course.rate(atLeast: 0.6), 2.0 / 3))
        #expect(near(course.rate(atLeast: 0.8), 1.0 / 3))
        #expect(course.rate(atLeast: 0.9) == 0)
        #expect(course.rate(atLeast: 0) == 1)
    }

    /// The mark does not follow the objective method: A's objectives change under pooled marks
    /// (CO1 (8 + 9)/(10 + 12) instead of 0.4·0.8 + 0.6·0.75), the mark stays 0.712.
    @Test(arguments: markRatioMethods)
    func markIgnoresTheObjectiveMethod(method: MethodSettings.CourseObjectiveMethod) throws {
        let input = ProgrammeInput(
            programme: oneCourseProgramme(splitCourse, methods: MethodSettings(courseObjective: method)), scores: [splitScores])
        let course = try input.computeAttainment().courses[0]
        #expect(near(course.marks[0], 0.712))
        #expect(near(course.marks[1], 0.84))
    }

    /// Item weights (methods.md §2.5) scale the items as for objectives: 平时 (30) = 作业 (50 %,
    /// 100 marks) + 考勤 (50 %, 10 marks), 期末 (70) = 试卷 (100 marks). Scores 70, 8, 50:
    /// 平时 = 0.5·0.7 + 0.5·0.8 = 0.75; mark = 0.3·0.75 + 0.7·0.5 = 0.575. Without weights
    /// 平时 = 78/110 and the mark 0.3·78/110 + 0.35.
    @Test func itemWeightsScaleTheMark() throws {
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
        let scores = ScoreTable(students: [Student(id: "s1")], scores: Matrix([[70, 8, 50]]))
        let weighted = try ProgrammeInput(programme: oneCourseProgramme(course(weighted: true)), scores: [scores])
            .computeAttainment()
        #expect(near(weighted.courses[0].marks[0], 0.575))
        let plain = try ProgrammeInput(programme: oneCourseProgramme(course(weighted: false)), scores: [scores])
            .computeAttainment()
        #expect(near(plain.courses[0].marks[0], 0.3 * 78 / 110 + 0.35))
    }

    /// A mark exactly at the pass mark passes: 60/100 = 0.6 is at least 0.6; 59.99/100 is not.
    @Test func markExactlyAtThePassMarkPasses() throws {
        let result = try ProgrammeInput(programme: oneCourseProgramme(percentCourse), scores: [percentScores([60, 59.99, 90])])
            .computeAttainment()
        let course = result.courses[0]
        #expect(course.marks[0] == 0.6, "60/100 is the double nearest 0.6, as the literal is")
        #expect(course.rate(atLeast: 0.6) == 2.0 / 3)
        #expect(course.rate(atLeast: 0.9) == 1.0 / 3, "90/100 is exactly the excellent mark")
    }

    /// Bonus marks: 110 of 100 is a mark of 1 with `cap: true`, 1.1 without.
    @Test(arguments: [true, false])
    func capping(cap: Bool) throws {
        let input = ProgrammeInput(
            programme: oneCourseProgramme(percentCourse, methods: MethodSettings(capAtOne: cap)), scores: [percentScores([110])])
        let course = try input.computeAttainment().courses[0]
        #expect(near(course.marks[0], cap ? 1 : 1.1))
    }

    /// Nobody with a mark: no rate, none graded.
    @Test func noMarksNoRate() throws {
        let scores = ScoreTable(
            students: [Student(id: "s1")], scores: Matrix([[0]]), included: Matrix([[0]]))
        let course = try ProgrammeInput(programme: oneCourseProgramme(percentCourse), scores: [scores]).computeAttainment().courses[0]
        #expect(course.studentsGraded == 0)
        #expect(course.rate(atLeast: 0.6) == nil)
    }

    /// Marks and rates against the naive reference on random programmes, every method setting
    /// (the marks must not depend on them except through the cap).
    @Test(arguments: 0..<64)
    func marksAgreeWithNaiveReference(seed: Int) throws {
        let generated = RandomProgramme(seed: UInt64(seed))
        var found = Discrepancies()
        for capAtOne in [true, false] {
            for method in markRatioMethods {
                let input = generated.input(
                    courseObjective: method, courseIndicator: .mean, indicator: .weightedSum, requirement: .min,
                    supportWeighting: .levels, capAtOne: capAtOne)
                found.context = "seed \(seed) \(method.rawValue) cap=\(capAtOne)"
                let result = try input.computeAttainment()
                for (c, course) in input.programme.courses.enumerated() {
                    let naive = NaiveReference.courseValues(course: course, table: input.scores[c], programme: input.programme)
                    compareMarks(result.courses[c], naive, into: &found)
                }
            }
        }
        #expect(found.lines.isEmpty, "the first:\n\(found.lines.prefix(12).joined(separator: "\n"))")
    }

    /// Marks that are exactly 0.6 and 0.9 in decimals but not in binary: components weighted
    /// 30/70, (25/100, 75/100) gives 0.3·0.25 + 0.7·0.75 = 0.6 (computed 0.5999999999999999),
    /// (39/60, 69/120)… each student's true mark is worked out in the comment below and all
    /// reach their cut-off.
    @Test func decimalMarksAtTheCutOffsReachThem() throws {
        let course = Course(
            id: "CS203", objectives: [CourseObjective(id: "CO1", indicators: ["1.1"])],
            components: [AssessmentComponent(id: "homework", weight: 30), AssessmentComponent(id: "exam", weight: 70)],
            items: [
                AssessmentItem(id: "HW", component: "homework", fullMarks: 100, objective: "CO1"),
                AssessmentItem(id: "EX", component: "exam", fullMarks: 100, objective: "CO1"),
            ])
        // 0.3·0.25 + 0.7·0.75 = 0.6; 0.3·0.39 + 0.7·0.69 = 0.6; 0.3·0.69 + 0.7·0.99 = 0.9.
        let scores = ScoreTable(
            students: ["a", "b", "c"].map { Student(id: $0) }, scores: Matrix([[25, 75], [39, 69], [69, 99]]))
        let attainment = try ProgrammeInput(programme: oneCourseProgramme(course), scores: [scores]).computeAttainment().courses[0]
        #expect(attainment.marks.contains { $0 != 0.6 && $0 != 0.9 }, "binary arithmetic misses a decimal mark")
        #expect(attainment.rate(atLeast: 0.6) == 1)
        #expect(near(attainment.rate(atLeast: 0.9), 1.0 / 3))
        // A mark really below the cut-off does not reach it.
        #expect(near(attainment.rate(atLeast: 0.6000001), 1.0 / 3))
    }
}

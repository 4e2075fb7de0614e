import AttainmentCore
import Testing

// Hand-computed cases for NBA's attainment levels (methods.md §11) and ABET's rubric levels
// (§12), each setting on its own. The arithmetic is written out in the comments.

/// A score table, rows in the order given; `included` marks what counts (nil: everything).
private func table(_ rows: [(student: String, scores: [Double])], included: [[Double]]? = nil) -> ScoreTable {
    ScoreTable(
        students: rows.map { Student(id: $0.student) },
        scores: Matrix(rows.map(\.scores)),
        included: included.map { Matrix($0) })
}

/// NBA settings and thresholds on top of the scheme's defaults.
private func nbaProgramme(
    _ course: Course, nba: MethodSettings.NBASettings = MethodSettings.NBASettings()
) -> Programme {
    var methods = MethodSettings(for: .nba)
    methods.nba = nba
    return oneCourseProgramme(course, methods: methods, thresholds: Thresholds(for: .nba))
}

/// NBA's course: CO1 assessed by T (internal, 10 marks) and E (end-semester, 20 marks).
private let nbaCourse = Course(
    id: "EE101", objectives: [CourseObjective(id: "CO1", indicators: ["1.1"])],
    components: [
        AssessmentComponent(id: "CIE", weight: 0.4, kind: .internal),
        AssessmentComponent(id: "SEE", weight: 0.6, kind: .endSemester),
    ],
    items: [
        AssessmentItem(id: "T", component: "CIE", fullMarks: 10, objective: "CO1"),
        AssessmentItem(id: "E", component: "SEE", fullMarks: 20, objective: "CO1"),
    ])

/// T shares 0.8 0.6 0.5 0.9 0.3 (3 of 5 at 0.6 or more); E shares 0.7 0.5 0.6 0.9 0.85 (4 of 5).
private let nbaScores = table([
    ("s1", [8, 14]), ("s2", [6, 10]), ("s3", [5, 12]), ("s4", [9, 18]), ("s5", [3, 17]),
])

/// A course whose objectives are each assessed by an internal item I<k> and, where `end` is
/// given, an end-semester item E<k>, 10 marks each; the first `reaching` of `students` students
/// score 10, the rest 0. So a part's share of students is reaching / students.
private func levelCourse(
    _ id: String, _ objectives: [(indicators: [String], internal: Int, end: Int?)], students: Int
) -> (Course, ScoreTable) {
    var items: [AssessmentItem] = []
    for (k, objective) in objectives.enumerated() {
        items.append(AssessmentItem(id: "I\(k + 1)", component: "CIE", fullMarks: 10, objective: "CO\(k + 1)"))
        if objective.end != nil {
            items.append(AssessmentItem(id: "E\(k + 1)", component: "SEE", fullMarks: 10, objective: "CO\(k + 1)"))
        }
    }
    let course = Course(
        id: id,
        objectives: objectives.enumerated().map { CourseObjective(id: "CO\($0 + 1)", indicators: $1.indicators) },
        components: [
            AssessmentComponent(id: "CIE", weight: 0.5, kind: .internal),
            AssessmentComponent(id: "SEE", weight: 0.5, kind: .endSemester),
        ],
        items: items)
    var rows: [(student: String, scores: [Double])] = []
    for p in 0..<students {
        var scores: [Double] = []
        for objective in objectives {
            scores.append(p < objective.internal ? 10 : 0)
            if let end = objective.end { scores.append(p < end ? 10 : 0) }
        }
        rows.append(("s\(p + 1)", scores))
    }
    return (course, table(rows))
}

@Suite("NBA attainment levels and ABET rubric levels")
struct SchemeTests {
    // MARK: Scheme defaults

    @Test func schemesSetTheirDefaults() {
        let nba = MethodSettings(for: .nba)
        #expect(nba.courseObjective == .attainmentLevels)
        #expect(nba.supportCount == .objective)
        #expect(nba.requirement == .mean)
        #expect(nba.nba == MethodSettings.NBASettings(target: 0.6, bands: [0.5, 0.6, 0.7], internalWeight: 0.4, endSemesterWeight: 0.6))
        #expect(Thresholds(for: .nba) == Thresholds(classLevel: 2, individual: 0.6))
        let abet = MethodSettings(for: .abet)
        #expect(abet.courseObjective == .rubricLevels)
        #expect(abet.requirement == .min)
        #expect(abet.supportCount == .course)
        #expect(abet.abet.targetLevel == 3)
        #expect(Thresholds(for: .abet) == Thresholds(classLevel: 0.7, individual: 3))
        #expect(MethodSettings(for: .engineering) == MethodSettings())
    }

    // MARK: NBA (methods.md §11)

    /// T: 3 of 5 reach 0.6 → share 0.6 → level 2 (0.6 ≥ 0.5, 0.6 ≥ 0.6, < 0.7). E: 4 of 5 →
    /// 0.8 → level 3. CO1 = 0.4·2 + 0.6·3 = 2.6 ≥ 2: met. Students: 0.4·T + 0.6·E:
    /// s1 0.32 + 0.42 = 0.74, s2 0.24 + 0.30 = 0.54, s3 0.20 + 0.36 = 0.56, s4 0.36 + 0.54 =
    /// 0.90, s5 0.12 + 0.51 = 0.63; s2 and s3 are below 0.6.
    @Test func nbaLevelsOfTheTwoParts() throws {
        let result = try ProgrammeInput(programme: nbaProgramme(nbaCourse), scores: [nbaScores]).computeAttainment()
        let course = result.courses[0]
        #expect(near(course.objectives[0].value, 2.6))
        #expect(course.objectives[0].verdict == .met)
        #expect(course.objectives[0].studentsEvaluated == 5)
        #expect(course.objectives[0].studentsBelowIndividual == 2)
        for (p, expected) in [0.74, 0.54, 0.56, 0.9, 0.63].enumerated() {
            #expect(near(course.studentValue(student: p, objective: 0), expected), "student \(p + 1)")
        }
        let evidence = try #require(course.evidence?.first)
        #expect(evidence.parts == [
            SchemeEvidence.Part(kind: .internal, studentsAssessed: 5, studentsReaching: 3, level: 2, weight: 0.4),
            SchemeEvidence.Part(kind: .endSemester, studentsAssessed: 5, studentsReaching: 4, level: 3, weight: 0.6),
        ])
        #expect(near(evidence.parts[0].share, 0.6))
        #expect(near(evidence.value, 2.6))
        // Up the chain, the level is the value of the indicator, requirement and objective.
        #expect(near(result.indicators[0].value.value, 2.6))
        #expect(near(result.requirements[0].value.value, 2.6))
        #expect(near(result.objectives[0].value.value, 2.6))
    }

    /// nba.target: at 0.8, T has 2 of 5 (0.8, 0.9) → 0.4 → level 0 and E 2 of 5 (0.9, 0.85) →
    /// level 0: CO1 = 0, not met. At 0.5, T 4 of 5 → 0.8 → 3 and E 5 of 5 → 3: CO1 = 3. The
    /// students' own values do not depend on the target.
    @Test(arguments: [(0.8, 0.0), (0.5, 3.0), (0.6, 2.6)])
    func nbaTarget(target: Double, expected: Double) throws {
        let programme = nbaProgramme(nbaCourse, nba: MethodSettings.NBASettings(target: target))
        let course = try ProgrammeInput(programme: programme, scores: [nbaScores]).computeAttainment().courses[0]
        #expect(near(course.objectives[0].value, expected))
        #expect(course.objectives[0].verdict == (expected >= 2 ? .met : .notMet))
        #expect(near(course.studentValue(student: 0, objective: 0), 0.74))
    }

    /// nba.bands: with two bands 0.4 and 0.8, T's 0.6 is level 1 and E's 0.8 level 2 (at a
    /// band counts): CO1 = 0.4·1 + 0.6·2 = 1.6. With one band 0.7: T 0, E 1 → 0.6.
    @Test(arguments: [([0.4, 0.8], 1.6), ([0.7], 0.6), ([0.5, 0.6, 0.7], 2.6)])
    func nbaBands(bands: [Double], expected: Double) throws {
        var programme = nbaProgramme(nbaCourse, nba: MethodSettings.NBASettings(bands: bands))
        programme.thresholds.classLevel = 0.5
        let course = try ProgrammeInput(programme: programme, scores: [nbaScores]).computeAttainment().courses[0]
        #expect(near(course.objectives[0].value, expected))
    }

    /// nba.internal / nba.end_semester: 1 and 1 → (2 + 3)/2 = 2.5, students (T + E)/2
    /// (s1 0.75); 0 and 1 → only E counts: CO1 = 3, s1 = 0.7; 1 and 0 → CO1 = 2, s1 = 0.8.
    @Test(arguments: [(1.0, 1.0, 2.5, 0.75), (0.0, 1.0, 3.0, 0.7), (1.0, 0.0, 2.0, 0.8)])
    func nbaWeights(internalWeight: Double, endWeight: Double, expected: Double, student: Double) throws {
        let programme = nbaProgramme(
            nbaCourse, nba: MethodSettings.NBASettings(internalWeight: internalWeight, endSemesterWeight: endWeight))
        let course = try ProgrammeInput(programme: programme, scores: [nbaScores]).computeAttainment().courses[0]
        #expect(near(course.objectives[0].value, expected))
        #expect(near(course.studentValue(student: 0, objective: 0), student))
        let weights = course.evidence?.first?.parts.map(\.weight) ?? []
        let total = internalWeight + endWeight
        #expect(weights.count == 2 && near(weights[0], internalWeight / total) && near(weights[1], endWeight / total))
    }

    /// A part the student did not attempt is left out for them and for the part's count. s5 is
    /// deferred in E: E has 4 attempting, 3 of them at 0.6 or more (0.7, 0.6, 0.9) → 0.75 →
    /// level 3; T is unchanged (level 2): CO1 = 2.6; s5's own value is T alone, 0.3.
    @Test func nbaCountsOnlyStudentsWhoAttempted() throws {
        let scores = table(
            [("s1", [8, 14]), ("s2", [6, 10]), ("s3", [5, 12]), ("s4", [9, 18]), ("s5", [3, 0])],
            included: [[1, 1], [1, 1], [1, 1], [1, 1], [1, 0]])
        let course = try ProgrammeInput(programme: nbaProgramme(nbaCourse), scores: [scores]).computeAttainment().courses[0]
        #expect(near(course.objectives[0].value, 2.6))
        #expect(course.evidence?.first?.parts.last == SchemeEvidence.Part(
            kind: .endSemester, studentsAssessed: 4, studentsReaching: 3, level: 3, weight: 0.6))
        #expect(near(course.studentValue(student: 4, objective: 0), 0.3))
    }

    /// cap: a student with bonus marks (T 12 of 10, E 20 of 20) has 0.4·1.2 + 0.6·1 = 1.08,
    /// capped at 1 by default and kept with cap: false; the share of students is unaffected.
    @Test(arguments: [(true, 1.0), (false, 1.08)])
    func nbaCap(cap: Bool, expected: Double) throws {
        var programme = nbaProgramme(nbaCourse)
        programme.methods.capAtOne = cap
        let scores = table([("s1", [12, 20]), ("s2", [3, 5])])
        let course = try ProgrammeInput(programme: programme, scores: [scores]).computeAttainment().courses[0]
        #expect(near(course.studentValue(student: 0, objective: 0), expected))
        // 1 of 2 in each part: 0.5 → level 1.
        #expect(near(course.objectives[0].value, 1))
    }

    /// An objective assessed only internally takes the internal level (weights renormalised
    /// over the parts that exist). With 10 students, 5, 6 and 7 reaching give shares 0.5, 0.6,
    /// 0.7: exactly at a band counts, so levels 1, 2, 3; 4 reaching (0.4) is level 0.
    @Test(arguments: [(4, 0.0), (5, 1.0), (6, 2.0), (7, 3.0), (10, 3.0)])
    func nbaInternalOnlyObjectiveAndBandEdges(reaching: Int, level: Double) throws {
        let (course, scores) = levelCourse("C", [(["1.1"], reaching, nil)], students: 10)
        let result = try ProgrammeInput(programme: nbaProgramme(course), scores: [scores]).computeAttainment()
        #expect(near(result.courses[0].objectives[0].value, level))
        #expect(result.courses[0].evidence?.first?.parts == [
            SchemeEvidence.Part(kind: .internal, studentsAssessed: 10, studentsReaching: reaching, level: Int(level), weight: 1),
        ])
    }

    /// A share of marks within 1e-9 below the target reaches it: an item of 10 marks giving 7
    /// to CO1, scored 6, earns 6·0.7 = 4.199999999999999 of 7 for CO1, a share of
    /// 0.5999999999999999 in binary for a true 0.6, which reaches the target 0.6.
    @Test func nbaTargetComparedWithTolerance() throws {
        let course = Course(
            id: "C", objectives: [CourseObjective(id: "CO1", indicators: ["1.1"]), CourseObjective(id: "CO2", indicators: ["1.1"])],
            components: [AssessmentComponent(id: "CIE", weight: 1, kind: .internal)],
            items: [
                AssessmentItem(
                    id: "Q", component: "CIE", fullMarks: 10,
                    marks: [ObjectiveMarks(objective: "CO1", marks: 7), ObjectiveMarks(objective: "CO2", marks: 3)]),
            ])
        let scores = table([("s1", [6]), ("s2", [0])])
        let result = try ProgrammeInput(programme: nbaProgramme(course), scores: [scores]).computeAttainment()
        let share = try #require(result.courses[0].studentValue(student: 0, objective: 0))
        #expect(share < 0.6 && share > 0.6 - 1e-12)
        #expect(result.courses[0].evidence?.first?.parts.first?.studentsReaching == 1)
    }

    /// DOMAIN.md: CO levels 3, 2 and 2.5 mapped 3, 2 and 1 to one outcome give
    /// (9 + 4 + 2.5)/6 = 15.5/6 = 2.5833. Three courses, one objective each (equal weights
    /// 0.5/0.5 so that 2.5 is L_I 2 and L_E 3), support H, M, L.
    @Test func nbaProgrammeOutcomeWorkedExample() throws {
        let (a, aScores) = levelCourse("A", [(["1.1"], 5, nil)], students: 5)      // 1.0 → 3
        let (b, bScores) = levelCourse("B", [(["1.1"], 3, nil)], students: 5)      // 0.6 → 2
        let (c, cScores) = levelCourse("C", [(["1.1"], 3, 4)], students: 5)        // 2 and 3 → 2.5
        var methods = MethodSettings(for: .nba)
        methods.nba.internalWeight = 0.5
        methods.nba.endSemesterWeight = 0.5
        let programme = Programme(
            id: "P", name: "NBA", cohort: "2024", scheme: .nba, thresholds: Thresholds(for: .nba), methods: methods,
            objectives: [ProgrammeObjective(id: "PEO1")],
            requirements: [Requirement(id: "PO1", indicators: [Indicator(id: "1.1")])],
            requirementSupport: [SupportEntry(from: "PO1", to: "PEO1", strength: .level(.high))],
            courses: [a, b, c],
            courseSupport: [
                SupportEntry(from: "A", to: "1.1", strength: .level(.high)),
                SupportEntry(from: "B", to: "1.1", strength: .level(.medium)),
                SupportEntry(from: "C", to: "1.1", strength: .level(.low)),
            ])
        let result = try ProgrammeInput(programme: programme, scores: [aScores, bScores, cScores]).computeAttainment()
        #expect(result.courses.map { $0.objectives[0].value ?? -1 } == [3, 2, 2.5])
        #expect(near(result.indicators[0].value.value, 15.5 / 6))
        #expect(result.indicators[0].value.verdict == .met)
        #expect(near(result.requirements[0].value.value, 15.5 / 6))
    }

    /// support_count: course X has CO1 (level 3) and CO2 (level 2), both mapped to 1.1 with H;
    /// course Y has CO1 (level 1, 5 of 10), H. Per objective (NBA's Σ m·L / Σ m over the COs):
    /// X weighs 3·2 = 6 with its mean 2.5, Y 3: (15 + 3)/9 = 2 = (3·3 + 3·2 + 3·1)/9, weights
    /// 2/3 and 1/3. Per course: (3·2.5 + 3·1)/6 = 1.75, weights 1/2 and 1/2.
    @Test(arguments: [(MethodSettings.SupportCount.objective, 2.0, 2.0 / 3), (.course, 1.75, 0.5)])
    func nbaSupportCount(count: MethodSettings.SupportCount, expected: Double, weightOfX: Double) throws {
        let (x, xScores) = levelCourse("X", [(["1.1"], 10, nil), (["1.1"], 6, nil)], students: 10)
        let (y, yScores) = levelCourse("Y", [(["1.1"], 5, nil)], students: 10)
        var methods = MethodSettings(for: .nba)
        methods.supportCount = count
        let programme = Programme(
            id: "P", name: "NBA", cohort: "2024", scheme: .nba, thresholds: Thresholds(for: .nba), methods: methods,
            objectives: [ProgrammeObjective(id: "PEO1")],
            requirements: [Requirement(id: "PO1", indicators: [Indicator(id: "1.1")])],
            requirementSupport: [SupportEntry(from: "PO1", to: "PEO1", strength: .level(.high))],
            courses: [x, y],
            courseSupport: [
                SupportEntry(from: "X", to: "1.1", strength: .level(.high)),
                SupportEntry(from: "Y", to: "1.1", strength: .level(.high)),
            ])
        let result = try ProgrammeInput(programme: programme, scores: [xScores, yScores]).computeAttainment()
        let indicator = result.indicators[0]
        #expect(near(indicator.value.value, expected))
        #expect(near(indicator.contributions[0].weight, weightOfX))
        #expect(near(indicator.contributions[0].value, 2.5))
        // Student s1 (1 and 1 in X, 1 in Y): 1 either way. Student s7 (1, 0 in X; 0 in Y):
        // per objective (6·0.5 + 3·0)/9 = 1/3, per course (3·0.5 + 0)/6 = 0.25.
        let cohort = result.students.students.map(\.id)
        let s1 = try #require(cohort.firstIndex(of: "s1"))
        let s7 = try #require(cohort.firstIndex(of: "s7"))
        #expect(near(result.students.indicators[s1, 0], 1))
        #expect(near(result.students.indicators[s7, 0], count == .objective ? 1.0 / 3 : 0.25))
    }

    /// NBA programme outcome = the mean of its indicators (requirement: mean, the scheme's
    /// default): levels 3 and 1 → 2, met at 2; under min it would be 1, not met.
    @Test(arguments: [(MethodSettings.Aggregate.mean, 2.0), (.min, 1.0)])
    func nbaRequirementMean(requirement: MethodSettings.Aggregate, expected: Double) throws {
        let (course, scores) = levelCourse("A", [(["1.1"], 10, nil), (["1.2"], 5, nil)], students: 10)
        var methods = MethodSettings(for: .nba)
        methods.requirement = requirement
        let programme = Programme(
            id: "P", name: "NBA", cohort: "2024", scheme: .nba, thresholds: Thresholds(for: .nba), methods: methods,
            objectives: [ProgrammeObjective(id: "PEO1")],
            requirements: [Requirement(id: "PO1", indicators: [Indicator(id: "1.1"), Indicator(id: "1.2")])],
            requirementSupport: [SupportEntry(from: "PO1", to: "PEO1", strength: .level(.high))],
            courses: [course],
            courseSupport: [
                SupportEntry(from: "A", to: "1.1", strength: .level(.high)),
                SupportEntry(from: "A", to: "1.2", strength: .level(.high)),
            ])
        let result = try ProgrammeInput(programme: programme, scores: [scores]).computeAttainment()
        #expect(near(result.requirements[0].value.value, expected))
        #expect(result.requirements[0].value.verdict == (expected >= 2 ? .met : .notMet))
    }

    // MARK: ABET (methods.md §12)

    /// Rubric rows R1, R2 (CO1) and R3 (CO2), levels 1-4, target level 3:
    /// CO1 levels (mean of R1, R2): s1 3.5, s2 2.5, s3 3, s4 4, s5 2 → 3 of 5 at 3 or more →
    /// 0.6 < 0.7, not met; below the individual threshold 3: s2, s5.
    /// CO2: 3, 4, 2, 3, 3 → 4 of 5 → 0.8, met.
    private static let abetCourse = Course(
        id: "ME201",
        objectives: [CourseObjective(id: "CO1", indicators: ["1.1"]), CourseObjective(id: "CO2", indicators: ["1.2"])],
        components: [AssessmentComponent(id: "project", weight: 1)],
        items: [
            AssessmentItem(id: "R1", component: "project", fullMarks: 4, objective: "CO1"),
            AssessmentItem(id: "R2", component: "project", fullMarks: 4, objective: "CO1"),
            AssessmentItem(id: "R3", component: "project", fullMarks: 4, objective: "CO2"),
        ])
    private static let abetScores = table([
        ("s1", [4, 3, 3]), ("s2", [2, 3, 4]), ("s3", [3, 3, 2]), ("s4", [4, 4, 3]), ("s5", [2, 2, 3]),
    ])

    private static func abetProgramme(
        requirement: MethodSettings.Aggregate = .min, targetLevel: Double = 3
    ) -> Programme {
        var methods = MethodSettings(for: .abet)
        methods.requirement = requirement
        methods.abet.targetLevel = targetLevel
        return Programme(
            id: "P", name: "ABET", cohort: "2024", scheme: .abet, thresholds: Thresholds(for: .abet), methods: methods,
            objectives: [ProgrammeObjective(id: "PEO1")],
            requirements: [Requirement(id: "SO1", indicators: [Indicator(id: "1.1"), Indicator(id: "1.2")])],
            requirementSupport: [SupportEntry(from: "SO1", to: "PEO1", strength: .level(.high))],
            courses: [abetCourse],
            courseSupport: [
                SupportEntry(from: "ME201", to: "1.1", strength: .level(.high)),
                SupportEntry(from: "ME201", to: "1.2", strength: .level(.high)),
            ])
    }

    @Test func abetSharesAtTheTargetLevel() throws {
        let result = try ProgrammeInput(programme: Self.abetProgramme(), scores: [Self.abetScores]).computeAttainment()
        let course = result.courses[0]
        #expect(near(course.objectives[0].value, 0.6))
        #expect(course.objectives[0].verdict == .notMet)
        #expect(course.objectives[0].studentsEvaluated == 5)
        #expect(course.objectives[0].studentsBelowIndividual == 2)
        #expect(near(course.objectives[1].value, 0.8))
        #expect(course.objectives[1].verdict == .met)
        for (p, expected) in [3.5, 2.5, 3, 4, 2].enumerated() {
            #expect(near(course.studentValue(student: p, objective: 0), expected))
        }
        #expect(course.evidence == [
            SchemeEvidence(parts: [SchemeEvidence.Part(kind: nil, studentsAssessed: 5, studentsReaching: 3, level: nil, weight: 1)], value: 0.6),
            SchemeEvidence(parts: [SchemeEvidence.Part(kind: nil, studentsAssessed: 5, studentsReaching: 4, level: nil, weight: 1)], value: 0.8),
        ])
    }

    /// abet.target_level: at 2 every level of CO1 and CO2 reaches (1.0 and 1.0); at 3.5,
    /// CO1 has s1 and s4 (0.4) and CO2 s2 (0.2); at 4, CO1 s4 (0.2), CO2 s2 (0.2).
    @Test(arguments: [(2.0, 1.0, 1.0), (3.5, 0.4, 0.2), (4.0, 0.2, 0.2)])
    func abetTargetLevel(target: Double, co1: Double, co2: Double) throws {
        let course = try ProgrammeInput(
            programme: Self.abetProgramme(targetLevel: target), scores: [Self.abetScores]
        ).computeAttainment().courses[0]
        #expect(near(course.objectives[0].value, co1))
        #expect(near(course.objectives[1].value, co2))
    }

    /// An outcome is met when all its indicators are (requirement: min, ABET's default):
    /// 1.1 = 0.6 (not met), 1.2 = 0.8 → SO1 = 0.6, not met. The aggregate (requirement: mean):
    /// 0.7, met. Per student (levels): s1 min(3.5, 3) = 3, mean 3.25.
    @Test(arguments: [(MethodSettings.Aggregate.min, 0.6, 3.0), (.mean, 0.7, 3.25)])
    func abetOutcomeFromItsIndicators(requirement: MethodSettings.Aggregate, expected: Double, s1: Double) throws {
        let result = try ProgrammeInput(
            programme: Self.abetProgramme(requirement: requirement), scores: [Self.abetScores]
        ).computeAttainment()
        #expect(near(result.requirements[0].value.value, expected))
        #expect(result.requirements[0].value.verdict == (expected >= 0.7 ? .met : .notMet))
        #expect(near(result.students.requirements[0, 0], s1))
    }

    /// A rubric row left out (deferred) does not count: s1 deferred in R2 has CO1 = R1 = 4;
    /// s2 deferred in R1 and R2 is not assessed on CO1: 4 assessed, 3 at 3 or more (s1, s3,
    /// s4) → 0.75.
    @Test func abetCountsOnlyAssessedStudents() throws {
        let scores = table(
            [("s1", [4, 0, 3]), ("s2", [0, 0, 4]), ("s3", [3, 3, 2]), ("s4", [4, 4, 3]), ("s5", [2, 2, 3])],
            included: [[1, 0, 1], [0, 0, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1]])
        let course = try ProgrammeInput(programme: Self.abetProgramme(), scores: [scores]).computeAttainment().courses[0]
        #expect(near(course.studentValue(student: 0, objective: 0), 4))
        #expect(course.studentValue(student: 1, objective: 0) == nil)
        #expect(near(course.objectives[0].value, 0.75))
        #expect(course.objectives[0].studentsEvaluated == 4)
    }

    // MARK: Validation

    @Test func nbaNeedsAKindOnEveryComponent() {
        var course = nbaCourse
        course.components[1].kind = nil
        let errors = nbaProgramme(course).validate().filter { $0.severity == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.code == .missingField)
        #expect(errors.first?.subject == .component(course: "EE101", component: "SEE"))
        #expect(errors.first?.message.contains("SEE") == true && errors.first?.message.contains("EE101") == true)
        // The kind is not needed under the other methods.
        var programme = nbaProgramme(course)
        programme.methods.courseObjective = .weightedRatios
        programme.thresholds = Thresholds()
        #expect(!programme.validate().contains { $0.severity == .error })
    }

    @Test func nbaSettingsAreChecked() {
        let bothZero = nbaProgramme(nbaCourse, nba: MethodSettings.NBASettings(internalWeight: 0, endSemesterWeight: 0))
        #expect(bothZero.validate().contains { $0.severity == .error && $0.message.contains("nba.internal") })
        let falling = nbaProgramme(nbaCourse, nba: MethodSettings.NBASettings(bands: [0.7, 0.5]))
        #expect(falling.validate().contains { $0.severity == .error && $0.message.contains("nba.bands") })
        // The class threshold is a level: up to the number of bands.
        var programme = nbaProgramme(nbaCourse)
        programme.thresholds.classLevel = 3
        #expect(!programme.validate().contains { $0.severity == .error })
        programme.thresholds.classLevel = 3.5
        #expect(programme.validate().contains { $0.severity == .error && $0.message.contains("class threshold") })
    }

    @Test func abetItemsAreRubricRowsOfOneObjective() {
        var programme = Self.abetProgramme()
        #expect(!programme.validate().contains { $0.severity == .error }, "individual threshold 3 is a level")
        programme.courses[0].items[2] = AssessmentItem(
            id: "R3", component: "project", fullMarks: 4,
            marks: [ObjectiveMarks(objective: "CO1", marks: 2), ObjectiveMarks(objective: "CO2", marks: 2)])
        let split = programme.validate().filter { $0.severity == .error }
        #expect(split.map(\.subject) == [.item(course: "ME201", item: "R3")])
        programme = Self.abetProgramme(targetLevel: 5)
        let low = programme.validate().filter { $0.severity == .error }
        #expect(low.count == 3 && low.allSatisfy { $0.message.contains("abet.target_level") })
    }
}

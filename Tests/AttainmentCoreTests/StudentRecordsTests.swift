import Testing

@testable import AttainmentCore

// Retakes, elective groups, transfers and leavers (docs/methods.md §14): hand-computed cases,
// then the engine against a naive reference on seeded random programmes.

private func students(_ ids: [String]) -> [Student] { ids.map { Student(id: $0) } }

/// Two required courses A (→ 1.1 H) and B (→ 1.1 M), and group G of E1 and E2 (→ 1.1 L); one
/// objective and one 10-mark item each, so a student's value is their score / 10.
private func groupProgramme(retake: MethodSettings.RetakeRule = .first) -> Programme {
    func course(_ id: String) -> Course {
        Course(
            id: id, name: id, credits: 2,
            objectives: [CourseObjective(id: "CO1", indicators: ["1.1"])],
            components: [AssessmentComponent(id: "exam", weight: 1)],
            items: [AssessmentItem(id: "Q1", component: "exam", fullMarks: 10, marks: [ObjectiveMarks(objective: "CO1", marks: 10)])])
    }
    return Programme(
        id: "P", name: "records", cohort: "2024", methods: MethodSettings(retake: retake),
        objectives: [ProgrammeObjective(id: "PEO1")],
        requirements: [Requirement(id: "GR1", indicators: [Indicator(id: "1.1")])],
        requirementSupport: [SupportEntry(from: "GR1", to: "PEO1", strength: .level(.high))],
        courses: ["A", "B", "E1", "E2"].map(course),
        courseSupport: [
            SupportEntry(from: "A", to: "1.1", strength: .level(.high)),
            SupportEntry(from: "B", to: "1.1", strength: .level(.medium)),
            SupportEntry(from: "G", to: "1.1", strength: .level(.low)),
        ],
        electiveGroups: [ElectiveGroup(id: "G", courses: ["E1", "E2"])])
}

private func table(_ rows: [(String, Int, Double)]) -> ScoreTable {
    ScoreTable(
        students: students(rows.map(\.0)), scores: Matrix(rows: rows.count, columns: 1, elements: rows.map(\.2)),
        attempts: rows.allSatisfy { $0.1 == 1 } ? nil : rows.map(\.1))
}

@Suite struct RetakeRuleTests {
    // S1: 1 → 0.4, 2 → 0.7, 3 → 0.5. S2: 1 → 0.6, 2 → 0.6 (a tie). S3: only a resit, 0.8.
    let rows: [(String, Int, Double)] = [
        ("S1", 2, 7), ("S2", 1, 6), ("S1", 1, 4), ("S3", 2, 8), ("S2", 2, 6), ("S1", 3, 5),
    ]

    @Test(arguments: [
        (MethodSettings.RetakeRule.first, [2, 1, 3]),
        (.latest, [5, 4, 3]),
        // Best: S1's resit (0.7); S2's tie goes to the earlier attempt.
        (.best, [0, 1, 3]),
    ])
    func countedRowsPerRule(rule: MethodSettings.RetakeRule, expected: [Int]) {
        let marks = rows.map { $0.2 / 10 }
        #expect(countedRows(students: students(rows.map(\.0)), attempts: rows.map(\.1), rule: rule, marks: marks) == expected)
    }

    @Test func aRowWithoutAMarkLosesUnderBest() {
        let rows = countedRows(
            students: students(["S1", "S1"]), attempts: [1, 2], rule: .best, marks: [.nan, 0])
        #expect(rows == [1])
    }

    /// Hand-computed class values of A for S1, S2, S3 as above, and how many count a later attempt.
    static let classCases: [(MethodSettings.RetakeRule, Double, Int)] = [
        (.first, 18.0 / 30, 1),  // 4 + 6 + 8
        (.latest, 19.0 / 30, 3),  // 5 + 6 + 8
        (.best, 21.0 / 30, 2),  // 7 + 6 + 8
    ]

    @Test(arguments: classCases)
    func classValueUsesTheCountedRowsOnly(rule: MethodSettings.RetakeRule, expected: Double, later: Int) throws {
        let empty = table([])
        let input = ProgrammeInput(
            programme: groupProgramme(retake: rule),
            scores: [table(rows), table([("S1", 1, 5)]), table([("S1", 1, 5)]), empty])
        let result = try input.computeAttainment()
        #expect(near(result.courses[0].objectives[0].value, expected))
        #expect(result.courses[0].students.map(\.id) == ["S1", "S2", "S3"])
        #expect(near(result.courses[0].items[0].average, expected * 10))
        #expect(result.courses[0].items[0].studentsCounted == 3)
        #expect(result.courses[0].laterAttemptsCounted == later)
        #expect(result.diagnostics.contains { $0.code == .laterAttemptCounted } == (later > 0))
    }

    @Test func sameStudentSameAttemptIsAnError() {
        let input = ProgrammeInput(
            programme: groupProgramme(),
            scores: [table([("S1", 2, 5), ("S1", 2, 6)]), table([]), table([("S1", 1, 5)]), table([])])
        #expect(throws: InputErrors.self) { try input.computeAttainment() }
    }
}

@Suite struct ElectiveGroupTests {
    /// A: S1 0.8, S2 0.6, S3 0.4. B: S1 0.5, S2 0.7. E1: S1 0.9, S3 0.3. E2: S2 0.6, S3 0.7, S4 1.0.
    func result() throws -> AttainmentResult {
        let input = ProgrammeInput(
            programme: groupProgramme(),
            scores: [
                table([("S1", 1, 8), ("S2", 1, 6), ("S3", 1, 4)]), table([("S1", 1, 5), ("S2", 1, 7)]),
                table([("S1", 1, 9), ("S3", 1, 3)]), table([("S2", 1, 6), ("S3", 1, 7), ("S4", 1, 10)]),
            ],
            roster: students(["S1", "S2", "S3", "S4", "S5"]),
            rosterStatus: ["S4": .transferredIn, "S5": .left])
        return try input.computeAttainment()
    }

    @Test func theGroupPoolsTheStudentsOfItsCourses() throws {
        let result = try result()
        // G's class value: S1 0.9 (E1), S3 0.3 (E1 first in group order), S2 0.6, S4 1.0 (E2).
        let group = (0.9 + 0.3 + 0.6 + 1.0) / 4
        let contributions = result.indicators[0].contributions
        #expect(contributions.map(\.sourceID) == ["A", "B", "G"])
        #expect(near(contributions[2].value, group))
        // I = (3·0.6 + 2·0.6 + 1·0.7) / 6 with A = 0.6, B = 0.6, G = 0.7.
        #expect(near(result.indicators[0].value.value, (3 * 0.6 + 2 * 0.6 + 1 * group) / 6))
        #expect(result.diagnostics.filter { $0.code == .severalElectives }.map(\.subject) == [.electiveGroup("G")])
    }

    @Test func aStudentsValueComesFromTheCourseTheyTook() throws {
        let cohort = try result().students
        let expected: [Double?] = [
            (3 * 0.8 + 2 * 0.5 + 0.9) / 6,  // S1: A, B, E1
            (3 * 0.6 + 2 * 0.7 + 0.6) / 6,  // S2: A, B, E2
            (3 * 0.4 + 0.3) / 4,  // S3: A and E1 (not E2); no B
            1.0,  // S4: only E2
            nil,  // S5: nothing
        ]
        for (q, value) in expected.enumerated() {
            let actual = CohortAttainment.value(cohort.indicators, q, 0)
            if let value { #expect(near(actual, value), "student \(q)") } else { #expect(actual == nil) }
        }
        let programme = groupProgramme()
        #expect((0..<5).map { cohort.missingIDs($0, programme: programme) } == [[], [], ["B"], ["A", "B"], ["A", "B", "G"]])
        #expect(cohort.missingElectiveGroups == [[], [], [], [], [0]])
        #expect(cohort.statuses == [.regular, .regular, .regular, .transferredIn, .left])
        #expect(cohort.count(.left) == 1 && cohort.count(.transferredIn) == 1)
        #expect(cohort.studentsWithMissingCourses == 3)
    }

    @Test func groupValidation() {
        var programme = groupProgramme()
        programme.electiveGroups = [
            ElectiveGroup(id: "A", courses: ["E1", "E2"]), ElectiveGroup(id: "H", courses: ["E2"]),
            ElectiveGroup(id: "K", courses: ["E9", "E1"]),
        ]
        let messages = programme.validate().filter { $0.severity == .error }.map(\.message)
        #expect(messages.contains("elective group A has the id of a course; give the group its own id"))
        #expect(messages.contains("elective group H needs at least two different courses"))
        #expect(messages.contains("course E2 is in elective groups A and H; a course may be in one group only"))
        #expect(messages.contains("course E9 of elective group K has no course file"))
        #expect(messages.contains("course E1 is in elective groups A and K; a course may be in one group only"))
        #expect(messages.contains("course G in the support matrix has no course file"))
    }

    @Test func creditsOfAGroupMustAgree() {
        var programme = groupProgramme()
        programme.methods.supportWeighting = .credits
        #expect(!programme.validate().contains { $0.severity == .error })
        #expect(programme.supportWeight(of: programme.courseSupport[2]) == 2)
        programme.courses[3].credits = 3
        #expect(programme.validate().contains { $0.message.contains("elective group G have different credits") })
    }
}

import AttainmentCore
import Testing

/// A programme without a single diagnostic: one objective supported by two requirements, two
/// courses that both support both indicators, two items per course objective, weights summing
/// to 1.
private func validProgramme() -> Programme {
    func course(_ id: String) -> Course {
        Course(
            id: id, credits: 2,
            objectives: [CourseObjective(id: "CO1", indicators: ["1.1"]), CourseObjective(id: "CO2", indicators: ["2.1"])],
            components: [AssessmentComponent(id: "K1", weight: 0.4), AssessmentComponent(id: "K2", weight: 0.6)],
            items: [
                AssessmentItem(id: "Q1", component: "K1", fullMarks: 10, objective: "CO1"),
                AssessmentItem(id: "Q2", component: "K2", fullMarks: 10, objective: "CO1"),
                AssessmentItem(id: "Q3", component: "K1", fullMarks: 10, objective: "CO2"),
                AssessmentItem(id: "Q4", component: "K2", fullMarks: 10, objective: "CO2"),
            ])
    }
    return Programme(
        id: "P", name: "valid", cohort: "2022",
        objectives: [ProgrammeObjective(id: "PEO1")],
        requirements: [
            Requirement(id: "GR1", indicators: [Indicator(id: "1.1")]),
            Requirement(id: "GR2", indicators: [Indicator(id: "2.1")]),
        ],
        requirementSupport: [
            SupportEntry(from: "GR1", to: "PEO1", strength: .level(.high)),
            SupportEntry(from: "GR2", to: "PEO1", strength: .level(.low)),
        ],
        courses: [course("A"), course("B")],
        courseSupport: [
            SupportEntry(from: "A", to: "1.1", strength: .level(.high)),
            SupportEntry(from: "A", to: "2.1", strength: .level(.medium)),
            SupportEntry(from: "B", to: "1.1", strength: .level(.low)),
            SupportEntry(from: "B", to: "2.1", strength: .level(.high)),
        ])
}

/// One structural problem: how to make it from the valid programme, and what it must produce.
struct ValidationCase: Sendable, CustomTestStringConvertible {
    let name: String
    let severity: Diagnostic.Severity
    let code: DiagnosticCode
    let subject: DiagnosticSubject
    let change: @Sendable (inout Programme) -> Void

    var testDescription: String { name }

    init(_ name: String, _ severity: Diagnostic.Severity, _ code: DiagnosticCode, _ subject: DiagnosticSubject,
         _ change: @escaping @Sendable (inout Programme) -> Void) {
        self.name = name
        self.severity = severity
        self.code = code
        self.subject = subject
        self.change = change
    }
}

/// Every check of Programme.validate(), in the order Validation.swift makes them.
let validationCases: [ValidationCase] = [
    // Thresholds and level weights.
    ValidationCase("class threshold above 1", .error, .invalidValue, .threshold("class")) { $0.thresholds.classLevel = 1.2 },
    ValidationCase("individual threshold below 0", .error, .invalidValue, .threshold("individual")) { $0.thresholds.individual = -0.1 },
    ValidationCase("level weight zero", .error, .invalidValue, .programme) { $0.methods.levelWeights.medium = 0 },
    // Ids.
    ValidationCase("duplicate programme objective", .error, .duplicateID, .programmeObjective("PEO1")) {
        $0.objectives.append(ProgrammeObjective(id: "PEO1"))
    },
    ValidationCase("empty programme objective id", .error, .missingField, .programmeObjective("")) {
        $0.objectives.append(ProgrammeObjective(id: ""))
    },
    ValidationCase("duplicate requirement", .error, .duplicateID, .requirement("GR1")) {
        $0.requirements.append(Requirement(id: "GR1", indicators: [Indicator(id: "9.1")]))
    },
    ValidationCase("duplicate indicator", .error, .duplicateID, .indicator("1.1")) {
        $0.requirements[1].indicators.append(Indicator(id: "1.1"))
    },
    ValidationCase("duplicate course", .error, .duplicateID, .course("A")) { $0.courses.append($0.courses[0]) },
    ValidationCase("requirement without indicators", .error, .missingField, .requirement("GR3")) {
        $0.requirements.append(Requirement(id: "GR3", indicators: []))
    },
    // Requirement → objective support.
    ValidationCase(
        "requirement support from an unknown requirement", .error, .unknownID,
        .requirementSupport(requirement: "GR9", objective: "PEO1")
    ) { $0.requirementSupport.append(SupportEntry(from: "GR9", to: "PEO1", strength: .level(.high))) },
    ValidationCase(
        "requirement support to an unknown objective", .error, .unknownID,
        .requirementSupport(requirement: "GR1", objective: "PEO9")
    ) { $0.requirementSupport.append(SupportEntry(from: "GR1", to: "PEO9", strength: .level(.high))) },
    ValidationCase(
        "requirement support weight not positive", .error, .invalidValue,
        .requirementSupport(requirement: "GR1", objective: "PEO2")
    ) {
        $0.objectives.append(ProgrammeObjective(id: "PEO2"))
        $0.requirementSupport.append(SupportEntry(from: "GR1", to: "PEO2", strength: .weight(0)))
        $0.requirementSupport.append(SupportEntry(from: "GR2", to: "PEO2", strength: .weight(1)))
    },
    ValidationCase("objective without requirement support", .warning, .objectiveUnsupported, .programmeObjective("PEO2")) {
        $0.objectives.append(ProgrammeObjective(id: "PEO2"))
    },
    ValidationCase("requirement support mixes levels and numbers", .error, .invalidValue, .programmeObjective("PEO1")) {
        $0.requirementSupport[1].strength = .weight(0.5)
    },
    ValidationCase("requirement support numbers not summing to 1", .warning, .weightsNormalised, .programmeObjective("PEO1")) {
        $0.requirementSupport[0].strength = .weight(0.5)
        $0.requirementSupport[1].strength = .weight(0.3)
    },
    // Course → indicator support.
    ValidationCase(
        "course support from an unknown course", .error, .unknownID, .courseSupport(course: "Z", indicator: "1.1")
    ) { $0.courseSupport.append(SupportEntry(from: "Z", to: "1.1", strength: .level(.low))) },
    ValidationCase(
        "course support to an unknown indicator", .error, .unknownID, .courseSupport(course: "A", indicator: "9.9")
    ) { $0.courseSupport.append(SupportEntry(from: "A", to: "9.9", strength: .level(.low))) },
    ValidationCase(
        "course support weight not positive", .error, .invalidValue, .courseSupport(course: "A", indicator: "1.1")
    ) {
        $0.courseSupport[0].strength = .weight(-1)
        $0.courseSupport[2].strength = .weight(1)
    },
    ValidationCase("course support mixes levels and numbers", .error, .invalidValue, .indicator("1.1")) {
        $0.courseSupport[0].strength = .weight(0.5)
    },
    ValidationCase("course support numbers not summing to 1", .warning, .weightsNormalised, .indicator("2.1")) {
        $0.courseSupport[1].strength = .weight(0.5)
        $0.courseSupport[3].strength = .weight(0.2)
    },
    ValidationCase("indicator supported by no course", .error, .indicatorUnsupported, .indicator("2.2")) {
        $0.requirements[1].indicators.append(Indicator(id: "2.2"))
    },
    ValidationCase("indicator supported by a single course", .warning, .singleSupportingCourse, .indicator("2.1")) {
        $0.courseSupport.remove(at: 3)
        $0.courses[1].objectives[1].indicators = ["1.1"]
    },
    ValidationCase("course supporting no indicator", .warning, .invalidValue, .course("C")) {
        var course = $0.courses[0]
        course.id = "C"
        $0.courses.append(course)
    },
    // Courses.
    ValidationCase("course without objectives", .error, .missingField, .course("A")) {
        $0.courses[0].objectives = []
        $0.courses[0].items = []
    },
    ValidationCase("negative credits", .error, .invalidValue, .course("A")) { $0.courses[0].credits = -1 },
    ValidationCase("zero credits when weighting by credits", .error, .invalidValue, .course("B")) {
        $0.methods.supportWeighting = .credits
        $0.courses[1].credits = 0
    },
    ValidationCase("duplicate course objective", .error, .duplicateID, .courseObjective(course: "A", objective: "CO1")) {
        $0.courses[0].objectives.append(CourseObjective(id: "CO1", indicators: ["1.1"]))
    },
    ValidationCase("duplicate component", .error, .duplicateID, .component(course: "A", component: "K1")) {
        $0.courses[0].components.append(AssessmentComponent(id: "K1", weight: 0.5))
    },
    ValidationCase("duplicate item", .error, .duplicateID, .item(course: "A", item: "Q1")) {
        $0.courses[0].items.append($0.courses[0].items[0])
    },
    ValidationCase(
        "course objective supporting no indicator", .error, .missingField, .courseObjective(course: "A", objective: "CO2")
    ) { $0.courses[0].objectives[1].indicators = [] },
    ValidationCase(
        "course objective naming an unknown indicator", .error, .unknownID, .courseObjective(course: "A", objective: "CO1")
    ) { $0.courses[0].objectives[0].indicators.append("7.7") },
    ValidationCase(
        "course objective without a support cell", .error, .objectiveWithoutSupport,
        .courseObjective(course: "A", objective: "CO1")
    ) {
        $0.courseSupport.remove(at: 0)
    },
    ValidationCase(
        "support cell without a course objective", .error, .supportWithoutObjective,
        .courseSupport(course: "A", indicator: "2.1")
    ) { $0.courses[0].objectives[1].indicators = ["1.1"] },
    ValidationCase("component weight zero", .error, .componentWeight, .component(course: "A", component: "K2")) {
        $0.courses[0].components[1].weight = 0
    },
    ValidationCase("component weights not summing to 1", .warning, .weightsNormalised, .course("B")) {
        $0.courses[1].components[1].weight = 3
    },
    ValidationCase("item naming an unknown component", .error, .unknownID, .item(course: "A", item: "Q2")) {
        $0.courses[0].items[1].component = "K9"
    },
    ValidationCase("item with zero full marks", .error, .invalidValue, .item(course: "A", item: "Q3")) {
        $0.courses[0].items[2].fullMarks = 0
    },
    ValidationCase("item assessing no objective", .error, .missingField, .item(course: "B", item: "Q5")) {
        $0.courses[1].items.append(AssessmentItem(id: "Q5", component: "K1", fullMarks: 5, marks: []))
    },
    ValidationCase("item naming an unknown objective", .error, .unknownID, .item(course: "A", item: "Q1")) {
        $0.courses[0].items[0].marks = [ObjectiveMarks(objective: "CO9", marks: 10)]
    },
    ValidationCase("item naming an objective twice", .error, .duplicateID, .item(course: "A", item: "Q1")) {
        $0.courses[0].items[0].marks = [ObjectiveMarks(objective: "CO1", marks: 5), ObjectiveMarks(objective: "CO1", marks: 5)]
    },
    ValidationCase("item giving an objective no marks", .error, .invalidValue, .item(course: "A", item: "Q1")) {
        $0.courses[0].items[0].marks = [ObjectiveMarks(objective: "CO1", marks: 10), ObjectiveMarks(objective: "CO2", marks: 0)]
    },
    ValidationCase("item marks not adding up", .error, .marksDoNotAddUp, .item(course: "A", item: "Q1")) {
        $0.courses[0].items[0].marks = [ObjectiveMarks(objective: "CO1", marks: 6), ObjectiveMarks(objective: "CO2", marks: 3)]
    },
    ValidationCase(
        "course objective assessed by no item", .error, .objectiveNotAssessed, .courseObjective(course: "A", objective: "CO3")
    ) { $0.courses[0].objectives.append(CourseObjective(id: "CO3", indicators: ["1.1"])) },
    ValidationCase(
        "course objective assessed by a single item", .warning, .singleItemObjective,
        .courseObjective(course: "B", objective: "CO2")
    ) { $0.courses[1].items.removeLast() },
    ValidationCase(
        "course support cell given twice", .error, .duplicateID, .courseSupport(course: "A", indicator: "1.1")
    ) { $0.courseSupport.append(SupportEntry(from: "A", to: "1.1", strength: .level(.low))) },
    ValidationCase(
        "requirement support cell given twice", .error, .duplicateID,
        .requirementSupport(requirement: "GR2", objective: "PEO1")
    ) { $0.requirementSupport.append(SupportEntry(from: "GR2", to: "PEO1", strength: .level(.high))) },
]

@Suite("Programme validation")
struct ValidationTests {
    @Test func validProgrammeHasNoDiagnostics() {
        #expect(validProgramme().validate() == [])
    }

    @Test(arguments: validationCases)
    func eachCheckReportsItsProblem(_ check: ValidationCase) {
        var programme = validProgramme()
        check.change(&programme)
        let found = programme.validate()
        let matching = found.filter { $0.code == check.code && $0.subject == check.subject }
        #expect(!matching.isEmpty, "expected \(check.code.rawValue) about \(check.subject); found \(found)")
        #expect(matching.allSatisfy { $0.severity == check.severity }, "\(matching)")
        #expect(matching.allSatisfy { !$0.message.isEmpty && $0.location == nil })
        // Validation knows no files: locations come from the readers.
    }

    /// Errors stop a run with every diagnostic found; warnings alone do not.
    @Test(arguments: validationCases)
    func computeAttainmentThrowsOnErrors(_ check: ValidationCase) throws {
        var programme = validProgramme()
        check.change(&programme)
        let scores = programme.courses.map { course in
            ScoreTable(
                students: [Student(id: "s1")],
                scores: Matrix(rows: 1, columns: course.items.count, repeating: 1))
        }
        let input = ProgrammeInput(programme: programme, scores: scores)
        let expected = programme.validate()
        if expected.contains(where: { $0.severity == .error }) {
            let thrown = #expect(throws: InputErrors.self) { try input.computeAttainment() }
            #expect(thrown?.diagnostics == expected)
            #expect(thrown?.errors == expected.filter { $0.severity == .error })
        } else {
            let result = try input.computeAttainment()
            #expect(Array(result.diagnostics.prefix(expected.count)) == expected)
        }
    }

    @Test func inputErrorsDescribeEveryDiagnostic() {
        let errors = InputErrors([
            Diagnostic(.error, .unknownID, "indicator 9.9 is not defined", subject: .indicator("9.9")),
            Diagnostic(.warning, .weightsNormalised, "weights normalised", location: SourceLocation(file: "a.csv", line: 3, column: 2)),
        ])
        #expect(errors.errors.count == 1)
        #expect(errors.description == "error: indicator 9.9 is not defined [unknown-id]\na.csv:3:2: warning: weights normalised [weights-normalised]")
    }

    /// Weights given as percentages (summing to 100) are normalised without a warning.
    @Test func percentageComponentWeightsAreAccepted() {
        var programme = validProgramme()
        programme.courses[0].components[0].weight = 40
        programme.courses[0].components[1].weight = 60
        #expect(programme.validate() == [])
    }

    /// Under credit weighting the cells only mark support: numbers not summing to 1, or mixed
    /// with levels, are not reported.
    @Test func creditWeightingIgnoresCellWeights() {
        var programme = validProgramme()
        programme.methods.supportWeighting = .credits
        programme.courseSupport[0].strength = .weight(0.5)
        #expect(programme.validate() == [])
    }

    /// AssessmentItem.marks is documented as adding up to fullMarks, and methods.md requires
    /// Σ_k m_jk = S_j; validation checks it only for items with two or more parts, so a
    /// one-part item with the wrong marks is accepted and silently reweights pooled and
    /// weighted-sum values.
    @Test func onePartItemWithMarksBelowFullMarks() {
        var programme = validProgramme()
        programme.courses[0].items[0].marks = [ObjectiveMarks(objective: "CO1", marks: 4)] // full marks 10
        let found = programme.validate()
        #expect(found.contains { $0.code == .marksDoNotAddUp && $0.subject == .item(course: "A", item: "Q1") })
    }
}

@Suite("Score-table checks")
struct ScoreTableCheckTests {
    private func input(students: [String], roster: [String]? = nil) -> ProgrammeInput {
        let programme = validProgramme()
        let rows = students.count
        let table = ScoreTable(
            students: students.map { Student(id: $0) },
            scores: Matrix(rows: rows, columns: 4, repeating: 5))
        return ProgrammeInput(
            programme: programme, scores: [table, table], roster: roster.map { $0.map { Student(id: $0) } })
    }

    @Test func aStudentTwiceInOneCourseIsAnError() {
        #expect(throws: InputErrors.self) { try input(students: ["S1", "S1"]).computeAttainment() }
        do {
            _ = try input(students: ["S1", "S1"]).computeAttainment()
        } catch {
            #expect(error.errors.contains { $0.code == .duplicateStudent && $0.subject == .course("A") })
        }
    }

    @Test func aStudentTwiceOnTheRosterIsAnError() {
        do {
            _ = try input(students: ["S1"], roster: ["S1", "S1"]).computeAttainment()
            Issue.record("a duplicate roster entry must be an error")
        } catch {
            #expect(error.errors.contains { $0.code == .duplicateStudent && $0.subject == .programme })
        }
    }

    @Test func leftOutScoresCountAsNothingWhateverWasPassed() throws {
        let table = ScoreTable(
            students: [Student(id: "S1")], scores: Matrix([[10, 10, 4, 6]]), included: Matrix([[1, 0, 1, 1]]))
        #expect(table.scores.row(0) == [10, 0, 4, 6])
    }
}

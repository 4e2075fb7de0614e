import AttainmentCore
import Testing
import TestSupport

// Survey evidence (docs/methods.md §13): conversion, blending at each level and its
// propagation, the NBA scale, coverage, validation, and a naive reference on random inputs.

/// C1 with CO1 (→ 1.1) and CO2 (→ 2.1), one exam of two 10-mark questions; GR1 = {1.1},
/// GR2 = {2.1}; GR1 supports PEO1 with H, GR2 with L; PEO2 has no support. As
/// fixtures/tiny/surveys: CO1 = 0.7, CO2 = 0.6, PEO1 = (3·0.7 + 0.6)/4 = 0.675.
private func twoRequirementInput(
    methods: MethodSettings = MethodSettings(), surveys: [Survey] = []
) -> ProgrammeInput {
    let course = Course(
        id: "C1",
        objectives: [CourseObjective(id: "CO1", indicators: ["1.1"]), CourseObjective(id: "CO2", indicators: ["2.1"])],
        components: [AssessmentComponent(id: "exam", weight: 1, kind: .endSemester)],
        items: [
            AssessmentItem(id: "Q1", component: "exam", fullMarks: 10, objective: "CO1"),
            AssessmentItem(id: "Q2", component: "exam", fullMarks: 10, objective: "CO2"),
        ])
    let programme = Programme(
        id: "P", name: "surveys", cohort: "2024", methods: methods,
        objectives: [ProgrammeObjective(id: "PEO1"), ProgrammeObjective(id: "PEO2")],
        requirements: [
            Requirement(id: "GR1", indicators: [Indicator(id: "1.1")]),
            Requirement(id: "GR2", indicators: [Indicator(id: "2.1")]),
        ],
        requirementSupport: [
            SupportEntry(from: "GR1", to: "PEO1", strength: .level(.high)),
            SupportEntry(from: "GR2", to: "PEO1", strength: .level(.low)),
        ],
        courses: [course],
        courseSupport: [
            SupportEntry(from: "C1", to: "1.1", strength: .level(.high)),
            SupportEntry(from: "C1", to: "2.1", strength: .level(.high)),
        ])
    let scores = ScoreTable(
        students: ["S1", "S2", "S3"].map { Student(id: $0) }, scores: Matrix([[8, 9], [6, 6], [7, 3]]))
    return ProgrammeInput(programme: programme, scores: [scores], surveys: surveys)
}

/// The surveys of fixtures/tiny/surveys.
private let fixtureSurveys: [Survey] = [
    Survey(id: "exit", kind: .courseExit, scale: 5, responses: [
        SurveyResponses(target: .courseObjective(course: "C1", objective: "CO1"), counts: [0, 1, 2, 4, 3]),
    ]),
    Survey(id: "graduating", kind: .graduating, scale: 5, population: 6, responses: [
        SurveyResponses(target: .indicator("1.1"), counts: [0, 1, 2, 1, 0]),
        SurveyResponses(target: .requirement("GR2"), counts: [0, 0, 1, 2, 1]),
    ]),
    Survey(id: "alumni", kind: .alumni, scale: 5, population: 50, responses: [
        SurveyResponses(target: .programmeObjective("PEO1"), counts: [1, 2, 5, 8, 4]),
        SurveyResponses(target: .programmeObjective("PEO2"), counts: [0, 3, 6, 6, 3]),
    ]),
    Survey(id: "employers", kind: .employer, scale: 4, population: 10, responses: [
        SurveyResponses(target: .programmeObjective("PEO1"), counts: [0, 1, 3, 4]),
    ]),
]

private func weighted(_ weight: Double, conversion: MethodSettings.SurveyConversion = .mean) -> MethodSettings {
    var methods = MethodSettings()
    methods.surveys.weight = weight
    methods.surveys.conversion = conversion
    return methods
}

/// Equal matrices, NaN (not evaluable) matching NaN.
private func same(_ a: Matrix, _ b: Matrix) -> Bool {
    a.rows == b.rows && a.columns == b.columns
        && zip(a.elements, b.elements).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
}

private func evidence(_ result: AttainmentResult, _ target: SurveyTarget) -> SurveyEvidence? {
    result.surveyEvidence.first { $0.target == target }
}

@Suite("Survey evidence (indirect)")
struct SurveyEvidenceTests {
    /// Mean: Σ l·n_l / (N·scale); share: Σ_{l≥a} n_l / N.
    /// [0, 1, 2, 4, 3] on 5: (2 + 6 + 16 + 15)/50 = 0.78; at 4 or above 7/10 = 0.7.
    /// [0, 1, 3, 4] on 4: (2 + 9 + 16)/32 = 0.84375; at 4 or above 4/8 = 0.5; at 3 7/8.
    @Test func conversionByMeanLevelAndByShare() {
        #expect(near(Survey.value(counts: [0, 1, 2, 4, 3], scale: 5, conversion: .mean, agreeLevel: 4), 0.78))
        #expect(near(Survey.value(counts: [0, 1, 2, 4, 3], scale: 5, conversion: .share, agreeLevel: 4), 0.7))
        #expect(near(Survey.value(counts: [0, 1, 3, 4], scale: 4, conversion: .mean, agreeLevel: 4), 0.84375))
        #expect(near(Survey.value(counts: [0, 1, 3, 4], scale: 4, conversion: .share, agreeLevel: 4), 0.5))
        #expect(near(Survey.value(counts: [0, 1, 3, 4], scale: 4, conversion: .share, agreeLevel: 3), 0.875))
        #expect(near(Survey.value(counts: [5, 0, 0, 0, 0], scale: 5, conversion: .mean, agreeLevel: 4), 0.2))
        #expect(Survey.value(counts: [0, 0, 0, 0, 0], scale: 5, conversion: .mean, agreeLevel: 4) == nil)
    }

    /// With surveys.weight 0 every value is the direct one; the evidence is still reported.
    @Test func weightZeroChangesNothing() throws {
        let plain = try twoRequirementInput().computeAttainment()
        let result = try twoRequirementInput(surveys: fixtureSurveys).computeAttainment()
        #expect(result.courses[0].objectives == plain.courses[0].objectives)
        #expect(result.indicators.map(\.value) == plain.indicators.map(\.value))
        #expect(result.requirements.map(\.value) == plain.requirements.map(\.value))
        #expect(result.objectives.map(\.value) == plain.objectives.map(\.value))
        #expect(result.surveyEvidence.count == 5)
        let peo1 = try #require(evidence(result, .programmeObjective("PEO1")))
        #expect(near(peo1.direct, 0.675) && near(peo1.value, 0.675))
        // (20·0.72 + 8·0.84375)/28 = 21.15/28.
        #expect(near(peo1.indirect, 21.15 / 28))
        #expect(peo1.surveys.map(\.surveyID) == ["alumni", "employers"])
        #expect(plain.surveyEvidence.isEmpty && plain.surveyCoverage.isEmpty)
    }

    /// Weight 0.2, bottom-up (fixtures/tiny/surveys/README.md, case 2):
    /// CO1 0.8·0.7 + 0.2·0.78 = 0.716 → C1's value for 1.1 0.716 → 1.1 0.8·0.716 + 0.2·0.6 =
    /// 0.6928 → GR1 0.6928; GR2 0.8·0.6 + 0.2·0.8 = 0.64; PEO1 direct (3·0.6928 + 0.64)/4 =
    /// 0.6796, blended 0.8·0.6796 + 0.2·21.15/28; PEO2 the indirect 0.7 alone.
    @Test func blendingPropagatesUpTheChain() throws {
        let result = try twoRequirementInput(methods: weighted(0.2), surveys: fixtureSurveys).computeAttainment()
        #expect(near(result.courses[0].objectives[0].value, 0.716))
        #expect(near(result.courses[0].objectives[1].value, 0.6))
        #expect(near(result.courses[0].indicatorValues.first { $0.indicator == "1.1" }?.value, 0.716))
        #expect(near(result.courses[0].value, 0.6))
        #expect(near(result.indicators[0].value.value, 0.6928))
        #expect(near(evidence(result, .indicator("1.1"))?.direct, 0.716))
        #expect(near(result.requirements[0].value.value, 0.6928))
        #expect(near(result.requirements[1].value.value, 0.64))
        #expect(near(evidence(result, .programmeObjective("PEO1"))?.direct, 0.6796))
        #expect(near(result.objectives[0].value.value, 0.8 * 0.6796 + 0.2 * 21.15 / 28))
        #expect(near(result.objectives[1].value.value, 0.7))
        #expect(result.objectives[1].value.verdict == .met)
        #expect(result.objectives[0].value.verdict == .notMet)
        // Per-student values are direct only.
        let plain = try twoRequirementInput().computeAttainment()
        #expect(same(result.students.requirements, plain.students.requirements))
        #expect(same(result.students.objectives, plain.students.objectives))
        #expect(same(result.courses[0].perStudent, plain.courses[0].perStudent))
    }

    /// An objective no student counts for has no direct value; a survey on it gives it the
    /// indirect value alone (§13.2), and the warning says so instead of "not evaluable".
    @Test func anObjectiveWithoutScoresTakesItsSurveyAlone() throws {
        func input(surveys: [Survey]) -> ProgrammeInput {
            var input = twoRequirementInput(methods: weighted(0.2), surveys: surveys)
            // Nobody's Q2 counts (as if every student were exempt from it): CO2 has no score.
            input.scores = [ScoreTable(
                students: ["S1", "S2", "S3"].map { Student(id: $0) }, scores: Matrix([[8, 0], [6, 0], [7, 0]]),
                included: Matrix([[1, 0], [1, 0], [1, 0]]))]
            return input
        }
        let survey = Survey(id: "exit", kind: .courseExit, scale: 5, responses: [
            SurveyResponses(target: .courseObjective(course: "C1", objective: "CO2"), counts: [0, 0, 1, 2, 1]),
        ])
        let without = try input(surveys: []).computeAttainment()
        let with = try input(surveys: [survey]).computeAttainment()
        #expect(without.courses[0].objectives[1].value == nil)
        // (3 + 8 + 5)/(4·5) = 0.8, alone: no direct value to blend with.
        #expect(near(with.courses[0].objectives[1].value, 0.8))
        #expect(with.courses[0].objectives[1].verdict == .met)
        let subject = DiagnosticSubject.courseObjective(course: "C1", objective: "CO2")
        let plainWarning = try #require(without.diagnostics.first { $0.subject == subject && $0.code == .notEvaluable })
        let surveyWarning = try #require(with.diagnostics.first { $0.subject == subject && $0.code == .notEvaluable })
        #expect(plainWarning.severity == .warning && surveyWarning.severity == .warning)
        #expect(plainWarning.message == "objective CO2 of C1 is not evaluable: no student has a score that counts for it")
        #expect(surveyWarning.message
            == "objective CO2 of C1 has no direct value: no student has a score that counts for it; its value is its surveys' alone")
        #expect(with.diagnostics.count { $0.subject == subject && $0.code == .notEvaluable } == 1)
    }

    /// Share at 4 or above, weight 0.2 (README.md, case 3).
    @Test func blendingByShare() throws {
        let result = try twoRequirementInput(methods: weighted(0.2, conversion: .share), surveys: fixtureSurveys)
            .computeAttainment()
        #expect(near(result.courses[0].objectives[0].value, 0.7))
        #expect(near(result.indicators[0].value.value, 0.61))
        #expect(near(result.requirements[1].value.value, 0.63))
        #expect(near(result.objectives[0].value.value, 0.8 * 0.615 + 0.2 * 16 / 28))
        #expect(near(result.objectives[1].value.value, 0.5))
    }

    /// A survey at one level only changes that level and those above it.
    @Test(arguments: [0.2, 0.5, 1.0])
    func blendingAtEachLevelAlone(weight: Double) throws {
        let plain = try twoRequirementInput().computeAttainment()
        // On the indicator 2.1 only: 2.1 and GR2 and PEO1 move, CO2 does not.
        let survey = Survey(id: "g", kind: .graduating, scale: 5, responses: [
            SurveyResponses(target: .indicator("2.1"), counts: [0, 0, 0, 0, 4]),
        ])
        let result = try twoRequirementInput(methods: weighted(weight), surveys: [survey]).computeAttainment()
        let blended = (1 - weight) * 0.6 + weight * 1.0
        #expect(result.courses[0].objectives == plain.courses[0].objectives)
        #expect(near(result.indicators[1].value.value, blended))
        #expect(near(result.requirements[1].value.value, blended))
        #expect(result.requirements[0].value == plain.requirements[0].value)
        #expect(near(result.objectives[0].value.value, (3 * 0.7 + blended) / 4))
        #expect(result.objectives[1].value.value == nil)
    }

    /// Under NBA's attainment levels class values are levels: the indirect value is v × 3.
    @Test func indirectValueOnTheNBAScale() throws {
        var methods = MethodSettings(for: .nba)
        #expect(methods.classValueMaximum == 3)
        methods.surveys.weight = 0.25
        let survey = Survey(id: "a", kind: .alumni, scale: 5, responses: [
            SurveyResponses(target: .programmeObjective("PEO1"), counts: [0, 0, 0, 2, 2]),
        ])
        let input = twoRequirementInput(methods: methods, surveys: [survey])
        let direct = try twoRequirementInput(methods: methods).computeAttainment().objectives[0].value.value
        let result = try input.computeAttainment()
        let peo1 = try #require(evidence(result, .programmeObjective("PEO1")))
        // (4·2 + 5·2)/(4·5) = 0.9 on 0-1, 2.7 in levels.
        #expect(near(peo1.surveys[0].value, 0.9))
        #expect(near(peo1.indirect, 2.7))
        if let direct {
            #expect(near(result.objectives[0].value.value, 0.75 * direct + 0.25 * 2.7))
        } else {
            #expect(near(result.objectives[0].value.value, 2.7))
        }
    }

    /// Coverage = the most answers to any question / population; warned below min_coverage.
    @Test func coverageAndItsWarning() throws {
        let result = try twoRequirementInput(surveys: fixtureSurveys).computeAttainment()
        let coverage = Dictionary(uniqueKeysWithValues: result.surveyCoverage.map { ($0.surveyID, $0) })
        #expect(coverage["exit"]?.coverage == nil && coverage["exit"]?.respondents == 10)
        #expect(coverage["graduating"]?.respondents == 4 && near(coverage["graduating"]?.coverage, 4.0 / 6))
        #expect(coverage["alumni"]?.respondents == 20 && near(coverage["alumni"]?.coverage, 0.4))
        let warnings = result.diagnostics.filter { $0.code == .lowSurveyCoverage }
        #expect(warnings.map(\.subject) == [.survey("alumni")])
        #expect(warnings.allSatisfy { $0.severity == .warning })

        var methods = MethodSettings()
        methods.surveys.minimumCoverage = 0.4  // exactly reached: no warning
        let reached = try twoRequirementInput(methods: methods, surveys: fixtureSurveys).computeAttainment()
        #expect(!reached.diagnostics.contains { $0.code == .lowSurveyCoverage })
    }

    /// Surveys built in code are checked like files: each problem an error naming the survey.
    @Test func invalidSurveysAreErrors() {
        let bad: [(Survey, DiagnosticCode)] = [
            (Survey(id: "u", kind: .alumni, scale: 5, responses: [
                SurveyResponses(target: .programmeObjective("PEO9"), counts: [1, 1, 1, 1, 1]),
            ]), .unknownID),
            (Survey(id: "c", kind: .alumni, scale: 5, responses: [
                SurveyResponses(target: .programmeObjective("PEO1"), counts: [1, 1, 1]),
            ]), .invalidValue),
            (Survey(id: "n", kind: .alumni, scale: 5, responses: [
                SurveyResponses(target: .programmeObjective("PEO1"), counts: [1, -1, 1, 1, 1]),
            ]), .invalidValue),
            (Survey(id: "d", kind: .alumni, scale: 5, responses: [
                SurveyResponses(target: .programmeObjective("PEO1"), counts: [1, 1, 1, 1, 1]),
                SurveyResponses(target: .programmeObjective("PEO1"), counts: [1, 1, 1, 1, 1]),
            ]), .duplicateID),
            (Survey(id: "o", kind: .courseExit, scale: 5, responses: [
                SurveyResponses(target: .courseObjective(course: "C1", objective: "CO9"), counts: [1, 1, 1, 1, 1]),
            ]), .unknownID),
        ]
        for (survey, code) in bad {
            #expect(throws: InputErrors.self) { try twoRequirementInput(surveys: [survey]).computeAttainment() }
            let found = Survey.validate([survey], programme: twoRequirementInput().programme)
            #expect(found.contains { $0.code == code && $0.severity == .error && $0.subject == .survey(survey.id) }, "\(survey.id)")
        }
        // agree_level above a survey's scale matters only under share.
        let small = Survey(id: "s", kind: .employer, scale: 3, responses: [
            SurveyResponses(target: .programmeObjective("PEO1"), counts: [1, 1, 1]),
        ])
        #expect(Survey.validate([small], programme: twoRequirementInput(methods: weighted(0.2)).programme).isEmpty)
        #expect(!Survey.validate([small], programme: twoRequirementInput(methods: weighted(0.2, conversion: .share)).programme).isEmpty)
    }

    /// The engine against a naive reference on random programmes with random surveys at every
    /// level, random weights and both conversions.
    @Test(arguments: 0..<24)
    func engineAgreesWithANaiveBlend(seed: Int) throws {
        let generated = RandomProgramme(seed: UInt64(seed) &+ 9_001)
        var random = SplitMix64(seed: UInt64(seed) &* 31 &+ 7)
        var programme = generated.programme
        programme.methods.surveys.weight = random.chance(0.2) ? 0 : random.double(0.05, 1)
        programme.methods.surveys.conversion = random.chance(0.5) ? .mean : .share
        programme.methods.surveys.agreeLevel = random.int(1...4)
        programme.methods.indicator = random.chance(0.5) ? .weightedSum : .min
        programme.methods.courseIndicator = random.chance(0.5) ? .mean : .min
        programme.methods.requirement = random.chance(0.5) ? .mean : .min

        // Targets of every kind; each survey asks a random subset, respondents skip questions.
        var targets: [SurveyTarget] = []
        for course in programme.courses {
            targets += course.objectives.map { .courseObjective(course: course.id, objective: $0.id) }
        }
        targets += programme.indicators.map { .indicator($0.id) }
        targets += programme.requirements.map { .requirement($0.id) }
        targets += programme.objectives.map { .programmeObjective($0.id) }
        var surveys: [Survey] = []
        // Every response, as (survey, target, level), for the naive conversion.
        var answers: [(survey: Int, target: SurveyTarget, level: Int)] = []
        for s in 0..<random.int(1...4) {
            let scale = random.int(4...7)
            let asked = targets.filter { _ in random.chance(0.5) }
            var counts = asked.map { _ in [Int](repeating: 0, count: scale) }
            for _ in 0..<random.int(0...30) {
                for (t, target) in asked.enumerated() where random.chance(0.8) {
                    let level = random.int(1...scale)
                    counts[t][level - 1] += 1
                    answers.append((s, target, level))
                }
            }
            surveys.append(Survey(
                id: "S\(s)", kind: random.pick(SurveyKind.allCases), scale: scale,
                population: random.chance(0.5) ? random.int(1...60) : nil,
                responses: zip(asked, counts).map { SurveyResponses(target: $0, counts: $1) }))
        }
        let input = ProgrammeInput(programme: programme, scores: generated.scores, roster: generated.roster, surveys: surveys)
        let result = try input.computeAttainment()
        let naive = NaiveReference.compute(ProgrammeInput(programme: programme, scores: generated.scores, roster: generated.roster))
        let methods = programme.methods
        let weight = methods.surveys.weight

        // The indirect value of a target: every response's own value, level/scale or 1 at or
        // above the agree level, averaged over all responses to it (so surveys weigh by
        // respondents).
        func indirect(_ target: SurveyTarget) -> Double?? {
            let mine = answers.filter { $0.target == target }
            let asked = surveys.contains { $0.responses.contains { $0.target == target } }
            guard asked else { return .none }
            guard !mine.isEmpty else { return .some(nil) }
            var sum = 0.0
            for answer in mine {
                let scale = surveys[answer.survey].scale
                sum += methods.surveys.conversion == .mean
                    ? Double(answer.level) / Double(scale)
                    : (answer.level >= methods.surveys.agreeLevel ? 1 : 0)
            }
            return .some(sum / Double(mine.count))
        }
        func blended(_ target: SurveyTarget, _ direct: Double?) -> Double? {
            guard case .some(let value) = indirect(target) else { return direct }
            guard weight > 0, let value else { return direct }
            guard let direct else { return value }
            return direct * (1 - weight) + value * weight
        }

        // Course objectives.
        var objectiveValue: [SurveyTarget: Double?] = [:]
        for (c, course) in programme.courses.enumerated() {
            for (k, objective) in course.objectives.enumerated() {
                let target = SurveyTarget.courseObjective(course: course.id, objective: objective.id)
                let value = blended(target, naive.courses[c].objectives[k].value)
                objectiveValue[target] = value
                #expect(agree(result.courses[c].objectives[k].value, value), "seed \(seed): \(target)")
            }
        }
        // Indicators from the blended objectives.
        var indicatorValues: [Double?] = []
        for (i, indicator) in programme.indicators.enumerated() {
            var parts: [(weight: Double, value: Double)] = []
            for entry in programme.courseSupport where entry.to == indicator.id {
                guard let course = programme.courses.first(where: { $0.id == entry.from }) else { continue }
                var values: [Double] = []
                for objective in course.objectives where objective.indicators.contains(indicator.id) {
                    if let value = objectiveValue[.courseObjective(course: course.id, objective: objective.id)] ?? nil {
                        values.append(value)
                    }
                }
                if let value = NaiveReference.aggregate(values, methods.courseIndicator) {
                    parts.append((NaiveReference.supportWeight(entry, course: course, methods: methods), value))
                }
            }
            let value = blended(.indicator(indicator.id), NaiveReference.combine(parts, methods.indicator))
            indicatorValues.append(value)
            #expect(agree(result.indicators[i].value.value, value), "seed \(seed): indicator \(indicator.id)")
        }
        // Requirements from the blended indicators.
        var requirementValues: [String: Double] = [:]
        var offset = 0
        for (g, requirement) in programme.requirements.enumerated() {
            let own = indicatorValues[offset ..< offset + requirement.indicators.count].compactMap { $0 }
            offset += requirement.indicators.count
            let value = blended(.requirement(requirement.id), NaiveReference.aggregate(own, methods.requirement))
            if let value { requirementValues[requirement.id] = value }
            #expect(agree(result.requirements[g].value.value, value), "seed \(seed): requirement \(requirement.id)")
        }
        // Programme objectives from the blended requirements.
        for (o, objective) in programme.objectives.enumerated() {
            var parts: [(weight: Double, value: Double)] = []
            for entry in programme.requirementSupport where entry.to == objective.id {
                guard let value = requirementValues[entry.from] else { continue }
                let weight: Double = switch entry.strength {
                case .level(let level): methods.levelWeights.weight(of: level)
                case .weight(let number): number
                }
                parts.append((weight, value))
            }
            let value = blended(.programmeObjective(objective.id), NaiveReference.combine(parts, .weightedSum))
            #expect(agree(result.objectives[o].value.value, value), "seed \(seed): objective \(objective.id)")
        }
        // Evidence for exactly the targets asked about; coverage for every survey.
        let asked = Set(surveys.flatMap { $0.responses.map(\.target) })
        #expect(Set(result.surveyEvidence.map(\.target)) == asked)
        #expect(result.surveyCoverage.count == surveys.count)
        for (survey, coverage) in zip(surveys, result.surveyCoverage) {
            var most = 0
            for response in survey.responses { most = max(most, response.counts.reduce(0, +)) }
            #expect(coverage.respondents == most)
            if let population = survey.population {
                #expect(agree(coverage.coverage, Double(most) / Double(population)))
            }
        }
    }
}

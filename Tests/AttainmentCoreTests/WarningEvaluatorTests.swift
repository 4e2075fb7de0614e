import AttainmentCore
import Testing

// The early-warning rules (docs/methods.md §10) on a small computed result. Every score is a
// multiple of 12.5 out of 100, the thresholds and bounds multiples of 1/8, and every support
// weight 1, so that the values below are exact in binary and the boundaries are hit exactly.

/// Requirements GR1-GR3 with one indicator each (1.1, 2.1, 3.1); PEO1 from GR1 and GR2, PEO2
/// from GR3. C1: CO1 → 1.1 (item Q1). C2: CO1 → 2.1 (Q1), CO2 → 3.1 (Q2). Items of 100 marks,
/// one component per course.
private func warningProgramme(_ thresholds: Thresholds) -> Programme {
    func course(_ id: String, _ objectives: [(String, String)]) -> Course {
        Course(
            id: id, objectives: objectives.map { CourseObjective(id: $0.0, indicators: [$0.1]) },
            components: [AssessmentComponent(id: "final", weight: 1)],
            items: objectives.enumerated().map { j, objective in
                AssessmentItem(id: "Q\(j + 1)", component: "final", fullMarks: 100, objective: objective.0)
            })
    }
    let one = SupportStrength.weight(1)
    return Programme(
        id: "P", name: "warnings", cohort: "2022", thresholds: thresholds,
        objectives: [ProgrammeObjective(id: "PEO1"), ProgrammeObjective(id: "PEO2")],
        requirements: (1...3).map { Requirement(id: "GR\($0)", indicators: [Indicator(id: "\($0).1")]) },
        requirementSupport: [
            SupportEntry(from: "GR1", to: "PEO1", strength: one), SupportEntry(from: "GR2", to: "PEO1", strength: one),
            SupportEntry(from: "GR3", to: "PEO2", strength: one),
        ],
        courses: [course("C1", [("CO1", "1.1")]), course("C2", [("CO1", "2.1"), ("CO2", "3.1")])],
        courseSupport: [
            SupportEntry(from: "C1", to: "1.1", strength: one), SupportEntry(from: "C2", to: "2.1", strength: one),
            SupportEntry(from: "C2", to: "3.1", strength: one),
        ])
}

/// Computes the programme for students with a C1 score and two C2 scores each.
private func warningResult(
    _ rows: [(id: String, c1: Double, c2: [Double])], roster: [String]? = nil,
    thresholds: Thresholds = Thresholds(classLevel: 0.75, individual: 0.6), c2Included: [[Double]]? = nil
) throws -> AttainmentResult {
    let students = rows.map { Student(id: $0.id) }
    let c1 = ScoreTable(students: students, scores: Matrix(rows.map { [$0.c1] }))
    let c2 = ScoreTable(students: students, scores: Matrix(rows.map(\.c2)), included: c2Included.map { Matrix($0) })
    return try ProgrammeInput(
        programme: warningProgramme(thresholds), scores: [c1, c2], roster: roster.map { $0.map { Student(id: $0) } }
    ).computeAttainment()
}

/// The main case, with s3 on the roster but without scores.
///
/// Class values: C1/CO1 (100 + 50)/2 = 0.75, C2/CO1 (100 + 75)/2 = 0.875, C2/CO2 (25 + 50)/2 =
/// 0.375; indicators and requirements the same (1.1 = GR1 = 0.75, 2.1 = GR2 = 0.875, 3.1 = GR3
/// = 0.375); PEO1 = (0.75 + 0.875)/2 = 0.8125, PEO2 = 0.375; C1 = 0.75, C2 = min = 0.375.
/// Course marks: C1 1.0 and 0.5; C2 (100 + 25)/200 = 0.625 and (75 + 50)/200 = 0.625.
/// Students' requirements: s1 1.0, 1.0, 0.25; s2 0.5, 0.75, 0.5.
private func mainResult() throws -> AttainmentResult {
    try warningResult(
        [("s1", 100, [100, 25]), ("s2", 50, [75, 50])], roster: ["s2", "s1", "s3"])
}

/// Threshold 0.75, margin 0.125 (near below 0.875), fall limit 0.125, pass rate at least 0.8 at
/// 0.6, excellence rate (at 0.9) from 0.1 to 0.4, students below 0.6 in 1 requirement (alert
/// from 2).
private let mainRules = WarningRules(
    belowThreshold: true, nearMargin: 0.125, fallLimit: 0.125, passMark: 0.6, excellentMark: 0.9,
    minimumPassRate: 0.8, maximumExcellenceRate: 0.4, minimumExcellenceRate: 0.1,
    studentRequirements: 1, studentAlertRequirements: 2)

/// The previous cohort: PEO1 fell by exactly the limit (0.9375 → 0.8125), GR2 too (1 → 0.875),
/// GR1 by 0.15 (0.9 → 0.75), C2/CO2 by 0.25 (0.625 → 0.375); C1 rose; 9.9 is gone.
private let previousCohort = CohortValues(cohort: "2021", values: [
    ValueKey(.programmeObjective, "PEO1"): 0.9375, ValueKey(.requirement, "GR2"): 1,
    ValueKey(.requirement, "GR1"): 0.9, ValueKey(.courseObjective, "C2/CO2"): 0.625,
    ValueKey(.course, "C1"): 0.5, ValueKey(.indicator, "9.9"): 1,
])

/// A warning without its numbers, for comparing lists.
private func line(_ warning: EarlyWarning) -> String {
    [
        warning.level.rawValue, warning.rule.rawValue, warning.severity.rawValue, warning.target.rawValue,
        warning.targetID, warning.courseID ?? "-", warning.previousCohort ?? "-", warning.detail,
    ].joined(separator: " ")
}

private func near(_ value: Double?, _ expected: Double?) -> Bool {
    switch (value, expected) {
    case (nil, nil): true
    case (let a?, let b?): abs(a - b) <= 1e-12
    default: false
    }
}

/// The warnings of the main case under the main rules, with their numbers.
private let mainWarnings: [(line: String, value: Double, bound: Double, previous: Double?)] = [
    ("programme near-threshold watch programme-objective PEO1 - - ", 0.8125, 0.875, nil),
    ("programme below-threshold alert programme-objective PEO2 - - ", 0.375, 0.75, nil),
    ("programme near-threshold watch requirement GR1 - - ", 0.75, 0.875, nil),
    ("programme fall watch requirement GR1 - 2021 ", 0.75, 0.775, 0.9),
    ("programme below-threshold alert requirement GR3 - - ", 0.375, 0.75, nil),
    ("programme near-threshold watch indicator 1.1 - - ", 0.75, 0.875, nil),
    ("programme below-threshold alert indicator 3.1 - - ", 0.375, 0.75, nil),
    ("course near-threshold watch course C1 C1 - ", 0.75, 0.875, nil),
    ("course pass-rate alert course C1 C1 - ", 0.5, 0.8, nil),
    ("course excellence-rate watch course C1 C1 - ", 0.5, 0.4, nil),
    ("course below-threshold alert course C2 C2 - ", 0.375, 0.75, nil),
    ("course excellence-rate watch course C2 C2 - ", 0, 0.1, nil),
    ("course near-threshold watch course-objective C1/CO1 C1 - ", 0.75, 0.875, nil),
    ("course below-threshold alert course-objective C2/CO2 C2 - ", 0.375, 0.75, nil),
    ("course fall alert course-objective C2/CO2 C2 2021 ", 0.375, 0.5, 0.625),
    ("student student-below alert student s2 - - GR1 GR3", 2, 1, nil),
    ("student student-below watch student s1 - - GR3", 1, 1, nil),
]

/// The rules with one of them turned off.
enum RuleOff: String, CaseIterable, Sendable {
    case belowThreshold, nearMargin, fallLimit, previous, minimumPassRate, maximumExcellenceRate
    case minimumExcellenceRate, studentRequirements

    var rules: WarningRules {
        var rules = mainRules
        switch self {
        case .belowThreshold: rules.belowThreshold = false
        case .nearMargin: rules.nearMargin = nil
        case .fallLimit: rules.fallLimit = nil
        case .previous: break
        case .minimumPassRate: rules.minimumPassRate = nil
        case .maximumExcellenceRate: rules.maximumExcellenceRate = nil
        case .minimumExcellenceRate: rules.minimumExcellenceRate = nil
        case .studentRequirements: rules.studentRequirements = nil
        }
        return rules
    }

    /// Whether a warning of the main list is one this turns off.
    func removes(_ line: String) -> Bool {
        switch self {
        case .belowThreshold: line.contains(" below-threshold ")
        case .nearMargin: line.contains(" near-threshold ")
        case .fallLimit, .previous: line.contains(" fall ")
        case .minimumPassRate: line.contains(" pass-rate ")
        case .maximumExcellenceRate: line.hasPrefix("course excellence-rate watch course C1 ")
        case .minimumExcellenceRate: line.hasPrefix("course excellence-rate watch course C2 ")
        case .studentRequirements: line.contains(" student-below ")
        }
    }
}

@Suite("Early warnings")
struct WarningEvaluatorTests {
    /// Every rule, in the documented order, with the boundaries that must not warn: GR1 and
    /// 1.1 exactly at the threshold are not below, GR2 and 2.1 exactly at threshold + margin
    /// are not near, PEO1 and GR2 fell by exactly the limit, s3 has no values, and a value
    /// missing from the previous cohort (or a rise) is no fall.
    @Test func everyRuleInOrder() throws {
        let result = try mainResult()
        let warnings = WarningEvaluator.evaluate(result, rules: mainRules, previous: previousCohort)
        #expect(warnings.map(line) == mainWarnings.map(\.line))
        for (warning, expected) in zip(warnings, mainWarnings) {
            #expect(near(warning.value, expected.value), "\(expected.line) value \(String(describing: warning.value))")
            #expect(near(warning.bound, expected.bound), "\(expected.line) bound \(warning.bound)")
            #expect(near(warning.previousValue, expected.previous), "\(expected.line) previous")
        }
    }

    /// Each rule is off when its bound is nil (the fall rule also without a previous cohort),
    /// and the others are unaffected.
    @Test(arguments: RuleOff.allCases)
    func ruleOff(_ off: RuleOff) throws {
        let result = try mainResult()
        let warnings = WarningEvaluator.evaluate(result, rules: off.rules, previous: off == .previous ? nil : previousCohort)
        #expect(warnings.map(line) == mainWarnings.map(\.line).filter { !off.removes($0) })
    }

    /// Rates exactly at their bounds raise nothing: C1's pass rate 0.5 against a minimum of 0.5,
    /// its excellence rate 0.5 against a maximum of 0.5, C2's excellence rate 0 against a
    /// minimum of 0.
    @Test func ratesAtTheirBoundsAreNoWarning() throws {
        var rules = mainRules
        rules.minimumPassRate = 0.5
        rules.maximumExcellenceRate = 0.5
        rules.minimumExcellenceRate = 0
        let warnings = WarningEvaluator.evaluate(try mainResult(), rules: rules, previous: nil)
        #expect(!warnings.contains { $0.rule == .passRate || $0.rule == .excellenceRate })
        // A pass mark of 1 leaves only s1 in C1 (rate 0.5), nobody in C2 (rate 0).
        rules.passMark = 1
        let strict = WarningEvaluator.evaluate(try mainResult(), rules: rules, previous: nil)
        #expect(strict.filter { $0.rule == .passRate }.map(\.targetID) == ["C2"])
    }

    /// A student exactly at the individual threshold is not below: with 0.5, s2's GR1 and GR3
    /// (both 0.5) do not count; s1's GR3 (0.25) does. With 2 requirements needed, nobody.
    @Test func studentsAtTheIndividualThreshold() throws {
        let result = try warningResult(
            [("s1", 100, [100, 25]), ("s2", 50, [75, 50])], thresholds: Thresholds(classLevel: 0.75, individual: 0.5))
        let warnings = WarningEvaluator.evaluate(result, rules: mainRules, previous: nil).filter { $0.level == .student }
        #expect(warnings.map(line) == ["student student-below watch student s1 - - GR3"])
        var rules = mainRules
        rules.studentRequirements = 2
        #expect(WarningEvaluator.evaluate(result, rules: rules, previous: nil).filter { $0.level == .student }.isEmpty)
    }

    /// A class value at the threshold in exact arithmetic but just below it in binary is at it:
    /// C1/CO1 (and 1.1, GR1) is the mean of 0.8, 0.6 and 0.7, 0.6999999999999998 against 0.7. It
    /// is near the threshold, not below it; so is course C1.
    @Test func aTrueTieIsAtTheThreshold() throws {
        let result = try warningResult(
            [("s1", 80, [100, 100]), ("s2", 60, [100, 100]), ("s3", 70, [100, 100])],
            thresholds: Thresholds(classLevel: 0.7, individual: 0.6))
        let value = try #require(result.courses[0].objectives[0].value)
        #expect(value < 0.7, "binary arithmetic leaves the true 0.7 below 0.7")
        let warnings = WarningEvaluator.evaluate(result, rules: mainRules, previous: nil)
        #expect(!warnings.contains { $0.rule == .belowThreshold }, "\(warnings.map(line))")
        let near = Set(warnings.filter { $0.rule == .nearThreshold }.map(\.targetID))
        #expect(near.isSuperset(of: ["C1/CO1", "1.1", "GR1", "C1"]), "\(near)")
    }

    /// Not-evaluable values raise no threshold or fall warning and are no class values: with
    /// C2's Q2 left out for everyone, C2/CO2, C2, 3.1, GR3 and PEO2 have no value, even against
    /// a previous cohort. (C2's marks still exist, from Q1: its rates are still checked.)
    @Test func notEvaluableValuesRaiseNothing() throws {
        let result = try warningResult(
            [("s1", 100, [100, 25]), ("s2", 50, [75, 50])], c2Included: [[1, 0], [1, 0]])
        let values = WarningEvaluator.classValues(of: result)
        let gone = [
            ValueKey(.courseObjective, "C2/CO2"), ValueKey(.course, "C2"), ValueKey(.indicator, "3.1"),
            ValueKey(.requirement, "GR3"), ValueKey(.programmeObjective, "PEO2"),
        ]
        for key in gone { #expect(values[key] == nil, "\(key.id)") }
        let previous = CohortValues(cohort: "2021", values: Dictionary(uniqueKeysWithValues: gone.map { ($0, 1.0) }))
        let warnings = WarningEvaluator.evaluate(result, rules: mainRules, previous: previous)
        let goneIDs = Set(gone.map(\.id))
        let thresholdRules: Set<EarlyWarning.Rule> = [.belowThreshold, .nearThreshold, .fall]
        #expect(
            !warnings.contains { goneIDs.contains($0.targetID) && thresholdRules.contains($0.rule) },
            "\(warnings.map(line))")
        #expect(warnings.contains { $0.targetID == "C2" && $0.rule == .excellenceRate })
    }

    /// Every evaluable class value, keyed by target and id; a cohort's values serve as the
    /// next cohort's previous values (nothing falls against itself).
    @Test func classValuesOfAResult() throws {
        let result = try mainResult()
        let values = WarningEvaluator.classValues(of: result)
        let expected: [ValueKey: Double] = [
            ValueKey(.programmeObjective, "PEO1"): 0.8125, ValueKey(.programmeObjective, "PEO2"): 0.375,
            ValueKey(.requirement, "GR1"): 0.75, ValueKey(.requirement, "GR2"): 0.875, ValueKey(.requirement, "GR3"): 0.375,
            ValueKey(.indicator, "1.1"): 0.75, ValueKey(.indicator, "2.1"): 0.875, ValueKey(.indicator, "3.1"): 0.375,
            ValueKey(.course, "C1"): 0.75, ValueKey(.course, "C2"): 0.375,
            ValueKey(.courseObjective, "C1/CO1"): 0.75, ValueKey(.courseObjective, "C2/CO1"): 0.875,
            ValueKey(.courseObjective, "C2/CO2"): 0.375,
        ]
        #expect(Set(values.keys) == Set(expected.keys))
        for (key, value) in expected { #expect(near(values[key], value), "\(key.target.rawValue) \(key.id)") }
        let again = WarningEvaluator.evaluate(
            result, rules: mainRules, previous: CohortValues(cohort: "2022", values: values))
        #expect(!again.contains { $0.rule == .fall })
    }

    /// The defaults are the documented ones (methods.md §10).
    @Test func defaults() {
        let rules = WarningRules()
        #expect(rules.belowThreshold)
        #expect(rules.nearMargin == 0.05)
        #expect(rules.fallLimit == 0.05)
        #expect(rules.passMark == 0.6)
        #expect(rules.excellentMark == 0.9)
        #expect(rules.minimumPassRate == 0.8)
        #expect(rules.maximumExcellenceRate == 0.4)
        #expect(rules.minimumExcellenceRate == nil)
        #expect(rules.studentRequirements == 1)
        #expect(rules.studentAlertRequirements == 3)
    }

    /// Bounds that are sums of decimals: a threshold of 0.65 with a margin of 0.05 puts the near
    /// bound at 0.7000000000000001, and 0.81 − 0.76 is 0.05000000000000004; a value at the
    /// decimal bound raises neither warning.
    @Test func decimalBoundsAreNotCrossedByBinaryNoise() throws {
        let rules = WarningRules(nearMargin: 0.05, fallLimit: 0.05, minimumPassRate: nil, maximumExcellenceRate: nil, studentRequirements: nil)
        // C1/CO1 = (70 + 70)/2/100 = 0.7 at threshold 0.65: not near.
        let result = try warningResult(
            [("s1", 70, [70, 70]), ("s2", 70, [70, 70])], thresholds: Thresholds(classLevel: 0.65, individual: 0.6))
        #expect(0.65 + 0.05 > 0.7, "the binary sum is above the decimal bound")
        let near = WarningEvaluator.evaluate(result, rules: rules, previous: nil)
        #expect(!near.contains { $0.rule == .nearThreshold }, "\(near.map(line))")
        // A previous 0.75 for every value of 0.7: a fall of exactly the limit.
        #expect(0.75 - 0.7 > 0.05, "the binary difference is above the decimal limit")
        let previous = CohortValues(
            cohort: "2021", values: WarningEvaluator.classValues(of: result).mapValues { $0 + 0.05 })
        let fall = WarningEvaluator.evaluate(result, rules: rules, previous: previous)
        #expect(!fall.contains { $0.rule == .fall }, "\(fall.map(line))")
        // A real fall just past the limit is still a warning.
        let further = CohortValues(cohort: "2021", values: WarningEvaluator.classValues(of: result).mapValues { $0 + 0.0501 })
        #expect(WarningEvaluator.evaluate(result, rules: rules, previous: further).contains { $0.rule == .fall })
    }
}

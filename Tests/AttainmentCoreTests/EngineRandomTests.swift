import AttainmentCore
import Testing

/// One choice of every method setting (docs/methods.md §2-5); the level weights and thresholds
/// come from the random programme.
struct MethodCombination: Sendable, CustomStringConvertible {
    var courseObjective: MethodSettings.CourseObjectiveMethod
    var courseIndicator: MethodSettings.Aggregate
    var indicator: MethodSettings.IndicatorMethod
    var requirement: MethodSettings.Aggregate
    var supportWeighting: MethodSettings.SupportWeighting
    var capAtOne: Bool

    /// All 3 · 2 · 2 · 2 · 2 · 2 = 96 combinations.
    static let all: [MethodCombination] = {
        var all: [MethodCombination] = []
        for courseObjective in markRatioMethods {
            for courseIndicator in MethodSettings.Aggregate.allCases {
                for indicator in MethodSettings.IndicatorMethod.allCases {
                    for requirement in MethodSettings.Aggregate.allCases {
                        for supportWeighting in MethodSettings.SupportWeighting.allCases {
                            for capAtOne in [true, false] {
                                all.append(MethodCombination(
                                    courseObjective: courseObjective, courseIndicator: courseIndicator,
                                    indicator: indicator, requirement: requirement,
                                    supportWeighting: supportWeighting, capAtOne: capAtOne))
                            }
                        }
                    }
                }
            }
        }
        return all
    }()

    var description: String {
        "\(courseObjective.rawValue)/\(courseIndicator.rawValue)/\(indicator.rawValue)/"
            + "\(requirement.rawValue)/\(supportWeighting.rawValue)/cap=\(capAtOne)"
    }

    func input(_ generated: RandomProgramme) -> ProgrammeInput {
        generated.input(
            courseObjective: courseObjective, courseIndicator: courseIndicator, indicator: indicator,
            requirement: requirement, supportWeighting: supportWeighting, capAtOne: capAtOne)
    }
}

/// Relative agreement to 1e-9 (with a floor for values near 0); nil only matches nil.
func agree(_ engine: Double?, _ naive: Double?) -> Bool {
    switch (engine, naive) {
    case (nil, nil): return true
    case (let a?, let b?):
        guard !a.isNaN, !b.isNaN else { return false }
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1e-3)
    default: return false
    }
}

/// Collects the differences between the engine and the reference for one input.
struct Discrepancies {
    var lines: [String] = []
    var context = ""

    mutating func check(_ ok: Bool, _ what: @autoclosure () -> String) {
        if !ok { lines.append("[\(context)] \(what())") }
    }

    mutating func value(_ engine: Double?, _ naive: Double?, _ what: @autoclosure () -> String) {
        check(agree(engine, naive), "\(what()): engine \(String(describing: engine)), naive \(String(describing: naive))")
    }

    /// A class value: the value, its verdict by methods.md §1 (met when the value is at most 1e-9
    /// below the threshold, so a value at the threshold is met whatever the order of its sums;
    /// skipped only for a value on that edge, 1e-9 below, where the order of summation would
    /// decide), and the counts (the count below the individual threshold may differ only by
    /// students on the same edge).
    mutating func classValue(
        _ engine: ClassValue, _ naive: NaiveClassValue, threshold: Double, _ what: @autoclosure () -> String
    ) {
        let name = what()
        value(engine.value, naive.value, "\(name) value")
        if let value = naive.value, !NaiveReference.onTheEdge(value, of: threshold) {
            check(
                engine.verdict == (NaiveReference.reaches(value, threshold) ? .met : .notMet),
                "\(name) verdict \(engine.verdict)")
        } else if naive.value == nil {
            check(engine.verdict == .notEvaluable, "\(name) verdict \(engine.verdict), expected not evaluable")
        }
        check(
            engine.studentsEvaluated == naive.studentsEvaluated,
            "\(name) studentsEvaluated engine \(engine.studentsEvaluated), naive \(naive.studentsEvaluated)")
        check(
            abs(engine.studentsBelowIndividual - naive.studentsBelowIndividual) <= naive.studentsNearIndividual,
            "\(name) studentsBelowIndividual engine \(engine.studentsBelowIndividual), naive \(naive.studentsBelowIndividual)")
    }
}

/// Compares a course's marks (methods.md §9), the count of students graded and the rates at
/// a few marks with the reference (a mark within 1e-9 below a bound reaches it); a rate is
/// skipped only when a mark lies on that edge, where the order of summation would decide.
func compareMarks(_ engine: CourseAttainment, _ reference: NaiveCourse, into found: inout Discrepancies) {
    let id = reference.courseID
    found.check(engine.marks.count == reference.marks.count, "\(id) marks count \(engine.marks.count)")
    guard engine.marks.count == reference.marks.count else { return }
    for (p, (mark, expected)) in zip(engine.marks, reference.marks).enumerated() {
        found.value(mark.isNaN ? nil : mark, expected, "\(id) mark of row \(p)")
    }
    let graded = reference.marks.compactMap { $0 }
    found.check(engine.studentsGraded == graded.count, "\(id) studentsGraded \(engine.studentsGraded), naive \(graded.count)")
    for bound in [0.0, 0.5, 0.6, 0.9, 1.0] where !graded.contains(where: { NaiveReference.onTheEdge($0, of: bound) }) {
        var reaching = 0
        for mark in graded where NaiveReference.reaches(mark, bound) { reaching += 1 }
        let expected: Double? = graded.isEmpty ? nil : Double(reaching) / Double(graded.count)
        found.value(engine.rate(atLeast: bound), expected, "\(id) rate at least \(bound)")
    }
}

/// Compares every level of the engine's result with the reference.
/// - Parameter validation: `input.programme.validate()`, passed in because it is the same for
///   many method combinations.
func compare(
    _ result: AttainmentResult, _ naive: NaiveAttainment, _ input: ProgrammeInput, validation: [Diagnostic],
    into found: inout Discrepancies
) {
    let programme = input.programme
    let thresholds = programme.thresholds

    // Course objectives, course values for indicators, items, per-student values.
    found.check(result.courses.count == programme.courses.count, "course count \(result.courses.count)")
    for (c, (engine, reference)) in zip(result.courses, naive.courses).enumerated() {
        let course = programme.courses[c]
        found.check(engine.courseID == course.id, "course id \(engine.courseID)")
        found.check(engine.objectives.count == course.objectives.count, "\(course.id) objective count")
        for (k, (objective, expected)) in zip(engine.objectives, reference.objectives).enumerated() {
            found.classValue(objective, expected, threshold: thresholds.classLevel, "\(course.id)/\(course.objectives[k].id)")
        }
        // The course value's treatment of a not-evaluable objective is checked in
        // WorkedExampleTests (courseValueWithNotEvaluableObjective); here all objectives count.
        if reference.objectives.allSatisfy({ $0.value != nil }) {
            found.value(engine.value, reference.value, "\(course.id) course value")
        }
        let supported = programme.courseSupport.filter { $0.from == course.id }.map(\.to)
        found.check(
            engine.indicatorValues.map(\.indicator) == supported,
            "\(course.id) indicatorValues order \(engine.indicatorValues.map(\.indicator)), support matrix \(supported)")
        for pair in engine.indicatorValues {
            found.value(pair.value, reference.indicatorValues[pair.indicator] ?? nil, "\(course.id)×\(pair.indicator) class value")
        }
        found.check(engine.items.count == course.items.count, "\(course.id) item count")
        for (j, item) in engine.items.enumerated() where j < course.items.count {
            found.check(item.itemID == course.items[j].id, "\(course.id) item id \(item.itemID)")
            found.value(item.average, reference.itemAverages[j], "\(course.id)/\(item.itemID) average")
            found.check(
                item.studentsCounted == reference.itemCounts[j],
                "\(course.id)/\(item.itemID) studentsCounted \(item.studentsCounted), naive \(reference.itemCounts[j])")
        }
        compareMarks(engine, reference, into: &found)
        let table = input.scores[c]
        found.check(engine.students.map(\.id) == table.students.map(\.id), "\(course.id) students")
        found.check(
            engine.perStudent.rows == table.students.count && engine.perStudent.columns == course.objectives.count,
            "\(course.id) perStudent shape \(engine.perStudent.rows)×\(engine.perStudent.columns)")
        guard engine.perStudent.rows == table.students.count, engine.perStudent.columns == course.objectives.count
        else { continue }
        for p in 0..<table.students.count {
            for k in course.objectives.indices {
                found.value(
                    engine.studentValue(student: p, objective: k), reference.perStudent[p][k],
                    "\(course.id)/\(course.objectives[k].id) student \(table.students[p].id)")
            }
        }
    }

    // The cohort.
    let cohort = result.students.students.map(\.id)
    found.check(cohort == naive.cohort, "cohort \(cohort) vs \(naive.cohort)")
    guard cohort == naive.cohort else { return }
    let indicators = programme.indicators

    // Indicators.
    found.check(result.indicators.map(\.indicatorID) == indicators.map(\.id), "indicator order")
    for (i, engine) in result.indicators.enumerated() where i < indicators.count {
        let id = indicators[i].id
        found.classValue(engine.value, naive.indicators[i], threshold: thresholds.classLevel, "indicator \(id)")
        let expectedSources = programme.courseSupport.filter { $0.to == id }.map(\.from)
        found.check(
            engine.contributions.map(\.sourceID) == expectedSources,
            "indicator \(id) contribution sources \(engine.contributions.map(\.sourceID)) vs \(expectedSources)")
        for contribution in engine.contributions {
            found.value(
                contribution.weight, naive.indicatorWeights[i][contribution.sourceID],
                "indicator \(id) weight of \(contribution.sourceID)")
            let c = programme.courses.firstIndex { $0.id == contribution.sourceID }
            let courseValue = c.flatMap { naive.courses[$0].indicatorValues[id] ?? nil }
            found.value(contribution.value, courseValue, "indicator \(id) contribution value of \(contribution.sourceID)")
        }
    }

    // Requirements.
    found.check(result.requirements.map(\.requirementID) == programme.requirements.map(\.id), "requirement order")
    for (g, (engine, requirement)) in zip(result.requirements, programme.requirements).enumerated() {
        found.classValue(engine.value, naive.requirements[g], threshold: thresholds.classLevel, "requirement \(requirement.id)")
    }

    // Programme objectives.
    found.check(result.objectives.map(\.objectiveID) == programme.objectives.map(\.id), "objective order")
    for (o, (engine, objective)) in zip(result.objectives, programme.objectives).enumerated() {
        found.classValue(engine.value, naive.objectives[o], threshold: thresholds.classLevel, "objective \(objective.id)")
        let expected = naive.objectiveWeights[o]
        found.check(
            Set(engine.contributions.map(\.sourceID)) == Set(expected.keys),
            "objective \(objective.id) sources \(engine.contributions.map(\.sourceID)) vs \(expected.keys.sorted())")
        for contribution in engine.contributions {
            found.value(contribution.weight, expected[contribution.sourceID], "objective \(objective.id) weight of \(contribution.sourceID)")
            let g = programme.requirements.firstIndex { $0.id == contribution.sourceID }
            found.value(
                contribution.value, g.flatMap { naive.requirements[$0].value },
                "objective \(objective.id) contribution value of \(contribution.sourceID)")
        }
    }

    // Per student, for the whole cohort.
    let students = result.students
    let shapesOK = students.indicators.rows == cohort.count && students.indicators.columns == indicators.count
        && students.requirements.rows == cohort.count && students.requirements.columns == programme.requirements.count
        && students.objectives.rows == cohort.count && students.objectives.columns == programme.objectives.count
        && students.missingCourses.count == cohort.count
    found.check(shapesOK, "per-student shapes")
    guard shapesOK else { return }
    for q in 0..<cohort.count {
        for i in 0..<indicators.count {
            found.value(
                CohortAttainment.value(students.indicators, q, i), naive.studentIndicators[q][i],
                "student \(cohort[q]) indicator \(indicators[i].id)")
        }
        for g in 0..<programme.requirements.count {
            found.value(
                CohortAttainment.value(students.requirements, q, g), naive.studentRequirements[q][g],
                "student \(cohort[q]) requirement \(programme.requirements[g].id)")
        }
        for o in 0..<programme.objectives.count {
            found.value(
                CohortAttainment.value(students.objectives, q, o), naive.studentObjectives[q][o],
                "student \(cohort[q]) objective \(programme.objectives[o].id)")
        }
        found.check(
            students.missingCourses[q] == naive.missingCourses[q],
            "student \(cohort[q]) missing courses \(students.missingCourses[q]) vs \(naive.missingCourses[q])")
    }
    let naiveWithMissing = naive.missingCourses.count { !$0.isEmpty }
    found.check(
        students.studentsWithMissingCourses == naiveWithMissing,
        "studentsWithMissingCourses \(students.studentsWithMissingCourses) vs \(naiveWithMissing)")

    // Diagnostics: validation's, then a not-evaluable warning per objective nobody counts for.
    var expectedDiagnostics = validation
    for (c, course) in programme.courses.enumerated() {
        for objective in naive.notEvaluable[c] {
            expectedDiagnostics.append(Diagnostic(
                .warning, .notEvaluable, "", subject: .courseObjective(course: course.id, objective: objective)))
        }
    }
    let same = result.diagnostics.count == expectedDiagnostics.count
        && zip(result.diagnostics, expectedDiagnostics).allSatisfy { engine, expected in
            engine.severity == expected.severity && engine.code == expected.code && engine.subject == expected.subject
        }
    let summary: (Diagnostic) -> String = { "\($0.severity) \($0.code.rawValue) \(String(describing: $0.subject))" }
    found.check(same, "diagnostics \(result.diagnostics.map(summary)) vs \(expectedDiagnostics.map(summary))")
}

@Suite("Engine against the naive reference on random programmes")
struct EngineRandomTests {
    /// 128 random programmes × 96 method combinations, every level compared. (About 12 000
    /// engine runs: some 10 s of a debug build on two cores; more seeds cost time, not coverage
    /// of the settings.)
    @Test(arguments: 0..<128)
    func engineAgreesWithNaiveReference(seed: Int) throws {
        let generated = RandomProgramme(seed: UInt64(seed))
        let errors = generated.programme.validate().filter { $0.severity == .error }
        try #require(errors.isEmpty, "the generator made an invalid programme: \(errors)")
        var found = Discrepancies()
        var validation: [MethodSettings.SupportWeighting: [Diagnostic]] = [:]
        for combination in MethodCombination.all {
            let input = combination.input(generated)
            found.context = "seed \(seed) \(combination)"
            let result = try input.computeAttainment()
            if validation[combination.supportWeighting] == nil {
                validation[combination.supportWeighting] = input.programme.validate()
            }
            compare(
                result, NaiveReference.compute(input), input, validation: validation[combination.supportWeighting] ?? [],
                into: &found)
        }
        let discrepancies = found.lines.count
        #expect(discrepancies == 0, "the first:\n\(found.lines.prefix(12).joined(separator: "\n"))")
    }

    /// The generator covers what it promises: exclusions, rosters, split items, missing courses.
    @Test func generatorCoversTheCases() throws {
        var masks = 0, wholeRowsOut = 0, rosters = 0, rosterWithoutScores = 0, splitItems = 0
        var missing = 0, notEvaluable = 0, unsupportedObjectives = 0
        for seed in 0..<200 {
            let generated = RandomProgramme(seed: UInt64(seed))
            for table in generated.scores {
                guard let included = table.included else { continue }
                masks += 1
                for p in 0..<included.rows where included.row(p).allSatisfy({ $0 == 0 }) { wholeRowsOut += 1 }
            }
            if let roster = generated.roster {
                rosters += 1
                let scored = Set(generated.scores.flatMap { $0.students.map(\.id) })
                if roster.contains(where: { !scored.contains($0.id) }) { rosterWithoutScores += 1 }
            }
            splitItems += generated.programme.courses.flatMap(\.items).count { $0.marks.count == 2 }
            unsupportedObjectives += generated.programme.objectives.count { objective in
                !generated.programme.requirementSupport.contains { $0.to == objective.id }
            }
            let result = try ProgrammeInput(
                programme: generated.programme, scores: generated.scores, roster: generated.roster
            ).computeAttainment()
            missing += result.students.studentsWithMissingCourses
            notEvaluable += result.diagnostics.count { $0.code == .notEvaluable }
        }
        #expect(masks > 100)
        #expect(wholeRowsOut > 20)
        #expect(rosters > 40)
        #expect(rosterWithoutScores > 20)
        #expect(splitItems > 100)
        #expect(missing > 500)
        #expect(notEvaluable > 0)
        #expect(unsupportedObjectives > 5)
    }
}

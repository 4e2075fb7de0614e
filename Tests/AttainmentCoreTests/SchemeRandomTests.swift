import AttainmentCore
import Testing
import TestSupport

/// The random programmes of `RandomProgramme` made fit for NBA (methods.md §11) and ABET (§12),
/// with the scheme's settings drawn at random.
extension RandomProgramme {
    /// Every component gets a random kind, so that objectives are assessed internally only,
    /// at the end of the semester only, or both; the NBA settings and thresholds are drawn.
    func nbaInput(_ random: inout SplitMix64) -> ProgrammeInput {
        var programme = programme
        for c in programme.courses.indices {
            for m in programme.courses[c].components.indices {
                programme.courses[c].components[m].kind = random.pick(AssessmentComponent.Kind.allCases)
            }
        }
        programme.methods.courseObjective = .attainmentLevels
        programme.methods.nba = MethodSettings.NBASettings(
            target: random.pick([0.4, 0.5, 0.6, 0.7]),
            bands: random.pick([[0.5, 0.6, 0.7], [0.4, 0.6, 0.8], [0.5], [0.3, 0.5, 0.6, 0.9]]),
            internalWeight: random.pick([0.4, 0.5, 0.3, 0, 1]),
            endSemesterWeight: random.pick([0.6, 0.5, 0.7, 1]))
        let top = Double(programme.methods.nba.bands.count)
        programme.thresholds = Thresholds(
            classLevel: min(random.pick([1, 2, 2.5, 0.5]), top), individual: random.pick([0.5, 0.6, 0.65]))
        return ProgrammeInput(programme: programme, scores: scores, roster: roster)
    }

    /// Every item becomes a rubric row of its first objective with a top level of 4 or 5, and
    /// every score a whole level (0 where left out); the target level is drawn.
    func abetInput(_ random: inout SplitMix64) -> ProgrammeInput {
        var programme = programme
        var tables = scores
        for c in programme.courses.indices {
            let original = programme.courses[c].items
            for j in original.indices {
                let top = Double(random.int(4...5))
                let objective = original[j].marks[0].objective
                programme.courses[c].items[j].marks = [ObjectiveMarks(objective: objective, marks: top)]
                programme.courses[c].items[j].fullMarks = top
                for p in 0..<tables[c].scores.rows {
                    tables[c].scores[p, j] = (tables[c].scores[p, j] / original[j].fullMarks * top).rounded()
                }
            }
        }
        programme.methods.courseObjective = .rubricLevels
        programme.methods.abet.targetLevel = random.pick([2, 3, 3.5, 4])
        programme.thresholds = Thresholds(
            classLevel: random.pick([0.5, 0.7, 0.8]), individual: random.pick([2, 2.5, 3]))
        return ProgrammeInput(programme: programme, scores: tables, roster: roster)
    }
}

@Suite("NBA and ABET against the naive reference on random programmes")
struct SchemeRandomTests {
    /// 64 random programmes × 2 schemes × 48 combinations of the other settings: course
    /// objectives, per-student values, indicators, requirements, objectives, all compared.
    @Test(arguments: 0..<64)
    func schemesAgreeWithNaiveReference(seed: Int) throws {
        let generated = RandomProgramme(seed: UInt64(seed))
        var random = SplitMix64(seed: UInt64(seed) &* 0x9E37_79B9 &+ 5)
        var found = Discrepancies()
        var evaluated = 0
        for scheme in [Scheme.nba, .abet] {
            let base = scheme == .nba ? generated.nbaInput(&random) : generated.abetInput(&random)
            let validation = base.programme.validate()
            let errors = validation.filter { $0.severity == .error }
            try #require(errors.isEmpty, "seed \(seed) \(scheme): \(errors)")
            for courseIndicator in MethodSettings.Aggregate.allCases {
                for indicator in MethodSettings.IndicatorMethod.allCases {
                    for requirement in MethodSettings.Aggregate.allCases {
                        for supportCount in MethodSettings.SupportCount.allCases {
                            for (supportWeighting, capAtOne) in [(MethodSettings.SupportWeighting.levels, true), (.levels, false), (.credits, true)] {
                                var input = base
                                input.programme.methods.supportWeighting = supportWeighting
                                input.programme.methods.courseIndicator = courseIndicator
                                input.programme.methods.indicator = indicator
                                input.programme.methods.requirement = requirement
                                input.programme.methods.supportCount = supportCount
                                input.programme.methods.capAtOne = capAtOne
                                found.context = "seed \(seed) \(scheme) \(courseIndicator)/\(indicator)/\(requirement)/"
                                    + "\(supportCount)/\(supportWeighting)/cap=\(capAtOne)"
                                let result = try input.computeAttainment()
                                compare(
                                    result, NaiveReference.compute(input), input,
                                    validation: supportWeighting == .levels ? validation : input.programme.validate(), into: &found)
                                checkEvidence(result, scheme: scheme, into: &found)
                                evaluated += result.courses.flatMap(\.objectives).count { $0.value != nil }
                            }
                        }
                    }
                }
            }
        }
        #expect(evaluated > 0)
        let discrepancies = found.lines.count
        #expect(discrepancies == 0, "the first:\n\(found.lines.prefix(12).joined(separator: "\n"))")
    }

    /// The evidence agrees with the class value it explains: NBA's parts give the level by the
    /// bands and weights, ABET's one part the share, and the students assessed are those with
    /// a value (ABET) or at most those (NBA: per part that counts).
    func checkEvidence(_ result: AttainmentResult, scheme: Scheme, into found: inout Discrepancies) {
        let methods = result.programme.methods
        for course in result.courses {
            guard let evidence = course.evidence else {
                found.check(false, "\(course.courseID) has no evidence")
                continue
            }
            found.check(evidence.count == course.objectives.count, "\(course.courseID) evidence count")
            for (k, (value, found_)) in zip(course.objectives, evidence).enumerated() {
                let what = "\(course.courseID) objective \(k) evidence"
                found.value(found_.value, value.value, "\(what) value")
                switch scheme {
                case .abet:
                    let part = found_.parts.first
                    found.check(found_.parts.count == 1 && part?.studentsAssessed == value.studentsEvaluated, "\(what) assessed")
                    found.value(part?.share, value.value, "\(what) share")
                default:
                    var levelSum = 0.0
                    var weightSum = 0.0
                    for part in found_.parts {
                        // A part of weight 0 counts nobody's value.
                        found.check(part.weight == 0 || part.studentsAssessed <= value.studentsEvaluated, "\(what) attempted")
                        guard let level = part.level, let share = part.share else { continue }
                        let bands = methods.nba.bands.count { share >= $0 - 1e-9 }
                        found.check(level == bands, "\(what) level \(level) for share \(share)")
                        levelSum += part.weight * Double(level)
                        weightSum += part.weight
                    }
                    found.value(weightSum > 0 ? levelSum / weightSum : nil, value.value, "\(what) weighted levels")
                }
            }
        }
    }

    /// The random NBA programmes reach every level and leave some objectives not evaluable
    /// (a part with weight 0), so the comparison above covers them.
    @Test func nbaGeneratorCoversTheLevels() throws {
        var levels = Set<Double>()
        var notEvaluable = 0
        for seed in 0..<64 {
            var random = SplitMix64(seed: UInt64(seed) &* 0x9E37_79B9 &+ 5)
            let result = try RandomProgramme(seed: UInt64(seed)).nbaInput(&random).computeAttainment()
            for objective in result.courses.flatMap(\.objectives) {
                if let value = objective.value { levels.insert(value) } else { notEvaluable += 1 }
            }
        }
        #expect(levels.isSuperset(of: [0, 1, 2, 3]), "\(levels.sorted())")
        #expect(levels.contains { $0 != $0.rounded() }, "some objectives combine two different levels")
        #expect(notEvaluable > 0)
    }
}

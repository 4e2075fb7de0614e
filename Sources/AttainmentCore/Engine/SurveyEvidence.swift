/// The level of the chain a survey question addresses.
public enum SurveyLevel: String, Sendable, CaseIterable {
    case courseObjective = "course-objective"
    case indicator
    case requirement
    case programmeObjective = "programme-objective"
}

extension SurveyTarget {
    /// The level the target lies at.
    public var level: SurveyLevel {
        switch self {
        case .courseObjective: .courseObjective
        case .indicator: .indicator
        case .requirement: .requirement
        case .programmeObjective: .programmeObjective
        }
    }
}

/// One survey's answers to the question about one target (docs/methods.md §13.1).
public struct SurveyValue: Sendable, Equatable {
    /// The survey's id.
    public let surveyID: String
    public let kind: SurveyKind
    /// Everyone who answered this question: N = Σ_l n_l.
    public let respondents: Int
    /// The survey's population, when declared.
    public let population: Int?
    /// The survey's coverage (its respondents over its population, §13.3), when it has a population.
    public let coverage: Double?
    /// The answers on 0-1 (§13.1); nil when nobody answered.
    public let value: Double?
}

/// A survey's coverage: how many of the people asked answered (docs/methods.md §13.3).
public struct SurveyCoverage: Sendable, Equatable {
    public let surveyID: String
    public let kind: SurveyKind
    /// The most answers to any one question of the survey.
    public let respondents: Int
    /// How many were asked, when declared.
    public let population: Int?
    /// respondents / population, when there is a population.
    public let coverage: Double?
}

/// A target's direct and indirect values side by side, and the value the engine used
/// (docs/methods.md §13.2).
public struct SurveyEvidence: Sendable {
    public let target: SurveyTarget
    /// The direct (score-based) class value, before any blend; nil when not evaluable.
    public let direct: Double?
    /// Each survey that asked about the target, in the order the surveys were given.
    public let surveys: [SurveyValue]
    /// The surveys' values combined, weighted by respondents, on the scale of class values
    /// (× `MethodSettings.classValueMaximum`); nil when nobody answered.
    public let indirect: Double?
    /// `surveys.weight`: the weight of the indirect value in the blend.
    public let weight: Double
    /// The value used from here on up the chain: the blend, or the value there is.
    public let value: Double?
    /// The verdict on `value` against the class threshold.
    public let verdict: Verdict

    /// The level of the target.
    public var level: SurveyLevel { target.level }
}

extension Survey {
    /// The survey's respondents: the most answers to any one of its questions (a respondent
    /// who skipped some questions still counts once; methods.md §13.3).
    public var respondents: Int { responses.map(\.respondents).max() ?? 0 }

    /// Respondents over population, nil without a population (or with a population of 0).
    public var coverage: Double? {
        guard let population, population > 0 else { return nil }
        return Double(respondents) / Double(population)
    }

    /// Answers on 0-1 (methods.md §13.1): the mean level over the scale's top level,
    /// Σ_l n_l·l / (N·scale), or the share at or above the agree level, Σ_{l≥a} n_l / N.
    ///
    /// - Returns: nil when nobody answered (N = 0).
    /// - Complexity: O(scale).
    public static func value(
        counts: [Int], scale: Int, conversion: MethodSettings.SurveyConversion, agreeLevel: Int
    ) -> Double? {
        let total = counts.reduce(0, +)
        guard total > 0, scale > 0 else { return nil }
        switch conversion {
        case .mean:
            let levels = counts.enumerated().reduce(0) { $0 + $1.element * ($1.offset + 1) }
            return Double(levels) / (Double(total) * Double(scale))
        case .share:
            let agreeing = counts.enumerated().reduce(0) { $0 + ($1.offset + 1 >= agreeLevel ? $1.element : 0) }
            return Double(agreeing) / Double(total)
        }
    }

    /// A warning `low-survey-coverage` for each survey whose coverage is below
    /// `surveys.min_coverage` (methods.md §13.3), with subject `.survey(id)`.
    public static func coverageWarnings(_ surveys: [Survey], settings: MethodSettings.SurveySettings) -> [Diagnostic] {
        surveys.compactMap { survey in
            guard let coverage = survey.coverage else { return nil }
            if coverage > 1 {
                // More answers than people asked: a population or a file that is off.
                return Diagnostic(
                    .warning, .surveyAbovePopulation,
                    "survey \(survey.id) (\(survey.kind.rawValue)) has \(survey.respondents) respondents but a population of \(survey.population ?? 0); check its population or its answers",
                    subject: .survey(survey.id))
            }
            guard coverage < settings.minimumCoverage else { return nil }
            return Diagnostic(
                .warning, .lowSurveyCoverage,
                "survey \(survey.id) (\(survey.kind.rawValue)) reached \(survey.respondents) of \(survey.population ?? 0): "
                    + "coverage \(percent(coverage)) is below surveys.min_coverage \(percent(settings.minimumCoverage))",
                subject: .survey(survey.id))
        }
    }

    /// Checks surveys against a programme: targets that exist, one count per level, no negative
    /// count, one row per target, a scale of at least 2, an agree level within the scale under
    /// `conversion: share`, ids given once. The readers report the same with file, row and
    /// column; this is for callers that build surveys in code.
    /// - Returns: errors, with subject `.survey(id)`.
    public static func validate(_ surveys: [Survey], programme: Programme) -> [Diagnostic] {
        // Every check is about a survey: without any, no sets of the programme's ids.
        guard !surveys.isEmpty else { return [] }
        var found: [Diagnostic] = []
        func error(_ code: DiagnosticCode, _ message: String, _ survey: Survey) {
            found.append(Diagnostic(.error, code, message, subject: .survey(survey.id)))
        }
        let objectives = Set(programme.objectives.map(\.id))
        let requirements = Set(programme.requirements.map(\.id))
        let indicators = Set(programme.indicators.map(\.id))
        let settings = programme.methods.surveys
        var ids = Set<String>()
        for survey in surveys {
            if !ids.insert(survey.id).inserted {
                error(.duplicateID, "survey \(survey.id) is given more than once", survey)
            }
            if survey.scale < 2 {
                error(.invalidValue, "survey \(survey.id) has a scale of \(survey.scale); a Likert scale has at least 2 levels", survey)
            }
            if settings.conversion == .share, settings.agreeLevel > survey.scale {
                error(
                    .invalidValue,
                    "surveys.agree_level \(settings.agreeLevel) lies above the scale (1-\(survey.scale)) of survey \(survey.id)",
                    survey)
            }
            if let population = survey.population, population < 1 {
                error(.invalidValue, "survey \(survey.id) has a population below 1", survey)
            }
            var targets = Set<SurveyTarget>()
            for response in survey.responses {
                if !targets.insert(response.target).inserted {
                    error(.duplicateID, "survey \(survey.id) answers \(response.target) twice", survey)
                }
                if response.counts.count != survey.scale {
                    error(.invalidValue, "survey \(survey.id) gives \(response.counts.count) counts for \(response.target), not one per level 1-\(survey.scale)", survey)
                }
                if response.counts.contains(where: { $0 < 0 }) {
                    error(.invalidValue, "survey \(survey.id) has a negative count for \(response.target)", survey)
                }
                let known: Bool
                switch response.target {
                case .courseObjective(let course, let objective):
                    known = programme.courses.contains { $0.id == course && $0.objectives.contains { $0.id == objective } }
                case .indicator(let id): known = indicators.contains(id)
                case .requirement(let id): known = requirements.contains(id)
                case .programmeObjective(let id): known = objectives.contains(id)
                }
                if !known {
                    error(.unknownID, "survey \(survey.id) asks about \(response.target), which the programme does not define", survey)
                }
            }
        }
        return found
    }
}

/// Survey evidence as the engine applies it, layer by layer from the bottom (docs/methods.md
/// §13.2): each `blending…` call replaces the class values of the targets at one level by
/// their blend with the indirect value and records the evidence; the next layer is computed
/// from the blended values.
struct SurveyBlend {
    /// The combined indirect value of each target, on the class-value scale, with each survey's part.
    private var indirect: [SurveyTarget: (value: Double?, surveys: [SurveyValue])] = [:]
    /// Targets in the order of the programme (levels from the bottom), then first appearance.
    private var order: [SurveyTarget] = []
    private let weight: Double
    private let threshold: Double
    /// The evidence recorded so far.
    private(set) var evidence: [SurveyEvidence] = []
    /// Coverage of every survey, in the order given.
    let coverage: [SurveyCoverage]
    /// Errors from `Survey.validate` and coverage warnings.
    let diagnostics: [Diagnostic]

    init(_ input: ProgrammeInput) {
        let programme = input.programme
        let settings = programme.methods.surveys
        weight = settings.weight
        threshold = programme.thresholds.classLevel
        var diagnostics = Survey.validate(input.surveys, programme: programme)
        coverage = input.surveys.map {
            SurveyCoverage(surveyID: $0.id, kind: $0.kind, respondents: $0.respondents, population: $0.population, coverage: $0.coverage)
        }
        diagnostics += Survey.coverageWarnings(input.surveys, settings: settings)
        diagnostics += Survey.groupMemberWarnings(input.surveys, programme: programme)
        self.diagnostics = diagnostics
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return }

        var parts: [SurveyTarget: [SurveyValue]] = [:]
        var appearance: [SurveyTarget] = []
        for survey in input.surveys {
            for response in survey.responses {
                let value = Survey.value(
                    counts: response.counts, scale: survey.scale, conversion: settings.conversion,
                    agreeLevel: settings.agreeLevel)
                if parts[response.target] == nil { appearance.append(response.target) }
                parts[response.target, default: []].append(SurveyValue(
                    surveyID: survey.id, kind: survey.kind, respondents: response.respondents,
                    population: survey.population, coverage: survey.coverage, value: value))
            }
        }
        for (target, values) in parts {
            // Several surveys on one target: their values weighted by respondents.
            let answered = values.filter { $0.value != nil }
            let total = answered.reduce(0) { $0 + $1.respondents }
            let combined = total > 0
                ? programme.methods.onClassScale(
                    answered.reduce(0.0) { $0 + Double($1.respondents) * ($1.value ?? 0) } / Double(total))
                : nil
            indirect[target] = (combined, values)
        }
        guard !appearance.isEmpty else { return }
        let rank = Self.programmeOrder(programme)
        order = appearance.enumerated().sorted { a, b in
            let (ra, rb) = (rank[a.element] ?? Int.max, rank[b.element] ?? Int.max)
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
    }

    /// Each target's place in the programme: course objectives, indicators, requirements, then
    /// programme objectives, each in the programme's order.
    private static func programmeOrder(_ programme: Programme) -> [SurveyTarget: Int] {
        var targets: [SurveyTarget] = []
        for course in programme.courses {
            targets += course.objectives.map { .courseObjective(course: course.id, objective: $0.id) }
        }
        targets += programme.indicators.map { .indicator($0.id) }
        targets += programme.requirements.map { .requirement($0.id) }
        targets += programme.objectives.map { .programmeObjective($0.id) }
        var rank: [SurveyTarget: Int] = [:]
        for (position, target) in targets.enumerated() where rank[target] == nil { rank[target] = position }
        return rank
    }

    /// Whether there is any survey on a target at this level.
    private func hasTargets(at level: SurveyLevel) -> Bool {
        indirect.keys.contains { $0.level == level }
    }

    /// The value used for a target: (1 − w)·direct + w·indirect when both exist and w > 0;
    /// the indirect value alone when w > 0 and there is no direct value; else the direct
    /// value. Records the evidence when the target has a survey.
    private mutating func blend(_ target: SurveyTarget, direct: Double?) -> Double? {
        guard let entry = indirect[target] else { return direct }
        let blended = Self.blend(direct: direct, indirect: entry.value, weight: weight)
        evidence.append(SurveyEvidence(
            target: target, direct: direct, surveys: entry.surveys, indirect: entry.value, weight: weight, value: blended,
            verdict: Verdict(blended, threshold: threshold)))
        return blended
    }

    /// The blend of methods.md §13.2.
    static func blend(direct: Double?, indirect: Double?, weight: Double) -> Double? {
        guard weight > 0, let indirect else { return direct }
        guard let direct else { return indirect }
        return (1 - weight) * direct + weight * indirect
    }

    /// One class value blended with its target's surveys, its verdict against the class
    /// threshold; the value itself when no survey asked about the target.
    mutating func blended(_ target: SurveyTarget, _ value: ClassValue) -> ClassValue {
        guard indirect[target] != nil else { return value }
        let used = blend(target, direct: value.value)
        return used == value.value ? value : value.with(value: used, threshold: threshold)
    }

    /// A course's objectives blended, before the course's values for its indicators and its own
    /// value are formed from them (methods.md §3), so both follow the blend.
    mutating func blendObjectives(of course: Course, _ objectives: inout [ClassValue]) {
        guard hasTargets(at: .courseObjective) else { return }
        for (k, objective) in course.objectives.enumerated() {
            objectives[k] = blended(.courseObjective(course: course.id, objective: objective.id), objectives[k])
        }
    }

    /// Indicator values blended.
    mutating func blendingIndicators(_ indicators: [IndicatorAttainment]) -> [IndicatorAttainment] {
        guard hasTargets(at: .indicator) else { return indicators }
        return indicators.map { result in
            IndicatorAttainment(
                indicatorID: result.indicatorID, requirementID: result.requirementID,
                value: blended(.indicator(result.indicatorID), result.value), contributions: result.contributions)
        }
    }

    /// Requirement values blended.
    mutating func blendingRequirements(_ requirements: [RequirementAttainment]) -> [RequirementAttainment] {
        guard hasTargets(at: .requirement) else { return requirements }
        return requirements.map { result in
            RequirementAttainment(requirementID: result.requirementID, value: blended(.requirement(result.requirementID), result.value))
        }
    }

    /// Programme-objective values blended.
    mutating func blendingObjectives(_ objectives: [ProgrammeObjectiveAttainment]) -> [ProgrammeObjectiveAttainment] {
        guard hasTargets(at: .programmeObjective) else { return objectives }
        return objectives.map { result in
            ProgrammeObjectiveAttainment(
                objectiveID: result.objectiveID, value: blended(.programmeObjective(result.objectiveID), result.value),
                contributions: result.contributions)
        }
    }

    /// The evidence of every target with a survey, in the programme's order.
    var orderedEvidence: [SurveyEvidence] {
        let byTarget = Dictionary(evidence.map { ($0.target, $0) }, uniquingKeysWith: { first, _ in first })
        return order.compactMap { byTarget[$0] }
    }
}

/// A share as a percentage for messages: `42%`, `42.5%`.
private func percent(_ share: Double) -> String {
    let tenths = (share * 1000).rounded() / 10
    return shortDecimal(tenths) + "%"
}

extension Survey {
    /// A warning for each blended survey on an objective of an elective group's course under
    /// the mark-ratio methods: the group's value pools its students' own (direct) values, so
    /// the blend reaches the course's values but not the group's (methods.md §13.2, §14.2).
    static func groupMemberWarnings(_ surveys: [Survey], programme: Programme) -> [Diagnostic] {
        guard programme.methods.surveys.weight > 0 else { return [] }
        switch programme.methods.courseObjective {
        case .attainmentLevels, .rubricLevels: return []
        case .weightedRatios, .weightedSums, .pooledMarks: break
        }
        var found: [Diagnostic] = []
        for survey in surveys {
            for response in survey.responses {
                guard case .courseObjective(let course, let objective) = response.target,
                    let group = programme.electiveGroup(containing: course)
                else { continue }
                found.append(Diagnostic(
                    .warning, .surveyOutsideGroupValue,
                    "survey \(survey.id) on \(course)/\(objective) is blended into \(course)'s values but not into elective group \(group.id)'s, which pools its students' own values",
                    subject: .survey(survey.id)))
            }
        }
        return found
    }
}

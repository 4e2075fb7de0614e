/// Who answered a survey (indirect evidence, docs/methods.md §13).
public enum SurveyKind: String, Sendable, CaseIterable {
    /// Students at the end of a course, about its objectives.
    case courseExit = "course-exit"
    /// Students about to graduate, about the requirements.
    case graduating
    /// Graduates some years on, about the programme objectives.
    case alumni
    /// Employers of graduates.
    case employer
}

/// What a survey question is about: one value of the programme.
public enum SurveyTarget: Sendable, Hashable, CustomStringConvertible {
    case courseObjective(course: String, objective: String)
    case indicator(String)
    case requirement(String)
    case programmeObjective(String)

    /// As written in survey files: `CS101/CO1`, the indicator, requirement or objective id.
    public var description: String {
        switch self {
        case .courseObjective(let course, let objective): "\(course)/\(objective)"
        case .indicator(let id), .requirement(let id), .programmeObjective(let id): id
        }
    }
}

/// The answers to one question: how many respondents chose each level of the scale.
public struct SurveyResponses: Sendable, Equatable {
    public var target: SurveyTarget
    /// `counts[l - 1]` respondents chose level l, for l = 1 … the survey's scale.
    public var counts: [Int]

    /// Creates the answers to a question.
    public init(target: SurveyTarget, counts: [Int]) {
        self.target = target
        self.counts = counts
    }

    /// Everyone who answered the question.
    public var respondents: Int { counts.reduce(0, +) }
}

/// One survey: its kind, its Likert scale, the population asked and the answers per target.
public struct Survey: Sendable, Equatable {
    /// A name for reports, e.g. the file's stem: `alumni-2027`.
    public var id: String
    public var kind: SurveyKind
    /// The top level of the Likert scale (levels 1 … scale), e.g. 5.
    public var scale: Int
    /// How many people were asked (graduates of the cohort, employers contacted), when known:
    /// coverage is respondents over population.
    public var population: Int?
    public var responses: [SurveyResponses]

    /// Creates a survey.
    public init(id: String, kind: SurveyKind, scale: Int, population: Int? = nil, responses: [SurveyResponses]) {
        self.id = id
        self.kind = kind
        self.scale = scale
        self.population = population
        self.responses = responses
    }
}

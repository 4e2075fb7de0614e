/// The version of attain, written into every run record.
public let attainVersion = "0.2.0"

/// A programme for one cohort: its objectives, graduation requirements, courses and the
/// support between them. Everything is kept in the order it was defined, so that outputs are
/// reproducible.
public struct Programme: Sendable, Equatable {
    /// A short identifier, e.g. `CS-2022`.
    public var id: String
    /// The programme's name, e.g. `计算机科学与技术`.
    public var name: String
    /// The cohort, usually the entry year, kept as text.
    public var cohort: String
    /// The accreditation scheme.
    public var scheme: Scheme
    public var thresholds: Thresholds
    public var methods: MethodSettings
    /// Programme objectives (培养目标), in definition order.
    public var objectives: [ProgrammeObjective]
    /// Graduation requirements (毕业要求) with their indicators, in definition order.
    public var requirements: [Requirement]
    /// Support of programme objectives by requirements: `from` a requirement id, `to` an objective id.
    public var requirementSupport: [SupportEntry]
    /// Courses, in definition order.
    public var courses: [Course]
    /// Support of indicators by courses: `from` a course id (or an elective group's id), `to`
    /// an indicator id.
    public var courseSupport: [SupportEntry]
    /// Groups of courses of which a student takes one (选修课组), in definition order.
    public var electiveGroups: [ElectiveGroup]

    /// Creates a programme.
    public init(
        id: String, name: String, cohort: String, scheme: Scheme = .engineering,
        thresholds: Thresholds = Thresholds(), methods: MethodSettings = MethodSettings(),
        objectives: [ProgrammeObjective], requirements: [Requirement],
        requirementSupport: [SupportEntry], courses: [Course], courseSupport: [SupportEntry],
        electiveGroups: [ElectiveGroup] = []
    ) {
        self.id = id
        self.name = name
        self.cohort = cohort
        self.scheme = scheme
        self.thresholds = thresholds
        self.methods = methods
        self.objectives = objectives
        self.requirements = requirements
        self.requirementSupport = requirementSupport
        self.courses = courses
        self.courseSupport = courseSupport
        self.electiveGroups = electiveGroups
    }

    /// Every indicator of every requirement, in definition order.
    public var indicators: [Indicator] { requirements.flatMap(\.indicators) }

    /// The elective group a course belongs to, nil for a course outside every group.
    public func electiveGroup(containing courseID: String) -> ElectiveGroup? {
        electiveGroups.first { $0.courses.contains(courseID) }
    }

    /// The id under which a course's support is given: its elective group's id for a member
    /// of a group, else its own (methods.md §14).
    public func supportID(ofCourse courseID: String) -> String {
        electiveGroup(containing: courseID)?.id ?? courseID
    }
}

/// The accreditation scheme a programme is evaluated under. A scheme sets the defaults of the
/// method settings and thresholds (`MethodSettings(for:)`, `Thresholds(for:)`); every default
/// can be overridden.
public enum Scheme: String, Sendable, CaseIterable {
    /// China's engineering education accreditation (工程教育专业认证).
    case engineering
    /// China's teacher-education accreditation (师范类专业认证).
    case teacherEducation = "teacher-education"
    /// India's National Board of Accreditation: attainment levels (methods.md §11).
    case nba
    /// ABET: rubric levels per performance indicator (methods.md §12).
    case abet
    /// Any other scheme evaluated with the score-based method.
    case other
}

/// The thresholds (期望值) values are compared with, unrounded.
public struct Thresholds: Sendable, Equatable {
    /// For class-level values: course objectives, indicators, requirements, programme objectives.
    public var classLevel: Double
    /// For one student's values.
    public var individual: Double

    /// Creates thresholds; the defaults are 0.7 and 0.6.
    public init(classLevel: Double = 0.7, individual: Double = 0.6) {
        self.classLevel = classLevel
        self.individual = individual
    }

    /// The defaults of a scheme: 0.7 and 0.6; for NBA a class level of 2 (of 3) and a student's
    /// share of marks of 0.6; for ABET a share of students of 0.7 and a student's rubric level
    /// of 3 (methods.md §11, §12).
    public init(for scheme: Scheme) {
        switch scheme {
        case .engineering, .teacherEducation, .other: self.init()
        case .nba: self.init(classLevel: 2, individual: 0.6)
        case .abet: self.init(classLevel: 0.7, individual: 3)
        }
    }
}

/// Courses of which a student takes one (选修课组): the support matrix gives the group's
/// weights, and a student's value comes from the course they took (docs/methods.md §14).
public struct ElectiveGroup: Sendable, Equatable {
    public var id: String
    public var name: String
    /// The member courses' ids, in definition order.
    public var courses: [String]

    /// Creates a group.
    public init(id: String, name: String = "", courses: [String]) {
        self.id = id
        self.name = name
        self.courses = courses
    }
}

/// A programme objective (培养目标, PEO).
public struct ProgrammeObjective: Sendable, Equatable {
    public var id: String
    public var text: String

    /// Creates a programme objective.
    public init(id: String, text: String = "") {
        self.id = id
        self.text = text
    }
}

/// A graduation requirement (毕业要求) and its indicators (指标点).
public struct Requirement: Sendable, Equatable {
    public var id: String
    /// A short title, e.g. `工程知识` or `Engineering knowledge`.
    public var name: String
    public var text: String
    public var indicators: [Indicator]

    /// Creates a requirement.
    public init(id: String, name: String = "", text: String = "", indicators: [Indicator]) {
        self.id = id
        self.name = name
        self.text = text
        self.indicators = indicators
    }
}

/// A graduation-requirement indicator (指标点), e.g. `3.2`.
public struct Indicator: Sendable, Equatable {
    public var id: String
    public var text: String

    /// Creates an indicator.
    public init(id: String, text: String = "") {
        self.id = id
        self.text = text
    }
}

/// One cell of a support matrix: something (a course, a requirement) supports something else
/// (an indicator, a programme objective) with a strength.
public struct SupportEntry: Sendable, Equatable {
    /// The supporting side: a course id or a requirement id.
    public var from: String
    /// The supported side: an indicator id or a programme-objective id.
    public var to: String
    public var strength: SupportStrength

    /// Creates a support entry.
    public init(from: String, to: String, strength: SupportStrength) {
        self.from = from
        self.to = to
        self.strength = strength
    }
}

/// A support matrix as a table: the strength of each cell by supporting id, then supported id.
package struct SupportTable: Sendable {
    private var cells: [String: [String: SupportStrength]] = [:]

    /// The table of `entries`; when an entry repeats a cell, the first one counts, as in the
    /// engine (validation reports the repeat).
    package init(_ entries: [SupportEntry]) {
        for entry in entries where cells[entry.from]?[entry.to] == nil {
            cells[entry.from, default: [:]][entry.to] = entry.strength
        }
    }

    /// The strength of `from` supporting `to`, nil when there is none.
    package subscript(from: String, to: String) -> SupportStrength? { cells[from]?[to] }
}

/// How strongly one thing supports another.
public enum SupportStrength: Sendable, Equatable, CustomStringConvertible {
    /// A level, H, M or L, turned into a number by `MethodSettings.levelWeights`.
    case level(SupportLevel)
    /// A weight given as a number.
    case weight(Double)

    public var description: String {
        switch self {
        case .level(let level): level.rawValue
        case .weight(let weight): "\(weight)"
        }
    }

    /// As written in a support matrix: `H`, `M`, `L` or the number (`0.4`, `2`).
    package var cell: String {
        switch self {
        case .level(let level): level.rawValue
        case .weight(let weight): shortDecimal(weight)
        }
    }
}

/// A support level of a support matrix (高/中/低).
public enum SupportLevel: String, Sendable, CaseIterable {
    case high = "H"
    case medium = "M"
    case low = "L"
}

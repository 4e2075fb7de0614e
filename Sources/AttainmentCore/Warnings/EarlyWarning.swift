/// An early warning (预警) raised by one rule on one value of one run (docs/methods.md §10).
///
/// A warning belongs to a run, so it carries no programme id or cohort of its own; the history
/// and the batch summary pair it with the run's.
public struct EarlyWarning: Sendable, Hashable {
    /// Who acts on the warning: the programme, a course's teachers, or a student's adviser.
    public enum Level: String, Sendable, CaseIterable, Comparable {
        case programme
        case course
        case student

        public static func < (lhs: Level, rhs: Level) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!  // every case is in allCases
        }
    }

    /// The rule that raised it.
    public enum Rule: String, Sendable, CaseIterable {
        /// A class value below its threshold.
        case belowThreshold = "below-threshold"
        /// A class value at or above its threshold but within the margin above it.
        case nearThreshold = "near-threshold"
        /// A class value that fell from the previous cohort's by more than the limit.
        case fall
        /// A course whose pass rate is below the minimum.
        case passRate = "pass-rate"
        /// A course whose excellence rate is above the maximum or below the minimum.
        case excellenceRate = "excellence-rate"
        /// A student below the individual threshold in at least the configured number of requirements.
        case studentBelow = "student-below"
    }

    /// How urgent: an alert needs action, a watch needs attention.
    public enum Severity: String, Sendable, CaseIterable, Comparable {
        case alert
        case watch

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!  // every case is in allCases
        }
    }

    /// What kind of thing the warning is about.
    public enum Target: String, Sendable, CaseIterable {
        case programmeObjective = "programme-objective"
        case requirement
        case indicator
        case course
        case courseObjective = "course-objective"
        case student
    }

    public var level: Level
    public var rule: Rule
    public var severity: Severity
    public var target: Target
    /// The target's id: `GR3`, `3.2`, `PEO1`, `CS101`, `CS101/CO2` (course objectives carry
    /// their course), or a student id.
    public var targetID: String
    /// The course, for course and course-objective targets.
    public var courseID: String?
    /// The value the rule looked at: an attainment value, a rate (0-1), or for a student the
    /// number of requirements below the individual threshold.
    public var value: Double?
    /// The bound it crossed: a threshold, threshold + margin, a rate bound, the previous value
    /// minus the limit, or a count of requirements.
    public var bound: Double
    /// For the fall rule: the cohort compared with and its value.
    public var previousCohort: String?
    public var previousValue: Double?
    /// Extra facts in plain words, e.g. the requirements a student is below in (`GR3 GR7`).
    public var detail: String

    /// Creates a warning.
    public init(
        level: Level, rule: Rule, severity: Severity, target: Target, targetID: String, courseID: String? = nil,
        value: Double?, bound: Double, previousCohort: String? = nil, previousValue: Double? = nil, detail: String = ""
    ) {
        self.level = level
        self.rule = rule
        self.severity = severity
        self.target = target
        self.targetID = targetID
        self.courseID = courseID
        self.value = value
        self.bound = bound
        self.previousCohort = previousCohort
        self.previousValue = previousValue
        self.detail = detail
    }
}

/// A class value of a run, named by what it is about and its id (see `EarlyWarning.targetID`).
public struct ValueKey: Sendable, Hashable {
    public var target: EarlyWarning.Target
    public var id: String

    /// Creates a key.
    public init(_ target: EarlyWarning.Target, _ id: String) {
        self.target = target
        self.id = id
    }
}

/// The class values of an earlier cohort of the same programme, for the fall rule.
public struct CohortValues: Sendable, Equatable {
    /// The earlier cohort, e.g. `2021`.
    public var cohort: String
    /// Its evaluable class values.
    public var values: [ValueKey: Double]

    /// Creates the values of a cohort.
    public init(cohort: String, values: [ValueKey: Double]) {
        self.cohort = cohort
        self.values = values
    }
}

/// The configurable early-warning rules of a university, with their defaults (docs/methods.md §10).
/// A nil bound turns its rule off.
public struct WarningRules: Sendable, Equatable {
    /// Warn on class values below their threshold.
    public var belowThreshold: Bool
    /// Warn on class values in [threshold, threshold + margin).
    public var nearMargin: Double?
    /// Warn when a class value fell from the previous cohort's by more than this.
    public var fallLimit: Double?
    /// A student's course mark (0-1) counts as a pass from this mark on.
    public var passMark: Double
    /// A student's course mark (0-1) counts as excellent from this mark on.
    public var excellentMark: Double
    /// Warn on a course whose pass rate is below this.
    public var minimumPassRate: Double?
    /// Warn on a course whose excellence rate is above this.
    public var maximumExcellenceRate: Double?
    /// Warn on a course whose excellence rate is below this.
    public var minimumExcellenceRate: Double?
    /// Warn on a student below the individual threshold in at least this many requirements.
    public var studentRequirements: Int?
    /// From this many requirements on, a student warning is an alert rather than a watch.
    public var studentAlertRequirements: Int

    /// The near-threshold margin unless the rules set one (docs/format.md, warnings.yaml).
    public static let defaultNearMargin = 0.05

    /// Creates rules; the defaults are the documented ones.
    public init(
        belowThreshold: Bool = true, nearMargin: Double? = defaultNearMargin, fallLimit: Double? = 0.05,
        passMark: Double = 0.6, excellentMark: Double = 0.9,
        minimumPassRate: Double? = 0.8, maximumExcellenceRate: Double? = 0.4, minimumExcellenceRate: Double? = nil,
        studentRequirements: Int? = 1, studentAlertRequirements: Int = 3
    ) {
        self.belowThreshold = belowThreshold
        self.nearMargin = nearMargin
        self.fallLimit = fallLimit
        self.passMark = passMark
        self.excellentMark = excellentMark
        self.minimumPassRate = minimumPassRate
        self.maximumExcellenceRate = maximumExcellenceRate
        self.minimumExcellenceRate = minimumExcellenceRate
        self.studentRequirements = studentRequirements
        self.studentAlertRequirements = studentAlertRequirements
    }
}

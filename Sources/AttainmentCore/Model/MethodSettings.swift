/// Every choice of method, with the defaults used by most CEEAA programmes.
/// docs/methods.md gives the formula of each.
public struct MethodSettings: Sendable, Equatable {
    /// How a course objective's attainment is formed from item scores (methods.md §2).
    public enum CourseObjectiveMethod: String, Sendable, CaseIterable {
        /// Σ_c λ_ck · (Σ_{j∈c} x_j / Σ_{j∈c} S_j), λ renormalised over components assessing k.
        case weightedRatios = "weighted-ratios"
        /// Σ_j w_c(j) x_j / Σ_j w_c(j) S_j.
        case weightedSums = "weighted-sums"
        /// Σ_j x_j / Σ_j S_j.
        case pooledMarks = "pooled-marks"
    }

    /// An aggregate over several values.
    public enum Aggregate: String, Sendable, CaseIterable {
        case mean
        case min
    }

    /// How an indicator's attainment is formed from course values (methods.md §4).
    public enum IndicatorMethod: String, Sendable, CaseIterable {
        /// Σ_c W_ic · A_ci with the weights normalised to sum to 1.
        case weightedSum = "weighted-sum"
        /// min_c A_ci.
        case min
    }

    /// Where the weights of the course → indicator support come from.
    public enum SupportWeighting: String, Sendable, CaseIterable {
        /// H/M/L through `levelWeights`, or the numbers in the matrix.
        case levels
        /// Each supporting course weighs its credits; the cell only marks support.
        case credits
    }

    /// What a status word in a score sheet counts as.
    public enum StatusRule: String, Sendable, CaseIterable {
        /// The item counts with 0 marks.
        case zero
        /// The item is left out of the student's numerator and denominator.
        case exclude
    }

    /// What a blank score cell means.
    public enum BlankRule: String, Sendable, CaseIterable {
        /// A blank cell is an error: nothing is guessed.
        case error
        case zero
        case exclude
    }

    public var courseObjective: CourseObjectiveMethod
    /// A course's value for an indicator from its objectives mapped to that indicator.
    public var courseIndicator: Aggregate
    public var indicator: IndicatorMethod
    /// A requirement's value from its indicators.
    public var requirement: Aggregate
    public var supportWeighting: SupportWeighting
    /// The numbers H, M and L stand for.
    public var levelWeights: LevelWeights
    /// Whether a student's course-objective value is capped at 1 (bonus marks).
    public var capAtOne: Bool
    /// 缺考.
    public var absent: StatusRule
    /// 作弊.
    public var cheating: StatusRule
    public var blank: BlankRule

    /// Creates settings; every parameter has the mainstream default.
    public init(
        courseObjective: CourseObjectiveMethod = .weightedRatios,
        courseIndicator: Aggregate = .mean,
        indicator: IndicatorMethod = .weightedSum,
        requirement: Aggregate = .min,
        supportWeighting: SupportWeighting = .levels,
        levelWeights: LevelWeights = LevelWeights(),
        capAtOne: Bool = true,
        absent: StatusRule = .zero,
        cheating: StatusRule = .zero,
        blank: BlankRule = .error
    ) {
        self.courseObjective = courseObjective
        self.courseIndicator = courseIndicator
        self.indicator = indicator
        self.requirement = requirement
        self.supportWeighting = supportWeighting
        self.levelWeights = levelWeights
        self.capAtOne = capAtOne
        self.absent = absent
        self.cheating = cheating
        self.blank = blank
    }
}

/// The numbers that support levels H, M and L stand for (default 3, 2, 1).
public struct LevelWeights: Sendable, Equatable {
    public var high: Double
    public var medium: Double
    public var low: Double

    /// Creates level weights.
    public init(high: Double = 3, medium: Double = 2, low: Double = 1) {
        self.high = high
        self.medium = medium
        self.low = low
    }

    /// The number for a level.
    public func weight(of level: SupportLevel) -> Double {
        switch level {
        case .high: high
        case .medium: medium
        case .low: low
        }
    }

    /// The number for a support cell: its level's number, or the number given.
    public func weight(of strength: SupportStrength) -> Double {
        switch strength {
        case .level(let level): weight(of: level)
        case .weight(let weight): weight
        }
    }
}

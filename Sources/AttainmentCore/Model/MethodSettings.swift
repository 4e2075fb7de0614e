/// Every choice of method. A scheme sets the defaults (`init(for:)`); every setting can be
/// overridden by its key (`set(_:to:)`). docs/methods.md gives the formula of each.
public struct MethodSettings: Sendable, Equatable {
    /// How a course objective's attainment is formed from item scores (methods.md §2, §11, §12).
    public enum CourseObjectiveMethod: String, Sendable, CaseIterable {
        /// Σ_c λ_ck · (Σ_{j∈c} x_j / Σ_{j∈c} S_j), λ renormalised over components assessing k.
        case weightedRatios = "weighted-ratios"
        /// Σ_j w_c(j) x_j / Σ_j w_c(j) S_j.
        case weightedSums = "weighted-sums"
        /// Σ_j x_j / Σ_j S_j.
        case pooledMarks = "pooled-marks"
        /// NBA: the share of students at or above a target share of the objective's marks,
        /// turned into a level by bands, internal and end-semester parts combined by weight (§11).
        case attainmentLevels = "attainment-levels"
        /// ABET: the share of assessed students at or above a target rubric level (§12).
        case rubricLevels = "rubric-levels"
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

    /// How often a course's support weight counts for an indicator (methods.md §4.1).
    public enum SupportCount: String, Sendable, CaseIterable {
        /// Once per supporting course (CEEAA).
        case course
        /// Once per course objective mapped to the indicator: NBA's PO = Σ m·L / Σ m over COs.
        case objective
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

    /// Which attempt counts when a student sat a course more than once (补考, 重修).
    public enum RetakeRule: String, Sendable, CaseIterable {
        /// The first attempt: the usual rule for accreditation.
        case first
        /// The attempt with the highest course mark (methods.md §9).
        case best
        /// The last attempt.
        case latest
    }

    /// How survey responses become a 0-1 value (methods.md §13).
    public enum SurveyConversion: String, Sendable, CaseIterable {
        /// The mean level over the scale's top level.
        case mean
        /// The share of responses at or above `SurveySettings.agreeLevel`.
        case share
    }

    /// NBA's course-outcome settings (methods.md §11).
    public struct NBASettings: Sendable, Equatable {
        /// The share of an objective's marks a student must reach (T, default 0.6).
        public var target: Double
        /// The lower bounds of levels 1, 2, 3 …: the share of students reaching the target.
        public var bands: [Double]
        /// The weight of internal (continuous) assessment.
        public var internalWeight: Double
        /// The weight of the end-semester examination.
        public var endSemesterWeight: Double

        /// Creates NBA settings; the defaults are 0.6, bands 0.5/0.6/0.7 and weights 0.4/0.6.
        public init(
            target: Double = 0.6, bands: [Double] = [0.5, 0.6, 0.7], internalWeight: Double = 0.4,
            endSemesterWeight: Double = 0.6
        ) {
            self.target = target
            self.bands = bands
            self.internalWeight = internalWeight
            self.endSemesterWeight = endSemesterWeight
        }
    }

    /// ABET's rubric settings (methods.md §12).
    public struct ABETSettings: Sendable, Equatable {
        /// The rubric level a student must reach (default 3 on a 1-4 rubric).
        public var targetLevel: Double

        /// Creates ABET settings.
        public init(targetLevel: Double = 3) {
            self.targetLevel = targetLevel
        }
    }

    /// How survey evidence (indirect) is converted and blended (methods.md §13).
    public struct SurveySettings: Sendable, Equatable {
        public var conversion: SurveyConversion
        /// The lowest level that counts as agreeing, for `conversion: share`.
        public var agreeLevel: Int
        /// The weight of the indirect value in a blend with the direct one; 0 keeps surveys
        /// out of every value (they are still reported).
        public var weight: Double
        /// Survey coverage (responses / population) below which a warning is given.
        public var minimumCoverage: Double

        /// Creates survey settings; by default surveys are reported but not blended.
        public init(
            conversion: SurveyConversion = .mean, agreeLevel: Int = 4, weight: Double = 0,
            minimumCoverage: Double = 0.5
        ) {
            self.conversion = conversion
            self.agreeLevel = agreeLevel
            self.weight = weight
            self.minimumCoverage = minimumCoverage
        }
    }

    public var courseObjective: CourseObjectiveMethod
    /// A course's value for an indicator from its objectives mapped to that indicator.
    public var courseIndicator: Aggregate
    public var indicator: IndicatorMethod
    /// A requirement's value from its indicators. Under ABET, `min` is "met when all its
    /// indicators are met" and `mean` the aggregate.
    public var requirement: Aggregate
    public var supportWeighting: SupportWeighting
    public var supportCount: SupportCount
    /// The numbers H, M and L stand for.
    public var levelWeights: LevelWeights
    /// Whether a student's course-objective value is capped at 1 (bonus marks).
    public var capAtOne: Bool
    /// 缺考.
    public var absent: StatusRule
    /// 作弊.
    public var cheating: StatusRule
    public var blank: BlankRule
    public var retake: RetakeRule
    public var nba: NBASettings
    public var abet: ABETSettings
    public var surveys: SurveySettings

    /// Creates settings; every parameter has the mainstream (CEEAA) default.
    public init(
        courseObjective: CourseObjectiveMethod = .weightedRatios,
        courseIndicator: Aggregate = .mean,
        indicator: IndicatorMethod = .weightedSum,
        requirement: Aggregate = .min,
        supportWeighting: SupportWeighting = .levels,
        supportCount: SupportCount = .course,
        levelWeights: LevelWeights = LevelWeights(),
        capAtOne: Bool = true,
        absent: StatusRule = .zero,
        cheating: StatusRule = .zero,
        blank: BlankRule = .error,
        retake: RetakeRule = .first,
        nba: NBASettings = NBASettings(),
        abet: ABETSettings = ABETSettings(),
        surveys: SurveySettings = SurveySettings()
    ) {
        self.courseObjective = courseObjective
        self.courseIndicator = courseIndicator
        self.indicator = indicator
        self.requirement = requirement
        self.supportWeighting = supportWeighting
        self.supportCount = supportCount
        self.levelWeights = levelWeights
        self.capAtOne = capAtOne
        self.absent = absent
        self.cheating = cheating
        self.blank = blank
        self.retake = retake
        self.nba = nba
        self.abet = abet
        self.surveys = surveys
    }

    /// The defaults of a scheme (methods.md §11, §12): NBA computes attainment levels, counts
    /// support once per course objective, takes a requirement (PO) as the mean of its
    /// indicators and blends surveys 0.8/0.2; ABET computes rubric shares, an outcome met when
    /// all its indicators are. The Chinese schemes use the plain defaults.
    public init(for scheme: Scheme) {
        self.init()
        switch scheme {
        case .engineering, .teacherEducation, .other:
            break
        case .nba:
            courseObjective = .attainmentLevels
            supportCount = .objective
            requirement = .mean
            surveys.weight = 0.2
        case .abet:
            courseObjective = .rubricLevels
            requirement = .min
        }
    }

    /// The largest class value the course-objective method can give: the number of NBA bands
    /// (the top level), else 1.
    public var classValueMaximum: Double {
        courseObjective == .attainmentLevels ? Double(nba.bands.count) : 1
    }

    /// A quantity on attainment's 0-1 scale (a survey's value, a near-threshold margin, a fall
    /// limit) on the scale of class values: times `classValueMaximum`, so 0.05 is 0.15 of an
    /// NBA level on 0-3 (methods.md §10, §13.1).
    public func onClassScale(_ share: Double) -> Double {
        share * classValueMaximum
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

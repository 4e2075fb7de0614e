public import AttainmentCore

/// A class-level value the caller computed beside the attainment values, such as a course's
/// pass rate or excellence rate, stored with the run.
public struct MeasuredValue: Sendable, Equatable {
    /// The measure of a course's pass rate, as the pass-rate rule looks at it.
    public static let passRate = EarlyWarning.Rule.passRate.rawValue
    /// The measure of a course's excellence rate, as the excellence-rate rule looks at it.
    public static let excellenceRate = EarlyWarning.Rule.excellenceRate.rawValue

    /// What the value is about.
    public var target: EarlyWarning.Target
    /// Its id, as in `EarlyWarning.targetID`.
    public var id: String
    /// The course, for course and course-objective targets.
    public var courseID: String?
    /// What was measured: `pass-rate`, `excellence-rate`. Attainment values are stored by
    /// `HistoryStore.record` itself under the measure `attainment`.
    public var measure: String
    /// The value, nil when not evaluable.
    public var value: Double?

    /// Creates a measured value.
    public init(target: EarlyWarning.Target, id: String, courseID: String? = nil, measure: String, value: Double?) {
        self.target = target
        self.id = id
        self.courseID = courseID
        self.measure = measure
        self.value = value
    }
}

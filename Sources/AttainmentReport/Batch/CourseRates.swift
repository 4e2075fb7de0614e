public import AttainmentCore
public import AttainmentStore

/// A course's pass and excellence rates (docs/methods.md §9).
public struct CourseRates: Sendable, Equatable {
    public var courseID: String
    /// Students with a course mark.
    public var graded: Int
    /// Share of them at or above the pass mark; nil when nobody has a mark.
    public var passRate: Double?
    /// Share at or above the excellent mark.
    public var excellenceRate: Double?

    /// The rates of every course of a result under the given rules.
    public static func of(_ result: AttainmentResult, rules: WarningRules) -> [CourseRates] {
        result.courses.map { course in
            CourseRates(
                courseID: course.courseID, graded: course.studentsGraded,
                passRate: course.rate(atLeast: rules.passMark), excellenceRate: course.rate(atLeast: rules.excellentMark))
        }
    }

    /// The rates as extra values for the history.
    static func measures(_ rates: [CourseRates]) -> [MeasuredValue] {
        rates.flatMap { rate in
            [
                MeasuredValue(target: .course, id: rate.courseID, courseID: rate.courseID, measure: MeasuredValue.passRate, value: rate.passRate),
                MeasuredValue(target: .course, id: rate.courseID, courseID: rate.courseID, measure: MeasuredValue.excellenceRate, value: rate.excellenceRate),
            ]
        }
    }
}

extension HistoryStore {
    /// Records a run as `attain run` and `attain batch` do: its facts with the warning rules
    /// among its settings, its warnings, and each course's pass and excellence rates.
    public func record(
        _ result: AttainmentResult, inputs: [InputFile], source: String, recordedAt: String, rules: WarningRules,
        warnings: [EarlyWarning], courseRates: [CourseRates]
    ) throws(HistoryError) -> RecordOutcome {
        try record(
            RunFacts(result: result, inputs: inputs, source: source, recordedAt: recordedAt, rules: rules), result: result,
            warnings: warnings, measures: CourseRates.measures(courseRates))
    }
}

/// Raises the early warnings (预警) of one run under a university's rules (docs/methods.md §10).
public enum WarningEvaluator {
    /// Every warning the rules raise on a result, in a fixed order: by level (programme, course,
    /// student); within a level by target, in the programme's order of programme objectives,
    /// requirements, indicators, courses, course objectives, and students in cohort order; for
    /// one target in the order of `EarlyWarning.Rule`.
    ///
    /// Values that are not evaluable raise no warning; every comparison uses the unrounded value.
    /// - Parameters:
    ///   - result: the run.
    ///   - rules: the rules; a nil bound turns its rule off.
    ///   - previous: the previous cohort's class values, for the fall rule; nil turns it off.
    /// - Returns: the warnings, possibly none.
    /// - Complexity: O(class values + students × requirements + Σ course students).
    public static func evaluate(
        _ result: AttainmentResult, rules: WarningRules, previous: CohortValues?
    ) -> [EarlyWarning] {
        let threshold = result.programme.thresholds.classLevel
        // The margin and the fall limit are on attainment's 0-1 scale; NBA's class values are
        // levels up to the number of bands, so there they count in levels: 0.05 of 3 is 0.15.
        let methods = result.programme.methods
        let nearMargin = rules.nearMargin.map(methods.onClassScale)
        let fallLimit = rules.fallLimit.map(methods.onClassScale)
        var warnings: [EarlyWarning] = []

        /// The threshold rules (below, near, fall) on one class value.
        func classValue(
            _ value: Double?, _ level: EarlyWarning.Level, _ target: EarlyWarning.Target, _ id: String,
            courseID: String? = nil
        ) {
            guard let value else { return }
            func warn(_ rule: EarlyWarning.Rule, _ severity: EarlyWarning.Severity, bound: Double) -> EarlyWarning {
                EarlyWarning(
                    level: level, rule: rule, severity: severity, target: target, targetID: id, courseID: courseID,
                    value: value, bound: bound)
            }
            let below = isBelow(value, threshold: threshold)
            if rules.belowThreshold, below {
                warnings.append(warn(.belowThreshold, .alert, bound: threshold))
            }
            // 0.65 + 0.05 is 0.7000000000000001: a value within markTolerance of a bound is at it
            // (methods.md §1, §10).
            if let margin = nearMargin, !below, isBelow(value, threshold: threshold + margin) {
                warnings.append(warn(.nearThreshold, .watch, bound: threshold + margin))
            }
            if let limit = fallLimit, let previous,
                let previousValue = previous.values[ValueKey(target, id)], isBelow(value, threshold: previousValue - limit)
            {
                var warning = warn(.fall, below ? .alert : .watch, bound: previousValue - limit)
                warning.previousCohort = previous.cohort
                warning.previousValue = previousValue
                warnings.append(warning)
            }
        }

        // Programme level, then course level: each course's rate warnings follow its value's.
        for entry in result.classValueEntries {
            classValue(entry.value, entry.target.level, entry.target, entry.id, courseID: entry.courseID)
            if entry.target == .course, let course = entry.course {
                warnings += rateWarnings(result.courses[course], rules: rules)
            }
        }

        // Student level.
        if let minimum = rules.studentRequirements {
            warnings += studentWarnings(result, minimum: minimum, alertFrom: rules.studentAlertRequirements)
        }
        return warnings
    }

    /// Every evaluable class value of a run, keyed by what it is about: programme objectives,
    /// requirements, indicators, courses (the minimum over their objectives) and course
    /// objectives (`CS101/CO2`). The values a later cohort's fall rule compares with.
    ///
    /// - Complexity: O(class values).
    public static func classValues(of result: AttainmentResult) -> [ValueKey: Double] {
        var values: [ValueKey: Double] = [:]
        for entry in result.classValueEntries {
            if let value = entry.value { values[ValueKey(entry.target, entry.id)] = value }
        }
        return values
    }

    /// The pass-rate and excellence-rate warnings of one course (methods.md §9-10).
    static func rateWarnings(_ course: CourseAttainment, rules: WarningRules) -> [EarlyWarning] {
        var warnings: [EarlyWarning] = []
        func warn(_ rule: EarlyWarning.Rule, _ severity: EarlyWarning.Severity, _ rate: Double, bound: Double) {
            warnings.append(EarlyWarning(
                level: .course, rule: rule, severity: severity, target: .course, targetID: course.courseID,
                courseID: course.courseID, value: rate, bound: bound))
        }
        if let minimum = rules.minimumPassRate, let rate = course.rate(atLeast: rules.passMark), rate < minimum {
            warn(.passRate, .alert, rate, bound: minimum)
        }
        if let rate = course.rate(atLeast: rules.excellentMark) {
            if let maximum = rules.maximumExcellenceRate, rate > maximum {
                warn(.excellenceRate, .watch, rate, bound: maximum)
            }
            if let minimum = rules.minimumExcellenceRate, rate < minimum {
                warn(.excellenceRate, .watch, rate, bound: minimum)
            }
        }
        return warnings
    }

    /// A warning per cohort student below the individual threshold in at least `minimum`
    /// requirements; values that are not evaluable do not count as below.
    static func studentWarnings(_ result: AttainmentResult, minimum: Int, alertFrom: Int) -> [EarlyWarning] {
        let requirements = result.programme.requirements
        let individual = result.programme.thresholds.individual
        let values = result.students.requirements
        var warnings: [EarlyWarning] = []
        for (q, student) in result.students.students.enumerated() {
            var below: [String] = []
            for (g, requirement) in requirements.enumerated() {
                let value = values[q, g]
                if isBelow(value, threshold: individual) { below.append(requirement.id) }
            }
            // A student below in no requirement is never warned about, whatever `minimum`.
            guard !below.isEmpty, below.count >= minimum else { continue }
            warnings.append(EarlyWarning(
                level: .student, rule: .studentBelow, severity: below.count >= alertFrom ? .alert : .watch,
                target: .student, targetID: student.id, value: Double(below.count), bound: Double(minimum),
                detail: below.joined(separator: " ")))
        }
        return warnings
    }
}

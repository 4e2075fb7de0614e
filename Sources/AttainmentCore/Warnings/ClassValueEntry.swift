/// One class-level value of a run, named as warnings, value keys and the history name it.
public struct ClassValueEntry: Sendable {
    public let target: EarlyWarning.Target
    /// `GR3`, `3.2`, `PEO1`, `CS101`, or `CS101/CO2` for a course objective.
    public let id: String
    /// The course, for course and course-objective entries.
    public let courseID: String?
    /// The course's index in `AttainmentResult.courses`, for course and course-objective entries.
    public let course: Int?
    /// The value; nil when not evaluable.
    public let value: Double?
    /// The value with its verdict and student counts; nil for a course, whose value is the
    /// minimum over its objectives and has no counts of its own.
    public let summary: ClassValue?

    /// The id of a course objective: `CS101/CO2`.
    public static func courseObjectiveID(course: String, objective: String) -> String {
        "\(course)/\(objective)"
    }
}

extension EarlyWarning.Target {
    /// Who acts on a value of this kind: the programme (programme objectives, requirements,
    /// indicators), a course's teachers (courses, course objectives), a student's adviser.
    public var level: EarlyWarning.Level {
        switch self {
        case .programmeObjective, .requirement, .indicator: .programme
        case .course, .courseObjective: .course
        case .student: .student
        }
    }
}

extension AttainmentResult {
    /// Every class value of the run, in one fixed order: programme objectives, requirements and
    /// indicators in the programme's order, then the courses, then every course's objectives.
    /// The warnings, the fall rule's values and the history all walk this one list.
    ///
    /// - Complexity: O(class values).
    public var classValueEntries: [ClassValueEntry] {
        var entries: [ClassValueEntry] = []
        for objective in objectives {
            entries.append(ClassValueEntry(
                target: .programmeObjective, id: objective.objectiveID, courseID: nil, course: nil,
                value: objective.value.value, summary: objective.value))
        }
        for requirement in requirements {
            entries.append(ClassValueEntry(
                target: .requirement, id: requirement.requirementID, courseID: nil, course: nil,
                value: requirement.value.value, summary: requirement.value))
        }
        for indicator in indicators {
            entries.append(ClassValueEntry(
                target: .indicator, id: indicator.indicatorID, courseID: nil, course: nil,
                value: indicator.value.value, summary: indicator.value))
        }
        for (c, course) in courses.enumerated() {
            entries.append(ClassValueEntry(
                target: .course, id: course.courseID, courseID: course.courseID, course: c, value: course.value, summary: nil))
        }
        for (c, (course, attainment)) in zip(programme.courses, courses).enumerated() {
            for (objective, value) in zip(course.objectives, attainment.objectives) {
                entries.append(ClassValueEntry(
                    target: .courseObjective, id: ClassValueEntry.courseObjectiveID(course: course.id, objective: objective.id),
                    courseID: course.id, course: c, value: value.value, summary: value))
            }
        }
        return entries
    }
}

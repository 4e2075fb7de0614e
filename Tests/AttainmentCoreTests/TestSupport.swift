import AttainmentCore

// Helpers shared by the hand-computed tests.

/// True when `value` is within `tolerance` of `expected`; false for nil.
func near(_ value: Double?, _ expected: Double, tolerance: Double = 1e-12) -> Bool {
    guard let value else { return false }
    return abs(value - expected) <= tolerance
}

/// A programme with requirement GR1 (indicator 1.1) around a single course whose objectives
/// all support 1.1.
func oneCourseProgramme(_ course: Course, methods: MethodSettings = MethodSettings(),
                                thresholds: Thresholds = Thresholds()) -> Programme {
    Programme(
        id: "P", name: "worked example", cohort: "2022", thresholds: thresholds, methods: methods,
        objectives: [ProgrammeObjective(id: "PEO1")],
        requirements: [Requirement(id: "GR1", indicators: [Indicator(id: "1.1")])],
        requirementSupport: [SupportEntry(from: "GR1", to: "PEO1", strength: .level(.high))],
        courses: [course],
        courseSupport: [SupportEntry(from: course.id, to: "1.1", strength: .level(.high))])
}

/// The course-objective methods that are ratios of marks (methods.md §2.1-2.3); NBA's and
/// ABET's methods (§11, §12) have tests of their own.
let markRatioMethods: [MethodSettings.CourseObjectiveMethod] = [.weightedRatios, .weightedSums, .pooledMarks]

/// How far below a threshold, a cut-off or a bound a computed value may fall and still count as
/// reaching it: floating-point error of sums of ratios (a true 0.6 can come out as
/// 0.5999999999999999), far below any displayed digit (methods.md §1, §9, §10).
public let markTolerance = 1e-9

/// Whether `value` falls short of `threshold`: it is more than `markTolerance` below it, so a
/// value at the threshold in exact arithmetic is never below it, whatever the order of its sums.
/// Compared unrounded otherwise (0.699999 is below 0.7). NaN is below nothing.
@inlinable
public func isBelow(_ value: Double, threshold: Double) -> Bool {
    value < threshold - markTolerance
}

/// Whether `value` reaches `threshold` (a cut-off, a bound): the same rule as `isBelow`, for a
/// number its opposite. NaN reaches nothing.
@inlinable
public func reaches(_ value: Double, threshold: Double) -> Bool {
    value >= threshold - markTolerance
}

/// Whether a value reaches its threshold.
public enum Verdict: String, Sendable, Equatable {
    case met
    case notMet = "not-met"
    /// No value: nothing assessed it, or every student was left out.
    case notEvaluable = "not-evaluable"

    /// Compares the unrounded value with the threshold: met unless the value is below it
    /// (`isBelow`: more than `markTolerance` below).
    public init(_ value: Double?, threshold: Double) {
        guard let value else {
            self = .notEvaluable
            return
        }
        self = reaches(value, threshold: threshold) ? .met : .notMet
    }
}

/// Everything computed for a programme: class values at every level and every student's.
///
/// Values are `Double?`: nil means not evaluable. In the per-student matrices a value that is
/// not evaluable is NaN; use the accessors, which turn NaN into nil.
public struct AttainmentResult: Sendable {
    public let programme: Programme
    /// One per course, in the programme's order.
    public let courses: [CourseAttainment]
    /// One per indicator, in the programme's order.
    public let indicators: [IndicatorAttainment]
    /// One per requirement, in the programme's order.
    public let requirements: [RequirementAttainment]
    /// One per programme objective, in the programme's order.
    public let objectives: [ProgrammeObjectiveAttainment]
    /// The cohort's per-student values.
    public let students: CohortAttainment
    /// Warnings from validation and from the computation.
    public package(set) var diagnostics: [Diagnostic]
    /// Each target a survey asked about, direct and indirect values side by side, in the
    /// programme's order (course objectives, indicators, requirements, programme objectives;
    /// docs/methods.md §13). Empty without surveys.
    public package(set) var surveyEvidence: [SurveyEvidence] = []
    /// The coverage of every survey, in the order given (methods.md §13.3).
    public package(set) var surveyCoverage: [SurveyCoverage] = []

    /// Students counted with a resit or retake, summed over the courses (a student counts once
    /// per such course; docs/methods.md §14).
    public var laterAttemptsCounted: Int { courses.reduce(0) { $0 + $1.laterAttemptsCounted } }
}

/// A class-level value with the number of students it was computed from.
public struct ClassValue: Sendable, Equatable {
    /// The value, or nil when not evaluable.
    public var value: Double?
    /// The verdict against the class threshold.
    public var verdict: Verdict
    /// Students whose own value counted towards this one.
    public var studentsEvaluated: Int
    /// Of those, students below the individual threshold.
    public var studentsBelowIndividual: Int
}

extension ClassValue {
    /// This summary's student counts with another value and its verdict.
    func with(value: Double?, threshold: Double) -> ClassValue {
        ClassValue(
            value: value, verdict: Verdict(value, threshold: threshold), studentsEvaluated: studentsEvaluated,
            studentsBelowIndividual: studentsBelowIndividual)
    }
}

/// A course's results: its objectives, items, and every student's objective values and course mark.
public struct CourseAttainment: Sendable {
    public let courseID: String
    /// Per course objective, in the course's order.
    public let objectives: [ClassValue]
    /// The course's value: the minimum over its objectives (nil if any is not evaluable).
    public let value: Double?
    /// The course's class value for each indicator it supports, in the order of the support
    /// matrix: mean or min over its objectives mapped to the indicator.
    public let indicatorValues: [(indicator: String, value: Double?)]
    /// Per assessment item, in the plan's order.
    public let items: [ItemStatistics]
    /// The students of the course (all its sheets pooled), in sheet order.
    public let students: [Student]
    /// Students × objectives; NaN where a student's value is not evaluable.
    public let perStudent: Matrix
    /// Each student's course mark on 0-1, aligned with `students`: the component-weighted
    /// ratio over all the course's items (docs/methods.md §9); NaN when none of the course's
    /// items counts for the student.
    public let marks: [Double]
    /// Students counted with a resit or retake (an attempt after the first) under the
    /// `retake` setting: their only row, or their chosen row, is not a first sitting
    /// (docs/methods.md §14). `students` holds one row per student, the counted one.
    public internal(set) var laterAttemptsCounted: Int = 0
    /// Per course objective, in the course's order, the counts behind its class value under
    /// NBA's attainment levels or ABET's rubric levels (docs/methods.md §11, §12); nil under the
    /// mark-ratio methods, whose class value is a mean.
    public package(set) var evidence: [SchemeEvidence]? = nil

    /// One student's value for one objective, nil when not evaluable.
    public func studentValue(student: Int, objective: Int) -> Double? {
        let value = perStudent[student, objective]
        return value.isNaN ? nil : value
    }

    /// Students with a course mark.
    public var studentsGraded: Int { marks.count { !$0.isNaN } }

    /// The share of the students with a course mark whose mark is at least `mark`, compared
    /// unrounded: the pass rate for the pass mark, the excellence rate for the excellent mark
    /// (docs/methods.md §9).
    ///
    /// - Returns: a share in 0-1, or nil when no student has a mark.
    /// - Complexity: O(students).
    public func rate(atLeast mark: Double) -> Double? {
        var graded = 0
        var reaching = 0
        for value in marks where !value.isNaN {
            graded += 1
            // A mark is a weighted sum of ratios: 25/100·0.3 + 75/100·0.7 is 0.5999999999999999 in
            // binary, not 0.6. Marks within 1e-9 below a cut-off reach it (methods.md §9).
            if reaches(value, threshold: mark) { reaching += 1 }
        }
        return graded > 0 ? Double(reaching) / Double(graded) : nil
    }
}

/// Class statistics of one assessment item.
public struct ItemStatistics: Sendable, Equatable {
    public let itemID: String
    public let fullMarks: Double
    /// The mean score over students for whom the item counts; nil if none.
    public let average: Double?
    /// Students for whom the item counts.
    public let studentsCounted: Int
}

/// An indicator's class value and how its supporting courses made it.
public struct IndicatorAttainment: Sendable {
    public let indicatorID: String
    public let requirementID: String
    public let value: ClassValue
    /// Per supporting course, in the order of the support matrix.
    public let contributions: [Contribution]
}

/// One supporting course's (or requirement's) part in a value.
public struct Contribution: Sendable, Equatable {
    /// The course id or elective group id (for indicators) or requirement id (for programme
    /// objectives).
    public let sourceID: String
    /// As given in the support matrix.
    public let strength: SupportStrength
    /// The weight after normalisation over the evaluable sources; 0 under the minimum method.
    public let weight: Double
    /// The source's value.
    public let value: Double?
}

/// A graduation requirement's class value.
public struct RequirementAttainment: Sendable {
    public let requirementID: String
    public let value: ClassValue
}

/// A programme objective's value through the requirement → objective support.
public struct ProgrammeObjectiveAttainment: Sendable {
    public let objectiveID: String
    public let value: ClassValue
    public let contributions: [Contribution]
}

/// Per-student values for the whole cohort.
public struct CohortAttainment: Sendable {
    /// The cohort: the roster, or every student in any score table ordered by id.
    public let students: [Student]
    /// Students × indicators (programme order); NaN where not evaluable.
    public let indicators: Matrix
    /// Students × requirements; NaN where not evaluable.
    public let requirements: Matrix
    /// Students × programme objectives; NaN where not evaluable.
    public let objectives: Matrix
    /// For each student, the indices (into `programme.courses`) of supporting courses for which
    /// the student has no value; their indicator weights were renormalised over the rest.
    public let missingCourses: [[Int]]
    /// For each student, the indices (into `programme.electiveGroups`) of supporting elective
    /// groups in none of whose courses the student has a value: a group counts as one unit
    /// (docs/methods.md §14). Empty lists when the programme has no groups.
    public internal(set) var missingElectiveGroups: [[Int]] = []
    /// Each student's roster status, aligned with `students`; empty when every student is
    /// regular (docs/methods.md §14).
    public internal(set) var statuses: [StudentStatus] = []

    /// Students with at least one missing course or elective group.
    public var studentsWithMissingCourses: Int {
        students.indices.count { !missingCourses[$0].isEmpty || !missingGroups($0).isEmpty }
    }

    /// A student's roster status: regular unless the roster says otherwise.
    public func status(_ student: Int) -> StudentStatus {
        statuses.isEmpty ? .regular : statuses[student]
    }

    /// Students with a status, counted.
    public func count(_ status: StudentStatus) -> Int {
        students.indices.count { self.status($0) == status }
    }

    /// A student's missing supporting units as ids, as outputs show them: the courses in
    /// programme order, then the elective groups in definition order.
    public func missingIDs(_ student: Int, programme: Programme) -> [String] {
        missingCourses[student].map { programme.courses[$0].id }
            + missingGroups(student).map { programme.electiveGroups[$0].id }
    }

    private func missingGroups(_ student: Int) -> [Int] {
        missingElectiveGroups.isEmpty ? [] : missingElectiveGroups[student]
    }

    /// A value from one of the matrices, nil when not evaluable.
    public static func value(_ matrix: Matrix, _ student: Int, _ column: Int) -> Double? {
        let value = matrix[student, column]
        return value.isNaN ? nil : value
    }
}

/// The counts behind one course objective's class value under NBA (docs/methods.md §11) or
/// ABET (§12): how many students were assessed and how many reached the target.
public struct SchemeEvidence: Sendable, Equatable {
    /// One part of the evidence: under NBA the internal or the end-semester assessment, under
    /// ABET the objective's rubric rows together.
    public struct Part: Sendable, Equatable {
        /// NBA's part; nil under ABET.
        public let kind: AssessmentComponent.Kind?
        /// NBA: students who attempted the part; ABET: students assessed on the objective.
        public let studentsAssessed: Int
        /// NBA: those whose share of the part's marks reaches `nba.target`; ABET: those whose
        /// mean rubric level reaches `abet.target_level`.
        public let studentsReaching: Int
        /// NBA: the level the share earns from `nba.bands` (0 below the first band); nil under
        /// ABET and where nobody was assessed.
        public let level: Int?
        /// NBA: the part's weight in the objective's level, normalised over the parts that
        /// count (0 for a part nobody attempted or whose weight is 0); 1 under ABET.
        public let weight: Double

        /// Creates a part.
        public init(kind: AssessmentComponent.Kind?, studentsAssessed: Int, studentsReaching: Int, level: Int?, weight: Double) {
            self.kind = kind
            self.studentsAssessed = studentsAssessed
            self.studentsReaching = studentsReaching
            self.level = level
            self.weight = weight
        }

        /// studentsReaching / studentsAssessed, nil when nobody was assessed.
        public var share: Double? {
            studentsAssessed > 0 ? Double(studentsReaching) / Double(studentsAssessed) : nil
        }
    }

    /// NBA: the internal part, then the end-semester part, each only where the plan assesses
    /// the objective in it; ABET: one part.
    public let parts: [Part]
    /// The objective's class value these counts give: NBA's combined level, ABET's share.
    public let value: Double?

    /// Creates the evidence of one objective.
    public init(parts: [Part], value: Double?) {
        self.parts = parts
        self.value = value
    }
}

/// A student as identified in score sheets and rosters.
public struct Student: Sendable, Hashable {
    /// The student id, kept as text (leading zeros matter).
    public var id: String
    public var name: String

    /// Creates a student.
    public init(id: String, name: String = "") {
        self.id = id
        self.name = name
    }
}

/// The scores of one course, with all its teaching classes pooled: a row per student, a column
/// per assessment item in the order of the course's plan.
public struct ScoreTable: Sendable, Equatable {
    /// The students, one per row.
    public var students: [Student]
    /// Scores; an entry left out of the evaluation (deferred, exempt, …) holds 0.
    public var scores: Matrix
    /// 1 where the score counts, 0 where it is left out; nil when every score counts.
    public var included: Matrix?
    /// The attempt of each row: 1 for a first sitting, 2 and up for resits and retakes (补考,
    /// 重修), in order; nil when every row is a first attempt. A student has one row per attempt.
    public var attempts: [Int]?

    /// Creates a score table. Scores where `included` is 0 are set to 0, whatever was passed.
    /// - Precondition: `scores` has a row per student; `included`, when given, has the shape of
    ///   `scores` and holds only 0 and 1.
    public init(students: [Student], scores: Matrix, included: Matrix? = nil, attempts: [Int]? = nil) {
        precondition(scores.rows == students.count, "a row of scores per student")
        precondition(attempts.map { $0.count == students.count && $0.allSatisfy { $0 >= 1 } } ?? true, "an attempt ≥ 1 per row")
        var scores = scores
        if let included {
            precondition(included.rows == scores.rows && included.columns == scores.columns)
            // One pass: each inclusion checked, and the score of an excluded cell zeroed.
            scores.elements.withUnsafeMutableBufferPointer { scores in
                included.elements.withUnsafeBufferPointer { included in
                    for index in included.indices {
                        let inclusion = included[index]
                        precondition(inclusion == 0 || inclusion == 1, "inclusion is 0 or 1")
                        if inclusion == 0 { scores[index] = 0 }
                    }
                }
            }
        }
        self.students = students
        self.scores = scores
        self.included = included
        self.attempts = attempts
    }
}

/// Everything the engine needs: the programme, a score table per course (in the order of
/// `programme.courses`), and optionally the cohort's roster.
public struct ProgrammeInput: Sendable {
    public var programme: Programme
    /// One table per course, aligned with `programme.courses`.
    public var scores: [ScoreTable]
    /// The cohort's students. When nil, the cohort is every student in any score table,
    /// ordered by id.
    public var roster: [Student]?
    /// Survey evidence (indirect), in the order given.
    public var surveys: [Survey]
    /// The roster's status of students who are not regular (transferred in, left), by student
    /// id; a student not listed is regular. Statuses are reported, never used to exclude anyone
    /// (docs/methods.md §14).
    public var rosterStatus: [String: StudentStatus]

    /// Creates the input.
    /// - Precondition: one score table per course, each with a column per item.
    public init(
        programme: Programme, scores: [ScoreTable], roster: [Student]? = nil, surveys: [Survey] = [],
        rosterStatus: [String: StudentStatus] = [:]
    ) {
        precondition(scores.count == programme.courses.count, "one score table per course")
        for (course, table) in zip(programme.courses, scores) {
            precondition(table.scores.columns == course.items.count, "a column per item of \(course.id)")
        }
        self.programme = programme
        self.scores = scores
        self.roster = roster
        self.surveys = surveys
        self.rosterStatus = rosterStatus
    }
}

/// A student's status on the roster (学籍状态): reported beside their values; every student is
/// counted where they have scores (docs/methods.md §14).
public enum StudentStatus: String, Sendable, CaseIterable {
    /// Studied with the cohort throughout.
    case regular
    /// Joined the cohort later (转入, 转专业转入): their scores before joining may be missing.
    case transferredIn = "transferred-in"
    /// Left the cohort (退学, 转出, 休学): their later courses are missing.
    case left
}

public import AttainmentCore
internal import GRDB

/// One entry of the continuous-improvement ledger (持续改进台账): a problem, found by an early
/// warning or by a person, and what is done about it.
public struct ImprovementRecord: Sendable, Equatable {
    /// Where the record stands.
    public enum Status: String, Sendable, CaseIterable {
        /// Found, nothing done yet (a draft from a warning starts here).
        case open
        /// Measures are under way.
        case inProgress = "in-progress"
        /// Dealt with.
        case closed
    }

    /// The record's id in the history; nil for a record not yet added.
    public var id: Int64?
    /// The programme's id.
    public var programmeID: String
    /// The cohort in which the problem was found.
    public var cohort: String
    /// Who acts on it: the programme or a course's teachers.
    public var level: EarlyWarning.Level
    /// What kind of thing it is about.
    public var target: EarlyWarning.Target
    /// The target's id, as in `EarlyWarning.targetID`.
    public var targetID: String
    /// The course, for course and course-objective targets.
    public var courseID: String?
    /// The warning rule that found the problem; nil for a record a person added that is not
    /// about a warning.
    public var rule: EarlyWarning.Rule?
    /// The value when the problem was found.
    public var baselineValue: Double?
    /// The bound the value should reach (for a warning, the bound it crossed).
    public var bound: Double?
    /// 信息来源: where the information came from.
    public var source: String
    /// 责任单位: the responsible unit.
    public var responsibleUnit: String
    /// 反馈内容: what was fed back.
    public var feedback: String
    /// 回应: the response.
    public var response: String
    /// 改进措施: the improvement measures.
    public var measures: String
    /// 预期效果: the expected effect.
    public var expectedEffect: String
    /// The deadline, as a date (`YYYY-MM-DD`) or empty.
    public var deadline: String
    /// 责任人: the responsible person.
    public var responsiblePerson: String
    /// Where the record stands.
    public var status: Status
    /// The date the record was made (`YYYY-MM-DD`).
    public var created: String
    /// The date it was closed.
    public var closed: String?
    /// The run whose warning drafted it.
    public var runID: Int64?

    /// Creates a record; the text fields default to empty and the status to open.
    public init(
        id: Int64? = nil, programmeID: String, cohort: String, level: EarlyWarning.Level,
        target: EarlyWarning.Target, targetID: String, courseID: String? = nil, rule: EarlyWarning.Rule? = nil,
        baselineValue: Double? = nil, bound: Double? = nil, source: String = "", responsibleUnit: String = "",
        feedback: String = "", response: String = "", measures: String = "", expectedEffect: String = "",
        deadline: String = "", responsiblePerson: String = "", status: Status = .open, created: String,
        closed: String? = nil, runID: Int64? = nil
    ) {
        self.id = id
        self.programmeID = programmeID
        self.cohort = cohort
        self.level = level
        self.target = target
        self.targetID = targetID
        self.courseID = courseID
        self.rule = rule
        self.baselineValue = baselineValue
        self.bound = bound
        self.source = source
        self.responsibleUnit = responsibleUnit
        self.feedback = feedback
        self.response = response
        self.measures = measures
        self.expectedEffect = expectedEffect
        self.deadline = deadline
        self.responsiblePerson = responsiblePerson
        self.status = status
        self.created = created
        self.closed = closed
        self.runID = runID
    }
}

extension ImprovementRecord {
    /// The columns of `improvement` other than `id`, in the order of `insertArguments`.
    static let columns = [
        "programme_id", "cohort", "level", "target", "target_id", "course_id", "rule", "baseline_value", "bound",
        "source", "responsible_unit", "feedback", "response", "measures", "expected_effect", "deadline",
        "responsible_person", "status", "created", "closed", "run_id",
    ]

    static let insertSQL =
        "INSERT INTO improvement (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"

    static let updateSQL =
        "UPDATE improvement SET \(columns.map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ?"

    /// The values of `columns`.
    var insertArguments: StatementArguments {
        [
            programmeID, cohort, level.rawValue, target.rawValue, targetID, courseID, rule?.rawValue, baselineValue,
            bound, source, responsibleUnit, feedback, response, measures, expectedEffect, deadline,
            responsiblePerson, status.rawValue, created, closed, runID,
        ]
    }
}

/// What a later cohort says about an improvement record: whether the problem went away.
public struct Recheck: Sendable, Equatable {
    /// The outcome of a re-check.
    public enum Status: String, Sendable, CaseIterable {
        /// No later cohort is recorded yet (or, for a record without a rule, a value or bound is missing).
        case pending
        /// The later cohort no longer has the warning (or reaches the bound).
        case recovered
        /// The later cohort still has it.
        case notRecovered = "not-recovered"
    }

    /// The outcome.
    public var status: Status
    /// The later cohort looked at.
    public var cohort: String?
    /// Its value of the measure the record is about.
    public var value: Double?
    /// The run of that cohort looked at.
    public var runID: Int64?

    /// Creates a re-check.
    public init(status: Status, cohort: String? = nil, value: Double? = nil, runID: Int64? = nil) {
        self.status = status
        self.cohort = cohort
        self.value = value
        self.runID = runID
    }
}

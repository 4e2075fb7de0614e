import AttainmentCore

/// What the outputs say about students' records: transfers, leavers, resits and retakes, and
/// elective groups (docs/methods.md §14). Says nothing for a programme without any of them, so
/// that its outputs stay as they were.
struct StudentRecords {
    let result: AttainmentResult

    init(_ result: AttainmentResult) { self.result = result }

    var transferredIn: Int { result.students.count(.transferredIn) }
    var left: Int { result.students.count(.left) }

    /// Whether there is anything to report.
    var isPresent: Bool {
        !result.students.statuses.isEmpty || result.laterAttemptsCounted > 0 || !result.programme.electiveGroups.isEmpty
    }

    /// The sentence of summary.md and the terminal summary.
    var sentence: String {
        var parts: [String] = []
        if !result.students.statuses.isEmpty {
            parts.append("\(transferredIn) transferred in, \(left) left (counted where they have scores)")
        }
        let later = result.laterAttemptsCounted
        parts.append("\(later) counted with a resit or retake (retake: \(result.programme.methods.retake.rawValue))")
        if !result.programme.electiveGroups.isEmpty {
            parts.append("elective groups \(result.programme.electiveGroups.map(\.id).joined(separator: ", "))")
        }
        return parts.joined(separator: "; ")
    }

    /// The facts line, when there is something to report.
    var facts: [(String, String)] {
        isPresent ? [("Student records", sentence)] : []
    }

    /// results.json's `student_records`, when there is something to report.
    var json: [(String, JSONValue)] {
        guard isPresent else { return [] }
        return [("student_records", .object([
            ("retake", .string(result.programme.methods.retake.rawValue)),
            ("later_attempts_counted", .integer(result.laterAttemptsCounted)),
            ("students_transferred_in", .integer(transferredIn)),
            ("students_left", .integer(left)),
            ("elective_groups", .array(result.programme.electiveGroups.map { group in
                .object([
                    ("id", .string(group.id)), ("name", .string(group.name)),
                    ("courses", .array(group.courses.map(JSONValue.string))),
                ])
            })),
        ]))]
    }

    /// A student's missing courses and groups, with their status when not regular:
    /// `C2 G1 (left)`.
    static func missingText(_ cohort: CohortAttainment, _ q: Int, programme: Programme) -> String {
        let missing = cohort.missingIDs(q, programme: programme).joined(separator: " ")
        let status = cohort.status(q)
        guard status != .regular else { return missing }
        return missing.isEmpty ? "(\(status.rawValue))" : "\(missing) (\(status.rawValue))"
    }
}

/// Students' records: which attempt counts, and elective groups (docs/methods.md §14).

extension ScoreTable {
    /// The table of the given rows, in the given order; attempts kept when any is not 1.
    func selectingRows(_ rows: [Int]) -> ScoreTable {
        var scores = Matrix(rows: rows.count, columns: self.scores.columns)
        var included = self.included.map { _ in Matrix(rows: rows.count, columns: self.scores.columns) }
        for (r, row) in rows.enumerated() {
            for j in 0..<scores.columns {
                scores[r, j] = self.scores[row, j]
                included?[r, j] = self.included?[row, j] ?? 1
            }
        }
        let attempts = self.attempts.map { all in rows.map { all[$0] } }
        return ScoreTable(
            students: rows.map { students[$0] }, scores: scores, included: included,
            attempts: attempts?.allSatisfy { $0 == 1 } == true ? nil : attempts)
    }
}

/// The row that counts for each student under a retake rule (methods.md §14): the lowest
/// attempt (`first`), the highest (`latest`), or the highest course mark (`best`, ties and
/// rows without a mark going to the earlier attempt).
///
/// - Parameters:
///   - students: the table's students, one row per attempt.
///   - attempts: each row's attempt; nil when every row is a first attempt.
///   - marks: each row's course mark (NaN when none); used by `best` only.
/// - Returns: one row index per student, in the order of each student's first row.
/// - Complexity: O(rows).
func countedRows(
    students: [Student], attempts: [Int]?, rule: MethodSettings.RetakeRule, marks: [Double]
) -> [Int] {
    guard let attempts else { return Array(students.indices) }
    var chosen: [Int] = []
    var slot = [String: Int]()
    for row in students.indices {
        let id = students[row].id
        guard let s = slot[id] else {
            slot[id] = chosen.count
            chosen.append(row)
            continue
        }
        let current = chosen[s]
        let earlier = attempts[row] < attempts[current]
        let replace: Bool
        switch rule {
        case .first: replace = earlier
        case .latest: replace = attempts[row] > attempts[current]
        case .best:
            let mark = marks[row].isNaN ? -Double.infinity : marks[row]
            let currentMark = marks[current].isNaN ? -Double.infinity : marks[current]
            // Marks within `markTolerance` are equal (binary noise of sums of ratios): the
            // earlier attempt then counts, as documented (methods.md §14.1).
            let tied = mark == currentMark || abs(mark - currentMark) <= markTolerance
            replace = tied ? earlier : mark > currentMark
        }
        if replace { chosen[s] = row }
    }
    return chosen
}

/// Which course of an elective group each student took, for one group (methods.md §14).
struct ElectiveChoice {
    /// Student id → (member index in the group, row in that course's result).
    let taken: [String: (member: Int, row: Int)]
    /// Students (ids) with rows in more than one member course, in the order met.
    let several: [String]

    /// - Parameter members: the member courses' results, in group order.
    init(members: [CourseAttainment]) {
        var taken = [String: (member: Int, row: Int)]()
        var several: [String] = []
        var counted = Set<String>()
        for (m, course) in members.enumerated() {
            for (row, student) in course.students.enumerated() {
                if taken[student.id] == nil {
                    taken[student.id] = (m, row)
                } else if counted.insert(student.id).inserted {
                    several.append(student.id)
                }
            }
        }
        self.taken = taken
        self.several = several
    }
}

extension CourseAttainment {
    /// A student's value for an indicator from the objectives mapped to it (mean or min);
    /// nil when none is evaluable (methods.md §4).
    func studentIndicatorValue(row: Int, objectives columns: [Int], _ aggregate: MethodSettings.Aggregate) -> Double? {
        AttainmentCore.aggregate(columns.lazy.map { perStudent[row, $0] }, aggregate)
    }
}

/// The position of each id in a list; where an id repeats the first position wins (validation
/// reports repeated ids as errors).
package func positions(ofIDs ids: some Sequence<String>) -> [String: Int] {
    var positions = [String: Int]()
    for (position, id) in ids.enumerated() where positions[id] == nil {
        positions[id] = position
    }
    return positions
}

/// Whether two lists hold the same student ids in the same order: a comparison of texts,
/// cheaper than hashing them.
package func sameStudents(_ a: [Student], _ b: [Student]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.id == $1.id }
}

/// Each student's row in a cohort, for lists of some of the cohort's students (a course's
/// table): a list in the cohort's own order, the usual one, maps row p to row p with no
/// hashing; for the others the cohort's index of ids is made once, when first needed.
package struct CohortRows {
    private let cohort: [Student]
    private var index: [String: Int]?

    package init(_ cohort: [Student]) {
        self.cohort = cohort
    }

    /// The cohort's row of each of `students`; nil for one who is not in the cohort.
    package mutating func rows(of students: [Student]) -> [Int?] {
        // Mapped to optionals one by one: `Array(cohort.indices)` as `[Int?]` is converted
        // with a dynamic cast per element.
        if sameStudents(students, cohort) { return cohort.indices.map(Optional.some) }
        let index = self.index ?? positions(ofIDs: cohort.map(\.id))
        self.index = index
        return students.map { index[$0.id] }
    }
}

/// A count with its English noun, in the plural unless it is one: `1 alert`, `3 alerts`,
/// `0 alerts`.
package func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}

/// A number as the input would write it: `3`, `0.25`, never `3.0`. Used in messages and in
/// output cells that echo the input (full marks, weights, thresholds).
package func shortDecimal(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
}

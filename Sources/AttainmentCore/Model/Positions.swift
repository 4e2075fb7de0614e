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

/// A number as the input would write it: `3`, `0.25`, never `3.0`. Used in messages and in
/// output cells that echo the input (full marks, weights, thresholds).
package func shortDecimal(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
}

/// The coefficient matrices of one course's assessment plan (docs/methods.md §2.4).
///
/// Every method is computed from (component, objective) pairs: for student p and pair (c, k),
/// N_p,ck = Σ_{j∈c} x_pj · m_jk / S_j (the marks the student earned for k in c) and
/// D_p,ck = Σ_{j∈c, j counts for p} m_jk (the marks available). With X the students × items
/// scores and M the 0/1 mask of scores that count, N = X · Qₙ and D = M · Q_d are two products.
///
/// Where a component weights its items (§2.5), item j counts as if its full marks were its
/// normalised weight v̂_j: both of its rows are scaled by f_j = v̂_j / S_j.
///
/// The course mark (§9) needs no columns of its own: validation makes an item's marks per
/// objective add up to its full marks, so a component's pairs together hold all of its items'
/// marks, earned and available.
struct CoursePlanMatrices {
    /// The pairs, grouped by objective, components in plan order.
    let pairs: [(component: Int, objective: Int)]
    /// Items × pairs: f_j m_jk / S_j where item j is in the pair's component, else 0.
    let numerator: Matrix
    /// Items × pairs: f_j m_jk where item j is in the pair's component, else 0.
    let denominator: Matrix
    /// The pair indices of each objective: consecutive, since the pairs are grouped by objective.
    let pairsOfObjective: [Range<Int>]
    /// The pair indices grouped by component, components in plan order, pairs in order:
    /// component c's are `componentPairs[pairsOfComponent[c]]`.
    let componentPairs: [Int]
    /// Each component's range of `componentPairs` (empty for a component no item is in).
    let pairsOfComponent: [Range<Int>]
    /// Component weights normalised to sum to 1.
    let componentWeights: [Double]

    /// Builds the matrices from a validated course.
    init(course: Course) {
        let componentIndex = positions(ofIDs: course.components.map(\.id))
        let objectiveIndex = positions(ofIDs: course.objectives.map(\.id))
        let componentCount = course.components.count
        // The (component c, objective k) pairs some item assesses, then each one's index, at
        // k · components + c (objective-major, as the pairs are listed); -1 for a pair no
        // item assesses.
        var pairIndex = [Int](repeating: -1, count: course.objectives.count * componentCount)
        for item in course.items {
            guard let c = componentIndex[item.component] else { continue }
            for part in item.marks {
                if let k = objectiveIndex[part.objective] { pairIndex[k * componentCount + c] = 0 }
            }
        }
        var pairs: [(component: Int, objective: Int)] = []
        var pairsOfObjective: [Range<Int>] = []
        for k in course.objectives.indices {
            let first = pairs.count
            for c in course.components.indices where pairIndex[k * componentCount + c] >= 0 {
                pairIndex[k * componentCount + c] = pairs.count
                pairs.append((c, k))
            }
            pairsOfObjective.append(first..<pairs.count)
        }
        var componentPairs: [Int] = []
        var pairsOfComponent: [Range<Int>] = []
        for c in course.components.indices {
            let first = componentPairs.count
            componentPairs += pairs.indices.filter { pairs[$0].component == c }
            pairsOfComponent.append(first..<componentPairs.count)
        }
        var numerator = Matrix(rows: course.items.count, columns: pairs.count)
        var denominator = Matrix(rows: course.items.count, columns: pairs.count)
        // f_j = v̂_j / S_j for an item with a weight, else 1 (methods.md §2.5).
        let itemScales = zip(course.normalisedItemWeights, course.items).map { weight, item in
            weight.flatMap { item.fullMarks > 0 ? $0 / item.fullMarks : nil } ?? 1
        }
        for (j, item) in course.items.enumerated() {
            guard let c = componentIndex[item.component], item.fullMarks > 0 else { continue }
            for part in item.marks {
                guard let k = objectiveIndex[part.objective] else { continue }
                let p = pairIndex[k * componentCount + c]
                numerator[j, p] += part.marks / item.fullMarks * itemScales[j]
                denominator[j, p] += part.marks * itemScales[j]
            }
        }
        self.pairs = pairs
        self.componentPairs = componentPairs
        self.pairsOfComponent = pairsOfComponent
        self.numerator = numerator
        self.denominator = denominator
        self.pairsOfObjective = pairsOfObjective
        self.componentWeights = course.normalisedComponentWeights
    }
}

/// Every student's values in one course, from one pair of products.
struct CourseStudentValues {
    /// Students × objectives, NaN where a student has no counting item for an objective (§2).
    var objectives: Matrix
    /// Each student's course mark (0-1), NaN where none of the course's items counts (§9).
    var marks: [Double]
    /// Under NBA and ABET (§11, §12), each objective's class value, which is not the mean of
    /// the students' values, with its evidence; nil under the mark-ratio methods. Its students'
    /// values are `objectives`.
    var scheme: SchemeObjectiveValues? = nil
}

/// Computes every student's attainment of each objective of one course (docs/methods.md §2)
/// and every student's course mark (§9).
///
/// - Returns: the objective values and the marks, aligned with the table's students.
/// - Complexity: two matrix products of n × items × pairs, then O(n · pairs).
func courseStudentValues(
    course: Course, scores table: ScoreTable, methods: MethodSettings
) -> CourseStudentValues {
    let plan = CoursePlanMatrices(course: course)
    let students = table.students.count
    let earned = table.scores.multiplied(by: plan.numerator)
    // Without exclusions every student has the same available marks: one row serves all.
    let available = table.included?.multiplied(by: plan.denominator)
    let fullAvailable = plan.denominator.transposedMultiplied(
        by: [Double](repeating: 1, count: plan.denominator.rows))

    var result = Matrix(rows: students, columns: course.objectives.count, repeating: .nan)
    var marks = [Double](repeating: .nan, count: students)
    let scheme: SchemeObjectiveValues? = switch methods.courseObjective {
    case .weightedRatios, .weightedSums, .pooledMarks:
        nil
    case .attainmentLevels:
        attainmentLevels(
            course: course, plan: plan, earned: earned, available: { p, pair in available?[p, pair] ?? fullAvailable[pair] },
            students: students, methods: methods)
    case .rubricLevels:
        rubricLevels(course: course, scores: table, methods: methods)
    }
    if let scheme { result = scheme.perStudent }
    switch methods.courseObjective {
    case .pooledMarks:
        ratioValues(PooledMarks.self, plan: plan, earned: earned, available: available, fullAvailable: fullAvailable,
                    capAtOne: methods.capAtOne, into: &result)
    case .weightedSums:
        ratioValues(WeightedSums.self, plan: plan, earned: earned, available: available, fullAvailable: fullAvailable,
                    capAtOne: methods.capAtOne, into: &result)
    case .weightedRatios:
        ratioValues(WeightedRatios.self, plan: plan, earned: earned, available: available, fullAvailable: fullAvailable,
                    capAtOne: methods.capAtOne, into: &result)
    case .attainmentLevels, .rubricLevels:
        break  // computed above
    }
    courseMarks(plan: plan, earned: earned, available: available, fullAvailable: fullAvailable,
                capAtOne: methods.capAtOne, into: &marks)
    return CourseStudentValues(objectives: result, marks: marks, scheme: scheme)
}

/// How a ratio method (methods.md §2.1-2.3) adds one (component, objective) pair's marks
/// earned `e` and available `a` (> 0), its component weighing `w`, to an objective's
/// numerator and denominator. One type per method, so that the students' loop is compiled
/// once for each, with no switch inside it.
private protocol RatioAccumulation {
    static func add(earned e: Double, available a: Double, weight w: Double, to numerator: inout Double, _ denominator: inout Double)
}

/// §2.3: Σ N / Σ D over the pairs.
private enum PooledMarks: RatioAccumulation {
    @inline(__always)
    static func add(earned e: Double, available a: Double, weight w: Double, to numerator: inout Double, _ denominator: inout Double) {
        numerator += e
        denominator += a
    }
}

/// §2.2: Σ w·N / Σ w·D.
private enum WeightedSums: RatioAccumulation {
    @inline(__always)
    static func add(earned e: Double, available a: Double, weight w: Double, to numerator: inout Double, _ denominator: inout Double) {
        numerator += w * e
        denominator += w * a
    }
}

/// §2.1: Σ w·(N / D) / Σ w.
private enum WeightedRatios: RatioAccumulation {
    @inline(__always)
    static func add(earned e: Double, available a: Double, weight w: Double, to numerator: inout Double, _ denominator: inout Double) {
        numerator += w * (e / a)
        denominator += w
    }
}

/// Each student's value of each objective under a ratio method: the objective's pairs in
/// order, each with marks available (> 0), added by `Method`; NaN (left as it is in `result`)
/// where no pair has marks available.
///
/// The arithmetic is the formula's, term by term in the pairs' order; the loop reads the
/// products' rows in place, with the per-pair weights laid out once.
/// - Parameters:
///   - available: students × pairs, or nil when every student has `fullAvailable`.
/// - Complexity: O(students · pairs).
private func ratioValues<Method: RatioAccumulation>(
    _: Method.Type, plan: CoursePlanMatrices, earned: Matrix, available: Matrix?, fullAvailable: [Double],
    capAtOne: Bool, into result: inout Matrix
) {
    let objectiveCount = result.columns
    let students = result.rows
    let pairWeights = plan.pairs.map { plan.componentWeights[$0.component] }
    let ranges = plan.pairsOfObjective
    precondition(
        earned.rows == students && earned.columns == plan.pairs.count && ranges.count == objectiveCount,
        "the products fit the plan and the result")
    PairRows.reading(earned: earned, available: available, fullAvailable: fullAvailable) { rows in
        pairWeights.withUnsafeBufferPointer { weights in
            result.elements.withUnsafeMutableBufferPointer { result in
                for p in 0..<students {
                    let (earnedRow, availableRow) = rows.row(p)
                    for k in 0..<objectiveCount {
                        var numerator = 0.0
                        var denominator = 0.0
                        for pair in ranges[k] {
                            let marksAvailable = availableRow[pair]
                            guard marksAvailable > 0 else { continue }
                            Method.add(
                                earned: earnedRow[pair], available: marksAvailable, weight: weights[pair],
                                to: &numerator, &denominator)
                        }
                        guard denominator > 0 else { continue }
                        let value = numerator / denominator
                        result[p * objectiveCount + k] = capAtOne ? min(value, 1) : value
                    }
                }
            }
        }
    }
}

/// Each student's course mark (methods.md §9): component ratios weighted by w_c renormalised
/// over the components with a counting item, whatever the objective method; NaN (left as it
/// is in `marks`) where none of the course's items counts.
/// - Parameters:
///   - available: students × pairs, or nil when every student has `fullAvailable`.
/// - Complexity: O(students · pairs).
private func courseMarks(
    plan: CoursePlanMatrices, earned: Matrix, available: Matrix?, fullAvailable: [Double], capAtOne: Bool,
    into marks: inout [Double]
) {
    let students = marks.count
    // The components that have pairs, in order, with their weights and their ranges of pairs.
    let components = plan.pairsOfComponent.indices.filter { !plan.pairsOfComponent[$0].isEmpty }
    let componentRanges = components.map { plan.pairsOfComponent[$0] }
    let componentWeights = components.map { plan.componentWeights[$0] }
    let componentPairs = plan.componentPairs
    precondition(earned.rows == students && earned.columns == plan.pairs.count, "the products fit the plan and the marks")
    PairRows.reading(earned: earned, available: available, fullAvailable: fullAvailable) { rows in
        marks.withUnsafeMutableBufferPointer { marks in
            for p in 0..<students {
                let (earnedRow, availableRow) = rows.row(p)
                var numerator = 0.0
                var denominator = 0.0
                for (range, weight) in zip(componentRanges, componentWeights) {
                    var marksEarned = 0.0
                    var marksAvailable = 0.0
                    for pair in componentPairs[range] {
                        marksEarned += earnedRow[pair]
                        marksAvailable += availableRow[pair]
                    }
                    guard marksAvailable > 0 else { continue }
                    numerator += weight * (marksEarned / marksAvailable)
                    denominator += weight
                }
                if denominator > 0 {
                    let mark = numerator / denominator
                    marks[p] = capAtOne ? min(mark, 1) : mark
                }
            }
        }
    }
}

/// A student's row of the products N and D (students × pairs), read in place: D's row is the
/// shared `fullAvailable` when no student has an item that does not count.
private struct PairRows {
    let earned: UnsafePointer<Double>
    let available: UnsafePointer<Double>
    /// The distance between two students' rows of `available`: 0 for the shared row.
    let availableStride: Int
    let pairCount: Int

    /// Calls `body` with the rows of `earned` and of `available` (or `fullAvailable`) readable;
    /// not at all when there is no row or no pair, and so nothing to read.
    /// - Precondition: `available` has the shape of `earned`, and `fullAvailable` an entry per
    ///   column.
    static func reading(
        earned: Matrix, available: Matrix?, fullAvailable: [Double], _ body: (PairRows) -> Void
    ) {
        let pairCount = earned.columns
        precondition(
            available.map { $0.rows == earned.rows && $0.columns == pairCount } ?? true && fullAvailable.count == pairCount,
            "N and D have the same shape")
        guard earned.rows > 0 && pairCount > 0 else { return }
        earned.elements.withUnsafeBufferPointer { earnedElements in
            func withAvailable(_ elements: [Double], stride: Int) {
                elements.withUnsafeBufferPointer { availableElements in
                    // Both non-empty, so both have an address.
                    guard let earnedBase = earnedElements.baseAddress, let availableBase = availableElements.baseAddress
                    else { return }
                    body(PairRows(earned: earnedBase, available: availableBase, availableStride: stride, pairCount: pairCount))
                }
            }
            if let available {
                withAvailable(available.elements, stride: pairCount)
            } else {
                withAvailable(fullAvailable, stride: 0)
            }
        }
    }

    /// Student `p`'s rows.
    @inline(__always)
    func row(_ p: Int) -> (earned: UnsafePointer<Double>, available: UnsafePointer<Double>) {
        (earned + p * pairCount, available + p * availableStride)
    }
}

/// Mean, count and count below a threshold of the non-NaN entries of each column.
func columnSummaries(_ matrix: Matrix, threshold: Double, individualThreshold: Double) -> [ClassValue] {
    var sums = [Double](repeating: 0, count: matrix.columns)
    var counts = [Int](repeating: 0, count: matrix.columns)
    var below = [Int](repeating: 0, count: matrix.columns)
    // Row by row, as the sums' order; in place.
    matrix.elements.withUnsafeBufferPointer { elements in
        sums.withUnsafeMutableBufferPointer { sums in
            counts.withUnsafeMutableBufferPointer { counts in
                below.withUnsafeMutableBufferPointer { below in
                    var index = 0
                    for _ in 0..<matrix.rows {
                        for c in 0..<matrix.columns {
                            let value = elements[index]
                            index += 1
                            guard !value.isNaN else { continue }
                            sums[c] += value
                            counts[c] += 1
                            if isBelow(value, threshold: individualThreshold) { below[c] += 1 }
                        }
                    }
                }
            }
        }
    }
    return (0..<matrix.columns).map { c in
        let value: Double? = counts[c] > 0 ? sums[c] / Double(counts[c]) : nil
        return ClassValue(
            value: value, verdict: Verdict(value, threshold: threshold),
            studentsEvaluated: counts[c], studentsBelowIndividual: below[c])
    }
}

/// Class average and count of every item over the students for whom it counts.
func itemStatistics(course: Course, scores table: ScoreTable) -> [ItemStatistics] {
    let students = table.students.count
    let ones = [Double](repeating: 1, count: students)
    let sums = table.scores.transposedMultiplied(by: ones)
    let counts = table.included?.transposedMultiplied(by: ones)
        ?? [Double](repeating: Double(students), count: course.items.count)
    return course.items.enumerated().map { j, item in
        let counted = Int(counts[j].rounded())
        return ItemStatistics(
            itemID: item.id, fullMarks: item.fullMarks,
            average: counted > 0 ? sums[j] / Double(counted) : nil, studentsCounted: counted)
    }
}

/// Mean or minimum of the values that are not NaN; nil when there are none.
func aggregate(_ values: some Sequence<Double>, _ method: MethodSettings.Aggregate) -> Double? {
    var aggregation = Aggregation()
    for value in values { aggregation.add(value) }
    return aggregation.result(method)
}

/// The running mean or minimum of `aggregate(_:_:)`, for loops that read their values in
/// place: the values that are not NaN, added in order.
struct Aggregation {
    private var count = 0
    private var sum = 0.0
    private var smallest = Double.infinity

    /// Adds `value`, unless it is NaN.
    @inline(__always)
    mutating func add(_ value: Double) {
        guard !value.isNaN else { return }
        count += 1
        sum += value
        smallest = min(smallest, value)
    }

    /// The mean or the minimum of the values added; nil when none was.
    @inline(__always)
    func result(_ method: MethodSettings.Aggregate) -> Double? {
        guard count > 0 else { return nil }
        switch method {
        case .mean: return sum / Double(count)
        case .min: return smallest
        }
    }
}

extension Matrix {
    /// For each row p of `self` with a row `rows[p]` of `target`: the aggregate of its entries
    /// in `columns` (NaN ones left out), written to `target[rows[p], column]`; a row with no
    /// such entry leaves its target entry as it is. Reads and writes in place.
    /// - Precondition: `rows` has an entry per row, every one of `columns` is a column of
    ///   `self`, every row in `rows` is a row of `target` and `column` a column of it.
    func aggregatingRows(
        columns: [Int], _ method: MethodSettings.Aggregate, into target: inout Matrix, rows: [Int?], column: Int
    ) {
        precondition(rows.count == self.rows && columns.allSatisfy { $0 >= 0 && $0 < self.columns }
                     && column >= 0 && column < target.columns
                     && rows.allSatisfy { $0.map { $0 >= 0 && $0 < target.rows } ?? true }, "rows and columns in range")
        let width = self.columns
        let targetWidth = target.columns
        elements.withUnsafeBufferPointer { source in
            target.elements.withUnsafeMutableBufferPointer { target in
                columns.withUnsafeBufferPointer { columns in
                    for (p, row) in rows.enumerated() {
                        guard let q = row else { continue }
                        var aggregation = Aggregation()
                        for c in columns { aggregation.add(source[p * width + c]) }
                        if let value = aggregation.result(method) { target[q * targetWidth + column] = value }
                    }
                }
            }
        }
    }
}

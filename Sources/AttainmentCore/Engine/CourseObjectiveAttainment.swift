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
    /// The pair indices of each objective.
    let pairsOfObjective: [[Int]]
    /// The pair indices of each component (empty for a component no item is in).
    let pairsOfComponent: [[Int]]
    /// Component weights normalised to sum to 1.
    let componentWeights: [Double]

    /// Builds the matrices from a validated course.
    init(course: Course) {
        let componentIndex = positions(ofIDs: course.components.map(\.id))
        let objectiveIndex = positions(ofIDs: course.objectives.map(\.id))
        var used = Set<[Int]>()
        for item in course.items {
            guard let c = componentIndex[item.component] else { continue }
            for part in item.marks {
                if let k = objectiveIndex[part.objective] { used.insert([c, k]) }
            }
        }
        var pairs: [(component: Int, objective: Int)] = []
        var pairsOfObjective = [[Int]](repeating: [], count: course.objectives.count)
        for k in course.objectives.indices {
            for c in course.components.indices where used.contains([c, k]) {
                pairsOfObjective[k].append(pairs.count)
                pairs.append((c, k))
            }
        }
        // Pairs are unique by construction (they come from a set).
        let pairIndex = Dictionary(uniqueKeysWithValues: pairs.enumerated().map { ([$1.component, $1.objective], $0) })
        var pairsOfComponent = [[Int]](repeating: [], count: course.components.count)
        for (index, pair) in pairs.enumerated() { pairsOfComponent[pair.component].append(index) }
        var numerator = Matrix(rows: course.items.count, columns: pairs.count)
        var denominator = Matrix(rows: course.items.count, columns: pairs.count)
        // f_j = v̂_j / S_j for an item with a weight, else 1 (methods.md §2.5).
        let itemScales = zip(course.normalisedItemWeights, course.items).map { weight, item in
            weight.flatMap { item.fullMarks > 0 ? $0 / item.fullMarks : nil } ?? 1
        }
        for (j, item) in course.items.enumerated() {
            guard let c = componentIndex[item.component], item.fullMarks > 0 else { continue }
            for part in item.marks {
                guard let k = objectiveIndex[part.objective], let p = pairIndex[[c, k]] else { continue }
                numerator[j, p] += part.marks / item.fullMarks * itemScales[j]
                denominator[j, p] += part.marks * itemScales[j]
            }
        }
        self.pairs = pairs
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
    let ratioMethod = scheme == nil
    for p in 0..<students {
        for (k, pairIndices) in plan.pairsOfObjective.enumerated() where ratioMethod {
            var numerator = 0.0
            var denominator = 0.0
            for pair in pairIndices {
                let marksAvailable = available?[p, pair] ?? fullAvailable[pair]
                guard marksAvailable > 0 else { continue }
                let marksEarned = earned[p, pair]
                let weight = plan.componentWeights[plan.pairs[pair].component]
                switch methods.courseObjective {
                case .pooledMarks:
                    numerator += marksEarned
                    denominator += marksAvailable
                case .weightedSums:
                    numerator += weight * marksEarned
                    denominator += weight * marksAvailable
                case .weightedRatios:
                    numerator += weight * (marksEarned / marksAvailable)
                    denominator += weight
                case .attainmentLevels, .rubricLevels:
                    preconditionFailure("§11 and §12 are computed above")
                }
            }
            guard denominator > 0 else { continue }
            let value = numerator / denominator
            result[p, k] = methods.capAtOne ? min(value, 1) : value
        }

        // The course mark: component ratios weighted by w_c renormalised over the components
        // with a counting item, whatever the objective method (methods.md §9).
        var numerator = 0.0
        var denominator = 0.0
        for (component, pairIndices) in plan.pairsOfComponent.enumerated() where !pairIndices.isEmpty {
            var marksEarned = 0.0
            var marksAvailable = 0.0
            for pair in pairIndices {
                marksEarned += earned[p, pair]
                marksAvailable += available?[p, pair] ?? fullAvailable[pair]
            }
            guard marksAvailable > 0 else { continue }
            let weight = plan.componentWeights[component]
            numerator += weight * (marksEarned / marksAvailable)
            denominator += weight
        }
        if denominator > 0 {
            let mark = numerator / denominator
            marks[p] = methods.capAtOne ? min(mark, 1) : mark
        }
    }
    return CourseStudentValues(objectives: result, marks: marks, scheme: scheme)
}

/// Mean, count and count below a threshold of the non-NaN entries of each column.
func columnSummaries(_ matrix: Matrix, threshold: Double, individualThreshold: Double) -> [ClassValue] {
    var sums = [Double](repeating: 0, count: matrix.columns)
    var counts = [Int](repeating: 0, count: matrix.columns)
    var below = [Int](repeating: 0, count: matrix.columns)
    for r in 0..<matrix.rows {
        for c in 0..<matrix.columns {
            let value = matrix[r, c]
            guard !value.isNaN else { continue }
            sums[c] += value
            counts[c] += 1
            if isBelow(value, threshold: individualThreshold) { below[c] += 1 }
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
    var count = 0
    var sum = 0.0
    var smallest = Double.infinity
    for value in values where !value.isNaN {
        count += 1
        sum += value
        smallest = min(smallest, value)
    }
    guard count > 0 else { return nil }
    switch method {
    case .mean: return sum / Double(count)
    case .min: return smallest
    }
}

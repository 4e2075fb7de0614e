/// A course's objectives under a scheme whose class value is a count of students, not a mean:
/// each student's value, each objective's class value and the counts behind it.
struct SchemeObjectiveValues {
    /// Students × objectives, NaN where the student has no value.
    var perStudent: Matrix
    /// Per objective: NBA's level, ABET's share; nil when nobody was assessed.
    var classValues: [Double?]
    /// Per objective.
    var evidence: [SchemeEvidence]
}

/// NBA's attainment levels (docs/methods.md §11) from the course's (component, objective)
/// products of §2.4.
///
/// For objective k and part P (internal, end-semester), a student who attempted P (an item of
/// P assessing k counts for them) has the share s = Σ N / Σ D over P's pairs. The part's share
/// of students is #{s ≥ T} / #{attempted}, its level the number of bands it reaches; the
/// objective's level is the parts' levels weighted by `nba.internal` and `nba.end_semester`,
/// renormalised over the parts someone attempted. A student's value is the same weighting of
/// their own shares, over the parts they attempted.
///
/// - Parameters:
///   - earned: students × pairs, N of §2.4.
///   - available: D of §2.4 for (student, pair).
/// - Complexity: O(students · pairs).
func attainmentLevels(
    course: Course, plan: CoursePlanMatrices, earned: Matrix, available: (Int, Int) -> Double, students: Int,
    methods: MethodSettings
) -> SchemeObjectiveValues {
    let settings = methods.nba
    let kinds = AssessmentComponent.Kind.allCases
    let partWeights = kinds.map { kind in
        switch kind {
        case .internal: settings.internalWeight
        case .endSemester: settings.endSemesterWeight
        }
    }
    var perStudent = Matrix(rows: students, columns: course.objectives.count, repeating: .nan)
    var classValues: [Double?] = []
    var evidence: [SchemeEvidence] = []
    for (k, pairIndices) in plan.pairsOfObjective.enumerated() {
        // Validation gives every component a kind under attainment-levels; a component without
        // one would belong to neither part.
        let pairsOfPart = kinds.map { kind in
            pairIndices.filter { course.components[plan.pairs[$0].component].kind == kind }
        }
        var attempted = [Int](repeating: 0, count: kinds.count)
        var reaching = [Int](repeating: 0, count: kinds.count)
        for p in 0..<students {
            var weighted = 0.0
            var weightUsed = 0.0
            for part in kinds.indices where !pairsOfPart[part].isEmpty {
                var marksEarned = 0.0
                var marksAvailable = 0.0
                for pair in pairsOfPart[part] {
                    let marks = available(p, pair)
                    guard marks > 0 else { continue }
                    marksEarned += earned[p, pair]
                    marksAvailable += marks
                }
                guard marksAvailable > 0 else { continue }
                let share = marksEarned / marksAvailable
                attempted[part] += 1
                // A share is a ratio of sums: within 1e-9 below T counts as reaching it (§9).
                if reaches(share, threshold: settings.target) { reaching[part] += 1 }
                if partWeights[part] > 0 {
                    weighted += partWeights[part] * share
                    weightUsed += partWeights[part]
                }
            }
            if weightUsed > 0 {
                let value = weighted / weightUsed
                perStudent[p, k] = methods.capAtOne ? min(value, 1) : value
            }
        }

        // The class level: the parts' levels, weighted over the parts someone attempted.
        var levels = [Int?](repeating: nil, count: kinds.count)
        var levelSum = 0.0
        var weightSum = 0.0
        for part in kinds.indices where attempted[part] > 0 {
            let share = Double(reaching[part]) / Double(attempted[part])
            let level = settings.bands.count { reaches(share, threshold: $0) }
            levels[part] = level
            if partWeights[part] > 0 {
                levelSum += partWeights[part] * Double(level)
                weightSum += partWeights[part]
            }
        }
        let value: Double? = weightSum > 0 ? levelSum / weightSum : nil
        classValues.append(value)
        evidence.append(SchemeEvidence(
            parts: kinds.indices.filter { !pairsOfPart[$0].isEmpty }.map { part in
                SchemeEvidence.Part(
                    kind: kinds[part], studentsAssessed: attempted[part], studentsReaching: reaching[part],
                    level: levels[part],
                    weight: levels[part] != nil && weightSum > 0 ? partWeights[part] / weightSum : 0)
            },
            value: value))
    }
    return SchemeObjectiveValues(perStudent: perStudent, classValues: classValues, evidence: evidence)
}

/// ABET's rubric levels (docs/methods.md §12): a student's level on an objective is the mean of
/// their levels on its counting rubric rows; the objective's class value is the share of the
/// students assessed whose level reaches `abet.target_level`.
///
/// With R the items × objectives 0/1 matrix of which row assesses which objective, the sums of
/// levels are X · R and the counts of rows M · R: two `cblas_dgemm` calls (one when every score
/// counts).
///
/// - Complexity: two products of students × items × objectives, then O(students · objectives).
func rubricLevels(course: Course, scores table: ScoreTable, methods: MethodSettings) -> SchemeObjectiveValues {
    let objectiveIndex = positions(ofIDs: course.objectives.map(\.id))
    var rows = Matrix(rows: course.items.count, columns: course.objectives.count)
    for (j, item) in course.items.enumerated() {
        // Validation makes each item assess one objective under rubric-levels.
        for part in item.marks {
            if let k = objectiveIndex[part.objective] { rows[j, k] = 1 }
        }
    }
    let students = table.students.count
    let sums = table.scores.multiplied(by: rows)
    let counts = table.included?.multiplied(by: rows)
    let fullCounts = rows.transposedMultiplied(by: [Double](repeating: 1, count: rows.rows))
    let target = methods.abet.targetLevel

    var perStudent = Matrix(rows: students, columns: course.objectives.count, repeating: .nan)
    var classValues: [Double?] = []
    var evidence: [SchemeEvidence] = []
    for k in course.objectives.indices {
        var assessed = 0
        var reaching = 0
        for p in 0..<students {
            let count = counts?[p, k] ?? fullCounts[k]
            guard count > 0 else { continue }
            let level = sums[p, k] / count
            perStudent[p, k] = level
            assessed += 1
            // A mean of levels: within 1e-9 below the target level counts as reaching it.
            if reaches(level, threshold: target) { reaching += 1 }
        }
        let value: Double? = assessed > 0 ? Double(reaching) / Double(assessed) : nil
        classValues.append(value)
        evidence.append(SchemeEvidence(
            parts: [SchemeEvidence.Part(kind: nil, studentsAssessed: assessed, studentsReaching: reaching, level: nil, weight: 1)],
            value: value))
    }
    return SchemeObjectiveValues(perStudent: perStudent, classValues: classValues, evidence: evidence)
}

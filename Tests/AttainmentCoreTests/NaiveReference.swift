import AttainmentCore

// A deliberately naive reference for docs/methods.md §2-6, §9, §11 and §12, written from the formulas alone:
// nested loops over students, objectives, components and items, plain arrays and dictionaries,
// no Matrix products and no BLAS. The engine is checked against it on random programmes
// (EngineRandomTests.swift). Speed is not a goal; being obviously right is.

/// A class value as methods.md defines it, with the per-student counts reported beside it.
struct NaiveClassValue: Equatable {
    /// nil when not evaluable.
    var value: Double?
    /// Students whose own value exists.
    var studentsEvaluated: Int
    /// Of those, students whose own value is below the individual threshold.
    var studentsBelowIndividual: Int
    /// Of those, students whose own value lies on the edge of the individual threshold (1e-9
    /// below it, `NaiveReference.onTheEdge`), so that rounding in a different order of
    /// summation may put them on either side.
    var studentsNearIndividual: Int
}

/// One course's values, from its score table.
struct NaiveCourse {
    var courseID: String
    var objectiveIDs: [String]
    /// Rows of the score table × objectives; nil where the student has no value.
    var perStudent: [[Double?]]
    /// Per objective, in the course's order.
    var objectives: [NaiveClassValue]
    /// The minimum over the objectives; nil when any objective is not evaluable.
    var value: Double?
    /// Indicator id → the course's class value for it (methods.md §3), for every indicator the
    /// course supports in the support matrix.
    var indicatorValues: [String: Double?]
    /// Per item: Σ_p x_pj / Σ_p δ_pj, nil when no student counts.
    var itemAverages: [Double?]
    /// Per item: Σ_p δ_pj.
    var itemCounts: [Int]
    /// Rows of the score table: the course mark (methods.md §9); nil where no item counts.
    var marks: [Double?]
}

/// Everything the reference computes. Per-student values are arrays aligned with `cohort` and
/// with the programme's order of indicators, requirements and objectives.
struct NaiveAttainment {
    var courses: [NaiveCourse]
    /// Student ids of the cohort, in cohort order.
    var cohort: [String]
    /// Per indicator, in programme order.
    var indicators: [NaiveClassValue]
    /// Per indicator: supporting course id → normalised weight (0 under the minimum and for
    /// courses without a value).
    var indicatorWeights: [[String: Double]]
    /// Cohort × indicators; nil where not evaluable.
    var studentIndicators: [[Double?]]
    /// Per requirement, in programme order.
    var requirements: [NaiveClassValue]
    /// Cohort × requirements.
    var studentRequirements: [[Double?]]
    /// Per programme objective, in programme order.
    var objectives: [NaiveClassValue]
    /// Per programme objective: requirement id → normalised weight.
    var objectiveWeights: [[String: Double]]
    /// Cohort × programme objectives.
    var studentObjectives: [[Double?]]
    /// Per cohort student: indices (programme order) of supporting courses with no value at all.
    var missingCourses: [[Int]]
    /// Per course: ids of objectives whose class value is not evaluable.
    var notEvaluable: [[String]]
}

enum NaiveReference {
    /// Computes everything from the programme's own method settings.
    static func compute(_ input: ProgrammeInput) -> NaiveAttainment {
        let programme = input.programme
        let methods = programme.methods
        let thresholds = programme.thresholds
        let indicators = programme.indicators
        let support = programme.courseSupport

        // §2-3: every course on its own.
        var courses: [NaiveCourse] = []
        for c in 0..<programme.courses.count {
            courses.append(courseValues(course: programme.courses[c], table: input.scores[c], programme: programme))
        }

        // The cohort: the roster, or every student of any table, ordered by id.
        var cohort: [String] = []
        if let roster = input.roster {
            for student in roster { cohort.append(student.id) }
        } else {
            var seen = Set<String>()
            for table in input.scores {
                for student in table.students where !seen.contains(student.id) {
                    seen.insert(student.id)
                    cohort.append(student.id)
                }
            }
            cohort.sort { $0 < $1 }
        }

        // The course of each support cell, and its weight W_ic.
        var cellCourse: [Int] = []
        var cellWeight: [Double] = []
        for entry in support {
            var found = -1
            for c in 0..<programme.courses.count where programme.courses[c].id == entry.from {
                if found < 0 { found = c }
            }
            cellCourse.append(found)
            cellWeight.append(found < 0 ? 0 : supportWeight(entry, course: programme.courses[found], methods: methods))
        }

        // a_pci for every cohort student and support cell (course c, indicator i): the mean or
        // min over c's objectives mapped to i for which the student has a value.
        // The student's row in each course's table (the first if repeated).
        var rowOf: [[String: Int]] = []
        for table in input.scores {
            var rows: [String: Int] = [:]
            for r in 0..<table.students.count where rows[table.students[r].id] == nil {
                rows[table.students[r].id] = r
            }
            rowOf.append(rows)
        }
        var cellValue = [[Double?]](repeating: [Double?](repeating: nil, count: support.count), count: cohort.count)
        for l in 0..<support.count {
            let c = cellCourse[l]
            if c < 0 { continue }
            let course = programme.courses[c]
            for q in 0..<cohort.count {
                guard let row = rowOf[c][cohort[q]] else { continue }
                var collected: [Double] = []
                for k in 0..<course.objectives.count where course.objectives[k].indicators.contains(support[l].to) {
                    if let value = courses[c].perStudent[row][k] { collected.append(value) }
                }
                cellValue[q][l] = aggregate(collected, methods.courseIndicator)
            }
        }

        // Missing courses: supporting courses for which the student has no value at all.
        var missingCourses = [[Int]](repeating: [], count: cohort.count)
        for c in 0..<programme.courses.count {
            var cells: [Int] = []
            for l in 0..<support.count where cellCourse[l] == c { cells.append(l) }
            if cells.isEmpty { continue }
            for q in 0..<cohort.count {
                var hasValue = false
                for l in cells where cellValue[q][l] != nil { hasValue = true }
                if !hasValue { missingCourses[q].append(c) }
            }
        }

        // §4: indicators, class and per student, looping over the supporting courses.
        var indicatorResults: [NaiveClassValue] = []
        var indicatorWeights: [[String: Double]] = []
        var studentIndicators = [[Double?]](
            repeating: [Double?](repeating: nil, count: indicators.count), count: cohort.count)
        for i in 0..<indicators.count {
            var cells: [Int] = []
            for l in 0..<support.count where support[l].to == indicators[i].id && cellCourse[l] >= 0 { cells.append(l) }

            // The class value from the courses' class values A_ci.
            var classParts: [(weight: Double, value: Double)] = []
            var total = 0.0
            for l in cells {
                if let value = courses[cellCourse[l]].indicatorValues[indicators[i].id] ?? nil {
                    classParts.append((cellWeight[l], value))
                    total += cellWeight[l]
                }
            }
            let classValue = combine(classParts, methods.indicator)
            var weights: [String: Double] = [:]
            for l in cells {
                let hasValue = (courses[cellCourse[l]].indicatorValues[indicators[i].id] ?? nil) != nil
                let share = methods.indicator == .weightedSum && hasValue && total > 0 ? cellWeight[l] / total : 0
                weights[support[l].from, default: 0] += share
            }
            indicatorWeights.append(weights)

            // Per student, over the courses the student has.
            var studentValues: [Double] = []
            for q in 0..<cohort.count {
                var parts: [(weight: Double, value: Double)] = []
                for l in cells {
                    if let value = cellValue[q][l] { parts.append((cellWeight[l], value)) }
                }
                if let value = combine(parts, methods.indicator) {
                    studentIndicators[q][i] = value
                    studentValues.append(value)
                }
            }
            indicatorResults.append(summary(classValue, studentValues, thresholds))
        }

        // §5: requirements over their indicators.
        var requirementResults: [NaiveClassValue] = []
        var studentRequirements = [[Double?]](
            repeating: [Double?](repeating: nil, count: programme.requirements.count), count: cohort.count)
        var firstIndicator = 0
        for g in 0..<programme.requirements.count {
            let own = firstIndicator..<firstIndicator + programme.requirements[g].indicators.count
            firstIndicator += own.count
            var classParts: [Double] = []
            for i in own {
                if let value = indicatorResults[i].value { classParts.append(value) }
            }
            let classValue = aggregate(classParts, methods.requirement)
            var studentValues: [Double] = []
            for q in 0..<cohort.count {
                var parts: [Double] = []
                for i in own {
                    if let value = studentIndicators[q][i] { parts.append(value) }
                }
                if let value = aggregate(parts, methods.requirement) {
                    studentRequirements[q][g] = value
                    studentValues.append(value)
                }
            }
            requirementResults.append(summary(classValue, studentValues, thresholds))
        }

        // §6: programme objectives through the requirement support V_go.
        var objectiveResults: [NaiveClassValue] = []
        var objectiveWeights: [[String: Double]] = []
        var studentObjectives = [[Double?]](
            repeating: [Double?](repeating: nil, count: programme.objectives.count), count: cohort.count)
        for o in 0..<programme.objectives.count {
            var supporters: [(requirement: Int, weight: Double)] = []
            for entry in programme.requirementSupport where entry.to == programme.objectives[o].id {
                let weight: Double
                switch entry.strength {
                case .level(let level): weight = methods.levelWeights.weight(of: level)
                case .weight(let number): weight = number
                }
                for g in 0..<programme.requirements.count where programme.requirements[g].id == entry.from {
                    supporters.append((g, weight))
                }
            }
            var classParts: [(weight: Double, value: Double)] = []
            var total = 0.0
            for supporter in supporters {
                if let value = requirementResults[supporter.requirement].value {
                    classParts.append((supporter.weight, value))
                    total += supporter.weight
                }
            }
            let classValue = combine(classParts, .weightedSum)
            var weights: [String: Double] = [:]
            for supporter in supporters {
                let hasValue = requirementResults[supporter.requirement].value != nil
                weights[programme.requirements[supporter.requirement].id, default: 0] +=
                    hasValue && total > 0 ? supporter.weight / total : 0
            }
            objectiveWeights.append(weights)

            var studentValues: [Double] = []
            for q in 0..<cohort.count {
                var parts: [(weight: Double, value: Double)] = []
                for supporter in supporters {
                    if let value = studentRequirements[q][supporter.requirement] {
                        parts.append((supporter.weight, value))
                    }
                }
                if let value = combine(parts, .weightedSum) {
                    studentObjectives[q][o] = value
                    studentValues.append(value)
                }
            }
            objectiveResults.append(summary(classValue, studentValues, thresholds))
        }

        var notEvaluable: [[String]] = []
        for course in courses {
            var ids: [String] = []
            for k in 0..<course.objectives.count where course.objectives[k].value == nil {
                ids.append(course.objectiveIDs[k])
            }
            notEvaluable.append(ids)
        }

        return NaiveAttainment(
            courses: courses, cohort: cohort, indicators: indicatorResults, indicatorWeights: indicatorWeights,
            studentIndicators: studentIndicators, requirements: requirementResults,
            studentRequirements: studentRequirements, objectives: objectiveResults,
            objectiveWeights: objectiveWeights, studentObjectives: studentObjectives,
            missingCourses: missingCourses, notEvaluable: notEvaluable)
    }

    /// §2 and §3 for one course.
    static func courseValues(course: Course, table: ScoreTable, programme: Programme) -> NaiveCourse {
        let methods = programme.methods
        let thresholds = programme.thresholds
        let studentCount = table.students.count
        let itemCount = course.items.count

        // Plain copies of the table.
        var x: [[Double]] = []
        var delta: [[Double]] = []
        for p in 0..<studentCount {
            var scoreRow: [Double] = []
            var countRow: [Double] = []
            for j in 0..<itemCount {
                scoreRow.append(table.scores[p, j])
                countRow.append(table.included?[p, j] ?? 1)
            }
            x.append(scoreRow)
            delta.append(countRow)
        }

        // Component weights normalised over the course.
        var weightTotal = 0.0
        for component in course.components { weightTotal += component.weight }

        // The plan as plain numbers: for each (component, objective) pair, the items of the
        // component that assess the objective, with m_jk and S_j. An empty list: no such pair.
        let componentCount = course.components.count
        let objectiveCount = course.objectives.count
        var componentWeight: [Double] = []
        for component in course.components { componentWeight.append(component.weight / weightTotal) }
        // Item weights (methods.md §2.5): a weighted item counts as if its full marks were its
        // weight normalised over its component, so its marks shrink by v̂_j / S_j.
        var itemScale: [Double] = []
        for j in 0..<itemCount {
            let item = course.items[j]
            guard let weight = item.weight else {
                itemScale.append(1)
                continue
            }
            var total = 0.0
            for other in course.items where other.component == item.component {
                total += other.weight ?? 0
            }
            itemScale.append((weight / total) / item.fullMarks)
        }
        var terms = [[[(item: Int, marks: Double, fullMarks: Double, scale: Double)]]](
            repeating: [[(item: Int, marks: Double, fullMarks: Double, scale: Double)]](repeating: [], count: objectiveCount),
            count: componentCount)
        for m in 0..<componentCount {
            for k in 0..<objectiveCount {
                for j in 0..<itemCount where course.items[j].component == course.components[m].id {
                    for part in course.items[j].marks where part.objective == course.objectives[k].id {
                        terms[m][k].append((j, part.marks, course.items[j].fullMarks, itemScale[j]))
                    }
                }
            }
        }

        // §11 and §12 have per-student and class values of their own.
        var perStudent: [[Double?]] = []
        var schemeClassValues: [Double?]? = nil
        switch methods.courseObjective {
        case .attainmentLevels:
            (perStudent, schemeClassValues) = attainmentLevels(course: course, x: x, delta: delta, itemScale: itemScale, methods: methods)
        case .rubricLevels:
            (perStudent, schemeClassValues) = rubricLevels(course: course, x: x, delta: delta, methods: methods)
        case .weightedRatios, .weightedSums, .pooledMarks:
            break
        }
        for p in 0..<studentCount where schemeClassValues == nil {
            var row: [Double?] = []
            for k in 0..<objectiveCount {
                var numerator = 0.0
                var denominator = 0.0
                for m in 0..<componentCount {
                    let pairTerms = terms[m][k]
                    if pairTerms.isEmpty { continue }
                    // N_pck and D_pck.
                    var earned = 0.0
                    var available = 0.0
                    for t in 0..<pairTerms.count {
                        let j = pairTerms[t].item
                        // x_pj counts only where δ_pj = 1 (a left-out score holds 0 anyway).
                        let scale = pairTerms[t].scale
                        earned += x[p][j] * delta[p][j] * pairTerms[t].marks / pairTerms[t].fullMarks * scale
                        available += delta[p][j] * pairTerms[t].marks * scale
                    }
                    if available == 0 { continue } // the pair does not exist for this student
                    let w = componentWeight[m]
                    switch methods.courseObjective {
                    case .weightedRatios:
                        numerator += w * (earned / available)
                        denominator += w
                    case .weightedSums:
                        numerator += w * earned
                        denominator += w * available
                    case .pooledMarks:
                        numerator += earned
                        denominator += available
                    case .attainmentLevels, .rubricLevels:
                        fatalError("§11 and §12 have references of their own")
                    }
                }
                if denominator > 0 {
                    var value = numerator / denominator
                    if methods.capAtOne, value > 1 { value = 1 }
                    row.append(value)
                } else {
                    row.append(nil)
                }
            }
            perStudent.append(row)
        }

        // Class values: the mean over the students who have a value.
        var objectives: [NaiveClassValue] = []
        for k in course.objectives.indices {
            var values: [Double] = []
            for p in 0..<studentCount {
                if let value = perStudent[p][k] { values.append(value) }
            }
            let classValue = schemeClassValues.map { $0[k] } ?? aggregate(values, .mean)
            objectives.append(summary(classValue, values, thresholds))
        }

        // The course's value: the minimum over its objectives, nil if one is not evaluable.
        var courseValue: Double? = nil
        var allEvaluable = true
        for objective in objectives {
            guard let value = objective.value else {
                allEvaluable = false
                continue
            }
            courseValue = min(courseValue ?? value, value)
        }
        if !allEvaluable { courseValue = nil }

        // §3: mean or min of the class values of the objectives mapped to each indicator.
        var indicatorValues: [String: Double?] = [:]
        for entry in programme.courseSupport where entry.from == course.id {
            var values: [Double] = []
            for (k, objective) in course.objectives.enumerated() where objective.indicators.contains(entry.to) {
                if let value = objectives[k].value { values.append(value) }
            }
            indicatorValues[entry.to] = .some(aggregate(values, methods.courseIndicator))
        }

        // Item statistics.
        var itemAverages: [Double?] = []
        var itemCounts: [Int] = []
        for j in 0..<itemCount {
            var sum = 0.0
            var counted = 0
            for p in 0..<studentCount where delta[p][j] == 1 {
                sum += x[p][j]
                counted += 1
            }
            itemAverages.append(counted > 0 ? sum / Double(counted) : nil)
            itemCounts.append(counted)
        }

        // §9: the course mark, every item with its full marks: per component the ratio of the
        // counting items' scaled scores to their scaled full marks, weighted by the component
        // weights of the components where something counts.
        var marks: [Double?] = []
        for p in 0..<studentCount {
            var weighted = 0.0
            var weightUsed = 0.0
            for m in 0..<componentCount {
                var earned = 0.0
                var available = 0.0
                for j in 0..<itemCount where course.items[j].component == course.components[m].id {
                    if delta[p][j] == 0 || course.items[j].fullMarks <= 0 { continue }
                    earned += x[p][j] * itemScale[j]
                    available += course.items[j].fullMarks * itemScale[j]
                }
                if available == 0 { continue }
                weighted += componentWeight[m] * (earned / available)
                weightUsed += componentWeight[m]
            }
            if weightUsed > 0 {
                var mark = weighted / weightUsed
                if methods.capAtOne, mark > 1 { mark = 1 }
                marks.append(mark)
            } else {
                marks.append(nil)
            }
        }

        return NaiveCourse(
            courseID: course.id, objectiveIDs: course.objectives.map(\.id), perStudent: perStudent,
            objectives: objectives, value: courseValue, indicatorValues: indicatorValues,
            itemAverages: itemAverages, itemCounts: itemCounts, marks: marks)
    }

    /// W_ic of one support cell (methods.md §4), counted once per objective of the course
    /// mapped to the indicator under `support_count: objective` (§4.1).
    static func supportWeight(_ entry: SupportEntry, course: Course, methods: MethodSettings) -> Double {
        var weight: Double
        switch methods.supportWeighting {
        case .credits:
            weight = course.credits
        case .levels:
            switch entry.strength {
            case .level(let level): weight = methods.levelWeights.weight(of: level)
            case .weight(let number): weight = number
            }
        }
        if methods.supportCount == .objective {
            var mapped = 0
            for objective in course.objectives where objective.indicators.contains(entry.to) { mapped += 1 }
            weight *= Double(mapped)
        }
        return weight
    }

    /// §11 for one course, from the plain score and count arrays: per objective and part
    /// (internal, end-semester) each student's pooled share of the part's marks, the share of
    /// attempting students reaching the target, its level from the bands, and the levels
    /// weighted over the parts someone attempted. Students: the same weights over their own shares.
    static func attainmentLevels(
        course: Course, x: [[Double]], delta: [[Double]], itemScale: [Double], methods: MethodSettings
    ) -> (perStudent: [[Double?]], classValues: [Double?]) {
        let nba = methods.nba
        let parts: [(kind: AssessmentComponent.Kind, weight: Double)] = [
            (.internal, nba.internalWeight), (.endSemester, nba.endSemesterWeight),
        ]
        var perStudent = [[Double?]](repeating: [Double?](repeating: nil, count: course.objectives.count), count: x.count)
        var classValues: [Double?] = []
        for k in 0..<course.objectives.count {
            // shares[part][p]: nil where the student attempted nothing of the part for k.
            var shares: [[Double?]] = []
            for part in parts {
                var row: [Double?] = []
                for p in 0..<x.count {
                    var earned = 0.0
                    var available = 0.0
                    for j in 0..<course.items.count {
                        let item = course.items[j]
                        var kind: AssessmentComponent.Kind? = nil
                        for component in course.components where component.id == item.component { kind = component.kind }
                        if kind != part.kind { continue }
                        for share in item.marks where share.objective == course.objectives[k].id {
                            earned += x[p][j] * delta[p][j] * share.marks / item.fullMarks * itemScale[j]
                            available += delta[p][j] * share.marks * itemScale[j]
                        }
                    }
                    row.append(available > 0 ? earned / available : nil)
                }
                shares.append(row)
            }
            var levelSum = 0.0
            var weightSum = 0.0
            for (index, part) in parts.enumerated() {
                var attempted = 0
                var reaching = 0
                for share in shares[index] {
                    guard let share else { continue }
                    attempted += 1
                    if NaiveReference.reaches(share, nba.target) { reaching += 1 }
                }
                if attempted == 0 || part.weight == 0 { continue }
                let studentShare = Double(reaching) / Double(attempted)
                var level = 0
                for band in nba.bands where NaiveReference.reaches(studentShare, band) { level += 1 }
                levelSum += part.weight * Double(level)
                weightSum += part.weight
            }
            classValues.append(weightSum > 0 ? levelSum / weightSum : nil)
            for p in 0..<x.count {
                var sum = 0.0
                var used = 0.0
                for (index, part) in parts.enumerated() {
                    if let share = shares[index][p], part.weight > 0 {
                        sum += part.weight * share
                        used += part.weight
                    }
                }
                if used > 0 {
                    var value = sum / used
                    if methods.capAtOne, value > 1 { value = 1 }
                    perStudent[p][k] = value
                }
            }
        }
        return (perStudent, classValues)
    }

    /// §12 for one course: a student's level on an objective is the mean of their counting
    /// rubric rows for it; the class value is the share of assessed students at or above the
    /// target level.
    static func rubricLevels(
        course: Course, x: [[Double]], delta: [[Double]], methods: MethodSettings
    ) -> (perStudent: [[Double?]], classValues: [Double?]) {
        var perStudent = [[Double?]](repeating: [Double?](repeating: nil, count: course.objectives.count), count: x.count)
        var classValues: [Double?] = []
        for k in 0..<course.objectives.count {
            var assessed = 0
            var reaching = 0
            for p in 0..<x.count {
                var sum = 0.0
                var rows = 0.0
                for j in 0..<course.items.count where course.items[j].marks.contains(where: { $0.objective == course.objectives[k].id }) {
                    sum += x[p][j] * delta[p][j]
                    rows += delta[p][j]
                }
                guard rows > 0 else { continue }
                let level = sum / rows
                perStudent[p][k] = level
                assessed += 1
                if NaiveReference.reaches(level, methods.abet.targetLevel) { reaching += 1 }
            }
            classValues.append(assessed > 0 ? Double(reaching) / Double(assessed) : nil)
        }
        return (perStudent, classValues)
    }

    /// Mean or minimum; nil for no values.
    static func aggregate(_ values: [Double], _ method: MethodSettings.Aggregate) -> Double? {
        guard !values.isEmpty else { return nil }
        switch method {
        case .mean:
            var sum = 0.0
            for value in values { sum += value }
            return sum / Double(values.count)
        case .min:
            var smallest = values[0]
            for value in values where value < smallest { smallest = value }
            return smallest
        }
    }

    /// Σ W v / Σ W, or the minimum; nil for no parts.
    static func combine(
        _ parts: [(weight: Double, value: Double)], _ method: MethodSettings.IndicatorMethod
    ) -> Double? {
        guard !parts.isEmpty else { return nil }
        switch method {
        case .weightedSum:
            var weighted = 0.0
            var total = 0.0
            for part in parts {
                weighted += part.weight * part.value
                total += part.weight
            }
            return total > 0 ? weighted / total : nil
        case .min:
            var smallest = parts[0].value
            for part in parts where part.value < smallest { smallest = part.value }
            return smallest
        }
    }

    /// Whether a value reaches a threshold, a cut-off or a bound (methods.md §1): it is at most
    /// 1e-9 below it, so that a value at it in exact arithmetic reaches it whatever rounding
    /// the order of its sums brings.
    static func reaches(_ value: Double, _ threshold: Double) -> Bool {
        value >= threshold - 1e-9
    }

    /// Whether a value lies on the edge that `reaches` draws, 1e-9 below the threshold, within
    /// the rounding of a sum (1e-12): only there may two orders of summation disagree.
    static func onTheEdge(_ value: Double, of threshold: Double) -> Bool {
        abs(value - (threshold - 1e-9)) <= 1e-12
    }

    /// The class value with the counts of the students' own values.
    static func summary(_ value: Double?, _ studentValues: [Double], _ thresholds: Thresholds) -> NaiveClassValue {
        var below = 0
        var near = 0
        for value in studentValues {
            if !reaches(value, thresholds.individual) { below += 1 }
            if onTheEdge(value, of: thresholds.individual) { near += 1 }
        }
        return NaiveClassValue(
            value: value, studentsEvaluated: studentValues.count, studentsBelowIndividual: below,
            studentsNearIndividual: near)
    }
}

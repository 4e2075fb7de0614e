extension ProgrammeInput {
    /// Validates the programme and computes attainment at every level, for the class and for
    /// every student of the cohort (docs/methods.md).
    ///
    /// - Returns: the results, with the validation warnings and any computation warnings.
    /// - Throws: `InputErrors` when validation finds errors; nothing is computed then.
    /// - Complexity: per course two products of students × items × ((component, objective)
    ///   pairs + components); for the cohort two products of students × (course, indicator) pairs × indicators.
    public func computeAttainment() throws(InputErrors) -> AttainmentResult {
        try computeAttainment(validated: nil)
    }

    /// `computeAttainment()`, given what `programme.validate()` returns for this programme
    /// when the caller has it already (a reader validates the structure before it reads the
    /// score sheets); nil validates here.
    package func computeAttainment(validated structural: [Diagnostic]?) throws(InputErrors) -> AttainmentResult {
        var diagnostics = (structural ?? programme.validate()) + validateStudents()
        var surveys = SurveyBlend(self)  // survey evidence (indirect), methods.md §13
        diagnostics += surveys.diagnostics
        if diagnostics.contains(where: { $0.severity == .error }) {
            throw InputErrors(diagnostics)
        }
        let settings = programme.methods
        let thresholds = programme.thresholds

        // Course objectives: one pass of products per course.
        var courseResults: [CourseAttainment] = []
        for (course, allAttempts) in zip(programme.courses, scores) {
            // One row per student: the attempt the retake rule counts (methods.md §14).
            let table = countedTable(course: course, allAttempts, methods: settings)
            let values = courseStudentValues(course: course, scores: table, methods: settings)
            let perStudent = values.objectives
            var objectives = columnSummaries(
                perStudent, threshold: thresholds.classLevel, individualThreshold: thresholds.individual)
            // NBA's level and ABET's share are counts of students, not the mean (§11, §12); the
            // students evaluated and below the individual threshold stay those of the students' values.
            if let scheme = values.scheme {
                for k in objectives.indices {
                    objectives[k] = objectives[k].with(value: scheme.classValues[k], threshold: thresholds.classLevel)
                }
            }
            let direct = objectives
            // Surveys on the objectives (§13.2), before the course's values are formed from them.
            surveys.blendObjectives(of: course, &objectives)
            for (k, objective) in course.objectives.enumerated() where direct[k].value == nil {
                // Surveys alone may give it a value (§13.2): said so, rather than "not evaluable".
                let why = "no student has a score that counts for it"
                diagnostics.append(Diagnostic(
                    .warning, .notEvaluable,
                    objectives[k].value == nil
                        ? "objective \(objective.id) of \(course.id) is not evaluable: \(why)"
                        : "objective \(objective.id) of \(course.id) has no direct value: \(why); its value is its surveys' alone",
                    subject: .courseObjective(course: course.id, objective: objective.id)))
            }
            let supportRow = programme.supportID(ofCourse: course.id)
            let indicatorValues = programme.courseSupport.filter { $0.from == supportRow }.map { entry in
                let columns = course.objectiveIndices(supporting: entry.to)
                return (entry.to, aggregate(columns.map { objectives[$0].value ?? .nan }, settings.courseIndicator))
            }
            let laterAttempts = table.attempts?.count { $0 > 1 } ?? 0
            if laterAttempts > 0 {
                diagnostics.append(Diagnostic(
                    .warning, .laterAttemptCounted,
                    "\(laterAttempts) student\(laterAttempts == 1 ? " is" : "s are") counted in \(course.id) with a resit or retake (retake: \(settings.retake.rawValue))",
                    subject: .course(course.id)))
            }
            courseResults.append(CourseAttainment(
                courseID: course.id, objectives: objectives,
                // A course with an objective that is not evaluable has no value.
                value: objectives.contains { $0.value == nil } ? nil : aggregate(objectives.map { $0.value ?? .nan }, .min),
                indicatorValues: indicatorValues,
                items: itemStatistics(course: course, scores: table),
                students: table.students, perStudent: perStudent, marks: values.marks,
                laterAttemptsCounted: laterAttempts, evidence: values.scheme?.evidence))
        }

        let cohortStudents = roster ?? Self.cohortFromScores(scores)
        let layer = IndicatorLayer(programme: programme, courses: courseResults, cohort: cohortStudents)
        diagnostics += layer.diagnostics
        let indicatorResults = surveys.blendingIndicators(layer.classValues(courses: courseResults))
        let requirementResults = surveys.blendingRequirements(
            classRequirementValues(indicators: indicatorResults, perStudent: layer.requirementValues))
        let objectiveLayer = ObjectiveLayer(programme: programme)
        let objectivePerStudent = objectiveLayer.perStudent(layer.requirementValues)
        let objectiveResults = surveys.blendingObjectives(objectiveLayer.classValues(
            requirements: requirementResults, perStudent: objectivePerStudent, thresholds: thresholds))

        return AttainmentResult(
            programme: programme, courses: courseResults, indicators: indicatorResults,
            requirements: requirementResults, objectives: objectiveResults,
            students: CohortAttainment(
                students: cohortStudents, indicators: layer.indicatorValues,
                requirements: layer.requirementValues, objectives: objectivePerStudent,
                missingCourses: layer.missingCourses, missingElectiveGroups: layer.missingGroups,
                statuses: rosterStatus.isEmpty ? [] : cohortStudents.map { rosterStatus[$0.id] ?? .regular }),
            diagnostics: diagnostics, surveyEvidence: surveys.orderedEvidence, surveyCoverage: surveys.coverage)
    }

    /// Reports a student id that occurs twice with the same attempt in one course's table, or
    /// twice in the roster.
    func validateStudents() -> [Diagnostic] {
        var found: [Diagnostic] = []
        // A student id with its attempt number: hashing it costs no array and no number text.
        struct Attempt: Hashable {
            let student: String
            let number: Int
        }
        var rosterDuplicates: [Diagnostic] = []
        var seen = Set<String>()
        for student in roster ?? [] where !seen.insert(student.id).inserted {
            rosterDuplicates.append(Diagnostic(.error, .duplicateStudent, "a student is twice on the roster", subject: .programme))
        }
        let rosterIsUnique = rosterDuplicates.isEmpty
        for (course, table) in zip(programme.courses, scores) {
            // The common case, a table of first attempts in the roster's own order, has no
            // duplicate when the roster has none: no hashing needed.
            if rosterIsUnique, table.attempts == nil, let roster, sameStudents(table.students, roster) { continue }
            var seen = Set<Attempt>(minimumCapacity: table.students.count)
            for (row, student) in table.students.enumerated()
            where !seen.insert(Attempt(student: student.id, number: table.attempts?[row] ?? 1)).inserted {
                found.append(Diagnostic(
                    .error, .duplicateStudent,
                    table.attempts == nil
                        ? "a student has two rows in the scores of \(course.id)"
                        : "a student has two rows for the same attempt in the scores of \(course.id)",
                    subject: .course(course.id)))
            }
        }
        return found + rosterDuplicates
    }

    /// The rows of a course's table that count, one per student, under `methods.retake`
    /// (methods.md §14); the table itself when every row is a first attempt.
    func countedTable(course: Course, _ table: ScoreTable, methods: MethodSettings) -> ScoreTable {
        guard table.attempts != nil else { return table }
        // `best` compares the course marks of all rows (§9), from the same products.
        let marks = methods.retake == .best
            ? courseStudentValues(course: course, scores: table, methods: methods).marks
            : []
        let rows = countedRows(students: table.students, attempts: table.attempts, rule: methods.retake, marks: marks)
        return table.selectingRows(rows)
    }

    /// Every student in any table, once, ordered by id.
    static func cohortFromScores(_ tables: [ScoreTable]) -> [Student] {
        var byID = [String: Student]()
        for table in tables {
            for student in table.students where byID[student.id] == nil { byID[student.id] = student }
        }
        return byID.values.sorted { $0.id < $1.id }
    }

    /// Class values of requirements from class values of indicators (methods.md §5).
    private func classRequirementValues(
        indicators: [IndicatorAttainment], perStudent: Matrix
    ) -> [RequirementAttainment] {
        let thresholds = programme.thresholds
        let summaries = columnSummaries(perStudent, threshold: thresholds.classLevel, individualThreshold: thresholds.individual)
        var offset = 0
        return programme.requirements.enumerated().map { r, requirement in
            let own = indicators[offset ..< offset + requirement.indicators.count]
            offset += requirement.indicators.count
            let value = aggregate(own.map { $0.value.value ?? .nan }, programme.methods.requirement)
            return RequirementAttainment(
                requirementID: requirement.id, value: summaries[r].with(value: value, threshold: thresholds.classLevel))
        }
    }
}

extension Programme {
    /// The weight of a course → indicator support entry (methods.md §4.1): its level's (or
    /// given) number, or under `support_weights: credits` the credits of its course (or of its
    /// elective group's courses, which validation makes equal); under `support_count: objective`
    /// times the number of the course's objectives mapped to the indicator (NBA's Σ m·L / Σ m;
    /// validation makes a group's courses agree on it, §14.2).
    package func supportWeight(of entry: SupportEntry) -> Double {
        // The course, or a course of the group, the entry is about.
        let members = electiveGroups.first { $0.id == entry.from }?.courses ?? [entry.from]
        let course = courses.first { members.contains($0.id) }
        let weight = switch methods.supportWeighting {
        case .levels: methods.levelWeights.weight(of: entry.strength)
        case .credits: course?.credits ?? 0
        }
        switch methods.supportCount {
        case .course: return weight
        case .objective: return weight * Double(course?.objectiveIndices(supporting: entry.to).count ?? 0)
        }
    }
}

extension Course {
    /// Indices of the objectives that support an indicator.
    func objectiveIndices(supporting indicator: String) -> [Int] {
        objectives.indices.filter { objectives[$0].indicators.contains(indicator) }
    }
}

/// The cohort's indicator and requirement layer (methods.md §4-5).
///
/// With S the students × (course, indicator) matrix of course values (0 where a student has
/// none), P its 0/1 presence, and W the (course, indicator) × indicators support weights,
/// a student's weighted-sum value is (S·W)/(P·W): the weights renormalised over the courses the
/// student has.
struct IndicatorLayer {
    let pairs: [SupportEntry]
    let pairWeights: [Double]
    let indicatorValues: Matrix
    let requirementValues: Matrix
    let missingCourses: [[Int]]
    /// Per student, indices into `programme.electiveGroups` of groups with no value (§14).
    let missingGroups: [[Int]]
    /// The class value of each elective group's support pair, by pair index: the mean over
    /// the students of all its courses of their value (§14).
    let groupPairValues: [Int: Double?]
    /// Warnings: students in several courses of one elective group.
    let diagnostics: [Diagnostic]
    let programme: Programme

    init(programme: Programme, courses: [CourseAttainment], cohort: [Student]) {
        self.programme = programme
        let settings = programme.methods
        let indicators = programme.indicators
        let indicatorIndex = positions(ofIDs: indicators.map(\.id))
        let courseIndex = positions(ofIDs: programme.courses.map(\.id))
        let groupIndex = positions(ofIDs: programme.electiveGroups.map(\.id))
        let pairs = programme.courseSupport
        let pairWeights = pairs.map(programme.supportWeight)

        // Elective groups: which course each student took (the first in group order).
        let memberCourses = programme.electiveGroups.map { $0.courses.compactMap { courseIndex[$0] } }
        let choices = memberCourses.map { members in ElectiveChoice(members: members.map { courses[$0] }) }
        var diagnostics: [Diagnostic] = []
        for (group, choice) in zip(programme.electiveGroups, choices) where !choice.several.isEmpty {
            let count = choice.several.count
            diagnostics.append(Diagnostic(
                .warning, .severalElectives,
                "\(count) student\(count == 1 ? " has" : "s have") scores in several courses of elective group \(group.id); the first course in the group's order counts",
                subject: .electiveGroup(group.id)))
        }

        // S: each course fills its own columns; NaN where a student has no value.
        var values = Matrix(rows: cohort.count, columns: pairs.count, repeating: .nan)
        var groupPairValues = [Int: Double?]()
        // Per course, each of its table's rows as a row of the cohort, nil for a student not in
        // it.
        var rowsInCohort = CohortRows(cohort)
        let cohortRows = courses.map { rowsInCohort.rows(of: $0.students) }
        for (l, entry) in pairs.enumerated() {
            if let g = groupIndex[entry.from] {
                // A group's column: each student's value from the course they took; the class
                // value pools the students of all its courses (§14).
                var sum = 0.0
                var count = 0
                var counted = [Int](repeating: 0, count: memberCourses[g].count)
                for (m, c) in memberCourses[g].enumerated() {
                    let objectiveColumns = programme.courses[c].objectiveIndices(supporting: entry.to)
                    let result = courses[c]
                    for (p, student) in result.students.enumerated() {
                        guard let taken = choices[g].taken[student.id], taken.member == m, taken.row == p,
                            let value = result.studentIndicatorValue(row: p, objectives: objectiveColumns, settings.courseIndicator)
                        else { continue }
                        sum += value
                        count += 1
                        counted[m] += 1
                        if let q = cohortRows[c][p] { values[q, l] = value }
                    }
                }
                switch settings.courseObjective {
                case .weightedRatios, .weightedSums, .pooledMarks:
                    groupPairValues[l] = count > 0 ? sum / Double(count) : nil
                case .attainmentLevels, .rubricLevels:
                    // A level or a share counts students of a course, so it cannot be pooled from
                    // the students' own values (shares of marks, rubric levels): the members' class
                    // values, weighted by the students who count through each (§14.2).
                    var weighted = 0.0
                    var students = 0
                    for (m, c) in memberCourses[g].enumerated() where counted[m] > 0 {
                        guard let value = courses[c].indicatorValues.first(where: { $0.indicator == entry.to })?.value
                        else { continue }
                        weighted += Double(counted[m]) * value
                        students += counted[m]
                    }
                    groupPairValues[l] = students > 0 ? weighted / Double(students) : nil
                }
                continue
            }
            guard let c = courseIndex[entry.from] else { continue }
            let course = programme.courses[c]
            courses[c].perStudent.aggregatingRows(
                columns: course.objectiveIndices(supporting: entry.to), settings.courseIndicator,
                into: &values, rows: cohortRows[c], column: l)
        }

        var indicatorValues: Matrix
        switch settings.indicator {
        case .weightedSum:
            var weights = Matrix(rows: pairs.count, columns: indicators.count)
            for (l, entry) in pairs.enumerated() {
                if let i = indicatorIndex[entry.to] { weights[l, i] = pairWeights[l] }
            }
            indicatorValues = renormalisedWeightedSums(values, weights: weights)
        case .min:
            indicatorValues = Matrix(rows: cohort.count, columns: indicators.count, repeating: .nan)
            for (l, entry) in pairs.enumerated() {
                guard let i = indicatorIndex[entry.to] else { continue }
                for q in 0..<cohort.count where !values[q, l].isNaN {
                    let current = indicatorValues[q, i]
                    indicatorValues[q, i] = current.isNaN ? values[q, l] : min(current, values[q, l])
                }
            }
        }

        // Requirements: min or mean over each requirement's indicators.
        var requirementValues = Matrix(
            rows: cohort.count, columns: programme.requirements.count, repeating: .nan)
        var firstIndicator = 0
        let everyRow = Array(0..<cohort.count).map(Optional.some)
        for (r, requirement) in programme.requirements.enumerated() {
            indicatorValues.aggregatingRows(
                columns: Array(firstIndicator ..< firstIndicator + requirement.indicators.count), settings.requirement,
                into: &requirementValues, rows: everyRow, column: r)
            firstIndicator += requirement.indicators.count
        }

        // Missing courses and groups: a supporting unit with no value for the student at all.
        /// Appends `unit` to each student's list who has no value in any of the unit's columns.
        func recordMissing(_ id: String, as unit: Int, in lists: inout [[Int]]) {
            let columns = pairs.indices.filter { pairs[$0].from == id }
            guard !columns.isEmpty else { return }
            for q in 0..<cohort.count where columns.allSatisfy({ values[q, $0].isNaN }) {
                lists[q].append(unit)
            }
        }
        var missing = [[Int]](repeating: [], count: cohort.count)
        for (c, course) in programme.courses.enumerated() {
            recordMissing(course.id, as: c, in: &missing)
        }
        var missingGroups = [[Int]](repeating: [], count: programme.electiveGroups.isEmpty ? 0 : cohort.count)
        for (g, group) in programme.electiveGroups.enumerated() {
            recordMissing(group.id, as: g, in: &missingGroups)
        }

        self.pairs = pairs
        self.pairWeights = pairWeights
        self.indicatorValues = indicatorValues
        self.requirementValues = requirementValues
        self.missingCourses = missing
        self.missingGroups = missingGroups
        self.groupPairValues = groupPairValues
        self.diagnostics = diagnostics
    }

    /// Class values of indicators from the courses' class values (methods.md §4).
    func classValues(courses: [CourseAttainment]) -> [IndicatorAttainment] {
        let thresholds = programme.thresholds
        let summaries = columnSummaries(
            indicatorValues, threshold: thresholds.classLevel, individualThreshold: thresholds.individual)
        let courseIndex = positions(ofIDs: programme.courses.map(\.id))
        var results: [IndicatorAttainment] = []
        var i = 0
        for requirement in programme.requirements {
            for indicator in requirement.indicators {
                let sources: [(entry: SupportEntry, weight: Double, value: Double?)] = pairs.indices
                    .filter { pairs[$0].to == indicator.id }
                    .map { l in
                        let entry = pairs[l]
                        if let groupValue = groupPairValues[l] { return (entry, pairWeights[l], groupValue) }
                        let value = courseIndex[entry.from].flatMap { c in
                            courses[c].indicatorValues.first { $0.indicator == indicator.id }?.value
                        }
                        return (entry, pairWeights[l], value)
                    }
                let combined = combine(sources.map { ($0.weight, $0.value) }, method: programme.methods.indicator)
                results.append(IndicatorAttainment(
                    indicatorID: indicator.id, requirementID: requirement.id,
                    value: summaries[i].with(value: combined.value, threshold: thresholds.classLevel),
                    contributions: zip(sources, combined.weights).map { source, weight in
                        Contribution(
                            sourceID: source.entry.from, strength: source.entry.strength,
                            weight: weight, value: source.value)
                    }))
                i += 1
            }
        }
        return results
    }
}

/// A weighted sum of the evaluable values with weights renormalised over them, or their
/// minimum. Returns the value and the normalised weight of each source (0 for sources that are
/// not evaluable, and for every source under the minimum).
func combine(
    _ sources: [(weight: Double, value: Double?)], method: MethodSettings.IndicatorMethod
) -> (value: Double?, weights: [Double]) {
    let total = sources.reduce(0) { $0 + ($1.value == nil ? 0 : $1.weight) }
    switch method {
    case .weightedSum:
        guard total > 0 else { return (nil, sources.map { _ in 0 }) }
        let weights = sources.map { $0.value == nil ? 0 : $0.weight / total }
        // Σ w·v / Σ w taken as b + Σ w·(v − b) / Σ w around the first value b: one source, or
        // equal values, give exactly that value (three courses at level 2 give 2, not
        // 1.9999999999999998; one course at 0.7 with weight 3 gives 0.7), so a value on the
        // threshold is not judged below it by rounding in the weighting.
        let base = sources.first { $0.value != nil }?.value ?? 0
        let value = base + sources.reduce(0) { $0 + ($1.value.map { $0 - base } ?? 0) * $1.weight } / total
        return (value, weights)
    case .min:
        let value = sources.compactMap(\.value).min()
        return (value, sources.map { _ in 0 })
    }
}

/// The programme-objective layer: requirement values through the requirement → objective
/// support weights, renormalised over the requirements that have a value (methods.md §6).
struct ObjectiveLayer {
    let programme: Programme
    /// Requirements × objectives.
    let weights: Matrix

    init(programme: Programme) {
        self.programme = programme
        let requirementIndex = positions(ofIDs: programme.requirements.map(\.id))
        let objectiveIndex = positions(ofIDs: programme.objectives.map(\.id))
        var weights = Matrix(rows: programme.requirements.count, columns: programme.objectives.count)
        for entry in programme.requirementSupport {
            guard let r = requirementIndex[entry.from], let o = objectiveIndex[entry.to] else { continue }
            weights[r, o] = programme.methods.levelWeights.weight(of: entry.strength)
        }
        self.weights = weights
    }

    /// Students × objectives from students × requirements (NaN where not evaluable).
    func perStudent(_ requirementValues: Matrix) -> Matrix {
        renormalisedWeightedSums(requirementValues, weights: weights)
    }

    /// Class values of the objectives from the class values of the requirements.
    func classValues(
        requirements: [RequirementAttainment], perStudent: Matrix, thresholds: Thresholds
    ) -> [ProgrammeObjectiveAttainment] {
        let summaries = columnSummaries(perStudent, threshold: thresholds.classLevel, individualThreshold: thresholds.individual)
        let requirementIndex = positions(ofIDs: programme.requirements.map(\.id))
        return programme.objectives.enumerated().map { o, objective in
            // Validation guarantees one entry per (requirement, objective); list them in requirement order.
            let sources = programme.requirementSupport
                .compactMap { entry in requirementIndex[entry.from].map { (requirement: $0, entry: entry) } }
                .filter { $0.entry.to == objective.id }
                .sorted { $0.requirement < $1.requirement }
            let values = sources.map { requirements[$0.requirement].value.value }
            let combined = combine(
                zip(sources, values).map { (programme.methods.levelWeights.weight(of: $0.entry.strength), $1) },
                method: .weightedSum)
            return ProgrammeObjectiveAttainment(
                objectiveID: objective.id,
                value: summaries[o].with(value: combined.value, threshold: thresholds.classLevel),
                contributions: sources.indices.map { s in
                    Contribution(
                        sourceID: sources[s].entry.from, strength: sources[s].entry.strength,
                        weight: combined.weights[s], value: values[s])
                })
        }
    }
}

/// For each row and column of the product, Σ_k v_k W_kj / Σ_k W_kj over the k where v_k is not
/// NaN: a weighted sum with the weights renormalised over the values a row has, NaN where it
/// has none with positive weight (methods.md §4.1, §6).
///
/// Two `cblas_dgemm` calls: (V with NaN as 0) · W and (the 0/1 presence of V) · W.
func renormalisedWeightedSums(_ values: Matrix, weights: Matrix) -> Matrix {
    // V with NaN as 0 and its presence, made in one pass over V.
    let count = values.elements.count
    var presentElements: [Double] = []
    let zeroedElements = values.elements.withUnsafeBufferPointer { source in
        [Double](unsafeUninitializedCapacity: count) { zeroed, zeroedCount in
            presentElements = [Double](unsafeUninitializedCapacity: count) { present, presentCount in
                for index in 0..<count {
                    let value = source[index]
                    let isPresent = !value.isNaN
                    zeroed[index] = isPresent ? value : 0
                    present[index] = isPresent ? 1 : 0
                }
                presentCount = count
            }
            zeroedCount = count
        }
    }
    let zeroed = Matrix(rows: values.rows, columns: values.columns, elements: zeroedElements)
    let present = Matrix(rows: values.rows, columns: values.columns, elements: presentElements)
    let weighted = zeroed.multiplied(by: weights)
    let weightPresent = present.multiplied(by: weights)
    let resultElements = weighted.elements.withUnsafeBufferPointer { weighted in
        weightPresent.elements.withUnsafeBufferPointer { weightPresent in
            [Double](unsafeUninitializedCapacity: weighted.count) { result, resultCount in
                for index in 0..<weighted.count {
                    result[index] = weightPresent[index] > 0 ? weighted[index] / weightPresent[index] : .nan
                }
                resultCount = weighted.count
            }
        }
    }
    return Matrix(rows: values.rows, columns: weights.columns, elements: resultElements)
}

public import AttainmentCore
import AttainmentIO

/// The formats `attain run` writes besides `run.json`.
public enum ResultFormat: String, CaseIterable, Sendable {
    /// One CSV table per level (docs/cli.md lists them).
    case csv
    /// `results.json`: every value at every level.
    case json
    /// `summary.md`: the tables for reading.
    case md
    /// `results.xlsx`: one workbook with every table, highlighted values and native charts.
    case xlsx
}

/// Builds the output documents of a run.
public enum ResultDocuments {
    /// The documents for the chosen formats, plus `run.json`, in a fixed order.
    ///
    /// The same result and inputs always give the same bytes: nothing depends on the time, the
    /// machine or the order of a dictionary.
    /// - Parameters:
    ///   - result: the computed results.
    ///   - inputs: the files read, with their hashes, for the run record.
    ///   - formats: which formats to write.
    ///   - warnings: the run's early warnings: `warnings.csv` (csv), a section of `summary.md`
    ///     (md) and `early_warnings` in `results.json` (json).
    ///   - rules: the rules that raised them, recorded in `run.json`; nil records none.
    /// - Throws: `OutputError` naming `results.xlsx` if the workbook cannot be built (libxlsxwriter
    ///   writes it through a temporary file); the text formats cannot fail.
    public static func build(
        _ result: AttainmentResult, inputs: [InputFile], formats: [ResultFormat],
        warnings: [EarlyWarning] = [], rules: WarningRules? = nil
    ) throws(OutputError) -> [OutputDocument] {
        let programme = result.programme
        let listed = warnings.map {
            ProgrammeWarning(programmeID: programme.id, programmeName: programme.name, cohort: programme.cohort, warning: $0)
        }
        var documents: [OutputDocument] = []
        if formats.contains(.csv) {
            documents += CSVTables(result).documents()
            if let surveys = SurveyTable.make(result) { documents.append(OutputDocument(name: "surveys.csv", text: surveys.csv)) }
            if rules != nil { documents.append(OutputDocument(name: "warnings.csv", text: WarningText.csv(listed))) }
        }
        if formats.contains(.json) {
            documents.append(OutputDocument(
                name: "results.json", text: ResultsJSON.make(result, warnings: rules == nil ? nil : listed).serialized()))
        }
        if formats.contains(.md) {
            documents.append(OutputDocument(
                name: "summary.md", text: SummaryMarkdown.make(result, inputs: inputs, warnings: rules == nil ? nil : listed)))
        }
        if formats.contains(.xlsx) {
            do {
                documents.append(OutputDocument(name: "results.xlsx", contents: try ResultWorkbook.make(result, inputs: inputs)))
            } catch {
                throw OutputError(path: "results.xlsx", reason: error.description)
            }
        }
        let names = documents.map(\.name) + ["run.json"]
        documents.append(OutputDocument(
            name: "run.json", text: RunRecord.make(result, inputs: inputs, outputs: names, rules: rules, warnings: warnings).serialized()))
        return documents
    }
}

/// Students below the individual threshold at one level, for the lists and the counts.
struct BelowThreshold {
    /// The levels, named as below_threshold.csv names them.
    enum Level: String {
        case requirement
        case indicator
        case programmeObjective = "programme-objective"
        case courseObjective = "course-objective"
    }

    let level: Level
    let id: String
    let student: Student
    let value: Double

    /// Every student value below the individual threshold, by level, then id, then student.
    static func all(_ result: AttainmentResult) -> [BelowThreshold] {
        let programme = result.programme
        let threshold = programme.thresholds.individual
        var rows = Self.cohort(result, .requirement)
        rows += Self.cohort(result, .indicator)
        rows += Self.cohort(result, .programmeObjective)
        for (course, attainment) in zip(programme.courses, result.courses) {
            for (k, objective) in course.objectives.enumerated() {
                for (p, student) in attainment.students.enumerated() {
                    if let value = attainment.studentValue(student: p, objective: k), value < threshold {
                        rows.append(BelowThreshold(
                            level: .courseObjective, id: ClassValueEntry.courseObjectiveID(course: course.id, objective: objective.id), student: student, value: value))
                    }
                }
            }
        }
        return rows
    }

    /// Cohort students below the individual threshold at a cohort level (requirements,
    /// indicators or programme objectives), by id in the programme's order, then by student.
    /// - Precondition: `level` is not `.courseObjective`, whose values are per course.
    static func cohort(_ result: AttainmentResult, _ level: Level) -> [BelowThreshold] {
        let programme = result.programme
        let cohort = result.students
        let (matrix, ids): (Matrix, [String]) = switch level {
        case .requirement: (cohort.requirements, programme.requirements.map(\.id))
        case .indicator: (cohort.indicators, programme.indicators.map(\.id))
        case .programmeObjective: (cohort.objectives, programme.objectives.map(\.id))
        case .courseObjective: preconditionFailure("course-objective values are per course")
        }
        var rows: [BelowThreshold] = []
        for (column, id) in ids.enumerated() {
            for (q, student) in cohort.students.enumerated() {
                if let value = CohortAttainment.value(matrix, q, column), value < programme.thresholds.individual {
                    rows.append(BelowThreshold(level: level, id: id, student: student, value: value))
                }
            }
        }
        return rows
    }

    /// Cohort students below the individual threshold in at least one requirement.
    static func studentsBelowInAnyRequirement(_ result: AttainmentResult) -> Int {
        let cohort = result.students
        let threshold = result.programme.thresholds.individual
        return (0..<cohort.students.count).count { q in
            (0..<cohort.requirements.columns).contains { r in
                CohortAttainment.value(cohort.requirements, q, r).map { $0 < threshold } ?? false
            }
        }
    }
}

extension Course {
    /// Each item's component weight normalised over the course (nil for an item whose
    /// component is not one of the course's), in the order of `items`.
    var itemComponentWeights: [Double?] {
        let weights = normalisedComponentWeights
        let index = positions(ofIDs: components.map(\.id))
        return items.map { index[$0.component].map { weights[$0] } }
    }
}

/// Every course objective of a programme as a column of a students × course objectives table,
/// with each cohort student's value, for the CSV table and the workbook.
struct StudentCourseObjectives {
    /// A column: indices into `programme.courses` and the course's objectives, and the label
    /// `CS101/CO1`.
    struct Column {
        let course: Int
        let objective: Int
        let label: String
    }

    let result: AttainmentResult
    /// Courses in programme order, each course's objectives in its order.
    let columns: [Column]
    /// For each course, the row of each student id in its per-student matrix.
    private let rowOf: [[String: Int]]

    init(_ result: AttainmentResult) {
        self.result = result
        columns = result.programme.courses.enumerated().flatMap { c, course in
            course.objectives.indices.map { k in Column(course: c, objective: k, label: ClassValueEntry.courseObjectiveID(course: course.id, objective: course.objectives[k].id)) }
        }
        rowOf = result.courses.map { positions(ofIDs: $0.students.map(\.id)) }
    }

    /// Cohort student `q`'s value for a column; nil when the student has none (not in the
    /// course, or not evaluable).
    func value(student q: Int, column: Int) -> Double? {
        let column = columns[column]
        let attainment = result.courses[column.course]
        let row = rowOf[column.course][result.students.students[q].id]
        return row.flatMap { attainment.studentValue(student: $0, objective: column.objective) }
    }
}

/// The CSV tables of a run (docs/cli.md, "Outputs").
struct CSVTables {
    let result: AttainmentResult
    var programme: Programme { result.programme }

    init(_ result: AttainmentResult) { self.result = result }

    static let decimals = 6

    func value(_ value: Double?) -> String { NumberStyle.fixed(value, decimals: Self.decimals) }

    func documents() -> [OutputDocument] {
        var documents = [
            OutputDocument(name: "requirements.csv", text: requirements()),
            OutputDocument(name: "indicators.csv", text: indicators()),
            OutputDocument(name: "indicator_support.csv", text: indicatorSupport()),
            OutputDocument(name: "programme_objectives.csv", text: programmeObjectives()),
            OutputDocument(name: "courses.csv", text: courses()),
            OutputDocument(name: "course_objectives.csv", text: courseObjectives()),
            OutputDocument(name: "assessment_items.csv", text: assessmentItems()),
            OutputDocument(name: "students_requirements.csv", text: studentMatrix(result.students.requirements, programme.requirements.map(\.id))),
            OutputDocument(name: "students_indicators.csv", text: studentMatrix(result.students.indicators, programme.indicators.map(\.id))),
            OutputDocument(name: "students_programme_objectives.csv", text: studentMatrix(result.students.objectives, programme.objectives.map(\.id))),
            OutputDocument(name: "students_course_objectives.csv", text: studentCourseObjectives()),
            OutputDocument(name: "below_threshold.csv", text: belowThreshold()),
        ]
        // Only under NBA's and ABET's methods, whose class values are counts (methods.md §11, §12).
        if let levels = ObjectiveLevelsTable.make(result) {
            documents.insert(
                OutputDocument(name: "\(levels.name).csv", text: levels.csv),
                at: documents.firstIndex { $0.name == "assessment_items.csv" } ?? documents.endIndex)
        }
        return documents
    }

    private func classColumns(_ value: ClassValue, threshold: Double) -> [String] {
        [
            self.value(value.value), shortDecimal(threshold), value.verdict.rawValue,
            String(value.studentsEvaluated), String(value.studentsBelowIndividual),
        ]
    }

    private static let classHeader = ["value", "threshold", "verdict", "students_evaluated", "students_below_individual"]

    func requirements() -> String {
        var csv = CSVDocument(header: ["requirement_id", "name", "indicators"] + Self.classHeader)
        for (requirement, attainment) in zip(programme.requirements, result.requirements) {
            csv.append(
                [requirement.id, requirement.name, requirement.indicators.map(\.id).joined(separator: " ")]
                    + classColumns(attainment.value, threshold: programme.thresholds.classLevel))
        }
        return csv.text
    }

    func indicators() -> String {
        var csv = CSVDocument(header: ["requirement_id", "indicator_id", "supporting_courses"] + Self.classHeader)
        for attainment in result.indicators {
            csv.append(
                [attainment.requirementID, attainment.indicatorID, String(attainment.contributions.count)]
                    + classColumns(attainment.value, threshold: programme.thresholds.classLevel))
        }
        return csv.text
    }

    func indicatorSupport() -> String {
        var csv = CSVDocument(header: ["indicator_id", "course_id", "support", "weight", "course_value"])
        for attainment in result.indicators {
            for contribution in attainment.contributions {
                csv.append([
                    attainment.indicatorID, contribution.sourceID, contribution.strength.cell,
                    value(contribution.weight), value(contribution.value),
                ])
            }
        }
        return csv.text
    }

    func programmeObjectives() -> String {
        var csv = CSVDocument(header: ["objective_id", "supporting_requirements"] + Self.classHeader)
        for attainment in result.objectives {
            csv.append(
                [attainment.objectiveID, attainment.contributions.map(\.sourceID).joined(separator: " ")]
                    + classColumns(attainment.value, threshold: programme.thresholds.classLevel))
        }
        return csv.text
    }

    func courses() -> String {
        var csv = CSVDocument(header: ["course_id", "name", "credits", "students", "value", "threshold", "verdict"])
        for (course, attainment) in zip(programme.courses, result.courses) {
            csv.append([
                course.id, course.name, shortDecimal(course.credits), String(attainment.students.count),
                value(attainment.value), shortDecimal(programme.thresholds.classLevel),
                Verdict(attainment.value, threshold: programme.thresholds.classLevel).rawValue,
            ])
        }
        return csv.text
    }

    func courseObjectives() -> String {
        var csv = CSVDocument(header: ["course_id", "objective_id", "indicators"] + Self.classHeader)
        for (course, attainment) in zip(programme.courses, result.courses) {
            for (objective, value) in zip(course.objectives, attainment.objectives) {
                csv.append(
                    [course.id, objective.id, objective.indicators.joined(separator: " ")]
                        + classColumns(value, threshold: programme.thresholds.classLevel))
            }
        }
        return csv.text
    }

    func assessmentItems() -> String {
        var csv = CSVDocument(header: [
            "course_id", "item_id", "component", "component_weight", "full_marks", "objectives", "average",
            "students_counted",
        ])
        for (course, attainment) in zip(programme.courses, result.courses) {
            for (item, (statistics, weight)) in zip(course.items, zip(attainment.items, course.itemComponentWeights)) {
                csv.append([
                    course.id, item.id, item.component, value(weight), shortDecimal(item.fullMarks),
                    item.marks.map { "\($0.objective):\(shortDecimal($0.marks))" }.joined(separator: " "),
                    value(statistics.average), String(statistics.studentsCounted),
                ])
            }
        }
        return csv.text
    }

    /// A students × ids table. When the roster gives statuses, a `status` column follows the
    /// name (docs/methods.md §14); `missing_courses` lists courses, then elective groups.
    func studentMatrix(_ matrix: Matrix, _ ids: [String]) -> String {
        let cohort = result.students
        let withStatus = !cohort.statuses.isEmpty
        var csv = CSVDocument(header: ["student_id", "name"] + (withStatus ? ["status"] : []) + ["missing_courses"] + ids)
        for (q, student) in cohort.students.enumerated() {
            let missing = cohort.missingIDs(q, programme: programme).joined(separator: " ")
            let status = withStatus ? [cohort.status(q).rawValue] : []
            csv.append([student.id, student.name] + status + [missing] + (0..<matrix.columns).map {
                value(CohortAttainment.value(matrix, q, $0))
            })
        }
        return csv.text
    }

    /// Students of the cohort × every course objective; empty where a student has no value.
    func studentCourseObjectives() -> String {
        let table = StudentCourseObjectives(result)
        var csv = CSVDocument(header: ["student_id", "name"] + table.columns.map(\.label))
        for (q, student) in result.students.students.enumerated() {
            csv.append([student.id, student.name] + table.columns.indices.map { value(table.value(student: q, column: $0)) })
        }
        return csv.text
    }

    func belowThreshold() -> String {
        var csv = CSVDocument(header: ["level", "id", "student_id", "name", "value", "threshold"])
        let threshold = shortDecimal(programme.thresholds.individual)
        for row in BelowThreshold.all(result) {
            csv.append([row.level.rawValue, row.id, row.student.id, row.student.name, value(row.value), threshold])
        }
        return csv.text
    }
}

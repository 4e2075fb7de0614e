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
                name: "results.json", contents: ResultsJSON.bytes(result, warnings: rules == nil ? nil : listed)))
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
            name: "run.json",
            contents: RunRecord.make(result, inputs: inputs, outputs: names, rules: rules, warnings: warnings).serializedBytes()))
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
                    if let value = attainment.studentValue(student: p, objective: k), isBelow(value, threshold: threshold) {
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
                if let value = CohortAttainment.value(matrix, q, column), isBelow(value, threshold: programme.thresholds.individual) {
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
                CohortAttainment.value(cohort.requirements, q, r).map { isBelow($0, threshold: threshold) } ?? false
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

    /// Courses in programme order, each course's objectives in its order.
    let columns: [Column]
    /// Cohort students × columns, row by row; NaN where a student has no value.
    private let values: [Double]

    init(_ result: AttainmentResult) {
        columns = result.programme.courses.enumerated().flatMap { c, course in
            course.objectives.indices.map { k in Column(course: c, objective: k, label: ClassValueEntry.courseObjectiveID(course: course.id, objective: course.objectives[k].id)) }
        }
        // Each course's students as rows of the cohort. Ids are unique in a result (the engine
        // refuses a course's repeated student and a roster's).
        let cohort = result.students.students
        var rowsInCohort = CohortRows(cohort)
        var values = [Double](repeating: .nan, count: cohort.count * columns.count)
        var firstColumn = 0
        for (course, attainment) in zip(result.programme.courses, result.courses) {
            for (p, row) in rowsInCohort.rows(of: attainment.students).enumerated() {
                guard let q = row else { continue }
                for k in course.objectives.indices {
                    values[q * columns.count + firstColumn + k] = attainment.studentValue(student: p, objective: k) ?? .nan
                }
            }
            firstColumn += course.objectives.count
        }
        self.values = values
    }

    /// Cohort student `q`'s value for a column; nil when the student has none (not in the
    /// course, or not evaluable).
    func value(student q: Int, column: Int) -> Double? {
        let value = values[q * columns.count + column]
        return value.isNaN ? nil : value
    }
}

/// The CSV tables of a run (docs/cli.md, "Outputs"). Numbers are written into each table's
/// bytes as it is built (`CSVDocument.appendField`), with `decimals` decimals.
struct CSVTables {
    let result: AttainmentResult
    var programme: Programme { result.programme }

    init(_ result: AttainmentResult) { self.result = result }

    static let decimals = 6

    func documents() -> [OutputDocument] {
        var documents = [
            OutputDocument(name: "requirements.csv", contents: requirements().bytes),
            OutputDocument(name: "indicators.csv", contents: indicators().bytes),
            OutputDocument(name: "indicator_support.csv", contents: indicatorSupport().bytes),
            OutputDocument(name: "programme_objectives.csv", contents: programmeObjectives().bytes),
            OutputDocument(name: "courses.csv", contents: courses().bytes),
            OutputDocument(name: "course_objectives.csv", contents: courseObjectives().bytes),
            OutputDocument(name: "assessment_items.csv", contents: assessmentItems().bytes),
            OutputDocument(
                name: "students_requirements.csv",
                contents: studentMatrix(result.students.requirements, programme.requirements.map(\.id)).bytes),
            OutputDocument(
                name: "students_indicators.csv", contents: studentMatrix(result.students.indicators, programme.indicators.map(\.id)).bytes),
            OutputDocument(
                name: "students_programme_objectives.csv",
                contents: studentMatrix(result.students.objectives, programme.objectives.map(\.id)).bytes),
            OutputDocument(name: "students_course_objectives.csv", contents: studentCourseObjectives().bytes),
            OutputDocument(name: "below_threshold.csv", contents: belowThreshold().bytes),
        ]
        // Only under NBA's and ABET's methods, whose class values are counts (methods.md §11, §12).
        if let levels = ObjectiveLevelsTable.make(result) {
            documents.insert(
                OutputDocument(name: "\(levels.name).csv", text: levels.csv),
                at: documents.firstIndex { $0.name == "assessment_items.csv" } ?? documents.endIndex)
        }
        return documents
    }

    /// A class value's fields (`classHeader`) and the end of the record.
    private func endRecord(_ csv: inout CSVDocument, with value: ClassValue, threshold: Double) {
        csv.appendField(value.value, decimals: Self.decimals)
        csv.appendField(shortDecimal(threshold))
        csv.appendField(value.verdict.rawValue)
        csv.appendField(value.studentsEvaluated)
        csv.appendField(value.studentsBelowIndividual)
        csv.endRecord()
    }

    private static let classHeader = ["value", "threshold", "verdict", "students_evaluated", "students_below_individual"]

    func requirements() -> CSVDocument {
        var csv = CSVDocument(header: ["requirement_id", "name", "indicators"] + Self.classHeader)
        for (requirement, attainment) in zip(programme.requirements, result.requirements) {
            csv.appendField(requirement.id)
            csv.appendField(requirement.name)
            csv.appendField(requirement.indicators.map(\.id).joined(separator: " "))
            endRecord(&csv, with: attainment.value, threshold: programme.thresholds.classLevel)
        }
        return csv
    }

    func indicators() -> CSVDocument {
        var csv = CSVDocument(header: ["requirement_id", "indicator_id", "supporting_courses"] + Self.classHeader)
        for attainment in result.indicators {
            csv.appendField(attainment.requirementID)
            csv.appendField(attainment.indicatorID)
            csv.appendField(attainment.contributions.count)
            endRecord(&csv, with: attainment.value, threshold: programme.thresholds.classLevel)
        }
        return csv
    }

    func indicatorSupport() -> CSVDocument {
        var csv = CSVDocument(header: ["indicator_id", "course_id", "support", "weight", "course_value"])
        for attainment in result.indicators {
            for contribution in attainment.contributions {
                csv.appendField(attainment.indicatorID)
                csv.appendField(contribution.sourceID)
                csv.appendField(contribution.strength.cell)
                csv.appendField(contribution.weight, decimals: Self.decimals)
                csv.appendField(contribution.value, decimals: Self.decimals)
                csv.endRecord()
            }
        }
        return csv
    }

    func programmeObjectives() -> CSVDocument {
        var csv = CSVDocument(header: ["objective_id", "supporting_requirements"] + Self.classHeader)
        for attainment in result.objectives {
            csv.appendField(attainment.objectiveID)
            csv.appendField(attainment.contributions.map(\.sourceID).joined(separator: " "))
            endRecord(&csv, with: attainment.value, threshold: programme.thresholds.classLevel)
        }
        return csv
    }

    func courses() -> CSVDocument {
        var csv = CSVDocument(header: ["course_id", "name", "credits", "students", "value", "threshold", "verdict"])
        let threshold = programme.thresholds.classLevel
        for (course, attainment) in zip(programme.courses, result.courses) {
            csv.appendField(course.id)
            csv.appendField(course.name)
            csv.appendField(shortDecimal(course.credits))
            csv.appendField(attainment.students.count)
            csv.appendField(attainment.value, decimals: Self.decimals)
            csv.appendField(shortDecimal(threshold))
            csv.appendField(Verdict(attainment.value, threshold: threshold).rawValue)
            csv.endRecord()
        }
        return csv
    }

    func courseObjectives() -> CSVDocument {
        var csv = CSVDocument(header: ["course_id", "objective_id", "indicators"] + Self.classHeader)
        for (course, attainment) in zip(programme.courses, result.courses) {
            for (objective, value) in zip(course.objectives, attainment.objectives) {
                csv.appendField(course.id)
                csv.appendField(objective.id)
                csv.appendField(objective.indicators.joined(separator: " "))
                endRecord(&csv, with: value, threshold: programme.thresholds.classLevel)
            }
        }
        return csv
    }

    func assessmentItems() -> CSVDocument {
        var csv = CSVDocument(header: [
            "course_id", "item_id", "component", "component_weight", "full_marks", "objectives", "average",
            "students_counted",
        ])
        for (course, attainment) in zip(programme.courses, result.courses) {
            for (item, (statistics, weight)) in zip(course.items, zip(attainment.items, course.itemComponentWeights)) {
                csv.appendField(course.id)
                csv.appendField(item.id)
                csv.appendField(item.component)
                csv.appendField(weight, decimals: Self.decimals)
                csv.appendField(shortDecimal(item.fullMarks))
                csv.appendField(item.marks.map { "\($0.objective):\(shortDecimal($0.marks))" }.joined(separator: " "))
                csv.appendField(statistics.average, decimals: Self.decimals)
                csv.appendField(statistics.studentsCounted)
                csv.endRecord()
            }
        }
        return csv
    }

    /// A students × ids table. When the roster gives statuses, a `status` column follows the
    /// name (docs/methods.md §14); `missing_courses` lists courses, then elective groups.
    func studentMatrix(_ matrix: Matrix, _ ids: [String]) -> CSVDocument {
        let cohort = result.students
        let withStatus = !cohort.statuses.isEmpty
        var csv = CSVDocument(
            header: ["student_id", "name"] + (withStatus ? ["status"] : []) + ["missing_courses"] + ids,
            capacity: cohort.students.count * (32 + 9 * matrix.columns))
        for (q, student) in cohort.students.enumerated() {
            csv.appendField(student.id)
            csv.appendField(student.name)
            if withStatus { csv.appendField(cohort.status(q).rawValue) }
            csv.appendField(cohort.missingIDs(q, programme: programme).joined(separator: " "))
            for column in 0..<matrix.columns {
                csv.appendField(CohortAttainment.value(matrix, q, column), decimals: Self.decimals)
            }
            csv.endRecord()
        }
        return csv
    }

    /// Students of the cohort × every course objective; empty where a student has no value.
    func studentCourseObjectives() -> CSVDocument {
        let table = StudentCourseObjectives(result)
        let students = result.students.students
        var csv = CSVDocument(header: ["student_id", "name"] + table.columns.map(\.label), capacity: students.count * (32 + 9 * table.columns.count))
        for (q, student) in students.enumerated() {
            csv.appendField(student.id)
            csv.appendField(student.name)
            for column in table.columns.indices {
                csv.appendField(table.value(student: q, column: column), decimals: Self.decimals)
            }
            csv.endRecord()
        }
        return csv
    }

    func belowThreshold() -> CSVDocument {
        var csv = CSVDocument(header: ["level", "id", "student_id", "name", "value", "threshold"])
        let threshold = shortDecimal(programme.thresholds.individual)
        for row in BelowThreshold.all(result) {
            csv.appendField(row.level.rawValue)
            csv.appendField(row.id)
            csv.appendField(row.student.id)
            csv.appendField(row.student.name)
            csv.appendField(row.value, decimals: Self.decimals)
            csv.appendField(threshold)
            csv.endRecord()
        }
        return csv
    }
}

public import AttainmentCore
import Foundation

/// The tables a person reads first, shared by the terminal summary and summary.md.
/// Values are shown with 3 decimals; verdicts come from the unrounded values.
struct SummaryTables {
    let result: AttainmentResult
    var programme: Programme { result.programme }


    static func verdict(_ verdict: Verdict) -> String {
        switch verdict {
        case .met: "met"
        case .notMet: "NOT MET"
        case .notEvaluable: "not evaluable"
        }
    }

    var facts: [(String, String)] {
        let methods = programme.methods
        return [
            ("Programme", "\(programme.id) \(programme.name)"),
            ("Cohort", programme.cohort),
            ("Scheme", programme.scheme.rawValue),
            ("Thresholds", "class \(shortDecimal(programme.thresholds.classLevel)), individual \(shortDecimal(programme.thresholds.individual))"),
            ("Methods", "course objectives \(methods.courseObjective.rawValue); course → indicator \(methods.courseIndicator.rawValue); indicators \(methods.indicator.rawValue) (\(methods.supportWeighting.rawValue)); requirements \(methods.requirement.rawValue)"),
            ("Students", "\(result.students.students.count) in the cohort; \(result.students.studentsWithMissingCourses) missing a course (weights renormalised)"),
        ] + StudentRecords(result).facts + [
            ("Tool", "attain \(attainVersion)"),
        ]
    }

    func requirements() -> TextTable {
        var table = TextTable(header: ["Requirement", "Name", "Value", "Verdict", "Below \(shortDecimal(programme.thresholds.individual))"])
        table.rightAligned = [2, 4]
        for (requirement, attainment) in zip(programme.requirements, result.requirements) {
            table.rows.append([
                requirement.id, requirement.name, NumberStyle.shown(attainment.value.value), Self.verdict(attainment.value.verdict),
                "\(attainment.value.studentsBelowIndividual)/\(attainment.value.studentsEvaluated)",
            ])
        }
        return table
    }

    func indicators() -> TextTable {
        var table = TextTable(header: ["Indicator", "Value", "Verdict", "Courses (weight · value)"])
        table.rightAligned = [1]
        for attainment in result.indicators {
            let courses = attainment.contributions.map { contribution in
                programme.methods.indicator == .min
                    ? "\(contribution.sourceID) \(NumberStyle.shown(contribution.value))"
                    : "\(contribution.sourceID) \(NumberStyle.fixed(contribution.weight, decimals: 2))·\(NumberStyle.shown(contribution.value))"
            }
            table.rows.append([
                attainment.indicatorID, NumberStyle.shown(attainment.value.value), Self.verdict(attainment.value.verdict),
                courses.joined(separator: ", "),
            ])
        }
        return table
    }

    func programmeObjectives() -> TextTable {
        var table = TextTable(header: ["Objective", "Value", "Verdict"])
        table.rightAligned = [1]
        for attainment in result.objectives {
            table.rows.append([
                attainment.objectiveID, NumberStyle.shown(attainment.value.value), Self.verdict(attainment.value.verdict),
            ])
        }
        return table
    }

    /// Under NBA's and ABET's methods (methods.md §11, §12), the counts behind each course
    /// objective's value; nil under the other methods.
    func courseObjectiveEvidence() -> TextTable? {
        let methods = programme.methods
        guard result.courses.contains(where: { $0.evidence != nil }) else { return nil }
        let nba = methods.courseObjective == .attainmentLevels
        var table = nba
            ? TextTable(header: ["Course", "Objective", "Internal: reaching/attempted (share) → level", "End-semester", "Level"])
            : TextTable(header: ["Course", "Objective", "At or above level \(shortDecimal(methods.abet.targetLevel))/assessed", "Share"])
        table.rightAligned = nba ? [4] : [3]
        for (course, attainment) in zip(programme.courses, result.courses) {
            guard let evidence = attainment.evidence else { continue }
            for (objective, found) in zip(course.objectives, evidence) {
                func counts(_ part: SchemeEvidence.Part) -> String {
                    "\(part.studentsReaching)/\(part.studentsAssessed)"
                }
                if nba {
                    func part(_ kind: AssessmentComponent.Kind) -> String {
                        guard let part = found.parts.first(where: { $0.kind == kind }) else { return "—" }
                        return "\(counts(part)) (\(NumberStyle.shown(part.share))) → \(part.level.map(String.init) ?? "—")"
                    }
                    table.rows.append([course.id, objective.id, part(.internal), part(.endSemester), NumberStyle.shown(found.value)])
                } else {
                    table.rows.append([course.id, objective.id, found.parts.map(counts).joined(), NumberStyle.shown(found.value)])
                }
            }
        }
        return table
    }

    /// Course objectives from the lowest value up; `limit` nil for all.
    func weakestCourseObjectives(limit: Int?) -> TextTable {
        var rows: [(value: Double, cells: [String])] = []
        for (course, attainment) in zip(programme.courses, result.courses) {
            for (objective, value) in zip(course.objectives, attainment.objectives) {
                rows.append((
                    value.value ?? -1,
                    [
                        course.id, course.name, objective.id, NumberStyle.shown(value.value), Self.verdict(value.verdict),
                        "\(value.studentsBelowIndividual)/\(value.studentsEvaluated)",
                    ]
                ))
            }
        }
        // A stable sort keeps the programme's order among equal values.
        let sorted = rows.enumerated().sorted { ($0.element.value, $0.offset) < ($1.element.value, $1.offset) }
        var table = TextTable(header: ["Course", "Name", "Objective", "Value", "Verdict", "Below \(shortDecimal(programme.thresholds.individual))"])
        table.rightAligned = [3, 5]
        table.rows = sorted.prefix(limit ?? sorted.count).map(\.element.cells)
        return table
    }
}

/// The summary printed by `attain run`.
public enum TerminalSummary {
    /// The summary text: facts, requirements, indicators, the weakest course objectives and
    /// counts of students below the individual threshold.
    /// - Parameter outputDirectory: where the files went, to say so; nil if none were written.
    public static func render(_ result: AttainmentResult, files: Int, outputDirectory: String?) -> String {
        let tables = SummaryTables(result: result)
        var text = ""
        for (label, value) in tables.facts { text += "\(label): \(value)\n" }
        text += "\nGraduation requirements\n" + tables.requirements().render()
        text += "\nIndicators\n" + tables.indicators().render()
        text += "\nProgramme objectives\n" + tables.programmeObjectives().render()
        text += "\nWeakest course objectives\n" + tables.weakestCourseObjectives(limit: 8).render()
        let below = BelowThreshold.studentsBelowInAnyRequirement(result)
        text += "\nStudents below the individual threshold (\(shortDecimal(result.programme.thresholds.individual))) in at least one requirement: \(below) of \(result.students.students.count)\n"
        let warnings = result.diagnostics.count { $0.severity == .warning }
        if warnings > 0 { text += "Warnings: \(warnings) (listed by `attain check`, and in run.json)\n" }
        if let outputDirectory { text += "Wrote \(files) files to \(outputDirectory)\n" }
        return text
    }
}

/// `summary.md`.
enum SummaryMarkdown {
    static func make(_ result: AttainmentResult, inputs: [InputFile], warnings: [ProgrammeWarning]? = nil) -> String {
        let tables = SummaryTables(result: result)
        let programme = result.programme
        var text = "# Attainment summary: \(programme.name) (\(programme.id)), cohort \(programme.cohort)\n\n"
        text += tables.facts.map { "- **\($0.0)**: \(escape($0.1))\n" }.joined()
        text += "\nValues are shown to 3 decimals; verdicts compare the unrounded values with the thresholds.\n"
        text += "\n## Graduation requirements\n\n" + markdown(tables.requirements())
        text += "\n## Indicators\n\n" + markdown(tables.indicators())
        text += "\n## Programme objectives\n\n" + markdown(tables.programmeObjectives())
        if let surveys = SurveyTable.make(result) {
            text += "\n## Survey evidence (indirect)\n\n" + escape(SurveyTable.method(result)) + "\n\n" + markdown(surveys.textTable)
        }
        text += "\n## Course objectives, weakest first\n\n" + markdown(tables.weakestCourseObjectives(limit: nil))
        if let evidence = tables.courseObjectiveEvidence() {
            let method = programme.methods
            text += method.courseObjective == .attainmentLevels
                ? "\n## Course objective levels (NBA)\n\nPer part, the students whose share of the objective's marks reaches \(shortDecimal(method.nba.target)) among those who attempted it; levels from bands \(method.nba.bands.map(shortDecimal).joined(separator: ", ")); the level weights internal \(shortDecimal(method.nba.internalWeight)) and end-semester \(shortDecimal(method.nba.endSemesterWeight)) (methods.md §11).\n\n"
                : "\n## Course objective rubric levels (ABET)\n\nThe students whose mean rubric level reaches \(shortDecimal(method.abet.targetLevel)) among those assessed (methods.md §12).\n\n"
            text += markdown(evidence)
        }
        if let warnings {
            text += "\n## Early warnings\n" + (warnings.isEmpty ? "\n" : "")
            text += WarningText.markdown(warnings, showProgramme: false, studentLimit: 30)
        }
        let diagnostics = result.diagnostics.filter { $0.severity == .warning }
        if !diagnostics.isEmpty {
            text += "\n## Warnings\n\n" + diagnostics.map { "- \(escape($0.description))\n" }.joined()
        }
        text += "\n## Inputs\n\n"
        text += markdown(TextTable(header: ["File", "SHA-256"], rows: inputs.map { ["`\($0.path)`", "`\($0.sha256)`"] }))
        return text
    }

    static func markdown(_ table: TextTable) -> String {
        func row(_ cells: [String]) -> String { "| " + cells.map(escape).joined(separator: " | ") + " |\n" }
        let rule = "|" + table.header.indices.map { table.rightAligned.contains($0) ? "---:|" : "---|" }.joined() + "\n"
        return row(table.header) + rule + table.rows.map(row).joined()
    }

    /// `|` escaped and line feeds as spaces, so that `text` stays in its table cell.
    static func escape(_ text: String) -> String {
        // Most texts have neither, and Foundation's search is slow.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "|") || $0 == UInt8(ascii: "\n") }) else { return text }
        return text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}

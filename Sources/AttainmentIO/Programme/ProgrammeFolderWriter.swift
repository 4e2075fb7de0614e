package import AttainmentCore

/// Writes a programme's structure in the folder format (docs/format.md): programme.yaml,
/// support.csv and one courses/ID.yaml per course. Score sheets and the roster are files of
/// their own and are not written here.
///
/// The output is canonical: every text is quoted, numbers are written in their shortest exact
/// form, keys come in a fixed order, so the same programme always gives the same bytes and a
/// folder written here survives folder → workbook → folder unchanged.
package enum ProgrammeFolderWriter {
    /// The files, as (relative path, text), in a fixed order.
    /// - Parameter surveys: the surveys programme.yaml declares (their files are not written).
    package static func files(
        programme: Programme, courses: [CourseSource], surveys: [DeclaredSurvey] = []
    ) -> [(path: String, text: String)] {
        var files = [("programme.yaml", programmeYAML(programme, surveys: surveys)), ("support.csv", supportCSV(programme))]
        for source in courses {
            files.append(("courses/\(source.course.id).yaml", courseYAML(source)))
        }
        return files
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 {
                    result += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Every setting under `methods:`, nested keys as one mapping each: `  nba: {target: 0.6, …}`.
    static func methodLines(_ methods: MethodSettings) -> [String] {
        func yaml(_ value: SettingValue) -> String {
            if case .numbers(let numbers) = value { "[\(numbers.map(shortDecimal).joined(separator: ", "))]" } else { value.description }
        }
        return MethodSettings.nested(methods.allEntries).map { node in
            "  \(node.key): " + (node.value.map(yaml) ?? "{\(node.members.map { "\($0.key): \(yaml($0.value))" }.joined(separator: ", "))}")
        }
    }

    static func programmeYAML(_ programme: Programme, surveys: [DeclaredSurvey] = []) -> String {
        let methods = programme.methods
        var lines = [
            "id: \(quoted(programme.id))",
            "name: \(quoted(programme.name))",
            "cohort: \(quoted(programme.cohort))",
            "scheme: \(programme.scheme.rawValue)",
            "",
            "thresholds:",
            "  class: \(shortDecimal(programme.thresholds.classLevel))",
            "  individual: \(shortDecimal(programme.thresholds.individual))",
            "",
            "methods:",
        ] + methodLines(methods) + [
            "",
            "objectives:",
        ]
        for objective in programme.objectives {
            lines.append("  - id: \(quoted(objective.id))")
            lines.append("    text: \(quoted(objective.text))")
        }
        lines += ["", "requirements:"]
        for requirement in programme.requirements {
            lines.append("  - id: \(quoted(requirement.id))")
            lines.append("    name: \(quoted(requirement.name))")
            lines.append("    text: \(quoted(requirement.text))")
            lines.append(requirement.indicators.isEmpty ? "    indicators: []" : "    indicators:")
            for indicator in requirement.indicators {
                lines.append("      - id: \(quoted(indicator.id))")
                lines.append("        text: \(quoted(indicator.text))")
            }
        }
        // Support rows in the order of the requirements, cells in the order of the objectives.
        var rows: [String] = []
        let support = SupportTable(programme.requirementSupport)
        for requirement in programme.requirements {
            let cells = programme.objectives.compactMap { objective -> String? in
                support[requirement.id, objective.id].map { "\(quoted(objective.id)): \($0.cell)" }
            }
            if !cells.isEmpty { rows.append("  \(quoted(requirement.id)): {\(cells.joined(separator: ", "))}") }
        }
        // Entries that name unknown ids are kept, so that a check of the result still reports them.
        let known = Set(programme.requirements.map(\.id))
        let knownObjectives = Set(programme.objectives.map(\.id))
        let strays = programme.requirementSupport.filter { !known.contains($0.from) || !knownObjectives.contains($0.to) }
        for entry in strays {
            rows.append("  \(quoted(entry.from)): {\(quoted(entry.to)): \(entry.strength.cell)}")
        }
        lines.append("")
        lines.append(rows.isEmpty ? "requirement_support: {}" : "requirement_support:")
        lines += rows
        if !programme.electiveGroups.isEmpty {
            lines += ["", "elective_groups:"]
            for group in programme.electiveGroups {
                lines.append("  - id: \(quoted(group.id))")
                lines.append("    name: \(quoted(group.name))")
                lines.append("    courses: [\(group.courses.map(quoted).joined(separator: ", "))]")
            }
        }
        if !surveys.isEmpty {
            lines += ["", "surveys:"]
            for survey in surveys {
                var fields = ["file: \(quoted(survey.file))", "kind: \(survey.kind.rawValue)", "scale: \(survey.scale)"]
                if let population = survey.population { fields.append("population: \(population)") }
                if let name = survey.name { fields.append("name: \(quoted(name))") }
                lines.append("  - {\(fields.joined(separator: ", "))}")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func supportCSV(_ programme: Programme) -> String {
        let indicators = programme.indicators.map(\.id)
        var csv = CSVDocument(header: ["course", "name"] + indicators)
        let support = SupportTable(programme.courseSupport)
        for row in programme.supportRows {
            let cells = indicators.map { support[row.id, $0]?.cell ?? "" }
            csv.append([row.id, row.name] + cells)
        }
        return csv.text
    }

    static func courseYAML(_ source: CourseSource) -> String {
        let course = source.course
        var lines = [
            "id: \(quoted(course.id))",
            "name: \(quoted(course.name))",
            "credits: \(shortDecimal(course.credits))",
            "",
            "objectives:",
        ]
        for objective in course.objectives {
            let indicators = objective.indicators.map(quoted).joined(separator: ", ")
            lines.append("  - id: \(quoted(objective.id))")
            lines.append("    text: \(quoted(objective.text))")
            lines.append("    indicators: [\(indicators)]")
        }
        lines += ["", "components:"]
        for component in course.components {
            let kind = component.kind.map { ", kind: \($0.rawValue)" } ?? ""
            lines.append("  - {id: \(quoted(component.id)), name: \(quoted(component.name)), weight: \(shortDecimal(component.weight))\(kind)}")
        }
        lines += ["", "items:"]
        for item in course.items {
            var fields = ["id: \(quoted(item.id))", "component: \(quoted(item.component))", "full_marks: \(shortDecimal(item.fullMarks))"]
            if let objective = item.soleObjective {
                fields.append("objectives: \(quoted(objective))")
            } else {
                let parts = item.marks.map { "\(quoted($0.objective)): \(shortDecimal($0.marks))" }
                fields.append("objectives: {\(parts.joined(separator: ", "))}")
            }
            if let weight = item.weight { fields.append("weight: \(shortDecimal(weight))") }
            if let header = source.columns.headers[item.id] { fields.append("column: \(quoted(header))") }
            lines.append("  - {\(fields.joined(separator: ", "))}")
        }
        if let sheets = source.sheets {
            lines += ["", "sheets: [\(sheets.map(quoted).joined(separator: ", "))]"]
        }
        if !source.columns.ignored.isEmpty {
            lines += ["", "ignore_columns: [\(source.columns.ignored.map(quoted).joined(separator: ", "))]"]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

extension Programme {
    /// The rows of the course → indicator support matrix as support.csv lists them: each course
    /// outside every elective group, in course order, then each group under its own id (its
    /// members have no row; methods.md §14). A member given support of its own, an error the
    /// check reports, keeps its row, so that writing the matrix loses nothing.
    package var supportRows: [(id: String, name: String)] {
        let members = Set(electiveGroups.flatMap(\.courses))
        let supported = Set(courseSupport.map(\.from))
        return courses.filter { !members.contains($0.id) || supported.contains($0.id) }.map { ($0.id, $0.name) }
            + electiveGroups.map { ($0.id, $0.name) }
    }
}

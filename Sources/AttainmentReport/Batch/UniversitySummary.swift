import AttainmentCore
import AttainmentIO
import AttainmentStore
import Foundation
import Synchronization

/// The formats of the university summary of `attain batch`.
public enum SummaryFormat: String, CaseIterable, Sendable {
    /// One CSV table each: programmes, requirements, indicators and course objectives below
    /// threshold, course pass and excellence rates, warnings, failures.
    case csv
    /// `summary.json`: every table.
    case json
    /// `summary.md`: every table for reading.
    case md
    /// `summary.xlsx`: a sheet per table.
    case xlsx
    /// `report.docx`: the summary as a Word report.
    case docx
    /// `report.html`: the same as one printable HTML file.
    case html
}

/// The university summary of a batch (docs/cli.md, "attain batch"): every major × requirement
/// with values and verdicts, indicators and course objectives below threshold, course rates,
/// counts of students below the individual threshold, warnings and failures.
public enum UniversitySummary {
    /// The summary's files for the chosen formats, plus `batch.json`, in a fixed order. The
    /// same batch gives the same bytes: nothing depends on the clock or on the history.
    /// - Parameters:
    ///   - language: of the report formats' fixed texts.
    ///   - date: shown on the report, as written.
    public static func build(
        _ summary: BatchSummary, formats: [SummaryFormat], language: ReportLanguage, date: String
    ) throws(OutputError) -> [OutputDocument] {
        withBatchRecord(summary, try reports(summary, formats: formats, language: language, date: date))
    }

    /// The summary's files but `batch.json`, in a fixed order. They depend on the programmes'
    /// outputs only through whether they failed (`BatchEntry.errors`), not through the names
    /// of their files. The formats are built side by side, on as many threads as there are
    /// formats and cores.
    static func reports(
        _ summary: BatchSummary, formats: [SummaryFormat], language: ReportLanguage, date: String
    ) throws(OutputError) -> [OutputDocument] {
        // First the tables (English, for the data formats) and the report's document (the same
        // tables with the warnings in the report's language), then each format from them.
        let tables = Tables(summary)
        let document = formats.contains(.docx) || formats.contains(.html)
            ? report(summary, tables.inLanguage(language), language: language, date: date) : nil

        let order = SummaryFormat.allCases.filter { formats.contains($0) }
        let built = Mutex([Result<[OutputDocument], OutputError>?](repeating: nil, count: order.count))
        BatchRunner.parallel(count: order.count, jobs: ProcessInfo.processInfo.activeProcessorCount) { index in
            let files = Result { () throws(OutputError) in try documents(order[index], of: summary, tables: tables, report: document) }
            built.withLock { $0[index] = files }
        }
        var files: [OutputDocument] = []
        for result in built.withLock({ $0 }) {
            guard let result else { continue }
            files += try result.get()
        }
        return files
    }

    /// The files of one format of the summary.
    private static func documents(
        _ format: SummaryFormat, of summary: BatchSummary, tables: Tables, report: ReportDocument?
    ) throws(OutputError) -> [OutputDocument] {
        switch format {
        case .csv:
            return tables.all.map { OutputDocument(name: "\($0.name).csv", text: $0.csv) }
        case .json:
            return [OutputDocument(
                name: "summary.json", contents: JSONValue.object(tables.all.map { ($0.name, $0.json) }).serializedBytes())]
        case .md:
            return [OutputDocument(name: "summary.md", text: markdown(summary, tables))]
        case .xlsx:
            do {
                var properties = XLSXDocumentProperties()
                properties.title = "全校毕业要求达成情况汇总 University attainment summary"
                properties.author = "attain"
                properties.comments = "attain \(attainVersion)"
                let workbook = try XLSXWorkbookWriter(properties: properties)
                for table in tables.all { try table.writeSheet(to: workbook) }
                return [OutputDocument(name: "summary.xlsx", contents: try workbook.finish())]
            } catch {
                throw OutputError(path: "summary.xlsx", reason: error.description)
            }
        case .docx:
            return report.map { [OutputDocument(name: "report.docx", contents: DOCXWriter.make($0))] } ?? []
        case .html:
            return report.map { [OutputDocument(name: "report.html", text: HTMLReport.render($0))] } ?? []
        }
    }

    /// A summary's files: its reports `documents`, then `batch.json`, which lists them.
    static func withBatchRecord(_ summary: BatchSummary, _ documents: [OutputDocument]) -> [OutputDocument] {
        let names = documents.map(\.name) + ["batch.json"]
        return documents + [OutputDocument(name: "batch.json", contents: record(summary, outputs: names).serializedBytes())]
    }

    /// `batch.json`: the tool, the rules, and every programme with its status, errors, input
    /// files and hashes, and outputs.
    static func record(_ summary: BatchSummary, outputs: [String]) -> JSONValue {
        let rules = summary.options.rules
        return .object([
            ("tool", .object([("name", .string("attain")), ("version", .string(attainVersion))])),
            ("root", .string(summary.root)),
            ("warning_rules", WarningRulesRecord.make(rules)),
            ("programmes", .array(summary.entries.map { entry in
                .object([
                    ("path", .string(entry.location.relativePath)),
                    ("kind", .string(entry.location.kind == .workbook ? "workbook" : "folder")),
                    ("status", .string(entry.status)),
                    ("programme_id", entry.result.map { .string($0.programme.id) } ?? .null),
                    ("cohort", entry.result.map { .string($0.programme.cohort) } ?? .null),
                    ("compared_with_cohort", entry.comparedWith.map(JSONValue.string) ?? .null),
                    ("errors", .array(entry.errors.map(JSONValue.string))),
                    ("inputs", .array(entry.inputs.map { file in
                        .object([("path", .string(file.path)), ("sha256", .string(file.sha256)), ("bytes", .integer(file.size))])
                    })),
                    ("output_directory", .string(entry.outputDirectory)),
                    ("outputs", .array(entry.outputs.map(JSONValue.string))),
                ])
            })),
            ("outputs", .array(outputs.map(JSONValue.string))),
        ])
    }

    static func markdown(_ summary: BatchSummary, _ tables: Tables) -> String {
        let entries = summary.entries
        var text = "# University attainment summary\n\n"
        text += "- **Root**: `\(summary.root)`\n"
        text += "- **Programmes**: \(entries.count) found, \(entries.count - summary.failures.count) computed, \(summary.failures.count) failed\n"
        text += "- **Tool**: attain \(attainVersion)\n"
        text += "- **Warning rules**: \(WarningRulesRecord.sentence(summary.options.rules))\n"
        text += "\nValues are shown to 3 decimals and shares as percents; verdicts and warnings compare unrounded values. "
        text += "batch.json lists every input file with its SHA-256.\n"
        for table in tables.all where table.name != "warnings" {
            text += "\n## \(table.titleEn)\n\n"
            text += table.rows.isEmpty ? "None.\n" : SummaryMarkdown.markdown(table.textTable)
        }
        text += "\n## Early warnings\n"
        text += WarningText.markdown(tables.warnings, showProgramme: true, studentLimit: 30)
        return text
    }

    static func report(_ summary: BatchSummary, _ tables: Tables, language: ReportLanguage, date: String) -> ReportDocument {
        func t(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }
        let title = t("全校毕业要求达成情况汇总", "University attainment summary")
        var blocks: [ReportBlock] = [.heading(level: 1, text: title)]
        let failed = summary.failures.count
        blocks.append(.paragraph([.plain(t(
            "共找到 \(summary.entries.count) 个专业（届），完成计算 \(summary.entries.count - failed) 个，失败 \(failed) 个。日期：\(date)。工具：attain \(attainVersion)。",
            "\(summary.entries.count) programmes found, \(summary.entries.count - failed) computed, \(failed) failed. Date: \(date). Tool: attain \(attainVersion)."))]))
        blocks.append(.paragraph([.plain(t(
            "数值保留三位小数，比例以百分数表示；所有结论与预警均以未舍入的数值判断。预警规则：",
            "Values are shown to 3 decimals and shares as percents; every verdict and warning compares unrounded values. Warning rules: ")),
            .plain(WarningRulesRecord.sentence(summary.options.rules, language: language))]))
        blocks.append(.tableOfContents)
        var number = 0
        for table in tables.all {
            number += 1
            blocks.append(.heading(level: 2, text: "\(number) \(table.title(language))"))
            if table.rows.isEmpty {
                blocks.append(.paragraph([.plain(t("无。", "None."))]))
            } else {
                blocks.append(.table(table.reportTable(
                    caption: t("表 \(number) \(table.titleZh)", "Table \(number). \(table.titleEn)"), language: language,
                    landscape: table.columns.count > 8)))
            }
        }
        return ReportDocument(title: title, language: language, blocks: blocks)
    }

    /// The summary's tables, built once for every format.
    struct Tables {
        var programmes: DataTable
        var requirements: DataTable
        var indicatorsBelow: DataTable
        var courseObjectivesBelow: DataTable
        var courseRates: DataTable
        var warningTable: DataTable
        var failures: DataTable
        var warnings: [ProgrammeWarning]
        /// Each programme's path under the root, by programme id and cohort (NUL between).
        private var warningPaths: [String: String] = [:]

        var all: [DataTable] {
            [programmes, requirements, indicatorsBelow, courseObjectivesBelow, courseRates, warningTable, failures]
        }

        /// The tables with the warnings' sentences in English (CSV, JSON, Markdown and the
        /// workbook keep English; a report gets its language through `inLanguage`).
        init(_ summary: BatchSummary) {
            let where_ = [DataTable.Column("path", "路径", "Path"), DataTable.Column("programme_id", "专业代码", "Programme"),
                          DataTable.Column("cohort", "年级", "Cohort")]
            programmes = DataTable(
                name: "programmes", sheet: "Programmes 专业", titleZh: "各专业概况", titleEn: "Programmes",
                columns: where_ + [
                    .init("name", "专业名称", "Name"), .init("status", "状态", "Status"),
                    .init("students", "学生数", "Students", numeric: true),
                    .init("requirements_met", "达成的毕业要求", "Requirements met", numeric: true),
                    .init("requirements_not_met", "未达成的毕业要求", "Requirements not met", numeric: true),
                    .init("requirements_not_evaluable", "不可评价", "Not evaluable", numeric: true),
                    .init("lowest_requirement", "最低的毕业要求", "Lowest requirement"),
                    .init("lowest_value", "最低达成度", "Lowest value", numeric: true),
                    .init("students_below_individual", "低于个人期望值的学生", "Students below individual threshold", numeric: true),
                    .init("alerts", "红色预警", "Alerts", numeric: true), .init("watches", "黄色预警", "Watches", numeric: true),
                ])
            requirements = DataTable(
                name: "requirements", sheet: "Requirements 毕业要求", titleZh: "各专业毕业要求达成情况",
                titleEn: "Graduation requirements of every programme",
                columns: where_ + [
                    .init("requirement_id", "毕业要求", "Requirement"), .init("name", "名称", "Name"),
                    .init("value", "达成度", "Value", numeric: true), .init("threshold", "期望值", "Threshold", numeric: true),
                    .init("verdict", "结论", "Verdict"),
                    .init("students_evaluated", "评价学生数", "Students evaluated", numeric: true),
                    .init("students_below_individual", "低于个人期望值", "Below individual threshold", numeric: true),
                ])
            indicatorsBelow = DataTable(
                name: "indicators_below", sheet: "Indicators below 指标点", titleZh: "低于期望值的指标点",
                titleEn: "Indicators below threshold",
                columns: where_ + [
                    .init("indicator_id", "指标点", "Indicator"), .init("requirement_id", "毕业要求", "Requirement"),
                    .init("value", "达成度", "Value", numeric: true), .init("threshold", "期望值", "Threshold", numeric: true),
                    .init("weakest_course", "最弱支撑课程", "Weakest course"),
                    .init("weakest_course_value", "该课程达成度", "Its value", numeric: true),
                ])
            courseObjectivesBelow = DataTable(
                name: "course_objectives_below", sheet: "COs below 课程目标", titleZh: "低于期望值的课程目标",
                titleEn: "Course objectives below threshold",
                columns: where_ + [
                    .init("course_id", "课程", "Course"), .init("course_name", "课程名称", "Course name"),
                    .init("objective_id", "课程目标", "Objective"),
                    .init("value", "达成度", "Value", numeric: true), .init("threshold", "期望值", "Threshold", numeric: true),
                    .init("students_below_individual", "低于个人期望值", "Below individual threshold", numeric: true),
                ])
            courseRates = DataTable(
                name: "course_rates", sheet: "Course rates 及格率", titleZh: "课程及格率与优秀率",
                titleEn: "Course pass and excellence rates",
                columns: where_ + [
                    .init("course_id", "课程", "Course"), .init("course_name", "课程名称", "Course name"),
                    .init("students_graded", "有成绩学生数", "Students graded", numeric: true),
                    .init("pass_rate", "及格率", "Pass rate", numeric: true),
                    .init("excellence_rate", "优秀率", "Excellence rate", numeric: true),
                ])
            warningTable = DataTable(
                name: "warnings", sheet: "Warnings 预警", titleZh: "预警", titleEn: "Early warnings",
                columns: where_ + [
                    .init("level", "层面", "Level"), .init("severity", "级别", "Severity"), .init("rule", "规则", "Rule"),
                    .init("target_id", "对象", "Target"), .init("message", "说明", "Warning"),
                ])
            failures = DataTable(
                name: "failures", sheet: "Failures 失败", titleZh: "未能计算的专业", titleEn: "Programmes that failed",
                columns: [.init("path", "路径", "Path"), .init("errors", "错误数", "Errors", numeric: true),
                          .init("first_error", "首个错误", "First error")])
            warnings = []

            let rules = summary.options.rules
            for entry in summary.entries {
                let path = entry.location.relativePath
                guard let result = entry.result else {
                    programmes.rows.append([.text(path), .text(""), .text(""), .text(""), Self.status(entry)]
                        + [DataTable.Cell](repeating: .text(""), count: programmes.columns.count - 5))
                    failures.rows.append([.text(path), .count(entry.errors.count), .text(entry.errors.first ?? "")])
                    continue
                }
                if !entry.errors.isEmpty {
                    failures.rows.append([.text(path), .count(entry.errors.count), .text(entry.errors.first ?? "")])
                }
                let programme = result.programme
                let threshold = programme.thresholds.classLevel
                let head: [DataTable.Cell] = [.text(path), .text(programme.id), .text(programme.cohort)]
                let values = result.requirements.map(\.value)
                let lowest = zip(programme.requirements, values).filter { $0.1.value != nil }
                    .min { ($0.1.value ?? 0) < ($1.1.value ?? 0) }
                programmes.rows.append(head + [
                    .text(programme.name), Self.status(entry), .count(result.students.students.count),
                    .count(values.count { $0.verdict == .met }), .count(values.count { $0.verdict == .notMet }),
                    .count(values.count { $0.verdict == .notEvaluable }),
                    .text(lowest?.0.id ?? ""), .value(lowest?.1.value, threshold: threshold),
                    .count(BelowThreshold.studentsBelowInAnyRequirement(result)),
                    .count(entry.warnings.count { $0.severity == .alert }), .count(entry.warnings.count { $0.severity == .watch }),
                ])
                for (requirement, attainment) in zip(programme.requirements, result.requirements) {
                    requirements.rows.append(head + [
                        .text(requirement.id), .text(requirement.name), .value(attainment.value.value, threshold: threshold),
                        .value(threshold, threshold: nil), .verdict(attainment.value.verdict),
                        .count(attainment.value.studentsEvaluated), .count(attainment.value.studentsBelowIndividual),
                    ])
                }
                for indicator in result.indicators {
                    guard let value = indicator.value.value, isBelow(value, threshold: threshold) else { continue }
                    let weakest = indicator.contributions.filter { $0.value != nil }.min { ($0.value ?? 0) < ($1.value ?? 0) }
                    indicatorsBelow.rows.append(head + [
                        .text(indicator.indicatorID), .text(indicator.requirementID), .value(value, threshold: threshold),
                        .value(threshold, threshold: nil), .text(weakest?.sourceID ?? ""), .value(weakest?.value, threshold: threshold),
                    ])
                }
                for (course, attainment) in zip(programme.courses, result.courses) {
                    for (objective, value) in zip(course.objectives, attainment.objectives) {
                        guard let number = value.value, isBelow(number, threshold: threshold) else { continue }
                        courseObjectivesBelow.rows.append(head + [
                            .text(course.id), .text(course.name), .text(objective.id), .value(number, threshold: threshold),
                            .value(threshold, threshold: nil), .count(value.studentsBelowIndividual),
                        ])
                    }
                }
                for (course, rates) in zip(programme.courses, entry.courseRates) {
                    courseRates.rows.append(head + [
                        .text(course.id), .text(course.name), .count(rates.graded),
                        .share(rates.passRate, below: rules.minimumPassRate.map { (rates.passRate ?? 1) < $0 } ?? false),
                        .share(rates.excellenceRate, below: false),
                    ])
                }
                for warning in entry.warnings {
                    warnings.append(ProgrammeWarning(
                        programmeID: programme.id, programmeName: programme.name, cohort: programme.cohort, warning: warning))
                }
            }
            warningPaths = Dictionary(
                summary.entries.compactMap { entry in entry.result.map { ("\($0.programme.id)\u{0}\($0.programme.cohort)", entry.location.relativePath) } },
                uniquingKeysWith: { first, _ in first })
            warningTable.rows = warningRows(language: .en)
        }

        /// A programme's status as a term: ok 完成, failed 失败.
        private static func status(_ entry: BatchEntry) -> DataTable.Cell {
            .term(entry.status, zh: entry.succeeded ? "完成" : "失败")
        }

        /// The same tables with the warnings' sentences in `language`.
        func inLanguage(_ language: ReportLanguage) -> Tables {
            guard language != .en else { return self }
            var tables = self
            tables.warningTable.rows = warningRows(language: language)
            return tables
        }

        /// The rows of the warnings table, the sentences in `language`.
        private func warningRows(language: ReportLanguage) -> [[DataTable.Cell]] {
            ProgrammeWarning.ordered(warnings).map { item in
                let w = item.warning
                return [
                    .text(warningPaths["\(item.programmeID)\u{0}\(item.cohort)"] ?? ""), .text(item.programmeID), .text(item.cohort),
                    .text(w.level.rawValue), .text(w.severity.rawValue), .text(w.rule.rawValue), .text(w.targetID),
                    .text(WarningText.message(w, language: language)),
                ]
            }
        }
    }
}

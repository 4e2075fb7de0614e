public import AttainmentCore

/// A programme computed under several method variants, value by value (docs/cli.md, `attain
/// compare`): which values and verdicts change, so a programme can justify its choice.
public struct MethodComparison: Sendable {
    /// The programme as defined first, then each variant, with its result.
    public let runs: [(name: String, result: AttainmentResult)]
    /// Every class value (programme objectives, requirements, indicators, course objectives).
    public let rows: [Row]
    /// The files read, with their hashes (from the run as defined).
    public let inputs: [InputFile]

    /// One class value under every variant.
    public struct Row: Sendable {
        public let target: EarlyWarning.Target
        public let id: String
        /// Per run, in the order of `runs`.
        public let values: [ClassValue]

        /// Whether the verdict differs between any two runs.
        public var verdictChanges: Bool { Set(values.map(\.verdict)).count > 1 }

        /// Whether the value differs between any two runs by more than binary noise (1e-9), or
        /// is evaluable in one and not in another.
        public var valueChanges: Bool {
            guard let first = values.first else { return false }
            return values.dropFirst().contains { other in
                switch (first.value, other.value) {
                case (nil, nil): false
                case (let a?, let b?): abs(a - b) > markTolerance
                default: true
                }
            }
        }
    }

    /// Compares the runs, which must be of one programme (the same ids in the same order).
    /// - Precondition: at least one run; every result has the first one's class values.
    public init(runs: [(name: String, result: AttainmentResult)], inputs: [InputFile]) {
        precondition(!runs.isEmpty, "a comparison needs a run")
        let entries = runs.map { $0.result.classValueEntries.filter { $0.summary != nil } }
        precondition(entries.allSatisfy { $0.map(\.id) == entries[0].map(\.id) }, "the runs are of one programme")
        self.runs = runs
        self.inputs = inputs
        self.rows = entries[0].indices.map { index in
            Row(target: entries[0][index].target, id: entries[0][index].id,
                values: entries.compactMap { $0[index].summary })
        }
    }

    /// The rows whose value or verdict changes.
    public var changedRows: [Row] { rows.filter { $0.valueChanges || $0.verdictChanges } }

    /// For each run, the settings that differ from the programme as defined, as `key=value`.
    public var differences: [[String]] {
        let base = runs[0].result.programme
        let baseEntries = base.methods.allEntries
        return runs.map { run in
            let programme = run.result.programme
            var changed: [String] = []
            // Both lists follow MethodSettings.definitions, key for key.
            for ((key, value), (_, baseValue)) in zip(programme.methods.allEntries, baseEntries) where value != baseValue {
                changed.append("\(key)=\(value)")
            }
            if programme.thresholds.classLevel != base.thresholds.classLevel {
                changed.append("thresholds.class=\(shortDecimal(programme.thresholds.classLevel))")
            }
            if programme.thresholds.individual != base.thresholds.individual {
                changed.append("thresholds.individual=\(shortDecimal(programme.thresholds.individual))")
            }
            return changed
        }
    }
}

extension MethodComparison {
    /// The comparison as a table: level and id, then each run's value and verdict, then
    /// whether the verdict changes. `all` keeps the rows that do not change.
    func table(all: Bool) -> DataTable {
        var columns = [
            DataTable.Column("level", "层级", "Level"),
            DataTable.Column("id", "编号", "Id"),
        ]
        for (index, run) in runs.enumerated() {
            columns.append(DataTable.Column("value_\(index)", "\(run.name) 达成度", "\(run.name) value", numeric: true))
            columns.append(DataTable.Column("verdict_\(index)", "\(run.name) 结论", "\(run.name) verdict"))
        }
        columns.append(DataTable.Column("verdict_changes", "结论变化", "Verdict changes"))
        var table = DataTable(
            name: "compare", sheet: "方法比较 Methods", titleZh: "不同评价方法下的达成度", titleEn: "Values under each method",
            columns: columns)
        for row in all ? rows : changedRows {
            var cells: [DataTable.Cell] = [.text(row.target.rawValue), .text(row.id)]
            for (index, value) in row.values.enumerated() {
                cells.append(.value(value.value, threshold: runs[index].result.programme.thresholds.classLevel))
                cells.append(.verdict(value.verdict))
            }
            cells.append(.text(row.verdictChanges ? "yes" : "no"))
            table.rows.append(cells)
        }
        return table
    }

    /// Per run: its settings that differ, and how many values are met at each level.
    func summaryTable() -> DataTable {
        let levels: [EarlyWarning.Target] = [.programmeObjective, .requirement, .indicator, .courseObjective]
        var columns = [
            DataTable.Column("method", "方法", "Method"),
            DataTable.Column("settings", "与培养方案设定不同之处", "Settings changed"),
        ]
        for level in levels {
            columns.append(DataTable.Column("\(level.rawValue)_met", "\(level.rawValue) 达成", "\(level.rawValue) met", numeric: true))
        }
        var table = DataTable(
            name: "compare_summary", sheet: "方法汇总 Summary", titleZh: "各方法的达成情况", titleEn: "Each method at a glance",
            columns: columns)
        let differences = differences
        for (index, run) in runs.enumerated() {
            var cells: [DataTable.Cell] = [
                .text(run.name), .text(differences[index].isEmpty ? "(as defined)" : differences[index].joined(separator: " ")),
            ]
            for level in levels {
                let atLevel = rows.filter { $0.target == level }
                let met = atLevel.count { $0.values[index].verdict == .met }
                cells.append(.text("\(met)/\(atLevel.count)"))
            }
            table.rows.append(cells)
        }
        return table
    }

    /// The comparison's files: `compare.csv` (changed rows; every row with `all`),
    /// `compare_summary.csv`, `compare.json` (inputs and their hashes, each run's settings,
    /// every row), `compare.md` and `compare.xlsx`, for the formats chosen.
    /// - Throws: `OutputError` naming `compare.xlsx` when the workbook cannot be built.
    public func documents(formats: [ResultFormat], all: Bool) throws(OutputError) -> [OutputDocument] {
        let values = table(all: all)
        let summary = summaryTable()
        var files: [OutputDocument] = []
        if formats.contains(.csv) {
            files.append(OutputDocument(name: "compare.csv", text: values.csv))
            files.append(OutputDocument(name: "compare_summary.csv", text: summary.csv))
        }
        if formats.contains(.json) {
            files.append(OutputDocument(name: "compare.json", contents: record().serializedBytes()))
        }
        if formats.contains(.md) {
            files.append(OutputDocument(name: "compare.md", text: markdown(all: all)))
        }
        if formats.contains(.xlsx) {
            do {
                var properties = XLSXDocumentProperties()
                properties.title = "方法比较 Methods side by side"
                properties.author = "attain"
                properties.comments = "attain \(attainVersion)"
                let workbook = try XLSXWorkbookWriter(properties: properties)
                try summary.writeSheet(to: workbook)
                try values.writeSheet(to: workbook)
                files.append(OutputDocument(name: "compare.xlsx", contents: try workbook.finish()))
            } catch {
                throw OutputError(path: "compare.xlsx", reason: error.description)
            }
        }
        return files
    }

    /// `compare.json`: the tool, the programme, the inputs with hashes, each run's settings in
    /// effect, and every class value under each run.
    func record() -> JSONValue {
        let programme = runs[0].result.programme
        return .object([
            ("tool", .object([("name", .string("attain")), ("version", .string(attainVersion))])),
            ("programme", .object([
                ("id", .string(programme.id)), ("name", .string(programme.name)),
                ("cohort", .string(programme.cohort)), ("scheme", .string(programme.scheme.rawValue)),
            ])),
            ("inputs", .array(inputs.map { file in
                .object([("path", .string(file.path)), ("sha256", .string(file.sha256)), ("bytes", .integer(file.size))])
            })),
            ("methods", .array(runs.enumerated().map { index, run in
                .object([
                    ("name", .string(run.name)),
                    ("changed", .array(differences[index].map(JSONValue.string))),
                    ("thresholds", RunRecord.thresholds(run.result.programme.thresholds)),
                    ("class_value_maximum", .number(run.result.programme.methods.classValueMaximum)),
                    ("methods", RunRecord.methods(run.result.programme.methods)),
                ])
            })),
            ("values", .array(rows.map { row in
                .object([
                    ("level", .string(row.target.rawValue)), ("id", .string(row.id)),
                    ("values", .array(row.values.map { .value($0.value) })),
                    ("verdicts", .array(row.values.map { .string($0.verdict.rawValue) })),
                    ("value_changes", .bool(row.valueChanges)), ("verdict_changes", .bool(row.verdictChanges)),
                ])
            })),
        ])
    }

    /// `compare.md`: the methods, the counts of values met, and the values that change.
    func markdown(all: Bool) -> String {
        let programme = runs[0].result.programme
        var text = "# Methods side by side: \(programme.name) (\(programme.id)), cohort \(programme.cohort)\n\n"
        text += "- **Tool**: attain \(attainVersion)\n"
        text += "- **Inputs**: \(inputs.count) files; compare.json lists each with its SHA-256\n"
        text += "- Values are shown to 3 decimals; verdicts compare unrounded values with each method's threshold. "
        text += "A value changes when it differs by more than 1e-9 or is evaluable under one method only.\n"
        text += "\n## Methods\n\n" + SummaryMarkdown.markdown(summaryTable().textTable)
        let changed = changedRows
        text += "\n## \(all ? "Every value" : "Values that change")\n\n"
        text += "\(changed.count) of \(rows.count) values change; \(changed.count { $0.verdictChanges }) verdicts change.\n\n"
        if let scaleNote { text += scaleNote + "\n\n" }
        let values = table(all: all)
        text += values.rows.isEmpty ? "None.\n" : SummaryMarkdown.markdown(values.textTable)
        return text
    }

    /// When the runs' class values are on different scales (NBA's levels 0-3 beside ratios
    /// 0-1, methods.md §11), a sentence saying so: their values differ by the scale alone, so
    /// the verdicts are what compares. Nil when every run has the same scale.
    public var scaleNote: String? {
        let maxima = runs.map { $0.result.programme.methods.classValueMaximum }
        guard Set(maxima).count > 1 else { return nil }
        let scales = zip(runs, maxima).map { run, maximum in "\(run.name) 0-\(shortDecimal(maximum))" }
        return "The class values are on different scales (\(scales.joined(separator: ", "))): a value differs "
            + "with the scale alone, so compare the verdicts, each against its own method's threshold."
    }

    /// Settings a variant sets that change nothing under its method, as sentences: `nba.bands`
    /// under `course_objective: weighted-ratios`.
    public func settingsNotInEffect(_ variants: [MethodVariant]) -> [String] {
        zip(variants, runs.dropFirst()).flatMap { variant, run in
            let methods = run.result.programme.methods
            return variant.settings.filter { setting in
                !MethodVariant.thresholdKeys.contains(setting.key) && !methods.isInEffect(setting.key)
            }.map { setting in
                "\(variant.name): \(setting.key) changes nothing under course_objective=\(methods.courseObjective.rawValue)"
            }
        }
    }

    /// The terminal view: the methods and the changed values, at most `limit` rows.
    public func terminalText(limit: Int) -> String {
        var text = "Methods:\n" + summaryTable().textTable.render() + "\n"
        let changed = changedRows
        text += "\(changed.count) of \(rows.count) values change; \(changed.count { $0.verdictChanges }) verdicts change.\n"
        if let scaleNote { text += scaleNote + "\n" }
        if !changed.isEmpty {
            var values = table(all: false)
            let hidden = max(values.rows.count - limit, 0)
            values.rows = Array(values.rows.prefix(limit))
            text += values.textTable.render()
            if hidden > 0 { text += "  … and \(hidden) more (write them with -o)\n" }
        }
        return text
    }
}

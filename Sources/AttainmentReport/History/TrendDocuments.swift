public import AttainmentCore
public import AttainmentStore
import Foundation

/// A programme's values across cohorts, as `attain history` shows and writes them: a table
/// (ids × cohorts) and the cohort comparison chart.
public struct Trend: Sendable {
    public var programmeID: String
    public var target: EarlyWarning.Target
    /// Cohorts, oldest first.
    public var cohorts: [String]
    /// Each cohort's class threshold (nil if no run of it is recorded).
    public var thresholds: [Double?]
    /// The ids shown, e.g. GR1…GR12.
    public var ids: [String]
    /// Per id, per cohort: the latest recorded run's value, nil if none or not evaluable.
    public var values: [[Double?]]
    /// The language of the files' fixed texts (trend.md, trend.svg); the terminal text is English.
    public var language: ReportLanguage

    /// Creates a trend.
    /// - Precondition: a value per id and cohort, a threshold per cohort.
    public init(
        programmeID: String, target: EarlyWarning.Target, cohorts: [String], thresholds: [Double?], ids: [String], values: [[Double?]],
        language: ReportLanguage = .en
    ) {
        precondition(thresholds.count == cohorts.count && values.count == ids.count && values.allSatisfy { $0.count == cohorts.count },
                     "a value per id and cohort, a threshold per cohort")
        self.programmeID = programmeID
        self.target = target
        self.cohorts = cohorts
        self.thresholds = thresholds
        self.ids = ids
        self.values = values
        self.language = language
    }

    /// This trend with English texts, for the terminal and trend.csv.
    private var english: Trend {
        var english = self
        english.language = .en
        return english
    }

    /// The level's name in Chinese, for the texts of a Chinese trend.
    private var targetName: String { WarningText.target(target, language: .zh) }

    /// The change across cohorts, oldest first: the latest value less the earliest, among the
    /// cohorts with a value; nil when fewer than two have one.
    static func change(_ row: [Double?]) -> Double? {
        let present = row.compactMap { $0 }
        guard present.count >= 2, let first = present.first, let last = present.last else { return nil }
        return last - first
    }

    /// The latest cohort's threshold: the chart's line.
    var threshold: Double { thresholds.last.flatMap { $0 } ?? 0.7 }

    /// Ids × cohorts, each value shaded against its own cohort's threshold, then the change
    /// from the first to the last cohort.
    var table: DataTable {
        var table = DataTable(
            name: "trend", sheet: "Trend 趋势", titleZh: "\(programmeID) \(targetName)达成度各届对比",
            titleEn: "\(programmeID): values across cohorts",
            columns: [DataTable.Column("id", targetName, target.rawValue.capitalized)]
                + cohorts.map { DataTable.Column($0, "\($0) 级", "Cohort \($0)", numeric: true) }
                + [DataTable.Column("change", "变化", "Change", numeric: true)])
        for (id, row) in zip(ids, values) {
            table.rows.append(
                [.text(id)] + zip(row, thresholds).map { DataTable.Cell.value($0, threshold: $1) }
                    + [.value(Self.change(row), threshold: nil)])
        }
        table.rows.append(
            [.text(language == .zh ? "期望值" : "threshold")] + thresholds.map { DataTable.Cell.value($0, threshold: nil) } + [.text("")])
        return table
    }

    /// The cohort comparison chart as SVG.
    var svg: String {
        let zh = language == .zh
        return SVGRenderer.render(Charts.cohortBars(
            categories: ids, cohorts: zh ? cohorts.map { "\($0) 级" } : cohorts, values: values,
            thresholds: thresholds.map { $0 ?? threshold },
            labels: zh
                ? ChartLabels(
                    title: "\(programmeID) \(targetName)达成度各届对比", valueAxis: "达成度",
                    threshold: "期望值 \(shortDecimal(threshold))", notEvaluable: "不可评价")
                : ChartLabels(
                    title: "\(programmeID): \(target.rawValue) values by cohort", valueAxis: "value",
                    threshold: "threshold \(shortDecimal(threshold))", notEvaluable: "n/a")))
    }

    /// What `attain history` prints: the table, values below their cohort's threshold marked `*`.
    public var text: String {
        var table = TextTable(header: [target.rawValue] + cohorts + ["change"], rightAligned: Set(1...(cohorts.count + 1)))
        for row in english.table.rows {
            table.rows.append(row.map { cell in cell.shown + (cell.isBelow ? "*" : "") })
        }
        return table.render() + "* below that cohort's class threshold (compared unrounded)\n"
    }

    /// The files `attain history -o DIR` writes: `trend.csv`, `trend.md`, `trend.svg`.
    public var documents: [OutputDocument] {
        let table = self.table
        let title = table.title(language)
        // Values below their cohort's threshold in bold, as the reports mark them.
        let text = table.textTable(language) { $0.isBelow ? "**\($0.shown)**" : $0.shown }
        var markdown = "# \(title)\n\n" + SummaryMarkdown.markdown(text)
        markdown += language == .zh
            ? "\n数值取自各届最近一次记录的运行，显示 3 位小数；低于所在届期望值的数值以粗体表示（与期望值比较时不先舍入）。\n"
            : "\nValues are the latest recorded run of each cohort, shown to 3 decimals; those below their cohort's threshold are in bold (compared unrounded).\n"
        markdown += "\n![\(title)](trend.svg)\n"
        // The CSV is for machines: its words stay English whatever the language.
        return [
            OutputDocument(name: "trend.csv", text: english.table.csv),
            OutputDocument(name: "trend.md", text: markdown),
            OutputDocument(name: "trend.svg", text: svg),
        ]
    }
}

extension Trend {
    /// The trend of a history's table (a row per cohort) turned to a row per id.
    public init(_ table: TrendTable, programmeID: String, target: EarlyWarning.Target, language: ReportLanguage = .en) {
        self.init(
            programmeID: programmeID, target: target, cohorts: table.cohorts, thresholds: table.rows.map(\.classThreshold),
            ids: table.ids, values: table.ids.indices.map { i in table.rows.map { $0.values[i] } }, language: language)
    }
}

/// What `attain history` prints about the history itself.
public enum HistoryText {
    /// A line per programme: id, latest name, cohorts recorded.
    public static func programmes(_ programmes: [HistoryProgramme]) -> String {
        var table = TextTable(header: ["Programme", "Name", "Cohorts"])
        table.rows = programmes.map { [$0.id, $0.name, $0.cohorts.joined(separator: " ")] }
        return table.render()
    }

    /// A line per run: id, cohort, time, version, the start of its fingerprint, its source.
    public static func runs(_ runs: [HistoryRun]) -> String {
        var table = TextTable(header: ["Run", "Cohort", "Recorded", "Version", "Fingerprint", "Source"], rightAligned: [0])
        table.rows = runs.map { [String($0.runID), $0.cohort, $0.recordedAt, $0.toolVersion, String($0.fingerprint.prefix(12)), $0.source] }
        return table.render()
    }
}

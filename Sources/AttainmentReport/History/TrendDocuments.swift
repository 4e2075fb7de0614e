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

    /// Creates a trend.
    /// - Precondition: a value per id and cohort, a threshold per cohort.
    public init(programmeID: String, target: EarlyWarning.Target, cohorts: [String], thresholds: [Double?], ids: [String], values: [[Double?]]) {
        precondition(thresholds.count == cohorts.count && values.count == ids.count && values.allSatisfy { $0.count == cohorts.count },
                     "a value per id and cohort, a threshold per cohort")
        self.programmeID = programmeID
        self.target = target
        self.cohorts = cohorts
        self.thresholds = thresholds
        self.ids = ids
        self.values = values
    }

    /// The latest cohort's threshold: the chart's line.
    var threshold: Double { thresholds.last.flatMap { $0 } ?? 0.7 }

    /// Ids × cohorts, each value shaded against its own cohort's threshold, then the change
    /// from the first to the last cohort.
    var table: DataTable {
        var table = DataTable(
            name: "trend", sheet: "Trend 趋势", titleZh: "\(programmeID) 各届达成度对比",
            titleEn: "\(programmeID): values across cohorts",
            columns: [DataTable.Column("id", "编号", target.rawValue.capitalized)]
                + cohorts.map { DataTable.Column($0, "\($0) 级", "Cohort \($0)", numeric: true) }
                + [DataTable.Column("change", "变化", "Change", numeric: true)])
        for (id, row) in zip(ids, values) {
            let first = row.first { $0 != nil } ?? nil
            let last = row.last { $0 != nil } ?? nil
            let change: Double? = row.count { $0 != nil } >= 2 ? first.flatMap { f in last.map { $0 - f } } : nil
            table.rows.append(
                [.text(id)] + zip(row, thresholds).map { DataTable.Cell.value($0, threshold: $1) }
                    + [.value(change, threshold: nil)])
        }
        table.rows.append(
            [.text("threshold")] + thresholds.map { DataTable.Cell.value($0, threshold: nil) } + [.text("")])
        return table
    }

    /// The cohort comparison chart as SVG.
    var svg: String {
        SVGRenderer.render(Charts.cohortBars(
            categories: ids, cohorts: cohorts, values: values, threshold: threshold,
            labels: ChartLabels(
                title: "\(programmeID): \(target.rawValue) values by cohort", valueAxis: "value",
                threshold: "threshold \(shortDecimal(threshold))", notEvaluable: "n/a")))
    }

    /// What `attain history` prints: the table, values below their cohort's threshold marked `*`.
    public var text: String {
        var table = TextTable(header: [target.rawValue] + cohorts + ["change"], rightAligned: Set(1...(cohorts.count + 1)))
        for row in self.table.rows {
            table.rows.append(row.map { cell in cell.shown + (cell.isBelow ? "*" : "") })
        }
        return table.render() + "* below that cohort's class threshold (compared unrounded)\n"
    }

    /// The files `attain history -o DIR` writes: `trend.csv`, `trend.md`, `trend.svg`.
    public var documents: [OutputDocument] {
        let table = self.table
        var markdown = "# \(table.titleEn)\n\n" + SummaryMarkdown.markdown(table.textTable)
        markdown += "\nValues are the latest recorded run of each cohort, shown to 3 decimals; attain history compares them unrounded.\n"
        markdown += "\n![\(table.titleEn)](trend.svg)\n"
        return [
            OutputDocument(name: "trend.csv", text: table.csv),
            OutputDocument(name: "trend.md", text: markdown),
            OutputDocument(name: "trend.svg", text: svg),
        ]
    }
}

extension Trend {
    /// The trend of a history's table (a row per cohort) turned to a row per id.
    public init(_ table: TrendTable, programmeID: String, target: EarlyWarning.Target) {
        self.init(
            programmeID: programmeID, target: target, cohorts: table.cohorts, thresholds: table.rows.map(\.classThreshold),
            ids: table.ids, values: table.ids.indices.map { i in table.rows.map { $0.values[i] } })
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

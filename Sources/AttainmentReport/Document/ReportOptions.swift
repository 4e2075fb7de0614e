public import AttainmentCore
public import AttainmentStore

/// The settings of a self-study report (`attain report`).
public struct ReportOptions: Sendable, Equatable {
    /// The language of every fixed text; the programme's own texts stay as written.
    public var language: ReportLanguage
    /// When true, student ids are replaced by stable pseudonyms and names are left out.
    public var pseudonymise: Bool
    /// The secret the pseudonyms are derived from; nil derives them from the programme id and
    /// cohort, which keeps them stable but lets anyone with the roster recompute them.
    public var pseudonymKey: String?
    /// A value at or above its threshold but below threshold + `nearMargin` is reported as near
    /// the threshold (amber in the tables, named in the findings).
    public var nearMargin: Double
    /// The date shown on the cover, as written (e.g. `2026-11-22`).
    public var date: String

    /// Creates report settings.
    public init(
        language: ReportLanguage, pseudonymise: Bool = false, pseudonymKey: String? = nil,
        nearMargin: Double = WarningRules.defaultNearMargin, date: String
    ) {
        self.language = language
        self.pseudonymise = pseudonymise
        self.pseudonymKey = pseudonymKey
        self.nearMargin = nearMargin
        self.date = date
    }

    /// Chinese when the programme's name has a Chinese character, English otherwise.
    public static func defaultLanguage(for programme: Programme) -> ReportLanguage {
        defaultLanguage(forName: programme.name)
    }

    /// Chinese when `name` has a Chinese character, English otherwise.
    public static func defaultLanguage(forName name: String) -> ReportLanguage {
        name.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } ? .zh : .en
    }
}

/// What the report says beyond the run itself, in its findings: the run's early warnings and,
/// from the results history, the programme's earlier cohorts.
public struct ReportContinuity: Sendable, Equatable {
    /// The rules the warnings were raised by, stated in the report.
    public var rules: WarningRules
    /// The run's early warnings (`WarningEvaluator.evaluate`).
    public var warnings: [EarlyWarning]
    /// The history's name as the report shows it (its file name), or nil when no history was
    /// read; then the report has no comparison with earlier cohorts.
    public var historyName: String?
    /// The programme's earlier cohorts in the history: their requirement values from the
    /// latest run of each, oldest first. Empty when the history has none.
    public var earlierCohorts: [TrendTable.CohortRow]
    /// The requirement ids of `earlierCohorts`' values.
    public var earlierIDs: [String]

    /// Creates the continuity facts of a report.
    public init(
        rules: WarningRules, warnings: [EarlyWarning], historyName: String? = nil,
        earlierCohorts: [TrendTable.CohortRow] = [], earlierIDs: [String] = []
    ) {
        precondition(earlierCohorts.allSatisfy { $0.values.count == earlierIDs.count }, "a value per id in each cohort")
        self.rules = rules
        self.warnings = warnings
        self.historyName = historyName
        self.earlierCohorts = earlierCohorts
        self.earlierIDs = earlierIDs
    }

    /// The cohorts of `table` before `cohort`, for the report of `cohort`.
    public init(rules: WarningRules, warnings: [EarlyWarning], historyName: String, trend: TrendTable, before cohort: String) {
        self.init(
            rules: rules, warnings: warnings, historyName: historyName,
            earlierCohorts: trend.rows.filter { $0.cohort.utf8.lexicographicallyPrecedes(cohort.utf8) }, earlierIDs: trend.ids)
    }
}

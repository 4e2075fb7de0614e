/// Values of one kind of target (requirements, indicators…) across the cohorts of a programme:
/// a row per cohort, a column per id.
public struct TrendTable: Sendable, Equatable {
    /// One cohort's row.
    public struct CohortRow: Sendable, Equatable {
        /// The cohort.
        public var cohort: String
        /// The run the values come from: the latest run of the cohort.
        public var runID: Int64
        /// That run's class threshold.
        public var classThreshold: Double
        /// The value per id, aligned with `TrendTable.ids`; nil when not evaluable or absent.
        public var values: [Double?]

        /// Creates a cohort's row.
        public init(cohort: String, runID: Int64, classThreshold: Double, values: [Double?]) {
            self.cohort = cohort
            self.runID = runID
            self.classThreshold = classThreshold
            self.values = values
        }
    }

    /// The ids of the columns.
    public var ids: [String]
    /// A row per cohort, sorted by cohort.
    public var rows: [CohortRow]

    /// Creates a table.
    public init(ids: [String], rows: [CohortRow]) {
        self.ids = ids
        self.rows = rows
    }

    /// The cohorts, sorted.
    public var cohorts: [String] { rows.map(\.cohort) }

    /// The value of `id` in `cohort`, nil when not evaluable or not recorded.
    public func value(cohort: String, id: String) -> Double? {
        guard let column = ids.firstIndex(of: id), let row = rows.first(where: { $0.cohort == cohort }) else { return nil }
        return row.values[column]
    }
}

public import AttainmentCore

/// An early warning from the history, with the run, programme and cohort it belongs to.
public struct StoredWarning: Sendable, Equatable {
    /// The run that raised it.
    public var runID: Int64
    /// The programme's id.
    public var programmeID: String
    /// The programme's name in that run.
    public var programmeName: String
    /// The cohort.
    public var cohort: String
    /// The warning as recorded.
    public var warning: EarlyWarning

    /// Creates a stored warning.
    public init(runID: Int64, programmeID: String, programmeName: String, cohort: String, warning: EarlyWarning) {
        self.runID = runID
        self.programmeID = programmeID
        self.programmeName = programmeName
        self.cohort = cohort
        self.warning = warning
    }
}

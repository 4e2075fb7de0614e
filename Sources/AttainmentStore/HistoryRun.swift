/// A recorded run, as listed by `HistoryStore.runs`.
public struct HistoryRun: Sendable, Equatable {
    /// The run's id in the history.
    public var runID: Int64
    /// The programme's id.
    public var programmeID: String
    /// The programme's name in this run.
    public var programmeName: String
    /// The cohort.
    public var cohort: String
    /// The scheme's name.
    public var scheme: String
    /// The version of attain that computed it.
    public var toolVersion: String
    /// When it was recorded (ISO 8601 UTC).
    public var recordedAt: String
    /// The fingerprint of its inputs, settings and version (`RunFacts.fingerprint`).
    public var fingerprint: String
    /// The folder or workbook as given.
    public var source: String
    /// The threshold of class-level values.
    public var classThreshold: Double
    /// The threshold of a student's values.
    public var individualThreshold: Double

    /// Creates the listing of a run.
    public init(
        runID: Int64, programmeID: String, programmeName: String, cohort: String, scheme: String, toolVersion: String,
        recordedAt: String, fingerprint: String, source: String, classThreshold: Double, individualThreshold: Double
    ) {
        self.runID = runID
        self.programmeID = programmeID
        self.programmeName = programmeName
        self.cohort = cohort
        self.scheme = scheme
        self.toolVersion = toolVersion
        self.recordedAt = recordedAt
        self.fingerprint = fingerprint
        self.source = source
        self.classThreshold = classThreshold
        self.individualThreshold = individualThreshold
    }
}

/// A programme in the history.
public struct HistoryProgramme: Sendable, Equatable {
    /// The programme's id.
    public var id: String
    /// Its name in the latest recorded run.
    public var name: String
    /// The cohorts recorded, sorted.
    public var cohorts: [String]

    /// Creates the listing of a programme.
    public init(id: String, name: String, cohorts: [String]) {
        self.id = id
        self.name = name
        self.cohorts = cohorts
    }
}

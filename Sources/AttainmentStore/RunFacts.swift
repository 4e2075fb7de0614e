public import AttainmentCore
internal import AttainmentIO

/// What a run was: the programme and cohort, the thresholds and settings, the tool version,
/// the input files, where they came from and when it was recorded.
public struct RunFacts: Sendable, Equatable {
    /// The programme's id, e.g. `CS-2022`.
    public var programmeID: String
    /// The programme's name as it was in this run.
    public var programmeName: String
    /// The cohort, e.g. `2022`.
    public var cohort: String
    /// The scheme's name, e.g. `engineering`.
    public var scheme: String
    /// The threshold of class-level values.
    public var classThreshold: Double
    /// The threshold of a student's values.
    public var individualThreshold: Double
    /// The method settings in a fixed order, named as in run.json's `methods`.
    public var settings: [Setting]
    /// The version of attain that computed the run.
    public var toolVersion: String
    /// The input files with their SHA-256.
    public var inputs: [InputFile]
    /// The programme folder or workbook as the user gave it.
    public var source: String
    /// When the run was recorded: ISO 8601 UTC text, e.g. `2025-09-01T08:30:00Z`.
    public var recordedAt: String

    /// One method setting: its name as in run.json and its value as text.
    public struct Setting: Sendable, Equatable {
        /// The name, e.g. `course_objective`.
        public var name: String
        /// The value, e.g. `weighted-ratios`, `H=3 M=2 L=1`, `true`.
        public var value: String

        /// Creates a setting.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The facts of a run of `result`: the programme, thresholds and settings come from
    /// `result.programme`, the tool version from `attainVersion`.
    /// - Parameters:
    ///   - inputs: the files read, with their hashes.
    ///   - source: the folder or workbook as given.
    ///   - recordedAt: the time of recording, ISO 8601 UTC; the store never reads the clock.
    /// - Parameter rules: the early-warning rules the run was checked with; they are settings
    ///   too (they decide the warnings, the ledger drafts and the recorded pass rates), so a
    ///   run with other rules is another run.
    public init(
        result: AttainmentResult, inputs: [InputFile], source: String, recordedAt: String, rules: WarningRules? = nil
    ) {
        let programme = result.programme
        programmeID = programme.id
        programmeName = programme.name
        cohort = programme.cohort
        scheme = programme.scheme.rawValue
        classThreshold = programme.thresholds.classLevel
        individualThreshold = programme.thresholds.individual
        settings = Self.settings(programme.methods) + (rules.map(Self.settings) ?? [])
        toolVersion = attainVersion
        self.inputs = inputs
        self.source = source
        self.recordedAt = recordedAt
    }

    /// The early-warning rules as settings named as in run.json's `warning_rules`.
    static func settings(_ rules: WarningRules) -> [Setting] {
        func bound(_ value: Double?) -> String { value.map { "\($0)" } ?? "off" }
        return [
            Setting(name: "warning.below_threshold", value: rules.belowThreshold ? "true" : "false"),
            Setting(name: "warning.near_margin", value: bound(rules.nearMargin)),
            Setting(name: "warning.fall_limit", value: bound(rules.fallLimit)),
            Setting(name: "warning.course.pass_mark", value: "\(rules.passMark)"),
            Setting(name: "warning.course.excellent_mark", value: "\(rules.excellentMark)"),
            Setting(name: "warning.course.min_pass_rate", value: bound(rules.minimumPassRate)),
            Setting(name: "warning.course.max_excellence_rate", value: bound(rules.maximumExcellenceRate)),
            Setting(name: "warning.course.min_excellence_rate", value: bound(rules.minimumExcellenceRate)),
            Setting(name: "warning.student.min_requirements", value: rules.studentRequirements.map(String.init) ?? "off"),
            Setting(name: "warning.student.alert_requirements", value: String(rules.studentAlertRequirements)),
        ]
    }

    /// The settings in effect, named and ordered as in run.json's `methods`
    /// (`MethodSettings.entries`, the one list of settings).
    static func settings(_ methods: MethodSettings) -> [Setting] {
        methods.entries.map { Setting(name: $0.key, value: $0.value.description) }
    }

    /// The text the fingerprint hashes: one fact per line, the inputs sorted by path as
    /// `sha256  path` lines. Programme name, scheme, source and time are left out: the same
    /// inputs, settings and version give the same text wherever and whenever they are run.
    var canonicalText: String {
        var lines = [
            "attain-run 1",
            "tool_version \(toolVersion)",
            "programme_id \(programmeID)",
            "cohort \(cohort)",
            // Double's description is the shortest text that reads back as the same double.
            "class_threshold \(classThreshold)",
            "individual_threshold \(individualThreshold)",
        ]
        lines += settings.map { "setting \($0.name) \($0.value)" }
        lines.append("inputs")
        lines += inputs.sorted { $0.path < $1.path }.map { "\($0.sha256)  \($0.path)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The lowercase hex SHA-256 of the canonical text of the run: the same inputs, settings,
    /// thresholds and tool version give the same fingerprint, and the history records a
    /// fingerprint once.
    public var fingerprint: String {
        SHA256.hexDigest(Array(canonicalText.utf8))
    }

    /// The date part (`YYYY-MM-DD`) of `recordedAt`.
    var recordedDate: String {
        String(recordedAt.prefix { $0 != "T" && $0 != " " })
    }
}

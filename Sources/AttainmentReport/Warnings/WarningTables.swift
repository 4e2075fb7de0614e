public import AttainmentCore
import AttainmentIO
import Foundation

/// An early warning with the programme and cohort of the run that raised it.
public struct ProgrammeWarning: Sendable, Equatable {
    public var programmeID: String
    public var programmeName: String
    public var cohort: String
    public var warning: EarlyWarning

    /// Creates the pairing.
    public init(programmeID: String, programmeName: String, cohort: String, warning: EarlyWarning) {
        self.programmeID = programmeID
        self.programmeName = programmeName
        self.cohort = cohort
        self.warning = warning
    }
}

extension ProgrammeWarning {
    /// Sorts by level, severity (alerts first), then programme and cohort, keeping the
    /// evaluator's order within a run (which follows the programme's own order).
    static func ordered(_ warnings: [ProgrammeWarning]) -> [ProgrammeWarning] {
        warnings.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if let first = precedes(x.warning, y.warning) { return first }
            if x.programmeID != y.programmeID { return x.programmeID.utf8.lexicographicallyPrecedes(y.programmeID.utf8) }
            if x.cohort != y.cohort { return x.cohort.utf8.lexicographicallyPrecedes(y.cohort.utf8) }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// One run's warnings in the same order: by level, severity, then the evaluator's order.
    static func ordered(_ warnings: [EarlyWarning]) -> [EarlyWarning] {
        warnings.enumerated().sorted { a, b in
            precedes(a.element, b.element) ?? (a.offset < b.offset)
        }.map(\.element)
    }

    /// Whether `x` comes first by level, then severity (alerts first); nil when both are alike.
    private static func precedes(_ x: EarlyWarning, _ y: EarlyWarning) -> Bool? {
        if x.level != y.level { return x.level < y.level }
        if x.severity != y.severity { return x.severity < y.severity }
        return nil
    }
}

/// How warnings are written: a sentence per warning, a CSV table and a Markdown section.
public enum WarningText {
    /// The warning in one sentence of the given language. Numbers are shown rounded; the rule
    /// compared them unrounded.
    public static func message(_ warning: EarlyWarning, language: ReportLanguage = .en) -> String {
        let id = warning.targetID
        let zh = language == .zh
        switch warning.rule {
        case .belowThreshold:
            return zh
                ? "\(id) 达成度 \(NumberStyle.shown(warning.value)) 低于期望值 \(shortDecimal(warning.bound))"
                : "\(id) \(NumberStyle.shown(warning.value)) is below the threshold \(shortDecimal(warning.bound))"
        case .nearThreshold:
            return zh
                ? "\(id) 达成度 \(NumberStyle.shown(warning.value)) 接近期望值（低于 \(NumberStyle.shown(warning.bound))）"
                : "\(id) \(NumberStyle.shown(warning.value)) is near the threshold (below \(NumberStyle.shown(warning.bound)))"
        case .fall:
            let from = warning.previousCohort ?? "?"
            return zh
                ? "\(id) 达成度由 \(from) 级的 \(NumberStyle.shown(warning.previousValue)) 降至 \(NumberStyle.shown(warning.value))，降幅超过预警线"
                : "\(id) fell from \(NumberStyle.shown(warning.previousValue)) (cohort \(from)) to \(NumberStyle.shown(warning.value))"
        case .passRate:
            return zh
                ? "\(id) 及格率 \(NumberStyle.percent(warning.value)) 低于 \(NumberStyle.percent(warning.bound))"
                : "\(id) pass rate \(NumberStyle.percent(warning.value)) is below \(NumberStyle.percent(warning.bound))"
        case .excellenceRate:
            let above = (warning.value ?? 0) > warning.bound
            return zh
                ? "\(id) 优秀率 \(NumberStyle.percent(warning.value)) \(above ? "高于" : "低于") \(NumberStyle.percent(warning.bound))"
                : "\(id) excellence rate \(NumberStyle.percent(warning.value)) is \(above ? "above" : "below") \(NumberStyle.percent(warning.bound))"
        case .studentBelow:
            let count = Int(warning.value ?? 0)
            return zh
                ? "学生 \(id) 有 \(count) 项毕业要求低于个人期望值：\(warning.detail)"
                : "student \(id) is below the individual threshold in \(counted(count, "requirement")): \(warning.detail)"
        }
    }

    /// The rule's name in words.
    static func rule(_ rule: EarlyWarning.Rule, language: ReportLanguage) -> String {
        switch (rule, language) {
        case (.belowThreshold, .zh): "低于期望值"
        case (.belowThreshold, .en): "below threshold"
        case (.nearThreshold, .zh): "接近期望值"
        case (.nearThreshold, .en): "near threshold"
        case (.fall, .zh): "较上届下降"
        case (.fall, .en): "fall from the previous cohort"
        case (.passRate, .zh): "及格率"
        case (.passRate, .en): "pass rate"
        case (.excellenceRate, .zh): "优秀率"
        case (.excellenceRate, .en): "excellence rate"
        case (.studentBelow, .zh): "学业预警"
        case (.studentBelow, .en): "student below individual threshold"
        }
    }

    static func level(_ level: EarlyWarning.Level, language: ReportLanguage) -> String {
        switch (level, language) {
        case (.programme, .zh): "专业"
        case (.programme, .en): "programme"
        case (.course, .zh): "课程"
        case (.course, .en): "course"
        case (.student, .zh): "学生"
        case (.student, .en): "student"
        }
    }

    /// What a warning is about, in words: `毕业要求` / `requirement`.
    static func target(_ target: EarlyWarning.Target, language: ReportLanguage) -> String {
        switch (target, language) {
        case (.programmeObjective, .zh): "培养目标"
        case (.programmeObjective, .en): "programme objective"
        case (.requirement, .zh): "毕业要求"
        case (.requirement, .en): "requirement"
        case (.indicator, .zh): "指标点"
        case (.indicator, .en): "indicator"
        case (.course, .zh): "课程"
        case (.course, .en): "course"
        case (.courseObjective, .zh): "课程目标"
        case (.courseObjective, .en): "course objective"
        case (.student, .zh): "学生"
        case (.student, .en): "student"
        }
    }

    static func severity(_ severity: EarlyWarning.Severity, language: ReportLanguage) -> String {
        switch (severity, language) {
        case (.alert, .zh): "红色预警"
        case (.alert, .en): "alert"
        case (.watch, .zh): "黄色预警"
        case (.watch, .en): "watch"
        }
    }

    static let csvHeader = [
        "programme_id", "cohort", "level", "severity", "rule", "target", "target_id", "course_id",
        "value", "bound", "previous_cohort", "previous_value", "detail", "message",
    ]

    /// `warnings.csv`: one row per warning, values with 6 decimals, in `ordered` order.
    public static func csv(_ warnings: [ProgrammeWarning]) -> String {
        var csv = CSVDocument(header: csvHeader)
        for item in ProgrammeWarning.ordered(warnings) {
            let w = item.warning
            csv.append([
                item.programmeID, item.cohort, w.level.rawValue, w.severity.rawValue, w.rule.rawValue,
                w.target.rawValue, w.targetID, w.courseID ?? "",
                NumberStyle.fixed(w.value, decimals: 6), NumberStyle.fixed(w.bound, decimals: 6),
                w.previousCohort ?? "", NumberStyle.fixed(w.previousValue, decimals: 6), w.detail, message(w),
            ])
        }
        return csv.text
    }

    /// A Markdown section per level: a table of the programme and course warnings, and the
    /// student warnings (many, in a large cohort) up to `studentLimit` rows with a count of the rest.
    static func markdown(_ warnings: [ProgrammeWarning], showProgramme: Bool, studentLimit: Int? = nil) -> String {
        let ordered = ProgrammeWarning.ordered(warnings)
        guard !ordered.isEmpty else { return "No early warnings.\n" }
        var text = ""
        for level in EarlyWarning.Level.allCases {
            let rows = ordered.filter { $0.warning.level == level }
            guard !rows.isEmpty else { continue }
            let alerts = rows.count { $0.warning.severity == .alert }
            text += "\n### \(level.rawValue.capitalized) level: \(rows.count) (\(counted(alerts, "alert")))\n\n"
            let shown = studentLimit.map { level == .student ? Array(rows.prefix($0)) : rows } ?? rows
            var table = TextTable(header: (showProgramme ? ["Programme", "Cohort"] : []) + ["Severity", "Rule", "Warning"])
            table.rows = shown.map { item in
                (showProgramme ? [item.programmeID, item.cohort] : [])
                    + [item.warning.severity.rawValue, item.warning.rule.rawValue, message(item.warning)]
            }
            text += SummaryMarkdown.markdown(table)
            if shown.count < rows.count { text += "\n… and \(rows.count - shown.count) more (warnings.csv lists them all).\n" }
        }
        return text
    }
}

extension WarningText {
    /// The warnings as JSON objects in `ordered` order, numbers in full precision.
    static func json(_ warnings: [ProgrammeWarning]) -> JSONValue {
        .array(ProgrammeWarning.ordered(warnings).map { item in
            let w = item.warning
            return .object([
                ("programme_id", .string(item.programmeID)), ("cohort", .string(item.cohort)),
                ("level", .string(w.level.rawValue)), ("severity", .string(w.severity.rawValue)),
                ("rule", .string(w.rule.rawValue)), ("target", .string(w.target.rawValue)),
                ("target_id", .string(w.targetID)), ("course_id", w.courseID.map(JSONValue.string) ?? .null),
                ("value", .value(w.value)), ("bound", .number(w.bound)),
                ("previous_cohort", w.previousCohort.map(JSONValue.string) ?? .null),
                ("previous_value", .value(w.previousValue)), ("detail", .string(w.detail)),
                ("message", .string(message(w))),
            ])
        })
    }
}

extension WarningText {
    /// Every warning as Markdown, a section per level, with programme and cohort columns.
    public static func markdownList(_ warnings: [ProgrammeWarning]) -> String {
        "# Early warnings\n" + markdown(warnings, showProgramme: true)
    }

    /// Every warning on the terminal, a table per level, alerts first.
    public static func terminal(_ warnings: [ProgrammeWarning]) -> String {
        let ordered = ProgrammeWarning.ordered(warnings)
        guard !ordered.isEmpty else { return "No early warnings.\n" }
        var text = ""
        for level in EarlyWarning.Level.allCases {
            let rows = ordered.filter { $0.warning.level == level }
            guard !rows.isEmpty else { continue }
            let alerts = rows.count { $0.warning.severity == .alert }
            text += "\(text.isEmpty ? "" : "\n")\(level.rawValue.capitalized) level: \(counted(rows.count, "warning")), "
                + "\(counted(alerts, "alert"))\n"
            var table = TextTable(header: ["Programme", "Cohort", "Severity", "Rule", "Warning"])
            table.rows = rows.map {
                [$0.programmeID, $0.cohort, $0.warning.severity.rawValue, $0.warning.rule.rawValue, message($0.warning)]
            }
            text += table.render()
        }
        return text
    }
}

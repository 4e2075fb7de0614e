import AttainmentCore

/// The early-warning rules as recorded in run.json and batch.json, and in one sentence for
/// summaries: every setting, `off` for a rule that is off (docs/format.md, "warnings.yaml").
enum WarningRulesRecord {
    static func make(_ rules: WarningRules) -> JSONValue {
        func bound(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .string("off") }
        return .object([
            ("below_threshold", .bool(rules.belowThreshold)),
            ("near_margin", bound(rules.nearMargin)),
            ("fall_limit", bound(rules.fallLimit)),
            ("course", .object([
                ("pass_mark", .number(rules.passMark)), ("excellent_mark", .number(rules.excellentMark)),
                ("min_pass_rate", bound(rules.minimumPassRate)),
                ("max_excellence_rate", bound(rules.maximumExcellenceRate)),
                ("min_excellence_rate", bound(rules.minimumExcellenceRate)),
            ])),
            ("student", .object([
                ("min_requirements", rules.studentRequirements.map(JSONValue.integer) ?? .string("off")),
                ("alert_requirements", .integer(rules.studentAlertRequirements)),
            ])),
        ])
    }

    /// The rules in one line, e.g. `below threshold; near margin 0.05; fall limit 0.05; …`.
    static func sentence(_ rules: WarningRules, language: ReportLanguage = .en) -> String {
        func bound(_ value: Double?) -> String { value.map(shortDecimal) ?? (language == .zh ? "不启用" : "off") }
        if language == .zh {
            return [
                "低于期望值预警\(rules.belowThreshold ? "启用" : "不启用")",
                "接近期望值的范围 \(bound(rules.nearMargin))",
                "较上届下降超过 \(bound(rules.fallLimit))",
                "及格线 \(shortDecimal(rules.passMark))，及格率下限 \(bound(rules.minimumPassRate))",
                "优秀线 \(shortDecimal(rules.excellentMark))，优秀率上限 \(bound(rules.maximumExcellenceRate))、下限 \(bound(rules.minimumExcellenceRate))",
                rules.studentRequirements.map {
                    "学生有 \($0) 项及以上毕业要求低于个人期望值时学业预警（\(rules.studentAlertRequirements) 项及以上为红色预警）"
                } ?? "学生学业预警不启用",
            ].joined(separator: "；") + "。"
        }
        return [
            "below threshold \(rules.belowThreshold ? "on" : "off")",
            "near margin \(bound(rules.nearMargin))",
            "fall limit \(bound(rules.fallLimit))",
            "pass mark \(shortDecimal(rules.passMark)), minimum pass rate \(bound(rules.minimumPassRate))",
            "excellent mark \(shortDecimal(rules.excellentMark)), excellence rate maximum \(bound(rules.maximumExcellenceRate)) minimum \(bound(rules.minimumExcellenceRate))",
            rules.studentRequirements.map {
                "students below the individual threshold in at least \(counted($0, "requirement")) (alert from \(rules.studentAlertRequirements))"
            } ?? "student warnings off",
        ].joined(separator: "; ")
    }
}

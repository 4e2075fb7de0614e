import AttainmentCore

/// Survey evidence (indirect) beside the direct values (docs/methods.md §13): one row per
/// target and survey. The one definition behind `surveys.csv`, summary.md's section, the
/// result workbook's sheet and the self-study report's table.
enum SurveyTable {
    /// The table, or nil when the run has no surveys.
    static func make(_ result: AttainmentResult) -> DataTable? {
        guard !result.surveyCoverage.isEmpty else { return nil }
        let threshold = result.programme.thresholds.classLevel
        let minimumCoverage = result.programme.methods.surveys.minimumCoverage
        var table = DataTable(
            name: "surveys", sheet: "Surveys 间接评价", titleZh: "间接评价（问卷）与直接评价对照",
            titleEn: "Survey evidence (indirect) beside the direct values",
            columns: [
                .init("level", "层次", "Level"),
                .init("target", "评价对象", "Target"),
                .init("direct", "直接评价", "Direct", numeric: true),
                .init("survey", "问卷", "Survey"),
                .init("kind", "问卷类型", "Kind"),
                .init("respondents", "答卷数", "Respondents", numeric: true),
                .init("population", "调查总数", "Population", numeric: true),
                .init("coverage", "覆盖率", "Coverage", numeric: true),
                .init("survey_value", "问卷值", "Survey value", numeric: true),
                .init("indirect", "间接评价", "Indirect", numeric: true),
                .init("weight", "间接权重", "Weight", numeric: true),
                .init("value", "达成度", "Value", numeric: true),
                .init("verdict", "结论", "Verdict"),
            ])
        for evidence in result.surveyEvidence {
            for survey in evidence.surveys {
                table.rows.append([
                    .text(evidence.level.rawValue), .text(evidence.target.description),
                    .value(evidence.direct, threshold: threshold), .text(survey.surveyID), .text(survey.kind.rawValue),
                    .count(survey.respondents), .text(survey.population.map(String.init) ?? ""),
                    .share(survey.coverage, below: survey.coverage.map { $0 < minimumCoverage } ?? false),
                    .value(survey.value, threshold: nil),
                    .value(evidence.indirect, threshold: threshold), .text(shortDecimal(evidence.weight)),
                    .value(evidence.value, threshold: threshold), .verdict(evidence.verdict),
                ])
            }
        }
        return table
    }

    /// `surveys` in results.json: the settings, each target with its surveys, and each
    /// survey's coverage; nil when the run has no surveys.
    static func json(_ result: AttainmentResult) -> JSONValue? {
        guard !result.surveyCoverage.isEmpty else { return nil }
        let settings = result.programme.methods.surveys
        func optional(_ number: Int?) -> JSONValue { number.map(JSONValue.integer) ?? .null }
        return .object([
            ("conversion", .string(settings.conversion.rawValue)),
            ("agree_level", .integer(settings.agreeLevel)),
            ("weight", .number(settings.weight)),
            ("min_coverage", .number(settings.minimumCoverage)),
            ("targets", .array(result.surveyEvidence.map { evidence in
                .object([
                    ("level", .string(evidence.level.rawValue)), ("target", .string(evidence.target.description)),
                    ("direct", .value(evidence.direct)), ("indirect", .value(evidence.indirect)),
                    ("weight", .number(evidence.weight)), ("value", .value(evidence.value)),
                    ("verdict", .string(evidence.verdict.rawValue)),
                    ("surveys", .array(evidence.surveys.map { survey in
                        .object([
                            ("id", .string(survey.surveyID)), ("kind", .string(survey.kind.rawValue)),
                            ("respondents", .integer(survey.respondents)), ("value", .value(survey.value)),
                        ])
                    })),
                ])
            })),
            ("coverage", .array(result.surveyCoverage.map { coverage in
                .object([
                    ("id", .string(coverage.surveyID)), ("kind", .string(coverage.kind.rawValue)),
                    ("respondents", .integer(coverage.respondents)), ("population", optional(coverage.population)),
                    ("coverage", .value(coverage.coverage)),
                ])
            })),
        ])
    }

    /// A sentence on how the surveys were used, for summary.md and the report.
    static func method(_ result: AttainmentResult) -> String {
        let settings = result.programme.methods.surveys
        let conversion = settings.conversion == .mean
            ? "mean level / top level" : "share at or above level \(settings.agreeLevel)"
        let blend = settings.weight > 0
            ? "blended as (1 − \(shortDecimal(settings.weight)))·direct + \(shortDecimal(settings.weight))·indirect at the level each survey addresses; the blend feeds the levels above"
            : "reported beside the direct values, not blended (surveys.weight 0)"
        return "Survey answers are converted by \(conversion), combined by respondents, and \(blend)."
    }
}

import ArgumentParser
import AttainmentCore
import AttainmentIO
import AttainmentReport
import AttainmentStore
import Foundation

/// `attain report DIR`.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the self-study report: Word, HTML and Markdown with tables and charts.",
        discussion: """
            Computes the programme (as `attain run` does) and writes the report a programme \
            pastes into its self-study report (自评报告): cover facts with methods, thresholds \
            and input hashes; the support matrices; each course's objective evaluation table \
            with a scatter plot of every student; the indicator and requirement summary with a \
            bar and a radar chart; the distribution of students' values and the students below \
            the individual threshold; programme objectives; and findings, with the run's early \
            warnings (the rules of `attain run`, --rules) and the graduation requirements of \
            the programme's earlier cohorts in the results history beside this cohort's. The \
            history is only read: the report records nothing (`attain run` does). \
            report.docx has real Word tables and heading styles, report.html is one \
            self-contained file, report.md has its charts as SVG files under charts/. Nothing is \
            written when the input has errors; files are replaced atomically.

            The date on the cover is --date, else SOURCE_DATE_EPOCH, else today; with the same \
            input and date the bytes are the same.

            Examples:
              attain report fixtures/engineering
              attain report fixtures/engineering -o out/report --format docx --lang en
              attain report fixtures/engineering --pseudonymise

            Exit codes: 0 success; 1 the input or the rules have errors; 2 the outputs could not be written or the history could not be read.
            """
    )

    @Argument(help: "The programme folder, or a programme workbook (.xlsx).")
    var directory: String

    @Option(name: .shortAndLong, help: "The output folder (default: attain-results/<programme id>/<cohort>).")
    var output: String?

    @Option(help: ArgumentHelp("Formats, comma-separated: docx, html, md (default: all three).", valueName: "formats"))
    var format = "docx,html,md"

    @Option(help: ArgumentHelp("The language of the report's fixed texts: zh or en (default: zh when the programme's name is Chinese).", valueName: "zh|en"))
    var lang: String?

    @Flag(help: "Show students by stable pseudonyms instead of ids and names.")
    var pseudonymise = false

    @Option(help: ArgumentHelp("The secret pseudonyms are derived from (default: $ATTAIN_PSEUDONYM_KEY, else the programme id and cohort, which anyone with the roster can recompute).", valueName: "key"))
    var pseudonymKey: String?

    @Option(help: ArgumentHelp(
        "A value less than this above its threshold is reported as near it (default: the warning rules' near_margin, 0.05 unless set).",
        valueName: "margin"))
    var margin: Double?

    @Option(help: ArgumentHelp("The date on the cover, YYYY-MM-DD.", valueName: "date"))
    var date: String?

    @OptionGroup var history: HistoryOptions

    @Flag(help: "Read no results history: the report then has no earlier cohorts, and the fall rule none to compare with.")
    var noHistory = false

    @OptionGroup var rules: WarningRulesOption

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if noHistory, history.history != nil { throw ValidationError("--history and --no-history exclude each other") }
        _ = try formats()
        if let lang, ReportLanguage(rawValue: lang) == nil { throw ValidationError("unknown language '\(lang)'; choose zh or en") }
        if let margin, !(margin >= 0 && margin < 1) { throw ValidationError("--margin must be at least 0 and below 1") }
        if let date { _ = try Day.validated(date) }
    }

    func formats() throws -> [ReportFormat] {
        try parseFormats(format, allowEmpty: false)
    }

    /// --date, else SOURCE_DATE_EPOCH (reproducible builds), else today, as YYYY-MM-DD (UTC for
    /// the epoch, local time for today).
    func coverDate() -> String { date ?? Day.today() }

    func run() throws { try withHistoryErrors(perform) }

    func perform() throws {
        let warningRules = try rules.warningRules(besides: programmeFolder(directory))
        let (loaded, result) = try loadAndCompute(directory)
        let continuity = try continuity(result, rules: warningRules)
        let options = ReportOptions(
            language: lang.flatMap(ReportLanguage.init(rawValue:)) ?? ReportOptions.defaultLanguage(for: result.programme),
            pseudonymise: pseudonymise,
            pseudonymKey: pseudonymKey ?? ProcessInfo.processInfo.environment["ATTAIN_PSEUDONYM_KEY"],
            // The findings' "near" and the near-threshold warnings agree unless --margin says otherwise.
            nearMargin: margin ?? warningRules.nearMargin ?? WarningRules.defaultNearMargin, date: coverDate())
        let folder = output ?? defaultOutputFolder(result.programme)
        let documents = SelfStudyReport.build(
            result, inputs: loaded.files, options: options, formats: try formats(), continuity: continuity)
        do {
            try OutputWriter.write(documents, to: folder)
        } catch {
            printError(error.description)
            throw ExitStatus.outputErrors
        }
        if !quiet {
            let names = documents.map(\.name).filter { !$0.hasPrefix("charts/") }
            let charts = documents.count - names.count
            print("Wrote \(names.joined(separator: ", "))\(charts > 0 ? " and \(charts) charts under charts/" : "") to \(folder)")
            print(warningLine(continuity.warnings, comparedWith: continuity.earlierCohorts.last?.cohort))
            if !noHistory {
                let cohorts = continuity.earlierCohorts.map(\.cohort)
                print(cohorts.isEmpty
                    ? "Earlier cohorts: none in \(history.path)"
                    : "Earlier cohorts: \(cohorts.joined(separator: ", ")) from \(history.path)")
            }
        }
    }

    /// The run's early warnings and, unless --no-history, the programme's earlier cohorts in the
    /// history (opened read-only: never written nor brought up to date; a history that does not
    /// exist yet has none).
    func continuity(_ result: AttainmentResult, rules: WarningRules) throws -> ReportContinuity {
        let programme = result.programme
        let path = history.path
        // The latest earlier cohort's values (for the fall rule) and the requirements' trend.
        var previous: CohortValues?
        var trend: TrendTable?
        if !noHistory {
            trend = TrendTable(ids: [], rows: [])
            if let store = try history.openReadingOnly() {
                previous = try store.previousCohortValues(programmeID: programme.id, before: programme.cohort)
                trend = try store.trend(programmeID: programme.id, target: .requirement)
            }
        }
        let warnings = WarningEvaluator.evaluate(result, rules: rules, previous: previous)
        guard let trend else { return ReportContinuity(rules: rules, warnings: warnings) }
        return ReportContinuity(
            rules: rules, warnings: warnings, historyName: (path as NSString).lastPathComponent, trend: trend,
            before: programme.cohort)
    }
}

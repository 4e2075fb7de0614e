import ArgumentParser
import AttainmentCore
import AttainmentIO
import AttainmentReport
import AttainmentStore
import Foundation

/// `attain batch ROOT`.
struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every programme under a folder: results, warnings, history and a university summary.",
        discussion: """
            Finds every programme under ROOT (a folder with programme.yaml, or a programme \
            workbook with scores/ beside it; docs/format.md, "A university"), for example \
            ROOT/<school>/<major>/<cohort>/, and runs each as `attain run` would, several at \
            once. A programme that fails is reported with its errors and the others go on. Each \
            programme's results go to OUT/<its path under ROOT>/, and a university summary to \
            OUT/summary/: every major × requirement with values and verdicts, indicators and \
            course objectives below threshold, course pass and excellence rates, students below \
            the individual threshold, early warnings and failures, as CSV, JSON, Markdown, a \
            workbook and a Word and HTML report. Every run is recorded in the results history.

            Examples:
              attain batch fixtures/university -o out/university
              attain batch /data/2024 -o /reports/2024 --jobs 2 --format csv,xlsx
              attain batch fixtures/university --no-history --summary-format md,docx

            Exit codes: 0 every programme ran; 1 a programme (or the rules file) has errors, or \
            none was found; 2 outputs or the history could not be written.
            """
    )

    @Argument(help: "The folder to search for programmes.")
    var root: String

    @Option(name: .shortAndLong, help: "The output folder (default: attain-results/<ROOT's name>).")
    var output: String?

    @Option(help: "Programmes computed at once (default, and at most: the number of cores; the writes use twice as many threads).")
    var jobs: Int?

    @Option(
        help: ArgumentHelp(
            "Formats of each programme's results, as for `attain run` (default: csv,json,md, and xlsx too for a programme workbook).",
            valueName: "formats"))
    var format: String?

    @Option(
        help: ArgumentHelp(
            "Formats of the university summary: csv, json, md, xlsx, docx, html (default: all).", valueName: "formats"))
    var summaryFormat: String?

    @Option(help: ArgumentHelp("The language of the summary report: zh or en (default: zh).", valueName: "zh|en"), transform: choice)
    var lang: ReportLanguage = .zh

    @Option(help: ArgumentHelp("The date on the summary report, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today).", valueName: "date"))
    var date: String?

    @OptionGroup var recording: RecordingOptions

    @Flag(name: .shortAndLong, help: "Print nothing but errors and the failures.")
    var quiet = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let format { let _: [ResultFormat] = try parseFormats(format, allowEmpty: true) }
        if let summaryFormat { let _: [SummaryFormat] = try parseFormats(summaryFormat, allowEmpty: true) }
        if let date { _ = try Day.validated(date) }
    }

    func run() throws {
        let rules = try recording.warningRules(besides: root)
        let locations: [ProgrammeLocation]
        do {
            locations = try ProgrammeTree.discover(root)
        } catch {
            printError("\(error)")
            throw ExitStatus.inputErrors
        }
        guard !locations.isEmpty else {
            printError("\(root): no programme found (a folder with programme.yaml, or a programme workbook with scores/ beside it)")
            throw ExitStatus.inputErrors
        }
        // Each programme needs an output folder of its own, apart from summary/.
        var owners: [String: String] = ["summary": "the university summary"]
        for location in locations {
            let folder = location.outputDirectory
            let top = String(folder.split(separator: "/").first ?? "")
            if let owner = owners[folder] ?? (top == "summary" ? owners["summary"] : nil) {
                printError("\(root)/\(location.relativePath): its results would go to \(folder)/, which is \(owner)'s; rename one of them")
                throw ExitStatus.inputErrors
            }
            owners[folder] = location.relativePath
        }
        let folder = output ?? "attain-results/\(URL(fileURLWithPath: root).standardizedFileURL.lastPathComponent)"
        let options = BatchOptions(
            output: folder, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
            formats: try format.map { try parseFormats($0, allowEmpty: true) }, rules: rules,
            history: try recording.store(), recordedAt: Day.timestamp(),
            summary: SummaryOptions(
                formats: try summaryFormat.map { try parseFormats($0, allowEmpty: true) } ?? SummaryFormat.allCases,
                language: lang, date: date ?? Day.today()))
        let progress = ProgressDisplay(quiet: quiet)
        let summary = BatchRunner.run(locations, root: root, options: options) { progress.show($0) }
        // Not freed on the way out: every programme's results, hundreds of MB for a university,
        // would be freed object by object just before the process ends, which frees them all
        // at once anyway (0.1 s for 400 programmes, on one core, after everything else). The
        // history's connection, which the options hold, is left open with them: every run is
        // committed by then, and SQLite's rollback journal has nothing left to write.
        defer { keepUntilExit(summary) }
        progress.finish()

        for entry in summary.failures {
            printError("\(entry.location.relativePath): failed")
            for line in entry.errors.prefix(5) { printError("  \(line)") }
            if entry.errors.count > 5 { printError("  … and \(entry.errors.count - 5) more (attain check \(entry.location.path))") }
        }
        let historyFailures = summary.entries.filter { $0.historyError != nil }
        for entry in historyFailures {
            printError("\(entry.location.relativePath): not recorded in the results history: \(entry.historyError ?? "")")
        }
        do {
            let documents = try summary.summaryDocuments?.get() ?? []
            try OutputWriter.write(documents, to: folder + "/summary")
        } catch {
            printError(error.description)
            throw ExitStatus.outputErrors
        }
        if !quiet {
            print(BatchText.render(summary, outputDirectory: folder, history: options.history == nil ? nil : recording.history.path), terminator: "")
        }
        if !historyFailures.isEmpty { throw ExitStatus.outputErrors }
        if summary.failures.contains(where: { $0.result != nil }) { throw ExitStatus.outputErrors }
        if !summary.failures.isEmpty { throw ExitStatus.inputErrors }
    }
}


/// Keeps `value` alive until the process exits (a deliberate leak, for what would only be freed
/// just before the exit).
private func keepUntilExit<Value>(_ value: Value) {
    _ = Unmanaged.passRetained(KeptUntilExit(value))
}

/// A box for `keepUntilExit`.
private final class KeptUntilExit<Value> {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Progress on standard error: a bar redrawn in place on a terminal, a line per programme otherwise.
final class ProgressDisplay: Sendable {
    let quiet: Bool
    let terminal: Bool

    init(quiet: Bool) {
        self.quiet = quiet
        terminal = isatty(STDERR_FILENO) == 1
    }

    func show(_ progress: BatchProgress) {
        guard !quiet else { return }
        let status = progress.failed ? "failed" : "ok"
        if terminal {
            let width = 30
            let filled = progress.total > 0 ? width * progress.done / progress.total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            var line = "\r\(progress.phase.rawValue) [\(bar)] \(progress.done)/\(progress.total) \(progress.relativePath)"
            if line.count > 100 { line = String(line.prefix(100)) }
            FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
        } else {
            printError("\(progress.phase.rawValue) \(progress.done)/\(progress.total) \(progress.relativePath) \(status)")
        }
    }

    func finish() {
        if terminal && !quiet { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

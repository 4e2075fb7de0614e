import ArgumentParser
import AttainmentCore
import AttainmentIO
import AttainmentReport
import AttainmentStore
import Foundation

/// `attain run DIR`.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute attainment for a programme and write the results.",
        discussion: """
            Checks the programme (as `attain check` does), computes attainment at every level \
            for the class and for every student, prints a summary, and writes the result files \
            to the output folder: CSV tables, results.json, summary.md and run.json (settings, \
            input hashes, tool version); with --format xlsx also results.xlsx, a workbook with \
            every table and native charts, which is written by default when the programme is a \
            workbook. Nothing is written when the input has errors; files are \
            replaced atomically, so a failed run leaves earlier results intact. The same input \
            always gives the same bytes.

            Every run is checked against the early-warning rules (warnings.csv, and a section \
            of summary.md) and, once its files are written, recorded in the results history \
            (attain history, attain warnings, attain improve), which drafts a ledger record for \
            each new programme or course warning. Re-running the same inputs records nothing new.

            Examples:
              attain run fixtures/engineering
              attain run fixtures/engineering -o out/engineering --format csv,md
              attain run fixtures/engineering --format csv,json,md,xlsx
              attain run cs-2023 --history university/history.sqlite --rules university/warnings.yaml

            Exit codes: 0 success; 1 the input (or the rules file) has errors; 2 the outputs or \
            the history could not be written.
            """
    )

    @Argument(help: "The programme folder, or a programme workbook (.xlsx).")
    var directory: String

    @Option(name: .shortAndLong, help: "The output folder (default: attain-results/<programme id>/<cohort>).")
    var output: String?

    @Option(
        help: ArgumentHelp(
            "Formats to write, comma-separated: csv, json, md, xlsx (default: csv,json,md, and xlsx too for a programme workbook). run.json is always written.",
            valueName: "formats"))
    var format: String?

    @OptionGroup var recording: RecordingOptions

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        _ = try formats()
    }

    func formats() throws -> [ResultFormat] {
        guard let format else { return ResultFormat.defaults(forWorkbook: ProgrammeFolder.isWorkbook(directory)) }
        // An empty list writes run.json alone.
        return try parseFormats(format, allowEmpty: true)
    }

    func run() throws {
        let rules = try recording.warningRules(besides: programmeFolder(directory))
        let (loaded, result) = try loadAndCompute(directory)
        let programme = result.programme
        let folder = output ?? defaultOutputFolder(programme)
        let formats = try formats()
        let history = try recording.store()
        let previous: CohortValues?
        do {
            previous = try history?.previousCohortValues(programmeID: programme.id, before: programme.cohort)
        } catch {
            printError("\(recording.history.path): cannot read the results history: \(error)")
            throw ExitStatus.outputErrors
        }
        let earlyWarnings = WarningEvaluator.evaluate(result, rules: rules, previous: previous)
        let documents: [OutputDocument]
        do {
            documents = try ResultDocuments.build(result, inputs: loaded.files, formats: formats, warnings: earlyWarnings, rules: rules)
            try OutputWriter.write(documents, to: folder)
        } catch {
            printError(error.description)
            throw ExitStatus.outputErrors
        }
        var recorded: RecordOutcome?
        if let history {
            do {
                recorded = try history.record(
                    result, inputs: loaded.files, source: directory, recordedAt: Day.timestamp(), rules: rules,
                    warnings: earlyWarnings, courseRates: CourseRates.of(result, rules: rules))
            } catch {
                printError("\(recording.history.path): the run was not recorded in the results history (its files were written): \(error)")
                throw ExitStatus.outputErrors
            }
        }
        if !quiet {
            let warnings = result.diagnostics.filter { $0.severity == .warning }
            for warning in warnings.prefix(10) { printError(warning.description) }
            if warnings.count > 10 { printError("… and \(warnings.count - 10) more warnings (attain check \(directory) lists them all)") }
            print(TerminalSummary.render(result, files: documents.count, outputDirectory: folder), terminator: "")
            print(warningLine(earlyWarnings, comparedWith: previous?.cohort))
            print("Warning rules: \(recording.rulesFile(from: programmeFolder(directory)) ?? "the defaults (docs/format.md, warnings.yaml)")")
            switch recorded {
            case .recorded(let id)?: print("Recorded as run \(id) in \(recording.history.path)")
            case .alreadyRecorded(let id)?: print("Already in the history as run \(id) (same inputs, settings and version); nothing recorded")
            case nil: break
            }
        }
    }
}

/// Loads and computes a programme, printing its errors and exiting with status 1 if it has any.
func loadAndCompute(_ directory: String) throws -> (LoadedProgramme, AttainmentResult) {
    do {
        let loaded = try ProgrammeFolder.load(directory)
        return (loaded, try loaded.compute())
    } catch {
        for diagnostic in error.diagnostics where diagnostic.severity == .error {
            printError(diagnostic.description)
        }
        printError("\(directory): \(error.errors.count) errors; nothing was written. `attain check \(directory)` lists warnings too.")
        throw ExitStatus.inputErrors
    }
}

/// `attain-results/<programme id>/<cohort>`: cohorts of one programme share its id, so each
/// gets a folder of its own. Each part is one folder name (`pathComponent`), so an id or cohort
/// such as `../../x` cannot put the results anywhere else.
func defaultOutputFolder(_ programme: Programme) -> String {
    "attain-results/\(pathComponent(programme.id))/\(pathComponent(programme.cohort))"
}

/// A text as a single folder name: `/` and `\` become `_`, and a name of dots alone (`.`,
/// `..`) or an empty one is prefixed with `_`.
func pathComponent(_ text: String) -> String {
    let name = String(text.map { $0 == "/" || $0 == "\\" ? "_" : $0 })
    return name.allSatisfy { $0 == "." } ? "_" + name : name
}

/// One line counting a run's early warnings by level and severity.
func warningLine(_ warnings: [EarlyWarning], comparedWith cohort: String?) -> String {
    let parts = EarlyWarning.Level.allCases.compactMap { level -> String? in
        let atLevel = warnings.filter { $0.level == level }
        guard !atLevel.isEmpty else { return nil }
        let alerts = atLevel.count { $0.severity == .alert }
        return "\(level.rawValue) \(atLevel.count) (\(counted(alerts, "alert")))"
    }
    let against = cohort.map { "; compared with cohort \($0)" } ?? ""
    return "Early warnings: " + (parts.isEmpty ? "none" : parts.joined(separator: ", ")) + against
}

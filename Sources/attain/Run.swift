import ArgumentParser
import AttainmentCore
import AttainmentIO
import AttainmentReport
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

            Examples:
              attain run fixtures/engineering
              attain run fixtures/engineering -o out/engineering --format csv,md
              attain run fixtures/engineering --format csv,json,md,xlsx

            Exit codes: 0 success; 1 the input has errors; 2 the outputs could not be written.
            """
    )

    @Argument(help: "The programme folder, or a programme workbook (.xlsx).")
    var directory: String

    @Option(name: .shortAndLong, help: "The output folder (default: attain-results/<programme id>).")
    var output: String?

    @Option(
        help: ArgumentHelp(
            "Formats to write, comma-separated: csv, json, md, xlsx (default: csv,json,md, and xlsx too for a programme workbook). run.json is always written.",
            valueName: "formats"))
    var format: String?

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        _ = try formats()
    }

    func formats() throws -> [ResultFormat] {
        guard let format else {
            return [.csv, .json, .md] + (ProgrammeFolder.isWorkbook(directory) ? [.xlsx] : [])
        }
        // An empty list writes run.json alone.
        return try parseFormats(format, allowEmpty: true)
    }

    func run() throws {
        let (loaded, result) = try loadAndCompute(directory)
        let folder = output ?? "attain-results/\(result.programme.id)"
        let formats = try formats()
        let documents: [OutputDocument]
        do {
            documents = try ResultDocuments.build(result, inputs: loaded.files, formats: formats)
            try OutputWriter.write(documents, to: folder)
        } catch {
            printError(error.description)
            throw ExitStatus.outputErrors
        }
        if !quiet {
            let warnings = result.diagnostics.filter { $0.severity == .warning }
            for warning in warnings.prefix(10) { printError(warning.description) }
            if warnings.count > 10 { printError("… and \(warnings.count - 10) more warnings (attain check \(directory) lists them all)") }
            print(TerminalSummary.render(result, files: documents.count, outputDirectory: folder), terminator: "")
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

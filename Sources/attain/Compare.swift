import ArgumentParser
import AttainmentCore
import AttainmentIO
import AttainmentReport
import Foundation

/// `attain compare DIR --method …`.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute a programme under several method settings and show what changes.",
        discussion: """
            Computes the programme as its definition sets it, then once per --method, and \
            shows each method's settings that differ, how many values are met at each level, \
            and every class value (programme objectives, requirements, indicators, course \
            objectives) whose value or verdict changes between them. With -o it writes \
            compare.csv, compare_summary.csv, compare.json (with the inputs' SHA-256 and each \
            method's settings) and compare.md; --format adds xlsx. Nothing is recorded in the \
            results history.

            A method is written [NAME:]key=value[,key=value…] with the keys of programme.yaml's \
            methods (nested keys with dots: nba.target, surveys.weight) and thresholds.class, \
            thresholds.individual. A comma followed by text without = continues a list value: \
            nba.bands=0.4,0.5,0.6.

            Examples:
              attain compare fixtures/engineering --method indicator=min
              attain compare fixtures/engineering --method sums:course_objective=weighted-sums \\
                --method pooled:course_objective=pooled-marks --method strict:indicator=min,thresholds.class=0.75
              attain compare my-programme --method surveys:surveys.weight=0.2 -o out/compare --all

            Exit codes: 0 success; 1 the input has errors; 2 the outputs could not be written; \
            64 the command line is wrong (an unknown setting or value included).
            """
    )

    @Argument(help: "The programme folder, or a programme workbook (.xlsx).")
    var directory: String

    @Option(
        name: .customLong("method"),
        help: ArgumentHelp("A method to compare: [NAME:]key=value[,key=value…]. Repeat for more.", valueName: "method"))
    var methods: [String] = []

    @Option(name: .shortAndLong, help: "Write the comparison to this folder.")
    var output: String?

    @Option(
        help: ArgumentHelp("Formats to write with -o, comma-separated: csv, json, md, xlsx (default: csv,json,md).", valueName: "formats"))
    var format: String?

    @Flag(help: "List every value, not only those that change.")
    var all = false

    @Option(help: "Rows of changed values to print (default 40).")
    var limit = 40

    func validate() throws {
        if methods.isEmpty { throw ValidationError("name at least one --method to compare with, e.g. --method indicator=min") }
        _ = try variants()
        if let format { _ = try parseFormats(format, allowEmpty: false) as [ResultFormat] }
        if limit < 0 { throw ValidationError("--limit must be 0 or more") }
    }

    func variants() throws -> [MethodVariant] {
        var variants: [MethodVariant] = []
        for text in methods {
            do {
                variants.append(try MethodVariant.parse(text))
            } catch {
                throw ValidationError("--method \(text): \(error.message)")
            }
        }
        return variants
    }

    func run() throws {
        let variants = try variants()
        let (loaded, result) = try loadAndCompute(directory)
        var runs: [(name: String, result: AttainmentResult)] = [("defined", result)]
        for variant in variants {
            do throws(InputErrors) {
                // The settings were checked by `validate`. The sheets are read again only when
                // the variant changes what a status word or a blank cell counts as.
                let methods = { (methods: inout MethodSettings) -> Void in _ = try? variant.apply(to: &methods) }
                let thresholds = { (thresholds: inout Thresholds) -> Void in _ = try? variant.apply(to: &thresholds) }
                let result = variant.changesReading
                    ? try ProgrammeFolder.load(directory, adjustingMethods: methods, adjustingThresholds: thresholds).compute()
                    : try loaded.compute(adjustingMethods: methods, adjustingThresholds: thresholds)
                runs.append((variant.name, result))
            } catch {
                for diagnostic in error.diagnostics where diagnostic.severity == .error { printError(diagnostic.description) }
                printError("\(directory): under --method \(variant.name) the programme has \(error.errors.count) errors; nothing was written.")
                throw ExitStatus.inputErrors
            }
        }
        let comparison = MethodComparison(runs: runs, inputs: loaded.files)
        for note in comparison.settingsNotInEffect(variants) { printError("note: \(note)") }
        print(comparison.terminalText(limit: limit), terminator: "")
        guard let output else { return }
        let formats: [ResultFormat] = try format.map { try parseFormats($0, allowEmpty: false) } ?? [.csv, .json, .md]
        do {
            let documents = try comparison.documents(formats: formats, all: all)
            try OutputWriter.write(documents, to: output)
            print("Wrote \(documents.map(\.name).joined(separator: ", ")) to \(output)")
        } catch {
            printError(error.description)
            throw ExitStatus.outputErrors
        }
    }
}

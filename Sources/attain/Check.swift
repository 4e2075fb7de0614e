import ArgumentParser
import AttainmentCore
import AttainmentIO

/// `attain check DIR`.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a programme folder and list every error and warning.",
        discussion: """
            Reads every file of the programme, checks the structure (ids, support matrices, \
            assessment plans) and every score, and the early-warning rules that attain run would \
            use (--rules, else the nearest warnings.yaml), and prints each problem as \
            file:line:column: severity: message [code]. Messages never show student names or scores.

            Examples:
              attain check fixtures/engineering
              attain check my-programme --strict

            Exit codes: 0 no errors (warnings allowed unless --strict); 1 errors found.
            """
    )

    @Argument(help: "The programme folder, or a programme workbook (.xlsx).")
    var directory: String

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @OptionGroup var rules: WarningRulesOption

    func run() throws {
        var diagnostics: [Diagnostic]
        var failed = false
        do {
            let loaded = try ProgrammeFolder.load(directory)
            diagnostics = loaded.warnings
        } catch {
            diagnostics = error.diagnostics
            failed = true
        }
        // The rules `attain run` reads beside the programme: their errors stop a run too.
        if let file = rules.rulesFile(from: programmeFolder(directory)) {
            do {
                _ = try WarningRulesFile.load(file)
            } catch {
                diagnostics += error.diagnostics
                failed = failed || error.diagnostics.contains { $0.severity == .error }
            }
        }
        let ordered = diagnostics.filter { $0.severity == .error } + diagnostics.filter { $0.severity == .warning }
        for diagnostic in ordered { print(diagnostic) }
        let errors = diagnostics.count { $0.severity == .error }
        let warnings = diagnostics.count - errors
        print("\(directory): \(counted(errors, "error")), \(counted(warnings, "warning"))")
        if failed || (strict && warnings > 0) { throw ExitStatus.inputErrors }
    }
}

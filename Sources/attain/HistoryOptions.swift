import ArgumentParser
import AttainmentCore
import AttainmentIO
import AttainmentStore
import Foundation

/// `--history FILE`: which results history to use (docs/cli.md, "The results history").
struct HistoryOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The results history database (default: $ATTAIN_HISTORY, else $XDG_DATA_HOME/attain/history.sqlite, else ~/.local/share/attain/history.sqlite).",
            valueName: "file"))
    var history: String?

    /// The database file: --history, else the documented default.
    var path: String { history ?? HistoryStore.defaultPath(environment: ProcessInfo.processInfo.environment) }

    /// Opens (or creates) the history, printing why it cannot and exiting with status 2.
    func open() throws -> HistoryStore {
        do {
            let path = path
            return try HistoryStore(path: path) { migrations in
                printError(
                    "\(path): updating the results history for this version of attain (\(migrations.joined(separator: ", "))); "
                        + "this happens once and can take a minute for a large history")
            }
        } catch {
            printError("\(error)")
            printError("(name another file with --history, or record nothing with --no-history)")
            throw ExitStatus.outputErrors
        }
    }

    /// Opens the history for reading only (`HistoryStore(readingOnly:)`), or nil when the file
    /// does not exist yet; prints why it cannot be read and exits with status 2.
    func openReadingOnly() throws -> HistoryStore? {
        let path = path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try HistoryStore(readingOnly: path)
        } catch {
            printError(error.description)
            printError("(name another file with --history, or leave the earlier cohorts out with --no-history)")
            throw ExitStatus.outputErrors
        }
    }

    /// Opens an existing history for reading, exiting with status 1 when there is none.
    func openExisting() throws -> HistoryStore {
        guard FileManager.default.fileExists(atPath: path) else {
            printError("\(path): no results history yet; `attain run` and `attain batch` record one (or name it with --history)")
            throw ExitStatus.inputErrors
        }
        return try open()
    }
}

/// `--history FILE`, `--no-history` and `--rules FILE` of the commands that compute.
struct RecordingOptions: ParsableArguments {
    @OptionGroup var history: HistoryOptions

    @Flag(help: "Record nothing in the results history (the fall rule then has no earlier cohort but from this batch).")
    var noHistory = false

    @OptionGroup var rulesOption: WarningRulesOption

    func validate() throws {
        if noHistory, history.history != nil { throw ValidationError("--history and --no-history exclude each other") }
    }

    /// The history to record in, or nil with --no-history.
    func store() throws -> HistoryStore? {
        noHistory ? nil : try history.open()
    }

    /// See `WarningRulesOption.rulesFile(from:)`.
    func rulesFile(from folder: String) -> String? { rulesOption.rulesFile(from: folder) }

    /// See `WarningRulesOption.warningRules(besides:)`.
    func warningRules(besides folder: String) throws -> WarningRules { try rulesOption.warningRules(besides: folder) }
}

/// `--rules FILE`: the early-warning rules.
struct WarningRulesOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Early-warning rules (default: the nearest warnings.yaml in the programme's folder (batch: the root) or a folder above it, else the documented defaults).",
            valueName: "file"))
    var rules: String?

    /// The rules file: --rules, else the nearest `warnings.yaml` in `folder` or a folder above
    /// it (so a programme run alone inside a batch root gets the root's rules), else none.
    func rulesFile(from folder: String) -> String? {
        if let rules { return rules }
        var current = URL(fileURLWithPath: folder).standardizedFileURL
        while true {
            let candidate = current.appendingPathComponent("warnings.yaml").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    /// The rules: from `rulesFile(from:)`, else the defaults. Prints the file's errors and
    /// exits with status 1 when it has any.
    func warningRules(besides folder: String) throws -> WarningRules {
        guard let file = rulesFile(from: folder) else { return WarningRules() }
        do {
            return try WarningRulesFile.load(file)
        } catch {
            for diagnostic in error.diagnostics where diagnostic.severity == .error { printError(diagnostic.description) }
            printError("\(file): the early-warning rules have errors; nothing was written.")
            throw ExitStatus.inputErrors
        }
    }
}

/// The folder a programme's own settings files sit in: the folder itself, or a workbook's folder.
func programmeFolder(_ path: String) -> String {
    ProgrammeFolder.isWorkbook(path) ? (path as NSString).deletingLastPathComponent.nonEmpty ?? "." : path
}

extension String {
    /// Nil for the empty string.
    var nonEmpty: String? { isEmpty ? nil : self }
}

/// Runs a command's body, turning an error of the history (a locked, damaged or unwritable
/// database) into its message and exit status 2.
func withHistoryErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as HistoryError {
        printError(error.description)
        throw ExitStatus.outputErrors
    }
}

import ArgumentParser
import AttainmentIO
import AttainmentReport
import Foundation

/// `attain init DIR`.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a programme folder to fill in, with a comment on every field.",
        discussion: """
            Writes programme.yaml, support.csv, roster.csv, one course file and its score sheet: \
            a small complete programme that `attain run` accepts as it is. Replace its contents \
            with your own; docs/format.md explains every field.

            Examples:
              attain init my-programme
              attain run my-programme

            Exit codes: 0 success; 2 the folder is not empty (use --force) or cannot be written.
            """
    )

    @Argument(help: "The folder to create.")
    var directory: String

    @Flag(help: "Write even if the folder is not empty (files of the template are replaced).")
    var force = false

    func run() throws {
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        if !existing.isEmpty && !force {
            printError("\(directory) is not empty; use --force to write the template into it anyway")
            throw ExitStatus.outputErrors
        }
        let documents = ProgrammeTemplate.files.map { OutputDocument(name: $0.path, text: $0.text) }
        do {
            try OutputWriter.write(documents, to: directory)
        } catch {
            printError(error.description)
            throw ExitStatus.outputErrors
        }
        print("Wrote a programme template to \(directory):")
        for document in documents { print("  \(document.name)") }
        print("Next: edit the files (docs/format.md explains them), then `attain check \(directory)`.")
    }
}

/// Prints a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

import ArgumentParser
import AttainmentCore
import AttainmentIO
import AttainmentReport
import Foundation

/// `attain init DIR`.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a programme folder (or workbook) to fill in, with a comment on every field.",
        discussion: """
            Writes programme.yaml, support.csv, roster.csv, one course file and its score sheet: \
            a small complete programme that `attain run` accepts as it is. Replace its contents \
            with your own; docs/format.md explains every field.

            With --xlsx, writes the same programme as one workbook to fill in by hand instead \
            (sheets for objectives, requirements, courses, support matrices and assessment plans, \
            an instructions sheet in Chinese and English, H/M/L lists, frozen headers), and beside \
            it the example's score sheets (scores/) and roster.csv, so that `attain run` accepts \
            the workbook as it is.

            Examples:
              attain init my-programme
              attain run my-programme
              attain init --xlsx cs-2024/programme.xlsx
              attain run cs-2024/programme.xlsx

            Exit codes: 0 success; 2 the folder is not empty (use --force) or cannot be written.
            """
    )

    @Argument(help: "The folder to create.")
    var directory: String?

    @Option(help: ArgumentHelp("Write a programme workbook instead of a folder.", valueName: "book.xlsx"))
    var xlsx: String?

    func validate() throws {
        switch (directory, xlsx) {
        case (nil, nil): throw ValidationError("give a folder to create, or --xlsx with a workbook to write")
        case (.some, .some): throw ValidationError("give either a folder or --xlsx, not both")
        case (nil, .some(let path)) where !ProgrammeFolder.isWorkbook(path):
            throw ValidationError("--xlsx needs a path ending in .xlsx")
        default: break
        }
    }

    @Flag(help: "Write even if the folder is not empty (files of the template are replaced).")
    var force = false

    func run() throws {
        if let xlsx {
            try writeWorkbook(xlsx)
            return
        }
        guard let directory else { return }  // validate() requires one of the two
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        if !existing.isEmpty && !force {
            printError("\(directory) is not empty; use --force to write the template into it anyway")
            throw ExitStatus.outputErrors
        }
        let documents = ProgrammeTemplate.files.map { OutputDocument(name: $0.path, text: $0.text) }
        // The folder was checked above: a non-empty one only with --force.
        try Convert.write(documents, to: directory, force: true)
        print("Wrote a programme template to \(directory):")
        for document in documents { print("  \(document.name)") }
        print("Next: edit the files (docs/format.md explains them), then `attain check \(directory)`.")
    }
}

/// Prints a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

extension Init {
    /// The template as a workbook plus, beside it, the example's score sheets and roster.
    func writeWorkbook(_ path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        // The structure is read back from the template's files, as any folder is.
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("attain-init-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: template) }
        let structure: ProgrammeSource
        do {
            try OutputWriter.write(ProgrammeTemplate.files.map { OutputDocument(name: $0.path, text: $0.text) }, to: template)
            structure = try ProgrammeFolder.loadStructure(template)
        } catch {
            printError("cannot prepare the template: \(error)")
            throw ExitStatus.outputErrors
        }
        let documents = [try Convert.workbook(structure, path: path)] + Convert.companionFiles(in: template, surveys: structure.surveys)
        let target = folder.isEmpty ? "." : folder
        try Convert.write(documents, to: target, force: force)
        print("Wrote a programme workbook to \(path), with example score sheets and a roster beside it:")
        for document in documents { print("  \((target as NSString).appendingPathComponent(document.name))") }
        print("Next: fill in the workbook (its first sheet explains how), then `attain check \(path)`.")
    }
}

import ArgumentParser
import AttainmentCore
import AttainmentIO
import AttainmentReport
import Foundation

/// `attain convert SOURCE -o TARGET`.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn a programme folder into a workbook, or a workbook into a folder.",
        discussion: """
            A folder (programme.yaml, support.csv, courses/) becomes one workbook with the sheets \
            of docs/format.md ("A programme as a workbook"); a workbook becomes programme.yaml, \
            support.csv and one course file per course. Nothing of the structure is lost either \
            way (elective groups and survey declarations included): converting back gives the \
            same programme. Score sheets, roster.csv and survey files are files beside the \
            workbook or inside the folder; when the target is in another folder they are copied \
            there, so that the result runs as it is. YAML comments are not carried \
            over. Files are written atomically; existing files are replaced only with --force.

            Examples:
              attain convert fixtures/engineering -o cs-2022/programme.xlsx
              attain convert cs-2022/programme.xlsx -o cs-2022-folder

            Exit codes: 0 success; 1 the source has errors; 2 the target exists (use --force) or \
            cannot be written.
            """
    )

    @Argument(help: "A programme folder or a programme workbook (.xlsx).")
    var source: String

    @Option(name: .shortAndLong, help: "The workbook (.xlsx) or folder to write.")
    var output: String

    @Flag(help: "Replace existing files.")
    var force = false

    func validate() throws {
        let toWorkbook = !ProgrammeFolder.isWorkbook(source)
        if toWorkbook && !ProgrammeFolder.isWorkbook(output) {
            throw ValidationError("converting a folder needs a workbook to write: give -o a path ending in .xlsx")
        }
        if !toWorkbook && ProgrammeFolder.isWorkbook(output) {
            throw ValidationError("converting a workbook needs a folder to write: give -o a folder, not an .xlsx file")
        }
    }

    func run() throws {
        let structure: ProgrammeSource
        do {
            structure = try ProgrammeFolder.loadStructure(source)
        } catch {
            for diagnostic in error.diagnostics where diagnostic.severity == .error { printError(diagnostic.description) }
            printError("\(source): \(error.errors.count) errors; nothing was written.")
            throw ExitStatus.inputErrors
        }
        let sourceFolder = ProgrammeFolder.isWorkbook(source) ? (source as NSString).deletingLastPathComponent : source
        var documents: [OutputDocument] = []
        let targetFolder: String
        if ProgrammeFolder.isWorkbook(source) {
            targetFolder = output
            for file in ProgrammeFolderWriter.files(programme: structure.programme, courses: structure.courses, surveys: structure.surveys) {
                documents.append(OutputDocument(name: file.path, text: file.text))
            }
        } else {
            targetFolder = (output as NSString).deletingLastPathComponent
            documents.append(try Self.workbook(structure, path: output))
        }
        if !Self.sameFolder(sourceFolder, targetFolder) {
            documents += Self.companionFiles(in: sourceFolder, surveys: structure.surveys)
        }
        try Self.write(documents, to: targetFolder, force: force)
        print("Wrote \(counted(documents.count, "file")) to \(targetFolder.isEmpty ? "." : targetFolder):")
        for document in documents.prefix(12) { print("  \(document.name)") }
        if documents.count > 12 { print("  … and \(documents.count - 12) more") }
    }

    /// The programme workbook of a structure, as the document `path` names.
    static func workbook(_ structure: ProgrammeSource, path: String) throws -> OutputDocument {
        do {
            let bytes = try ProgrammeWorkbook.make(
                programme: structure.programme, courses: structure.courses, surveys: structure.surveys)
            return OutputDocument(name: (path as NSString).lastPathComponent, contents: bytes)
        } catch {
            printError("\(path): cannot write the workbook: \(error)")
            throw ExitStatus.outputErrors
        }
    }

    /// Writes documents atomically into a folder, refusing to replace existing files
    /// unless `force` (exit status 2, nothing written).
    static func write(_ documents: [OutputDocument], to folder: String, force: Bool) throws {
        let existing = documents.map { join(folder, $0.name) }.filter { FileManager.default.fileExists(atPath: $0) }
        if !existing.isEmpty && !force {
            for path in existing.prefix(5) { printError("\(path) exists") }
            printError("nothing was written; use --force to replace existing files")
            throw ExitStatus.outputErrors
        }
        do {
            try OutputWriter.write(documents, to: folder.isEmpty ? "." : folder)
        } catch {
            printError(error.description)
            throw ExitStatus.outputErrors
        }
    }

    /// roster.csv, everything under scores/ and the declared survey files, as documents
    /// relative to the folder, each once. A survey file that is missing, or lies outside the
    /// folder (an absolute path, or one that `..` takes out of it), is not copied, and a
    /// warning says so.
    static func companionFiles(in folder: String, surveys: [DeclaredSurvey]) -> [OutputDocument] {
        let manager = FileManager.default
        var documents: [OutputDocument] = []
        var relatives: [String] = []
        if manager.fileExists(atPath: join(folder, "roster.csv")) { relatives.append("roster.csv") }
        if let enumerator = manager.enumerator(atPath: join(folder, "scores")) {
            var found: [String] = []
            while let name = enumerator.nextObject() as? String {
                var isDirectory: ObjCBool = false
                if manager.fileExists(atPath: join(folder, "scores/" + name), isDirectory: &isDirectory), !isDirectory.boolValue {
                    found.append("scores/" + name)
                }
            }
            relatives += found.sorted()
        }
        for declared in surveys.map(\.path) {
            guard let path = insidePath(declared) else {
                printError("warning: the survey file \(declared) lies outside the programme's folder and was not copied")
                continue
            }
            guard manager.fileExists(atPath: join(folder, path)) else {
                printError("warning: the survey file \(declared) does not exist and was not copied")
                continue
            }
            if !relatives.contains(path) { relatives.append(path) }
        }
        for relative in relatives {
            if let data = manager.contents(atPath: join(folder, relative)) {
                documents.append(OutputDocument(name: relative, contents: Array(data)))
            }
        }
        return documents
    }

    /// A relative path with its `.` and `..` steps taken (`./scores/a.csv` → `scores/a.csv`,
    /// `surveys/../x.csv` → `x.csv`); nil for an absolute path or one that leaves the folder.
    static func insidePath(_ path: String) -> String? {
        guard !path.hasPrefix("/") else { return nil }
        let resolved = RelativePath.resolved(path)
        return resolved.leavesRoot || resolved.path.isEmpty ? nil : resolved.path
    }

    static func join(_ folder: String, _ name: String) -> String {
        folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
    }

    static func sameFolder(_ a: String, _ b: String) -> Bool {
        func resolved(_ path: String) -> String {
            URL(fileURLWithPath: path.isEmpty ? "." : path).standardizedFileURL.resolvingSymlinksInPath().path
        }
        return resolved(a) == resolved(b)
    }
}

import AttainmentCore
import Foundation
import Testing

@testable import AttainmentIO
import TestSupport

/// A new, empty temporary folder.
private func temporaryFolder() throws -> String {
    let path = scratchDirectory.appendingPathComponent("attain-tree-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Writes small files (their contents do not matter to discovery) at paths below `root`.
private func touch(_ root: String, _ relativePaths: String...) throws {
    for relative in relativePaths {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: path))
    }
}

/// Makes folders below `root`.
private func folders(_ root: String, _ relativePaths: String...) throws {
    for relative in relativePaths {
        try FileManager.default.createDirectory(atPath: root + "/" + relative, withIntermediateDirectories: true)
    }
}

/// Runs a program with its output in files (no pipe to fill up), stopping it after `timeout`.
private func run(_ program: String, _ arguments: [String], timeout: TimeInterval = 120) throws
    -> (status: Int32, output: String, errors: String)
{
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let outputURL = URL(fileURLWithPath: folder + "/out")
    let errorsURL = URL(fileURLWithPath: folder + "/err")
    try Data().write(to: outputURL)
    try Data().write(to: errorsURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    process.standardOutput = try FileHandle(forWritingTo: outputURL)
    process.standardError = try FileHandle(forWritingTo: errorsURL)
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning {
        process.terminate()
        process.waitUntilExit()
        return (-1, "", "\(program) did not finish in \(Int(timeout)) s")
    }
    let text = { (url: URL) in String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self) }
    return (process.terminationStatus, text(outputURL), text(errorsURL))
}

@Suite("Programme trees")
struct ProgrammeTreeTests {
    static let university = repositoryRoot + "/fixtures/university"

    /// fixtures/university, written by fixtures/generate_university.py (fixtures/university/README.md).
    static let universityProgrammes = [
        "education/CHN/2021", "education/CHN/2022", "education/CHN/2023",
        "education/MATH/2021", "education/MATH/2022", "education/MATH/2023",
        "information/CS/2021", "information/CS/2022", "information/CS/2023",
        "information/EE/2021", "information/EE/2022", "information/EE/2023",
        "information/SE/2021", "information/SE/2022", "information/SE/2023",
        "information/TEACH/2024/programme.xlsx",
    ]

    @Test func findsTheGeneratedUniversity() throws {
        let found = try ProgrammeTree.discover(Self.university)
        #expect(found.map(\.relativePath) == Self.universityProgrammes)
        #expect(found.map(\.path) == Self.universityProgrammes.map { Self.university + "/" + $0 })
        #expect(found.filter { $0.kind == .workbook }.map(\.relativePath) == ["information/TEACH/2024/programme.xlsx"])
    }

    /// Every programme found loads, except the one broken on purpose, whose two errors name the
    /// file, the row and the column.
    @Test func theGeneratedProgrammesLoadExceptTheBrokenOne() throws {
        for location in try ProgrammeTree.discover(Self.university) {
            let broken = location.relativePath == "education/CHN/2022"
            do {
                let loaded = try ProgrammeFolder.load(location.path)
                #expect(!broken, "\(location.relativePath) should not load")
                let programmeID = loaded.input.programme.id
                let parts = location.relativePath.split(separator: "/")
                // Every cohort of a generated major has the major's id (the history links cohorts by
                // it) and its own cohort; the workbook keeps the id written in it.
                if location.kind == .folder {
                    #expect(programmeID == String(parts[1]), "\(programmeID) in \(location.relativePath)")
                    #expect(loaded.input.programme.cohort == String(parts[2]), "cohort of \(location.relativePath)")
                } else {
                    #expect(programmeID == "TEACH-2024")
                }
            } catch {
                #expect(broken, "\(location.relativePath): \(error)")
                let errors = error.errors.map { ($0.code, $0.location?.description.replacingOccurrences(of: location.path + "/", with: "")) }
                #expect(errors.count == 2)
                #expect(errors.contains { $0 == (.notANumber, "scores/GE1001.csv:4:4") })
                #expect(errors.contains { $0 == (.scoreAboveFullMarks, "scores/GE1001.csv:8:7") })
            }
        }
    }

    @Test func generatedFixtureIsUpToDate() throws {
        let script = repositoryRoot + "/fixtures/generate_university.py"
        let result = try run("/usr/bin/python3", [script, "--check"])
        #expect(result.status == 0, "generate_university.py --check: \(result.output) \(result.errors)")
    }

    @Test func programmeFoldersAreNotSearchedBelow() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try touch(
            root,
            "a/programme.yaml", "a/nested/programme.yaml", "a/book.xlsx",
            "s1/m1/2022/programme.yaml", "s1/m1/2023/programme.yaml", "s1/m2/2022/programme.yaml",
            "s2/deep/er/still/programme.yaml", "s2/notes.txt")
        try folders(root, "a/scores", "empty/folder")
        let found = try ProgrammeTree.discover(root)
        #expect(found.map(\.relativePath) == ["a", "s1/m1/2022", "s1/m1/2023", "s1/m2/2022", "s2/deep/er/still"])
        #expect(found.allSatisfy { $0.kind == .folder })
        #expect(found[0].path == root + "/a")
    }

    @Test func theRootItselfCanBeAProgramme() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try touch(root, "programme.yaml", "inner/programme.yaml")
        #expect(try ProgrammeTree.discover(root) == [ProgrammeLocation(path: root, relativePath: ".", kind: .folder)])
        #expect(try ProgrammeTree.discover(root + "/").map(\.path) == [root + "/"])
    }

    @Test func workbooksNeedAScoresFolderBesideThem() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try touch(
            root,
            "s/m/2022/programme.xlsx", "s/m/2022/Other.XLSX", "s/m/2022/scores/C1.xlsx",
            "s/m/2022/~$programme.xlsx", "s/m/2022/.hidden.xlsx", "s/m/2022/notes.docx",
            "s/m/2023/programme.xlsx",  // no scores/ beside it
            "s/m/2024/programme.xlsx", "s/m/2024/scores",  // scores is a file, not a folder
            "s/m/2025/programme.xlsx", "s/m/2025/sub/programme.yaml")
        try folders(root, "s/m/2025/scores")
        let found = try ProgrammeTree.discover(root + "/")
        #expect(found.map(\.relativePath) == [
            "s/m/2022/Other.XLSX", "s/m/2022/programme.xlsx", "s/m/2025/programme.xlsx", "s/m/2025/sub",
        ])
        #expect(found.map(\.kind) == [.workbook, .workbook, .workbook, .folder])
        #expect(found[1].path == root + "/s/m/2022/programme.xlsx", "no doubled separator")
        #expect(ProgrammeFolder.isWorkbook(found[1].path))
    }

    @Test func hiddenScoresAndCoursesFoldersAreNotSearched() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try touch(
            root,
            ".git/p/programme.yaml", "s/.trash/2022/programme.yaml", "s/scores/p/programme.yaml",
            "s/courses/p/programme.yaml", "s/m/2022/programme.yaml")
        #expect(try ProgrammeTree.discover(root).map(\.relativePath) == ["s/m/2022"])
    }

    @Test func linksToFoldersAreNotFollowed() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try touch(root, "s/m/2022/programme.yaml")
        try folders(root, "loop")
        // A loop back to the root, and a second way to reach a programme.
        try FileManager.default.createSymbolicLink(atPath: root + "/loop/back", withDestinationPath: root)
        try FileManager.default.createSymbolicLink(atPath: root + "/alias", withDestinationPath: root + "/s/m/2022")
        #expect(try ProgrammeTree.discover(root).map(\.relativePath) == ["s/m/2022"])
        // The root itself may be a link.
        #expect(try ProgrammeTree.discover(root + "/loop/back").map(\.relativePath) == ["s/m/2022"])
    }

    @Test func resultsAreInByteOrder() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try touch(
            root, "b/programme.yaml", "B/programme.yaml", "a-b/programme.yaml", "a/b/programme.yaml",
            "软件工程/programme.yaml", "Z/programme.yaml")
        #expect(try ProgrammeTree.discover(root).map(\.relativePath) == ["B", "Z", "a-b", "a/b", "b", "软件工程"])
    }

    @Test func anEmptyRootHasNoProgrammes() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try touch(root, "readme.txt", "s/m/notes.csv")
        #expect(try ProgrammeTree.discover(root).isEmpty)
    }

    @Test func aMissingRootIsAnErrorNamingIt() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let missing = root + "/nowhere"
        #expect(throws: ProgrammeTreeError(path: missing, problem: .notFound)) { try ProgrammeTree.discover(missing) }
        #expect(ProgrammeTreeError(path: missing, problem: .notFound).description == missing + ": no such folder")
        try touch(root, "file.txt")
        let file = root + "/file.txt"
        #expect(throws: ProgrammeTreeError(path: file, problem: .notAFolder)) { try ProgrammeTree.discover(file) }
        #expect(ProgrammeTreeError(path: file, problem: .notAFolder).description.hasPrefix(file + ": "))
    }
}

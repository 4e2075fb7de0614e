import Foundation
import Testing

/// The repository's root, found from this file's path.
private let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The `attain` binary built beside this test runner.
private let binary: String = {
    let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var folder = URL(fileURLWithPath: runner).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("attain").path), folder.path != "/" {
        folder.deleteLastPathComponent()
    }
    return folder.appendingPathComponent("attain").path
}()

/// Runs attain in the repository's root; returns the exit status and standard error.
private func attain(_ arguments: [String]) throws -> (status: Int32, errors: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: root)
    let errors = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    try process.run()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: errorData, as: UTF8.self))
}

private func temporaryFolder() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("attain-xlsx-\(UUID().uuidString)").path
}

@Suite struct XLSXOutputTests {
    @Test func formatXlsxWritesTheWorkbookAndListsIt() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let outcome = try attain(["run", "fixtures/engineering", "-o", output, "--format", "xlsx", "-q"])
        #expect(outcome.status == 0, "\(outcome.errors)")
        let names = try FileManager.default.contentsOfDirectory(atPath: output).sorted()
        #expect(names == ["results.xlsx", "run.json"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: output + "/results.xlsx"))
        #expect(Array(bytes.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/run.json")))
        #expect((record as? [String: Any])?["outputs"] as? [String] == ["results.xlsx", "run.json"])
    }

    @Test func everyFormatTogetherAndTheSameBytesTwice() throws {
        let first = temporaryFolder()
        let second = temporaryFolder()
        defer { for folder in [first, second] { try? FileManager.default.removeItem(atPath: folder) } }
        for folder in [first, second] {
            #expect(try attain(["run", "fixtures/engineering", "-o", folder, "--format", "csv,json,md,xlsx", "-q"]).status == 0)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: first)
        #expect(names.contains("results.xlsx") && names.contains("summary.md") && names.contains("results.json"))
        #expect(names.count == 16, "12 CSV tables, results.json, summary.md, results.xlsx, run.json")
        let a = try Data(contentsOf: URL(fileURLWithPath: first + "/results.xlsx"))
        #expect(a == (try Data(contentsOf: URL(fileURLWithPath: second + "/results.xlsx"))))
    }

    @Test func theDefaultFormatsLeaveTheWorkbookOut() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(try attain(["run", "fixtures/engineering", "-o", output, "-q"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: output + "/results.xlsx"))
    }

    @Test func anUnknownFormatNamesXlsxAmongTheChoices() throws {
        let outcome = try attain(["run", "fixtures/engineering", "--format", "xls"])
        #expect(outcome.status == 64)
        #expect(outcome.errors.contains("choose from csv, json, md, xlsx"))
    }
}

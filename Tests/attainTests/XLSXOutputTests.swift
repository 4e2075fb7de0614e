import Foundation
import Testing

// root, binary, attain(_:) and temporaryFolder() are the harness of CommandLineTests.swift.

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
        #expect(names.count == 17, "12 CSV tables, warnings.csv, results.json, summary.md, results.xlsx, run.json")
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

import AttainmentCore
import AttainmentIO
import Foundation
import Testing

@testable import AttainmentReport
import TestSupport

/// A CSV document's rows as arrays of cells (the writer's output has no quoted newlines here).
private func rows(_ document: OutputDocument) -> [[String]] {
    String(decoding: document.contents, as: UTF8.self).split(separator: "\n").map {
        $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
}

private func document(_ name: String, in documents: [OutputDocument]) throws -> OutputDocument {
    try #require(documents.first { $0.name == name }, "\(name) is written")
}

@Suite struct FormattingTests {
    static let roundings: [(Double, String)] = [
        (0.6687499999, "0.668750"), (0.0000004, "0.000000"), (-0.0000004, "0.000000"), (1, "1.000000"),
        (0.1234565, "0.123456"), (2.5e-7, "0.000000"), (0.9999995, "1.000000"),
    ]

    @Test(arguments: roundings)
    func sixDecimals(value: Double, text: String) {
        // Halfway-looking decimals round by the double actually stored (0.1234565 is just below
        // …65, 0.9999995 just above …95), as C's printf does.
        #expect(NumberStyle.fixed(value, decimals: 6) == text)
    }

    @Test func notEvaluableIsEmpty() {
        #expect(NumberStyle.fixed(nil, decimals: 3) == "")
        #expect(NumberStyle.fixed(.nan, decimals: 3) == "")
    }

    @Test func csvQuotesOnlyWhereNeeded() {
        var csv = CSVDocument(header: ["a", "b"])
        csv.append(["x,y", "say \"hi\""])
        csv.append(["line\nbreak", "计算机"])
        #expect(csv.text == "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"line\nbreak\",计算机\n")
        // CR LF, and a comma or a quote followed by a combining mark, are one Character each,
        // but a reader splits on their bytes: they are quoted, the quote doubled.
        var edges = CSVDocument(header: ["a"])
        edges.append(["crlf\r\nhere"])
        edges.append(["accent,\u{301}"])
        edges.append(["q\"\u{301}"])
        #expect(edges.bytes == Array("a\n\"crlf\r\nhere\"\n\"accent,\u{301}\"\n\"q\"\"\u{301}\"\n".utf8))
    }

    @Test func chineseTakesTwoColumns() {
        #expect(displayWidth("工程知识") == 8)
        #expect(displayWidth("GR1") == 3)
        #expect(displayWidth("设计/开发") == 9)
        let table = TextTable(header: ["名称", "v"], rows: [["工程知识", "1"], ["ab", "2"]])
        let lines = table.render(indent: "").split(separator: "\n")
        #expect(lines.map { displayWidth(String($0)) } == [11, 11, 11])
    }
}

@Suite struct JSONTests {
    @Test func escapesAndKeepsKeyOrder() {
        let value = JSONValue.object([
            ("z", .string("a\"b\\c\n\t\u{01}")), ("a", .array([.integer(1), .number(0.5), .null, .bool(false)])),
            ("empty", .object([])), ("中文", .string("达成度")),
        ])
        #expect(value.serialized() == """
            {
              "z": "a\\"b\\\\c\\n\\t\\u0001",
              "a": [1, 0.5, null, false],
              "empty": {},
              "中文": "达成度"
            }

            """)
    }

    /// Up to 32 plain values go on one line; more, or any container inside, one a line.
    @Test func shortContainersOfPlainValuesTakeOneLine() {
        func numbers(_ count: Int) -> JSONValue { .array((0..<count).map { .integer($0) }) }
        #expect(numbers(32).serialized() == "[" + (0..<32).map(String.init).joined(separator: ", ") + "]\n")
        #expect(numbers(33).serialized() == "[\n" + (0..<33).map { "  \($0)" }.joined(separator: ",\n") + "\n]\n")
        let nested = JSONValue.object([("a", .object([("x", .number(0.25)), ("y", .string("是"))])), ("b", .array([.array([])]))])
        #expect(nested.serialized() == """
            {
              "a": {"x": 0.25, "y": "是"},
              "b": [
                []
              ]
            }

            """)
        // Streamed values follow the same rule as a tree of them.
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("s1")
        writer.numbers(named: JSONWriter.NumberNames(["CO1", "CO2"])) { $0 == 0 ? 0.5 : nil }
        writer.key("s2")
        writer.numbers(named: JSONWriter.NumberNames((1...33).map { "CO\($0)" })) { Double($0) }
        for (name, count) in [("none", 0), ("two", 2), ("many", 33)] {
            writer.key(name)
            writer.strings((0..<count).map { "C\($0)\"" })
        }
        writer.endObject()
        let tree = JSONValue.object([
            ("s1", .object([("CO1", .number(0.5)), ("CO2", .null)])),
            ("s2", .object((1...33).map { ("CO\($0)", .number(Double($0 - 1))) })),
        ] + [("none", 0), ("two", 2), ("many", 33)].map { name, count in
            (name, .array((0..<count).map { .string("C\($0)\"") }))
        })
        let streamed = String(decoding: writer.finish(), as: UTF8.self)
        #expect(streamed == tree.serialized())
        #expect(streamed.hasPrefix("{\n  \"s1\": {\"CO1\": 0.5, \"CO2\": null},\n  \"s2\": {\n    \"CO1\": 0.0,\n"))
    }

    @Test func numbersReadBackExactly() throws {
        var generator = SystemRandomNumberGenerator()
        let numbers: [Double] = (0..<200).map { _ in Double.random(in: 0...1, using: &generator) } + [1e-300, 0.1, 1.0 / 3]
        let text = JSONValue.array(numbers.map { JSONValue.number($0) }).serialized()
        // Read with Swift's correctly rounded parser: Foundation's JSONSerialization on Linux is not.
        let parsed = text.split(separator: "\n").dropFirst().dropLast().map { line in
            Double(line.trimmingCharacters(in: CharacterSet(charactersIn: " ,")))
        }
        #expect(parsed == numbers.map { Optional($0) })
    }

    @Test func nonFiniteBecomesNull() {
        #expect(JSONValue.value(.nan) == .null)
        #expect(JSONValue.value(nil) == .null)
        #expect(JSONValue.number(.infinity).serialized() == "null\n")
    }
}

@Suite struct OutputWriterTests {
    private func folder() -> String {
        scratchDirectory.appendingPathComponent("attain-out-\(UUID().uuidString)").path
    }

    @Test func writesEveryDocumentIntoSubfolders() throws {
        let directory = folder()
        try OutputWriter.write(
            [OutputDocument(name: "a.csv", text: "1\n"), OutputDocument(name: "sub/b.md", text: "# b\n")], to: directory)
        #expect(try String(contentsOfFile: directory + "/a.csv", encoding: .utf8) == "1\n")
        #expect(try String(contentsOfFile: directory + "/sub/b.md", encoding: .utf8) == "# b\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["a.csv", "sub"])
    }

    @Test func aFailureReplacesNothing() throws {
        let directory = folder()
        try OutputWriter.write([OutputDocument(name: "a.csv", text: "old\n")], to: directory)
        // The second document's folder cannot be made: a file stands where it should be.
        try Data("x".utf8).write(to: URL(fileURLWithPath: directory + "/blocked"))
        #expect(throws: OutputError.self) {
            try OutputWriter.write(
                [OutputDocument(name: "a.csv", text: "new\n"), OutputDocument(name: "blocked/b.csv", text: "b\n")],
                to: directory)
        }
        #expect(try String(contentsOfFile: directory + "/a.csv", encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["a.csv", "blocked"])
    }

    /// A folder where a later file is to go fails the write before any file is replaced (its
    /// rename failed after the earlier ones had replaced theirs, mixing new files with old).
    @Test func aFolderInTheWayReplacesNothing() throws {
        let directory = folder()
        try OutputWriter.write([OutputDocument(name: "a.csv", text: "old\n")], to: directory)
        try FileManager.default.createDirectory(atPath: directory + "/z.md", withIntermediateDirectories: true)
        #expect(throws: OutputError.self) {
            try OutputWriter.write(
                [OutputDocument(name: "a.csv", text: "new\n"), OutputDocument(name: "z.md", text: "z\n")], to: directory)
        }
        #expect(try String(contentsOfFile: directory + "/a.csv", encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["a.csv", "z.md"])
    }
}

@Suite struct ResultDocumentTests {
    let documents: [OutputDocument]

    init() throws {
        documents = try ResultDocuments.build(engineering.result, inputs: engineering.files, formats: ResultFormat.allCases)
    }

    @Test func theSameResultGivesTheSameBytes() throws {
        let again = try ResultDocuments.build(engineering.result, inputs: engineering.files, formats: ResultFormat.allCases)
        #expect(documents == again)
        #expect(documents.map(\.name).last == "run.json")
    }

    @Test func formatsSelectTheDocuments() throws {
        let csvOnly = try ResultDocuments.build(engineering.result, inputs: engineering.files, formats: [.csv])
        #expect(!csvOnly.contains { $0.name.hasSuffix(".md") || $0.name == "results.json" })
        let mdOnly = try ResultDocuments.build(engineering.result, inputs: engineering.files, formats: [.md])
        #expect(mdOnly.map(\.name) == ["summary.md", "run.json"])
    }

    @Test func requirementsTableAgreesWithTheResult() throws {
        let table = rows(try document("requirements.csv", in: documents))
        let result = engineering.result
        #expect(table.count == result.requirements.count + 1)
        for (row, attainment) in zip(table.dropFirst(), result.requirements) {
            #expect(row[0] == attainment.requirementID)
            let value = try #require(Double(row[3]))
            #expect(abs(value - (attainment.value.value ?? .nan)) <= 5e-7)
            #expect(row[5] == attainment.value.verdict.rawValue)
            #expect(row[7] == String(attainment.value.studentsBelowIndividual))
        }
    }

    @Test func belowThresholdListMatchesTheCounts() throws {
        let table = rows(try document("below_threshold.csv", in: documents)).dropFirst()
        let result = engineering.result
        for attainment in result.requirements {
            let listed = table.filter { $0[0] == "requirement" && $0[1] == attainment.requirementID }
            #expect(listed.count == attainment.value.studentsBelowIndividual, "\(attainment.requirementID)")
            #expect(listed.allSatisfy { (Double($0[4]) ?? 1) < 0.6 })
        }
        for (course, attainment) in zip(result.programme.courses, result.courses) {
            for (objective, value) in zip(course.objectives, attainment.objectives) {
                let listed = table.filter { $0[0] == "course-objective" && $0[1] == "\(course.id)/\(objective.id)" }
                #expect(listed.count == value.studentsBelowIndividual)
            }
        }
    }

    @Test func perStudentMatrixHasEveryCohortStudentAndMissingCourses() throws {
        let table = rows(try document("students_requirements.csv", in: documents))
        let cohort = engineering.result.students
        #expect(table.count == cohort.students.count + 1)
        #expect(table[0] == ["student_id", "name", "missing_courses"] + engineering.result.programme.requirements.map(\.id))
        let withMissing = table.dropFirst().filter { !$0[2].isEmpty }
        #expect(withMissing.count == cohort.studentsWithMissingCourses)
        #expect(withMissing.count >= 1, "the fixture has students missing a course")
    }

    @Test func indicatorWeightsSumToOne() throws {
        let table = rows(try document("indicator_support.csv", in: documents)).dropFirst()
        let byIndicator = Dictionary(grouping: table, by: { $0[0] })
        #expect(byIndicator.count == 30)
        for (indicator, cells) in byIndicator {
            let sum = cells.compactMap { Double($0[3]) }.reduce(0, +)
            #expect(abs(sum - 1) <= 5e-6 * Double(cells.count), "\(indicator)")
        }
    }

    @Test func runRecordListsEveryInputWithItsHash() throws {
        let text = String(decoding: try document("run.json", in: documents).contents, as: UTF8.self)
        for file in engineering.files {
            #expect(text.contains("\"path\": \"\(file.path)\""))
            #expect(text.contains(file.sha256))
        }
        #expect(text.contains("\"version\": \"\(attainVersion)\""))
        #expect(!text.contains("/work/"), "no absolute paths")
    }

    @Test func summaryMarkdownShowsVerdictsAndInputs() throws {
        let text = String(decoding: try document("summary.md", in: documents).contents, as: UTF8.self)
        #expect(text.contains("| GR10 | 沟通 | 0.687 | NOT MET |"))
        #expect(text.contains("## Inputs"))
        #expect(text.contains("`programme.yaml`"))
    }

    @Test func terminalSummaryCountsStudentsBelowThreshold() {
        let text = TerminalSummary.render(engineering.result, files: 15, outputDirectory: "out")
        let below = BelowThreshold.studentsBelowInAnyRequirement(engineering.result)
        #expect(below > 0)
        #expect(text.contains("in at least one requirement: \(below) of 120"))
        #expect(text.contains("Wrote 15 files to out"))
    }
}

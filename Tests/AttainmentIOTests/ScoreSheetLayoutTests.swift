import AttainmentCore
import Foundation
import Testing

@testable import AttainmentIO
import TestSupport

/// A one-course programme (course C1, objective CO1 → indicator 1.1) whose course file has the
/// given items and extra keys, with the given score files.
func layoutProgramme(items: String, courseExtra: String = "", files: [String: [UInt8]]) throws -> String {
    let directory = scratchDirectory
        .appendingPathComponent("attain-layout-\(UUID().uuidString)").path
    let text: [String: String] = [
        "programme.yaml": """
            id: LAYOUT
            name: 版式
            cohort: "2024"
            objectives: [{id: PEO1}]
            requirements:
              - id: GR1
                indicators: [{id: "1.1"}]
            requirement_support:
              GR1: {PEO1: H}

            """,
        "support.csv": "course,1.1\nC1,H\n",
        "courses/C1.yaml": """
            id: C1
            objectives: [{id: CO1, indicators: ["1.1"]}, {id: CO2, indicators: ["1.1"]}]
            components: [{id: usual, weight: 30}, {id: final, weight: 70}]
            items:
            \(items)
            \(courseExtra)

            """,
    ]
    for (path, contents) in text { try writeFile(Array(contents.utf8), to: directory + "/" + path) }
    for (path, contents) in files { try writeFile(contents, to: directory + "/" + path) }
    return directory
}

func writeFile(_ bytes: [UInt8], to path: String) throws {
    try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Loads a folder; returns the loaded programme or the diagnostics.
func loadLayout(_ directory: String) -> (loaded: LoadedProgramme?, diagnostics: [Diagnostic]) {
    do {
        let loaded = try ProgrammeFolder.load(directory)
        return (loaded, loaded.warnings)
    } catch {
        return (nil, error.diagnostics)
    }
}

/// Diagnostics as `code @ place` with the folder left out, for exact comparisons.
func described(_ diagnostics: [Diagnostic], in directory: String) -> [String] {
    diagnostics.map { diagnostic in
        let place = diagnostic.location?.description.replacingOccurrences(of: directory + "/", with: "") ?? "-"
        return "\(diagnostic.code.rawValue) @ \(place)"
    }
}

@Suite("Score sheet layouts")
struct ScoreSheetLayoutTests {
    static let examItems = """
          - {id: HW, component: usual, full_marks: 10, objectives: CO1}
          - {id: Q1, component: final, full_marks: 20, objectives: CO1, column: "一、选择题/1"}
          - {id: Q2, component: final, full_marks: 20, objectives: CO2, column: "一、选择题/2"}
          - {id: Q3, component: final, full_marks: 60, objectives: CO2, column: "二、综合题"}
        """

    /// A registrar's export: two title rows, a header on line 3 with a row number and a total
    /// column, the students, then footer rows with an average and a signature.
    @Test func titleRowsFootersAndRegistrarColumns() throws {
        let sheet = """
            2023-2024学年第一学期 课程成绩登记表,,,,,
            课程：C1 程序设计,,,,,
            序号,学号,姓名,平时,期末,总评
            1,2023001,张三,8,50,
            2,2023002,李四,缺考,40,
            平均分,,,8,45,
            任课教师签名：,,,,,
            """
        let directory = try layoutProgramme(
            items: """
                  - {id: 平时, component: usual, full_marks: 10, objectives: CO1}
                  - {id: 期末, component: final, full_marks: 100, objectives: CO2}
                """,
            files: ["scores/C1.csv": Array(sheet.utf8)])
        let (loaded, diagnostics) = loadLayout(directory)
        let table = try #require(loaded?.input.scores[0], "\(described(diagnostics, in: directory))")
        #expect(table.students.map(\.id) == ["2023001", "2023002"])
        #expect(table.students.map(\.name) == ["张三", "李四"])
        #expect(table.scores.row(0) == [8, 50])
        #expect(table.scores.row(1) == [0, 40], "缺考 counts 0 by default")
    }

    /// An exam-marking system's header: question groups, sub-questions, then a row of full
    /// marks; items name their columns by "group/sub" or by a unique last part.
    @Test func multiRowHeaderWithFullMarks() throws {
        let sheet = """
            学号,姓名,HW,一、选择题,,二、综合题
            ,,,1,2,
            ,满分,10,20,20,60
            S1,张一,9,18,10,30
            S2,李二,7,12,14,45
            """
        let directory = try layoutProgramme(items: Self.examItems, files: ["scores/C1.csv": Array(sheet.utf8)])
        let (loaded, diagnostics) = loadLayout(directory)
        let table = try #require(loaded?.input.scores[0], "\(described(diagnostics, in: directory))")
        #expect(table.students.map(\.id) == ["S1", "S2"])
        #expect(table.scores.row(0) == [9, 18, 10, 30])
        #expect(table.scores.row(1) == [7, 12, 14, 45])
    }

    /// The full-marks row must agree with the plan: a disagreement names the cell.
    @Test func fullMarksThatDisagreeWithThePlan() throws {
        let sheet = """
            学号,姓名,HW,一、选择题,,二、综合题
            ,,,1,2,
            ,满分值,10,20,25,60
            S1,张一,9,18,10,30
            """
        let directory = try layoutProgramme(items: Self.examItems, files: ["scores/C1.csv": Array(sheet.utf8)])
        let (loaded, diagnostics) = loadLayout(directory)
        #expect(loaded == nil)
        #expect(described(diagnostics.filter { $0.severity == .error }, in: directory)
            == ["full-marks-mismatch @ scores/C1.csv:3:5"])
        #expect(diagnostics.first { $0.code == .fullMarksMismatch }?.message.contains("25") == true)
    }

    /// A sub-question header that occurs under two groups cannot name an item by itself.
    @Test func ambiguousLastPart() throws {
        let sheet = """
            学号,姓名,一,,二,
            ,,1,2,1,2
            S1,张一,5,5,5,5
            """
        let directory = try layoutProgramme(
            items: """
                  - {id: "1", component: usual, full_marks: 10, objectives: CO1}
                  - {id: A2, component: final, full_marks: 10, objectives: CO2, column: "一/2"}
                  - {id: B1, component: final, full_marks: 10, objectives: CO2, column: "二/1"}
                  - {id: B2, component: final, full_marks: 10, objectives: CO2, column: "二/2"}
                """,
            files: ["scores/C1.csv": Array(sheet.utf8)])
        let (_, diagnostics) = loadLayout(directory)
        #expect(described(diagnostics.filter { $0.severity == .error }, in: directory).contains(
            "ambiguous-column @ scores/C1.csv:1:5"))
        #expect(diagnostics.contains { $0.code == .ambiguousColumn && $0.message.contains("一/1") })
    }

    /// Columns named in `ignore_columns` are skipped; any other unknown column is an error.
    @Test func ignoredColumnsAndUnknownColumns() throws {
        let sheet = """
            学号,姓名,HW,Q1,Q2,Q3,卷面分,Q9
            S1,张一,9,18,10,30,58,1
            """
        let items = """
              - {id: HW, component: usual, full_marks: 10, objectives: CO1}
              - {id: Q1, component: final, full_marks: 20, objectives: CO1}
              - {id: Q2, component: final, full_marks: 20, objectives: CO2}
              - {id: Q3, component: final, full_marks: 60, objectives: CO2}
            """
        let directory = try layoutProgramme(
            items: items, courseExtra: "ignore_columns: [卷面分]", files: ["scores/C1.csv": Array(sheet.utf8)])
        let (_, diagnostics) = loadLayout(directory)
        #expect(described(diagnostics.filter { $0.severity == .error }, in: directory)
            == ["item-not-in-plan @ scores/C1.csv:1:8"])
    }

    /// A student row after the footer would be lost silently: it is an error.
    @Test func studentAfterTheFooterIsReported() throws {
        let sheet = """
            学号,姓名,平时,期末
            2023001,张三,8,50
            平均分,,8,50
            2023002,李四,9,60
            """
        let directory = try layoutProgramme(
            items: """
                  - {id: 平时, component: usual, full_marks: 10, objectives: CO1}
                  - {id: 期末, component: final, full_marks: 100, objectives: CO2}
                """,
            files: ["scores/C1.csv": Array(sheet.utf8)])
        let (loaded, diagnostics) = loadLayout(directory)
        #expect(loaded == nil)
        #expect(described(diagnostics.filter { $0.severity == .error }, in: directory)
            == ["invalid-value @ scores/C1.csv:4:1"])
    }

    /// Items weighted within their component (方式权重) are read from the course file.
    @Test func itemWeightsAreRead() throws {
        let sheet = "学号,作业,考勤,试卷\nS1,80,9,60\n"
        let directory = try layoutProgramme(
            items: """
                  - {id: 作业, component: usual, full_marks: 100, objectives: CO1, weight: 0.5}
                  - {id: 考勤, component: usual, full_marks: 10, objectives: CO1, weight: 0.5}
                  - {id: 试卷, component: final, full_marks: 100, objectives: CO2}
                """,
            files: ["scores/C1.csv": Array(sheet.utf8)])
        let (loaded, diagnostics) = loadLayout(directory)
        let programme = try #require(loaded?.input.programme, "\(described(diagnostics, in: directory))")
        #expect(programme.courses[0].items.map(\.weight) == [0.5, 0.5, nil])
        let result = try #require(try? loaded?.compute())
        // 平时 = 0.5·0.8 + 0.5·0.9 = 0.85 (CO1 has only 平时 items).
        #expect(abs((result.courses[0].objectives[0].value ?? 0) - 0.85) < 1e-12)
    }
}

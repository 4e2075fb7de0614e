import AttainmentCore
import Foundation
import Testing

@testable import AttainmentIO

private let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// fixtures/workbook: a programme workbook in the teachers' layout and a registrar's score
/// sheet, both written by openpyxl. fixtures/workbook/README.md works the numbers by hand.
@Suite("Programme workbooks")
struct WorkbookProgrammeTests {
    static let book = repository + "/fixtures/workbook/programme.xlsx"

    @Test func teachersLayoutIsReadIntoTheModel() throws {
        let loaded = try ProgrammeFolder.load(Self.book)
        let programme = loaded.input.programme
        #expect(programme.id == "TEACH-2024")
        #expect(programme.requirements.map(\.id) == ["GR1"])
        #expect(programme.requirements[0].indicators.map(\.id) == ["1.1", "1.2"], "merged requirement cells")
        let course = try #require(programme.courses.first)
        #expect(course.objectives.map(\.indicators) == [["1.1"], ["1.2"]])
        #expect(course.components.map(\.id) == ["平时", "期末"])
        #expect(course.components.map(\.weight) == [0.3, 0.7], "percent-formatted cells are fractions")
        #expect(course.items.map(\.id) == ["作业", "考勤", "Q1", "Q2", "Q3"])
        #expect(course.items.map(\.component) == ["平时", "平时", "期末", "期末", "期末"], "merged component cells")
        #expect(course.items.map(\.weight) == [0.5, 0.5, nil, nil, nil], "a number 50 % and the text \"50%\"")
        #expect(course.items[4].marks == [ObjectiveMarks(objective: "CO1", marks: 20), ObjectiveMarks(objective: "CO2", marks: 40)])
        #expect(try ProgrammeFolder.loadStructure(Self.book).courses[0].columns.headers == ["Q1": "一、选择题/1", "Q2": "一、选择题/2", "Q3": "二、综合题"])
        #expect(loaded.files.map(\.path) == ["programme.xlsx", "scores/C1.xlsx"])
    }

    @Test func registrarSheetIsReadAsExported() throws {
        let loaded = try ProgrammeFolder.load(Self.book)
        let table = loaded.input.scores[0]
        // A numeric id keeps its digits; a text id keeps its leading zero; footers are skipped.
        #expect(table.students.map(\.id) == ["2023010101", "0023010102", "2023010103", "2023010104"])
        #expect(table.students.map(\.name) == ["张三", "李四", "王五", "赵六"])
        #expect(table.scores.row(0) == [90, 10, 16, 14, 45])
        #expect(table.scores.row(2) == [70, 9, 0, 0, 0], "缺考 counts 0")
    }

    /// README.md: CO1 = mean(0.8275, 0.625, 0.24, 0.3 + 0.7·(20 + 55/3)/40), CO2 = mean of
    /// (Q2 + Q3·2/3)/60 over the four students.
    @Test func valuesMatchTheHandComputation() throws {
        let result = try ProgrammeFolder.load(Self.book).compute()
        let co1 = (0.3 * 0.95 + 0.7 * 31 / 40 + 0.3 * 0.8 + 0.7 * 22 / 40 + 0.3 * 0.8 + 0.3 + 0.7 * (20 + 55.0 / 3) / 40) / 4
        let co2 = ((14 + 30) / 60.0 + (10 + 20) / 60.0 + 0 + (18 + 110.0 / 3) / 60) / 4
        let values = result.courses[0].objectives.map(\.value)
        #expect(abs((values[0] ?? 0) - co1) < 1e-12)
        #expect(abs((values[1] ?? 0) - co2) < 1e-12)
        #expect(abs((result.requirements[0].value.value ?? 0) - min(co1, co2)) < 1e-12)
    }

    @Test func locationsNameSheetAndCell() throws {
        let loaded = try ProgrammeFolder.load(Self.book)
        let warnings = try loaded.compute().diagnostics.filter { $0.code == .singleSupportingCourse }
        #expect(warnings.map { $0.location?.description.replacingOccurrences(of: repository + "/", with: "") } == [
            "fixtures/workbook/programme.xlsx:支撑矩阵!C1", "fixtures/workbook/programme.xlsx:支撑矩阵!D1",
        ])
    }
}

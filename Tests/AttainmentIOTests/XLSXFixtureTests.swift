import AttainmentCore
import Testing

@testable import AttainmentIO

/// Opens fixture `name` from fixtures/xlsx under its own name.
private func openFixture(_ name: String) throws -> XLSXWorkbook {
    try XLSXWorkbook.open(path: xlsxFixture(name), displayPath: name)
}

@Suite("XLSX files from other writers")
struct XLSXFixtureTests {
    @Test func openpyxlWorkbook() throws {
        let workbook = try openFixture("openpyxl.xlsx")
        #expect(workbook.sheetNames == ["成绩", "备注", "Empty"])
        #expect(workbook.isHidden(sheet: "备注"))
        #expect(!workbook.isHidden(sheet: "成绩"))
        let sheet = try workbook.sheet(named: "成绩")
        #expect(sheet.rowCount == 5)
        #expect(sheet.columnCount == 8)
        #expect(xlsxTextGrid(sheet)[0] == ["2023-2024学年 测试", "", "", "", "", "", "", ""])
        #expect(sheet.mergedRange(containing: 0, 3) == XLSXRange(firstRow: 0, firstColumn: 0, lastRow: 0, lastColumn: 4))
        #expect(xlsxTextGrid(sheet)[1] == ["学号", "姓名", "期末", "日期", "备注", "TRUE", "", "0.1"])
        // openpyxl writes `<v></v>` for a formula: no cached value, so blank.
        #expect(sheet.cell(row: 1, column: 6) == .blank)
        #expect(sheet.cell(row: 2, column: 0) == .text("0000012345"))
        #expect(sheet.cell(row: 2, column: 0).number == 12345)
        #expect(sheet.cell(row: 2, column: 2) == .number(85))
        #expect(sheet.cell(row: 2, column: 3) == .date(45170))
        #expect(sheet.cell(row: 2, column: 3).text == "2023-09-01")
        #expect(sheet.cell(row: 2, column: 4) == .text("<a & b>"))
        #expect(sheet.cell(row: 2, column: 5) == .bool(false))
        #expect(sheet.cell(row: 2, column: 7) == .number(-3.25))
        #expect(sheet.cell(row: 3, column: 0) == .number(2_022_010_102))
        #expect(sheet.cell(row: 3, column: 0).text == "2022010102")
        #expect(sheet.cell(row: 3, column: 3).text == "2023-09-01 08:30:00")
        #expect(sheet.cell(row: 3, column: 4) == .text("say \"hi\" & 'bye'"))
        #expect(sheet.cell(row: 3, column: 7).text == "0.0000001")
        #expect(sheet.cell(row: 4, column: 2) == .text("缺考"))
        #expect(sheet.cell(row: 4, column: 2).number == nil)
        #expect(sheet.cell(row: 4, column: 3) == .blank)
        #expect(sheet.cell(row: 4, column: 4) == .text("line1\nline2"))

        #expect(try workbook.sheet(named: "备注").cell(row: 0, column: 0) == .text("hidden note"))
        let empty = try workbook.sheet(named: "Empty")
        #expect(empty.rowCount == 0 && empty.columnCount == 0)
    }

    @Test func libreOfficeWorkbook() throws {
        let workbook = try openFixture("libreoffice.xlsx")
        #expect(workbook.sheetNames == ["Scores", "Second"])
        let sheet = try workbook.sheet(at: 0)
        #expect(xlsxTextGrid(sheet)[0] == ["id", "score", "double", "label", "ratio", "passed", "when"])
        // LibreOffice calculated the formulas and saved their results.
        #expect(xlsxGrid(sheet)[1] == [.number(1), .number(85), .number(170), .text("S1"), .error("#DIV/0!"), .bool(true), .date(45170)])
        #expect(xlsxGrid(sheet)[2] == [.number(2), .number(59.5), .number(119), .text("S2"), .number(0.595), .bool(false), .date(45306)])
        #expect(sheet.cell(row: 2, column: 6).text == "2024-01-15")
        #expect(xlsxGrid(sheet)[3] == [.number(3), .text("缺考"), .blank, .text("学号"), .blank, .blank, .blank])
        #expect(sheet.mergedRange(containing: 3, 4) == XLSXRange(firstRow: 3, firstColumn: 3, lastRow: 3, lastColumn: 4))
        let second = try workbook.sheet(named: "Second")
        #expect(second.rowCount == 2 && second.columnCount == 2)
        #expect(second.cell(row: 1, column: 1) == .text("only cell"))
        #expect(second.cell(row: 0, column: 0) == .blank)
    }

    @Test func registrarExport() throws {
        let workbook = try openFixture("registrar.xlsx")
        let sheet = try workbook.sheet(at: 0)
        #expect(sheet.name == "成绩登记表")
        #expect(sheet.rowCount == 12)
        #expect(sheet.columnCount == 6)
        #expect(sheet.cell(row: 0, column: 0) == .text("2023-2024学年第一学期 课程成绩登记表"))
        #expect(sheet.mergedRange(containing: 0, 5) == XLSXRange(firstRow: 0, firstColumn: 0, lastRow: 0, lastColumn: 5))
        #expect(sheet.mergedRange(containing: 1, 2) == XLSXRange(firstRow: 1, firstColumn: 0, lastRow: 1, lastColumn: 5))
        #expect(sheet.mergedRange(containing: 2, 0) == nil)
        #expect(xlsxTextGrid(sheet)[2] == ["学号", "姓名", "班级", "平时", "期中", "期末"])
        #expect(
            xlsxTextGrid(sheet)[3...8].map { $0 } == [
                ["2022010101", "张三", "计科2201", "90", "85", "88"],
                ["2022010102", "李四", "计科2201", "80", "70", "缺考"],
                ["0022010103", "王五", "计科2201", "85", "", "79.5"],
                ["0022010104", "赵六", "计科2202", "75", "66", "71"],
                ["2022010105", "钱七", "计科2202", "", "", ""],
                ["2022010106", "孙八", "计科2202", "85", "91", "93"],
            ])
        // Ids stored as numbers, as text, and as numbers shown with leading zeros.
        #expect(sheet.cell(row: 3, column: 0) == .number(2_022_010_101))
        #expect(sheet.cell(row: 5, column: 0) == .text("0022010103"))
        #expect(sheet.cell(row: 6, column: 0) == .text("0022010104"))
        // A score stored as text still reads as a number; 缺考 does not.
        #expect(sheet.cell(row: 8, column: 3) == .text("85"))
        #expect(sheet.cell(row: 8, column: 3).number == 85)
        #expect(sheet.cell(row: 4, column: 5).number == nil)
        #expect(sheet.cell(row: 7, column: 3).isBlank)
        // The footer: a blank row, averages, the signature line.
        #expect(xlsxTextGrid(sheet)[9] == ["", "", "", "", "", ""])
        #expect(sheet.cell(row: 10, column: 0) == .text("平均分"))
        // openpyxl wrote 82.9 as "82.90000000000001" (16 digits), which reads back as 82.9.
        #expect(sheet.cell(row: 10, column: 5) == .number(82.9))
        #expect(sheet.cell(row: 10, column: 5).text == "82.9")
        #expect(sheet.cell(row: 11, column: 0) == .text("任课教师签名："))
        #expect(sheet.mergedRange(containing: 11, 1) == XLSXRange(firstRow: 11, firstColumn: 0, lastRow: 11, lastColumn: 2))
        #expect(sheet.location(row: 4, column: 5).description == "registrar.xlsx:成绩登记表!F5")
    }
}

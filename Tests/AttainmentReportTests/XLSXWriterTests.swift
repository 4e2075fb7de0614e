import Foundation
import Testing

@testable import AttainmentReport

/// A workbook that uses every feature of the wrapper, built the same way each time.
private func everythingWorkbook() throws -> [UInt8] {
    var properties = XLSXDocumentProperties()
    properties.title = "测试 Test"
    properties.author = "attain tests"
    let workbook = try XLSXWorkbookWriter(properties: properties)
    let sheet = try workbook.addSheet(named: "数据 Data")
    let header = CellStyle().with {
        $0.bold = true
        $0.fill = .headerBlue
        $0.border = true
        $0.wrap = true
        $0.horizontal = .center
        $0.vertical = .center
    }
    let value = CellStyle().with {
        $0.numberFormat = "0.000"
        $0.border = true
    }
    let below = value.with {
        $0.fill = .lightRed
        $0.fontColour = .darkRed
    }
    sheet.write("课程目标\nObjective", row: 0, column: 0, style: header)
    sheet.write("达成度\nValue", row: 0, column: 1, style: header)
    sheet.write("期望值\nThreshold", row: 0, column: 2, style: header)
    sheet.write("0", row: 0, column: 3, style: header)
    sheet.setRowHeight(30, row: 0)
    let values = [0.812345678901234, 0.61, 0.7]
    for (offset, number) in values.enumerated() {
        let row = 1 + offset
        sheet.write("CO\(row)", row: row, column: 0, style: CellStyle().with { $0.numberFormat = "@" })
        sheet.write(number, row: row, column: 1, style: number < 0.7 ? below : value)
        sheet.write(0.7, row: row, column: 2)
        sheet.write(0, row: row, column: 3)
    }
    sheet.writeBlank(row: 4, column: 1, style: CellStyle().with { $0.fill = .lightGrey })
    sheet.setNoteAuthor("attain")
    sheet.addNote("无法评价 Not evaluable", row: 4, column: 1)
    sheet.writeFormula("=B2*2", cachedValue: values[0] * 2, row: 5, column: 1, style: value)
    sheet.merge(rows: 7...8, columns: 0...2, text: "合并 Merged", style: header)
    sheet.merge(rows: 9...9, columns: 0...1, number: 0.5, style: value)
    sheet.write("支撑 Support", row: 10, column: 0)
    sheet.addListValidation(
        rows: 10...12, columns: 1...1, values: ["H", "M", "L"], inputTitle: "支撑强度", inputMessage: "H, M 或 L",
        errorTitle: "无效 Invalid", errorMessage: "只能填 H、M、L")
    sheet.write("H", row: 11, column: 1, style: CellStyle().with { $0.locked = false })
    sheet.freezePanes(rows: 1, columns: 1)
    sheet.autofilter(rows: 0...3, columns: 0...2)
    sheet.fitColumnWidths()
    sheet.setColumnWidth(6, columns: 3...3, hidden: true)
    sheet.hideGridlines()
    sheet.setUpPrinting(landscape: true, fitToWidth: true, repeatingRows: 0...0)
    sheet.setTabColour(.blue)

    var chart = XLSXChart.columnsWithThreshold(
        title: "课程目标达成度 Course objectives",
        categories: sheet.range(rows: 1...3, columns: 0...0), values: sheet.range(rows: 1...3, columns: 1...1),
        valuesName: "达成度", threshold: sheet.range(rows: 1...3, columns: 2...2), thresholdName: "期望值",
        baseline: sheet.range(rows: 1...3, columns: 3...3))
    chart.categoryAxisTitle = "课程目标"
    chart.valueAxisTitle = "达成度"
    sheet.insertChart(chart, row: 0, column: 5)
    var column = XLSXChart(
        kind: .column, title: "柱状 Column",
        series: [XLSXChart.Series(
            name: "达成度", categories: sheet.range(rows: 1...3, columns: 0...0),
            values: sheet.range(rows: 1...3, columns: 1...1), colour: .blue)])
    column.legend = .none
    sheet.insertChart(column, row: 16, column: 5)
    let radar = XLSXChart(
        kind: .radar, title: "雷达 Radar",
        series: [XLSXChart.Series(
            name: "达成度", categories: sheet.range(rows: 1...3, columns: 0...0),
            values: sheet.range(rows: 1...3, columns: 1...1))])
    sheet.insertChart(radar, row: 32, column: 5)

    let second = try workbook.addSheet(named: "Second")
    second.write("plain", row: 0, column: 0)
    second.protect()
    return try workbook.finish()
}

/// The DOS date and time of every entry in the zip's central directory.
private func zipEntryTimes(_ bytes: [UInt8]) -> [(time: UInt16, date: UInt16)] {
    func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
    guard let end = stride(from: bytes.count - 22, through: 0, by: -1).first(where: { u32($0) == 0x0605_4B50 }) else { return [] }
    var offset = u32(end + 16)
    var times: [(UInt16, UInt16)] = []
    for _ in 0..<u16(end + 10) where u32(offset) == 0x0201_4B50 {
        times.append((UInt16(u16(offset + 12)), UInt16(u16(offset + 14))))
        offset += 46 + u16(offset + 28) + u16(offset + 30) + u16(offset + 32)
    }
    return times
}

@Suite struct XLSXWriterTests {
    @Test func bytesAreAZipFile() throws {
        let bytes = try everythingWorkbook()
        #expect(Array(bytes.prefix(4)) == [0x50, 0x4B, 0x03, 0x04], "an .xlsx file is a zip archive: PK\\3\\4")
        #expect(bytes.count > 5000)
    }

    static let badNames: [(String, XLSXWriteError.SheetNameProblem)] = [
        ("", .empty),
        (String(repeating: "a", count: 32), .tooLong(characters: 32)),
        (String(repeating: "达", count: 32), .tooLong(characters: 32)),
        ("a/b", .forbiddenCharacter("/")),
        ("a\\b", .forbiddenCharacter("\\")),
        ("[x]", .forbiddenCharacter("[")),
        ("GR:1", .forbiddenCharacter(":")),
        ("x*", .forbiddenCharacter("*")),
        ("why?", .forbiddenCharacter("?")),
        ("'quoted'", .apostropheAtEnd),
    ]

    @Test(arguments: badNames)
    func badSheetNamesThrow(name: String, problem: XLSXWriteError.SheetNameProblem) throws {
        let workbook = try XLSXWorkbookWriter()
        #expect(throws: XLSXWriteError.invalidSheetName(name, problem: problem)) {
            _ = try workbook.addSheet(named: name)
        }
    }

    @Test func sheetNamesAreUniqueIgnoringCase() throws {
        let workbook = try XLSXWorkbookWriter()
        _ = try workbook.addSheet(named: "Data 数据")
        #expect(throws: XLSXWriteError.invalidSheetName("data 数据", problem: .duplicate)) {
            _ = try workbook.addSheet(named: "data 数据")
        }
        // 31 characters is allowed, Chinese or not.
        _ = try workbook.addSheet(named: String(repeating: "达", count: 31))
        _ = try workbook.addSheet(named: "it's fine")
        #expect(workbook.sheets.map(\.name).count == 3)
        _ = try workbook.finish()
    }

    @Test func theSameCallsGiveTheSameBytes() throws {
        let first = try everythingWorkbook()
        let second = try everythingWorkbook()
        #expect(first == second)
        // Nothing in the file depends on the clock: every zip entry is stamped 1980-01-01 00:00
        // (DOS date 1 | 1 << 5, time 0), and the document's creation time is the fixed default.
        let times = zipEntryTimes(first)
        #expect(times.count >= 10)
        #expect(times.allSatisfy { $0.time == 0 && $0.date == 0x21 })
        #expect(try WorkbookDump.read(first).created == "1980-01-01T00:00:00")
    }

    @Test func aDifferentCreationTimeChangesTheBytes() throws {
        // The determinism above comes from the fixed time: the property does reach the file.
        var properties = XLSXDocumentProperties()
        properties.created = 1_700_000_000
        let workbook = try XLSXWorkbookWriter(properties: properties)
        _ = try workbook.addSheet(named: "A")
        let later = try workbook.finish()
        let fixed = try XLSXWorkbookWriter()
        _ = try fixed.addSheet(named: "A")
        #expect(later != (try fixed.finish()))
        #expect(try WorkbookDump.read(later).created == "2023-11-14T22:13:20")
    }

    @Test func cellsStylesAndChartsReadBack() throws {
        let dump = try WorkbookDump.read(try everythingWorkbook())
        let sheet = try #require(dump["数据 Data"])
        #expect(dump.sheets.map(\.name) == ["数据 Data", "Second"])
        #expect(sheet.text(0, 0) == "课程目标\nObjective")
        #expect(sheet.text(1, 0) == "CO1")
        // Numbers are numbers, stored in full precision whatever the format shows.
        let stored = try #require(sheet.cell(1, 1)?.number)
        #expect(abs(stored - 0.812345678901234) <= 1e-15)
        #expect(sheet.cell(1, 1)?.numberFormat == "0.000")
        #expect(sheet.cell(1, 1)?.fill == nil)
        #expect(sheet.cell(2, 1)?.fill == "FFFFC7CE", "0.61 < 0.7 has the light red fill")
        #expect(sheet.cell(3, 1)?.fill == nil, "0.7 is not below 0.7")
        #expect(sheet.cell(4, 1)?.type == "blank")
        #expect(sheet.cell(4, 1)?.fill == "FFF2F2F2")
        #expect(sheet.notes.map(\.text) == ["无法评价 Not evaluable"])
        #expect(sheet.cell(5, 1)?.type == "f")
        #expect(sheet.text(7, 0) == "合并 Merged")
        #expect(Set(sheet.merged) == ["A8:C9", "A10:B10"])
        #expect(sheet.cell(9, 0)?.number == 0.5)
        #expect(sheet.freeze == "B2")
        #expect(sheet.autofilter == "A1:C4")
        #expect(sheet.hiddenColumns == ["D"])
        #expect(sheet.validations.count == 1)
        #expect(sheet.validations.first?[1] == "list")
        #expect(sheet.validations.first?[2] == "\"H,M,L\"")

        #expect(sheet.charts.map(\.type) == ["LineChart", "BarChart", "RadarChart"])
        let threshold = try #require(sheet.charts.first)
        #expect(threshold.upDownBars)
        #expect(threshold.row == 0)
        #expect(threshold.column == 5)
        #expect(threshold.series.map(\.values) == ["'数据 Data'!$D$2:$D$4", "'数据 Data'!$C$2:$C$4", "'数据 Data'!$B$2:$B$4"])
        #expect(threshold.series.allSatisfy { $0.categories == "'数据 Data'!$A$2:$A$4" })
        #expect(threshold.series.map(\.name) == ["0", "期望值", "达成度"])
    }

    @Test func aFailedWriteIsThrownByFinish() throws {
        let workbook = try XLSXWorkbookWriter()
        let sheet = try workbook.addSheet(named: "Long")
        // Excel's cells hold at most 32,767 characters.
        sheet.write(String(repeating: "x", count: 40_000), row: 0, column: 0)
        sheet.write("fine", row: 1, column: 0)
        do {
            _ = try workbook.finish()
            Issue.record("finish() should throw the failed write")
        } catch {
            guard case .library(let function, _, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(function == "worksheet_write_string")
        }
    }

    @Test func rangesAndColumnNames() {
        #expect(XLSXRange.columnName(0) == "A")
        #expect(XLSXRange.columnName(25) == "Z")
        #expect(XLSXRange.columnName(26) == "AA")
        #expect(XLSXRange.columnName(701) == "ZZ")
        #expect(XLSXRange.columnName(702) == "AAA")
        #expect(XLSXRange(sheet: "Summary 概览", rows: 1...3, columns: 2...2).reference == "'Summary 概览'!$C$2:$C$4")
        #expect(XLSXRange(sheet: "Data", column: 0, rows: 4...4).reference == "Data!$A$5")
    }

    @Test func columnWidthsCountChineseCharactersTwice() {
        #expect(XLSXColumnWidth.fitting("工程知识") == XLSXColumnWidth.fitting("abcdefgh"))
        #expect(XLSXColumnWidth.fitting("工程知识") > XLSXColumnWidth.fitting("abcd"))
        #expect(XLSXColumnWidth.fitting("GR1") == 6)
        #expect(XLSXColumnWidth.fitting("设计/开发解决方案") == 21)
    }
}

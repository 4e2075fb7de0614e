import AttainmentCore
import Foundation
import Testing

@testable import AttainmentIO

// MARK: - Building workbooks in memory

/// Builds zip archives in memory: stored entries, or deflate data given as raw bytes.
enum XLSXTestZip {
    struct Entry {
        var name: String
        var data: [UInt8]
        /// Raw deflate data to store instead of `data` (method 8); nil stores `data` as is.
        var deflated: [UInt8]? = nil
        /// The uncompressed size to claim; nil for the real one.
        var declaredSize: Int? = nil
    }

    /// A zip file holding `entries` in order.
    static func make(_ entries: [Entry]) -> [UInt8] {
        var file: [UInt8] = []
        var directory: [UInt8] = []
        for entry in entries {
            let name = Array(entry.name.utf8)
            let stored = entry.deflated ?? entry.data
            let method: UInt16 = entry.deflated == nil ? 0 : 8
            let checksum = crc32(entry.data)
            let declared = UInt32(entry.declaredSize ?? entry.data.count)
            let offset = UInt32(file.count)
            append32(0x0403_4B50, &file)
            append16(20, &file)
            append16(0x0800, &file)
            append16(method, &file)
            append16(0, &file)
            append16(0x5821, &file)
            append32(checksum, &file)
            append32(UInt32(stored.count), &file)
            append32(declared, &file)
            append16(UInt16(name.count), &file)
            append16(0, &file)
            file += name + stored

            append32(0x0201_4B50, &directory)
            append16(20, &directory)
            append16(20, &directory)
            append16(0x0800, &directory)
            append16(method, &directory)
            append16(0, &directory)
            append16(0x5821, &directory)
            append32(checksum, &directory)
            append32(UInt32(stored.count), &directory)
            append32(declared, &directory)
            append16(UInt16(name.count), &directory)
            for _ in 0..<4 { append16(0, &directory) }
            append32(0, &directory)
            append32(offset, &directory)
            directory += name
        }
        let directoryOffset = UInt32(file.count)
        file += directory
        append32(0x0605_4B50, &file)
        append16(0, &file)
        append16(0, &file)
        append16(UInt16(entries.count), &file)
        append16(UInt16(entries.count), &file)
        append32(UInt32(directory.count), &file)
        append32(directoryOffset, &file)
        append16(0, &file)
        return file
    }

    /// The CRC-32 (IEEE) of `bytes`, bit by bit.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    private static func append16(_ value: UInt16, _ bytes: inout [UInt8]) {
        bytes += [UInt8(value & 0xFF), UInt8(value >> 8)]
    }

    private static func append32(_ value: UInt32, _ bytes: inout [UInt8]) {
        append16(UInt16(value & 0xFFFF), &bytes)
        append16(UInt16(value >> 16), &bytes)
    }
}

let xlsxMainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
let xlsxRelationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/// A worksheet part with `sheetData` holding `rows`, and `after` following it.
func xlsxWorksheet(_ rows: String, after: String = "") -> String {
    """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <worksheet xmlns="\(xlsxMainNamespace)" xmlns:r="\(xlsxRelationshipNamespace)"><sheetData>\(rows)</sheetData>\(after)</worksheet>
    """
}

/// A small workbook built from parts, as a test needs it.
struct XLSXTestWorkbook {
    /// Each sheet's name and worksheet XML.
    var sheets: [(name: String, xml: String)]
    var sharedStrings: String? = nil
    var styles: String? = nil
    /// Each sheet's relationship target; default `worksheets/sheetN.xml`.
    var targets: [String]? = nil
    /// Attributes for `<workbookPr>`, and extra attributes per sheet (`state="hidden"`).
    var workbookProperties = ""
    var sheetAttributes: [String] = []
    /// Extra entries, and entries to leave out.
    var extraEntries: [XLSXTestZip.Entry] = []
    var omitted: Set<String> = []

    init(sheets: [(name: String, xml: String)]) { self.sheets = sheets }

    /// A workbook of one sheet, `Sheet1`, holding `rows`.
    init(rows: String, after: String = "") { self.sheets = [("Sheet1", xlsxWorksheet(rows, after: after))] }

    var entries: [XLSXTestZip.Entry] {
        let targets = self.targets ?? sheets.indices.map { "worksheets/sheet\($0 + 1).xml" }
        var sheetList = ""
        var relationships = ""
        for (index, sheet) in sheets.enumerated() {
            let attributes = index < sheetAttributes.count ? " " + sheetAttributes[index] : ""
            sheetList += "<sheet name=\"\(sheet.name)\" sheetId=\"\(index + 1)\"\(attributes) r:id=\"rId\(index + 1)\"/>"
            relationships +=
                "<Relationship Id=\"rId\(index + 1)\" Type=\"\(xlsxRelationshipNamespace)/worksheet\" Target=\"\(targets[index])\"/>"
        }
        relationships += "<Relationship Id=\"rIdS\" Type=\"\(xlsxRelationshipNamespace)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        relationships += "<Relationship Id=\"rIdT\" Type=\"\(xlsxRelationshipNamespace)/styles\" Target=\"styles.xml\"/>"
        var entries: [XLSXTestZip.Entry] = [
            XLSXTestZip.Entry(
                name: "_rels/.rels",
                data: Array(
                    """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\(xlsxRelationshipNamespace)/officeDocument" Target="xl/workbook.xml"/></Relationships>
                    """.utf8)),
            XLSXTestZip.Entry(
                name: "xl/workbook.xml",
                data: Array(
                    """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <workbook xmlns="\(xlsxMainNamespace)" xmlns:r="\(xlsxRelationshipNamespace)"><workbookPr \(workbookProperties)/><sheets>\(sheetList)</sheets></workbook>
                    """.utf8)),
            XLSXTestZip.Entry(
                name: "xl/_rels/workbook.xml.rels",
                data: Array(
                    """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(relationships)</Relationships>
                    """.utf8)),
        ]
        for (index, sheet) in sheets.enumerated() {
            let target = targets[index]
            let name = target.hasPrefix("/") ? String(target.dropFirst()) : XLSXWorkbook.resolve(target, from: "xl/")
            entries.append(XLSXTestZip.Entry(name: name, data: Array(sheet.xml.utf8)))
        }
        if let sharedStrings {
            entries.append(XLSXTestZip.Entry(name: "xl/sharedStrings.xml", data: Array(sharedStrings.utf8)))
        }
        if let styles {
            entries.append(XLSXTestZip.Entry(name: "xl/styles.xml", data: Array(styles.utf8)))
        }
        return (entries + extraEntries).filter { !omitted.contains($0.name) }
    }

    var bytes: [UInt8] { XLSXTestZip.make(entries) }

    /// Opens the workbook as `t.xlsx`.
    func open(limits: XLSXLimits = .default) throws(XLSXError) -> XLSXWorkbook {
        try XLSXWorkbook.open(bytes: bytes, displayPath: "t.xlsx", limits: limits)
    }

    /// Opens the workbook and reads its first sheet.
    func firstSheet(limits: XLSXLimits = .default) throws(XLSXError) -> XLSXSheet {
        try open(limits: limits).sheet(at: 0)
    }
}

/// A shared string table holding `items` (each an `<si>`'s inner XML).
func xlsxSharedStrings(_ items: [String]) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <sst xmlns="\(xlsxMainNamespace)" count="\(items.count)" uniqueCount="\(items.count)">\(items.map { "<si>\($0)</si>" }.joined())</sst>
    """
}

/// A styles part whose `cellXfs` use `numberFormats` in order, with custom formats `custom`.
func xlsxStyles(numberFormats: [Int], custom: [(id: Int, code: String)] = []) -> String {
    let formats = custom.map { "<numFmt numFmtId=\"\($0.id)\" formatCode=\"\($0.code)\"/>" }.joined()
    let xfs = numberFormats.map { "<xf numFmtId=\"\($0)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>" }
        .joined()
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <styleSheet xmlns="\(xlsxMainNamespace)"><numFmts count="\(custom.count)">\(formats)</numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="\(numberFormats.count)">\(xfs)</cellXfs></styleSheet>
        """
}

/// Every cell of `sheet` row by row, as `XLSXCell`s, over its row and column counts.
func xlsxGrid(_ sheet: XLSXSheet) -> [[XLSXCell]] {
    (0..<sheet.rowCount).map { row in (0..<sheet.columnCount).map { sheet.cell(row: row, column: $0) } }
}

/// Every cell's text, row by row.
func xlsxTextGrid(_ sheet: XLSXSheet) -> [[String]] {
    xlsxGrid(sheet).map { $0.map(\.text) }
}

// MARK: - Cell values

@Suite("XLSX cell values")
struct XLSXCellValueTests {
    @Test func sharedStringsWithRichTextRunsAndPreservedSpace() throws {
        var book = XLSXTestWorkbook(
            rows: #"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>"#
        )
        book.sharedStrings = xlsxSharedStrings([
            "<t>学号</t>",
            #"<r><rPr><b/></rPr><t>期末</t></r><r><t xml:space="preserve"> (60%) </t></r>"#,
            #"<t xml:space="preserve">  two spaces  </t>"#,
            #"<r><t>東京</t></r><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/>"#,
        ])
        let sheet = try book.firstSheet()
        #expect(xlsxGrid(sheet) == [[.text("学号"), .text("期末 (60%) "), .text("  two spaces  "), .text("東京")]])
    }

    @Test func inlineStringsFormulaStringsBooleansErrorsAndNumbers() throws {
        let sheet = try XLSXTestWorkbook(
            rows: """
                <row r="1"><c r="A1" t="inlineStr"><is><t>缺考</t></is></c>\
                <c r="B1" t="inlineStr"><is><r><t>a</t></r><r><t xml:space="preserve"> b</t></r></is></c>\
                <c r="C1" t="str"><f>"x"&amp;"y"</f><v>xy</v></c>\
                <c r="D1" t="b"><v>1</v></c><c r="E1" t="b"><v>0</v></c>\
                <c r="F1" t="e"><f>1/0</f><v>#DIV/0!</v></c>\
                <c r="G1"><v>85</v></c><c r="H1" t="n"><v>-72.5</v></c><c r="I1"><v>1.5E-3</v></c>\
                <c r="J1"><f>SUM(G1:H1)</f><v>12.5</v></c><c r="K1"><f>G1*2</f></c><c r="L1"><f>G1</f><v></v></c>\
                <c r="M1" s="0"/><c r="N1" t="str"><f>""</f><v></v></c></row>
                """
        ).firstSheet()
        #expect(
            xlsxGrid(sheet) == [[
                .text("缺考"), .text("a b"), .text("xy"), .bool(true), .bool(false), .error("#DIV/0!"),
                .number(85), .number(-72.5), .number(0.0015), .number(12.5), .blank, .blank, .blank, .text(""),
            ]])
        #expect(sheet.columnCount == 14)
    }

    @Test func cellsWithoutReferencesFollowThePreviousCell() throws {
        let sheet = try XLSXTestWorkbook(
            rows: """
                <row r="2"><c><v>1</v></c><c><v>2</v></c><c r="E2"><v>5</v></c><c><v>6</v></c></row>\
                <row><c><v>7</v></c></row><row r="7"><c r="B7"><v>8</v></c></row>
                """
        ).firstSheet()
        #expect(sheet.rowCount == 7)
        #expect(sheet.columnCount == 6)
        #expect(sheet.cell(row: 1, column: 0) == .number(1))
        #expect(sheet.cell(row: 1, column: 1) == .number(2))
        #expect(sheet.cell(row: 1, column: 4) == .number(5))
        #expect(sheet.cell(row: 1, column: 5) == .number(6))
        #expect(sheet.cell(row: 2, column: 0) == .number(7))
        #expect(sheet.cell(row: 6, column: 1) == .number(8))
        for row in [0, 3, 4, 5] {
            for column in 0..<6 { #expect(sheet.cell(row: row, column: column) == .blank) }
        }
        #expect(sheet.cell(row: 1, column: 2) == .blank)
        #expect(sheet.cell(row: -1, column: 0) == .blank)
        #expect(sheet.cell(row: 100, column: 0) == .blank)
        #expect(sheet.cell(row: 1, column: 16_000) == .blank)
    }

    @Test func cellsOutOfOrderAreSortedAndTheLaterOfTwoWins() throws {
        let sheet = try XLSXTestWorkbook(
            rows: """
                <row r="3"><c r="C3"><v>33</v></c><c r="A3"><v>31</v></c></row>\
                <row r="1"><c r="B1"><v>12</v></c><c r="B1"><v>99</v></c></row>
                """
        ).firstSheet()
        #expect(xlsxGrid(sheet) == [[.blank, .number(99), .blank], [.blank, .blank, .blank], [.number(31), .blank, .number(33)]])
    }

    @Test func entitiesAndCharacterReferences() throws {
        var book = XLSXTestWorkbook(
            rows: """
                <row r="1"><c r="A1" t="inlineStr"><is><t>&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos; &#123;&#x4E2D;&#x56fd;</t></is></c>\
                <c r="B1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t><![CDATA[<raw & kept>]]></t></is></c>\
                <c r="D1" t="inlineStr"><is><t>line1\r\nline2_x000D_</t></is></c></row>
                """)
        book.sharedStrings = xlsxSharedStrings(["<t>张三 &amp; 李四</t>"])
        let sheet = try book.firstSheet()
        #expect(sheet.cell(row: 0, column: 0) == .text("<a> & \"b\" 'c' {中国"))
        #expect(sheet.cell(row: 0, column: 1) == .text("张三 & 李四"))
        #expect(sheet.cell(row: 0, column: 2) == .text("<raw & kept>"))
        // CR LF becomes LF as XML says; Excel's _x000D_ escapes are left as written.
        #expect(sheet.cell(row: 0, column: 3) == .text("line1\nline2_x000D_"))
    }

    @Test func xmlSyntaxVariants() throws {
        // Single quotes, spaces around "=", comments, processing instructions, CDATA, a
        // byte order mark and CR LF line ends are all well-formed XML.
        let xml = "\u{FEFF}<?xml version='1.0'?>\r\n<!-- written by hand -->\r\n"
            + "<worksheet xmlns='\(xlsxMainNamespace)'>\r\n<sheetData >\r\n"
            + "<row r = '1' ><c r\t=\t\"A1\" t='inlineStr'><is><t><![CDATA[a]]><!-- gap --><?pi x?>b</t></is></c>"
            + "<c r='B1'><v> 42 </v></c><c r='C1' t='inlineStr'><is><t>x&#10;y</t></is></c></row>\r\n"
            + "</sheetData></worksheet >\r\n<!-- after -->\r\n"
        let sheet = try XLSXTestWorkbook(sheets: [("S", xml)]).firstSheet()
        #expect(xlsxGrid(sheet) == [[.text("ab"), .number(42), .text("x\ny")]])
    }

    @Test func namespacePrefixesAreIgnored() throws {
        let xml = """
            <x:worksheet xmlns:x="\(xlsxMainNamespace)"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>学号</x:t></x:is></x:c><x:c r="B1"><x:v>3</x:v></x:c></x:row></x:sheetData><x:mergeCells><x:mergeCell ref="A1:B1"/></x:mergeCells></x:worksheet>
            """
        let sheet = try XLSXTestWorkbook(sheets: [("S", xml)]).firstSheet()
        #expect(xlsxGrid(sheet) == [[.text("学号"), .number(3)]])
        #expect(sheet.mergedRanges == [XLSXRange(firstRow: 0, firstColumn: 0, lastRow: 0, lastColumn: 1)])
    }
}

// MARK: - Styles

@Suite("XLSX number formats")
struct XLSXNumberFormatTests {
    @Test(arguments: [14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 55, 58])
    func builtInDateFormatsMakeDates(formatID: Int) throws {
        var book = XLSXTestWorkbook(rows: #"<row r="1"><c r="A1" s="1"><v>45170.5</v></c></row>"#)
        book.styles = xlsxStyles(numberFormats: [0, formatID])
        #expect(try book.firstSheet().cell(row: 0, column: 0) == .date(45170.5))
    }

    @Test(arguments: [0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 23, 26, 37, 44, 48, 49, 59])
    func otherBuiltInFormatsKeepNumbers(formatID: Int) throws {
        var book = XLSXTestWorkbook(rows: #"<row r="1"><c r="A1" s="1"><v>45170.5</v></c></row>"#)
        book.styles = xlsxStyles(numberFormats: [0, formatID])
        #expect(try book.firstSheet().cell(row: 0, column: 0) == .number(45170.5))
    }

    @Test(arguments: [
        ("yyyy/mm/dd", true), ("yyyy\\-mm\\-dd", true), ("[$-804]yyyy\"年\"m\"月\"d\"日\"", true),
        ("h:mm AM/PM", true), ("[h]:mm:ss", true), ("mmm-yy", true), ("DD/MM/YYYY", true),
        ("0.00", false), ("#,##0", false), ("[Red]0.00;[Blue]-0.00", false), ("0\"d\"", false),
        ("0\\h", false), ("0.0_)", false), ("General", false), ("@", false), ("0.00E+00", false),
        ("\"Score: \"0", false), ("[>=60]\"pass\";\"fail\"", false),
    ])
    func customFormatsWithDateTokensMakeDates(code: String, isDate: Bool) {
        #expect((XLSXStyles.classify(formatCode: code) == .date) == isDate, "\(code)")
    }

    @Test func zeroFormatsPadIdsStoredAsNumbers() throws {
        var book = XLSXTestWorkbook(
            rows: """
                <row r="1"><c r="A1" s="1"><v>22010104</v></c><c r="B1" s="1"><v>2022010101</v></c>\
                <c r="C1" s="1"><v>12.5</v></c><c r="D1" s="2"><v>7</v></c><c r="E1" s="3"><v>45170</v></c>\
                <c r="F1" s="9"><v>5</v></c></row>
                """)
        book.styles = xlsxStyles(
            numberFormats: [0, 164, 165, 166], custom: [(164, "0000000000"), (165, "000"), (166, "yyyy-mm-dd")])
        let sheet = try book.firstSheet()
        #expect(sheet.cell(row: 0, column: 0) == .text("0022010104"))
        #expect(sheet.cell(row: 0, column: 0).number == 22_010_104)
        #expect(sheet.cell(row: 0, column: 1) == .number(2_022_010_101))
        #expect(sheet.cell(row: 0, column: 2) == .number(12.5))
        #expect(sheet.cell(row: 0, column: 3).text == "007")
        #expect(sheet.cell(row: 0, column: 4) == .date(45170))
        // A style index beyond cellXfs reads as general.
        #expect(sheet.cell(row: 0, column: 5) == .number(5))
    }

    @Test func workbooksIn1904DateSystemAreConverted() throws {
        var book = XLSXTestWorkbook(rows: #"<row r="1"><c r="A1" s="1"><v>43708</v></c><c r="B1"><v>43708</v></c></row>"#)
        book.styles = xlsxStyles(numberFormats: [0, 14])
        book.workbookProperties = #"date1904="1""#
        let workbook = try book.open()
        #expect(workbook.isDate1904)
        let sheet = try workbook.sheet(at: 0)
        #expect(sheet.cell(row: 0, column: 0) == .date(45170))
        #expect(sheet.cell(row: 0, column: 0).text == "2023-09-01")
        #expect(sheet.cell(row: 0, column: 1) == .number(43708))
    }

    @Test func isoDateCells() throws {
        let sheet = try XLSXTestWorkbook(
            rows: #"<row r="1"><c r="A1" t="d"><v>2023-09-01</v></c><c r="B1" t="d"><v>2023-09-01T08:30:00Z</v></c><c r="C1" t="d"><v>soon</v></c></row>"#
        ).firstSheet()
        #expect(sheet.cell(row: 0, column: 0) == .date(45170))
        #expect(sheet.cell(row: 0, column: 1).text == "2023-09-01 08:30:00")
        #expect(sheet.cell(row: 0, column: 2) == .text("soon"))
    }
}

// MARK: - XLSXCell's views

@Suite("XLSX cell text and numbers")
struct XLSXCellTextTests {
    @Test(arguments: [
        (2_022_010_101.0, "2022010101"), (85, "85"), (72.5, "72.5"), (0.1, "0.1"), (-3.25, "-3.25"),
        (1e-7, "0.0000001"), (1.5e-7, "0.00000015"), (1e20, "100000000000000000000"), (-0.0, "0"),
        (1.2345678901234568e17, "123456789012345680"), (1.0 / 3.0, "0.3333333333333333"),
        (9_007_199_254_740_992, "9007199254740992"), (9_007_199_254_740_994, "9007199254740994"),
    ])
    func numbersReadAsPeopleWriteThem(value: Double, text: String) {
        #expect(XLSXCell.number(value).text == text)
    }

    @Test func otherCasesAsText() {
        #expect(XLSXCell.blank.text == "")
        #expect(XLSXCell.bool(true).text == "TRUE")
        #expect(XLSXCell.bool(false).text == "FALSE")
        #expect(XLSXCell.error("#N/A").text == "#N/A")
        #expect(XLSXCell.text(" 张三 ").text == " 张三 ")
        #expect(XLSXCell.date(45170).text == "2023-09-01")
        #expect(XLSXCell.date(45170.354166666664).text == "2023-09-01 08:30:00")
        #expect(XLSXCell.date(0.75).text == "18:00:00")
        #expect(XLSXCell.date(1).text == "1900-01-01")
        #expect(XLSXCell.date(59).text == "1900-02-28")
        #expect(XLSXCell.date(60).text == "1900-02-29")
        #expect(XLSXCell.date(61).text == "1900-03-01")
        #expect(XLSXCell.date(2_958_465).text == "9999-12-31")
    }

    @Test func numbersStoredAsText() {
        #expect(XLSXCell.text("85").number == 85)
        #expect(XLSXCell.text(" 72.5 ").number == 72.5)
        #expect(XLSXCell.text("\u{3000}90\u{3000}").number == 90)
        #expect(XLSXCell.text("-1e2").number == -100)
        #expect(XLSXCell.text("缺考").number == nil)
        #expect(XLSXCell.text("8 5").number == nil)
        #expect(XLSXCell.text("").number == nil)
        #expect(XLSXCell.number(3).number == 3)
        #expect(XLSXCell.date(45170).number == nil)
        #expect(XLSXCell.bool(true).number == nil)
        #expect(XLSXCell.blank.number == nil)
        #expect(XLSXCell.error("#VALUE!").number == nil)
    }

    @Test func blankness() {
        #expect(XLSXCell.blank.isBlank)
        #expect(XLSXCell.text("").isBlank)
        #expect(XLSXCell.text(" \t\u{3000}").isBlank)
        #expect(!XLSXCell.text("0").isBlank)
        #expect(!XLSXCell.number(0).isBlank)
        #expect(!XLSXCell.bool(false).isBlank)
    }
}

// MARK: - Workbook structure

@Suite("XLSX workbook structure")
struct XLSXWorkbookStructureTests {
    @Test func sheetNamesInOrderWithHiddenSheets() throws {
        var book = XLSXTestWorkbook(sheets: [
            ("课程目标", xlsxWorksheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#)),
            ("Hidden", xlsxWorksheet(#"<row r="1"><c r="A1"><v>2</v></c></row>"#)),
            ("成绩 & 备注", xlsxWorksheet(#"<row r="1"><c r="A1"><v>3</v></c></row>"#)),
        ])
        book.sheets[2].name = "成绩 &amp; 备注"
        book.sheetAttributes = ["", #"state="hidden""#, #"state="visible""#]
        let workbook = try book.open()
        #expect(workbook.sheetNames == ["课程目标", "Hidden", "成绩 & 备注"])
        #expect(workbook.isHidden(sheet: "Hidden"))
        #expect(!workbook.isHidden(sheet: "课程目标"))
        #expect(try workbook.sheet(named: "成绩 & 备注").cell(row: 0, column: 0) == .number(3))
        #expect(try workbook.sheet(named: "hidden").name == "Hidden")
        #expect(try workbook.sheet(at: 1).cell(row: 0, column: 0) == .number(2))
        #expect(workbook.file == "t.xlsx")
    }

    @Test(arguments: ["/xl/worksheets/sheet1.xml", "worksheets/sheet1.xml", "./worksheets/../worksheets/sheet1.xml", "../xl/worksheets/sheet1.xml"])
    func relativeAndAbsoluteTargets(target: String) throws {
        var book = XLSXTestWorkbook(rows: #"<row r="1"><c r="A1"><v>1</v></c></row>"#)
        book.targets = [target]
        #expect(try book.firstSheet().cell(row: 0, column: 0) == .number(1))
    }

    @Test func partNamesMatchIgnoringCase() throws {
        var book = XLSXTestWorkbook(rows: #"<row r="1"><c r="A1"><v>1</v></c></row>"#)
        book.targets = ["Worksheets/SHEET1.xml"]
        var entries = book.entries
        let index = try #require(entries.firstIndex { $0.name == "xl/Worksheets/SHEET1.xml" })
        entries[index].name = "xl/worksheets/sheet1.xml"
        let workbook = try XLSXWorkbook.open(bytes: XLSXTestZip.make(entries), displayPath: "t.xlsx")
        #expect(try workbook.sheet(at: 0).cell(row: 0, column: 0) == .number(1))
    }

    @Test func unknownSheetNameAndIndex() throws {
        let workbook = try XLSXTestWorkbook(rows: "").open()
        let byName = #expect(throws: XLSXError.self) { try workbook.sheet(named: "Scores") }
        #expect(byName?.description == #"t.xlsx: has no sheet named "Scores" (its sheets: "Sheet1")"#)
        let byIndex = #expect(throws: XLSXError.self) { try workbook.sheet(at: 3) }
        #expect(byIndex?.message == "has no sheet 4 (it has 1)")
    }

    @Test func emptySheetAndLocations() throws {
        let sheet = try XLSXTestWorkbook(rows: "").firstSheet()
        #expect(sheet.rowCount == 0)
        #expect(sheet.columnCount == 0)
        #expect(sheet.cell(row: 0, column: 0) == .blank)
        #expect(sheet.name == "Sheet1")
        #expect(sheet.location(row: 13, column: 2).description == "t.xlsx:Sheet1!C14")
        #expect(sheet.location(row: 13, column: 2) == SourceLocation(file: "t.xlsx", sheet: "Sheet1", line: 14, column: 3))
    }

    @Test func mergedRanges() throws {
        let sheet = try XLSXTestWorkbook(
            rows: #"<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row>"#,
            after: #"<mergeCells count="3"><mergeCell ref="A1:F1"/><mergeCell ref="B3:C5"/><mergeCell ref="H2"/></mergeCells>"#
        ).firstSheet()
        let title = XLSXRange(firstRow: 0, firstColumn: 0, lastRow: 0, lastColumn: 5)
        let block = XLSXRange(firstRow: 2, firstColumn: 1, lastRow: 4, lastColumn: 2)
        let single = XLSXRange(firstRow: 1, firstColumn: 7, lastRow: 1, lastColumn: 7)
        #expect(sheet.mergedRanges == [title, block, single])
        #expect(sheet.mergedRange(containing: 0, 0) == title)
        #expect(sheet.mergedRange(containing: 0, 5) == title)
        #expect(sheet.mergedRange(containing: 0, 6) == nil)
        #expect(sheet.mergedRange(containing: 3, 2) == block)
        #expect(sheet.mergedRange(containing: 4, 1) == block)
        #expect(sheet.mergedRange(containing: 5, 1) == nil)
        #expect(sheet.mergedRange(containing: 1, 7) == single)
        #expect(sheet.mergedRange(containing: 1, 0) == nil)
        #expect(title.description == "A1:F1")
        // Merged ranges do not make cells: the sheet's extent is its cells'.
        #expect(sheet.rowCount == 1 && sheet.columnCount == 1)
    }

    @Test func chartSheetsReadAsEmpty() throws {
        var book = XLSXTestWorkbook(rows: #"<row r="1"><c r="A1"><v>1</v></c></row>"#)
        book.extraEntries = [
            XLSXTestZip.Entry(name: "xl/chartsheets/sheet1.xml", data: Array("<chartsheet/>".utf8))
        ]
        var entries = book.entries
        let index = try #require(entries.firstIndex { $0.name == "xl/_rels/workbook.xml.rels" })
        let rels = String(decoding: entries[index].data, as: UTF8.self).replacingOccurrences(
            of: "relationships/worksheet\" Target=\"worksheets/sheet1.xml", with: "relationships/chartsheet\" Target=\"chartsheets/sheet1.xml")
        entries[index].data = Array(rels.utf8)
        let workbook = try XLSXWorkbook.open(bytes: XLSXTestZip.make(entries), displayPath: "t.xlsx")
        let sheet = try workbook.sheet(at: 0)
        #expect(sheet.rowCount == 0)
    }

    @Test func workbookWithoutSharedStringsOrStyles() throws {
        var book = XLSXTestWorkbook(rows: #"<row r="1"><c r="A1" s="4"><v>1</v></c></row>"#)
        book.omitted = ["_rels/.rels"]
        #expect(try book.firstSheet().cell(row: 0, column: 0) == .number(1))
    }
}

import AttainmentCore
import Testing

@testable import AttainmentIO
import TestSupport

/// The path of a fixture under fixtures/xlsx.
func xlsxFixture(_ name: String) -> String {
    repositoryRoot + "/fixtures/xlsx/" + name
}

/// Opens fixture `name` and reads every sheet, returning the error that stops it.
func xlsxFailure(_ name: String, limits: XLSXLimits = .default) -> XLSXError? {
    #expect(throws: XLSXError.self) {
        let workbook = try XLSXWorkbook.open(path: xlsxFixture(name), displayPath: name, limits: limits)
        for index in workbook.sheetNames.indices { _ = try workbook.sheet(at: index) }
    }
}

/// Reads the first sheet of a one-sheet workbook holding `xml`, returning the error.
func xlsxSheetFailure(_ xml: String, limits: XLSXLimits = .default) -> XLSXError? {
    #expect(throws: XLSXError.self) { try XLSXTestWorkbook(sheets: [("Sheet1", xml)]).firstSheet(limits: limits) }
}

@Suite("XLSX containers that are not workbooks")
struct XLSXContainerTests {
    @Test func notAZip() {
        let error = xlsxFailure("not-a-zip.xlsx")
        #expect(error?.description == "not-a-zip.xlsx: not an .xlsx workbook (not a zip archive)")
        #expect(error?.location == nil)
    }

    @Test func truncatedZip() {
        let error = xlsxFailure("truncated.xlsx")
        #expect(error?.message.contains("truncated") == true, "\(String(describing: error))")
    }

    @Test func zipWithoutWorkbook() {
        let error = xlsxFailure("no-workbook.xlsx")
        #expect(error?.message == "not an .xlsx workbook (no xl/workbook.xml)")
    }

    @Test func otherOfficeFormatsAreNamed() {
        let word = XLSXTestZip.make([XLSXTestZip.Entry(name: "word/document.xml", data: Array("<w:document/>".utf8))])
        let error = #expect(throws: XLSXError.self) { try XLSXWorkbook.open(bytes: word, displayPath: "a.docx") }
        #expect(error?.message == "not an .xlsx workbook: it is a Word document")
        let oldExcel: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)
        let old = #expect(throws: XLSXError.self) { try XLSXWorkbook.open(bytes: oldExcel, displayPath: "a.xls") }
        #expect(old?.message.contains("password-protected or an old .xls workbook") == true)
        #expect(throws: XLSXError.self) { try XLSXWorkbook.open(bytes: [], displayPath: "empty.xlsx") }
    }

    @Test func missingFile() {
        let error = #expect(throws: XLSXError.self) {
            try XLSXWorkbook.open(path: xlsxFixture("no-such-file.xlsx"), displayPath: "no-such-file.xlsx")
        }
        #expect(error?.description == "no-such-file.xlsx: file not found")
    }

    @Test func sheetListedButMissing() throws {
        let workbook = try XLSXWorkbook.open(path: xlsxFixture("missing-sheet.xlsx"), displayPath: "m.xlsx")
        #expect(workbook.sheetNames == ["Present", "Absent"])
        #expect(try workbook.sheet(named: "Present").cell(row: 0, column: 0) == .number(1))
        let error = #expect(throws: XLSXError.self) { try workbook.sheet(named: "Absent") }
        #expect(
            error?.description
                == "m.xlsx:Absent: the workbook is damaged: the sheet's part xl/worksheets/sheet2.xml is missing")
    }

    @Test func sheetWithoutRelationship() throws {
        var book = XLSXTestWorkbook(rows: "")
        book.sheets.append(("Second", xlsxWorksheet("")))
        var entries = book.entries
        let index = try #require(entries.firstIndex { $0.name == "xl/_rels/workbook.xml.rels" })
        entries[index].data = Array(
            String(decoding: entries[index].data, as: UTF8.self).replacing("Id=\"rId2\"", with: "Id=\"rId9\"").utf8)
        let workbook = try XLSXWorkbook.open(bytes: XLSXTestZip.make(entries), displayPath: "t.xlsx")
        let error = #expect(throws: XLSXError.self) { try workbook.sheet(at: 1) }
        #expect(error?.message.contains("relationship \"rId2\" is not in xl/_rels/workbook.xml.rels") == true)
    }

    @Test func damagedEntryChecksum() throws {
        let entries = XLSXTestWorkbook(rows: #"<row r="1"><c r="A1"><v>1</v></c></row>"#).entries
        var file = XLSXTestZip.make(entries)
        // Change one byte of the sheet's stored data: "1" becomes "2".
        let sheet = Array(#"<v>1</v>"#.utf8)
        let at = try #require((0..<(file.count - sheet.count)).first { Array(file[$0..<$0 + sheet.count]) == sheet })
        file[at + 3] = UInt8(ascii: "2")
        let workbook = try XLSXWorkbook.open(bytes: file, displayPath: "t.xlsx")
        let error = #expect(throws: XLSXError.self) { try workbook.sheet(at: 0) }
        #expect(error?.description == "t.xlsx:Sheet1: entry xl/worksheets/sheet1.xml is damaged (checksum mismatch)")
    }
}

@Suite("XLSX zip checksums")
struct XLSXChecksumTests {
    @Test func knownValue() {
        #expect(ZipChecksum.of(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(ZipChecksum.of([]) == 0)
    }

    @Test func agreesWithBitByBitCRCInPieces() {
        var generator = SplitMix64(seed: 20_240_101)
        for length in [1, 7, 8, 9, 15, 16, 17, 100, 1000, 4099] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(ZipChecksum.of(bytes) == XLSXTestZip.crc32(bytes), "length \(length)")
            // Fed in two pieces, as chunks arrive while inflating.
            let split = length / 3
            let pieces = bytes.withUnsafeBufferPointer { buffer in
                ZipChecksum.update(
                    ZipChecksum.update(0, with: UnsafeBufferPointer(rebasing: buffer[0..<split])),
                    with: UnsafeBufferPointer(rebasing: buffer[split...]))
            }
            #expect(pieces == XLSXTestZip.crc32(bytes), "length \(length) in pieces")
        }
    }
}

@Suite("XLSX zip bombs")
struct XLSXZipBombTests {
    @Test func declaredSizeBeyondMaxEntryBytes() {
        var limits = XLSXLimits.default
        limits.maxEntryBytes = 1000
        let error = xlsxFailure("openpyxl.xlsx", limits: limits)
        #expect(error?.message.hasPrefix("entry ") == true)
        #expect(error?.message.hasSuffix(" would inflate beyond 1000 bytes") == true, "\(String(describing: error))")
    }

    @Test func compressionRatioBeyondTheLimit() throws {
        let error = xlsxFailure("bomb.xlsx")
        #expect(
            error?.description
                == "bomb.xlsx:Sheet1: entry xl/worksheets/sheet1.xml would inflate more than 1000 times its compressed size (a zip bomb?)"
        )
        // Raising the ratio admits it (it is 8 MiB of spaces).
        var limits = XLSXLimits.default
        limits.maxCompressionRatio = 2000
        let sheet = try XLSXWorkbook.open(path: xlsxFixture("bomb.xlsx"), displayPath: "bomb.xlsx", limits: limits)
            .sheet(at: 0)
        #expect(sheet.rowCount == 0)
    }

    @Test func actualSizeBeyondTheDeclaredOne() {
        // Declares 1000 bytes (under 1 MiB, so exempt from the ratio), inflates to 2 MiB.
        let error = xlsxFailure("lying-size.xlsx")
        #expect(
            error?.message
                == "entry xl/worksheets/sheet1.xml inflates beyond its declared size of 1000 bytes (a zip bomb or a damaged file)"
        )
    }

    @Test func deflateStreamThatRunsPastTheEntry() {
        // A stored block claiming 65535 bytes with 5 present: inflating must stop, not spin.
        let error = xlsxFailure("runaway-deflate.xlsx")
        #expect(error?.message.contains("damaged") == true || error?.message.contains("truncated") == true)
    }

    @Test func runawayStreamBuiltInMemory() {
        var entries = XLSXTestWorkbook(rows: "").entries
        let index = entries.firstIndex { $0.name == "xl/worksheets/sheet1.xml" }!
        entries[index].deflated = [0x00, 0xFF, 0xFF, 0x00, 0x00] + Array("<wor".utf8)
        entries[index].declaredSize = 500_000
        let error = #expect(throws: XLSXError.self) {
            try XLSXWorkbook.open(bytes: XLSXTestZip.make(entries), displayPath: "t.xlsx").sheet(at: 0)
        }
        #expect(error?.message.hasPrefix("entry xl/worksheets/sheet1.xml is") == true)
    }

    @Test func encryptedEntries() throws {
        var file = XLSXTestWorkbook(rows: "").bytes
        // Mark every entry in the central directory as encrypted (flag bit 0).
        var index = 0
        while index + 4 <= file.count {
            if file[index..<index + 4] == [0x50, 0x4B, 0x01, 0x02] { file[index + 8] |= 1 }
            index += 1
        }
        let error = #expect(throws: XLSXError.self) { try XLSXWorkbook.open(bytes: file, displayPath: "t.xlsx") }
        #expect(error?.message == "_rels/.rels is encrypted")
    }
}

@Suite("XLSX hostile and malformed XML")
struct XLSXMalformedXMLTests {
    @Test func doctypeIsRefused() {
        let error = xlsxFailure("doctype.xlsx")
        #expect(
            error?.description
                == "doctype.xlsx:Sheet1: xl/worksheets/sheet1.xml: line 2: refuses XML entity declarations (<!DOCTYPE> or <!ENTITY>)"
        )
    }

    @Test func entityDeclarationsAnywhereAreRefused() {
        var book = XLSXTestWorkbook(rows: "")
        book.sharedStrings = #"<!ENTITY x "y"><sst xmlns="\#(xlsxMainNamespace)"/>"#
        let strings = #expect(throws: XLSXError.self) { try book.open() }
        #expect(strings?.message == "xl/sharedStrings.xml: line 1: refuses XML entity declarations (<!DOCTYPE> or <!ENTITY>)")
        book.sharedStrings = nil
        book.styles = "<?xml version=\"1.0\"?>\n<!DOCTYPE styleSheet SYSTEM \"file:///etc/passwd\"><styleSheet/>"
        let styles = #expect(throws: XLSXError.self) { try book.open() }
        #expect(styles?.message.hasPrefix("xl/styles.xml: line 2: refuses XML entity declarations") == true)
    }

    @Test(arguments: [
        (#"<row r="1"><c r="A1"><v>1</v></c>"#, "line 3: malformed XML: end tag </sheetData> does not match <row> on line 3"),
        (#"<row r="1"><c r="A1"><v>1</c></row>"#, "line 3: malformed XML: end tag </c> does not match <v> on line 3"),
        ("<row r=\"1\">\n<c r=A1><v>1</v></c></row>", "line 4: malformed XML: bad attribute syntax: the value of r is not in quotes"),
        (#"<row r="1"><c r="A1"t="s"><v>1</v></c></row>"#, "line 3: malformed XML: bad attribute syntax: attributes must be separated by spaces"),
        (#"<row r="1"><c r><v>1</v></c></row>"#, "line 3: malformed XML: bad attribute syntax: r has no \"=\" and value"),
        (#"<row r="1"><c r="A1><v>1</v></c></row>"#, "line 3: malformed XML: bad attribute syntax: \"<\" inside an attribute value"),
        (#"<row r="1"><c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c></row>"#, #"line 3: malformed XML: unknown entity "&nbsp;""#),
        (#"<row r="1"><c r="A1" t="inlineStr"><is><t>&#0;</t></is></c></row>"#, #"line 3: malformed XML: unknown entity "&#0;""#),
        (#"<row r="1"><c r="A1" t="inlineStr"><is><t>&#X41;</t></is></c></row>"#, #"line 3: malformed XML: unknown entity "&#X41;""#),
        (#"<row r="1"><c r="A1" t="inlineStr"><is><t>&#xD800;</t></is></c></row>"#, #"line 3: malformed XML: unknown entity "&#xD800;""#),
        (#"<row r="1"><c r="A1" t="inlineStr"><is><t>a & b</t></is></c></row>"#, "line 3: malformed XML: \"&\" that does not start an entity (write &amp;)"),
        (#"<row r="1"><c r="A1"><v>1</v></c></row><!-- never closed"#, "line 3: malformed XML: comment is never closed"),
    ])
    func malformedSheetXMLNamesPartAndLine(rows: String, message: String) {
        let xml = "<?xml version=\"1.0\"?>\n<worksheet xmlns=\"\(xlsxMainNamespace)\">\n<sheetData>\(rows)</sheetData></worksheet>"
        let error = xlsxSheetFailure(xml)
        #expect(error?.message == "xl/worksheets/sheet1.xml: " + message)
        #expect(error?.location == SourceLocation(file: "t.xlsx", sheet: "Sheet1"))
    }

    @Test func unclosedElementsAndTrailingContent() {
        let unclosed = xlsxSheetFailure("<worksheet>\n<sheetData>\n<row r=\"1\">")
        #expect(unclosed?.message == "xl/worksheets/sheet1.xml: line 3: malformed XML: <row> is never closed (the part ends first)")
        let second = xlsxSheetFailure("<worksheet/><worksheet/>")
        #expect(second?.message == "xl/worksheets/sheet1.xml: line 1: malformed XML: a second root element")
        let text = xlsxSheetFailure("<worksheet/>trailing")
        #expect(text?.message == "xl/worksheets/sheet1.xml: line 1: malformed XML: text outside the root element")
        let empty = xlsxSheetFailure("")
        #expect(empty?.message == "xl/worksheets/sheet1.xml: line 1: malformed XML: the part has no root element")
        let stray = xlsxSheetFailure("<worksheet></sheetData></worksheet>")
        #expect(stray?.message.contains("end tag </sheetData> does not match <worksheet>") == true)
        let cut = xlsxSheetFailure("<worksheet><sheetData")
        #expect(cut?.message.contains("<sheetData> tag is never finished") == true)
    }

    @Test func malformedWorkbookPartsNameThePart() {
        var book = XLSXTestWorkbook(rows: "")
        book.sharedStrings = "<sst><si><t>a</si></sst>"
        let error = #expect(throws: XLSXError.self) { try book.open() }
        #expect(error?.description == "t.xlsx: xl/sharedStrings.xml: line 1: malformed XML: end tag </si> does not match <t> on line 1")
    }
}

@Suite("XLSX cell references and limits")
struct XLSXLimitTests {
    @Test func cellBeyondTheLastRow() {
        let error = xlsxFailure("absurd-dimension.xlsx")
        #expect(error?.message == "xl/worksheets/sheet1.xml: line 2: row 2000000 is beyond row 1048576, the last a sheet can have")
    }

    @Test func cellBeyondColumnXFD() {
        let error = xlsxSheetFailure(xlsxWorksheet(#"<row r="1"><c r="XFE1"><v>1</v></c></row>"#))
        #expect(error?.message == "xl/worksheets/sheet1.xml: line 2: a cell in row 1 is beyond column XFD, the last a sheet can have")
        let huge = xlsxSheetFailure(xlsxWorksheet(#"<row r="1"><c r="AAAAAAAAAAAAAAAAAAAAAAA99999999999999999999"><v>1</v></c></row>"#))
        #expect(huge?.message.contains("beyond") == true)
        // The last cell Excel allows is fine.
        #expect((try? XLSXTestWorkbook(rows: #"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#).firstSheet()) != nil)
    }

    @Test func cellBeyondTheLimits() throws {
        var limits = XLSXLimits.default
        limits.maxRows = 100
        limits.maxColumns = 10
        let row = xlsxSheetFailure(xlsxWorksheet(#"<row r="101"><c r="A101"><v>1</v></c></row>"#), limits: limits)
        #expect(row?.message == "xl/worksheets/sheet1.xml: line 2: row 101 is beyond the limit of 100 rows")
        let rowWithoutCells = xlsxSheetFailure(xlsxWorksheet(#"<row r="101"/>"#), limits: limits)
        #expect(rowWithoutCells?.message == "xl/worksheets/sheet1.xml: line 2: row 101 is beyond the limit of 100 rows")
        let column = xlsxSheetFailure(xlsxWorksheet(#"<row r="1"><c r="K1"><v>1</v></c></row>"#), limits: limits)
        #expect(column?.message == "xl/worksheets/sheet1.xml: line 2: column K is beyond the limit of 10 columns")
        let following = xlsxSheetFailure(xlsxWorksheet(#"<row r="1"><c r="J1"><v>1</v></c><c><v>2</v></c></row>"#), limits: limits)
        #expect(following?.message == "xl/worksheets/sheet1.xml: line 2: column K is beyond the limit of 10 columns")
        let merged = xlsxSheetFailure(xlsxWorksheet("", after: #"<mergeCells><mergeCell ref="A1:A500"/></mergeCells>"#), limits: limits)
        #expect(merged?.message == "xl/worksheets/sheet1.xml: line 2: row 500 is beyond the limit of 100 rows")
        #expect(try XLSXTestWorkbook(rows: #"<row r="100"><c r="J100"><v>1</v></c></row>"#).firstSheet(limits: limits).rowCount == 100)
    }

    @Test func moreCellsThanTheLimit() throws {
        var limits = XLSXLimits.default
        limits.maxCells = 5
        let rows = #"<row r="1"><c r="A1"><v>1</v></c><c r="B1"/><c r="C1"/></row><row r="2"><c r="A2"/><c r="B2"/><c r="C2"/></row>"#
        let error = xlsxSheetFailure(xlsxWorksheet(rows), limits: limits)
        #expect(error?.message == "xl/worksheets/sheet1.xml: line 2: the sheet has more than 5 cells, more than this reader allows")
        limits.maxCells = 6
        #expect(try XLSXTestWorkbook(rows: rows).firstSheet(limits: limits).rowCount == 1)
    }

    @Test(arguments: ["1A", "A0", "A", "A1B", "$A$1", "", "Ａ1"])
    func malformedCellReferences(reference: String) {
        let error = xlsxSheetFailure(xlsxWorksheet(#"<row r="1"><c r="\#(reference)"><v>1</v></c></row>"#))
        #expect(error?.message == "xl/worksheets/sheet1.xml: line 2: malformed cell reference \"\(reference)\"")
    }

    @Test func valuesThatDoNotFitTheirType() {
        let number = xlsxSheetFailure(xlsxWorksheet(#"<row r="1"><c r="A1"><v>1</v></c><c r="C7"><v>eighty-five points exactly, no more</v></c></row>"#))
        #expect(number?.description == #"t.xlsx:Sheet1!C7: a number cell holds "eighty-five points exact…", which is not a number"#)
        let shared = xlsxSheetFailure(xlsxWorksheet(#"<row r="1"><c r="B2" t="s"><v>3</v></c></row>"#))
        #expect(shared?.description == "t.xlsx:Sheet1!B2: shared string 3 does not exist (the workbook has 0)")
        let bool = xlsxSheetFailure(xlsxWorksheet(#"<row r="1"><c r="A1" t="b"><v>yes</v></c></row>"#))
        #expect(bool?.description == #"t.xlsx:Sheet1!A1: a boolean cell holds "yes", which is not 0 or 1"#)
        let type = xlsxSheetFailure(xlsxWorksheet(#"<row r="1"><c r="A1" t="q"><v>1</v></c></row>"#))
        #expect(type?.message == #"xl/worksheets/sheet1.xml: line 2: unknown cell type t="q""#)
    }

    @Test func errorsQuoteAtMost24Characters() {
        let long = String(repeating: "张", count: 100)
        let error = xlsxSheetFailure(xlsxWorksheet(#"<row r="1"><c r="A1"><v>\#(long)</v></c></row>"#))
        let message = error?.message ?? ""
        #expect(message.contains(String(repeating: "张", count: 24) + "…"))
        #expect(!message.contains(String(repeating: "张", count: 25)))
    }
}

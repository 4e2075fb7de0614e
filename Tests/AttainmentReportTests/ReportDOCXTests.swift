import AttainmentCore
import AttainmentIO
import Foundation
import Testing

@testable import AttainmentReport

/// What python-docx, an independent reader, finds in a .docx: every table's cell texts, every
/// paragraph's style and text, the inline drawings and the sections' orientations.
private struct WordDump: Decodable {
    let tables: [[[String]]]
    let paragraphs: [[String]]
    let inlineShapes: Int
    let landscapeSections: [Bool]

    static let script = """
        import json, sys, docx
        d = docx.Document(sys.argv[1])
        json.dump({
            "tables": [[[c.text for c in row.cells] for row in t.rows] for t in d.tables],
            "paragraphs": [[p.style.name, p.text] for p in d.paragraphs],
            "inlineShapes": len(d.inline_shapes),
            "landscapeSections": [s.page_width > s.page_height for s in d.sections],
        }, sys.stdout, ensure_ascii=False)
        """

    static func read(_ bytes: [UInt8]) throws -> WordDump {
        try #require(pythonDocxAvailable, "python-docx is missing for /usr/bin/python3 (scripts/setup --tests installs python3-docx)")
        let path = try temporaryFile(bytes, named: "report.docx")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let dump = try run(python, ["-c", script, path])
        try #require(dump.status == 0, "python-docx failed: \(dump.errors)")
        return try JSONDecoder().decode(WordDump.self, from: Data(dump.output.utf8))
    }
}

private let zh = ReportOptions(language: .zh, date: "2026-09-01")

@Suite struct ReportDOCXTests {
    /// The engineering report read back by python-docx: the tables are the report's tables, the
    /// requirement values are the computed ones, headings use Word's heading styles, and every
    /// chart is an inline drawing.
    @Test func pythonDocxReadsTheReport() throws {
        let (result, files) = try computed("fixtures/engineering")
        let document = ReportBuilder.build(result, inputs: files, options: zh)
        let word = try WordDump.read(DOCXWriter.make(document))
        #expect(word.tables.count == document.tables.count)
        for (read, table) in zip(word.tables, document.tables) {
            // Merged cells read as the cell they continue, whose text the model repeats.
            #expect(read == [table.header] + table.rows.map { $0.map(\.text) }, "\(table.caption)")
        }
        // The requirement table, checked against the results themselves.
        let index = try #require(document.tables.firstIndex { $0.caption.contains("毕业要求达成情况（期望值") })
        for (row, attainment) in zip(word.tables[index].dropFirst(), result.requirements) {
            let value = try #require(attainment.value.value)
            #expect(row[3] == String(format: "%.3f", value))
            #expect(row[4] == (value >= result.programme.thresholds.classLevel ? "达成" : "未达成"))
        }
        let styles = word.paragraphs.map(\.[0])
        #expect(styles.filter { $0 == "Heading 1" }.count == 1)
        #expect(styles.filter { $0 == "Heading 2" }.count == 7)
        #expect(styles.filter { $0 == "Heading 3" }.count >= result.programme.courses.count)
        #expect(word.paragraphs.contains { $0 == ["Heading 2", "四、毕业要求达成情况"] })
        #expect(word.inlineShapes == document.figures.count)
        // The 30-indicator support matrix sits in a landscape section between portrait ones.
        #expect(word.landscapeSections.contains(true) && word.landscapeSections.first == false && word.landscapeSections.last == false)
    }

    /// The hand-computed programme's report rendered by LibreOffice: pages that are not blank,
    /// with the values worked out in fixtures/workbook/README.md on them.
    @Test(.timeLimit(.minutes(3)))
    func libreOfficeShowsTheHandComputedValues() throws {
        try #require(renderToolsAvailable, "LibreOffice Writer, pdftoppm or python3-pil is missing (scripts/setup --tests installs them)")
        let (result, files) = try computed("fixtures/workbook/programme.xlsx")
        let path = try temporaryFile(DOCXWriter.make(ReportBuilder.build(result, inputs: files, options: zh)), named: "report.docx")
        let folder = (path as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try run("/usr/bin/soffice", ["-env:UserInstallation=file://\(folder)/profile", "--headless", "--convert-to", "pdf", "--outdir", folder, path])
        let pdf = folder + "/report.pdf"
        try #require(FileManager.default.fileExists(atPath: pdf), "LibreOffice made a PDF")
        #expect(try run("/usr/bin/pdftoppm", ["-r", "30", "-png", pdf, folder + "/page"]).status == 0)
        let measured = try run(python, ["-c", """
            import glob, sys
            from PIL import Image
            for name in sorted(glob.glob(sys.argv[1] + "/page-*.png")):
                image = Image.open(name).convert("L")
                print(sum(1 for v in image.getdata() if v < 245) / (image.width * image.height))
            """, folder])
        let ink = measured.output.split(separator: "\n").compactMap { Double($0) }
        #expect(ink.count >= 4, "\(ink.count) pages")
        #expect(ink.allSatisfy { $0 > 0.005 }, "no blank page: \(ink)")
        let text = try run("/usr/bin/pdftotext", [pdf, "-"]).output.filter { !$0.isWhitespace }
        for expected in ["0.666", "0.536", "未达成", "课程目标达成情况评价表", "10.83", "21.67"] {
            #expect(text.contains(expected), "the PDF shows \(expected)")
        }
    }
}

import Foundation
import Testing

@testable import AttainmentIO
@testable import AttainmentReport
import TestSupport

#if canImport(FoundationXML)
    import FoundationXML
#endif

// MARK: - The sample document

/// A chart drawn by hand: a frame, dashed grid lines, a band, a series, a dotted threshold,
/// 60 students' markers and text anchored at the start, middle and end.
private let sampleScene: Scene = {
    var scene = Scene(width: 420, height: 260, description: "毕业要求达成值 attainment of requirements")
    let black = SceneColor(red: 0, green: 0, blue: 0)
    let white = SceneColor(red: 255, green: 255, blue: 255)
    let grey = SceneColor(red: 0x80, green: 0x80, blue: 0x80)
    let blue = SceneColor(red: 0x44, green: 0x72, blue: 0xC4)
    let red = SceneColor(red: 0xC0, green: 0, blue: 0)
    func point(_ x: Double, _ y: Double) -> ScenePoint { ScenePoint(x: x, y: y) }
    func text(_ text: String, _ x: Double, _ y: Double, _ anchor: TextAnchor, color: SceneColor = black) -> SceneShape {
        .text(text, at: point(x, y), size: 9, anchor: anchor, color: color, bold: false)
    }

    scene.add(.rectangle(x: 0, y: 0, width: 420, height: 260, fill: white, stroke: nil), role: .background)
    scene.add(
        .text("毕业要求达成情况 Attainment", at: point(220, 14), size: 12, anchor: .middle, color: black, bold: true),
        role: .title)
    for (index, label) in ["1.0", "0.5", "0.0"].enumerated() {
        let y = 40 + Double(index) * 90
        let stroke = SceneStroke(color: grey, width: 0.5, dash: .dashed)
        scene.add(.line(from: point(50, y), to: point(400, y), stroke: stroke), role: .grid)
        scene.add(text(label, 45, y, .end, color: grey), role: .tickLabel)
    }
    let band = [point(50, 100), point(400, 80), point(400, 140), point(50, 160)]
    scene.add(.polygon(band, fill: blue, fillOpacity: 0.2, stroke: nil), role: .series)
    let series = [point(50, 130), point(130, 100), point(220, 120), point(300, 70), point(400, 90)]
    scene.add(.polyline(series, stroke: SceneStroke(color: blue, width: 2)), role: .series)
    // A scattered cloud: 60 points from a linear congruential generator.
    var seed: UInt32 = 12_345
    func next(_ range: Double) -> Double {
        seed = seed &* 1_103_515_245 &+ 12_345
        return Double(seed >> 16 & 0x7FFF) / 32_768 * range
    }
    let centres: [ScenePoint] = (0..<60).map { _ in point(60 + next(330), 50 + next(160)) }
    let outline = SceneStroke(color: white, width: 0.5)
    scene.add(.markers(centres, radius: 3, fill: blue, fillOpacity: 0.6, stroke: outline), role: .point)
    let threshold = SceneStroke(color: red, width: 1, dash: .dotted)
    scene.add(.line(from: point(50, 103), to: point(400, 103), stroke: threshold), role: .threshold)
    scene.add(text("阈值 0.70", 330, 95, .start, color: red), role: .thresholdLabel)
    scene.add(
        .line(from: point(50, 220), to: point(400, 220), stroke: SceneStroke(color: black, width: 1)), role: .axis)
    for (index, label) in ["GR1", "GR2 毕业要求", "GR3"].enumerated() {
        scene.add(text(label, 100 + Double(index) * 130, 235, .middle), role: .tickLabel)
    }
    return scene
}()

/// A bar chart wider than the text column (600 pt), which the writer scales down to fit.
private let wideScene: Scene = {
    var scene = Scene(width: 600, height: 200, description: "各课程目标达成值 objectives")
    let teal = SceneColor(red: 0x2E, green: 0x8B, blue: 0x57)
    let black = SceneColor(red: 0, green: 0, blue: 0)
    for index in 0..<8 {
        let value = 0.45 + Double(index % 5) * 0.12
        let x = 40 + Double(index) * 70
        let top = 170 - value * 150
        scene.add(.rectangle(x: x, y: top, width: 40, height: 170 - top, fill: teal, stroke: nil), role: .bar)
        let label = String(format: "%.2f", value)
        scene.add(
            .text(label, at: ScenePoint(x: x + 20, y: top - 8), size: 8, anchor: .middle, color: black, bold: false),
            role: .valueLabel)
        scene.add(
            .text(
                "目标\(index + 1)", at: ScenePoint(x: x + 20, y: 185), size: 9, anchor: .middle, color: black, bold: false
            ), role: .tickLabel)
    }
    scene.add(
        .line(
            from: ScenePoint(x: 30, y: 170), to: ScenePoint(x: 590, y: 170), stroke: SceneStroke(color: black, width: 1)
        ), role: .axis)
    return scene
}()

/// The support matrix: 20 columns, so it needs a landscape page.
private let wideTable = ReportTable(
    caption: "表 2 课程对毕业要求的支撑矩阵 Support matrix",
    header: ["毕业要求"] + (1...19).map { "C\($0)" },
    rows: (1...4).map { row in [.text("GR\(row)")] + (1...19).map { .text(["H", "M", "L", ""][($0 + row) % 4]) } },
    landscape: true)

/// A document with everything the writer handles, in Chinese with English mixed in.
private let sampleDocument = ReportDocument(
    title: "计算机科学与技术专业 自评报告 & <test>",
    language: .zh,
    blocks: [
        .tableOfContents,
        .heading(level: 1, text: "1 课程目标达成情况"),
        .paragraph([
            .plain("本报告依据 "), .code("attain run"), .plain(" 的计算结果撰写，"), .bold("达成阈值为 0.70"),
            .plain("。Text with \"quotes\" & <brackets>\u{1}\u{B} and a control character removed."),
        ]),
        .bullets([[.plain("课程目标 1：已达成")], [.plain("Objective 2: "), .bold("below threshold")]]),
        .heading(level: 2, text: "1.1 CS101 程序设计基础"),
        .table(
            ReportTable(
                caption: "表 1 CS101 课程目标达成情况评价表",
                header: ["课程目标", "考核环节", "权重", "达成值"],
                rows: [
                    [.text("目标 1 理解基本概念"), .text("期末考试"), .number("0.60"), .number("0.812")],
                    [.merged("目标 1 理解基本概念"), .text("平时作业"), .number("0.40"), .number("0.655", emphasis: .below)],
                    [.merged("目标 1 理解基本概念"), .text("实验"), .number("0.20"), .number("0.702", emphasis: .near)],
                    [.text("目标 2 Programming"), .text("项目"), .number("1.00"), .number("0.905")],
                ])),
        .figure(ReportFigure(caption: "图 1 毕业要求达成情况", name: "requirements", scene: sampleScene)),
        .heading(level: 1, text: "2 支撑关系 Support"),
        .table(wideTable),
        .heading(level: 2, text: "2.1 结论"),
        .paragraph([.plain("所有毕业要求均已达成。All requirements are attained.")]),
        .figure(ReportFigure(caption: "图 2 各课程目标达成值", name: "objectives", scene: wideScene)),
        .paragraph([.plain("图 2 按比例缩小到版心宽度。")]),
    ])

/// The texts of every table as a reader sees them: header row first; a merged cell reads as
/// the cell it continues.
private let expectedTables: [[[String]]] = sampleDocument.blocks.compactMap {
    guard case .table(let table) = $0 else { return nil }
    return [table.header] + table.rows.map { $0.map(\.text) }
}

// MARK: - Helpers

/// Runs a program with its output in files (no pipe to fill up), stopping it after `timeout`.
func run(_ program: String, _ arguments: [String], timeout: TimeInterval = 120) throws
    -> (status: Int32, output: String, errors: String)
{
    let folder = scratchDirectory.appendingPathComponent("attain-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let outputURL = folder.appendingPathComponent("out")
    let errorsURL = folder.appendingPathComponent("err")
    try Data().write(to: outputURL)
    try Data().write(to: errorsURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    process.standardOutput = try FileHandle(forWritingTo: outputURL)
    process.standardError = try FileHandle(forWritingTo: errorsURL)
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning {
        process.terminate()
        process.waitUntilExit()
        return (-1, "", "\(program) did not finish in \(Int(timeout)) s")
    }
    let text = { (url: URL) in String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self) }
    return (process.terminationStatus, text(outputURL), text(errorsURL))
}

/// Writes `bytes` to a new temporary folder and returns the file's path.
func temporaryFile(_ bytes: [UInt8], named name: String) throws -> String {
    let folder = scratchDirectory.appendingPathComponent("attain-docx-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent(name).path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

let python = "/usr/bin/python3"

/// Whether Debian's python3 has python-docx (`scripts/setup --tests` installs python3-docx).
let pythonDocxAvailable = (try? run(python, ["-c", "import docx"]).status) == 0

/// Whether LibreOffice Writer, poppler and PIL are there to render documents
/// (`scripts/setup --tests` installs them). `soffice` alone is not enough: it comes with
/// LibreOffice Calc too; the DOCX import filter comes with Writer only.
let renderToolsAvailable =
    FileManager.default.fileExists(atPath: "/usr/lib/libreoffice/program/libwriterfilterlo.so")
    && FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice")
    && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftoppm")
    && (try? run(python, ["-c", "import PIL"]).status) == 0

// MARK: - Tests

@Suite("DOCX writer")
struct DOCXTests {
    static let partNames = [
        "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml",
        "word/styles.xml", "word/settings.xml", "word/numbering.xml", "word/footer1.xml", "word/_rels/document.xml.rels",
    ]

    /// The zip writer's archives read back with our own reader and with Python's zipfile,
    /// stored and deflated entries alike, and the same entries give the same bytes.
    @Test func zipWriterRoundTrips() throws {
        let entries: [(String, [UInt8])] = [
            ("empty.txt", []),
            ("short.bin", [0xFF, 0x00, 0x7F]),
            ("text/long.xml", Array(String(repeating: "<w:p>达成度 attainment</w:p>", count: 5_000).utf8)),
            ("random.bin", (0..<70_000).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }),
        ]
        func archive() -> [UInt8] {
            var zip = ZipWriter()
            for (name, bytes) in entries { zip.add(name, bytes) }
            return zip.finish()
        }
        let bytes = archive()
        #expect(bytes == archive())
        let reader = try XLSXArchive(bytes: bytes, file: "test.zip")
        for (name, contents) in entries {
            let entry = try #require(reader.entry(name), "\(name) is in the archive")
            #expect(try reader.contents(of: entry, limits: .default) == contents, "\(name) reads back")
        }
        #expect(reader.entry("text/long.xml")?.method == 8, "text is deflated")
        #expect(reader.entry("short.bin")?.method == 0, "what deflate cannot shrink is stored")

        let path = try temporaryFile(bytes, named: "test.zip")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let check = try run(python, ["-m", "zipfile", "-t", path])
        #expect(check.status == 0, "python3 -m zipfile -t: \(check.output) \(check.errors)")
    }

    /// Escaping keeps text and drops what XML 1.0 cannot hold.
    @Test func escapesText() {
        #expect(XMLText.escaped("a<b & \"c\">\u{0}\u{1F}\t\u{FFFE}达") == "a&lt;b &amp; &quot;c&quot;&gt;\t达")
        #expect(
            XMLText.runText("a\tb\nc")
                == "<w:t xml:space=\"preserve\">a</w:t><w:tab/><w:t xml:space=\"preserve\">b</w:t><w:br/><w:t xml:space=\"preserve\">c</w:t>"
        )
    }

    /// Every part is there, in order, and is well-formed XML; the same document gives the same
    /// bytes.
    @Test func packageIsWellFormedAndReproducible() throws {
        let bytes = DOCXWriter.make(sampleDocument)
        #expect(bytes == DOCXWriter.make(sampleDocument), "same document, same bytes")
        let archive = try XLSXArchive(bytes: bytes, file: "report.docx")
        for name in Self.partNames {
            let entry = try #require(archive.entry(name), "\(name) is in the package")
            let contents = try archive.contents(of: entry, limits: .default)
            #if canImport(FoundationXML)
                let parser = XMLParser(data: Data(contents))
                #expect(parser.parse(), "\(name) is well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
            #endif
            if name == "docProps/core.xml" {
                let text = String(decoding: contents, as: UTF8.self)
                #expect(text.contains("<dc:title>计算机科学与技术专业 自评报告 &amp; &lt;test&gt;</dc:title>"))
                #expect(!text.contains("dcterms:created"), "no dates")
            }
            if name == "word/document.xml" {
                let text = String(decoding: contents, as: UTF8.self)
                #expect(!text.contains("\u{1}") && !text.contains("\u{B}"), "control characters are removed")
                #expect(text.contains("TOC \\o \"1-3\" \\h \\z \\u"))
                #expect(text.contains("右键单击此处并选择“更新域”以生成目录。"))
                for feature in [
                    "<w:tblHeader/>", "<w:vMerge w:val=\"restart\"/>", "<w:vMerge/>", "w:fill=\"FADBD8\"",
                    "w:fill=\"FFF2CC\"", "<w:jc w:val=\"right\"/>", "<w:tblW w:w=\"5000\" w:type=\"pct\"/>",
                ] {
                    #expect(text.contains(feature), "the tables have \(feature)")
                }
            }
        }
    }

    /// Sections switch where the orientation does: two landscape tables in a row share one
    /// section, a document may end landscape; an English document's fixed texts are English.
    @Test func sectionsAndEnglish() throws {
        let document = ReportDocument(
            title: "Report", language: .en,
            blocks: [
                .tableOfContents, .table(wideTable), .heading(level: 1, text: "Next"), .paragraph([.plain("Text")]),
                .table(wideTable), .table(wideTable),
            ])
        let archive = try XLSXArchive(bytes: DOCXWriter.make(document), file: "report.docx")
        let part = { (name: String) throws -> String in
            let entry = try #require(archive.entry(name))
            return String(decoding: try archive.contents(of: entry, limits: .default), as: UTF8.self)
        }
        let body = try part("word/document.xml")
        let sections = body.components(separatedBy: "<w:sectPr>").dropFirst().map {
            $0.components(separatedBy: "</w:sectPr>")[0].contains("w:orient=\"landscape\"")
        }
        #expect(sections == [false, true, false, true])
        #expect(body.contains("Right-click here and choose Update Field to build the table of contents."))
        #expect(try part("word/styles.xml").contains("<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\""))
    }

    /// python-docx, an independent reader, sees the tables' texts, the heading styles, the
    /// sections' orientations and the figure.
    @Test func pythonDocxReadsIt() throws {
        try #require(pythonDocxAvailable, "python-docx is missing for /usr/bin/python3 (scripts/setup --tests installs python3-docx)")
        let path = try temporaryFile(DOCXWriter.make(sampleDocument), named: "report.docx")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        // Also parses every XML part with expat's namespace processing, which refuses an
        // undeclared prefix.
        let script = """
            import docx, json, sys, zipfile, xml.parsers.expat
            for name in zipfile.ZipFile(sys.argv[1]).namelist():
                xml.parsers.expat.ParserCreate(namespace_separator=" ").Parse(zipfile.ZipFile(sys.argv[1]).read(name), True)
            d = docx.Document(sys.argv[1])
            print(json.dumps({
                "tables": [[[c.text for c in row.cells] for row in t.rows] for t in d.tables],
                "headings": [[p.style.name, p.text] for p in d.paragraphs if p.style.name.startswith("Heading")],
                "sections": [int(s.orientation) for s in d.sections],
                "pageSizes": [[s.page_width.twips, s.page_height.twips] for s in d.sections],
                "inline": [s.width for s in d.inline_shapes],
                "title": d.core_properties.title,
                "bullets": [p.text for p in d.paragraphs if p.style.name == "List Bullet"],
            }, ensure_ascii=False))
            """
        let result = try run(python, ["-c", script, path])
        try #require(result.status == 0, "python-docx failed: \(result.errors)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(json["tables"] as? [[[String]]] == expectedTables)
        #expect(
            json["headings"] as? [[String]] == [
                ["Heading 1", "1 课程目标达成情况"], ["Heading 2", "1.1 CS101 程序设计基础"],
                ["Heading 1", "2 支撑关系 Support"], ["Heading 2", "2.1 结论"],
            ])
        #expect(json["sections"] as? [Int] == [0, 1, 0], "portrait, landscape, portrait")
        #expect(json["pageSizes"] as? [[Int]] == [[11_906, 16_838], [16_838, 11_906], [11_906, 16_838]])
        // One inline shape per figure; a figure wider than the text column fits it.
        let textWidth = DOCXPage.textWidth(landscape: false) * 635
        #expect(json["inline"] as? [Int] == [420 * 12_700, textWidth])
        #expect(json["title"] as? String == sampleDocument.title)
        #expect(json["bullets"] as? [String] == ["课程目标 1：已达成", "Objective 2: below threshold"])
    }

    /// LibreOffice renders the document: portrait, landscape and portrait pages, none blank,
    /// with the chart's texts and the tables' texts in the PDF.
    ///
    /// Set `ATTAIN_KEEP_RENDERS` to a folder to keep the .docx, PDF and page images there.
    @Test(.timeLimit(.minutes(3)))
    func libreOfficeRendersIt() throws {
        try #require(renderToolsAvailable, "LibreOffice Writer, pdftoppm or python3-pil is missing (scripts/setup --tests installs them)")
        let path = try temporaryFile(DOCXWriter.make(sampleDocument), named: "report.docx")
        let folder = (path as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A profile of its own, so that parallel runs do not share LibreOffice's lock.
        let profile = "file://" + folder + "/profile"
        let convert = try run(
            "/usr/bin/soffice",
            ["-env:UserInstallation=\(profile)", "--headless", "--convert-to", "pdf", "--outdir", folder, path])
        let pdf = folder + "/report.pdf"
        try #require(
            FileManager.default.fileExists(atPath: pdf), "soffice made no PDF: \(convert.output) \(convert.errors)")
        let pages = try run("/usr/bin/pdftoppm", ["-r", "40", "-png", pdf, folder + "/page"])
        try #require(pages.status == 0, "pdftoppm failed: \(pages.errors)")
        if let keep = ProcessInfo.processInfo.environment["ATTAIN_KEEP_RENDERS"] {
            try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.contains(".") {
                try? FileManager.default.removeItem(atPath: keep + "/" + name)
                try? FileManager.default.copyItem(atPath: folder + "/" + name, toPath: keep + "/" + name)
            }
        }

        let measure = """
            import glob, sys
            from PIL import Image
            for name in sorted(glob.glob(sys.argv[1] + "/page-*.png")):
                image = Image.open(name).convert("L")
                dark = sum(1 for value in image.getdata() if value < 245)
                print(image.width, image.height, dark / (image.width * image.height))
            """
        let measured = try run(python, ["-c", measure, folder])
        try #require(measured.status == 0, "PIL failed: \(measured.errors)")
        let images = measured.output.split(separator: "\n").map { $0.split(separator: " ").compactMap { Double($0) } }
        #expect(images.count >= 3, "a page per section at least")
        for (number, image) in images.enumerated() {
            #expect(image.count == 3 && image[2] > 0.005, "page \(number + 1) is not blank: \(image)")
        }
        var orientations: [Bool] = []
        for image in images where image.count == 3 && orientations.last != (image[0] > image[1]) {
            orientations.append(image[0] > image[1])
        }
        #expect(orientations == [false, true, false], "portrait, landscape, portrait pages")

        // Without white space: pdftotext reads a gap between Chinese and Latin glyphs as one.
        let text = try run("/usr/bin/pdftotext", [pdf, "-"]).output.filter { !$0.isWhitespace }
        for expected in [
            "阈值 0.70", "GR2 毕业要求", "毕业要求达成情况 Attainment", "0.655", "C19", "2.1 结论", "目标8", "0.93",
        ] {
            #expect(text.contains(expected.filter { !$0.isWhitespace }), "the PDF shows \(expected)")
        }
    }
}

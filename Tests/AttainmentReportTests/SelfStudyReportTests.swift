import AttainmentCore
import AttainmentIO
import Foundation
import Testing

@testable import AttainmentReport

private func report(_ path: String, _ options: ReportOptions) throws -> ReportDocument {
    let (result, files) = try computed(path)
    return ReportBuilder.build(result, inputs: files, options: options)
}

private func options(_ language: ReportLanguage = .zh, pseudonymise: Bool = false, key: String? = nil) -> ReportOptions {
    ReportOptions(language: language, pseudonymise: pseudonymise, pseudonymKey: key, nearMargin: 0.05, date: "2026-09-01")
}

extension ReportDocument {
    var tables: [ReportTable] {
        blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }
    }

    var figures: [ReportFigure] {
        blocks.compactMap { if case .figure(let figure) = $0 { figure } else { nil } }
    }

    /// Every text of the document, for searching.
    var allText: String {
        var text = title + "\n"
        for block in blocks {
            switch block {
            case .heading(_, let heading): text += heading + "\n"
            case .paragraph(let runs): text += runs.map(\.text).joined() + "\n"
            case .bullets(let items): text += items.map { $0.map(\.text).joined() }.joined(separator: "\n") + "\n"
            case .table(let table):
                text += table.caption + "\n" + table.header.joined(separator: "\t") + "\n"
                text += table.rows.map { $0.map(\.text).joined(separator: "\t") }.joined(separator: "\n") + "\n"
            case .figure(let figure): text += figure.caption + "\n" + SVGRenderer.render(figure.scene) + "\n"
            case .tableOfContents: break
            }
        }
        return text
    }

    func table(captioned fragment: String) throws -> ReportTable {
        try #require(tables.first { $0.caption.contains(fragment) }, "a table captioned …\(fragment)…")
    }
}

/// The hand-computed numbers of fixtures/workbook/README.md, as the report shows them.
@Suite struct SelfStudyReportNumbersTests {
    @Test func courseEvaluationTableShowsTheHandComputedValues() throws {
        let document = try report("fixtures/workbook/programme.xlsx", options())
        let table = try document.table(captioned: "课程目标达成情况评价表")
        #expect(table.header == ["课程目标", "支撑指标点", "考核环节（权重）", "考核项目", "分值", "平均分", "达成度", "结论"])
        // CO1 is assessed by 作业, 考勤, Q1 and 20 of Q3's 60 marks; CO2 by Q2 and 40 of Q3's.
        let co1 = table.rows.filter { $0[0].text == "CO1" }
        let co2 = table.rows.filter { $0[0].text == "CO2" }
        // 作业 and 考勤 weigh 50 % each within 平时 (方式权重), normalised to 0.5.
        #expect(co1.map { $0[3].text } == ["作业（权重 0.500）", "考勤（权重 0.500）", "Q1", "Q3"])
        #expect(co2.map { $0[3].text } == ["Q2", "Q3"])
        // CO1 = 2.663333/4 = 0.665833 → "0.666", below 0.7; CO2 = 0.536111.
        #expect(co1[0][6].text == "0.666" && co1[0][6].emphasis == .below && co1[0][7].text == "未达成")
        #expect(co2[0][6].text == "0.536" && co2[0][6].emphasis == .below)
        // Rows after the first of an objective continue its merged cells.
        #expect(co1.dropFirst().allSatisfy { $0[0].mergedWithAbove && $0[6].mergedWithAbove && !$0[3].mergedWithAbove })
        // Q3 (60 marks) averages (45 + 30 + 0 + 55)/4 = 32.5: 20 marks assess CO1 (32.5/3 = 10.83),
        // 40 assess CO2 (21.67). The absent student counts 0.
        let q3co1 = try #require(co1.last)
        let q3co2 = try #require(co2.last)
        #expect(q3co1[4].text == "20" && q3co1[5].text == "10.83")
        #expect(q3co2[4].text == "40" && q3co2[5].text == "21.67")
        // Q1 averages (16 + 12 + 0 + 20)/4 = 12. CO1 is assessed by 平时 (30) and 期末 (70), so
        // λ = 0.3 and 0.7; CO2 by 期末 alone, so λ = 1.
        #expect(co1[2][5].text == "12.00")
        #expect(co1[0][2].text == "平时（0.300）" && co1[2][2].text == "期末（0.700）" && co2[0][2].text == "期末（1.000）")
        // Q1 and Q3 are both 期末: the component cell merges.
        #expect(co1[3][2].mergedWithAbove)
    }

    @Test func studentsBelowTheIndividualThresholdAreCountedPerObjective() throws {
        let document = try report("fixtures/workbook/programme.xlsx", options(.en))
        // CO1 per student: .8275, .625, .24, .970833 → 1 of 4 below 0.6; CO2: .733, .5, 0, .911 → 2.
        #expect(document.allText.contains("CO1 1 of 4 (25.0%); CO2 2 of 4 (50.0%)"))
        let requirements = try document.table(captioned: "Graduation requirements (threshold 0.7)")
        // GR1 = min(1.1, 1.2) = 0.536111; per student min(CO1, CO2): .733, .5, 0, .911 → 2 below.
        #expect(requirements.rows[0].map(\.text) == ["GR1", requirements.rows[0][1].text, "1.1, 1.2", "0.536", "not met", "2/4", "50.0%"])
    }

    /// The course's scatter marks in red exactly the students the sentence under it counts:
    /// those below the individual threshold (0.6), not the class threshold (0.7). CO1's 0.625
    /// lies between the two and stays blue.
    @Test func theScatterMarksTheStudentsBelowTheIndividualThreshold() throws {
        let document = try report("fixtures/workbook/programme.xlsx", options(.en))
        let scatter = try #require(document.figures.first { $0.name.contains("-course-") })
        var red = 0, blue = 0
        for element in scatter.scene.elements where element.role == .point {
            guard case .markers(let points, _, let fill, _, _) = element.shape else { continue }
            if fill == ChartStyle.red { red += points.count } else if fill == ChartStyle.blue { blue += points.count }
        }
        // CO1 1 of 4, CO2 2 of 4 below 0.6 (the test above).
        #expect(red == 3 && blue == 5)
        let labels = scatter.scene.elements.compactMap { element -> String? in
            guard element.role == .thresholdLabel, case .text(let text, _, _, _, _, _) = element.shape else { return nil }
            return text
        }
        #expect(labels == ["Individual threshold 0.6"])
    }

    @Test func findingsNameWhatIsBelowAndNearTheThreshold() throws {
        let (result, files) = try computed("fixtures/workbook/programme.xlsx")
        let document = ReportBuilder.build(result, inputs: files, options: options(.en))
        let findings = document.allText.components(separatedBy: "7. Findings").last ?? ""
        #expect(findings.contains("Not met: requirement GR1"))
        #expect(findings.contains("Course objectives below the threshold: C1 CO1 (0.666), C1 CO2 (0.536)."))
        #expect(!findings.contains("Near the threshold"))
    }

    @Test func aValueJustAboveTheThresholdIsNearNotBelow() throws {
        // tiny/component-ratios: CO1 = 0.63. With a class threshold of 0.6 it meets it by 0.03,
        // which is near with the default margin 0.05 and not near with 0.02.
        let loaded = try ProgrammeFolder.load(root + "/fixtures/tiny/component-ratios")
        var input = loaded.input
        input.programme.thresholds.classLevel = 0.6
        let result = try input.computeAttainment()
        let near = ReportBuilder.build(result, inputs: loaded.files, options: options(.en))
        let cell = try near.table(captioned: "course-objective evaluation").rows[0][6]
        #expect(cell.text == "0.630" && cell.emphasis == .near)
        var narrow = options(.en)
        narrow.nearMargin = 0.02
        let notNear = ReportBuilder.build(result, inputs: loaded.files, options: narrow)
        #expect(try notNear.table(captioned: "course-objective evaluation").rows[0][6].emphasis == TableCell.Emphasis.none)
        // At the default threshold 0.7 it is below.
        let below = ReportBuilder.build(try loaded.compute(), inputs: loaded.files, options: options(.en))
        #expect(try below.table(captioned: "course-objective evaluation").rows[0][6].emphasis == .below)
    }
}

@Suite struct SelfStudyReportContentTests {
    @Test func everySectionAndChartIsThere() throws {
        let (result, files) = try computed("fixtures/engineering")
        let document = ReportBuilder.build(result, inputs: files, options: options())
        #expect(document.chapters.count == 7)
        #expect(document.blocks.first == .heading(level: 1, text: document.title))
        let programme = result.programme
        // A scatter per course, a bar and a radar chart, a histogram per requirement.
        #expect(document.figures.count == programme.courses.count + 2 + programme.requirements.count)
        #expect(Set(document.figures.map(\.name)).count == document.figures.count, "figure names are unique")
        // Cover: every input file with its hash; the support matrix is landscape.
        let inputs = try document.table(captioned: "输入文件")
        #expect(inputs.rows.map { $0[2].text } == files.map(\.sha256))
        #expect(try document.table(captioned: "课程对毕业要求指标点的支撑矩阵").landscape)
        // The requirement table's values and verdicts are the computed ones, unrounded verdicts.
        let requirements = try document.table(captioned: "毕业要求达成情况（期望值")
        for (row, attainment) in zip(requirements.rows, result.requirements) {
            let value = try #require(attainment.value.value)
            #expect(abs(Double(row[3].text)! - value) <= 0.0005)
            #expect(row[4].text == (value >= 0.7 ? "达成" : "未达成"))
            #expect((row[3].emphasis == .below) == (value < 0.7))
        }
    }

    @Test func theEnglishReportHasNoChineseOfItsOwn() throws {
        let (result, files) = try computed("fixtures/engineering")
        var text = ReportBuilder.build(result, inputs: files, options: options(.en)).allText
        // Remove the programme's own texts and the students' names; what is left is ours.
        let programme = result.programme
        var data = [programme.name] + programme.objectives.map(\.text)
        data += programme.requirements.flatMap { [$0.name, $0.text] + $0.indicators.map(\.text) }
        data += programme.courses.flatMap { [$0.name] + $0.objectives.map(\.text) + $0.components.map(\.name) + $0.items.map(\.id) }
        data += result.students.students.map(\.name)
        for piece in data.filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            text = text.replacingOccurrences(of: piece, with: "")
        }
        let chinese = text.unicodeScalars.filter { (0x3000...0x9FFF).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) }
        #expect(chinese.isEmpty, "fixed texts in Chinese: \(String(String.UnicodeScalarView(chinese.prefix(40))))")
    }

    @Test func pseudonymsHideIdsAndNamesAndAreStable() throws {
        let (result, files) = try computed("fixtures/engineering")
        let plain = ReportBuilder.build(result, inputs: files, options: options())
        let hidden = ReportBuilder.build(result, inputs: files, options: options(pseudonymise: true))
        let students = result.students.students
        let below = BelowThreshold.all(result).filter { $0.level == .requirement }
        #expect(!below.isEmpty)
        let plainText = plain.allText
        #expect(below.allSatisfy { plainText.contains($0.student.id) })
        let text = hidden.allText
        #expect(students.allSatisfy { !text.contains($0.id) && ($0.name.isEmpty || !text.contains($0.name)) })
        // Each listed student's pseudonym is HMAC-SHA256(key, id), as the docs say.
        let key = "attain:\(result.programme.id):\(result.programme.cohort)"
        for row in below {
            let pseudonym = "S" + Pseudonyms.hmac(key: Array(key.utf8), message: Array(row.student.id.utf8)).prefix(8).uppercased()
            #expect(text.contains(pseudonym))
        }
        // Another key, other pseudonyms; the same key, the same report.
        let keyed = ReportBuilder.build(result, inputs: files, options: options(pseudonymise: true, key: "secret"))
        #expect(keyed.allText != text)
        #expect(ReportBuilder.build(result, inputs: files, options: options(pseudonymise: true)) == hidden)
    }

    @Test func hmacMatchesRFC4231() {
        // RFC 4231, test case 2.
        #expect(Pseudonyms.hmac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // Test case 6: a key longer than the block is hashed first.
        #expect(Pseudonyms.hmac(key: [UInt8](repeating: 0xAA, count: 131), message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
            == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func onlyCollidingPseudonymsGrow() throws {
        // With 2 digits, 600 ids must collide (256 prefixes); every pseudonym stays unique, and
        // an id keeps the shortest form unless another id shares its prefix.
        let ids = (0..<600).map { String(format: "2022%06d", $0) }
        let pseudonyms = Pseudonyms(ids: ids, key: "k", digits: 2)
        let names = ids.map(pseudonyms.name(of:))
        #expect(Set(names).count == ids.count)
        let digests = ids.map { Pseudonyms.hmac(key: Array("k".utf8), message: Array($0.utf8)) }
        for (index, digest) in digests.enumerated() {
            let shared = digests.indices.contains { $0 != index && digests[$0].prefix(2) == digest.prefix(2) }
            #expect((names[index].count == 3) == !shared, "\(ids[index]) → \(names[index])")
            #expect(names[index] == "S" + digest.prefix(names[index].count - 1).uppercased())
        }
        #expect(names.contains { $0.count > 3 }, "some grew")
        // A newcomer changes the pseudonyms of no one who did not share its prefix.
        let newcomer = "2099000001"
        let prefix = Pseudonyms.hmac(key: Array("k".utf8), message: Array(newcomer.utf8)).prefix(2)
        let grown = Pseudonyms(ids: ids + [newcomer], key: "k", digits: 2)
        for (index, id) in ids.enumerated() where digests[index].prefix(2) != prefix {
            #expect(grown.name(of: id) == names[index])
        }
    }
}

@Suite struct ReportRenderingTests {
    @Test func markdownTablesKeepTheirShapeAndMarkValues() throws {
        let table = ReportTable(
            caption: "T", header: ["a", "b|c", "v"],
            rows: [[.text("x_1"), .text("*y*"), .number("0.500", emphasis: .below)],
                   [.merged("x_1"), .text("z"), .number("0.720", emphasis: .near)]])
        let text = MarkdownReport.table(table)
        #expect(text == "| a | b\\|c | v |\n|---|---|---:|\n| x_1 | \\*y\\* | **0.500** |\n|  | z | _0.720_ |\n")
    }

    @Test func htmlMergesCellsAndEscapes() {
        let table = ReportTable(
            caption: "<T>", header: ["a", "b"],
            rows: [[.text("A"), .number("1", emphasis: .below)], [.merged("A"), .number("2")], [.text("B & C"), .number("3")]])
        let html = HTMLReport.table(table)
        #expect(html.contains("<caption>&lt;T&gt;</caption>"))
        #expect(html.contains("<tr><td rowspan=\"2\">A</td><td class=\"num below\">1</td></tr>\n<tr><td class=\"num\">2</td></tr>"))
        #expect(html.contains("<td>B &amp; C</td>"))
    }

    @Test func htmlIsSelfContained() throws {
        let (result, files) = try computed("fixtures/engineering")
        let html = HTMLReport.render(ReportBuilder.build(result, inputs: files, options: options()))
        // Nothing that would make a browser fetch: the only URLs are SVG namespace names.
        let withoutNamespaces = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        for needle in ["http:", "https:", "//", "<link", "<script", "<img", "<iframe", "url(", "@import"] {
            #expect(!withoutNamespaces.contains(needle), "report.html contains \(needle)")
        }
        #expect(html.components(separatedBy: "<svg").count - 1 == result.programme.courses.count + 2 + result.programme.requirements.count)
    }

    @Test func sameInputSameBytes() throws {
        let (result, files) = try computed("fixtures/teacher-education")
        let first = SelfStudyReport.build(result, inputs: files, options: options(), formats: ReportFormat.allCases)
        let second = SelfStudyReport.build(result, inputs: files, options: options(), formats: ReportFormat.allCases)
        #expect(first.map(\.name) == second.map(\.name))
        #expect(first == second)
        #expect(first.contains { $0.name == "report.docx" } && first.contains { $0.name.hasPrefix("charts/") })
    }
}

import AttainmentCore
import AttainmentIO
import Foundation
import Testing

@testable import AttainmentReport

private let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

private func outputs(_ fixture: String) throws -> [OutputDocument] {
    let result = try ProgrammeFolder.load(repository + "/fixtures/" + fixture).compute()
    return try ResultDocuments.build(result, inputs: [], formats: [.csv, .json, .md])
}

private func text(_ name: String, in documents: [OutputDocument]) throws -> String {
    let document = try #require(documents.first { $0.name == name }, "\(name) is written")
    return String(decoding: document.contents, as: UTF8.self)
}

/// The counts behind NBA's levels and ABET's shares in the outputs (methods.md §11, §12), on the
/// hand-computed fixtures whose README.md has the numbers.
@Suite struct SchemeOutputTests {
    @Test func nbaLevelsTable() throws {
        let csv = try text("course_objective_levels.csv", in: outputs("tiny/nba"))
        #expect(csv == """
            course_id,objective_id,part,students_assessed,students_reaching,share,level,weight
            C1,CO1,internal,6,5,0.833333,3,0.400000
            C1,CO1,end-semester,6,4,0.666667,2,0.600000
            C1,CO1,combined,,,,2.400000,
            C1,CO2,internal,6,3,0.500000,1,0.400000
            C1,CO2,end-semester,6,5,0.833333,3,0.600000
            C1,CO2,combined,,,,2.200000,
            C2,CO1,internal,5,4,0.800000,3,0.400000
            C2,CO1,end-semester,4,2,0.500000,1,0.600000
            C2,CO1,combined,,,,1.800000,
            C2,CO2,internal,5,4,0.800000,3,1.000000
            C2,CO2,combined,,,,3.000000,

            """)
    }

    @Test func abetLevelsTable() throws {
        let documents = try outputs("tiny/abet")
        let csv = try text("course_objective_levels.csv", in: documents)
        #expect(csv == """
            course_id,objective_id,part,students_assessed,students_reaching,share,level,weight
            C1,CO1,rubric,6,4,0.666667,,
            C1,CO2,rubric,6,5,0.833333,,
            C2,CO1,rubric,5,3,0.600000,,

            """)
        let summary = try text("summary.md", in: documents)
        #expect(summary.contains("## Course objective rubric levels (ABET)"))
        #expect(summary.contains("| C1 | CO1 | 4/6 | 0.667 |"))
    }

    @Test func resultsJSONHasTheEvidence() throws {
        let json = try text("results.json", in: outputs("tiny/nba"))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let courses = try #require(root["courses"] as? [[String: Any]])
        let objectives = try #require(courses.last?["objectives"] as? [[String: Any]])
        let evidence = try #require(objectives.first?["evidence"] as? [String: Any])
        #expect(evidence["method"] as? String == "attainment-levels")
        #expect((evidence["target"] as? NSNumber)?.doubleValue == 0.6)
        let parts = try #require(evidence["parts"] as? [[String: Any]])
        #expect(parts.map { $0["part"] as? String } == ["internal", "end-semester"])
        #expect(parts.map { ($0["students_assessed"] as? NSNumber)?.intValue } == [5, 4])
        #expect(parts.map { ($0["level"] as? NSNumber)?.intValue } == [3, 1])
        #expect(abs(((evidence["value"] as? NSNumber)?.doubleValue ?? 0) - 1.8) < 1e-9)
        let summary = try text("summary.md", in: outputs("tiny/nba"))
        #expect(summary.contains("| C2 | CO1 | 4/5 (0.800) → 3 | 2/4 (0.500) → 1 | 1.800 |"))
    }

    /// results.xlsx has the same table on a sheet of its own, laid out like every table sheet
    /// (rows are 0-based: title, header, then C1/CO1 internal).
    @Test func workbookHasTheLevelsSheet() throws {
        let result = try ProgrammeFolder.load(repository + "/fixtures/tiny/nba").compute()
        let dump = try WorkbookDump.read(try ResultWorkbook.make(result, inputs: []))
        let sheet = try #require(dump[ResultWorkbook.SheetName.objectiveLevels])
        #expect(sheet.text(2, 2) == "internal")
        #expect(sheet.cell(2, 3)?.number == 6 && sheet.cell(2, 4)?.number == 5 && sheet.cell(2, 6)?.number == 3)
        #expect(sheet.text(4, 2) == "combined")
        #expect(abs((sheet.cell(4, 6)?.number ?? 0) - 2.4) < 1e-9)
        let plain = try ProgrammeFolder.load(repository + "/fixtures/tiny/three-methods").compute()
        #expect(try WorkbookDump.read(try ResultWorkbook.make(plain, inputs: []))[ResultWorkbook.SheetName.objectiveLevels] == nil)
    }

    /// The CEEAA programmes have neither the table nor the key: their outputs are unchanged.
    @Test func markRatioMethodsHaveNoEvidence() throws {
        let documents = try outputs("tiny/three-methods")
        #expect(!documents.contains { $0.name == "course_objective_levels.csv" })
        #expect(try !text("results.json", in: documents).contains("\"evidence\""))
        #expect(try !text("summary.md", in: documents).contains("Course objective levels"))
    }

    /// The report's near margin counts in levels under NBA, like the early warnings' (0.05 of
    /// attainment is 0.15 of a level on 0-3): PO2 at 2.133 is near the threshold 2.
    @Test func theReportsNearMarginCountsInLevels() throws {
        let result = try ProgrammeFolder.load(repository + "/fixtures/tiny/nba").compute()
        let files = SelfStudyReport.build(
            result, inputs: [], options: ReportOptions(language: .en, date: "2026-01-01"), formats: [.md])
        let text = files.first { $0.name == "report.md" }.map { String(decoding: $0.contents, as: UTF8.self) } ?? ""
        #expect(text.contains("a value that meets it by less than 0.15 amber"))
        #expect(text.contains("less than 0.15 above the threshold 2"))
    }

    /// The rules sentence names the margin and the fall limit on NBA's 0-3 scale, and only
    /// those switched on: a rule that is off has no bound to scale (it once read "—").
    @Test func theScaledRulesSentenceNamesOnlyTheRulesOn() throws {
        let result = try ProgrammeFolder.load(repository + "/fixtures/tiny/nba").compute()
        func sentence(near: Double?, fall: Double?, _ language: ReportLanguage) throws -> String {
            var rules = WarningRules()
            rules.nearMargin = near
            rules.fallLimit = fall
            let document = ReportBuilder.build(
                result, inputs: [], options: ReportOptions(language: language, date: "2026-01-01"),
                continuity: ReportContinuity(rules: rules, warnings: []))
            let prefix = language == .zh ? "预警规则：" : "Rules: "
            return try #require(document.allText.split(separator: "\n").first { $0.hasPrefix(prefix) }).description
        }
        // 0.05 and 0.1 of attainment are 0.15 and 0.3 of a level.
        #expect(try sentence(near: 0.05, fall: 0.1, .zh).hasSuffix("接近范围与下降幅度按班级数值的量程（0-3）放大为 0.15 与 0.3。"))
        #expect(try sentence(near: nil, fall: 0.1, .zh).hasSuffix("下降幅度按班级数值的量程（0-3）放大为 0.3。"))
        #expect(try sentence(near: 0.05, fall: nil, .zh).hasSuffix("接近范围按班级数值的量程（0-3）放大为 0.15。"))
        #expect(try !sentence(near: nil, fall: nil, .zh).contains("量程"))
        #expect(try sentence(near: 0.05, fall: 0.1, .en).hasSuffix(
            ". The margin and the fall limit count on the class values' scale (0-3): 0.15 and 0.3."))
        #expect(try sentence(near: nil, fall: 0.1, .en).hasSuffix(". The fall limit counts on the class values' scale (0-3): 0.3."))
        #expect(try !sentence(near: nil, fall: nil, .en).contains("scale"))
        for language in [ReportLanguage.zh, .en] {
            #expect(try !sentence(near: nil, fall: 0.1, language).contains("—"))
        }
    }
}

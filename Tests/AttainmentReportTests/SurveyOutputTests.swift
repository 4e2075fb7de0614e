import AttainmentCore
import AttainmentIO
import Foundation
import Testing

@testable import AttainmentReport

// The survey outputs of `attain run` and of the report (docs/cli.md, methods.md §13), on
// fixtures/tiny/surveys; programmes without surveys write none of them.

private let surveys: (result: AttainmentResult, files: [InputFile]) = {
    do {
        return try computed("fixtures/tiny/surveys")
    } catch {
        fatalError("the surveys fixture loads: \(error)")
    }
}()

private func document(_ documents: [OutputDocument], _ name: String) -> String? {
    documents.first { $0.name == name }.map { String(decoding: $0.contents, as: UTF8.self) }
}

@Suite struct SurveyOutputTests {
    /// surveys.csv: a row per target and survey, the direct and indirect values side by side.
    @Test func surveysCSVListsDirectAndIndirectSideBySide() throws {
        let documents = try ResultDocuments.build(surveys.result, inputs: surveys.files, formats: [.csv])
        let csv = try #require(document(documents, "surveys.csv"))
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines.first == "level,target,direct,survey,kind,respondents,population,coverage,survey_value,indirect,weight,value,verdict")
        #expect(lines.count == 7)
        // C1/CO1 is the mean of 0.8, 0.6 and 0.7, a true 0.7 that binary sums leave one ulp
        // below: met (methods.md §1).
        #expect(lines.contains("course-objective,C1/CO1,0.700000,course-exit-C1,course-exit,10,,,0.780000,0.780000,0,0.700000,met"))
        #expect(lines.contains("programme-objective,PEO1,0.675000,alumni,alumni,20,50,0.400000,0.720000,0.755357,0,0.675000,not-met"))
        #expect(lines.contains("programme-objective,PEO2,,alumni,alumni,18,50,0.400000,0.700000,0.700000,0,,not-evaluable"))
    }

    @Test func noSurveysNoSurveyOutputs() throws {
        let documents = try ResultDocuments.build(
            engineering.result, inputs: engineering.files, formats: [.csv, .json, .md])
        #expect(!documents.contains { $0.name == "surveys.csv" })
        #expect(document(documents, "results.json")?.contains("\"surveys\"") == false)
        #expect(document(documents, "summary.md")?.contains("Survey evidence") == false)
    }

    @Test func resultsJSONAndSummaryHaveASurveySection() throws {
        let documents = try ResultDocuments.build(surveys.result, inputs: surveys.files, formats: [.json, .md])
        let json = try #require(document(documents, "results.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let section = try #require(object["surveys"] as? [String: Any])
        let targets = try #require(section["targets"] as? [[String: Any]])
        #expect(targets.map { $0["target"] as? String } == ["C1/CO1", "1.1", "GR2", "PEO1", "PEO2"])
        let coverage = try #require(section["coverage"] as? [[String: Any]])
        #expect(coverage.map { $0["id"] as? String } == ["course-exit-C1", "graduating", "alumni", "employers"])
        #expect((coverage[2]["coverage"] as? Double).map { abs($0 - 0.4) < 1e-12 } == true)
        let summary = try #require(document(documents, "summary.md"))
        #expect(summary.contains("## Survey evidence (indirect)"))
        #expect(summary.contains("| programme-objective | PEO1 | 0.675 | employers | employer | 8 | 10 | 80.0% | 0.844 | 0.755 | 0 | 0.675 | not-met |"))
        #expect(summary.contains("[low-survey-coverage]"))
    }

    @Test func workbookHasASurveySheet() throws {
        let dump = try WorkbookDump.read(try ResultWorkbook.make(surveys.result, inputs: surveys.files))
        let sheet = try #require(dump["Surveys 间接评价"])
        #expect(sheet.text(2, 1) == "C1/CO1")
    }

    @Test func reportHasASurveyTable() {
        for language in [ReportLanguage.zh, .en] {
            let files = SelfStudyReport.build(
                surveys.result, inputs: surveys.files, options: ReportOptions(language: language, date: "2026-01-01"),
                formats: [.md])
            let text = files.first { $0.name == "report.md" }.map { String(decoding: $0.contents, as: UTF8.self) } ?? ""
            #expect(text.contains(language == .zh ? "间接评价（问卷）与直接评价对照" : "Survey evidence (indirect) beside the direct values"))
            #expect(text.contains("C1/CO1"))
            #expect(!text.contains("not part of this report") && !text.contains("尚未纳入本报告"))
            // Its verdicts in the report's words (达成 in Chinese), as every other table's.
            let title = language == .zh ? "间接评价（问卷）与直接评价对照" : "Survey evidence (indirect) beside the direct values"
            let section = text.components(separatedBy: title).dropFirst().first ?? ""
            let rows = section.split(separator: "\n").prefix { !$0.hasPrefix("#") }.filter { $0.contains("C1/CO1") }
            let verdicts = language == .zh ? ["达成", "未达成", "不可评价"] : ["met", "not-met", "not-evaluable"]
            #expect(!rows.isEmpty)
            #expect(rows.allSatisfy { row in verdicts.contains { row.hasSuffix("| \($0) |") } }, "\(rows)")
        }
    }
}

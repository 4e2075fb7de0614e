import AttainmentCore
import AttainmentIO
import AttainmentStore
import Foundation
import Testing

@testable import AttainmentReport

/// The findings' continuity sections (`ReportContinuity`): the run's early warnings and the
/// earlier cohorts from the results history, checked against numbers set by hand.
@Suite struct ReportContinuityTests {
    private let options = ReportOptions(language: .zh, nearMargin: 0.05, date: "2026-09-01")

    /// How a value stands against a threshold, restated from methods.md §1: below when more
    /// than 1e-9 under it, near when under threshold + 0.05 by more than 1e-9.
    private func standing(_ value: Double?, _ threshold: Double) -> TableCell.Emphasis {
        guard let value else { return .none }
        if value < threshold - 1e-9 { return .below }
        return value < threshold + 0.05 - 1e-9 ? .near : .none
    }

    /// A change as the table shows it: 3 decimals, a plus sign when positive, never -0.000.
    private func signed(_ change: Double?) -> String {
        guard let change else { return "—" }
        var text = String(format: "%.3f", change)
        if text == "-0.000" { text = "0.000" }
        return change > 0 && text != "0.000" ? "+" + text : text
    }

    @Test func earlierCohortsStandAgainstTheirOwnThresholds() throws {
        let (result, files) = engineering
        let ids = result.programme.requirements.map(\.id)
        #expect(result.programme.cohort == "2022")
        // 2020 (threshold 0.75): 0.72 everywhere but GR2, not evaluable; 2021 (threshold 0.7):
        // 0.70, 0.71, 0.72 …; neither recorded GR3, both GR99, which this cohort has not. A later
        // cohort, 2023, is not shown.
        let earlierIDs = ids.filter { $0 != "GR3" } + ["GR99"]
        let value2020: (String) -> Double? = { $0 == "GR2" ? nil : 0.72 }
        let value2021: (Int) -> Double = { 0.70 + 0.01 * Double($0) }
        let trend = TrendTable(ids: earlierIDs, rows: [
            .init(cohort: "2020", runID: 4, classThreshold: 0.75, values: earlierIDs.map(value2020)),
            .init(cohort: "2021", runID: 9, classThreshold: 0.7, values: earlierIDs.indices.map(value2021)),
            .init(cohort: "2023", runID: 12, classThreshold: 0.7, values: earlierIDs.map { _ in 0.9 }),
        ])
        let continuity = ReportContinuity(
            rules: WarningRules(), warnings: [], historyName: "h.sqlite", trend: trend, before: "2022")
        #expect(continuity.earlierCohorts.map(\.cohort) == ["2020", "2021"])
        let document = ReportBuilder.build(result, inputs: files, options: options, continuity: continuity)

        let table = try document.table(captioned: "毕业要求达成度各届对比")
        #expect(table.header == ["毕业要求", "2020 级", "2021 级", "2022 级", "变化"])
        #expect(table.rows.count == ids.count + 1)
        for (row, (id, attainment)) in zip(table.rows, zip(ids, result.requirements)) {
            let column = earlierIDs.firstIndex(of: id)
            let expected: [(Double?, Double)] = [
                (column == nil ? nil : value2020(id), 0.75), (column.map(value2021), 0.7), (attainment.value.value, 0.7),
            ]
            #expect(row[0].text == id)
            for (cell, (value, threshold)) in zip(row[1...3], expected) {
                #expect(cell.text == (value.map { String(format: "%.3f", $0) } ?? "—"), "\(id)")
                #expect(cell.emphasis == standing(value, threshold), "\(id): \(cell.text) against \(threshold)")
            }
            // This cohort's value less the earliest earlier one there is: GR2 from 2021, GR3 none.
            let earliest = expected.dropLast().lazy.compactMap(\.0).first
            let change = expected[2].0.flatMap { now in earliest.map { now - $0 } }
            #expect(row[4].text == signed(change), "\(id)")
            if id == "GR3" { #expect(row[4].text == "—") }
        }
        // 0.72 is below 2020's threshold 0.75, though above the current 0.7.
        #expect(table.rows[0][1].emphasis == .below)
        #expect(table.rows.last?.map(\.text) == ["期望值", "0.75", "0.7", "0.7", ""])
        #expect(document.figures.contains { $0.name.hasSuffix("requirements-cohorts") })
        #expect(document.allText.contains("2020 级为运行 4，2021 级为运行 9"))
        #expect(!document.allText.contains("2023 级") && !document.allText.contains("还有更早的"))
        #expect(document.allText.contains("往届记录中的 GR99 不是本届的毕业要求，未列入。"))
        #expect(!table.rows.contains { $0[0].text == "GR99" })
        // The chart outlines a bar against its own cohort's threshold: every 2020 bar (0.72 < 0.75).
        let chart = try #require(document.figures.first { $0.name.hasSuffix("requirements-cohorts") })
        let svg = SVGRenderer.render(chart.scene)
        let below = table.rows.dropLast().reduce(0) { count, row in count + row[1...3].count { $0.emphasis == .below } }
        #expect(below >= earlierIDs.count - 1)
        #expect(svg.components(separatedBy: "stroke=\"#C00000\" stroke-width=\"1.5\"").count - 1 == below)
    }

    @Test func atMostFourEarlierCohortsAreShown() throws {
        let (result, files) = engineering
        let ids = result.programme.requirements.map(\.id)
        let rows = (2016...2021).map { year in
            TrendTable.CohortRow(cohort: String(year), runID: Int64(year - 2000), classThreshold: 0.7, values: ids.map { _ in 0.8 })
        }
        let continuity = ReportContinuity(
            rules: WarningRules(), warnings: [], historyName: "h.sqlite", trend: TrendTable(ids: ids, rows: rows), before: "2022")
        let document = ReportBuilder.build(result, inputs: files, options: options, continuity: continuity)
        let table = try document.table(captioned: "毕业要求达成度各届对比")
        #expect(table.header == ["毕业要求", "2018 级", "2019 级", "2020 级", "2021 级", "2022 级", "变化"])
        #expect(document.allText.contains("结果历史中还有更早的 2 届，attain history CS-2022 列出全部。"))
    }

    @Test func warningsShowAlertsAndFallsAndCountWatchesAndStudents() throws {
        let (result, files) = engineering
        // GR4 was 0.1 higher in 2021: a fall beyond the 0.05 limit.
        let gr4 = try #require(result.requirements[3].value.value)
        let previous = CohortValues(cohort: "2021", values: [ValueKey(.requirement, "GR4"): gr4 + 0.1])
        let warnings = WarningEvaluator.evaluate(result, rules: WarningRules(), previous: previous)
        let continuity = ReportContinuity(rules: WarningRules(), warnings: warnings)
        let document = ReportBuilder.build(result, inputs: files, options: options, continuity: continuity)

        let table = try document.table(captioned: "专业与课程预警")
        let shown = warnings.filter { $0.level != .student && $0.rule != .nearThreshold }
        #expect(table.rows.count == shown.count)
        #expect(table.rows.map { $0[3].text }.sorted() == shown.map { WarningText.message($0, language: .zh) }.sorted())
        let fall = try #require(table.rows.first { $0[2].text == "较上届下降" })
        #expect(fall[3].text.contains("GR4") && fall[3].text.contains("2021"))
        #expect(table.rows.allSatisfy { ($0[1].text == "红色预警") == ($0[1].emphasis == .below) })
        // Programme rows before course rows.
        let levels = table.rows.map(\.first!.text)
        #expect(levels == levels.sorted { ($0 == "专业" ? 0 : 1) < ($1 == "专业" ? 0 : 1) })
        let near = warnings.filter { $0.level != .student && $0.rule == .nearThreshold }
        let students = warnings.filter { $0.level == .student }
        #expect(!near.isEmpty && !students.isEmpty)
        // Every near-threshold watch is named with its value, whatever its target.
        let paragraphs = document.blocks.compactMap { block -> [TextRun]? in
            if case .paragraph(let runs) = block { runs } else { nil }
        }
        let watches = try #require(paragraphs.first { $0.first?.text == "接近期望值的黄色预警 \(near.count) 项" }).map(\.text).joined()
        for warning in near {
            #expect(watches.contains(warning.targetID + "（" + NumberStyle.shown(warning.value) + "）"), "\(warning.targetID)")
        }
        #expect(Set(near.map(\.target)).count >= 3)
        #expect(document.allText.contains("另有 \(students.count) 名学生触发学业预警（其中红色预警 \(students.count { $0.severity == .alert }) 名）"))
        // No history read: no comparison with earlier cohorts.
        #expect(!document.allText.contains("与往届对比"))
    }

    /// In English the two sections have no Chinese of their own (ids, numbers and the
    /// programme's cohorts only), and the cohorts are "Cohort 2021", not "2021 级".
    @Test func theEnglishSectionsHaveNoChinese() throws {
        let (result, files) = engineering
        let gr4 = try #require(result.requirements[3].value.value)
        let previous = CohortValues(cohort: "2021", values: [ValueKey(.requirement, "GR4"): gr4 + 0.1])
        let ids = result.programme.requirements.map(\.id)
        let trend = TrendTable(ids: ids, rows: [.init(cohort: "2021", runID: 3, classThreshold: 0.7, values: ids.map { _ in 0.8 })])
        let continuity = ReportContinuity(
            rules: WarningRules(), warnings: WarningEvaluator.evaluate(result, rules: WarningRules(), previous: previous),
            historyName: "h.sqlite", trend: trend, before: "2022")
        let english = ReportOptions(language: .en, nearMargin: 0.05, date: "2026-09-01")
        let document = ReportBuilder.build(result, inputs: files, options: english, continuity: continuity)
        let start = try #require(document.blocks.firstIndex(of: .heading(level: 3, text: "Early warnings")))
        let sections = ReportDocument(title: "", language: .en, blocks: Array(document.blocks[start...])).allText
        #expect(sections.contains("Compared with earlier cohorts") && sections.contains("Cohort 2021"))
        #expect(sections.contains("fell from") && sections.contains("Rules: below threshold on"))
        // The students warned, and how many of them with an alert (neither none nor all here).
        let students = continuity.warnings.filter { $0.level == .student }
        let alerts = students.count { $0.severity == .alert }
        #expect(alerts > 0 && alerts < students.count)
        #expect(sections.contains("\(students.count) students are warned (\(alerts) with an alert); chapter 5 lists"))
        let chinese = sections.unicodeScalars.filter { (0x3000...0x9FFF).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) }
        #expect(chinese.isEmpty, "\(String(String.UnicodeScalarView(chinese.prefix(40))))")
    }

    @Test func withoutContinuityTheReportIsAsBefore() throws {
        let (result, files) = engineering
        let plain = ReportBuilder.build(result, inputs: files, options: options)
        #expect(!plain.allText.contains("预警规则") && !plain.allText.contains("与往届对比"))
        let none = ReportContinuity(rules: WarningRules(), warnings: [], historyName: "history.sqlite")
        let empty = ReportBuilder.build(result, inputs: files, options: options, continuity: none)
        #expect(empty.allText.contains("本届没有专业或课程层面的预警。"))
        #expect(empty.allText.contains("结果历史 history.sqlite 中没有本专业（\(result.programme.id)）早于 2022 级的记录"))
        #expect(empty.blocks.starts(with: plain.blocks))
    }
}

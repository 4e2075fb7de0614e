import Foundation
import Testing

/// `attain batch`, `attain history`, `attain warnings` and `attain improve` on the generated
/// university tree (fixtures/university: 16 programmes, CHN 2022 broken on purpose).
@Suite(.serialized) struct BatchCommandTests {
    static let university = "fixtures/university"
    static let broken = "education/CHN/2022"

    /// Every programme folder or workbook of the tree and its output folder, from the
    /// fixture's manifest (programmes.csv), in path order.
    static func programmes() throws -> [(path: String, output: String)] {
        let manifest = try String(contentsOfFile: "\(root)/\(university)/programmes.csv", encoding: .utf8)
        return manifest.split(separator: "\n").dropFirst().map { line in
            let path = String(line.split(separator: ",")[0])
            return (path, path.hasSuffix(".xlsx") ? String(path.dropLast(5)) : path)
        }.sorted { $0.path < $1.path }
    }

    /// The rows of a CSV file without quoted commas, as dictionaries by header.
    static func rows(_ file: String) throws -> [[String: String]] {
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test func batchResultsEqualSingleRunsInCohortOrder() throws {
        let out = temporaryFolder()
        let batch = try attain(["batch", Self.university, "-o", out, "--summary-format", "csv"])
        #expect(batch.status == 1, "one programme is broken: \(batch.errors)")

        // The same programmes run one by one, each major's cohorts in order, into one history,
        // so that the fall rule sees the same earlier cohorts as the batch did.
        let single = temporaryFolder()
        let history = temporaryFolder() + "/history.sqlite"
        var compared = 0
        for programme in try Self.programmes() where programme.path != Self.broken {
            let outcome = try attain(
                ["run", "\(Self.university)/\(programme.path)", "-o", "\(single)/\(programme.output)", "-q"], history: history)
            #expect(outcome.status == 0, "\(programme.path): \(outcome.errors)")
            let mine = try contents(of: "\(out)/\(programme.output)")
            let theirs = try contents(of: "\(single)/\(programme.output)")
            #expect(!mine.isEmpty && Set(mine.keys) == Set(theirs.keys), "\(programme.path): the same files")
            for (name, bytes) in mine where theirs[name] != bytes {
                Issue.record("\(programme.output)/\(name) differs between batch and single run")
            }
            compared += 1
        }
        #expect(compared == 15)
    }

    @Test func aBrokenProgrammeIsReportedAndTheOthersComplete() throws {
        let out = temporaryFolder()
        let outcome = try attain(["batch", Self.university, "-o", out, "--no-history"])
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("education/CHN/2022/scores/GE1001.csv:4:4: error:"))
        #expect(outcome.errors.contains("education/CHN/2022/scores/GE1001.csv:8:7: error:"))
        #expect(outcome.output.contains("16 programmes: 15 ran, 1 failed"))
        let failures = try Self.rows("\(out)/summary/failures.csv")
        #expect(failures.map { $0["path"] } == [Self.broken])
        #expect(failures.first?["errors"] == "2")
        #expect(!FileManager.default.fileExists(atPath: "\(out)/\(Self.broken)"))
        for programme in try Self.programmes() where programme.path != Self.broken {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(programme.output)/run.json"), "\(programme.path) was written")
        }
        // The summary's requirement table is the programmes' own requirement tables, row for row.
        let summary = try Self.rows("\(out)/summary/requirements.csv")
        var expected: [[String: String]] = []
        for programme in try Self.programmes() where programme.path != Self.broken {
            expected += try Self.rows("\(out)/\(programme.output)/requirements.csv")
        }
        #expect(summary.count == expected.count)
        for (row, own) in zip(summary, expected) {
            #expect(row["requirement_id"] == own["requirement_id"] && row["value"] == own["value"] && row["verdict"] == own["verdict"])
            #expect(row["students_below_individual"] == own["students_below_individual"])
        }
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/summary/batch.json"))) as? [String: Any]
        let statuses = (record?["programmes"] as? [[String: Any]])?.map { "\($0["path"] ?? "") \($0["status"] ?? "")" }
        #expect(statuses?.contains("\(Self.broken) failed") == true)
        #expect(statuses?.filter { $0.hasSuffix(" ok") }.count == 15)
    }

    /// The summary is built while the outputs are written, as if every write succeeds; a
    /// programme whose outputs cannot be written must still show as failed in it.
    @Test func aProgrammeWhoseOutputsCannotBeWrittenIsAFailureInTheSummary() throws {
        let out = temporaryFolder()
        let blocked = try #require(try Self.programmes().first { $0.path != Self.broken })
        // A file where the programme's output folder would go: the folder cannot be made.
        let parent = (("\(out)/\(blocked.output)") as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try Data("in the way\n".utf8).write(to: URL(fileURLWithPath: "\(out)/\(blocked.output)"))

        // Recorded beside the writes: only the runs whose files were written go in.
        let history = temporaryFolder() + "/history.sqlite"
        let outcome = try attain(["batch", Self.university, "-o", out, "--date", "2026-11-22"], history: history)
        #expect(outcome.status == 2, "outputs that cannot be written: \(outcome.errors)")
        #expect(outcome.errors.contains("\(blocked.path): failed"))
        #expect(outcome.output.contains("History: 14 runs recorded, 0 already there"))
        let failures = try Self.rows("\(out)/summary/failures.csv")
        #expect(Set(failures.compactMap { $0["path"] }) == [Self.broken, blocked.path])
        let programmes = try Self.rows("\(out)/summary/programmes.csv")
        #expect(programmes.first { $0["path"] == blocked.path }?["status"] == "failed")
        #expect(programmes.filter { $0["status"] == "ok" }.count == 14)
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/summary/batch.json"))) as? [String: Any]
        let entry = (record?["programmes"] as? [[String: Any]])?.first { $0["path"] as? String == blocked.path }
        #expect(entry?["status"] as? String == "failed")
        #expect((entry?["errors"] as? [String])?.first?.contains("cannot create the folder") == true)
        #expect((entry?["outputs"] as? [String])?.isEmpty == true)
        let markdown = try String(contentsOfFile: "\(out)/summary/summary.md", encoding: .utf8)
        #expect(markdown.contains("16 found, 14 computed, 2 failed"))
    }

    @Test func theSameTreeGivesTheSameBytesAndIsRecordedOnce() throws {
        let history = temporaryFolder() + "/history.sqlite"
        let first = temporaryFolder()
        let second = temporaryFolder()
        let a = try attain(["batch", Self.university, "-o", first, "--jobs", "2", "--date", "2026-11-22"], history: history)
        let b = try attain(["batch", Self.university, "-o", second, "--jobs", "1", "--date", "2026-11-22"], history: history)
        #expect(a.output.contains("History: 15 runs recorded, 0 already there"))
        #expect(b.output.contains("History: 0 runs recorded, 15 already there"))
        // Progress, a line per programme and phase off a terminal: recording too.
        for phase in ["computing", "writing", "recording"] {
            let lines = a.errors.split(separator: "\n").filter { $0.hasPrefix(phase + " ") }
            #expect(lines.count == (phase == "computing" ? 16 : 15), "\(phase): \(lines.count) lines")
        }
        let one = try contents(of: first)
        #expect(one.keys.contains("summary/report.docx") && one.keys.contains("summary/summary.xlsx"))
        #expect(one == (try contents(of: second)))
    }

    /// Verdicts and statuses are codes in the CSV files (met, not-met, ok, failed), which scripts
    /// read; the Chinese report shows them as words (达成, 未达成, 完成, 失败).
    @Test func theChineseReportShowsVerdictsAndStatusesInChinese() throws {
        let out = temporaryFolder()
        let outcome = try attain(["batch", Self.university, "-o", out, "--no-history", "--lang", "zh", "--date", "2026-11-22"])
        #expect(outcome.status == 1)
        let requirements = try Self.rows("\(out)/summary/requirements.csv")
        #expect(Set(requirements.compactMap { $0["verdict"] }).isSubset(of: ["met", "not-met", "not-evaluable"]))
        #expect(requirements.contains { $0["verdict"] == "met" } && requirements.contains { $0["verdict"] == "not-met" })
        let statuses = Set(try Self.rows("\(out)/summary/programmes.csv").compactMap { $0["status"] })
        #expect(statuses == ["ok", "failed"])
        let html = try String(contentsOfFile: "\(out)/summary/report.html", encoding: .utf8)
        for word in ["达成", "未达成", "完成", "失败"] {
            #expect(html.contains(">\(word)</td>"), "report.html shows \(word)")
        }
        for code in ["met", "not-met", "ok", "failed"] {
            #expect(!html.contains(">\(code)</td>"), "report.html shows no \(code)")
        }
    }

    /// The summary's workbook and Word report hold the same tables as its CSV files, read back
    /// by openpyxl and python-docx as a reader's software would.
    @Test func theSummaryWorkbookAndReportHoldTheCSVTables() throws {
        let out = temporaryFolder()
        let outcome = try attain(["batch", Self.university, "-o", out, "--no-history", "--lang", "en", "--date", "2026-11-22"])
        #expect(outcome.status == 1)
        let requirements = try Self.rows("\(out)/summary/requirements.csv")
        let python = try runTool(
            "/usr/bin/python3",
            ["-c", """
                import openpyxl, docx, sys
                wb = openpyxl.load_workbook(sys.argv[1])
                print('sheets', '|'.join(wb.sheetnames))
                ws = wb['Requirements 毕业要求']
                rows = list(ws.iter_rows(min_row=3, values_only=True))
                print('rows', len(rows))
                for r in rows: print('value', r[0], r[3], repr(r[5]))
                d = docx.Document(sys.argv[2])
                print('tables', len(d.tables))
                t = d.tables[1]
                print('docx-rows', len(t.rows) - 1)
                print('docx-first', t.rows[1].cells[3].text, t.rows[1].cells[5].text)
                """, "\(out)/summary/summary.xlsx", "\(out)/summary/report.docx"])
        #expect(python.status == 0, "\(python.errors)")
        let lines = python.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "sheets Programmes 专业|Requirements 毕业要求|Indicators below 指标点|COs below 课程目标|Course rates 及格率|Warnings 预警|Failures 失败")
        #expect(lines.contains("rows \(requirements.count)"))
        // Full precision in the workbook: the CSV's 6 decimals are its rounding.
        let values = lines.filter { $0.hasPrefix("value ") }.map { $0.split(separator: " ") }
        #expect(values.count == requirements.count)
        for (cells, row) in zip(values, requirements) {
            #expect(String(cells[1]) == row["path"] && String(cells[2]) == row["requirement_id"])
            let stored = Double(cells[3]) ?? .nan
            #expect(String(format: "%.6f", stored) == row["value"], "\(row["path"] ?? "") \(row["requirement_id"] ?? "")")
        }
        #expect(lines.contains("tables 7"))
        #expect(lines.contains("docx-rows \(requirements.count)"))
        let first = try #require(requirements.first)
        #expect(lines.contains("docx-first \(first["requirement_id"] ?? "") \(String(format: "%.3f", Double(first["value"] ?? "") ?? .nan))"))
    }

    @Test func historyShowsEachCohortsValuesAndDrawsTheComparison() throws {
        let history = temporaryFolder() + "/history.sqlite"
        let out = temporaryFolder()
        _ = try attain(["batch", Self.university, "-o", out, "--summary-format", ""], history: history)
        let list = try attain(["history"], history: history)
        #expect(list.status == 0)
        #expect(list.output.contains("EE") && list.output.contains("2021 2022 2023"))

        let trend = temporaryFolder()
        let shown = try attain(["history", "EE", "-o", trend], history: history)
        #expect(shown.status == 0, "\(shown.errors)")
        let table = try Self.rows("\(trend)/trend.csv")
        for cohort in ["2021", "2022", "2023"] {
            let own = try Self.rows("\(out)/information/EE/\(cohort)/requirements.csv")
            for requirement in own {
                let row = table.first { $0["id"] == requirement["requirement_id"] }
                #expect(row?[cohort] == requirement["value"], "EE \(cohort) \(requirement["requirement_id"] ?? "")")
            }
        }
        // GR5 fell below the threshold in 2023: marked on the terminal, a red outline in the chart.
        #expect(shown.output.contains("0.684*"))
        let svg = try String(contentsOfFile: "\(trend)/trend.svg", encoding: .utf8)
        #expect(svg.components(separatedBy: "<rect class=\"bar\"").count - 1 == 6 * 3)
        let below = table.reduce(0) { count, row in
            count + ["2021", "2022", "2023"].count { Double(row[$0] ?? "") .map { $0 < 0.7 } ?? false }
        }
        #expect(below == 4)
        #expect(svg.components(separatedBy: "stroke=\"#C00000\" stroke-width=\"1.5\"").count - 1 == below)

        // The files speak the programme's language (电子信息工程: Chinese) unless --lang says otherwise;
        // the below-threshold values are in bold.
        let markdown = try String(contentsOfFile: "\(trend)/trend.md", encoding: .utf8)
        #expect(markdown.hasPrefix("# EE 毕业要求达成度各届对比\n"))
        #expect(markdown.contains("| 毕业要求 | 2021 级 | 2022 级 | 2023 级 | 变化 |") && markdown.contains("**0.684**"))
        #expect(markdown.components(separatedBy: "**0.").count - 1 == below)
        #expect(svg.contains("期望值 0.7") && svg.contains("2023 级"))
        let english = temporaryFolder()
        #expect(try attain(["history", "EE", "-o", english, "--lang", "en"], history: history).status == 0)
        let englishMarkdown = try String(contentsOfFile: "\(english)/trend.md", encoding: .utf8)
        #expect(englishMarkdown.hasPrefix("# EE: values across cohorts\n") && englishMarkdown.contains("| Requirement | Cohort 2021 |"))
        #expect(try String(contentsOfFile: "\(english)/trend.svg", encoding: .utf8).contains("threshold 0.7"))

        let missing = try attain(["history", "NOPE"], history: history)
        #expect(missing.status == 1 && missing.errors.contains("nothing recorded for programme 'NOPE'"))
    }

    @Test func warningsAreListedByLevelFromTheHistory() throws {
        let history = temporaryFolder() + "/history.sqlite"
        let out = temporaryFolder()
        _ = try attain(["batch", Self.university, "-o", out, "--summary-format", "csv"], history: history)
        let all = try Self.rows("\(out)/summary/warnings.csv")
        #expect(!all.isEmpty)
        for level in ["programme", "course", "student"] {
            let listed = try attain(["warnings", "--level", level, "--format", "csv"], history: history)
            #expect(listed.status == 0)
            let lines = listed.output.split(separator: "\n").dropFirst()
            #expect(lines.count == all.count { $0["level"] == level }, "\(level) warnings")
            #expect(lines.allSatisfy { $0.split(separator: ",")[2] == level })
        }
        let text = try attain(["warnings", "--programme", "EE", "--cohort", "2023"], history: history)
        #expect(text.output.contains("Programme level:") && text.output.contains("GR5 0.684 is below the threshold 0.7"))
        #expect(!text.output.contains("SE "))
    }

    /// The continuous-improvement loop: a cohort below threshold drafts a record; a person
    /// fills it in; a later cohort that recovered shows as recovered, one that did not as not.
    @Test func theLedgerClosesTheLoopAcrossTwoCohorts() throws {
        let work = temporaryFolder()
        let manager = FileManager.default
        try manager.createDirectory(atPath: work, withIntermediateDirectories: true)
        // EE 2023 has GR5 below 0.7; EE 2021's data relabelled as cohort 2024 has it at 0.813.
        try manager.copyItem(atPath: "\(root)/\(Self.university)/information/EE/2023", toPath: "\(work)/2023")
        try manager.copyItem(atPath: "\(root)/\(Self.university)/information/EE/2021", toPath: "\(work)/2024")
        let yaml = "\(work)/2024/programme.yaml"
        let text = try String(contentsOfFile: yaml, encoding: .utf8)
        try text.replacingOccurrences(of: "cohort: \"2021\"", with: "cohort: \"2024\"").write(toFile: yaml, atomically: true, encoding: .utf8)
        #expect(try String(contentsOfFile: yaml, encoding: .utf8).contains("cohort: \"2024\""))
        let history = "\(work)/history.sqlite"

        #expect(try attain(["run", "\(work)/2023", "-o", "\(work)/out-2023", "-q"], history: history).status == 0)
        let drafts = try attain(["improve", "export", "-o", "\(work)/drafts.csv"], history: history)
        #expect(drafts.status == 0)
        let records = try Self.rows("\(work)/drafts.csv")
        let gr5 = try #require(records.first { $0["target"] == "requirement GR5" && $0["rule"] == "below-threshold" })
        #expect(gr5["status"] == "open" && gr5["recheck"] == "pending" && gr5["source"]?.contains("below-threshold") == true)
        let number = try #require(gr5["id"])
        let edited = try attain(
            ["improve", "edit", number, "--unit", "电子信息学院", "--person", "王老师", "--measures", "增加电路实验课时",
             "--status", "in-progress", "--deadline", "2025-06-30"], history: history)
        #expect(edited.status == 0, "\(edited.errors)")

        // The later cohort.
        #expect(try attain(["run", "\(work)/2024", "-o", "\(work)/out-2024", "-q"], history: history).status == 0)
        let list = try attain(["improve", "list", "--programme", "EE"], history: history)
        let line = try #require(list.output.split(separator: "\n").first { $0.contains("requirement GR5") && $0.contains("below-threshold") })
        #expect(line.contains("in-progress") && line.contains("recovered") && line.contains("2024") && line.contains("0.813"))
        #expect(!line.contains("not-recovered"))
        // Nothing new was drafted for GR5 while its record is open, and 2024 raised no GR5 warning to draft.
        #expect(list.output.split(separator: "\n").count { $0.contains("requirement GR5") } == 1)

        // Exports carry every field and the re-check.
        let after = try attain(["improve", "export", "-o", "\(work)/ledger.csv"], history: history)
        #expect(after.status == 0)
        let row = try #require(try Self.rows("\(work)/ledger.csv").first { $0["id"] == number })
        #expect(row["responsible_unit"] == "电子信息学院" && row["responsible_person"] == "王老师")
        #expect(row["measures"] == "增加电路实验课时" && row["deadline"] == "2025-06-30")
        #expect(row["recheck"] == "recovered" && row["recheck_cohort"] == "2024" && row["recheck_value"]?.hasPrefix("0.81") == true)
        #expect(try attain(["improve", "export", "-o", "\(work)/ledger.xlsx"], history: history).status == 0)
        #expect(try attain(["improve", "export", "-o", "\(work)/ledger.docx", "--date", "2026-11-22"], history: history).status == 0)
        let python = try runTool(
            "/usr/bin/python3",
            ["-c", """
                import openpyxl, docx, sys
                ws = openpyxl.load_workbook(sys.argv[1]).active
                cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
                print('xlsx', '增加电路实验课时' in cells, '王老师' in cells)
                d = docx.Document(sys.argv[2])
                text = [c.text for t in d.tables for r in t.rows for c in r.cells]
                print('docx', '增加电路实验课时' in text, 'recovered' in text)
                """, "\(work)/ledger.xlsx", "\(work)/ledger.docx"])
        #expect(python.output.contains("xlsx True True") && python.output.contains("docx True True"), "\(python.errors)")

        let closed = try attain(["improve", "close", number, "--date", "2026-11-22"], history: history)
        #expect(closed.status == 0)
        let open = try attain(["improve", "list", "--status", "closed"], history: history)
        #expect(open.output.contains("requirement GR5") && open.output.contains("1 records"))
        #expect(try attain(["improve", "close", "9999"], history: history).status == 1)
    }

    @Test func aRulesFileWithErrorsStopsTheRunWithItsLocation() throws {
        let work = temporaryFolder()
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try "near_margin: 2\ncourse:\n  pass_rate: 0.8\n".write(toFile: "\(work)/rules.yaml", atomically: true, encoding: .utf8)
        let outcome = try attain(["run", "fixtures/tiny/component-ratios", "-o", "\(work)/out", "--rules", "\(work)/rules.yaml"])
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("\(work)/rules.yaml:1:"))
        #expect(outcome.errors.contains("\(work)/rules.yaml:3:"))
        #expect(!FileManager.default.fileExists(atPath: "\(work)/out"))

        // Rules turn warnings on and off: the same run with every rule off writes an empty list.
        try """
            below_threshold: false
            near_margin: off
            fall_limit: off
            course:
              min_pass_rate: off
              max_excellence_rate: off
            student:
              min_requirements: off
            """.write(toFile: "\(work)/off.yaml", atomically: true, encoding: .utf8)
        let quiet = try attain(["run", "fixtures/engineering", "-o", "\(work)/quiet", "--rules", "\(work)/off.yaml", "--no-history", "-q"])
        #expect(quiet.status == 0, "\(quiet.errors)")
        #expect(try String(contentsOfFile: "\(work)/quiet/warnings.csv", encoding: .utf8).split(separator: "\n").count == 1)
    }
}

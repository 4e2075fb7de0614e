import Foundation
import Testing

/// The first of `paths` that exists, to find the tools scripts/setup --tests installs.
func tool(_ paths: String...) throws -> String {
    try #require(paths.first { FileManager.default.isExecutableFile(atPath: $0) },
                 "\(paths[0]) is missing: scripts/setup --tests installs it")
}

@Suite(.serialized) struct ReportCommandTests {
    /// The Markdown report of each realistic fixture equals its golden file
    /// (fixtures/expected/<programme>-report/report.md, made by scripts/update-goldens).
    @Test(arguments: ["engineering", "teacher-education"])
    func markdownMatchesTheGoldenFile(programme: String) throws {
        let output = temporaryFolder()
        let outcome = try attain(["report", "fixtures/\(programme)", "-o", output, "--format", "md", "--date", "2026-09-01", "-q"])
        #expect(outcome.status == 0, "\(outcome.errors)")
        let produced = try String(contentsOfFile: output + "/report.md", encoding: .utf8)
        let golden = try String(contentsOfFile: "\(root)/fixtures/expected/\(programme)-report/report.md", encoding: .utf8)
        #expect(produced == golden, "report.md of \(programme) equals the golden file")
        // Every chart the Markdown names is written beside it, as SVG.
        let charts = produced.components(separatedBy: "](charts/").dropFirst().map { "charts/" + $0.prefix { $0 != ")" } }
        #expect(!charts.isEmpty)
        let written = try contents(of: output)
        for chart in charts {
            let svg = try #require(written[chart], "\(chart) is written")
            #expect(String(decoding: svg, as: UTF8.self).contains("<svg"))
        }
    }

    @Test func everyFormatIsWrittenAndTheSameInputGivesTheSameBytes() throws {
        let first = temporaryFolder()
        let second = temporaryFolder()
        let outcome = try attain(["report", "fixtures/teacher-education", "-o", first, "--date", "2026-09-01"])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output.contains("report.docx, report.html, report.md"))
        #expect(try attain(["report", "fixtures/teacher-education", "-o", second, "--date", "2026-09-01", "-q"]).status == 0)
        let a = try contents(of: first)
        #expect(a.keys.contains("report.docx") && a.keys.contains("report.html") && a.keys.contains("report.md"))
        #expect(a == (try contents(of: second)))
    }

    @Test func theDateComesFromSourceDateEpochWhenNotGiven() throws {
        let output = temporaryFolder()
        setenv("SOURCE_DATE_EPOCH", "1767225600", 1)  // 2026-01-01T00:00:00Z
        defer { unsetenv("SOURCE_DATE_EPOCH") }
        #expect(try attain(["report", "fixtures/engineering", "-o", output, "--format", "md", "-q"]).status == 0)
        let text = try String(contentsOfFile: output + "/report.md", encoding: .utf8)
        #expect(text.contains("| 报告日期 | 2026-01-01 |"))
    }

    @Test func languageAndPseudonymsFromTheCommandLine() throws {
        let output = temporaryFolder()
        #expect(try attain(["report", "fixtures/engineering", "-o", output, "--format", "md", "--lang", "en",
                            "--pseudonymise", "--pseudonym-key", "k", "--date", "2026-09-01", "-q"]).status == 0)
        let text = try String(contentsOfFile: output + "/report.md", encoding: .utf8)
        #expect(text.contains("## 5. Students") && text.contains("| Requirement | Pseudonym | Value |"))
        let roster = try String(contentsOfFile: root + "/fixtures/engineering/roster.csv", encoding: .utf8)
        let ids = roster.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) }
        #expect(ids.count > 100)
        #expect(ids.allSatisfy { !text.contains($0) }, "no student id appears")
    }

    /// The report reads the results history, and only reads it: an earlier cohort recorded by
    /// `attain run` stands beside this one with the values of that run's results.json, and the
    /// change between them; --no-history leaves the comparison out; a history that does not
    /// exist is not made.
    @Test func earlierCohortsComeFromTheHistoryWhichIsOnlyRead() throws {
        let scratch = temporaryFolder()
        let earlier = scratch + "/cs-2021"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: root + "/fixtures/engineering", toPath: earlier)
        // The same programme a year earlier, one mark lower on every CS3002 score of 1 or more.
        let yaml = try String(contentsOfFile: earlier + "/programme.yaml", encoding: .utf8)
        try yaml.replacingOccurrences(of: "cohort: \"2022\"", with: "cohort: \"2021\"")
            .write(toFile: earlier + "/programme.yaml", atomically: true, encoding: .utf8)
        let sheet = earlier + "/scores/CS3002.csv"
        let lines = try String(contentsOfFile: sheet, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let lowered = lines.enumerated().map { number, line in
            guard number > 0 else { return String(line) }
            return line.split(separator: ",", omittingEmptySubsequences: false).enumerated().map { column, field in
                guard column >= 3, let score = Double(field), score >= 1 else { return String(field) }
                return String(score - 1)
            }.joined(separator: ",")
        }
        try lowered.joined(separator: "\n").write(toFile: sheet, atomically: true, encoding: .utf8)
        let history = scratch + "/history.sqlite"
        #expect(try attain(["run", earlier, "-o", scratch + "/out-2021", "-q"], history: history).status == 0)
        #expect(try attain(["run", "fixtures/engineering", "-o", scratch + "/out-2022", "-q", "--no-history"]).status == 0)
        let runs = try attain(["history", "CS-2022", "--runs"], history: history).output

        let output = scratch + "/report"
        let outcome = try attain(["report", "fixtures/engineering", "-o", output, "--format", "md", "--date", "2026-09-01"], history: history)
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output.contains("Earlier cohorts: 2021 from \(history)"))
        #expect(try attain(["history", "CS-2022", "--runs"], history: history).output == runs, "the report recorded nothing")
        let text = try String(contentsOfFile: output + "/report.md", encoding: .utf8)
        let table = text.components(separatedBy: "毕业要求达成度各届对比**\n\n").dropFirst().first ?? ""
        let rows = table.split(separator: "\n").prefix { $0.hasPrefix("|") }.map {
            $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        #expect(rows.first == ["毕业要求", "2021 级", "2022 级", "变化"])
        func values(_ run: String) throws -> [String: Double] {
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch + "/\(run)/results.json")))
            let requirements = try #require((json as? [String: Any])?["requirements"] as? [[String: Any]])
            return Dictionary(uniqueKeysWithValues: requirements.compactMap { entry in
                (entry["value"] as? Double).map { (entry["id"] as? String ?? "", $0) }
            })
        }
        let (before, now) = (try values("out-2021"), try values("out-2022"))
        #expect(before.count == 12 && now.count == 12)
        let shown = rows.dropFirst(2).filter { $0.first?.hasPrefix("GR") == true }
        #expect(shown.count == 12)
        var changed = 0
        for row in shown {
            let id = row[0]
            let (a, b) = (try #require(before[id]), try #require(now[id]))
            #expect(row[1].trimmingCharacters(in: CharacterSet(charactersIn: "*_")) == String(format: "%.3f", a), "\(id)")
            #expect(row[2].trimmingCharacters(in: CharacterSet(charactersIn: "*_")) == String(format: "%.3f", b), "\(id)")
            let change = String(format: "%.3f", b - a)
            #expect(row[3] == (b - a > 0 && change != "0.000" ? "+" + change : change.replacingOccurrences(of: "-0.000", with: "0.000")), "\(id)")
            if a != b { changed += 1 }
        }
        #expect(changed > 0, "the lower CS3002 scores show in some requirement")
        #expect(text.contains("(charts/figure-") && text.contains("-requirements-cohorts.svg)"))

        let without = scratch + "/report-without"
        #expect(try attain(["report", "fixtures/engineering", "-o", without, "--format", "md", "--no-history", "-q"], history: history).status == 0)
        let plain = try String(contentsOfFile: without + "/report.md", encoding: .utf8)
        #expect(plain.contains("### 预警") && !plain.contains("与往届对比"))
        #expect(try attain(["report", "fixtures/engineering", "--no-history", "--history", history]).status == 64)

        let missing = scratch + "/none/history.sqlite"
        #expect(try attain(["report", "fixtures/engineering", "-o", scratch + "/report-none", "--format", "md", "-q"], history: missing).status == 0)
        #expect(!FileManager.default.fileExists(atPath: missing))
        let none = try String(contentsOfFile: scratch + "/report-none/report.md", encoding: .utf8)
        #expect(none.contains("结果历史 history.sqlite 中没有本专业（CS-2022）早于 2022 级的记录"))
    }

    /// "Near" in the findings follows the warning rules' near_margin unless --margin is given.
    @Test func theNearMarginComesFromTheRulesUnlessGiven() throws {
        let scratch = temporaryFolder()
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try "near_margin: 0.03\n".write(toFile: scratch + "/warnings.yaml", atomically: true, encoding: .utf8)
        func findings(_ extra: [String]) throws -> String {
            let output = scratch + "/report-\(extra.count)"
            let outcome = try attain(
                ["report", "fixtures/engineering", "-o", output, "--format", "md", "--no-history", "-q", "--rules", scratch + "/warnings.yaml"] + extra)
            #expect(outcome.status == 0, "\(outcome.errors)")
            let text = try String(contentsOfFile: output + "/report.md", encoding: .utf8)
            return text.components(separatedBy: "## 七、").last ?? ""
        }
        let fromRules = try findings([])
        #expect(fromRules.contains("高出期望值 0.7 不足 0.03") && !fromRules.contains("不足 0.05"))
        let given = try findings(["--margin", "0.1"])
        #expect(given.contains("高出期望值 0.7 不足 0.1") && !given.contains("不足 0.03"))
        #expect(try attain(["report", "fixtures/engineering", "--margin", "1.5"]).status == 64)
    }

    @Test func badOptionsAndBadInputAreRefused() throws {
        #expect(try attain(["report", "fixtures/engineering", "--lang", "fr"]).status == 64)
        #expect(try attain(["report", "fixtures/engineering", "--format", "pdf"]).status == 64)
        #expect(try attain(["report", "fixtures/engineering", "--date", "22/11/2026"]).status == 64)
        #expect(try attain(["report", "fixtures/engineering", "--date", "2026-02-30"]).status == 64)
        #expect(try attain(["report", "fixtures/engineering", "--format", ""]).status == 64)
        // Rules with an error: named, and nothing written.
        let rules = temporaryFolder()
        try FileManager.default.createDirectory(atPath: rules, withIntermediateDirectories: true)
        try "near_margin: lots\n".write(toFile: rules + "/warnings.yaml", atomically: true, encoding: .utf8)
        let badRules = try attain(["report", "fixtures/engineering", "-o", rules + "/out", "--rules", rules + "/warnings.yaml"])
        #expect(badRules.status == 1 && badRules.errors.contains("warnings.yaml:1:"))
        #expect(!FileManager.default.fileExists(atPath: rules + "/out"))
        let output = temporaryFolder()
        let broken = try attain(["report", "fixtures/does-not-exist", "-o", output])
        #expect(broken.status == 1)
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// The HTML report as a reader sees it: headless Chromium renders it to a PNG that is not
    /// blank, loads nothing from the network (its net log lists every URL it requested), and
    /// prints it to A4 pages, portrait with landscape pages for the wide support matrix.
    @Test func chromiumRendersTheHTMLWithoutTheNetwork() throws {
        let chromium = try tool("/usr/bin/chromium-headless-shell", "/usr/lib/chromium/chromium-headless-shell")
        let python = try tool("/usr/bin/python3")
        let pdfinfo = try tool("/usr/bin/pdfinfo")
        let output = temporaryFolder()
        #expect(try attain(["report", "fixtures/engineering", "-o", output, "--format", "html", "-q"]).status == 0)
        let page = "file://" + output + "/report.html"
        let common = ["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=\(output)/profile"]
        let netLog = output + "/net.json"
        let shot = try runTool(chromium, common + ["--screenshot=\(output)/page.png", "--window-size=1000,1400",
                                                   "--log-net-log=\(netLog)", page])
        #expect(shot.status == 0, "\(shot.errors)")
        let log = try String(contentsOfFile: netLog, encoding: .utf8)
        let urls = log.components(separatedBy: "\"url\":\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        let remote = urls.filter { !($0.hasPrefix("file:") || $0.hasPrefix("data:") || $0.hasPrefix("about:")) }
        #expect(remote.isEmpty, "report.html requested \(remote)")
        // The share of pixels that are not white: text, tables and charts, not an empty page.
        let ink = try runTool(python, ["-c", """
            from PIL import Image; import sys
            image = Image.open(sys.argv[1]).convert('L'); pixels = list(image.getdata())
            print(sum(1 for p in pixels if p < 200) / len(pixels))
            """, output + "/page.png"])
        let share = try #require(Double(ink.output.trimmingCharacters(in: .whitespacesAndNewlines)), "\(ink.errors)")
        #expect(share > 0.02, "the rendered page has ink on \(share * 100)% of its pixels")
        let pdf = output + "/report.pdf"
        let printed = try runTool(chromium, common + ["--print-to-pdf=\(pdf)", "--no-pdf-header-footer", page])
        #expect(printed.status == 0, "\(printed.errors)")
        let info = try runTool(pdfinfo, ["-f", "1", "-l", "500", pdf]).output
        let sizes = info.split(separator: "\n").filter { $0.hasPrefix("Page ") && $0.contains(" size:") }
        #expect(sizes.count >= 8, "one page or more per chapter")
        #expect(sizes.allSatisfy { $0.contains("(A4)") })
        #expect(sizes.contains { $0.contains("841.92 x 594.96") }, "the support matrix prints landscape")
        #expect(sizes.contains { $0.contains("594.96 x 841.92") })
        // The chapter heading before the landscape matrix prints on the matrix's page.
        let pdftotext = try tool("/usr/bin/pdftotext")
        let landscapePage = try #require(sizes.firstIndex { $0.contains("841.92 x 594.96") }) + 1
        let pageText = try runTool(pdftotext, ["-f", "\(landscapePage)", "-l", "\(landscapePage)", pdf, "-"]).output
        #expect(pageText.contains("二、支撑矩阵"), "the heading is on the first landscape page")
    }
}

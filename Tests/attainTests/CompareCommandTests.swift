import Foundation
import Testing

/// `attain compare`: the same programme under several methods, checked against the hand-worked
/// numbers of fixtures/tiny/three-methods (its README: CO1 is 0.695 by weighted ratios,
/// 0.66875 by weighted sums, 0.6875 by pooled marks; the class threshold is 0.7).
@Suite struct CompareCommandTests {
    private func comparison(_ arguments: [String]) throws -> (outcome: Outcome, record: [String: Any], folder: String) {
        let folder = temporaryFolder()
        let outcome = try attain(["compare", "fixtures/tiny/three-methods"] + arguments + ["-o", folder])
        #expect(outcome.status == 0, "\(outcome.errors)")
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/compare.json"))
        let record = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (outcome, record, folder)
    }

    private func row(_ record: [String: Any], _ id: String) throws -> [String: Any] {
        let rows = try #require(record["values"] as? [[String: Any]])
        return try #require(rows.first { $0["id"] as? String == id }, "row \(id)")
    }

    @Test func valuesUnderEachMethodAreTheHandWorkedOnes() throws {
        let (outcome, record, folder) = try comparison([
            "--method", "sums:course_objective=weighted-sums", "--method", "course_objective=pooled-marks",
        ])
        let co1 = try row(record, "C1/CO1")
        let values = try #require(co1["values"] as? [Double])
        let expected = [0.695, 0.66875, 0.6875]
        #expect(values.count == 3)
        for (value, hand) in zip(values, expected) { #expect(abs(value - hand) < 1e-12, "\(values)") }
        // All three are below 0.7: the values change, the verdicts do not.
        #expect(co1["value_changes"] as? Bool == true)
        #expect(co1["verdict_changes"] as? Bool == false)
        #expect(co1["verdicts"] as? [String] == ["not-met", "not-met", "not-met"])

        let methods = try #require(record["methods"] as? [[String: Any]])
        #expect(methods.map { $0["name"] as? String } == ["defined", "sums", "course_objective=pooled-marks"])
        #expect((methods[1]["changed"] as? [String]) == ["course_objective=weighted-sums"])
        let inputs = try #require(record["inputs"] as? [[String: Any]])
        #expect(inputs.contains { $0["path"] as? String == "programme.yaml" && ($0["sha256"] as? String)?.count == 64 })

        // The terminal shows the changed row with every method's value, rounded for reading.
        #expect(outcome.output.contains("C1/CO1"))
        #expect(outcome.output.contains("0.695") && outcome.output.contains("0.669") && outcome.output.contains("0.688"))
        let csv = try String(contentsOfFile: folder + "/compare.csv", encoding: .utf8)
        #expect(csv.hasPrefix("level,id,value_0,verdict_0,value_1,verdict_1,value_2,verdict_2,verdict_changes\n"))
        #expect(csv.contains("course-objective,C1/CO1,0.695000,not-met,0.668750,not-met,0.687500,not-met,no\n"))
    }

    @Test func aThresholdChangeShowsAsAVerdictChange() throws {
        let (_, record, _) = try comparison(["--method", "low:thresholds.class=0.68"])
        let co1 = try row(record, "C1/CO1")
        #expect(co1["verdicts"] as? [String] == ["not-met", "met"])
        #expect(co1["value_changes"] as? Bool == false)
        #expect(co1["verdict_changes"] as? Bool == true)
    }

    /// NBA's class values are levels 0-3; beside a ratio method (0-1) the values differ by the
    /// scale alone, and the terminal, compare.md and compare.json say so. Methods of one scale
    /// get no such note.
    @Test func methodsOnDifferentScalesAreSaidToBe() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outcome = try attain([
            "compare", "fixtures/tiny/nba", "--method", "ratio:course_objective=weighted-ratios,thresholds.class=0.7",
            "-o", folder,
        ])
        #expect(outcome.status == 0, "\(outcome.errors)")
        let note = "The class values are on different scales (defined 0-3, ratio 0-1): a value differs with the scale alone, "
            + "so compare the verdicts, each against its own method's threshold."
        #expect(outcome.output.contains(note))
        #expect(try String(contentsOfFile: folder + "/compare.md", encoding: .utf8).contains(note))
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/compare.json"))
        let record = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let methods = try #require(record["methods"] as? [[String: Any]])
        #expect(methods.map { $0["class_value_maximum"] as? Double } == [3, 1])

        let sameScale = try attain(["compare", "fixtures/tiny/three-methods", "--method", "course_objective=weighted-sums"])
        #expect(sameScale.status == 0 && !sameScale.output.contains("different scales"))
    }

    @Test func theSameInputGivesTheSameBytes() throws {
        let first = try comparison(["--method", "indicator=min"])
        let second = try comparison(["--method", "indicator=min"])
        for name in ["compare.csv", "compare_summary.csv", "compare.json", "compare.md"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: first.folder + "/" + name))
            let b = try Data(contentsOf: URL(fileURLWithPath: second.folder + "/" + name))
            #expect(a == b, "\(name) differs between two runs")
        }
    }

    @Test func badMethodsAreRefusedWithTheSettingNamed() throws {
        let unknown = try attain(["compare", "fixtures/tiny/three-methods", "--method", "indicatr=min"])
        #expect(unknown.status == 64)
        #expect(unknown.errors.contains("'indicatr' is not a method setting"))
        let badValue = try attain(["compare", "fixtures/tiny/three-methods", "--method", "indicator=max"])
        #expect(badValue.status == 64)
        #expect(badValue.errors.contains("indicator must be one of weighted-sum | min, not 'max'"))
        let none = try attain(["compare", "fixtures/tiny/three-methods"])
        #expect(none.status == 64)
        let notInEffect = try attain(["compare", "fixtures/tiny/three-methods", "--method", "nba.bands=0.4,0.5,0.6"])
        #expect(notInEffect.status == 0)
        #expect(notInEffect.errors.contains("nba.bands changes nothing under course_objective=weighted-ratios"))
    }

    @Test func aWorkbookCanBeWrittenAndReadBack() throws {
        let folder = temporaryFolder()
        let outcome = try attain([
            "compare", "fixtures/tiny/three-methods", "--method", "indicator=min", "-o", folder, "--format", "xlsx", "--all",
        ])
        #expect(outcome.status == 0, "\(outcome.errors)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/compare.xlsx"))
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), "a zip archive")
        #expect(!FileManager.default.fileExists(atPath: folder + "/compare.csv"))
    }

    /// A method that changes how sheets are read (absent: exclude) reads them again; one that
    /// does not reuses the scores read. Both give fixtures/tiny/exclusions' hand-worked values:
    /// C1/CO1 0.645 as defined, 0.7575 with absent students' items left out, and 0.6941761… by
    /// pooled marks (its README).
    @Test func readingAndNonReadingMethodsBothGiveTheHandWorkedValues() throws {
        let folder = temporaryFolder()
        let outcome = try attain([
            "compare", "fixtures/tiny/exclusions", "--method", "absent=exclude", "--method", "course_objective=pooled-marks",
            "-o", folder, "--format", "json",
        ])
        #expect(outcome.status == 0, "\(outcome.errors)")
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/compare.json"))
        let record = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let values = try #require(try row(record, "C1/CO1")["values"] as? [Double])
        let expected = [0.645, 0.7575, 0.6941761363636364]
        #expect(values.count == 3)
        for (value, hand) in zip(values, expected) { #expect(abs(value - hand) < 1e-12, "\(values)") }
    }
}

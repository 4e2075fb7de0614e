import AttainmentCore
import Foundation
import Testing

@testable import AttainmentIO
import TestSupport

/// A programme folder made from `attain init`'s template, with some files edited.
private func makeProgramme(
    _ edits: [String: (String) -> String] = [:], extra: [String: String] = [:], remove: [String] = []
) throws -> String {
    let directory = scratchDirectory
        .appendingPathComponent("attain-io-\(UUID().uuidString)").path
    for (path, text) in ProgrammeTemplate.files where !remove.contains(path) {
        let edited = edits[path].map { $0(text) } ?? text
        try write(edited, to: directory + "/" + path)
    }
    for (path, text) in extra { try write(text, to: directory + "/" + path) }
    return directory
}

private func write(_ text: String, to path: String) throws {
    try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

/// Replaces the first occurrence of `target`; fails the test if it is not there.
private func replacing(_ target: String, with replacement: String) -> (String) -> String {
    { text in
        #expect(text.contains(target), "the template contains \(target)")
        guard let range = text.range(of: target) else { return text }
        return text.replacingCharacters(in: range, with: replacement)
    }
}

/// All diagnostics of loading a folder, and whether loading failed.
private func diagnostics(_ directory: String) -> (failed: Bool, diagnostics: [Diagnostic]) {
    do {
        return (false, try ProgrammeFolder.load(directory).warnings)
    } catch {
        return (true, error.diagnostics)
    }
}

/// The one diagnostic with this code; records an issue unless there is exactly one.
private func single(_ code: DiagnosticCode, in found: [Diagnostic]) -> Diagnostic? {
    let matching = found.filter { $0.code == code }
    #expect(matching.count == 1, "one \(code.rawValue) among: \(found.map(\.description))")
    return matching.first
}

/// The location relative to the programme folder.
private func place(_ diagnostic: Diagnostic?, in directory: String) -> String? {
    diagnostic?.location?.description.replacingOccurrences(of: directory + "/", with: "")
}

@Suite struct ProgrammeFolderTests {
    @Test func templateLoadsWithoutDiagnostics() throws {
        let directory = try makeProgramme()
        let loaded = try ProgrammeFolder.load(directory)
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        #expect(loaded.input.programme.courses.map(\.id) == ["MATH101", "CS101"], "support.csv order")
        #expect(loaded.input.programme.indicators.map(\.id) == ["1.1", "1.2", "2.1"])
        #expect(loaded.input.roster?.count == 4)
        #expect(loaded.files.map(\.path) == [
            "programme.yaml", "support.csv", "courses/MATH101.yaml", "courses/CS101.yaml",
            "scores/MATH101.csv", "scores/CS101.csv", "roster.csv",
        ])
        let cs = loaded.input.scores[1]
        #expect(cs.students.map(\.id) == ["2024000101", "2024000102", "2024000103", "2024000104"])
        // 李四 is absent from the exam: 0 that counts (absent: zero).
        #expect(cs.scores[1, 2] == 0)
        #expect(cs.included == nil)
        // 赵六 is deferred in MATH101: the whole row is left out.
        let math = loaded.input.scores[0]
        #expect(math.included?.row(3) == [0, 0, 0, 0])
        #expect(math.included?.row(0) == [1, 1, 1, 1])
    }

    @Test func inputHashesAreSHA256OfTheFiles() throws {
        let directory = try makeProgramme()
        let loaded = try ProgrammeFolder.load(directory)
        let bytes = Array(ProgrammeTemplate.support.utf8)
        #expect(loaded.files.first { $0.path == "support.csv" }?.sha256 == SHA256.hexDigest(bytes))
        #expect(loaded.files.first { $0.path == "support.csv" }?.size == bytes.count)
    }

    @Test func scoreAboveFullMarks() throws {
        let directory = try makeProgramme(["scores/CS101.csv": replacing("张三,1班,45", with: "张三,1班,55")])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        let diagnostic = single(.scoreAboveFullMarks, in: found)
        #expect(place(diagnostic, in: directory) == "scores/CS101.csv:2:4")
        #expect(diagnostic?.message.contains("55") == false, "no scores in messages")
        #expect(diagnostic?.message.contains("张三") == false, "no names in messages")
    }

    /// A row with a value past its header's last column is an error at that value: a decimal
    /// comma (45,5) shifts the scores after it, and was read as 45 and 5 with the rest dropped.
    @Test func aValuePastTheHeaderIsAnError() throws {
        let sheet = try makeProgramme(["scores/CS101.csv": replacing("王五,2班,48,46", with: "王五,2班,48,45,5")])
        let (failedSheet, sheetFound) = diagnostics(sheet)
        #expect(failedSheet)
        let diagnostic = single(.invalidValue, in: sheetFound)
        #expect(place(diagnostic, in: sheet) == "scores/CS101.csv:4:8")
        #expect(diagnostic?.message.contains("this row has 8 fields, more than the header's 7: a decimal comma") == true)

        // Blank fields past the header (trailing commas) are no value.
        let trailing = try makeProgramme(["scores/CS101.csv": replacing("王五,2班,48,46,45,44", with: "王五,2班,48,46,45,44,, ")])
        #expect(!diagnostics(trailing).failed)

        let support = try makeProgramme(["support.csv": { text in
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[1] += ",H"
            return lines.joined(separator: "\n")
        }])
        let (failedSupport, supportFound) = diagnostics(support)
        #expect(failedSupport)
        #expect(place(single(.invalidValue, in: supportFound), in: support)?.hasPrefix("support.csv:2:") == true)

        let roster = try makeProgramme(["roster.csv": { text in
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[1] += ",另一列"
            return lines.joined(separator: "\n")
        }])
        let (failedRoster, rosterFound) = diagnostics(roster)
        #expect(failedRoster)
        #expect(place(single(.invalidValue, in: rosterFound), in: roster)?.hasPrefix("roster.csv:2:") == true)
    }

    /// A threshold out of range is reported where it is written, not at the programme's id.
    @Test func aThresholdOutOfRangeIsReportedWhereItIs() throws {
        let directory = try makeProgramme([
            "programme.yaml": { replacing("individual: 0.6", with: "individual: -0.1")(replacing("class: 0.7", with: "class: 1.5")($0)) },
        ])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        let places = found.filter { $0.code == .invalidValue }.map { "\(place($0, in: directory) ?? "-") \($0.message)" }
        #expect(places == [
            "programme.yaml:8:10 the class threshold must lie between 0 and 1",
            "programme.yaml:9:15 the individual threshold must lie between 0 and 1",
        ])
    }

    @Test func negativeScore() throws {
        let directory = try makeProgramme(["scores/CS101.csv": replacing("王五,2班,48,46", with: "王五,2班,48,-1")])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        #expect(place(single(.negativeScore, in: found), in: directory) == "scores/CS101.csv:4:5")
    }

    @Test func notANumber() throws {
        let directory = try makeProgramme(["scores/MATH101.csv": replacing("李四,1班,,7", with: "李四,1班,,7x")])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        let diagnostic = single(.notANumber, in: found)
        #expect(place(diagnostic, in: directory) == "scores/MATH101.csv:3:5")
        #expect(diagnostic?.message.contains("\"7x\"") == true)
    }

    @Test func blankScoreIsAnErrorByDefaultAndZeroWhenSet() throws {
        let directory = try makeProgramme(["scores/CS101.csv": replacing("赵六,2班,38,35", with: "赵六,2班,,35")])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        #expect(place(single(.blankScore, in: found), in: directory) == "scores/CS101.csv:5:4")

        let zero = try makeProgramme([
            "scores/CS101.csv": replacing("赵六,2班,38,35", with: "赵六,2班,,35"),
            "programme.yaml": replacing("blank: error", with: "blank: zero"),
        ])
        let loaded = try ProgrammeFolder.load(zero)
        #expect(loaded.input.scores[1].scores[3, 0] == 0)
        #expect(loaded.input.scores[1].included == nil)
    }

    @Test func absentExcludedWhenSet() throws {
        let directory = try makeProgramme(["programme.yaml": replacing("absent: zero", with: "absent: exclude")])
        let loaded = try ProgrammeFolder.load(directory)
        #expect(loaded.input.scores[1].included?.row(1) == [1, 1, 0, 0])
    }

    @Test func statusWordsInEnglishAndInAnyCase() throws {
        let directory = try makeProgramme([
            "scores/CS101.csv": replacing("李四,1班,30,28,缺考,缺考", with: "李四,1班,30,Exempt,ABSENT,cheating")
        ])
        let loaded = try ProgrammeFolder.load(directory)
        #expect(loaded.input.scores[1].included?.row(1) == [1, 0, 1, 1])
    }

    @Test func unknownStatusWord() throws {
        let directory = try makeProgramme(["scores/MATH101.csv": replacing("赵六,2班,缓考", with: "赵六,2班,病假")])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        #expect(found.contains { $0.code == .invalidValue && place($0, in: directory) == "scores/MATH101.csv:5:4" })
    }

    @Test func duplicateStudentAcrossTeachingClasses() throws {
        let directory = try makeProgramme(
            ["courses/CS101.yaml": replacing("components:", with: "sheets: [scores/CS101.csv, scores/CS101-b.csv]\ncomponents:")],
            extra: ["scores/CS101-b.csv": "student_id,name,LAB1,LAB2,Q1,Q2\n2024000103,王五,1,1,1,1\n"])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        let diagnostic = single(.duplicateStudent, in: found)
        #expect(place(diagnostic, in: directory) == "scores/CS101-b.csv:2:1")
        #expect(diagnostic?.message.contains("scores/CS101.csv:4") == true)
        #expect(diagnostic?.message.contains("2024000103") == false)
    }

    @Test func teachingClassesArePooledFromAFolder() throws {
        let directory = try makeProgramme(
            extra: [
                "scores/CS101/class-1.csv": "student_id,name,LAB1,LAB2,Q1,Q2\n2024000101,张三,45,40,41,38\n2024000102,李四,30,28,缺考,缺考\n",
                "scores/CS101/class-2.csv": "学号,姓名,LAB1,LAB2,Q1,Q2\n2024000103,王五,48,46,45,44\n2024000104,赵六,38,35,30,33\n",
            ],
            remove: ["scores/CS101.csv"])
        let pooled = try ProgrammeFolder.load(directory)
        let single = try ProgrammeFolder.load(try makeProgramme())
        #expect(pooled.input.scores[1] == single.input.scores[1])
    }

    @Test func itemInSheetNotInPlanAndTheReverse() throws {
        let directory = try makeProgramme([
            "scores/CS101.csv": replacing("LAB1,LAB2,Q1,Q2", with: "LAB1,LAB3,Q1,Q2")
        ])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        #expect(place(single(.itemNotInPlan, in: found), in: directory) == "scores/CS101.csv:1:5")
        let missing = single(.itemNotInSheet, in: found)
        #expect(place(missing, in: directory) == "scores/CS101.csv:1")
        #expect(missing?.message.contains("LAB2") == true)
    }

    @Test func unknownIndicatorInTheSupportMatrix() throws {
        let directory = try makeProgramme(["support.csv": replacing("1.2,2.1", with: "1.2,2.9")])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        #expect(found.contains { $0.code == .unknownID && place($0, in: directory) == "support.csv:1:5" })
    }

    @Test func unknownIndicatorInACourseObjective() throws {
        let directory = try makeProgramme(["courses/CS101.yaml": replacing("indicators: [\"2.1\"]", with: "indicators: [\"2.9\"]")])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        let diagnostic = found.first { $0.code == .unknownID }
        #expect(diagnostic?.message.contains("2.9") == true)
        #expect(place(diagnostic, in: directory)?.hasPrefix("courses/CS101.yaml:") == true)
    }

    @Test func unknownObjectiveInRequirementSupport() throws {
        let directory = try makeProgramme(["programme.yaml": replacing("GR2: {PEO2: H}", with: "GR2: {PEO7: H}")])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        let diagnostic = found.first { $0.code == .unknownID }
        #expect(diagnostic?.message.contains("PEO7") == true)
        #expect(place(diagnostic, in: directory)?.hasPrefix("programme.yaml:") == true)
    }

    @Test func objectiveWithNoAssessment() throws {
        let directory = try makeProgramme([
            "courses/CS101.yaml": replacing(
                "  - {id: LAB2, component: lab, full_marks: 50, objectives: CO2}\n", with: "")
                >>> replacing("  - {id: Q2, component: final, full_marks: 50, objectives: CO2}\n", with: ""),
            "scores/CS101.csv": { text in
                text.split(separator: "\n").map { line in
                    let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                    return [cells[0], cells[1], cells[2], cells[3], cells[5]].joined(separator: ",")
                }.joined(separator: "\n") + "\n"
            },
        ])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        let diagnostic = single(.objectiveNotAssessed, in: found)
        #expect(place(diagnostic, in: directory)?.hasPrefix("courses/CS101.yaml:") == true)
    }

    @Test func indicatorNoCourseSupports() throws {
        let directory = try makeProgramme([
            "programme.yaml": replacing("      - id: \"2.1\"", with: "      - id: \"2.2\"\n      - id: \"2.1\""),
        ])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        let diagnostic = single(.indicatorUnsupported, in: found)
        #expect(place(diagnostic, in: directory) == "programme.yaml:42:9")
    }

    @Test func courseMappedToAnIndicatorThroughNoObjective() throws {
        let directory = try makeProgramme(["courses/MATH101.yaml": replacing("indicators: [\"1.2\", \"2.1\"]", with: "indicators: [\"1.2\"]")])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        #expect(place(single(.supportWithoutObjective, in: found), in: directory) == "support.csv:2:5")
    }

    @Test func objectiveSupportingAnIndicatorWithoutAMatrixCell() throws {
        let directory = try makeProgramme(["support.csv": replacing("CS101,程序设计 Programming,L,H,H", with: "CS101,程序设计 Programming,,H,H")])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        #expect(single(.objectiveWithoutSupport, in: found)?.message.contains("1.1") == true)
    }

    @Test func componentWeightZeroOrNegative() throws {
        let directory = try makeProgramme(["courses/CS101.yaml": replacing("weight: 0.4", with: "weight: -0.4")])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        let diagnostic = single(.componentWeight, in: found)
        #expect(place(diagnostic, in: directory)?.hasPrefix("courses/CS101.yaml:13:") == true)
    }

    /// A component's kind is internal or end-semester (methods.md §11); another word is an
    /// error at its place.
    @Test func componentKindIsReadAndChecked() throws {
        let good = try makeProgramme(["courses/CS101.yaml": replacing("weight: 0.4", with: "weight: 0.4, kind: end-semester")])
        let loaded = try ProgrammeFolder.load(good)
        let course = try #require(loaded.input.programme.courses.first { $0.id == "CS101" })
        #expect(course.components.map(\.kind).contains(.endSemester))
        let bad = try makeProgramme(["courses/CS101.yaml": replacing("weight: 0.4", with: "weight: 0.4, kind: final")])
        let (failed, found) = diagnostics(bad)
        #expect(failed)
        let diagnostic = found.first { $0.code == .invalidValue }
        #expect(diagnostic?.message.contains("internal | end-semester") == true)
        #expect(place(diagnostic, in: bad)?.hasPrefix("courses/CS101.yaml:13:") == true)
    }

    /// Under scheme: nba every component needs a kind; the error names the course file.
    @Test func nbaNeedsComponentKinds() throws {
        let directory = try makeProgramme([
            "programme.yaml": replacing("scheme: engineering", with: "scheme: nba")
                >>> replacing("course_objective: weighted-ratios", with: "course_objective: attainment-levels"),
        ])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        let missing = found.filter { $0.code == .missingField && $0.message.contains("kind") }
        #expect(!missing.isEmpty)
        #expect(missing.allSatisfy { place($0, in: directory)?.hasPrefix("courses/") == true })
    }

    @Test func warningsDoNotStopLoading() throws {
        let directory = try makeProgramme([
            "courses/CS101.yaml": replacing("weight: 0.6", with: "weight: 0.5"),
            "scores/CS101.csv": { $0 + "2024000199,新生,3班,40,40,40,40\n" },
            "support.csv": replacing("MATH101,高等数学 Calculus,H,M,L", with: "MATH101,高等数学 Calculus,H,M,"),
            "courses/MATH101.yaml": replacing("indicators: [\"1.2\", \"2.1\"]", with: "indicators: [\"1.2\"]"),
        ])
        let (failed, found) = diagnostics(directory)
        #expect(!failed, "\(found)")
        #expect(found.allSatisfy { $0.severity == .warning })
        #expect(single(.weightsNormalised, in: found)?.message.contains("0.9") == true)
        #expect(place(single(.studentNotOnRoster, in: found), in: directory) == "scores/CS101.csv:6:1")
        #expect(single(.singleSupportingCourse, in: found)?.message.contains("2.1") == true)
    }

    @Test func objectiveAssessedByASingleItem() throws {
        let directory = try makeProgramme([
            "courses/MATH101.yaml": replacing("objectives: {CO1: 20, CO2: 40}", with: "objectives: CO1")
        ])
        let (failed, found) = diagnostics(directory)
        #expect(!failed, "\(found)")
        #expect(single(.singleItemObjective, in: found)?.message.contains("CO2 of MATH101") == true)
    }

    @Test func marksOfAnItemMustAddUpToItsFullMarks() throws {
        let directory = try makeProgramme([
            "courses/MATH101.yaml": replacing("{CO1: 20, CO2: 40}", with: "{CO1: 20, CO2: 30}")
        ])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        #expect(single(.marksDoNotAddUp, in: found) != nil)
    }

    @Test func rosterStudentWithoutScores() throws {
        let directory = try makeProgramme(["roster.csv": { $0 + "2024000105,钱七,2班\n" }])
        let (failed, found) = diagnostics(directory)
        #expect(!failed)
        #expect(place(single(.rosterStudentWithoutScores, in: found), in: directory) == "roster.csv:6:1")
    }

    /// With no score table at all (here no course), no roster student has scores.
    @Test func rosterStudentsWithoutAnyCourse() throws {
        let directory = try makeProgramme(remove: ["courses/MATH101.yaml", "courses/CS101.yaml", "scores/MATH101.csv", "scores/CS101.csv"])
        let (_, found) = diagnostics(directory)
        let rosterStudents = ProgrammeTemplate.files.first { $0.0 == "roster.csv" }.map { $0.1.split(separator: "\n").count - 1 } ?? 0
        #expect(rosterStudents > 0)
        #expect(found.filter { $0.code == .rosterStudentWithoutScores }.count == rosterStudents, "\(found)")
    }

    @Test func yamlSyntaxErrorHasALocation() throws {
        let directory = try makeProgramme(["programme.yaml": replacing("cohort: \"2024\"", with: "cohort: [2024")])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        let diagnostic = found.first { $0.code == .syntax }
        #expect(diagnostic?.location?.line != nil)
        #expect(place(diagnostic, in: directory)?.hasPrefix("programme.yaml:") == true)
    }

    @Test func unknownKeyIsAnErrorNotIgnored() throws {
        let directory = try makeProgramme(["programme.yaml": replacing("thresholds:", with: "threshold:")])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        #expect(found.contains { $0.code == .invalidValue && $0.message.contains("'threshold'") })
    }

    @Test func invalidMethodNamesTheChoices() throws {
        let directory = try makeProgramme(["programme.yaml": replacing("requirement: min", with: "requirement: median")])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        let diagnostic = found.first { $0.code == .invalidValue }
        #expect(diagnostic?.message.contains("mean | min") == true)
        #expect(place(diagnostic, in: directory)?.hasPrefix("programme.yaml:") == true)
    }

    @Test func missingScoreSheet() throws {
        let directory = try makeProgramme(remove: ["scores/CS101.csv"])
        let (failed, found) = diagnostics(directory)
        #expect(failed)
        #expect(single(.fileMissing, in: found)?.message.contains("CS101") == true)
    }

    @Test func idsThatLookLikeNumbersKeepTheirText() throws {
        let directory = try makeProgramme([
            "programme.yaml": replacing("- id: \"1.1\"", with: "- id: 1.10"),
            "support.csv": replacing("course,name,1.1,", with: "course,name,1.10,"),
            "courses/MATH101.yaml": replacing("indicators: [\"1.1\"]", with: "indicators: [1.10]"),
            "courses/CS101.yaml": replacing("indicators: [\"1.1\", \"1.2\"]", with: "indicators: [1.10, \"1.2\"]"),
            "roster.csv": replacing("2024000101,张三", with: "0024000101,张三"),
        ])
        let loaded = try ProgrammeFolder.load(directory)
        #expect(loaded.input.programme.indicators.map(\.id) == ["1.10", "1.2", "2.1"])
        #expect(loaded.input.roster?.first?.id == "0024000101")
    }

    @Test func gbkEncodedScoreSheetIsReadWithAWarning() throws {
        let directory = try makeProgramme()
        // "学号,姓名" in GBK, then the rest in ASCII and GBK.
        var bytes: [UInt8] = [0xD1, 0xA7, 0xBA, 0xC5, 0x2C, 0xD0, 0xD5, 0xC3, 0xFB]
        bytes += Array(",LAB1,LAB2,Q1,Q2\n".utf8)
        // 缺考 would be UTF-8 here: use plain numbers in the rows.
        let rows = ProgrammeTemplate.programmingScores.replacingOccurrences(of: "缺考", with: "0")
        for line in rows.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            let text: String = String(cells[0]) + ",X," + cells[3...].joined(separator: ",") + "\n"
            bytes += Array(text.utf8)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/scores/CS101.csv"))
        let loaded = try ProgrammeFolder.load(directory)
        #expect(single(.decodedAsGB18030, in: loaded.warnings) != nil)
        #expect(loaded.input.scores[1].students.count == 4)
    }
}

extension ProgrammeFolderTests {
    @Test func gbkEncodedCourseFileIsReadWithAWarning() throws {
        let directory = try makeProgramme()
        // The course name 高等数学 in GBK.
        let gbkName: [UInt8] = [0xB8, 0xDF, 0xB5, 0xC8, 0xCA, 0xFD, 0xD1, 0xA7]
        let before = "id: MATH101\nname: "
        let after = """

            credits: 5
            objectives:
              - {id: CO1, indicators: ["1.1"]}
              - {id: CO2, indicators: ["1.2", "2.1"]}
            components:
              - {id: homework, weight: 0.3}
              - {id: final, weight: 0.7}
            items:
              - {id: HW1, component: homework, full_marks: 10, objectives: CO1}
              - {id: HW2, component: homework, full_marks: 10, objectives: CO2}
              - {id: Q1, component: final, full_marks: 40, objectives: CO1}
              - {id: Q2, component: final, full_marks: 60, objectives: {CO1: 20, CO2: 40}}

            """
        let bytes = Array(before.utf8) + gbkName + Array(after.utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/courses/MATH101.yaml"))
        let loaded = try ProgrammeFolder.load(directory)
        #expect(single(.decodedAsGB18030, in: loaded.warnings)?.location?.file.hasSuffix("courses/MATH101.yaml") == true)
        #expect(loaded.input.programme.courses[0].name == "高等数学")
    }
}

infix operator >>>: AdditionPrecedence
private func >>> (first: @escaping (String) -> String, second: @escaping (String) -> String) -> (String) -> String {
    { second(first($0)) }
}

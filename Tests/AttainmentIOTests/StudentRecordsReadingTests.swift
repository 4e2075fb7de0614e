import AttainmentCore
import Foundation
import Testing

@testable import AttainmentIO
import TestSupport

/// A copy of fixtures/tiny/records in a temporary folder, with some files edited
/// (docs/methods.md §14).
private func recordsProgramme(_ edits: [String: (String) -> String] = [:]) throws -> String {
    let source = repositoryRoot + "/fixtures/tiny/records"
    let directory = scratchDirectory.appendingPathComponent("attain-records-\(UUID().uuidString)").path
    let manager = FileManager.default
    for path in ["programme.yaml", "support.csv", "roster.csv", "surveys/graduating.csv", "surveys/alumni.csv"]
        + ["A", "B", "E1", "E2"].flatMap({ ["courses/\($0).yaml", "scores/\($0).csv"] })
    {
        var text = try String(contentsOfFile: source + "/" + path, encoding: .utf8)
        if let edit = edits[path] { text = edit(text) }
        let target = directory + "/" + path
        try manager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: target))
    }
    return directory
}

/// Replaces the first occurrence of `target`; fails the test if it is not there.
private func replacing(_ target: String, with replacement: String) -> (String) -> String {
    { text in
        #expect(text.contains(target), "the file contains \(target)")
        guard let range = text.range(of: target) else { return text }
        return text.replacingCharacters(in: range, with: replacement)
    }
}

/// The errors of loading a folder, with locations relative to it.
private func errors(_ directory: String) -> [(code: DiagnosticCode, place: String, message: String)] {
    do {
        _ = try ProgrammeFolder.load(directory)
        return []
    } catch {
        return error.errors.map {
            ($0.code, $0.location?.description.replacingOccurrences(of: directory + "/", with: "") ?? "", $0.message)
        }
    }
}

@Suite struct StudentRecordsReadingTests {
    @Test func attemptsAndStatusesAreRead() throws {
        let loaded = try ProgrammeFolder.load(try recordsProgramme())
        let input = loaded.input
        let a = try #require(input.programme.courses.firstIndex { $0.id == "A" })
        // 正常, blank, 补考 and 重修 in A; blank and resit in B; no column in E1.
        #expect(input.scores[a].attempts == [1, 1, 1, 1, 1, 1, 2, 2, 3])
        let b = try #require(input.programme.courses.firstIndex { $0.id == "B" })
        #expect(input.scores[b].attempts == [1, 1, 1, 1, 1, 1, 2])
        let e1 = try #require(input.programme.courses.firstIndex { $0.id == "E1" })
        #expect(input.scores[e1].attempts == nil)
        #expect(input.rosterStatus == ["S6": .transferredIn, "S7": .left])
        #expect(input.programme.electiveGroups == [ElectiveGroup(id: "G", name: "专业选修课组", courses: ["E1", "E2"])])
    }

    @Test(arguments: [("2", 2), ("3", 3), ("retake", 3), ("Resit", 2), ("首修", 1), ("初修", 1), ("first", 1), ("normal", 1)])
    func attemptWords(word: String, attempt: Int) {
        #expect(AttemptWord.attempt(word) == attempt)
    }

    @Test func attemptWordsThatAreNone() {
        for word in ["0", "1.5", "-1", "缓考", "second"] { #expect(AttemptWord.attempt(word) == nil, "\(word)") }
        #expect(AttemptWord.attempt("") == 1, "a blank cell is a first attempt")
    }

    @Test func unknownAttemptWordHasItsCell() throws {
        let directory = try recordsProgramme(["scores/A.csv": replacing("S2,学生二,补考", with: "S2,学生二,第二次")])
        let found = errors(directory)
        #expect(found.contains { $0.code == .invalidValue && $0.place == "scores/A.csv:8:3" && $0.message.contains("补考") })
    }

    @Test func sameAttemptTwiceIsADuplicateStudent() throws {
        let directory = try recordsProgramme(["scores/A.csv": replacing("S4,学生四,重修", with: "S4,学生四,补考")])
        let found = errors(directory)
        let duplicates = found.filter { $0.code == .duplicateStudent }
        #expect(duplicates.count == 1)
        #expect(duplicates.first?.place == "scores/A.csv:10:1")
        #expect(duplicates.first?.message.contains("scores/A.csv:9") == true)
        #expect(duplicates.first?.message.contains("attempt 2") == true)
    }

    @Test func blankAttemptAndFirstAttemptAreTheSameAttempt() throws {
        let directory = try recordsProgramme(["scores/B.csv": replacing("S2,学生二,resit", with: "S2,学生二,1")])
        #expect(errors(directory).contains { $0.code == .duplicateStudent && $0.place == "scores/B.csv:8:1" })
    }

    @Test func unknownRosterStatusHasItsCell() throws {
        let directory = try recordsProgramme(["roster.csv": replacing("S7,学生七,退学", with: "S7,学生七,毕业")])
        let found = errors(directory)
        #expect(found.contains { $0.code == .invalidValue && $0.place == "roster.csv:8:3" && $0.message.contains("退学") })
    }

    @Test(arguments: [("转专业转入", StudentStatus.transferredIn), ("transfer-in", .transferredIn), ("转出", .left),
                      ("休学", .left), ("Left", .left), ("", .regular)])
    func rosterStatusWords(word: String, status: StudentStatus) {
        #expect(RosterStatusWord.status(word) == status)
    }

    @Test func memberCourseWithItsOwnSupportRowIsAnError() throws {
        let directory = try recordsProgramme(["support.csv": replacing("G,专业选修课组,,L,H", with: "G,专业选修课组,,L,H\nE1,选修课E1,,L,")])
        let found = errors(directory)
        #expect(found.contains { $0.code == .invalidValue && $0.place == "support.csv:5:4" && $0.message.contains("elective group G") })
    }

    @Test func groupWithOneCourseIsAnErrorAtTheGroup() throws {
        let directory = try recordsProgramme(["programme.yaml": replacing("courses: [E1, E2]", with: "courses: [E1]")])
        let found = errors(directory)
        #expect(found.contains { $0.code == .invalidValue && $0.place.hasPrefix("programme.yaml:") && $0.message.contains("at least two") })
    }

    @Test func groupIDOfACourseIsAnError() throws {
        let directory = try recordsProgramme([
            "programme.yaml": replacing("- id: G\n", with: "- id: A\n"),
            "support.csv": replacing("G,专业选修课组", with: "A2,专业选修课组"),
        ])
        #expect(errors(directory).contains { $0.code == .duplicateID && $0.message.contains("elective group A has the id of a course") })
    }

    @Test func memberObjectiveOutsideTheGroupsRowIsAnError() throws {
        let directory = try recordsProgramme(["courses/E2.yaml": replacing("indicators: [\"1.2\"]", with: "indicators: [\"1.1\"]")])
        let found = errors(directory)
        #expect(found.contains { $0.code == .objectiveWithoutSupport && $0.message.contains("G (the elective group of E2) × 1.1") })
        #expect(found.contains { $0.code == .supportWithoutObjective && $0.message.contains("its course E2") })
    }

    @Test func severalElectivesAndLaterAttemptsAreReported() throws {
        let loaded = try ProgrammeFolder.load(try recordsProgramme()) { $0.retake = .latest }
        let result = try loaded.compute()
        let several = result.diagnostics.filter { $0.code == .severalElectives }
        #expect(several.count == 1)
        #expect(several.first?.location?.description.hasSuffix("programme.yaml:39:5") == true)
        #expect(several.first?.message.contains("1 student has") == true)
        #expect(result.diagnostics.filter { $0.code == .laterAttemptCounted }.map(\.message) == [
            "2 students are counted in A with a resit or retake (retake: latest)",
            "1 student is counted in B with a resit or retake (retake: latest)",
        ])
        #expect(result.laterAttemptsCounted == 3)
        // One row per student, in the order of their first rows.
        let a = try #require(result.programme.courses.firstIndex { $0.id == "A" })
        #expect(result.courses[a].students.map(\.id) == ["S1", "S2", "S3", "S4", "S5", "S7"])
        #expect(result.courses[a].items.map(\.studentsCounted) == [6, 6])
    }
}

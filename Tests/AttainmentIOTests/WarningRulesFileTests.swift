import AttainmentCore
import Foundation
import Testing

@testable import AttainmentIO
import TestSupport

/// Writes a rules file in a fresh temporary folder and returns its path.
private func rulesFile(_ text: String) throws -> String {
    let directory = scratchDirectory.appendingPathComponent("attain-warnings-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let path = directory.appendingPathComponent("warnings.yaml").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

/// The diagnostics of loading a rules file; records an issue if it loads.
private func errors(_ text: String) throws -> (path: String, diagnostics: [Diagnostic]) {
    let path = try rulesFile(text)
    do {
        let rules = try WarningRulesFile.load(path)
        Issue.record("loaded \(rules) from:\n\(text)")
        return (path, [])
    } catch {
        return (path, error.diagnostics)
    }
}

/// One bad file: the text, where the error is (line:column), its code and words of its message.
struct BadRulesFile: Sendable, CustomTestStringConvertible {
    var text: String
    var place: String
    var code: DiagnosticCode
    var says: String

    var testDescription: String { "\(place) \(says)" }
}

@Suite struct WarningRulesFileTests {
    @Test func fullFile() throws {
        let path = try rulesFile("""
            # the quality office's rules
            below_threshold: false
            near_margin: 0.1
            fall_limit: 0.08
            course:
              pass_mark: 0.5
              excellent_mark: 0.85
              min_pass_rate: 0.7
              max_excellence_rate: 0.3
              min_excellence_rate: 0.05
            student:
              min_requirements: 2
              alert_requirements: 4
            """)
        let rules = try WarningRulesFile.load(path)
        #expect(rules == WarningRules(
            belowThreshold: false, nearMargin: 0.1, fallLimit: 0.08, passMark: 0.5, excellentMark: 0.85,
            minimumPassRate: 0.7, maximumExcellenceRate: 0.3, minimumExcellenceRate: 0.05,
            studentRequirements: 2, studentAlertRequirements: 4))
    }

    /// The file of docs/format.md: the defaults written out.
    @Test func documentedDefaults() throws {
        let path = try rulesFile("""
            below_threshold: true
            near_margin: 0.05
            fall_limit: 0.05
            course:
              pass_mark: 0.6
              excellent_mark: 0.9
              min_pass_rate: 0.8
              max_excellence_rate: 0.4
              min_excellence_rate: off
            student:
              min_requirements: 1
              alert_requirements: 3
            """)
        #expect(try WarningRulesFile.load(path) == WarningRules())
    }

    /// An empty file, one of comments only, and empty sections are the defaults.
    @Test(arguments: ["", "\n\n", "# nothing changed\n", "course:\nstudent: ~\n", "{}"])
    func emptyFileIsTheDefaults(text: String) throws {
        #expect(try WarningRulesFile.load(try rulesFile(text)) == WarningRules())
    }

    /// Some keys given, the rest default.
    @Test func partialFile() throws {
        let rules = try WarningRulesFile.load(try rulesFile("course:\n  min_pass_rate: 0.9\n"))
        var expected = WarningRules()
        expected.minimumPassRate = 0.9
        #expect(rules == expected)
    }

    @Test func offTurnsBoundsOff() throws {
        let path = try rulesFile("""
            below_threshold: off
            near_margin: off
            fall_limit: OFF
            course:
              min_pass_rate: off
              max_excellence_rate: off
              min_excellence_rate: off
            student:
              min_requirements: off
            """)
        let rules = try WarningRulesFile.load(path)
        #expect(rules == WarningRules(
            belowThreshold: false, nearMargin: nil, fallLimit: nil, minimumPassRate: nil, maximumExcellenceRate: nil,
            minimumExcellenceRate: nil, studentRequirements: nil))
    }

    static let badFiles: [BadRulesFile] = [
        BadRulesFile(
            text: "near_margn: 0.1\n", place: "1:1", code: .invalidValue,
            says: "unknown key 'near_margn'; allowed: below_threshold, near_margin, fall_limit, course, student"),
        BadRulesFile(
            text: "course:\n  pass_rate: 0.6\n", place: "2:3", code: .invalidValue,
            says: "allowed: pass_mark, excellent_mark, min_pass_rate, max_excellence_rate, min_excellence_rate"),
        BadRulesFile(
            text: "student:\n  alert: 2\n", place: "2:3", code: .invalidValue,
            says: "allowed: min_requirements, alert_requirements"),
        BadRulesFile(
            text: "near_margin: abc\n", place: "1:14", code: .invalidValue,
            says: "near_margin must be a number from 0 to 1 or off, not 'abc'"),
        BadRulesFile(
            text: "near_margin: [0.1]\n", place: "1:14", code: .invalidValue,
            says: "near_margin must be a number from 0 to 1 or off"),
        BadRulesFile(text: "fall_limit:\n", place: "1:12", code: .invalidValue, says: "fall_limit must be a number"),
        BadRulesFile(
            text: "below_threshold: sometimes\n", place: "1:18", code: .invalidValue,
            says: "below_threshold must be true or false"),
        BadRulesFile(text: "course: 0.6\n", place: "1:9", code: .invalidValue, says: "course must be a mapping"),
        BadRulesFile(
            text: "course:\n  pass_mark: off\n", place: "2:14", code: .invalidValue,
            says: "course.pass_mark must be a number from 0 to 1, not 'off'"),
        BadRulesFile(
            text: "fall_limit: 1.5\n", place: "1:13", code: .invalidValue, says: "fall_limit must be from 0 to 1"),
        BadRulesFile(
            text: "course:\n  max_excellence_rate: 40\n", place: "2:24", code: .invalidValue,
            says: "course.max_excellence_rate must be from 0 to 1 (0.6 for 60 %), not 40"),
        BadRulesFile(
            text: "course:\n  excellent_mark: -0.1\n", place: "2:19", code: .invalidValue,
            says: "course.excellent_mark must be from 0 to 1"),
        BadRulesFile(
            text: "student:\n  min_requirements: 0\n", place: "2:21", code: .invalidValue,
            says: "student.min_requirements must be at least 1, not 0"),
        BadRulesFile(
            text: "student:\n  alert_requirements: 2.5\n", place: "2:23", code: .invalidValue,
            says: "student.alert_requirements must be a whole number of at least 1, not '2.5'"),
        BadRulesFile(
            text: "course:\n  pass_mark: 0.95\n", place: "2:14", code: .invalidValue,
            says: "course.pass_mark (0.95) must not be above course.excellent_mark (0.9)"),
        BadRulesFile(
            text: "course:\n  excellent_mark: 0.5\n", place: "2:19", code: .invalidValue,
            says: "course.pass_mark (0.6) must not be above course.excellent_mark (0.5)"),
        BadRulesFile(
            text: "course:\n  pass_mark: 0.5\n  pass_mark: 0.6\n", place: "2:3", code: .duplicateID,
            says: "has the key 'pass_mark' more than once"),
        BadRulesFile(text: "near_margin: [0.1\n", place: "2:1", code: .syntax, says: "is not valid YAML"),
        BadRulesFile(text: "- 0.1\n", place: "1:1", code: .invalidValue, says: "must be a mapping"),
    ]

    /// Each error with its code and its place.
    @Test(arguments: badFiles)
    func errorWithItsLocation(_ bad: BadRulesFile) throws {
        let (path, found) = try errors(bad.text)
        #expect(found.count == 1, "\(found.map(\.description))")
        let diagnostic = try #require(found.first)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.code == bad.code, "\(diagnostic)")
        #expect(diagnostic.location?.description == "\(path):\(bad.place)", "\(diagnostic)")
        #expect(diagnostic.message.contains(bad.says), "\(diagnostic.message)")
    }

    /// Every problem of a file is reported at once.
    @Test func allErrorsAtOnce() throws {
        let (path, found) = try errors("near_margin: 2\ncourse:\n  min_pass_rate: x\nstudent:\n  min_requirements: 0\n")
        #expect(found.map { $0.location?.description } == ["\(path):1:14", "\(path):3:18", "\(path):5:21"])
    }

    @Test func missingFile() throws {
        let path = scratchDirectory.appendingPathComponent("attain-no-\(UUID().uuidString).yaml").path
        do {
            _ = try WarningRulesFile.load(path)
            Issue.record("a missing file loaded")
        } catch {
            #expect(error.diagnostics.map(\.code) == [.fileMissing])
            #expect(error.diagnostics.first?.location?.description == path)
        }
    }
}

import AttainmentCore
import Foundation
import Testing

@testable import AttainmentIO

/// The repository's root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The tiny programmes under fixtures/tiny, each with an expected.json worked out by hand
/// (see their README.md): the engine must reproduce every number listed there.
private let tinyFixtures: [String] = {
    let folder = repositoryRoot + "/fixtures/tiny"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { FileManager.default.fileExists(atPath: "\(folder)/\($0)/expected.json") }.sorted()
}()

/// Applies expected.json's method overrides, written as in programme.yaml with dotted keys
/// (`"nba.target": 0.5`, `"nba.bands": [0.4, 0.5, 0.6]`), through `MethodSettings.set`.
private func applying(_ overrides: [String: Any], to methods: MethodSettings) throws -> MethodSettings {
    var methods = methods
    for (key, value) in overrides.sorted(by: { $0.key < $1.key }) {
        let text: String
        switch value {
        case let word as String: text = word
        case let list as [NSNumber]: text = list.map { "\($0.doubleValue)" }.joined(separator: ",")
        case let flag as NSNumber where MethodSettings.definition(of: key)?.choices == ["true", "false"]:
            text = flag.boolValue ? "true" : "false"
        case let number as NSNumber: text = "\(number.doubleValue)"
        default: throw FixtureError("method \(key): cannot read \(value)")
        }
        do {
            try methods.set(key, to: text)
        } catch {
            throw FixtureError("expected.json: \(error.message)")
        }
    }
    return methods
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Compares an expected number (or null) with a computed value.
private func check(_ expected: Any?, _ actual: Double?, _ what: String) {
    if expected is NSNull {
        #expect(actual == nil, "\(what): expected not evaluable, got \(String(describing: actual))")
        return
    }
    guard let number = (expected as? NSNumber)?.doubleValue else {
        Issue.record("\(what): expected.json has \(String(describing: expected)), not a number or null")
        return
    }
    guard let actual else {
        Issue.record("\(what): expected \(number), got not evaluable")
        return
    }
    #expect(abs(actual - number) <= 1e-9 * max(1, abs(number)), "\(what): expected \(number), got \(actual)")
}

@Suite struct HandComputedFixtureTests {
    @Test func thereAreHandComputedFixtures() {
        #expect(tinyFixtures.count >= 4, "fixtures/tiny has the hand-computed programmes")
    }

    @Test(arguments: tinyFixtures)
    func engineReproducesTheHandComputedNumbers(fixture: String) throws {
        let directory = repositoryRoot + "/fixtures/tiny/" + fixture
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/expected.json"))
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cases = root["cases"] as? [[String: Any]], !cases.isEmpty
        else { throw FixtureError("\(fixture)/expected.json has no cases") }
        for testCase in cases {
            let name = "\(fixture) / \(testCase["name"] as? String ?? "?")"
            let overrides = testCase["methods"] as? [String: Any] ?? [:]
            _ = try applying(overrides, to: MethodSettings())  // reports unknown overrides
            let loaded = try ProgrammeFolder.load(directory) { methods in
                methods = (try? applying(overrides, to: methods)) ?? methods
            }
            let result = try loaded.compute()
            let programme = result.programme
            var checked = 0

            for (courseID, objectives) in testCase["course_objectives"] as? [String: [String: Any]] ?? [:] {
                let c = try #require(programme.courses.firstIndex { $0.id == courseID }, "\(name): course \(courseID)")
                for (objectiveID, expected) in objectives {
                    let k = try #require(programme.courses[c].objectives.firstIndex { $0.id == objectiveID })
                    check(expected, result.courses[c].objectives[k].value, "\(name): \(courseID)/\(objectiveID)")
                    checked += 1
                }
            }
            for (id, expected) in testCase["indicators"] as? [String: Any] ?? [:] {
                let attainment = try #require(result.indicators.first { $0.indicatorID == id }, "\(name): indicator \(id)")
                check(expected, attainment.value.value, "\(name): indicator \(id)")
                checked += 1
            }
            for (id, expected) in testCase["requirements"] as? [String: Any] ?? [:] {
                let attainment = try #require(result.requirements.first { $0.requirementID == id }, "\(name): requirement \(id)")
                check(expected, attainment.value.value, "\(name): requirement \(id)")
                checked += 1
            }
            for (id, expected) in testCase["programme_objectives"] as? [String: Any] ?? [:] {
                let attainment = try #require(result.objectives.first { $0.objectiveID == id }, "\(name): objective \(id)")
                check(expected, attainment.value.value, "\(name): objective \(id)")
                checked += 1
            }

            // Survey evidence (methods.md §13): direct, indirect and used value per target.
            for (target, expected) in testCase["survey_evidence"] as? [String: [String: Any]] ?? [:] {
                let evidence = try #require(
                    result.surveyEvidence.first { $0.target.description == target }, "\(name): survey evidence on \(target)")
                check(expected["direct"], evidence.direct, "\(name): \(target) direct")
                check(expected["indirect"], evidence.indirect, "\(name): \(target) indirect")
                check(expected["value"], evidence.value, "\(name): \(target) value")
                checked += 3
            }
            for (survey, expected) in testCase["survey_coverage"] as? [String: Any] ?? [:] {
                let coverage = try #require(result.surveyCoverage.first { $0.surveyID == survey }, "\(name): survey \(survey)")
                check(expected, coverage.coverage, "\(name): coverage of \(survey)")
                checked += 1
            }
            for code in testCase["warnings"] as? [String] ?? [] {
                #expect(result.diagnostics.contains { $0.code.rawValue == code && $0.severity == .warning }, "\(name): warning \(code)")
                checked += 1
            }

            let cohort = result.students
            for (studentID, values) in testCase["students"] as? [String: [String: Any]] ?? [:] {
                let q = cohort.students.firstIndex { $0.id == studentID }
                for (courseID, objectives) in values["course_objectives"] as? [String: [String: Any]] ?? [:] {
                    let c = try #require(programme.courses.firstIndex { $0.id == courseID })
                    let p = result.courses[c].students.firstIndex { $0.id == studentID }
                    for (objectiveID, expected) in objectives {
                        let k = try #require(programme.courses[c].objectives.firstIndex { $0.id == objectiveID })
                        check(
                            expected, p.flatMap { result.courses[c].studentValue(student: $0, objective: k) },
                            "\(name): \(studentID) \(courseID)/\(objectiveID)")
                        checked += 1
                    }
                }
                let levels: [(String, Matrix, [String])] = [
                    ("indicators", cohort.indicators, programme.indicators.map(\.id)),
                    ("requirements", cohort.requirements, programme.requirements.map(\.id)),
                    ("programme_objectives", cohort.objectives, programme.objectives.map(\.id)),
                ]
                for (key, matrix, ids) in levels {
                    for (id, expected) in values[key] as? [String: Any] ?? [:] {
                        let q = try #require(q, "\(name): student \(studentID) is in the cohort")
                        let column = try #require(ids.firstIndex(of: id), "\(name): \(key) \(id)")
                        check(expected, CohortAttainment.value(matrix, q, column), "\(name): \(studentID) \(key) \(id)")
                        checked += 1
                    }
                }
                if let missing = values["missing_courses"] as? [String] {
                    let q = try #require(q, "\(name): student \(studentID) is in the cohort")
                    #expect(
                        Set(cohort.missingIDs(q, programme: programme)) == Set(missing),
                        "\(name): \(studentID) missing courses")
                    checked += 1
                }
                if let status = values["status"] as? String {
                    let q = try #require(q, "\(name): student \(studentID) is in the cohort")
                    #expect(cohort.status(q).rawValue == status, "\(name): \(studentID) status")
                    checked += 1
                }
            }
            for (courseID, expected) in testCase["later_attempts_counted"] as? [String: Int] ?? [:] {
                let c = try #require(programme.courses.firstIndex { $0.id == courseID }, "\(name): course \(courseID)")
                #expect(result.courses[c].laterAttemptsCounted == expected, "\(name): \(courseID) later attempts counted")
                checked += 1
            }
            for (code, expected) in testCase["diagnostics"] as? [String: Int] ?? [:] {
                #expect(
                    result.diagnostics.count { $0.code.rawValue == code } == expected,
                    "\(name): \(expected) diagnostics \(code)")
                checked += 1
            }
            #expect(checked > 0, "\(name) checks at least one number")
        }
    }
}

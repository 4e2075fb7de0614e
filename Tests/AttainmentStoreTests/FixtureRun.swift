import AttainmentCore
import AttainmentIO
import AttainmentStore
import Foundation
import TestSupport

/// The repository's root folder, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// A fixture programme folder copied to a temporary folder, edited, loaded with
/// `ProgrammeFolder.load` and computed by the engine: real results and real input hashes for
/// another cohort or changed scores. The copy is removed once loaded.
struct FixtureRun: Sendable {
    let source: String
    let files: [InputFile]
    let result: AttainmentResult

    /// - Parameters:
    ///   - fixture: the folder under fixtures/, e.g. `tiny/three-methods`.
    ///   - cohort: the cohort to write into programme.yaml, or nil to keep the fixture's.
    ///   - edits: per file (relative to the folder), a change of its text.
    init(_ fixture: String, cohort: String? = nil, edits: [String: @Sendable (String) -> String] = [:]) throws {
        let manager = FileManager.default
        let copy = scratchDirectory.appendingPathComponent("attain-store-\(UUID().uuidString)").path
        try manager.copyItem(atPath: repositoryRoot + "/fixtures/" + fixture, toPath: copy)
        defer { try? manager.removeItem(atPath: copy) }
        for (file, edit) in edits {
            try Self.edit(copy + "/" + file, mustChange: true, edit)
        }
        if let cohort {
            try Self.edit(copy + "/programme.yaml", mustChange: false) { text in
                text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                    line.hasPrefix("cohort:") ? "cohort: \"\(cohort)\"" : String(line)
                }.joined(separator: "\n")
            }
        }
        let loaded = try ProgrammeFolder.load(copy)
        source = copy
        files = loaded.files
        result = try loaded.compute()
    }

    /// An edit that left its file as it was: the fixture no longer has the text it replaces.
    struct EditChangedNothing: Error {
        let path: String
    }

    private static func edit(_ path: String, mustChange: Bool, _ edit: (String) -> String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let edited = edit(text)
        if edited == text {
            if mustChange { throw EditChangedNothing(path: path) }
            return
        }
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The facts of this run, recorded at `recordedAt`.
    func facts(_ recordedAt: String) -> RunFacts {
        RunFacts(result: result, inputs: files, source: source, recordedAt: recordedAt)
    }

    /// tiny/three-methods (one course C1 with one objective, indicator 2.1, GR1, PEO1) for a
    /// cohort, with student S2's final-exam mark B set (33 in the fixture: CO1 = 0.695, below 0.7).
    static func threeMethods(cohort: String, s2Final: Int = 33) throws -> FixtureRun {
        guard s2Final != 33 else { return try FixtureRun("tiny/three-methods", cohort: cohort) }
        return try FixtureRun(
            "tiny/three-methods", cohort: cohort,
            edits: ["scores/C1.csv": { $0.replacingOccurrences(of: "S2,钱二,1班,14,33", with: "S2,钱二,1班,14,\(s2Final)") }])
    }

    /// The engineering fixture (CS-2022, 120 students) for a cohort; `changedScores` lowers
    /// one student's two lab reports in CS1000.
    static func engineering(cohort: String, changedScores: Bool = false) throws -> FixtureRun {
        var edits: [String: @Sendable (String) -> String] = [:]
        if changedScores {
            edits["scores/CS1000.csv"] = {
                $0.replacingOccurrences(of: "2022030101,严瑶军,1班,8.5,8.5,74,75,", with: "2022030101,严瑶军,1班,8.5,8.5,20,21,")
            }
        }
        return try FixtureRun("engineering", cohort: cohort, edits: edits)
    }

    /// The engine's own class values of every level, keyed as the history keys them.
    var classValues: [ValueKey: Double?] {
        var values: [ValueKey: Double?] = [:]
        for (course, attainment) in zip(result.programme.courses, result.courses) {
            for (objective, value) in zip(course.objectives, attainment.objectives) {
                values[ValueKey(.courseObjective, "\(course.id)/\(objective.id)")] = .some(value.value)
            }
            values[ValueKey(.course, course.id)] = .some(attainment.value)
        }
        for indicator in result.indicators { values[ValueKey(.indicator, indicator.indicatorID)] = .some(indicator.value.value) }
        for requirement in result.requirements {
            values[ValueKey(.requirement, requirement.requirementID)] = .some(requirement.value.value)
        }
        for objective in result.objectives { values[ValueKey(.programmeObjective, objective.objectiveID)] = .some(objective.value.value) }
        return values
    }

    /// Warnings of the below-threshold rule, raised here from the result the way the warning
    /// rules would: programme level for programme objectives, requirements and indicators,
    /// course level for course objectives.
    var belowThresholdWarnings: [EarlyWarning] {
        let threshold = result.programme.thresholds.classLevel
        var warnings: [EarlyWarning] = []
        func check(_ level: EarlyWarning.Level, _ target: EarlyWarning.Target, _ id: String, _ courseID: String?, _ value: ClassValue) {
            guard value.verdict == .notMet else { return }
            warnings.append(
                EarlyWarning(
                    level: level, rule: .belowThreshold, severity: .alert, target: target, targetID: id,
                    courseID: courseID, value: value.value, bound: threshold))
        }
        for objective in result.objectives { check(.programme, .programmeObjective, objective.objectiveID, nil, objective.value) }
        for requirement in result.requirements { check(.programme, .requirement, requirement.requirementID, nil, requirement.value) }
        for indicator in result.indicators { check(.programme, .indicator, indicator.indicatorID, nil, indicator.value) }
        for (course, attainment) in zip(result.programme.courses, result.courses) {
            for (objective, value) in zip(course.objectives, attainment.objectives) {
                check(.course, .courseObjective, "\(course.id)/\(objective.id)", course.id, value)
            }
        }
        return warnings
    }
}

/// A temporary folder for database files, removed when the value goes away.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = scratchDirectory.appendingPathComponent("attain-history-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

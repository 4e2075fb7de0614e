import AttainmentCore
import Foundation
import Testing

@testable import AttainmentIO
import TestSupport

/// programme.yaml's `methods`, read through the one list of settings: nested keys, lists, the
/// scheme's defaults, and errors placed in the file.
@Suite struct MethodSettingsReadingTests {
    /// `attain init`'s template with its `methods:` block and scheme replaced.
    private func programme(scheme: String = "engineering", methods: String) throws -> String {
        let directory = scratchDirectory.appendingPathComponent("attain-methods-\(UUID().uuidString)").path
        for (path, text) in ProgrammeTemplate.files {
            var edited = text
            if path == "programme.yaml" {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                let start = try #require(lines.firstIndex { $0.hasPrefix("methods:") })
                let end = try #require(lines[start...].firstIndex { $0.isEmpty })
                edited = (lines[..<start] + [methods] + lines[end...]).joined(separator: "\n")
                edited = edited.replacingOccurrences(of: "scheme: engineering", with: "scheme: \(scheme)")
            }
            let file = directory + "/" + path
            try FileManager.default.createDirectory(
                atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(edited.utf8).write(to: URL(fileURLWithPath: file))
        }
        return directory
    }

    @Test func nestedKeysAndListsAreRead() throws {
        let directory = try programme(methods: """
            methods:
              indicator: min
              levels: {H: 4, M: 2}
              nba: {target: 0.5, bands: [0.4, 0.5, 0.6]}
              surveys:
                weight: 0.3
                conversion: share
            """)
        let methods = try ProgrammeFolder.load(directory).input.programme.methods
        #expect(methods.indicator == .min)
        #expect(methods.levelWeights == LevelWeights(high: 4, medium: 2, low: 1))
        #expect(methods.nba.target == 0.5 && methods.nba.bands == [0.4, 0.5, 0.6])
        #expect(methods.surveys.weight == 0.3 && methods.surveys.conversion == .share)
    }

    @Test func theSchemeSetsTheDefaultsAndTheFileOverridesThem() throws {
        // The template's courses have no NBA component kinds: only the structure is read here.
        let directory = try programme(scheme: "nba", methods: "methods:\n  requirement: min")
        let structure = try ProgrammeFolder.loadStructure(directory)
        let programme = structure.programme
        #expect(programme.scheme == .nba)
        #expect(programme.methods.courseObjective == .attainmentLevels, "NBA's default")
        #expect(programme.methods.requirement == .min, "overridden by the file")
        #expect(programme.thresholds.classLevel == 0.7, "the template gives thresholds explicitly")
    }

    @Test func badSettingsAreErrorsAtTheirPlace() throws {
        let directory = try programme(methods: """
            methods:
              indicator: max
              nba: {bands: [0.7, 0.6], taget: 0.5}
              colour: blue
            """)
        #expect(throws: InputErrors.self) { try ProgrammeFolder.load(directory) }
        do {
            _ = try ProgrammeFolder.load(directory)
        } catch {
            let messages = error.diagnostics.map(\.description)
            #expect(messages.contains { $0.contains("programme.yaml:") && $0.contains("methods.indicator must be one of weighted-sum | min, not 'max'") })
            #expect(messages.contains { $0.contains("methods.nba.bands must rise from level 1 upwards") })
            #expect(messages.contains { $0.contains("unknown key 'taget'") })
            #expect(messages.contains { $0.contains("unknown key 'colour'") })
        }
    }
}

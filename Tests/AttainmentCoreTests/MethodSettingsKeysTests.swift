import Testing

@testable import AttainmentCore

/// The one list of method settings: every stored setting has a key, every key reads back what
/// it wrote, and bad values are refused with the key named.
@Suite struct MethodSettingsKeysTests {
    /// The stored leaves of the settings (nested structs opened, arrays kept whole).
    private func leaves(_ value: Any) -> Int {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .struct else { return 1 }
        return mirror.children.reduce(0) { $0 + leaves($1.value) }
    }

    @Test func everyStoredSettingHasAKey() {
        // A setting added to MethodSettings but not to `definitions` would reach neither the
        // readers nor run.json nor the history's fingerprint.
        #expect(leaves(MethodSettings()) == MethodSettings.definitions.count)
        #expect(Set(MethodSettings.keys).count == MethodSettings.keys.count, "keys are unique")
    }

    /// A value other than the default for each key, as it would be written.
    private let changed: [String: String] = [
        "course_objective": "pooled-marks", "course_indicator": "min", "indicator": "min", "requirement": "mean",
        "support_weights": "credits", "support_count": "objective", "levels.H": "5", "levels.M": "3", "levels.L": "0.5",
        "cap": "false", "absent": "exclude", "cheating": "exclude", "blank": "zero", "retake": "best",
        "nba.target": "0.5", "nba.bands": "0.4,0.55,0.8", "nba.internal": "0.3", "nba.end_semester": "0.7",
        "abet.target_level": "2", "surveys.conversion": "share", "surveys.agree_level": "3", "surveys.weight": "0.25",
        "surveys.min_coverage": "0.3",
    ]

    @Test func everyKeyChangesItsOwnSettingAndReadsBack() throws {
        #expect(Set(changed.keys) == Set(MethodSettings.keys), "the test covers every key")
        for key in MethodSettings.keys {
            var settings = MethodSettings()
            let text = try #require(changed[key])
            try settings.set(key, to: text)
            #expect(settings != MethodSettings(), "\(key) changes the settings")
            #expect(settings.value(of: key)?.description == text, "\(key) reads back")
            // Only this key differs from the defaults.
            let differing = zip(settings.allEntries, MethodSettings().allEntries).filter { $0.value != $1.value }.map(\.0.key)
            #expect(differing == [key])
            // Writing the value's text again gives the same settings: what the writers rely on.
            var again = MethodSettings()
            try again.set(key, to: settings.value(of: key)?.description ?? "")
            #expect(again == settings)
        }
    }

    @Test(arguments: [
        ("indicator", "max", "indicator must be one of weighted-sum | min, not 'max'"),
        ("levels.H", "0", "levels.H must be a positive number, not '0'"),
        ("nba.target", "1.5", "nba.target must be a number from 0 to 1, not '1.5'"),
        ("nba.bands", "0.7,0.6", "nba.bands must rise from level 1 upwards, like 0.5,0.6,0.7, not '0.7,0.6'"),
        ("nba.bands", "0.5,x", "nba.bands must be shares between 0 and 1 separated by commas, not '0.5,x'"),
        ("cap", "maybe", "cap must be true or false, not 'maybe'"),
        ("surveys.agree_level", "3.5", "surveys.agree_level must be a whole level of 1 or more, not '3.5'"),
    ])
    func badValuesAreRefusedNamingTheKey(key: String, text: String, message: String) {
        var settings = MethodSettings()
        #expect(throws: MethodSettingError(key: key, message: message)) { try settings.set(key, to: text) }
        #expect(settings == MethodSettings(), "a refused value changes nothing")
    }

    @Test func unknownKeysAreRefused() {
        var settings = MethodSettings()
        #expect(throws: MethodSettingError.self) { try settings.set("indicators", to: "min") }
    }

    @Test func choicesIgnoreCaseAndSpaces() throws {
        var settings = MethodSettings()
        try settings.set("indicator", to: " MIN ")
        #expect(settings.indicator == .min)
    }

    @Test func schemesSetTheirDefaults() {
        let nba = MethodSettings(for: .nba)
        #expect(nba.courseObjective == .attainmentLevels && nba.supportCount == .objective && nba.requirement == .mean)
        #expect(nba.surveys.weight == 0.2 && nba.classValueMaximum == 3)
        let abet = MethodSettings(for: .abet)
        #expect(abet.courseObjective == .rubricLevels && abet.requirement == .min && abet.classValueMaximum == 1)
        for scheme in [Scheme.engineering, .teacherEducation, .other] {
            #expect(MethodSettings(for: scheme) == MethodSettings())
            #expect(Thresholds(for: scheme) == Thresholds())
        }
        #expect(Thresholds(for: .nba) == Thresholds(classLevel: 2, individual: 0.6))
        #expect(Thresholds(for: .abet) == Thresholds(classLevel: 0.7, individual: 3))
    }

    @Test func entriesLeaveOutSettingsOfOtherMethods() {
        let keys = MethodSettings().entries.map(\.key)
        #expect(!keys.contains("nba.target") && !keys.contains("abet.target_level"))
        #expect(MethodSettings(for: .nba).entries.map(\.key).contains("nba.bands"))
        #expect(MethodSettings(for: .abet).entries.map(\.key).contains("abet.target_level"))
        #expect(MethodSettings().isInEffect("cap") && !MethodSettings().isInEffect("nba.bands"))
    }
}

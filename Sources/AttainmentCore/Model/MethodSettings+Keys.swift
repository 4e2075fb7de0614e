/// A setting's value, typed as it is written in run.json.
public enum SettingValue: Sendable, Equatable, CustomStringConvertible {
    /// One of a fixed set of words.
    case choice(String)
    case number(Double)
    case flag(Bool)
    /// A list of numbers, written `0.5,0.6,0.7`.
    case numbers([Double])

    /// As written in programme.yaml and after `--method key=`: the word, the number as the input
    /// would write it, `true`/`false`, numbers joined by commas.
    public var description: String {
        switch self {
        case .choice(let word): word
        case .number(let number): shortDecimal(number)
        case .flag(let flag): flag ? "true" : "false"
        case .numbers(let numbers): numbers.map(shortDecimal).joined(separator: ",")
        }
    }
}

/// A setting given a value it cannot take, or a key that is no setting.
public struct MethodSettingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The setting's key, e.g. `nba.bands`.
    public var key: String
    /// What is wrong, naming the allowed values.
    public var message: String

    public var description: String { message }

    /// Creates the error.
    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }
}

/// One method setting: its key, what it means, how to read and change it.
public struct MethodSettingDefinition: Sendable {
    /// The key as in programme.yaml's `methods`, nested keys joined by dots: `nba.target`.
    public let key: String
    /// A label for forms, Chinese and English: `课程目标计算方法 course objective method`.
    public let label: String
    /// The words a choice can take; empty for numbers and lists.
    public let choices: [String]
    let read: @Sendable (MethodSettings) -> SettingValue
    let write: @Sendable (inout MethodSettings, String) throws(MethodSettingError) -> Void
    /// Whether the setting changes any value under these settings: NBA's settings only under
    /// `attainment-levels`, ABET's only under `rubric-levels`.
    let applies: @Sendable (MethodSettings) -> Bool
}

extension MethodSettings {
    /// Every setting, in the order of docs/methods.md's settings table. This is the one list:
    /// the readers, the writers, run.json, the history's fingerprint and `attain compare` all
    /// go through it.
    public static let definitions: [MethodSettingDefinition] = [
        choice("course_objective", "课程目标计算方法 course objective method", \.courseObjective),
        choice("course_indicator", "课程对指标点 course → indicator", \.courseIndicator),
        choice("indicator", "指标点计算方法 indicator method", \.indicator),
        choice("requirement", "毕业要求计算方法 requirement method", \.requirement),
        choice("support_weights", "支撑权重 support weights", \.supportWeighting),
        choice("support_count", "支撑权重计次 support counted per", \.supportCount),
        number("levels.H", "H 权重 weight of H", \.levelWeights.high, positive: true),
        number("levels.M", "M 权重 weight of M", \.levelWeights.medium, positive: true),
        number("levels.L", "L 权重 weight of L", \.levelWeights.low, positive: true),
        flag("cap", "上限为 1 cap at 1", \.capAtOne),
        choice("absent", "缺考 absent", \.absent),
        choice("cheating", "作弊 cheating", \.cheating),
        choice("blank", "空白成绩 blank score", \.blank),
        choice("retake", "补考/重修取哪次 retake counts", \.retake),
        number("nba.target", "NBA 目标比例 T target share of marks", \.nba.target, unit: true, applies: \.usesNBA),
        MethodSettingDefinition(
            key: "nba.bands", label: "NBA 等级分界 level bands", choices: [],
            read: { .numbers($0.nba.bands) },
            write: { settings, text throws(MethodSettingError) in
                let parts = text.split(separator: ",", omittingEmptySubsequences: false)
                    .map { String($0).droppingSurrounding(" ") }
                var bands: [Double] = []
                for part in parts {
                    guard let band = Double(part), band.isFinite, band >= 0, band <= 1 else {
                        throw MethodSettingError(
                            key: "nba.bands",
                            message: "nba.bands must be shares between 0 and 1 separated by commas, not '\(text)'")
                    }
                    bands.append(band)
                }
                guard !bands.isEmpty, zip(bands, bands.dropFirst()).allSatisfy({ $0 < $1 }) else {
                    throw MethodSettingError(
                        key: "nba.bands", message: "nba.bands must rise from level 1 upwards, like 0.5,0.6,0.7, not '\(text)'")
                }
                settings.nba.bands = bands
            },
            applies: \.usesNBA),
        number("nba.internal", "NBA 平时(CIE)权重 internal weight", \.nba.internalWeight, applies: \.usesNBA),
        number("nba.end_semester", "NBA 期末(SEE)权重 end-semester weight", \.nba.endSemesterWeight, applies: \.usesNBA),
        number("abet.target_level", "ABET 目标等级 target rubric level", \.abet.targetLevel, positive: true,
               applies: { $0.courseObjective == .rubricLevels }),
        choice("surveys.conversion", "问卷换算 survey conversion", \.surveys.conversion),
        MethodSettingDefinition(
            key: "surveys.agree_level", label: "问卷认同等级 survey agree level", choices: [],
            read: { .number(Double($0.surveys.agreeLevel)) },
            write: { settings, text throws(MethodSettingError) in
                guard let level = Int(text.droppingSurrounding(" ")), level >= 1 else {
                    throw MethodSettingError(
                        key: "surveys.agree_level", message: "surveys.agree_level must be a whole level of 1 or more, not '\(text)'")
                }
                settings.surveys.agreeLevel = level
            },
            applies: { _ in true }),
        number("surveys.weight", "间接评价权重 indirect weight", \.surveys.weight, unit: true),
        number("surveys.min_coverage", "问卷覆盖率下限 minimum coverage", \.surveys.minimumCoverage, unit: true),
    ]

    /// The settings that act while score sheets are read (what a status word or a blank cell
    /// counts as); the others act on scores already read.
    public static let readingKeys: Set<String> = ["absent", "cheating", "blank"]

    /// Every key, in the order of `definitions`.
    public static var keys: [String] { definitions.map(\.key) }

    /// The definition of a key, nil when there is no such setting.
    public static func definition(of key: String) -> MethodSettingDefinition? {
        definitions.first { $0.key == key }
    }

    /// The settings that change a value under these settings, with their values, in the order
    /// of `definitions`: what run.json and the history's fingerprint record.
    public var entries: [(key: String, value: SettingValue)] {
        Self.definitions.filter { $0.applies(self) }.map { ($0.key, $0.read(self)) }
    }

    /// Every setting with its value, in effect or not: what a programme file writes.
    public var allEntries: [(key: String, value: SettingValue)] {
        Self.definitions.map { ($0.key, $0.read(self)) }
    }

    /// Whether a setting changes any value under these settings (NBA's settings only under
    /// `attainment-levels`, ABET's only under `rubric-levels`); false for an unknown key.
    public func isInEffect(_ key: String) -> Bool {
        Self.definition(of: key)?.applies(self) ?? false
    }

    /// Entries nested as programme.yaml writes them: a setting without a dot alone, settings
    /// that share the part before their dot (`nba.target`, `nba.bands`) as one group with the
    /// parts after it, in the order given.
    public static func nested(
        _ entries: [(key: String, value: SettingValue)]
    ) -> [(key: String, value: SettingValue?, members: [(key: String, value: SettingValue)])] {
        var nodes: [(key: String, value: SettingValue?, members: [(key: String, value: SettingValue)])] = []
        for (key, value) in entries {
            guard let dot = key.firstIndex(of: ".") else {
                nodes.append((key, value, []))
                continue
            }
            let group = String(key[..<dot])
            let member = (key: String(key[key.index(after: dot)...]), value: value)
            if let last = nodes.indices.last, nodes[last].key == group, nodes[last].value == nil {
                nodes[last].members.append(member)
            } else {
                nodes.append((group, nil, [member]))
            }
        }
        return nodes
    }

    /// The value of one setting, nil when there is no such key.
    public func value(of key: String) -> SettingValue? {
        Self.definition(of: key)?.read(self)
    }

    /// Sets a setting from its text, as written in programme.yaml or after `--method key=`.
    /// Choices ignore case; surrounding spaces are dropped.
    /// - Throws: `MethodSettingError` naming the key and what it accepts.
    public mutating func set(_ key: String, to text: String) throws(MethodSettingError) {
        guard let definition = Self.definition(of: key) else {
            throw MethodSettingError(
                key: key, message: "'\(key)' is not a method setting; the settings are \(Self.keys.joined(separator: ", "))")
        }
        try definition.write(&self, text.droppingSurrounding(" "))
    }

    var usesNBA: Bool { courseObjective == .attainmentLevels }

    private static func choice<Choice: RawRepresentable & CaseIterable & Sendable>(
        _ key: String, _ label: String, _ path: any WritableKeyPath<MethodSettings, Choice> & Sendable
    ) -> MethodSettingDefinition where Choice.RawValue == String {
        let words = Choice.allCases.map(\.rawValue)
        return MethodSettingDefinition(
            key: key, label: label, choices: words,
            read: { .choice($0[keyPath: path].rawValue) },
            write: { settings, text throws(MethodSettingError) in
                guard let value = Choice(rawValue: text.lowercased()) else {
                    throw MethodSettingError(
                        key: key, message: "\(key) must be one of \(words.joined(separator: " | ")), not '\(text)'")
                }
                settings[keyPath: path] = value
            },
            applies: { _ in true })
    }

    private static func number(
        _ key: String, _ label: String, _ path: any WritableKeyPath<MethodSettings, Double> & Sendable,
        positive: Bool = false, unit: Bool = false,
        applies: @escaping @Sendable (MethodSettings) -> Bool = { _ in true }
    ) -> MethodSettingDefinition {
        MethodSettingDefinition(
            key: key, label: label, choices: [],
            read: { .number($0[keyPath: path]) },
            write: { settings, text throws(MethodSettingError) in
                let what = unit ? "a number from 0 to 1" : positive ? "a positive number" : "a number of 0 or more"
                guard let number = Double(text), number.isFinite, positive ? number > 0 : number >= 0,
                    !unit || number <= 1
                else {
                    throw MethodSettingError(key: key, message: "\(key) must be \(what), not '\(text)'")
                }
                settings[keyPath: path] = number
            },
            applies: applies)
    }

    private static func flag(
        _ key: String, _ label: String, _ path: any WritableKeyPath<MethodSettings, Bool> & Sendable
    ) -> MethodSettingDefinition {
        MethodSettingDefinition(
            key: key, label: label, choices: ["true", "false"],
            read: { .flag($0[keyPath: path]) },
            write: { settings, text throws(MethodSettingError) in
                switch text.lowercased() {
                case "true", "yes", "是": settings[keyPath: path] = true
                case "false", "no", "否": settings[keyPath: path] = false
                default: throw MethodSettingError(key: key, message: "\(key) must be true or false, not '\(text)'")
                }
            },
            applies: { _ in true })
    }
}

extension String {
    /// The string without the given character at either end; Core has no Foundation.
    func droppingSurrounding(_ character: Character) -> String {
        var slice = Substring(self)
        while slice.first == character { slice = slice.dropFirst() }
        while slice.last == character { slice = slice.dropLast() }
        return String(slice)
    }
}

/// One way of computing a programme for `attain compare`: a name and the settings it changes.
public struct MethodVariant: Sendable, Equatable {
    /// Shown as the variant's column heading: given before a colon, or the settings as written.
    public var name: String
    /// Setting keys (`MethodSettings.keys`, or `thresholds.class`, `thresholds.individual`)
    /// and their values as text, in the order given.
    public var settings: [(key: String, value: String)]

    /// Creates a variant.
    public init(name: String, settings: [(key: String, value: String)]) {
        self.name = name
        self.settings = settings
    }

    public static func == (lhs: MethodVariant, rhs: MethodVariant) -> Bool {
        lhs.name == rhs.name && lhs.settings.elementsEqual(rhs.settings) { $0.key == $1.key && $0.value == $1.value }
    }

    /// The keys a variant may set besides the method settings.
    public static let thresholdKeys = ["thresholds.class", "thresholds.individual"]

    /// Reads a variant written `[NAME:]key=value[,key=value…]`, e.g.
    /// `strict:indicator=min,requirement=min` or `nba.bands=0.4,0.5,0.6`: a comma followed by
    /// text without `=` continues the value before it, so a list needs no quoting.
    ///
    /// - Throws: `MethodSettingError` for an unknown key or a value the setting cannot take.
    public static func parse(_ text: String) throws(MethodSettingError) -> MethodVariant {
        var name: String?
        var body = Substring(text)
        if let colon = body.firstIndex(of: ":"), !body[..<colon].contains("=") {
            name = String(body[..<colon])
            body = body[body.index(after: colon)...]
        }
        var settings: [(key: String, value: String)] = []
        for part in body.split(separator: ",", omittingEmptySubsequences: false) {
            if let equals = part.firstIndex(of: "=") {
                let key = String(part[..<equals]).droppingSurrounding(" ")
                settings.append((key, String(part[part.index(after: equals)...]).droppingSurrounding(" ")))
            } else if let last = settings.indices.last {
                settings[last].value += "," + String(part).droppingSurrounding(" ")
            } else {
                throw MethodSettingError(key: String(part), message: "'\(text)' sets nothing: write key=value, e.g. indicator=min")
            }
        }
        guard !settings.isEmpty else {
            throw MethodSettingError(key: "", message: "'\(text)' sets nothing: write key=value, e.g. indicator=min")
        }
        let given = name?.droppingSurrounding(" ")
        let variant = MethodVariant(name: given?.isEmpty == false ? given ?? "" : String(body), settings: settings)
        // Check every key and value now, on the defaults, so a typo stops before any reading.
        var methods = MethodSettings()
        var thresholds = Thresholds()
        try variant.apply(to: &methods)
        try variant.apply(to: &thresholds)
        return variant
    }

    /// Whether the variant changes how score sheets are read (`MethodSettings.readingKeys`), so
    /// that they must be read again under it.
    public var changesReading: Bool {
        settings.contains { MethodSettings.readingKeys.contains($0.key) }
    }

    /// Applies the variant's method settings.
    public func apply(to methods: inout MethodSettings) throws(MethodSettingError) {
        for (key, value) in settings where !Self.thresholdKeys.contains(key) {
            try methods.set(key, to: value)
        }
    }

    /// Applies the variant's thresholds.
    public func apply(to thresholds: inout Thresholds) throws(MethodSettingError) {
        for (key, value) in settings where Self.thresholdKeys.contains(key) {
            guard let number = Double(value), number.isFinite, number >= 0 else {
                throw MethodSettingError(key: key, message: "\(key) must be a number of 0 or more, not '\(value)'")
            }
            if key == "thresholds.class" { thresholds.classLevel = number } else { thresholds.individual = number }
        }
    }
}

public import AttainmentCore

/// Reads warnings.yaml, a university's early-warning rules (docs/format.md, "warnings.yaml:
/// early-warning rules"; docs/methods.md §10).
public enum WarningRulesFile {
    static let topLevelKeys = ["below_threshold", "near_margin", "fall_limit", "course", "student"]
    static let courseKeys = ["pass_mark", "excellent_mark", "min_pass_rate", "max_excellence_rate", "min_excellence_rate"]
    static let studentKeys = ["min_requirements", "alert_requirements"]

    /// Reads a rules file. Every key is optional and keeps its default when absent; `off` turns
    /// a bound off. An empty file (or one of comments only) gives the defaults.
    ///
    /// Every problem in the file is collected before anything is thrown.
    /// - Parameter path: the file, absolute or relative to the working directory; diagnostics
    ///   name it as given.
    /// - Returns: the rules.
    /// - Throws: `InputErrors` when the file is missing, unreadable or not YAML (`file-missing`,
    ///   `file-unreadable`, `encoding`, `syntax`), has a key twice (`duplicate-id`), or has an
    ///   unknown key, a value of the wrong type, a mark, rate or margin outside 0-1, a count
    ///   below 1, or a pass mark above the excellent mark (`invalid-value`); each with
    ///   file:line:column.
    public static func load(_ path: String) throws(InputErrors) -> WarningRules {
        let bytes: [UInt8]
        let text: [UInt8]
        do {
            bytes = try FileBytes.read(path: path, displayPath: path)
            text = try TextDecoding.utf8Bytes(bytes, displayPath: path).bytes
        } catch let diagnostic as Diagnostic {
            throw InputErrors([diagnostic])
        } catch {
            throw InputErrors([Diagnostic(.error, .fileUnreadable, "cannot be read", location: SourceLocation(file: path))])
        }
        return try rules(utf8: text, file: path)
    }

    /// Reads rules from the text of a rules file.
    /// - Parameter file: the name to give in diagnostics.
    /// - Throws: `InputErrors` as `load` does, for problems of the text.
    package static func rules(yaml text: String, file: String) throws(InputErrors) -> WarningRules {
        try rules(utf8: Array(text.utf8), file: file)
    }

    /// Reads rules from the UTF-8 text of a rules file, as `rules(yaml:file:)` does.
    private static func rules(utf8 text: [UInt8], file: String) throws(InputErrors) -> WarningRules {
        let log = DiagnosticLog()
        var rules = WarningRules()
        if let document = YAMLDocument(utf8: text, file: file, log: log, emptyIsError: false) {
            read(document, into: &rules)
        }
        if log.hasErrors { throw InputErrors(log.diagnostics) }
        return rules
    }

    /// Reads the document's keys over the defaults in `rules`, logging every problem.
    private static func read(_ document: YAMLDocument, into rules: inout WarningRules) {
        let reader = ValueReader(document: document)
        guard let top = document.mapping(document.root, document.file, allowed: topLevelKeys) else { return }
        if let node = top["below_threshold"], let value = reader.bool(node, "below_threshold") {
            rules.belowThreshold = value
        }
        if let node = top["near_margin"], let value = reader.fraction(node, "near_margin", offAllowed: true) {
            rules.nearMargin = value
        }
        if let node = top["fall_limit"], let value = reader.fraction(node, "fall_limit", offAllowed: true) {
            rules.fallLimit = value
        }

        if let node = top["course"], !ValueReader.isNull(node),
            let course = document.mapping(node, "course", allowed: courseKeys)
        {
            var passMarkNode: YAMLNode?
            var excellentMarkNode: YAMLNode?
            if let node = course["pass_mark"], let value = reader.fraction(node, "course.pass_mark", offAllowed: false) {
                rules.passMark = value ?? rules.passMark
                passMarkNode = node
            }
            if let node = course["excellent_mark"],
                let value = reader.fraction(node, "course.excellent_mark", offAllowed: false)
            {
                rules.excellentMark = value ?? rules.excellentMark
                excellentMarkNode = node
            }
            if rules.passMark > rules.excellentMark, let node = passMarkNode ?? excellentMarkNode {
                document.log.error(
                    .invalidValue,
                    "course.pass_mark (\(shortDecimal(rules.passMark))) must not be above course.excellent_mark "
                        + "(\(shortDecimal(rules.excellentMark)))",
                    at: document.location(node))
            }
            if let node = course["min_pass_rate"], let value = reader.fraction(node, "course.min_pass_rate", offAllowed: true) {
                rules.minimumPassRate = value
            }
            if let node = course["max_excellence_rate"],
                let value = reader.fraction(node, "course.max_excellence_rate", offAllowed: true)
            {
                rules.maximumExcellenceRate = value
            }
            if let node = course["min_excellence_rate"],
                let value = reader.fraction(node, "course.min_excellence_rate", offAllowed: true)
            {
                rules.minimumExcellenceRate = value
            }
        }

        if let node = top["student"], !ValueReader.isNull(node),
            let student = document.mapping(node, "student", allowed: studentKeys)
        {
            if let node = student["min_requirements"],
                let value = reader.count(node, "student.min_requirements", offAllowed: true)
            {
                rules.studentRequirements = value
            }
            if let node = student["alert_requirements"],
                let value = reader.count(node, "student.alert_requirements", offAllowed: false)
            {
                rules.studentAlertRequirements = value ?? rules.studentAlertRequirements
            }
        }
    }
}

/// Reads the values of a rules file, logging a problem at the value's line and column.
///
/// Each accessor returns nil after logging a problem; for a value that may be `off` it returns
/// `.some(nil)` for `off`.
private struct ValueReader {
    let document: YAMLDocument

    /// Whether a node is YAML's null: no value at all, `~` or `null`.
    static func isNull(_ node: YAMLNode) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The value as written, or nil (logged) when it is not a single value.
    private func text(_ node: YAMLNode, _ key: String, expected: String) -> String? {
        guard node.scalar != nil, !Self.isNull(node) else {
            document.log.error(.invalidValue, "\(key) must be \(expected)", at: document.location(node))
            return nil
        }
        return document.text(node, key)
    }

    private func isOff(_ text: String) -> Bool { text.lowercased() == "off" }

    /// true or false (also yes/no, on/off).
    func bool(_ node: YAMLNode, _ key: String) -> Bool? {
        guard text(node, key, expected: "true or false") != nil else { return nil }
        return document.bool(node, key)
    }

    /// A number from 0 to 1, or `off` where allowed.
    func fraction(_ node: YAMLNode, _ key: String, offAllowed: Bool) -> Double?? {
        let expected = "a number from 0 to 1" + (offAllowed ? " or off" : "")
        guard let value = text(node, key, expected: expected) else { return nil }
        if offAllowed, isOff(value) { return .some(nil) }
        guard let number = Double(value), number.isFinite else {
            document.log.error(.invalidValue, "\(key) must be \(expected), not '\(value)'", at: document.location(node))
            return nil
        }
        guard number >= 0, number <= 1 else {
            document.log.error(
                .invalidValue, "\(key) must be from 0 to 1 (0.6 for 60 %), not \(value)", at: document.location(node))
            return nil
        }
        return .some(number)
    }

    /// A whole number of at least 1, or `off` where allowed.
    func count(_ node: YAMLNode, _ key: String, offAllowed: Bool) -> Int?? {
        let expected = "a whole number of at least 1" + (offAllowed ? " or off" : "")
        guard let value = text(node, key, expected: expected) else { return nil }
        if offAllowed, isOff(value) { return .some(nil) }
        guard let number = Int(value) else {
            document.log.error(.invalidValue, "\(key) must be \(expected), not '\(value)'", at: document.location(node))
            return nil
        }
        guard number >= 1 else {
            document.log.error(.invalidValue, "\(key) must be at least 1, not \(value)", at: document.location(node))
            return nil
        }
        return .some(number)
    }
}

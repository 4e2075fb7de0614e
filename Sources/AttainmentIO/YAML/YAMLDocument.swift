import AttainmentCore
import Yams

/// Collects diagnostics while reading, so that one `check` reports every problem at once.
final class DiagnosticLog {
    private(set) var diagnostics: [Diagnostic] = []

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    func error(_ code: DiagnosticCode, _ message: String, at location: SourceLocation?) {
        diagnostics.append(Diagnostic(.error, code, message, location: location))
    }

    func warning(_ code: DiagnosticCode, _ message: String, at location: SourceLocation?) {
        diagnostics.append(Diagnostic(.warning, code, message, location: location))
    }

    func append(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    /// A workbook that cannot be read (`malformed-workbook`), at the error's cell or part, or
    /// else at the file.
    func error(_ error: XLSXError, file: String) {
        self.error(.malformedWorkbook, error.message, at: error.location ?? SourceLocation(file: file))
    }
}

/// The values of a mapping's keys, checked by `YAMLDocument.mapping`. A mapping of attain's
/// files has a handful of keys: looking them up one by one is quicker than hashing them.
struct YAMLFields {
    private var entries: [(key: String, value: YAMLNode)] = []

    /// No entries yet, with room for `capacity`.
    fileprivate init(capacity: Int) {
        entries.reserveCapacity(capacity)
    }

    /// The value of `key`, nil when the mapping does not have it.
    subscript(key: String) -> YAMLNode? {
        entries.first { $0.key == key }?.value
    }

    fileprivate mutating func append(_ key: String, _ value: YAMLNode) {
        entries.append((key, value))
    }
}

/// A parsed YAML file whose accessors report problems with file, line and column.
struct YAMLDocument {
    let file: String
    let root: YAMLNode
    let log: DiagnosticLog

    /// Parses YAML text; reports a syntax error and returns nil when it does not parse.
    ///
    /// Text in the subset that attain's own files use is read by `YAMLSubsetParser`; anything
    /// else, errors included, by Yams, which gives the same nodes where both can read a text.
    /// - Parameters:
    ///   - utf8: the text as valid UTF-8 without a byte order mark.
    ///   - emptyIsError: whether a file with no document (empty, or only comments) is
    ///     reported as an error; either way the result is nil for it.
    init?(utf8: [UInt8], file: String, log: DiagnosticLog, emptyIsError: Bool = true) {
        self.file = file
        self.log = log
        if let root = YAMLSubsetParser.parse(utf8) {
            self.root = root
            return
        }
        guard let root = Self.compose(String(decoding: utf8, as: UTF8.self), file: file, log: log, emptyIsError: emptyIsError) else {
            return nil
        }
        self.root = root
    }

    /// The document's root as Yams composes it, or nil after logging why there is none.
    private static func compose(_ text: String, file: String, log: DiagnosticLog, emptyIsError: Bool) -> YAMLNode? {
        do {
            guard let root = try composeWithYams(text) else {
                if emptyIsError { log.error(.syntax, "is empty", at: SourceLocation(file: file)) }
                return nil
            }
            return root
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            // Yams refuses a mapping with a repeated key before the accessors can see it.
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            log.error(
                .duplicateID, "has the key \(keys) more than once in one mapping",
                at: location(YAMLMark(context.mark), file: file))
            return nil
        } catch let error as AliasExpansionError {
            log.error(
                .syntax, "its aliases (*name) expand into more than \(error.limit) values; write the values out instead",
                at: location(error.mark, file: file))
            return nil
        } catch let error as YamlError {
            log.error(.syntax, describe(error), at: location(of: error, file: file))
            return nil
        } catch {
            log.error(.syntax, "is not valid YAML", at: SourceLocation(file: file))
            return nil
        }
    }

    func location(_ node: YAMLNode) -> SourceLocation {
        Self.location(node.mark, file: file)
    }

    /// Where `mark` is in `file`.
    private static func location(_ mark: YAMLMark, file: String) -> SourceLocation {
        SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    /// The entries of a mapping in file order. Reports a node that is not a mapping, duplicate
    /// keys, keys not in `allowed`, and missing `required` keys.
    func mapping(
        _ node: YAMLNode, _ what: @autoclosure () -> String, allowed: [String], required: [String] = []
    ) -> YAMLFields? {
        guard case .mapping(let mapping) = node else {
            log.error(.invalidValue, "\(what()) must be a mapping of keys to values", at: location(node))
            return nil
        }
        var entries = YAMLFields(capacity: mapping.pairs.count)
        for pair in mapping.pairs {
            let keyNode = pair.key
            guard let key = keyNode.scalar?.string else {
                log.error(.invalidValue, "a key of \(what()) must be text", at: location(keyNode))
                continue
            }
            if entries[key] != nil {
                log.error(.duplicateID, "\(what()) has the key '\(key)' twice", at: location(keyNode))
                continue
            }
            if !allowed.contains(key) {
                log.error(
                    .invalidValue,
                    "\(what()) has an unknown key '\(key)'; allowed: \(allowed.joined(separator: ", "))",
                    at: location(keyNode))
                continue
            }
            entries.append(key, pair.value)
        }
        for key in required where entries[key] == nil {
            log.error(.missingField, "\(what()) needs '\(key)'", at: location(node))
        }
        return entries
    }

    /// Key-value pairs of a mapping whose keys are ids, in file order.
    func pairs(_ node: YAMLNode, _ what: @autoclosure () -> String) -> [(key: String, keyNode: YAMLNode, value: YAMLNode)] {
        guard case .mapping(let mapping) = node else {
            log.error(.invalidValue, "\(what()) must be a mapping", at: location(node))
            return []
        }
        var seen = Set<String>()
        var result: [(key: String, keyNode: YAMLNode, value: YAMLNode)] = []
        for pair in mapping.pairs {
            let keyNode = pair.key
            guard let key = text(keyNode, "a key of \(what())") else { continue }
            guard seen.insert(key).inserted else {
                log.error(.duplicateID, "\(what()) has the key '\(key)' twice", at: location(keyNode))
                continue
            }
            result.append((key, keyNode, pair.value))
        }
        return result
    }

    /// The elements of a sequence.
    func sequence(_ node: YAMLNode, _ what: @autoclosure () -> String) -> [YAMLNode] {
        guard case .sequence(let sequence) = node else {
            log.error(.invalidValue, "\(what()) must be a list", at: location(node))
            return []
        }
        return sequence.nodes
    }

    /// A scalar as text, exactly as written (so `1.10` stays `1.10`).
    func text(_ node: YAMLNode, _ what: @autoclosure () -> String) -> String? {
        guard let scalar = node.scalar else {
            log.error(.invalidValue, "\(what()) must be a single value", at: location(node))
            return nil
        }
        return scalar.string.trimmingSpaces
    }

    /// A non-empty id.
    func id(_ node: YAMLNode?, _ what: @autoclosure () -> String, at parent: YAMLNode) -> String? {
        guard let node else {
            log.error(.missingField, "\(what()) needs an 'id'", at: location(parent))
            return nil
        }
        guard let value = text(node, "the id of \(what())") else { return nil }
        if value.isEmpty {
            log.error(.missingField, "the id of \(what()) is empty", at: location(node))
            return nil
        }
        return value
    }

    /// A finite number.
    func number(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Double? {
        guard let value = text(node, what()) else { return nil }
        guard let number = Double(value), number.isFinite else {
            log.error(.invalidValue, "\(what()) must be a number, not '\(value)'", at: location(node))
            return nil
        }
        return number
    }

    /// true/false (also yes/no).
    func bool(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Bool? {
        guard let value = text(node, what()) else { return nil }
        switch value.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            log.error(.invalidValue, "\(what()) must be true or false, not '\(value)'", at: location(node))
            return nil
        }
    }

    /// One of an enumeration's raw values.
    func choice<Choice: RawRepresentable & CaseIterable>(
        _ node: YAMLNode, _ what: @autoclosure () -> String, as type: Choice.Type
    ) -> Choice? where Choice.RawValue == String {
        guard let value = text(node, what()) else { return nil }
        if let choice = Choice(rawValue: value) { return choice }
        let allowed = Choice.allCases.map(\.rawValue).joined(separator: " | ")
        log.error(.invalidValue, "\(what()) must be one of \(allowed), not '\(value)'", at: location(node))
        return nil
    }

    /// The document's root as Yams composes it; nil for a text without a document.
    /// - Throws: Yams' `YamlError` for text that is not YAML or has a key twice in a mapping.
    /// - Throws: `AliasExpansionError` when aliases expand the document beyond a bound on its
    ///   nodes (16 a byte of text, and 1,024 more): a file of a kilobyte could otherwise name
    ///   billions of nodes through nested aliases ("billion laughs").
    static func composeWithYams(_ text: String) throws -> YAMLNode? {
        guard let node = try Yams.compose(yaml: text, .basic) else { return nil }
        let limit = 16 * text.utf8.count + 1024
        var budget = limit
        do {
            return try YAMLNode(node, budget: &budget)
        } catch let error as AliasExpansionError {
            throw AliasExpansionError(mark: error.mark, limit: limit)
        }
    }

    /// Aliases that expand a document beyond `composeWithYams`' bound on its nodes.
    struct AliasExpansionError: Error {
        /// Where the node that went past the bound is.
        let mark: YAMLMark
        /// The bound (0 until `composeWithYams` sets it).
        var limit = 0
    }

    private static func location(of error: YamlError, file: String) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return location(YAMLMark(mark), file: file)
        default:
            return SourceLocation(file: file)
        }
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            let prefix = context.map { "\($0.text), " } ?? ""
            return "is not valid YAML: \(prefix)\(problem)"
        case .reader(let problem, _, _, _):
            return "cannot be read as YAML: \(problem)"
        default:
            return "is not valid YAML"
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    var trimmingSpaces: String {
        // Most text has nothing to trim: its first and last bytes are no space, tab, CR or LF,
        // so neither are its first and last characters.
        let isSpaceByte: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let bytes = Substring(self).utf8
        if let first = bytes.first, let last = bytes.last, !isSpaceByte(first), !isSpaceByte(last) {
            return String(self)
        }
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}

import AttainmentCore
import Foundation
import Testing

@testable import AttainmentIO
import TestSupport

/// What the subset parser gives for `text`, and what Yams gives (nil: Yams refused the text).
private func parseBoth(_ text: String) -> (fast: YAMLNode?, yams: YAMLNode??) {
    (YAMLSubsetParser.parse(Array(text.utf8)), try? YAMLDocument.composeWithYams(text))
}

/// Records an issue unless the subset parser declined `text` or gave exactly Yams' nodes
/// (strings, scalar styles, lines and columns).
private func expectDeclinedOrSame(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let (fast, yams) = parseBoth(text)
    guard let fast else { return }
    #expect(yams == .some(fast), "subset parser and Yams differ on \(String(reflecting: text))", sourceLocation: sourceLocation)
}

@Suite("YAML subset parser")
struct YAMLSubsetParserTests {
    /// Texts in the subset: each must be read, and read as Yams reads it.
    static let accepted = [
        "a: 1\nb: two words\n",
        "a: 1 # comment\n# a comment line\n\nb: 'it''s'\n",
        "list:\n- a\n- b\nc: d\n",
        "list:\n  - a\n  -   b\n",
        "items:\n  - {id: HW1, component: homework, full_marks: 10, objectives: CO1}\n  - {id: Q2, objectives: {CO1: 12, CO2: 8}}\n",
        "x: [\"2.1\", '1.2', 3]\n",
        "objectives:\n  - id: CO1\n    text: 掌握：基本概念，方法\n    indicators: [\"2.1\"]\n  - id: CO2\n    indicators: [\"1.2\", \"2.2\"]\n",
        "a: b:c\n",
        "a: b #c\n",
        "a: b#c\n",
        "a : b\n",
        "\"q\": x\n'r' : y\n",
        "a: -1\nb: -x\n",
        "a: x  \n",
        "a: []\nb: {}\nc: [ ]\n",
        "a: [a, [b, c], {d: e}]\n",
        "a: {\"k\":v, 'l':w}\n",
        "  a: 1\n  b: 2\n",
        "a:\n    b: 1\n    c:\n      - x\n      - y\n    d: 2\ne: 3\n",
        "a: 12:30\nurl: http://example.com/a?b=c\n",
        "a: '  spaced  '\nb: \"\"\nc: ''\n",
        "a: b",
        "k: [a,b]\nl: [a ,b ]\nm: {a: 1 , b: 2}\n",
        "root:\n  - x: 1\n",
        "seq:\n- id: a\n  list:\n  - 1\n  - 2\n  other: b\n- id: c\n",
        "a: 中文 与 English, mixed [not a list] {nor a map}\n",
        "名称: 值\n\"1.1\": H\n'1.2': M\n",
        "a: x # comment: with colon\n  # deeper comment\nb: y\n",
        "a: \"x\" # comment\nb: [1] # comment\nc: {d: 1}# comment\n",
        "a: -x\n",
        "requirement_support:\n  GR1: {PEO1: H, PEO2: M}\n  GR2: {PEO1: H}\n",
        "levels: {H: 3, M: 2, L: 1}\nbands: [0.5, 0.6, 0.7]\n",
        "surveys:\n  - {file: surveys/all.xlsx#校友, kind: alumni, scale: 5, population: 120, name: alumni-2027}\n",
        "a: \"with 'single' and # inside\"\nb: 'with \"double\" and : inside'\n",
        "empty_lines:\n\n\n  - a\n\n  - b\n\n",
        // More than 16 keys: checked for duplicates with a set.
        (1...17).map { "k\($0): \($0)\n" }.joined(),
        "m: {" + (1...20).map { "k\($0): \($0)" }.joined(separator: ", ") + "}\n",
    ]

    /// Texts outside the subset (valid YAML or not): each must be left to Yams.
    static let declined = [
        "", "# only a comment\n", "- a\n", "scalar\n", "[a, b]\n", "{a: 1}\n",
        "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: |\n  x\n", "a: >\n  x\n",
        "a: b\n  c\n", "a: 'x\n  y'\n", "a: \"x\\ty\"\n", "a: \"x\n y\"\n",
        "a:\n", "a:\nb: 1\n", "a: 1\na: 2\n", "a: {b: 1, b: 2}\n", "a: 1\n\"a\": 2\n",
        "? a\n: b\n", "---\na: 1\n", "a: 1\n...\n", "%YAML 1.1\n---\na: 1\n",
        "a:\t1\n", "a: 1\r\nb: 2\r\n", "a: 1\rb: 2\n",
        "a: [1,\n  2]\n", "a: {b: 1,\n  c: 2}\n", "a: [1, ]\n", "a: {b: 1, }\n",
        "a: [b: 1]\n", "a: {b}\n", "a: {b: }\n", "a: {b: , c: 1}\n", "a: x: y\n",
        "a:\n-\n", "a:\n- - a\n", "a: b\n c: d\n", "a:\n  b: 1\n c: 2\n", "a:\n  - b\n  c: 1\n",
        "a: @x\n", "a: `x`\n", "a: %x\n", "a: [x]y\n", "a: 'x' y\n", "a: {x:y}\n", "a: [x:,y]\n",
        "a: \u{FEFF}x\n", "a: x\u{85}y\n", "a: x\u{2028}y\n", "a: x\u{7F}\n", "a: \u{1}\n",
        "a: - b\n", "a: ? b\n", "a: :b\n", "a: [- b]\n", "a: [? b]\n", "a: [#]\n", "a: [x #c\n]\n",
        String(repeating: "k", count: 1100) + ": v\n",
        "a: 1\n- b\n", "- a\nb: 1\n", "a: 1\n  # c\n   b: 2\n",
        // Duplicate keys beyond 16 (a set finds them), in block and flow mappings.
        (1...17).map { "k\($0): \($0)\n" }.joined() + "k3: again\n",
        (1...40).map { "k\($0): \($0)\n" }.joined() + "'k40': again\n",
        "m: {" + (1...20).map { "k\($0): \($0)" }.joined(separator: ", ") + ", k1: again}\n",
        // Nested too deep for the subset (and, further down, for any recursive parser's stack).
        "a: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n",
    ]

    @Test(arguments: accepted)
    func readsTheSubsetAsYamsDoes(_ text: String) throws {
        let (fast, yams) = parseBoth(text)
        let node = try #require(fast, "declined \(String(reflecting: text))")
        #expect(yams == .some(node))
    }

    @Test(arguments: declined)
    func declinesWhatIsOutsideTheSubset(_ text: String) {
        #expect(YAMLSubsetParser.parse(Array(text.utf8)) == nil)
    }

    @Test func readsNestingUpToItsLimit() throws {
        let text = "a: " + String(repeating: "[", count: 63) + "x" + String(repeating: "]", count: 63) + "\n"
        let node = try #require(YAMLSubsetParser.parse(Array(text.utf8)))
        #expect(try YAMLDocument.composeWithYams(text) == node)
    }

    /// Aliases are read as far as a document written out would go (a few uses of an anchor),
    /// and a "billion laughs" file of a kilobyte, whose nested aliases name 10^8 values, is a
    /// syntax error instead of hours and gigabytes (it was 40 s and 6 GB at 8 levels).
    @Test func aliasesExpandOnlyWithinABound() throws {
        let plain = try #require(try YAMLDocument.composeWithYams("a: &w [1, 2]\nb: *w\nc: *w\n"))
        guard case .mapping(let mapping) = plain, case .sequence(let c) = mapping.pairs[2].value else {
            Issue.record("unexpected shape")
            return
        }
        #expect(c.nodes.map { $0.scalar?.string } == ["1", "2"])

        var lines = ["x0: &a0 [" + Array(repeating: "x", count: 10).joined(separator: ",") + "]"]
        for level in 1...8 {
            lines.append("x\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ",") + "]")
        }
        let bomb = lines.joined(separator: "\n") + "\n"
        #expect(bomb.utf8.count < 1_000)
        #expect(throws: YAMLDocument.AliasExpansionError.self) { try YAMLDocument.composeWithYams(bomb) }
        let log = DiagnosticLog()
        #expect(YAMLDocument(utf8: Array(bomb.utf8), file: "programme.yaml", log: log) == nil)
        #expect(log.diagnostics.map(\.code) == [.syntax])
        #expect(log.diagnostics.first?.message.contains("aliases (*name) expand into more than") == true)
    }

    @Test func givesYamsMarksAndStyles() throws {
        let text = "# 标题\nid: CS101\nname: '程序设计'\nitems:\n  - {id: HW1, full_marks: 10}\n  - id: \"Q1\"\n    objectives: [CO1, 'CO2']\n"
        let root = try #require(YAMLSubsetParser.parse(Array(text.utf8)))
        #expect(root.mark == YAMLMark(line: 2, column: 1))
        guard case .mapping(let top) = root, case .sequence(let items) = top.pairs[2].value,
            case .mapping(let first) = items.nodes[0], case .mapping(let second) = items.nodes[1]
        else {
            Issue.record("unexpected shape")
            return
        }
        #expect(top.pairs[1].value.scalar == YAMLScalar(string: "程序设计", style: .singleQuoted, mark: YAMLMark(line: 3, column: 7)))
        #expect(items.mark == YAMLMark(line: 5, column: 3))
        #expect(first.mark == YAMLMark(line: 5, column: 5))  // the brace
        #expect(first.pairs[1].value.scalar == YAMLScalar(string: "10", style: .plain, mark: YAMLMark(line: 5, column: 27)))
        #expect(second.mark == YAMLMark(line: 6, column: 5))
        #expect(second.pairs[0].value.scalar?.style == .doubleQuoted)
        #expect(second.pairs[1].value.mark == YAMLMark(line: 7, column: 17))
        // Columns count characters, not bytes.
        let wide = try #require(YAMLSubsetParser.parse(Array("名称: [值, 二]\n".utf8)))
        guard case .mapping(let mapping) = wide, case .sequence(let list) = mapping.pairs[0].value else {
            Issue.record("unexpected shape")
            return
        }
        #expect(list.nodes[1].mark == YAMLMark(line: 1, column: 9))
        #expect(try YAMLDocument.composeWithYams("名称: [值, 二]\n") == wide)
    }

    /// Every YAML file of the fixtures: read as Yams reads it; the course files of the
    /// realistic fixtures are all in the subset, so the fast path is the one they take.
    @Test func fixturesReadAsYamsReadsThem() throws {
        let fixtures = URL(fileURLWithPath: repositoryRoot).appendingPathComponent("fixtures")
        let files = try #require(FileManager.default.enumerator(at: fixtures, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }
            .filter { ["yaml", "yml"].contains($0.pathExtension) }
        #expect(files.count > 100)
        var declined: [String] = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let (fast, yams) = parseBoth(text)
            guard let fast else {
                declined.append(file.path)
                continue
            }
            #expect(yams == .some(fast), "\(file.path)")
        }
        let realisticDeclined = declined.filter { path in path.contains("/engineering/") || path.contains("/university/") }
        #expect(realisticDeclined.isEmpty, "\(realisticDeclined)")
    }

    /// Random documents in and around the subset, and random edits of them: the subset parser
    /// declines or agrees with Yams.
    @Test func randomDocumentsReadAsYamsReadsThem() {
        var generator = SplitMix64(seed: 2026)
        var accepted = 0
        let count = 3000
        for _ in 0..<count {
            var document = RandomYAML(generator: generator)
            let text = document.document()
            generator = document.generator
            if YAMLSubsetParser.parse(Array(text.utf8)) != nil { accepted += 1 }
            expectDeclinedOrSame(text)
            var edited = Array(text.unicodeScalars)
            for _ in 0..<Int.random(in: 1...3, using: &generator) where !edited.isEmpty {
                let position = Int.random(in: 0..<edited.count, using: &generator)
                let scalar = RandomYAML.tricky.randomElement(using: &generator) ?? " "
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: edited.remove(at: position)
                case 1: edited.insert(scalar, at: position)
                default: edited[position] = scalar
                }
            }
            expectDeclinedOrSame(String(String.UnicodeScalarView(edited)))
        }
        // Most generated documents are in the subset, so the comparison means something.
        #expect(accepted > count / 3, "accepted \(accepted) of \(count)")
    }
}

/// Random YAML documents shaped like attain's files, with tricky characters in their scalars.
private struct RandomYAML {
    var generator: SplitMix64

    /// Characters that matter to YAML's syntax, and some that do not.
    static let tricky: [Unicode.Scalar] = Array(
        " :#-,[]{}'\"\\?&*!|>%@`\n\t\r.0123456789abcXYZ_/中文é".unicodeScalars)

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &generator) < percent }

    mutating func document() -> String {
        var text = chance(20) ? "# 注释 comment\n" : ""
        text += blockMapping(indent: chance(10) ? 2 : 0, depth: 0)
        return text
    }

    mutating func blockMapping(indent: Int, depth: Int) -> String {
        var text = ""
        let keys = (0..<Int.random(in: 1...5, using: &generator)).map { _ in key() }
        for key in keys {
            text += String(repeating: " ", count: indent) + key + (chance(5) ? " :" : ":")
            if depth < 3 && chance(30) {
                text += trailing() + "\n"
                if chance(50) {
                    text += blockMapping(indent: indent + Int.random(in: 1...4, using: &generator), depth: depth + 1)
                } else {
                    text += blockSequence(indent: indent + (chance(30) ? 0 : Int.random(in: 1...4, using: &generator)), depth: depth + 1)
                }
            } else {
                text += " " + inlineValue(depth: depth) + trailing() + "\n"
            }
            if chance(10) { text += chance(50) ? "\n" : String(repeating: " ", count: Int.random(in: 0...6, using: &generator)) + "# c\n" }
        }
        return text
    }

    mutating func blockSequence(indent: Int, depth: Int) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let prefix = String(repeating: " ", count: indent) + "-" + String(repeating: " ", count: Int.random(in: 1...3, using: &generator))
            if depth < 3 && chance(40) {
                let mapping = blockMapping(indent: prefix.count, depth: depth + 1)
                text += prefix + mapping.dropFirst(prefix.count)
            } else {
                text += prefix + inlineValue(depth: depth) + trailing() + "\n"
            }
        }
        return text
    }

    mutating func inlineValue(depth: Int) -> String {
        switch Int.random(in: 0..<10, using: &generator) {
        case 0 where depth < 4: return "[" + (0..<Int.random(in: 0...3, using: &generator)).map { _ in inlineValue(depth: depth + 1) }.joined(separator: chance(50) ? ", " : ",") + "]"
        case 1 where depth < 4: return "{" + (0..<Int.random(in: 0...3, using: &generator)).map { _ in key() + ": " + inlineValue(depth: depth + 1) }.joined(separator: ", ") + "}"
        default: return scalar()
        }
    }

    mutating func key() -> String {
        let common = ["id", "name", "text", "1.1", "CO1", "full_marks", "名称", "a b", "k"]
        if chance(70), let key = common.randomElement(using: &generator) { return chance(20) ? "\"\(key)\"" : key }
        return scalar()
    }

    mutating func scalar() -> String {
        var body = ""
        for _ in 0..<Int.random(in: 1...8, using: &generator) {
            if chance(88) {
                body += ["CS101", "9.5", "-1", "掌握", "x", "0.5", "http://a.b", "é"].randomElement(using: &generator) ?? "x"
            } else {
                body.unicodeScalars.append(Self.tricky.randomElement(using: &generator) ?? "x")
            }
        }
        switch Int.random(in: 0..<10, using: &generator) {
        case 0: return "'" + (chance(80) ? body.replacingOccurrences(of: "'", with: "''") : body) + "'"
        case 1: return "\"" + body + "\""
        default: return body
        }
    }

    mutating func trailing() -> String {
        switch Int.random(in: 0..<10, using: &generator) {
        case 0: return " # comment"
        case 1: return "  "
        default: return ""
        }
    }
}

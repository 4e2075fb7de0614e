import Yams

/// Where a node starts in a YAML file, as Yams (libyaml) counts: 1-based lines, and 1-based
/// columns counted in Unicode scalars.
struct YAMLMark: Equatable {
    let line: Int
    let column: Int
}

/// A node of a parsed YAML document: what the readers of programme and course files see,
/// whichever parser produced it (`YAMLSubsetParser`, or Yams for everything else).
enum YAMLNode: Equatable {
    case scalar(YAMLScalar)
    case mapping(YAMLMapping)
    case sequence(YAMLSequence)

    /// Where the node starts: a scalar's first character (its opening quote if quoted), a
    /// block mapping's first key, a block sequence's first `-`, a flow collection's bracket.
    var mark: YAMLMark {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .mapping(let mapping): mapping.mark
        case .sequence(let sequence): sequence.mark
        }
    }

    /// The scalar, if the node is one.
    var scalar: YAMLScalar? {
        if case .scalar(let scalar) = self { return scalar }
        return nil
    }
}

/// A scalar: its text as the YAML parser gives it (quotes and escapes resolved).
struct YAMLScalar: Equatable {
    /// How a scalar is written; the same cases as `Node.Scalar.Style`.
    enum Style: Equatable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    let string: String
    let style: Style
    let mark: YAMLMark
}

/// A mapping: its key-value pairs in file order.
struct YAMLMapping: Equatable {
    let pairs: [YAMLPair]
    let mark: YAMLMark
}

/// One key and its value in a mapping.
struct YAMLPair: Equatable {
    let key: YAMLNode
    let value: YAMLNode
}

/// A sequence: its elements in file order.
struct YAMLSequence: Equatable {
    let nodes: [YAMLNode]
    let mark: YAMLMark
}

extension YAMLNode {
    /// The node Yams composed, as a `YAMLNode`.
    ///
    /// Yams' parser gives every node a mark and a definite scalar style, and resolves aliases
    /// to the nodes they name, so the fallbacks below (line 0, plain style, an alias as its
    /// name) are never taken for a parsed document.
    ///
    /// - Parameter budget: how many nodes may still be made; each node made takes one.
    /// - Throws: `YAMLDocument.AliasExpansionError` when the budget runs out, which only aliases
    ///   repeating nodes can make happen.
    init(_ node: Node, budget: inout Int) throws {
        budget -= 1
        guard budget >= 0 else {
            throw YAMLDocument.AliasExpansionError(mark: YAMLMark(node.mark))
        }
        switch node {
        case .scalar(let scalar):
            self = .scalar(YAMLScalar(string: scalar.string, style: YAMLScalar.Style(scalar.style), mark: YAMLMark(scalar.mark)))
        case .mapping(let mapping):
            var pairs: [YAMLPair] = []
            for (key, value) in mapping {
                pairs.append(YAMLPair(key: try YAMLNode(key, budget: &budget), value: try YAMLNode(value, budget: &budget)))
            }
            self = .mapping(YAMLMapping(pairs: pairs, mark: YAMLMark(mapping.mark)))
        case .sequence(let sequence):
            var nodes: [YAMLNode] = []
            for element in sequence { nodes.append(try YAMLNode(element, budget: &budget)) }
            self = .sequence(YAMLSequence(nodes: nodes, mark: YAMLMark(sequence.mark)))
        case .alias(let alias):
            self = .scalar(YAMLScalar(string: "*" + alias.anchor.rawValue, style: .plain, mark: YAMLMark(alias.mark)))
        }
    }
}

extension YAMLMark {
    init(_ mark: Mark?) {
        self.init(line: mark?.line ?? 0, column: mark?.column ?? 0)
    }
}

extension YAMLScalar.Style {
    init(_ style: Node.Scalar.Style) {
        switch style {
        case .any, .plain: self = .plain
        case .singleQuoted: self = .singleQuoted
        case .doubleQuoted: self = .doubleQuoted
        case .literal: self = .literal
        case .folded: self = .folded
        }
    }
}

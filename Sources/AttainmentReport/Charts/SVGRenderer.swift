/// Writes a scene as a standalone SVG 1.1 drawing: one SVG element per mark, each with the
/// mark's role as its `class`, nothing external (no style sheets, fonts or images). The same
/// scene always gives the same bytes.
enum SVGRenderer {
    /// The fonts tried in turn; Chinese fonts come first so Latin and Chinese text match.
    static let fontFamily =
        "'Microsoft YaHei','PingFang SC','Noto Sans CJK SC','WenQuanYi Micro Hei','SimHei',Arial,sans-serif"

    /// A standalone SVG file: the XML declaration and the `<svg>` element.
    static func render(_ scene: Scene) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + fragment(scene) + "\n"
    }

    /// The `<svg>` element alone, for inlining in HTML. Its width and height are in CSS
    /// pixels equal to the scene's points, so the drawing prints at its intended size.
    static func fragment(_ scene: Scene) -> String {
        let width = number(scene.width), height = number(scene.height)
        var lines = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(width)\" height=\"\(height)\""
                + " viewBox=\"0 0 \(width) \(height)\" role=\"img\" font-family=\"\(fontFamily)\">",
            "<title>\(escaped(scene.description))</title>",
        ]
        lines += scene.elements.flatMap(elements)
        lines.append("</svg>")
        return lines.joined(separator: "\n")
    }

    private static func elements(_ element: SceneElement) -> [String] {
        let role = "class=\"\(element.role.rawValue)\""
        switch element.shape {
        case .line(let from, let to, let stroke):
            return ["<line \(role) x1=\"\(number(from.x))\" y1=\"\(number(from.y))\" x2=\"\(number(to.x))\" y2=\"\(number(to.y))\"\(attributes(stroke))/>"]
        case .polyline(let points, let stroke):
            return ["<polyline \(role) points=\"\(pointList(points))\" fill=\"none\"\(attributes(stroke))/>"]
        case .polygon(let points, let fill, let opacity, let stroke):
            return ["<polygon \(role) points=\"\(pointList(points))\"\(attributes(fill: fill, opacity: opacity))\(attributes(stroke))/>"]
        case .rectangle(let x, let y, let width, let height, let fill, let stroke):
            return ["<rect \(role) x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(width))\" height=\"\(number(height))\"\(attributes(fill: fill, opacity: 1))\(attributes(stroke))/>"]
        case .markers(let centres, let radius, let fill, let opacity, let stroke):
            let style = " r=\"\(number(radius))\"\(attributes(fill: fill, opacity: opacity))\(attributes(stroke))"
            return centres.map { "<circle \(role) cx=\"\(number($0.x))\" cy=\"\(number($0.y))\"\(style)/>" }
        case .text(let text, let at, let size, let anchor, let color, let bold):
            let anchorName = switch anchor {
            case .start: "start"
            case .middle: "middle"
            case .end: "end"
            }
            return ["<text \(role) x=\"\(number(at.x))\" y=\"\(number(at.y))\" font-size=\"\(number(size))\" text-anchor=\"\(anchorName)\""
                + " dominant-baseline=\"central\" fill=\"#\(color.hex)\"\(bold ? " font-weight=\"bold\"" : "")>\(escaped(text))</text>"]
        }
    }

    private static func attributes(fill: SceneColor?, opacity: Double) -> String {
        guard let fill else { return " fill=\"none\"" }
        return " fill=\"#\(fill.hex)\"" + (opacity < 1 ? " fill-opacity=\"\(number(max(opacity, 0)))\"" : "")
    }

    private static func attributes(_ stroke: SceneStroke?) -> String {
        guard let stroke else { return " stroke=\"none\"" }
        let text = " stroke=\"#\(stroke.color.hex)\" stroke-width=\"\(number(stroke.width))\""
        let unit = max(stroke.width, 1)
        switch stroke.dash {
        case .solid: return text
        case .dashed: return text + " stroke-dasharray=\"\(number(4 * unit)) \(number(3 * unit))\""
        case .dotted: return text + " stroke-dasharray=\"\(number(unit)) \(number(2 * unit))\""
        }
    }

    private static func pointList(_ points: [ScenePoint]) -> String {
        points.map { "\(number($0.x)),\(number($0.y))" }.joined(separator: " ")
    }

    /// A coordinate with at most 2 decimals and no trailing zeros; never "-0".
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let hundredths = (min(max(value, -1e12), 1e12) * 100).rounded()
        if hundredths == 0 { return "0" }
        let magnitude = Int(hundredths.magnitude)
        var text = (hundredths < 0 ? "-" : "") + String(magnitude / 100)
        let fraction = magnitude % 100
        if fraction % 10 != 0 {
            text += (fraction < 10 ? ".0" : ".") + String(fraction)
        } else if fraction != 0 {
            text += "." + String(fraction / 10)
        }
        return text
    }

    /// Text safe inside an element or a quoted attribute, on one line (a scene's text is one
    /// line).
    static func escaped(_ text: String) -> String { XMLText.escaped(text, breaks: .asSpaces) }
}

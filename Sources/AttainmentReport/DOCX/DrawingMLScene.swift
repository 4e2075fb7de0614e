import Foundation

/// Draws a chart `Scene` as a DrawingML group shape in a Word document, so the chart stays
/// vector, sharp at any zoom and editable (each mark can be selected, recoloured or moved).
///
/// The group (`wpg:wgp`, Word 2010's WordprocessingML group) sits in an inline drawing
/// (`wp:inline`), so it flows with the text like a character. Each mark becomes one shape:
/// lines, polylines and polygons a custom geometry (`a:custGeom`), rectangles a preset `rect`,
/// all the markers of one `markers` mark ONE custom geometry with a circle path per centre (a
/// scatter plot's hundreds of students stay one shape), and text a text box without fill,
/// line or insets whose box is placed from the text's estimated width and the anchor.
///
/// Coordinates are EMU (1 pt = 12,700 EMU); a scene wider than the text column is scaled down
/// to fit, font sizes and line widths included, so the group's child extent equals its extent.
struct DrawingMLScene {
    /// The group as a `w:drawing` element, to put in a run.
    let xml: String

    /// The drawing of `scene`, at most `maxWidth` points wide.
    ///
    /// `ids` is the document's counter of drawing object ids (`wp:docPr` and `wps:cNvPr` ids
    /// must be unique in a document); it is advanced past the ids used here.
    init(_ scene: Scene, maxWidth: Double, ids: inout Int) {
        var builder = Builder(
            scale: scene.width > maxWidth && scene.width > 0 ? maxWidth / scene.width : 1, nextID: ids)
        let frameID = builder.takeID()
        let shapes = scene.elements.map { builder.shape($0) }.joined()
        let width = builder.emu(scene.width)
        let height = builder.emu(scene.height)
        ids = builder.nextID
        xml =
            "<w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">"
            + "<wp:extent cx=\"\(width)\" cy=\"\(height)\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>"
            + "<wp:docPr id=\"\(frameID)\" name=\"Chart \(frameID)\" descr=\"\(XMLText.escaped(scene.description))\"/>"
            + "<wp:cNvGraphicFramePr/><a:graphic>"
            + "<a:graphicData uri=\"http://schemas.microsoft.com/office/word/2010/wordprocessingGroup\">"
            + "<wpg:wgp><wpg:cNvGrpSpPr/><wpg:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/>"
            + "<a:ext cx=\"\(width)\" cy=\"\(height)\"/><a:chOff x=\"0\" y=\"0\"/>"
            + "<a:chExt cx=\"\(width)\" cy=\"\(height)\"/></a:xfrm></wpg:grpSpPr>"
            + shapes + "</wpg:wgp></a:graphicData></a:graphic></wp:inline></w:drawing>"
    }
}

/// Makes the shapes of one drawing.
private struct Builder {
    /// The scale from scene points to the page.
    let scale: Double
    var nextID: Int

    /// Scene points to EMU, scaled.
    func emu(_ points: Double) -> Int {
        Int((points * 12_700 * scale).rounded())
    }

    mutating func takeID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    /// The shape of one mark; empty for a mark with nothing to draw.
    mutating func shape(_ element: SceneElement) -> String {
        let name = element.role.rawValue
        switch element.shape {
        case .line(let from, let to, let stroke):
            return path(name, [[from, to]], closed: false, fill: nil, stroke: stroke)
        case .polyline(let points, let stroke):
            guard points.count >= 2 else { return "" }
            return path(name, [points], closed: false, fill: nil, stroke: stroke)
        case .polygon(let points, let fill, let opacity, let stroke):
            guard points.count >= 3 else { return "" }
            return path(name, [points], closed: true, fill: fill.map { ($0, opacity) }, stroke: stroke)
        case .rectangle(let x, let y, let width, let height, let fill, let stroke):
            let geometry = "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom>"
            return wsp(
                name, x: emu(x), y: emu(y), width: max(emu(width), 1), height: max(emu(height), 1),
                properties: geometry + Self.fill(fill.map { ($0, 1) }) + line(stroke))
        case .markers(let centres, let radius, let fill, let opacity, let stroke):
            guard !centres.isEmpty else { return "" }
            return circles(name, centres, radius: radius, fill: (fill, opacity), stroke: stroke)
        case .text(let text, let at, let size, let anchor, let color, let bold):
            guard !text.isEmpty else { return "" }
            return textBox(name, text, at: at, size: size, anchor: anchor, color: color, bold: bold)
        }
    }

    /// A custom geometry with one path per point list, in a box around all the points.
    private mutating func path(
        _ name: String, _ paths: [[ScenePoint]], closed: Bool, fill: (SceneColor, Double)?, stroke: SceneStroke?
    ) -> String {
        let all = paths.joined()
        let box = Box(all.map { (emu($0.x), emu($0.y)) })
        let pathList = paths.map { points in
            let commands = points.enumerated().map { index, point in
                let tag = index == 0 ? "moveTo" : "lnTo"
                return "<a:\(tag)>\(box.point(emu(point.x), emu(point.y)))</a:\(tag)>"
            }
            return box.pathStart(filled: closed && fill != nil) + commands.joined() + (closed ? "<a:close/>" : "")
                + "</a:path>"
        }
        return wsp(
            name, x: box.x, y: box.y, width: box.width, height: box.height,
            properties: box.geometry(pathList.joined()) + Self.fill(fill) + line(stroke))
    }

    /// All the markers as one shape: a circle path per centre, each of four cubic Béziers.
    private mutating func circles(
        _ name: String, _ centres: [ScenePoint], radius: Double, fill: (SceneColor, Double), stroke: SceneStroke?
    ) -> String {
        let r = Double(emu(radius))
        let box = Box(
            centres.flatMap { [(emu($0.x) - Int(r), emu($0.y) - Int(r)), (emu($0.x) + Int(r), emu($0.y) + Int(r))] })
        // The control-point distance of a quarter circle drawn as a cubic Bézier.
        let k = r * 0.552_284_75
        let pathList = centres.map { centre in
            let (x, y) = (Double(emu(centre.x)), Double(emu(centre.y)))
            func pt(_ dx: Double, _ dy: Double) -> String {
                box.point(Int((x + dx).rounded()), Int((y + dy).rounded()))
            }
            let quarters = [
                pt(r, k) + pt(k, r) + pt(0, r), pt(-k, r) + pt(-r, k) + pt(-r, 0),
                pt(-r, -k) + pt(-k, -r) + pt(0, -r), pt(k, -r) + pt(r, -k) + pt(r, 0),
            ]
            return box.pathStart(filled: true) + "<a:moveTo>\(pt(r, 0))</a:moveTo>"
                + quarters.map { "<a:cubicBezTo>\($0)</a:cubicBezTo>" }.joined() + "<a:close/></a:path>"
        }
        return wsp(
            name, x: box.x, y: box.y, width: box.width, height: box.height,
            properties: box.geometry(pathList.joined()) + Self.fill(fill) + line(stroke))
    }

    /// One line of text in a text box as wide as the text, placed so the anchor point lands
    /// where the scene puts it, and vertically centred on `at.y`.
    private mutating func textBox(
        _ name: String, _ text: String, at: ScenePoint, size: Double, anchor: TextAnchor, color: SceneColor, bold: Bool
    ) -> String {
        // Wider than the estimate, so a slightly wider font does not clip; the text is
        // aligned in the box by the anchor and does not wrap (`wrap="none"`) either way.
        let width = TextMetrics.width(text, size: size) * 1.15 + size * 0.5
        let height = size * 1.5
        let (left, alignment) =
            switch anchor {
            case .start: (at.x, "left")
            case .middle: (at.x - width / 2, "center")
            case .end: (at.x - width, "right")
            }
        let halfPoints = max(Int((size * scale * 2).rounded()), 2)
        let latin = DOCXFonts.headingLatin
        let run =
            "<w:r><w:rPr><w:rFonts w:ascii=\"\(latin)\" w:hAnsi=\"\(latin)\" w:eastAsia=\"\(DOCXFonts.heading)\" w:cs=\"\(latin)\"/>"
            + (bold ? "<w:b/><w:bCs/>" : "") + "<w:color w:val=\"\(color.hex)\"/>"
            + "<w:sz w:val=\"\(halfPoints)\"/><w:szCs w:val=\"\(halfPoints)\"/></w:rPr>"
            + XMLText.runText(text) + "</w:r>"
        // No automatic space between Chinese and Latin letters or digits (Word's and
        // LibreOffice's default), so the text is as wide as the chart layout measured it.
        let paragraph =
            "<w:p><w:pPr><w:autoSpaceDE w:val=\"0\"/><w:autoSpaceDN w:val=\"0\"/>"
            + "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
            + "<w:ind w:left=\"0\" w:right=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"\(alignment)\"/></w:pPr>"
            + run + "</w:p>"
        let properties = "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln>"
        return wsp(
            name, x: emu(left), y: emu(at.y - height / 2), width: max(emu(width), 1), height: max(emu(height), 1),
            properties: properties, textBox: "<wps:txbx><w:txbxContent>\(paragraph)</w:txbxContent></wps:txbx>")
    }

    /// A `wps:wsp` shape in the group.
    private mutating func wsp(
        _ name: String, x: Int, y: Int, width: Int, height: Int, properties: String, textBox: String? = nil
    ) -> String {
        let id = takeID()
        let body =
            textBox == nil
            ? "<wps:bodyPr/>"
            : "<wps:bodyPr rot=\"0\" vert=\"horz\" wrap=\"none\" lIns=\"0\" tIns=\"0\" rIns=\"0\" bIns=\"0\""
                + " anchor=\"ctr\" anchorCtr=\"0\" upright=\"1\"><a:noAutofit/></wps:bodyPr>"
        return "<wps:wsp><wps:cNvPr id=\"\(id)\" name=\"\(name) \(id)\"/>"
            + (textBox == nil ? "<wps:cNvSpPr/>" : "<wps:cNvSpPr txBox=\"1\"/>")
            + "<wps:spPr><a:xfrm><a:off x=\"\(x)\" y=\"\(y)\"/><a:ext cx=\"\(width)\" cy=\"\(height)\"/></a:xfrm>"
            + properties + "</wps:spPr>" + (textBox ?? "") + body + "</wps:wsp>"
    }

    /// A solid fill with its opacity, or none.
    private static func fill(_ fill: (color: SceneColor, opacity: Double)?) -> String {
        guard let fill else { return "<a:noFill/>" }
        let alpha = Int((min(max(fill.opacity, 0), 1) * 100_000).rounded())
        return "<a:solidFill><a:srgbClr val=\"\(fill.color.hex)\""
            + (alpha < 100_000 ? "><a:alpha val=\"\(alpha)\"/></a:srgbClr>" : "/>")
            + "</a:solidFill>"
    }

    /// The outline of a shape, or none.
    private func line(_ stroke: SceneStroke?) -> String {
        guard let stroke else { return "<a:ln><a:noFill/></a:ln>" }
        let dash =
            switch stroke.dash {
            case .solid: ""
            case .dashed: "<a:prstDash val=\"dash\"/>"
            case .dotted: "<a:prstDash val=\"sysDot\"/>"
            }
        return "<a:ln w=\"\(max(emu(stroke.width), 1))\" cap=\"\(stroke.dash == .dotted ? "rnd" : "flat")\">"
            + "<a:solidFill><a:srgbClr val=\"\(stroke.color.hex)\"/></a:solidFill>" + dash + "<a:round/></a:ln>"
    }
}

/// The bounding box of a custom geometry's points in EMU, at least 1 EMU each way (a
/// horizontal line has no height, and readers divide by the path's size).
private struct Box {
    let x: Int
    let y: Int
    let width: Int
    let height: Int

    init(_ points: [(Int, Int)]) {
        let xs = points.map(\.0)
        let ys = points.map(\.1)
        x = xs.min() ?? 0
        y = ys.min() ?? 0
        width = max((xs.max() ?? 0) - x, 1)
        height = max((ys.max() ?? 0) - y, 1)
    }

    /// An `a:pt` relative to the box.
    func point(_ px: Int, _ py: Int) -> String {
        "<a:pt x=\"\(px - x)\" y=\"\(py - y)\"/>"
    }

    /// The opening tag of a path in the box's coordinates; an unfilled path says so, or
    /// readers fill an open polyline.
    func pathStart(filled: Bool) -> String {
        "<a:path w=\"\(width)\" h=\"\(height)\"" + (filled ? ">" : " fill=\"none\">")
    }

    /// The custom geometry around `paths`.
    func geometry(_ paths: String) -> String {
        "<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l=\"0\" t=\"0\" r=\"r\" b=\"b\"/>"
            + "<a:pathLst>\(paths)</a:pathLst></a:custGeom>"
    }
}

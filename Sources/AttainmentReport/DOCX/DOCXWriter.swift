import AttainmentIO
import Foundation

/// Writes a `ReportDocument` as a Word document (.docx, WordprocessingML, ECMA-376
/// transitional), for the self-study report (自评报告) that a programme edits and submits.
///
/// Everything stays editable: headings use Word's built-in heading styles (so the navigation
/// pane and the table of contents work), tables are real Word tables whose header row repeats
/// on every page, charts are DrawingML shapes (`DrawingMLScene`). The page is A4 with 2.54 cm
/// margins; a table marked `landscape` gets a landscape section of its own.
///
/// The same document always gives the same bytes: the package has no dates (docProps/core.xml
/// has only the title and creator) and `ZipWriter` dates every entry 1980-01-01.
enum DOCXWriter {
    /// The .docx file of `document`.
    static func make(_ document: ReportDocument) -> [UInt8] {
        var zip = ZipWriter()
        zip.add("[Content_Types].xml", text: DOCXParts.contentTypes)
        zip.add("_rels/.rels", text: DOCXParts.packageRelationships)
        zip.add("docProps/core.xml", text: DOCXParts.coreProperties(document))
        zip.add("docProps/app.xml", text: DOCXParts.appProperties)
        zip.add("word/document.xml", DOCXBody(document).xml)
        zip.add("word/styles.xml", text: DOCXParts.styles(document.language))
        zip.add("word/settings.xml", text: DOCXParts.settings)
        zip.add("word/numbering.xml", text: DOCXParts.numbering)
        zip.add("word/footer1.xml", text: DOCXParts.footer)
        zip.add("word/_rels/document.xml.rels", text: DOCXParts.documentRelationships)
        return zip.finish()
    }
}

/// The fonts of the document.
///
/// The Chinese fonts are named by their English names, SimSun (宋体) and SimHei (黑体): Windows
/// and Word resolve either name to the same font, and so does WPS, but the ASCII names are the
/// ones Word for Mac (which bundles both fonts), fontconfig's aliases (which class SimSun as a
/// serif, so LibreOffice on Linux substitutes a Chinese serif) and other readers know.
enum DOCXFonts {
    /// Body text: SimSun for Chinese, Times New Roman for Latin.
    static let body = "SimSun"
    static let bodyLatin = "Times New Roman"
    /// Headings, captions and chart text: SimHei for Chinese, Arial for Latin.
    static let heading = "SimHei"
    static let headingLatin = "Arial"
    /// Code runs (formulas, ids, file names).
    static let code = "Consolas"
}

/// The A4 page, in twips (1/20 pt).
enum DOCXPage {
    static let width = 11_906
    static let height = 16_838
    /// 2.54 cm (one inch) on every side.
    static let margin = 1_440

    /// The width between the margins.
    static func textWidth(landscape: Bool) -> Int {
        (landscape ? height : width) - 2 * margin
    }

    /// A section's properties (`w:sectPr`): its page size, orientation and margins.
    static func sectionProperties(landscape: Bool) -> String {
        let size =
            landscape
            ? "<w:pgSz w:w=\"\(height)\" w:h=\"\(width)\" w:orient=\"landscape\"/>"
            : "<w:pgSz w:w=\"\(width)\" w:h=\"\(height)\"/>"
        // Every section shows the same footer: the page number, centred.
        return "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"\(DOCXParts.footerRelationship)\"/>"
            + "<w:type w:val=\"nextPage\"/>" + size
            + "<w:pgMar w:top=\"\(margin)\" w:right=\"\(margin)\" w:bottom=\"\(margin)\" w:left=\"\(margin)\""
            + " w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/><w:cols w:space=\"425\"/></w:sectPr>"
    }
}

extension XMLText {
    /// The content of a run showing `text`: `w:t` pieces, with a line break (`w:br`) for each
    /// line feed and a `w:tab` for each tab.
    static func runText(_ text: String) -> String {
        // One piece without breaks, tabs or carriage returns: the usual table cell.
        if !text.utf8.contains(where: { $0 < 0x20 }) { return textElement(text) }
        var xml = ""
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { xml += "<w:br/>" }
            for (part, piece) in line.split(separator: "\t", omittingEmptySubsequences: false).enumerated() {
                if part > 0 { xml += "<w:tab/>" }
                // Carriage returns show nothing. Foundation's search is slow, and most pieces
                // have none.
                let text = String(piece)
                xml += textElement(text.utf8.contains(UInt8(ascii: "\r")) ? text.replacingOccurrences(of: "\r", with: "") : text)
            }
        }
        return xml
    }

    /// A `w:t` showing `piece`, a text without line feeds, tabs or carriage returns, escaped;
    /// nothing for an empty piece.
    private static func textElement(_ piece: String) -> String {
        let clean = escaped(piece)
        return clean.isEmpty ? "" : "<w:t xml:space=\"preserve\">\(clean)</w:t>"
    }
}

// MARK: - The body

/// word/document.xml: the blocks as paragraphs and tables, in sections.
private struct DOCXBody {
    /// A paragraph or table of the body. Paragraphs keep their properties apart so that a
    /// section break can be added to one after it is made.
    private enum Part {
        case paragraph(properties: String, content: String)
        /// A table's XML, as UTF-8: the large part of a long report.
        case table([UInt8])
    }

    private let language: ReportLanguage
    private var parts: [Part] = []
    /// The next drawing object id (`wp:docPr`, `wps:cNvPr`); unique in the document.
    private var nextID = 1

    /// The namespaces of the document: WordprocessingML, relationships, DrawingML and its
    /// Word placement, pictures, the Word 2010 shape and group extensions, markup
    /// compatibility, and Word 2010's w14/wp14 (ignorable, as Word writes them; the wps and wpg
    /// elements appear only inside `a:graphicData`, which a reader that does not know the
    /// group URI skips whole).
    private static let namespaces = [
        ("w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
        ("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
        ("wp", "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
        ("a", "http://schemas.openxmlformats.org/drawingml/2006/main"),
        ("pic", "http://schemas.openxmlformats.org/drawingml/2006/picture"),
        ("wps", "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"),
        ("wpg", "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup"),
        ("mc", "http://schemas.openxmlformats.org/markup-compatibility/2006"),
        ("w14", "http://schemas.microsoft.com/office/word/2010/wordml"),
        ("wp14", "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing"),
    ]

    /// The whole part, as UTF-8.
    private(set) var xml: [UInt8] = []

    init(_ document: ReportDocument) {
        language = document.language
        let orientations = document.landscapeBlocks
        var landscape = orientations.first ?? false
        for (block, blockLandscape) in zip(document.blocks, orientations) {
            if blockLandscape != landscape {
                endSection(landscape: landscape)
                landscape = blockLandscape
            }
            add(block, landscape: landscape)
        }
        // Word expects a paragraph after a table at the end of the body.
        if case .table = parts.last { parts.append(.paragraph(properties: "", content: "")) }
        let roots = Self.namespaces.map { " xmlns:\($0.0)=\"\($0.1)\"" }.joined()
        // Written once into bytes: joining strings copied the whole part several times.
        var out = TextBuffer(capacity: parts.reduce(4096) { size, part in
            if case .table(let xml) = part { size + xml.count } else { size + 256 }
        })
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        out.append("<w:document\(roots) mc:Ignorable=\"w14 wp14\"><w:body>")
        for part in parts {
            switch part {
            case .paragraph(let properties, let content):
                out.append(properties.isEmpty ? "<w:p>" : "<w:p><w:pPr>\(properties)</w:pPr>")
                out.append(content)
                out.append("</w:p>")
            case .table(let xml):
                xml.withUnsafeBufferPointer { out.append(utf8: $0) }
            }
        }
        out.append(DOCXPage.sectionProperties(landscape: landscape))
        out.append("</w:body></w:document>")
        xml = out.bytes
    }

    /// Ends the current section: its properties go into the last paragraph, or into an
    /// empty 1 pt paragraph when the body so far ends with a table.
    private mutating func endSection(landscape: Bool) {
        let section = DOCXPage.sectionProperties(landscape: landscape)
        if case .paragraph(let properties, let content) = parts.last {
            parts[parts.count - 1] = .paragraph(properties: properties + section, content: content)
        } else if !parts.isEmpty {
            parts.append(
                .paragraph(
                    properties: "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"20\" w:lineRule=\"exact\"/>"
                        + "<w:rPr><w:sz w:val=\"2\"/><w:szCs w:val=\"2\"/></w:rPr>" + section,
                    content: ""))
        }
    }

    private mutating func add(_ block: ReportBlock, landscape: Bool) {
        switch block {
        case .heading(let level, let text):
            let style = "Heading\(min(max(level, 1), 3))"
            parts.append(.paragraph(properties: "<w:pStyle w:val=\"\(style)\"/>", content: Self.run(text)))
        case .paragraph(let runs):
            parts.append(.paragraph(properties: "<w:pStyle w:val=\"BodyText\"/>", content: Self.runs(runs)))
        case .bullets(let items):
            for item in items {
                parts.append(.paragraph(properties: "<w:pStyle w:val=\"ListBullet\"/>", content: Self.runs(item)))
            }
        case .table(let table):
            // The caption stays with the table on the page.
            parts.append(
                .paragraph(
                    properties: "<w:pStyle w:val=\"Caption\"/><w:keepNext/>", content: Self.run(table.caption)))
            if let xml = Self.table(table, width: DOCXPage.textWidth(landscape: landscape)) {
                parts.append(.table(xml))
            }
        case .figure(let figure):
            let maxWidth = Double(DOCXPage.textWidth(landscape: landscape)) / 20
            let drawing = DrawingMLScene(figure.scene, maxWidth: maxWidth, ids: &nextID)
            parts.append(
                .paragraph(
                    properties: "<w:keepNext/><w:spacing w:before=\"120\" w:after=\"0\"/><w:ind w:firstLine=\"0\"/>"
                        + "<w:jc w:val=\"center\"/>",
                    content: "<w:r>\(drawing.xml)</w:r>"))
            parts.append(.paragraph(properties: "<w:pStyle w:val=\"Caption\"/>", content: Self.run(figure.caption)))
        case .tableOfContents:
            let placeholder =
                switch language {
                case .zh: "右键单击此处并选择“更新域”以生成目录。"
                case .en: "Right-click here and choose Update Field to build the table of contents."
                }
            // A TOC field over heading levels 1–3 (\o), with hyperlinks (\h), no page numbers
            // in web view (\z) and outline levels (\u); Word fills it in when updated.
            let field =
                "<w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\"/></w:r>"
                + "<w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-3\" \\h \\z \\u </w:instrText></w:r>"
                + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" + Self.run(placeholder)
                + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
            parts.append(.paragraph(properties: "<w:pStyle w:val=\"TOC1\"/>", content: field))
        }
    }

    /// A run of plain text.
    private static func run(_ text: String, properties: String = "") -> String {
        var xml = TextBuffer()
        appendRun(text, properties: properties, to: &xml)
        return xml.text
    }

    /// Appends a run of plain text (`run`), for the tables, which are built as bytes.
    private static func appendRun(_ text: String, properties: String = "", to xml: inout TextBuffer) {
        xml.append("<w:r>")
        if !properties.isEmpty {
            xml.append("<w:rPr>")
            xml.append(properties)
            xml.append("</w:rPr>")
        }
        xml.append(XMLText.runText(text))
        xml.append("</w:r>")
    }

    /// The runs of a paragraph.
    private static func runs(_ runs: [TextRun]) -> String {
        runs.map { run in
            switch run.style {
            case .plain: Self.run(run.text)
            case .bold: Self.run(run.text, properties: "<w:b/><w:bCs/>")
            case .code: Self.run(run.text, properties: "<w:rStyle w:val=\"Code\"/>")
            }
        }.joined()
    }

    // MARK: Tables

    /// The fill of the header row.
    private static let headerFill = "DDEBF7"

    /// A Word table filling the text width, nil for a table without columns.
    ///
    /// The header row repeats on every page (`w:tblHeader`); no row breaks across pages. The
    /// columns share the width by the length of their longest text (`displayWidth`: Chinese
    /// counts double), with long texts capped so that they wrap instead of squeezing the rest.
    private static func table(_ table: ReportTable, width: Int) -> [UInt8]? {
        let columnCount = max(table.header.count, table.rows.map(\.count).max() ?? 0)
        guard columnCount > 0 else { return nil }
        let cell = { (row: Int, column: Int) -> TableCell? in
            column < table.rows[row].count ? table.rows[row][column] : nil
        }
        let widths = columnWidths(table, columns: columnCount, total: width)
        let border = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\""
        var xml = TextBuffer(capacity: 256 * columnCount * (table.rows.count + 1))
        xml.append("<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:jc w:val=\"center\"/><w:tblBorders>")
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] { xml.append("<w:\(side) \(border)/>") }
        xml.append(
            "</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:top w:w=\"28\" w:type=\"dxa\"/>"
                + "<w:left w:w=\"\(cellMargin)\" w:type=\"dxa\"/><w:bottom w:w=\"28\" w:type=\"dxa\"/>"
                + "<w:right w:w=\"\(cellMargin)\" w:type=\"dxa\"/>")
        xml.append(
            "</w:tblCellMar><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\""
                + " w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>")
        for width in widths { xml.append("<w:gridCol w:w=\"\(width)\"/>") }
        xml.append("</w:tblGrid>")

        xml.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
        for column in 0..<columnCount {
            let text = column < table.header.count ? table.header[column] : ""
            appendTableCell(
                text, width: widths[column], fill: headerFill, merge: nil, alignment: "center", bold: true, to: &xml)
        }
        xml.append("</w:tr>")

        // The emphasis of the cell each merged run starts with, by column.
        var mergeStart = [TableCell.Emphasis](repeating: .none, count: columnCount)
        for row in table.rows.indices {
            xml.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            for column in 0..<columnCount {
                let value = cell(row, column) ?? .text("")
                let continues = row > 0 && value.mergedWithAbove
                let restarts =
                    !continues && row + 1 < table.rows.count && (cell(row + 1, column)?.mergedWithAbove ?? false)
                if !continues { mergeStart[column] = value.emphasis }
                let fill: String? =
                    switch mergeStart[column] {
                    case .none: nil
                    case .below: "FADBD8"
                    case .near: "FFF2CC"
                    }
                appendTableCell(
                    continues ? "" : value.text, width: widths[column], fill: fill,
                    merge: continues ? "<w:vMerge/>" : restarts ? "<w:vMerge w:val=\"restart\"/>" : nil,
                    alignment: value.numeric ? "right" : "left", bold: false, to: &xml)
            }
            xml.append("</w:tr>")
        }
        xml.append("</w:tbl>")
        return xml.bytes
    }

    /// Appends one cell: its width, merge, fill, vertical centring and one paragraph of table
    /// text.
    private static func appendTableCell(
        _ text: String, width: Int, fill: String?, merge: String?, alignment: String, bold: Bool, to xml: inout TextBuffer
    ) {
        xml.append("<w:tc><w:tcPr><w:tcW w:w=\"")
        xml.append(width)
        xml.append("\" w:type=\"dxa\"/>")
        if let merge { xml.append(merge) }
        if let fill {
            xml.append("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"")
            xml.append(fill)
            xml.append("\"/>")
        }
        xml.append("<w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/><w:jc w:val=\"")
        xml.append(alignment)
        xml.append("\"/></w:pPr>")
        appendRun(text, properties: bold ? "<w:b/><w:bCs/>" : "", to: &xml)
        xml.append("</w:p></w:tc>")
    }

    /// The left and right padding of table cells, in twips (0.1 cm).
    private static let cellMargin = 57

    /// The column widths in twips, summing to `total`.
    ///
    /// Each column needs its longest text on one line (a header counts up to 10 half-ems, as it
    /// can wrap; any text at most 40): half-ems of 9 pt plus the cell margins. When everything
    /// fits, the width is shared in proportion to those needs. When it does not (a support
    /// matrix with 30 indicators), the narrow columns (ids, H/M/L, numbers) keep what they need
    /// so they never wrap, and the wide ones share the rest and wrap.
    private static func columnWidths(_ table: ReportTable, columns: Int, total: Int) -> [Int] {
        let halfEms = (0..<columns).map { column -> Int in
            let header = column < table.header.count ? displayWidth(table.header[column]) : 0
            let body = table.rows.map { column < $0.count ? displayWidth($0[column].text) : 0 }.max() ?? 0
            return min(max(body, min(header, 10), 3), 40)
        }
        // 100 twips a half-em leaves room for fonts wider than Times New Roman's digits.
        let needs = halfEms.map { $0 * 100 + 2 * cellMargin + 30 }
        let narrow = halfEms.map { $0 <= 6 }
        let fixed = zip(needs, narrow).reduce(0) { $0 + ($1.1 ? $1.0 : 0) }
        let wideNeeds = zip(needs, narrow).reduce(0) { $0 + ($1.1 ? 0 : $1.0) }
        var widths: [Int]
        if needs.reduce(0, +) <= total || fixed >= total || wideNeeds == 0 {
            let sum = needs.reduce(0, +)
            widths = needs.map { total * $0 / sum }
        } else {
            widths = zip(needs, narrow).map { $1 ? $0 : (total - fixed) * $0 / wideNeeds }
        }
        widths[columns - 1] += total - widths.reduce(0, +)
        return widths
    }
}

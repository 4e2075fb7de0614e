/// A report as a sequence of blocks that every report format can show: headings, paragraphs,
/// lists, tables and figures. `ReportBuilder` makes it from the results; the Markdown, HTML
/// and DOCX writers each render it, so the formats cannot drift apart.
struct ReportDocument: Sendable, Equatable {
    /// The document's title, for the HTML `<title>` and the DOCX properties.
    var title: String
    /// The language the fixed texts are in; `zh` or `en` (for `lang` attributes and fonts).
    var language: ReportLanguage
    var blocks: [ReportBlock] = []

    /// Which blocks go on landscape pages, one flag per block: landscape tables, and the
    /// headings right before one (so a heading is not left alone at the foot of the portrait
    /// page before it). DOCX makes sections of them, HTML named print pages.
    var landscapeBlocks: [Bool] {
        var result = [Bool](repeating: false, count: blocks.count)
        var nextIsLandscape = false
        for index in blocks.indices.reversed() {
            switch blocks[index] {
            case .table(let table): nextIsLandscape = table.landscape
            case .heading: break
            default: nextIsLandscape = false
            }
            result[index] = nextIsLandscape
        }
        return result
    }

    /// The chapters' titles (level-2 headings), for a table of contents.
    var chapters: [String] {
        blocks.compactMap { if case .heading(2, let text) = $0 { text } else { nil } }
    }
}

/// The languages a report can be written in.
public enum ReportLanguage: String, Sendable, CaseIterable {
    /// Chinese (简体中文): the default for a programme whose name is Chinese.
    case zh
    /// English.
    case en
}

/// A run of text with one style.
struct TextRun: Sendable, Equatable {
    enum Style: Sendable, Equatable {
        case plain
        case bold
        /// A formula, id or file name: set in a monospaced font.
        case code
    }

    var text: String
    var style: Style = .plain

    static func plain(_ text: String) -> TextRun { TextRun(text: text) }
    static func bold(_ text: String) -> TextRun { TextRun(text: text, style: .bold) }
    static func code(_ text: String) -> TextRun { TextRun(text: text, style: .code) }
}

/// One block of a report.
enum ReportBlock: Sendable, Equatable {
    /// A heading: level 1 is the report's title (once, first), level 2 a chapter (a new page
    /// when printed), level 3 a section. DOCX maps them to Word's Heading 1-3 styles.
    case heading(level: Int, text: String)
    case paragraph([TextRun])
    /// A bulleted list, one item per element.
    case bullets([[TextRun]])
    case table(ReportTable)
    case figure(ReportFigure)
    /// The place of a table of contents (DOCX: a TOC field; HTML and Markdown: a list of links).
    case tableOfContents
}

/// A table with a caption, one header row and rows of cells.
struct ReportTable: Sendable, Equatable {
    /// Shown above the table, e.g. `表 3 CS101 课程目标达成情况评价表`.
    var caption: String
    var header: [String]
    var rows: [[TableCell]]
    /// True for a table too wide for a portrait page (a support matrix): DOCX puts it in a
    /// landscape section, HTML prints it on a landscape page.
    var landscape: Bool = false
}

/// One cell of a table body.
struct TableCell: Sendable, Equatable {
    /// How a cell stands out.
    enum Emphasis: Sendable, Equatable {
        case none
        /// A value below its threshold (compared unrounded): red shading.
        case below
        /// A value at or above its threshold but within the report's margin of it: amber shading.
        case near
    }

    var text: String
    /// Numbers are aligned to the right.
    var numeric: Bool = false
    var emphasis: Emphasis = .none
    /// True when this cell continues the cell above it (a merged column such as the objective
    /// of several item rows): DOCX and HTML merge it, Markdown leaves it empty.
    var mergedWithAbove: Bool = false

    static func text(_ text: String) -> TableCell { TableCell(text: text) }
    static func number(_ text: String, emphasis: Emphasis = .none) -> TableCell {
        TableCell(text: text, numeric: true, emphasis: emphasis)
    }
    /// A cell merged into the one above; its text is the same as that cell's.
    static func merged(_ text: String) -> TableCell { TableCell(text: text, mergedWithAbove: true) }

    /// This cell, merged into the same cell in the row above.
    var continued: TableCell {
        var cell = self
        cell.mergedWithAbove = true
        return cell
    }
}

/// A chart with its caption.
struct ReportFigure: Sendable, Equatable {
    /// Shown below the chart, e.g. `图 2 毕业要求达成情况`.
    var caption: String
    /// A file name without extension, unique within the report, used for the SVG file beside
    /// a Markdown report (`charts/<name>.svg`).
    var name: String
    var scene: Scene
}

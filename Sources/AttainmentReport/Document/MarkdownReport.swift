/// Renders a report as Markdown (GitHub-flavoured tables), with each chart as an SVG file
/// beside it under `charts/`.
enum MarkdownReport {
    /// The Markdown text and the chart files, named relative to the report.
    static func render(_ document: ReportDocument) -> (text: String, charts: [(name: String, svg: String)]) {
        var text = ""
        var charts: [(name: String, svg: String)] = []
        for block in document.blocks {
            switch block {
            case .heading(let level, let title):
                text += String(repeating: "#", count: level) + " " + inline(title) + "\n\n"
            case .paragraph(let runs):
                text += runs.map(inline).joined() + "\n\n"
            case .bullets(let items):
                text += items.map { "- " + $0.map(inline).joined() + "\n" }.joined() + "\n"
            case .table(let table):
                text += "**" + inline(table.caption) + "**\n\n" + self.table(table) + "\n"
            case .figure(let figure):
                let path = "charts/\(figure.name).svg"
                charts.append((path, SVGRenderer.render(figure.scene)))
                text += "![\(inline(figure.caption))](\(path))\n\n*\(inline(figure.caption))*\n\n"
            case .tableOfContents:
                text += document.chapters.map { "- [\(inline($0))](#\(anchor($0)))\n" }.joined() + "\n"
            }
        }
        while text.hasSuffix("\n\n") { text.removeLast() }
        return (text, charts)
    }

    /// A table; values below their threshold in bold, near it in italics; merged cells empty.
    static func table(_ table: ReportTable) -> String {
        func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |\n" }
        let numeric = table.header.indices.map { column in
            !table.rows.isEmpty && table.rows.allSatisfy { column < $0.count && ($0[column].numeric || $0[column].text == "—") }
                && table.rows.contains { $0[column].numeric }
        }
        let rule = "|" + numeric.map { $0 ? "---:|" : "---|" }.joined() + "\n"
        let body = table.rows.map { cells in
            row(cells.map { cell in
                if cell.mergedWithAbove { return "" }
                let text = escape(cell.text)
                switch cell.emphasis {
                case .none: return text
                case .below: return text.isEmpty ? text : "**\(text)**"
                case .near: return text.isEmpty ? text : "_\(text)_"
                }
            })
        }
        return row(table.header.map(escape)) + rule + body.joined()
    }

    /// A run of text as Markdown: bold in `**`, code in backticks.
    static func inline(_ run: TextRun) -> String {
        switch run.style {
        case .plain: escape(run.text)
        case .bold: "**\(escape(run.text))**"
        case .code: "`" + String(run.text.map { $0 == "`" ? "'" : $0 }) + "`"
        }
    }

    /// Plain text as Markdown.
    static func inline(_ text: String) -> String { escape(text) }

    /// Escapes what Markdown would take as markup inside a line, and only that, so that ids
    /// such as `w_c` stay readable.
    static func escape(_ text: String) -> String {
        let characters = Array(text)
        var escaped = ""
        for (index, character) in characters.enumerated() {
            let before = index > 0 ? characters[index - 1] : " "
            let after = index + 1 < characters.count ? characters[index + 1] : " "
            switch character {
            case "|", "*", "`", "[", "]", "\\": escaped += "\\\(character)"
            // Inside a word (w_c) an underscore is not emphasis; `<` is a tag only before a letter.
            case "_" where !(before.isLetter || before.isNumber) || !(after.isLetter || after.isNumber):
                escaped += "\\_"
            case "<" where after.isLetter || after == "/" || after == "!" || after == "?": escaped += "\\<"
            case "\n", "\r", "\r\n", "\t": escaped += " "
            // Other control characters would only garble the file.
            case _ where character.unicodeScalars.allSatisfy({ $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }): break
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// The anchor GitHub gives a heading: lower case, spaces to `-`, punctuation dropped.
    static func anchor(_ heading: String) -> String {
        String(heading.lowercased().compactMap { character -> Character? in
            if character == " " { return "-" }
            if character.isLetter || character.isNumber || character == "-" || character == "_" { return character }
            return nil
        })
    }
}

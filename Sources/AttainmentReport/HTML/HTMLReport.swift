import AttainmentCore

/// Renders a report as one self-contained HTML file: inline CSS and inline SVG charts, nothing
/// loaded from anywhere else. Printed, it gives A4 pages with each chapter on a new page and
/// wide tables on landscape pages.
enum HTMLReport {
    /// The whole HTML file of `document`.
    static func render(_ document: ReportDocument) -> String {
        let language = document.language == .zh ? "zh-CN" : "en"
        var body = ""
        var headingNumber = 0
        // Landscape blocks go in a `wide` block, which prints on landscape pages.
        var wide = false
        for (block, landscape) in zip(document.blocks, document.landscapeBlocks) {
            if landscape != wide {
                body += landscape ? "<div class=\"wide\">\n" : "</div>\n"
                wide = landscape
            }
            switch block {
            case .heading(let level, let text):
                if level == 2 {
                    headingNumber += 1
                    body += "<h2 id=\"section-\(headingNumber)\">\(escape(text))</h2>\n"
                } else {
                    body += "<h\(level)>\(escape(text))</h\(level)>\n"
                }
            case .paragraph(let runs):
                body += "<p>\(runs.map(inline).joined())</p>\n"
            case .bullets(let items):
                body += "<ul>\n" + items.map { "<li>\($0.map(inline).joined())</li>\n" }.joined() + "</ul>\n"
            case .table(let table):
                body += self.table(table)
            case .figure(let figure):
                body += "<figure>\n\(SVGRenderer.fragment(figure.scene))\n<figcaption>\(escape(figure.caption))</figcaption>\n</figure>\n"
            case .tableOfContents:
                body += "<nav class=\"contents\"><ul>\n"
                    + document.chapters.enumerated().map { "<li><a href=\"#section-\($0 + 1)\">\(escape($1))</a></li>\n" }.joined()
                    + "</ul></nav>\n"
            }
        }
        if wide { body += "</div>\n" }
        return """
            <!DOCTYPE html>
            <html lang="\(language)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="attain \(attainVersion)">
            <title>\(escape(document.title))</title>
            <style>
            \(style(document.language))
            </style>
            </head>
            <body>
            <main>
            \(body)</main>
            </body>
            </html>

            """
    }

    /// The style sheet: screen reading and A4 printing.
    static func style(_ language: ReportLanguage) -> String {
        let serif = language == .zh
            ? "'SimSun','宋体','Songti SC','Noto Serif CJK SC','Source Han Serif SC','Times New Roman',serif"
            : "'Times New Roman','Noto Serif',serif"
        let sans = "'SimHei','黑体','Heiti SC','Microsoft YaHei','Noto Sans CJK SC','WenQuanYi Micro Hei',Arial,sans-serif"
        return """
            :root { color: #262626; }
            body { font-family: \(serif); font-size: 10.5pt; line-height: 1.55; margin: 0; background: #fff; }
            main { max-width: 180mm; margin: 0 auto; padding: 12mm 8mm; }
            h1, h2, h3, caption, figcaption, th { font-family: \(sans); }
            h1 { font-size: 18pt; text-align: center; margin: 0 0 1em; }
            h2 { font-size: 15pt; margin: 1.6em 0 0.6em; border-bottom: 1px solid #bfbfbf; }
            h3 { font-size: 12pt; margin: 1.2em 0 0.5em; }
            code { font-family: Consolas,'Courier New',monospace; font-size: 9.5pt; background: #f2f2f2; padding: 0 2px; }
            nav.contents ul { list-style: none; padding-left: 0; }
            table { border-collapse: collapse; width: 100%; margin: 0.3em 0 1.2em; font-size: 9pt; }
            caption { caption-side: top; text-align: center; font-weight: bold; padding: 0.3em 0; }
            th, td { border: 1px solid #808080; padding: 2px 5px; vertical-align: middle; }
            th { background: #d9e2f3; text-align: center; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            td.below { background: #fadbd8; }
            td.near { background: #fff2cc; }
            figure { margin: 0.6em 0 1.2em; text-align: center; break-inside: avoid; }
            figure svg { max-width: 100%; height: auto; }
            figcaption { font-size: 9pt; margin-top: 0.2em; }
            .wide { overflow-x: auto; width: min(267mm, 100vw - 4mm); margin-left: 50%; transform: translateX(-50%); }
            @page { size: A4 portrait; margin: 20mm 18mm; }
            @page wide { size: A4 landscape; margin: 18mm 15mm; }
            @media print {
              main { max-width: none; padding: 0; }
              h2 { break-before: page; }
              h2, h3 { break-after: avoid; }
              .wide { page: wide; overflow: visible; width: auto; margin-left: 0; transform: none; }
              thead { display: table-header-group; }
              tr { break-inside: avoid; }
            }
            """
    }

    /// A table with its caption; merged cells become `rowspan`s.
    static func table(_ table: ReportTable) -> String {
        var html = "<table>\n"
        html += "<caption>\(escape(table.caption))</caption>\n<thead><tr>"
            + table.header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for (r, cells) in table.rows.enumerated() {
            html += "<tr>"
            for (c, cell) in cells.enumerated() where !cell.mergedWithAbove {
                var span = 1
                while r + span < table.rows.count, c < table.rows[r + span].count, table.rows[r + span][c].mergedWithAbove {
                    span += 1
                }
                var classes: [String] = []
                if cell.numeric { classes.append("num") }
                switch cell.emphasis {
                case .none: break
                case .below: classes.append("below")
                case .near: classes.append("near")
                }
                let attributes = (classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"")
                    + (span > 1 ? " rowspan=\"\(span)\"" : "")
                html += "<td\(attributes)>\(escape(cell.text))</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    /// A run of text as HTML: bold as `strong`, code as `code`.
    static func inline(_ run: TextRun) -> String {
        switch run.style {
        case .plain: escape(run.text)
        case .bold: "<strong>\(escape(run.text))</strong>"
        case .code: "<code>\(escape(run.text))</code>"
        }
    }

    /// Text for HTML content and attribute values; line breaks are spaces in HTML anyway.
    static func escape(_ text: String) -> String { XMLText.escaped(text, breaks: .asSpaces) }
}

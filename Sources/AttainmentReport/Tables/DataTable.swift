import AttainmentCore
import AttainmentIO

/// A table that is written alike as CSV, Markdown, a workbook sheet and a report table: the
/// university summary of `attain batch`, the history's trends and the improvement ledger.
/// One definition per table keeps the formats from drifting apart.
struct DataTable: Sendable {
    /// A column: its CSV header, and its headings in Chinese and English.
    struct Column: Sendable {
        var key: String
        var zh: String
        var en: String
        /// Numbers are right-aligned in Markdown and reports.
        var numeric = false

        init(_ key: String, _ zh: String, _ en: String, numeric: Bool = false) {
            self.key = key
            self.zh = zh
            self.en = en
            self.numeric = numeric
        }
    }

    /// A cell.
    enum Cell: Sendable {
        case text(String)
        /// An attainment value (nil: not evaluable) with the threshold it is shaded against;
        /// CSV keeps 6 decimals, reading formats show 3.
        case value(Double?, threshold: Double?)
        /// A share on 0-1: CSV keeps 6 decimals, reading formats show a percent to 1 decimal.
        case share(Double?, below: Bool)
        case count(Int)
        /// A word from a fixed list, a verdict or a status: CSV, JSON, Markdown and the
        /// workbook keep the code, which scripts and filters read; a report in Chinese shows
        /// the Chinese word.
        case term(String, zh: String)

        /// A verdict as a term: its code, and in Chinese as the reports write it.
        static func verdict(_ verdict: Verdict) -> Cell { .term(verdict.rawValue, zh: verdict.chinese) }

        var isBelow: Bool {
            switch self {
            case .value(let value?, let threshold?): AttainmentCore.isBelow(value, threshold: threshold)
            case .share(_, let below): below
            default: false
            }
        }

        /// Appends the cell as a CSV field: values and shares with 6 decimals.
        func appendField(to document: inout CSVDocument) {
            switch self {
            case .text(let text), .term(let text, _): document.appendField(text)
            case .value(let value, _), .share(let value, _): document.appendField(value, decimals: 6)
            case .count(let count): document.appendField(count)
            }
        }

        var shown: String {
            switch self {
            case .text(let text), .term(let text, _): text
            case .value(let value, _): NumberStyle.shown(value)
            case .share(let value, _): NumberStyle.percent(value)
            case .count(let count): String(count)
            }
        }
    }

    /// The CSV file's stem (`programmes` → `programmes.csv`).
    var name: String
    /// The workbook sheet's name (at most 31 characters).
    var sheet: String
    var titleZh: String
    var titleEn: String
    var columns: [Column]
    var rows: [[Cell]] = []

    func title(_ language: ReportLanguage) -> String { language == .zh ? titleZh : titleEn }

    /// The table as CSV: the column keys as header, values with 6 decimals.
    var csv: String {
        var document = CSVDocument(header: columns.map(\.key))
        for row in rows {
            for cell in row { cell.appendField(to: &document) }
            document.endRecord()
        }
        return document.text
    }

    /// The table for Markdown or the terminal, with English headings.
    var textTable: TextTable { textTable(.en) }

    /// The table as text with its header in `language`, each cell as `text` writes it (as shown).
    func textTable(_ language: ReportLanguage, cell text: (Cell) -> String = \.shown) -> TextTable {
        TextTable(
            header: columns.map { language == .zh ? $0.zh : $0.en }, rows: rows.map { $0.map(text) },
            rightAligned: Set(columns.indices.filter { columns[$0].numeric }))
    }

    /// The table for a report in the given language, below-threshold cells shaded.
    func reportTable(caption: String, language: ReportLanguage, landscape: Bool = false) -> ReportTable {
        ReportTable(
            caption: caption, header: columns.map { language == .zh ? $0.zh : $0.en },
            rows: rows.map { row in
                row.enumerated().map { index, cell in
                    if case .term(_, let zh) = cell, language == .zh { return TableCell.text(zh) }
                    return columns[index].numeric
                        ? TableCell.number(cell.shown, emphasis: cell.isBelow ? .below : .none) : TableCell.text(cell.shown)
                }
            },
            landscape: landscape)
    }

    /// Writes the table on its own sheet: a title row, a two-line header (Chinese over
    /// English), frozen, with a filter; values in full precision shown to 3 decimals and
    /// shares as percents, below-threshold cells in light red.
    func writeSheet(to workbook: XLSXWorkbookWriter) throws(XLSXWriteError) {
        typealias Style = ResultWorkbook.Style
        let sheet = try workbook.addSheet(named: sheet)
        sheet.write("\(titleZh) \(titleEn)", row: 0, column: 0, style: Style.title)
        for (c, column) in columns.enumerated() {
            sheet.write("\(column.zh)\n\(column.en)", row: 1, column: c, style: Style.header)
        }
        sheet.setRowHeight(30, row: 1)
        let share = Style.value.with { $0.numberFormat = "0.0%" }
        let shareBelow = Style.below.with { $0.numberFormat = "0.0%" }
        for (r, row) in rows.enumerated() {
            for (c, cell) in row.enumerated() {
                switch cell {
                case .text(let text), .term(let text, _): sheet.write(text, row: r + 2, column: c, style: Style.identifier)
                case .count(let count): sheet.write(count, row: r + 2, column: c, style: Style.count)
                case .value(let value?, _) where value.isFinite:
                    sheet.write(value, row: r + 2, column: c, style: cell.isBelow ? Style.below : Style.value)
                case .share(let value?, _) where value.isFinite:
                    sheet.write(value, row: r + 2, column: c, style: cell.isBelow ? shareBelow : share)
                case .value, .share: sheet.writeBlank(row: r + 2, column: c, style: Style.notEvaluable)
                }
            }
        }
        sheet.freezePanes(rows: 2)
        if !rows.isEmpty, !columns.isEmpty {
            sheet.autofilter(rows: 1...(rows.count + 1), columns: 0...(columns.count - 1))
        }
        sheet.fitColumnWidths()
        sheet.setUpPrinting(landscape: true, fitToWidth: true, repeatingRows: 1...1)
    }
}

extension DataTable {
    /// The rows as JSON objects keyed by the column keys; numbers in full precision, null for
    /// a value that is not evaluable.
    var json: JSONValue {
        .array(rows.map { row in
            .object(zip(columns, row).map { column, cell in
                switch cell {
                case .text(let text), .term(let text, _): (column.key, .string(text))
                case .value(let value, _), .share(let value, _): (column.key, .value(value))
                case .count(let count): (column.key, .integer(count))
                }
            })
        })
    }
}

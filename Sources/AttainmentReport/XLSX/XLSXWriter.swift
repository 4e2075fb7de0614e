import AttainmentCore
import AttainmentIO
internal import CXLSXWriter
import Foundation

// The one file that talks to libxlsxwriter (docs/architecture.md). Everything it exposes is
// Swift-typed: rows and columns are `Int` (0-based), colours are `XLSXColour`, styles are
// `CellStyle` values; no C type or pointer leaves this file, and pointers to C strings live
// only inside the calls that need them (libxlsxwriter copies every string it keeps).

// MARK: - Errors

/// Why a workbook could not be written.
package enum XLSXWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A sheet name Excel does not accept.
    case invalidSheetName(String, problem: SheetNameProblem)
    /// A libxlsxwriter call failed: the function, its error code and libxlsxwriter's message.
    case library(function: String, code: Int, message: String)
    /// The temporary file the workbook is written to could not be made or read.
    case temporaryFile(path: String, reason: String)

    /// What is wrong with a sheet name.
    package enum SheetNameProblem: Equatable, Sendable, CustomStringConvertible {
        case empty
        /// Longer than Excel's 31 characters.
        case tooLong(characters: Int)
        /// One of `[ ] : * ? / \`.
        case forbiddenCharacter(Character)
        /// Starts or ends with an apostrophe.
        case apostropheAtEnd
        /// Already used in the workbook (Excel compares names case-insensitively).
        case duplicate

        package var description: String {
            switch self {
            case .empty: "is empty"
            case .tooLong(let characters): "has \(characters) characters; Excel allows 31"
            case .forbiddenCharacter(let character): "contains \"\(character)\", which Excel forbids in sheet names"
            case .apostropheAtEnd: "starts or ends with an apostrophe"
            case .duplicate: "is already used in this workbook"
            }
        }
    }

    package var description: String {
        switch self {
        case .invalidSheetName(let name, let problem): "sheet name \"\(name)\" \(problem)"
        case .library(let function, let code, let message): "libxlsxwriter \(function) failed (\(code)): \(message)"
        case .temporaryFile(let path, let reason): "\(path): \(reason)"
        }
    }
}

// MARK: - Values

/// An RGB colour, e.g. `XLSXColour(0xFFC7CE)`.
package struct XLSXColour: Hashable, Sendable {
    /// 0xRRGGBB.
    package var rgb: UInt32

    /// A colour from 0xRRGGBB.
    package init(_ rgb: UInt32) {
        precondition(rgb <= 0xFFFFFF, "a colour is 0xRRGGBB")
        self.rgb = rgb
    }

    package static let black = XLSXColour(0x000000)
    package static let white = XLSXColour(0xFFFFFF)
    /// Excel's "light red fill" of its conditional-format presets.
    package static let lightRed = XLSXColour(0xFFC7CE)
    /// Excel's "dark red text" of the same preset.
    package static let darkRed = XLSXColour(0x9C0006)
    package static let lightGrey = XLSXColour(0xF2F2F2)
    package static let grey = XLSXColour(0x808080)
    package static let headerBlue = XLSXColour(0xDDEBF7)
    package static let blue = XLSXColour(0x4472C4)
    package static let red = XLSXColour(0xC00000)

    /// libxlsxwriter's encoding: 0 means "not set", so black is 0x1000000 (LXW_COLOR_BLACK).
    fileprivate var lxw: lxw_color_t { rgb == 0 ? lxw_color_t(LXW_COLOR_BLACK.rawValue) : rgb }
}

/// How a cell looks. Equal styles share one format in the workbook.
package struct CellStyle: Hashable, Sendable {
    /// Horizontal alignment.
    package enum Horizontal: Hashable, Sendable { case general, left, center, right }
    /// Vertical alignment.
    package enum Vertical: Hashable, Sendable { case top, center, bottom }

    /// The font of every style unless set otherwise: 等线 (DengXian), the default font of
    /// Chinese Excel since 2016, which has Latin and Chinese glyphs. A SpreadsheetML cell font
    /// has one name only (no separate East-Asian font as in Word), so the font must cover both.
    package static let defaultFontName = "等线"

    package var bold = false
    package var italic = false
    package var fontName = CellStyle.defaultFontName
    /// In points.
    package var fontSize = 11.0
    package var fontColour: XLSXColour?
    /// A solid background fill.
    package var fill: XLSXColour?
    /// An Excel number format: `"0.000"`, `"0.0%"`, `"@"` (text), `"0"`.
    package var numberFormat: String?
    /// A thin border on all four sides.
    package var border = false
    package var borderColour: XLSXColour?
    package var wrap = false
    package var horizontal = Horizontal.general
    package var vertical = Vertical.bottom
    /// Locked cells cannot be edited once the sheet is protected (Excel's default: locked).
    package var locked = true

    /// The default style: 等线 11 pt, no border, locked.
    package init() {}

    /// A copy with some properties changed.
    package func with(_ change: (inout CellStyle) -> Void) -> CellStyle {
        var copy = self
        change(&copy)
        return copy
    }
}

/// A rectangle of cells on a named sheet, for chart series and references.
package struct XLSXRange: Hashable, Sendable {
    package var sheet: String
    package var rows: ClosedRange<Int>
    package var columns: ClosedRange<Int>

    /// A range; rows and columns are 0-based.
    package init(sheet: String, rows: ClosedRange<Int>, columns: ClosedRange<Int>) {
        precondition(rows.lowerBound >= 0 && columns.lowerBound >= 0, "rows and columns are 0-based")
        self.sheet = sheet
        self.rows = rows
        self.columns = columns
    }

    /// A single column from `firstRow` to `lastRow`.
    package init(sheet: String, column: Int, rows: ClosedRange<Int>) {
        self.init(sheet: sheet, rows: rows, columns: column...column)
    }

    /// The absolute A1 reference as Excel writes it in formulas: `'Sheet 1'!$B$2:$B$9`.
    package var reference: String {
        let quoted = sheet.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_") }
            && !(sheet.first?.isNumber ?? true)
            ? sheet : "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'"
        let first = "$\(XLSXRange.columnName(columns.lowerBound))$\(rows.lowerBound + 1)"
        let last = "$\(XLSXRange.columnName(columns.upperBound))$\(rows.upperBound + 1)"
        return quoted + "!" + (first == last ? first : first + ":" + last)
    }

    /// The column's letters: 0 → A, 25 → Z, 26 → AA.
    package static func columnName(_ column: Int) -> String {
        SourceLocation.columnLetters(column + 1)
    }
}

/// The document properties stored in docProps/core.xml.
package struct XLSXDocumentProperties: Sendable {
    package var title = ""
    package var subject = ""
    package var author = ""
    package var company = ""
    package var comments = ""
    package var keywords = ""
    /// The creation and modification time, in seconds since 1970 (UTC). libxlsxwriter uses
    /// the current time when this is 0, so the default is a fixed 1980-01-01T00:00:00Z, the
    /// same instant libxlsxwriter writes as every zip entry's time: the same calls then give
    /// the same bytes.
    package var created = 315_532_800

    /// Properties with the fixed creation time.
    package init() {}
}

// MARK: - Charts

/// A native Excel chart, described in Swift and built by `XLSXSheetWriter.insertChart`.
package struct XLSXChart: Sendable {
    /// The chart type.
    package enum Kind: Sendable { case column, line, radar }
    /// Where the legend goes.
    package enum Legend: Sendable { case none, right, top, bottom }
    /// How a series' line (or a column's border) is drawn.
    package enum Line: Hashable, Sendable { case automatic, solid, dashed, none }
    /// A marker shape for line and radar series.
    package enum Marker: Hashable, Sendable { case automatic, none, square, circle, diamond }

    /// One data series.
    package struct Series: Sendable {
        /// Shown in the legend.
        package var name: String
        /// The category labels (one row or column).
        package var categories: XLSXRange
        /// The values (the same number of cells as `categories`).
        package var values: XLSXRange
        /// Fill (columns) or line (line and radar) colour; nil: Excel's palette.
        package var colour: XLSXColour?
        package var line = Line.automatic
        /// Line width in points; nil: Excel's default.
        package var lineWidth: Double?
        package var marker = Marker.automatic
        /// Marker size in points (2-72); nil: Excel's default.
        package var markerSize: Int?
        /// Show each value on the chart, in this number format (e.g. "0.000"); nil: no labels.
        package var labels: String?
        /// Whether the legend lists the series.
        package var inLegend = true

        /// A series of values with their category labels.
        package init(name: String, categories: XLSXRange, values: XLSXRange, colour: XLSXColour? = nil) {
            self.name = name
            self.categories = categories
            self.values = values
            self.colour = colour
        }
    }

    package var kind: Kind
    package var title: String
    package var series: [Series]
    package var categoryAxisTitle: String?
    package var valueAxisTitle: String?
    package var valueAxisMinimum: Double?
    package var valueAxisMaximum: Double?
    /// The step between value-axis gridlines.
    package var valueAxisMajorUnit: Double?
    package var valueAxisNumberFormat: String?
    package var legend = Legend.bottom
    /// Line charts only: a bar at each category from the first series to the last, in this
    /// colour (Excel's up/down bars).
    package var upDownBars: XLSXColour?
    /// Plot cells in hidden rows and columns too (Excel leaves them out by default).
    package var plotsHiddenCells = false
    /// In pixels; Excel's default is 480 × 288.
    package var width = 480
    package var height = 288
    /// The font of the title, axis titles and labels.
    package var fontName = CellStyle.defaultFontName

    /// A chart with no axis settings.
    package init(kind: Kind, title: String, series: [Series]) {
        self.kind = kind
        self.title = title
        self.series = series
    }

    /// Columns of values with a horizontal threshold line across them, on a 0-1 axis.
    ///
    /// libxlsxwriter 1.1.4 cannot combine a column chart with a line chart (`chart_combine`
    /// came later), so this is a line chart drawn to look like one: the first series is a
    /// baseline of zeros, kept out of the legend and drawn invisibly; the threshold is a dashed
    /// line; the values are the last series, drawn as square markers, and up/down bars from
    /// the baseline to each value make the columns. Programs that ignore up/down bars (such
    /// as LibreOffice) still show each value as a marker against the threshold line.
    /// - Parameters:
    ///   - categories: the category labels.
    ///   - values: one value per category; blank cells leave a gap.
    ///   - threshold: the threshold, repeated for every category.
    ///   - baseline: zeros, one per category (the cells may be in a hidden column: the chart
    ///     plots hidden cells).
    package static func columnsWithThreshold(
        title: String, categories: XLSXRange, values: XLSXRange, valuesName: String,
        threshold: XLSXRange, thresholdName: String, baseline: XLSXRange
    ) -> XLSXChart {
        var zero = Series(name: "0", categories: categories, values: baseline)
        zero.line = .none
        zero.marker = .none
        zero.inLegend = false
        var line = Series(name: thresholdName, categories: categories, values: threshold, colour: .red)
        line.line = .dashed
        line.lineWidth = 1.5
        line.marker = .none
        var columns = Series(name: valuesName, categories: categories, values: values, colour: .blue)
        columns.line = .none
        columns.marker = .square
        columns.markerSize = 5
        columns.labels = "0.000"
        var chart = XLSXChart(kind: .line, title: title, series: [zero, line, columns])
        chart.valueAxisMinimum = 0
        chart.valueAxisMaximum = 1
        chart.valueAxisMajorUnit = 0.1
        chart.valueAxisNumberFormat = "0.0"
        chart.upDownBars = .blue
        chart.plotsHiddenCells = true
        return chart
    }
}

// MARK: - Column widths

/// Column widths in Excel's unit (the width of a digit of the default font).
package enum XLSXColumnWidth {
    /// The width that fits `text` in one line: characters East Asian fonts draw wide (CJK)
    /// count two (`displayWidth`), plus a margin.
    package static func fitting(_ text: String) -> Double {
        fitting(displayWidth: displayWidth(text))
    }

    /// The width that fits a text of `displayWidth` terminal columns.
    package static func fitting(displayWidth: Int) -> Double {
        // A CJK character of 等线 11 pt is slightly wider than two digits; the margin keeps the
        // text off the cell border.
        (Double(displayWidth) * 1.1 + 2).rounded(.up)
    }
}

// MARK: - Workbook

/// Builds an .xlsx workbook with libxlsxwriter and returns its bytes.
///
/// libxlsxwriter writes to a file, so the workbook goes to a temporary file that `finish()`
/// reads and deletes (also on failure). Failures of individual cell writes (a string longer
/// than Excel's 32,767 characters, say) are kept and thrown by `finish()`, so that building
/// code need not handle each call.
///
/// The same calls give the same bytes: the creation time is fixed (`XLSXDocumentProperties`)
/// and libxlsxwriter stamps every zip entry with 1980-01-01.
package final class XLSXWorkbookWriter {
    private var workbook: UnsafeMutablePointer<lxw_workbook>?
    private let path: String
    private var formats: [CellStyle: UnsafeMutablePointer<lxw_format>] = [:]
    private var usedSheetNames: Set<String> = []
    private var firstError: XLSXWriteError?
    /// The sheets, in the order they were added.
    package private(set) var sheets: [XLSXSheetWriter] = []

    /// Starts a workbook in a new temporary file. Calls workbook_new and workbook_set_properties.
    /// - Throws: `XLSXWriteError.temporaryFile` if no temporary file can be made,
    ///   `.library` if libxlsxwriter cannot start the workbook.
    package init(properties: XLSXDocumentProperties = XLSXDocumentProperties()) throws(XLSXWriteError) {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("attain-XXXXXX.xlsx").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in
            // Safe: the buffer is the NUL-terminated template mkstemps rewrites in place.
            mkstemps(buffer.baseAddress!, 5)
        }
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard descriptor >= 0 else {
            throw .temporaryFile(path: path, reason: String(cString: strerror(errno)))
        }
        close(descriptor)
        guard let workbook = workbook_new(path) else {
            unlink(path)
            throw .library(function: "workbook_new", code: -1, message: "cannot create the workbook")
        }
        self.workbook = workbook
        setProperties(properties)
        if let firstError {
            lxw_workbook_free(workbook)
            self.workbook = nil
            unlink(path)
            throw firstError
        }
    }

    deinit {
        if let workbook { lxw_workbook_free(workbook) }
        unlink(path)
    }

    /// Calls workbook_set_properties.
    private func setProperties(_ properties: XLSXDocumentProperties) {
        let fields = [properties.title, properties.subject, properties.author, properties.company,
                      properties.comments, properties.keywords].map { $0.isEmpty ? nil : duplicate($0) }
        defer { fields.forEach { free($0) } }
        var c = lxw_doc_properties()
        c.title = fields[0]
        c.subject = fields[1]
        c.author = fields[2]
        c.company = fields[3]
        c.comments = fields[4]
        c.keywords = fields[5]
        c.created = time_t(properties.created)
        record(workbook_set_properties(open, &c), "workbook_set_properties")
    }

    /// The open workbook; using a writer after `finish()` is a programming error.
    fileprivate var open: UnsafeMutablePointer<lxw_workbook> {
        guard let workbook else { preconditionFailure("the workbook is already finished") }
        return workbook
    }

    /// Keeps the first failure of a call for `finish()`.
    fileprivate func record(_ error: lxw_error, _ function: String) {
        guard error != LXW_NO_ERROR, firstError == nil else { return }
        firstError = .library(function: function, code: Int(error.rawValue), message: String(cString: lxw_strerror(error)))
    }

    /// Adds a worksheet. Calls workbook_add_worksheet.
    /// - Parameter name: at most 31 characters, none of `[ ] : * ? / \`, not starting or ending
    ///   with an apostrophe, not used before (case-insensitively).
    /// - Throws: `XLSXWriteError.invalidSheetName` for a name Excel would reject.
    package func addSheet(named name: String) throws(XLSXWriteError) -> XLSXSheetWriter {
        if let problem = Self.problem(withSheetName: name) { throw .invalidSheetName(name, problem: problem) }
        guard usedSheetNames.insert(name.lowercased()).inserted else { throw .invalidSheetName(name, problem: .duplicate) }
        guard let worksheet = workbook_add_worksheet(open, name) else {
            throw .library(function: "workbook_add_worksheet", code: -1, message: "libxlsxwriter rejected the sheet name \"\(name)\"")
        }
        let sheet = XLSXSheetWriter(workbook: self, worksheet: worksheet, name: name)
        sheets.append(sheet)
        return sheet
    }

    /// What Excel would object to in a sheet name (the duplicate check aside); nil if nothing.
    package static func problem(withSheetName name: String) -> XLSXWriteError.SheetNameProblem? {
        if name.isEmpty { return .empty }
        // Excel counts UTF-16 code units, libxlsxwriter code points; the stricter count wins.
        let length = max(name.utf16.count, name.unicodeScalars.count)
        if length > 31 { return .tooLong(characters: length) }
        if let bad = name.first(where: { "[]:*?/\\".contains($0) }) { return .forbiddenCharacter(bad) }
        if name.hasPrefix("'") || name.hasSuffix("'") { return .apostropheAtEnd }
        return nil
    }

    /// The workbook's format for a style, made on first use. Calls workbook_add_format and the
    /// format_set_* functions.
    fileprivate func format(_ style: CellStyle?) -> UnsafeMutablePointer<lxw_format>? {
        guard let style else { return nil }
        if let format = formats[style] { return format }
        guard let format = workbook_add_format(open) else {
            record(LXW_ERROR_MEMORY_MALLOC_FAILED, "workbook_add_format")
            return nil
        }
        format_set_font_name(format, style.fontName)
        if style.fontName == CellStyle.defaultFontName {
            // GB2312 character set and a sans-serif family, as Chinese Excel writes for 等线:
            // where the font is missing, the system picks one that has Chinese glyphs.
            format_set_font_charset(format, 134)
            format_set_font_family(format, 2)
        }
        format_set_font_size(format, style.fontSize)
        if style.bold { format_set_bold(format) }
        if style.italic { format_set_italic(format) }
        if let colour = style.fontColour { format_set_font_color(format, colour.lxw) }
        if let fill = style.fill {
            format_set_pattern(format, UInt8(LXW_PATTERN_SOLID.rawValue))
            format_set_bg_color(format, fill.lxw)
        }
        if let numberFormat = style.numberFormat { format_set_num_format(format, numberFormat) }
        if style.border {
            format_set_border(format, UInt8(LXW_BORDER_THIN.rawValue))
            if let colour = style.borderColour { format_set_border_color(format, colour.lxw) }
        }
        if style.wrap { format_set_text_wrap(format) }
        switch style.horizontal {
        case .general: break
        case .left: format_set_align(format, UInt8(LXW_ALIGN_LEFT.rawValue))
        case .center: format_set_align(format, UInt8(LXW_ALIGN_CENTER.rawValue))
        case .right: format_set_align(format, UInt8(LXW_ALIGN_RIGHT.rawValue))
        }
        switch style.vertical {
        case .bottom: break
        case .top: format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        case .center: format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
        }
        if !style.locked { format_set_unlocked(format) }
        formats[style] = format
        return format
    }

    /// Writes the workbook and returns the bytes of the .xlsx file. Calls workbook_close.
    ///
    /// The writer cannot be used afterwards; the temporary file is deleted, also on failure.
    /// - Throws: the first failure of any call since the workbook was started, or of writing
    ///   and reading the file.
    package func finish() throws(XLSXWriteError) -> [UInt8] {
        let closing = workbook_close(open)
        workbook = nil  // workbook_close frees the workbook, whatever its result.
        defer { unlink(path) }
        if let firstError { throw firstError }
        record(closing, "workbook_close")
        if let firstError { throw firstError }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .temporaryFile(path: path, reason: "the written workbook cannot be read back")
        }
        return [UInt8](data)
    }

    /// Adds a chart object to the workbook and configures it. Calls workbook_add_chart and the
    /// chart_* functions.
    fileprivate func makeChart(_ chart: XLSXChart) -> UnsafeMutablePointer<lxw_chart>? {
        let type: lxw_chart_type = switch chart.kind {
        case .column: LXW_CHART_COLUMN
        case .line: LXW_CHART_LINE
        case .radar: LXW_CHART_RADAR_WITH_MARKERS
        }
        guard let c = workbook_add_chart(open, UInt8(type.rawValue)) else {
            record(LXW_ERROR_MEMORY_MALLOC_FAILED, "workbook_add_chart")
            return nil
        }
        let fontName = duplicate(chart.fontName)
        defer { free(fontName) }
        for series in chart.series { addSeries(series, to: c, kind: chart.kind) }

        var titleFont = lxw_chart_font()
        titleFont.name = fontName
        titleFont.size = 12
        titleFont.bold = 1
        titleFont.charset = 134
        chart_title_set_name(c, chart.title)
        chart_title_set_name_font(c, &titleFont)

        var axisFont = lxw_chart_font()
        axisFont.name = fontName
        axisFont.size = 9
        axisFont.charset = 134
        if let x = chart_axis_get(c, LXW_CHART_AXIS_TYPE_X) {
            if let name = chart.categoryAxisTitle {
                chart_axis_set_name(x, name)
                chart_axis_set_name_font(x, &axisFont)
            }
            chart_axis_set_num_font(x, &axisFont)
        }
        if let y = chart_axis_get(c, LXW_CHART_AXIS_TYPE_Y) {
            if let name = chart.valueAxisTitle {
                chart_axis_set_name(y, name)
                chart_axis_set_name_font(y, &axisFont)
            }
            chart_axis_set_num_font(y, &axisFont)
            if let minimum = chart.valueAxisMinimum { chart_axis_set_min(y, minimum) }
            if let maximum = chart.valueAxisMaximum { chart_axis_set_max(y, maximum) }
            if let unit = chart.valueAxisMajorUnit { chart_axis_set_major_unit(y, unit) }
            if let format = chart.valueAxisNumberFormat { chart_axis_set_num_format(y, format) }
        }

        let position: lxw_chart_legend_position = switch chart.legend {
        case .none: LXW_CHART_LEGEND_NONE
        case .right: LXW_CHART_LEGEND_RIGHT
        case .top: LXW_CHART_LEGEND_TOP
        case .bottom: LXW_CHART_LEGEND_BOTTOM
        }
        chart_legend_set_position(c, UInt8(position.rawValue))
        var legendFont = axisFont
        chart_legend_set_font(c, &legendFont)
        var hidden = chart.series.indices.filter { !chart.series[$0].inLegend }.map { Int16($0) }
        if !hidden.isEmpty {
            hidden.append(-1)
            record(chart_legend_delete_series(c, &hidden), "chart_legend_delete_series")
        }
        if let colour = chart.upDownBars {
            precondition(chart.kind == .line, "up/down bars exist in line charts only")
            var border = lxw_chart_line()
            border.color = colour.lxw
            var fill = lxw_chart_fill()
            fill.color = colour.lxw
            var downBorder = border
            var downFill = fill
            chart_set_up_down_bars_format(c, &border, &fill, &downBorder, &downFill)
        }
        if chart.plotsHiddenCells { chart_show_hidden_data(c) }
        return c
    }

    /// Adds one series. Calls chart_add_series and the chart_series_set_* functions.
    private func addSeries(_ series: XLSXChart.Series, to chart: UnsafeMutablePointer<lxw_chart>, kind: XLSXChart.Kind) {
        guard let s = chart_add_series(chart, nil, nil) else {
            record(LXW_ERROR_MEMORY_MALLOC_FAILED, "chart_add_series")
            return
        }
        typealias RangeSetter = (
            UnsafeMutablePointer<lxw_chart_series>?, UnsafePointer<CChar>?, lxw_row_t, lxw_col_t, lxw_row_t, lxw_col_t
        ) -> Void
        func set(_ range: XLSXRange, _ call: RangeSetter) {
            call(s, range.sheet, row(range.rows.lowerBound), column(range.columns.lowerBound),
                 row(range.rows.upperBound), column(range.columns.upperBound))
        }
        set(series.categories, chart_series_set_categories)
        set(series.values, chart_series_set_values)
        chart_series_set_name(s, series.name)

        if kind == .column, let colour = series.colour {
            var fill = lxw_chart_fill()
            fill.color = colour.lxw
            chart_series_set_fill(s, &fill)
        }
        if series.line != .automatic || series.lineWidth != nil || (kind != .column && series.colour != nil) {
            var line = lxw_chart_line()
            if let colour = series.colour { line.color = colour.lxw }
            if let width = series.lineWidth { line.width = Float(width) }
            switch series.line {
            case .automatic, .solid: break
            case .dashed: line.dash_type = UInt8(LXW_CHART_LINE_DASH_DASH.rawValue)
            case .none: line.none = 1
            }
            chart_series_set_line(s, &line)
        }
        if kind != .column {
            let marker: lxw_chart_marker_type? = switch series.marker {
            case .automatic: nil
            case .none: LXW_CHART_MARKER_NONE
            case .square: LXW_CHART_MARKER_SQUARE
            case .circle: LXW_CHART_MARKER_CIRCLE
            case .diamond: LXW_CHART_MARKER_DIAMOND
            }
            if let marker { chart_series_set_marker_type(s, UInt8(marker.rawValue)) }
            if let size = series.markerSize { chart_series_set_marker_size(s, UInt8(clamping: size)) }
            if let colour = series.colour, series.marker != .none {
                var fill = lxw_chart_fill()
                fill.color = colour.lxw
                var border = lxw_chart_line()
                border.color = colour.lxw
                chart_series_set_marker_fill(s, &fill)
                chart_series_set_marker_line(s, &border)
            }
        }
        if let format = series.labels {
            chart_series_set_labels(s)
            chart_series_set_labels_num_format(s, format)
            if kind == .line { chart_series_set_labels_position(s, UInt8(LXW_CHART_LABEL_POSITION_ABOVE.rawValue)) }
        }
    }
}

/// A C copy of a string, for the fields of libxlsxwriter's option structs (which copy it
/// again); the caller frees it.
private func duplicate(_ text: String?) -> UnsafeMutablePointer<CChar>? {
    guard let text else { return nil }
    return strdup(text)
}

/// A row number for libxlsxwriter; Excel has 1,048,576 rows.
private func row(_ row: Int) -> lxw_row_t {
    precondition((0..<XLSXLimits.excelRows).contains(row), "row \(row) is outside Excel's sheet")
    return lxw_row_t(row)
}

/// A column number for libxlsxwriter; Excel has 16,384 columns.
private func column(_ column: Int) -> lxw_col_t {
    precondition((0..<XLSXLimits.excelColumns).contains(column), "column \(column) is outside Excel's sheet")
    return lxw_col_t(column)
}

// MARK: - Sheets

/// One worksheet of an `XLSXWorkbookWriter`. Rows and columns are 0-based.
///
/// The writer remembers how wide the text written in each column is, for `fitColumnWidths`.
package final class XLSXSheetWriter {
    private unowned let workbook: XLSXWorkbookWriter
    private let worksheet: UnsafeMutablePointer<lxw_worksheet>
    /// The sheet's name, as charts and formulas refer to it.
    package let name: String
    /// The widest content written in each column, in terminal columns (`displayWidth`).
    private var contentWidths: [Int: Int] = [:]

    fileprivate init(workbook: XLSXWorkbookWriter, worksheet: UnsafeMutablePointer<lxw_worksheet>, name: String) {
        self.workbook = workbook
        self.worksheet = worksheet
        self.name = name
    }

    private var sheet: UnsafeMutablePointer<lxw_worksheet> {
        _ = workbook.open  // traps once the workbook is finished: the worksheet is freed then
        return worksheet
    }

    private func noteWidth(_ width: Int, column: Int) {
        contentWidths[column] = max(contentWidths[column] ?? 0, width)
    }

    /// A range of this sheet, for charts.
    package func range(rows: ClosedRange<Int>, columns: ClosedRange<Int>) -> XLSXRange {
        XLSXRange(sheet: name, rows: rows, columns: columns)
    }

    /// Writes text. Calls worksheet_write_string.
    package func write(_ text: String, row r: Int, column c: Int, style: CellStyle? = nil) {
        let widest = text.split(separator: "\n", omittingEmptySubsequences: false).map { displayWidth(String($0)) }.max() ?? 0
        noteWidth(widest, column: c)
        workbook.record(worksheet_write_string(sheet, row(r), column(c), text, workbook.format(style)), "worksheet_write_string")
    }

    /// Writes a number, stored in full precision (the style's number format only changes how it
    /// is shown). Calls worksheet_write_number.
    /// - Precondition: `number` is finite (write a blank for a missing value).
    package func write(_ number: Double, row r: Int, column c: Int, style: CellStyle? = nil) {
        precondition(number.isFinite, "cells hold finite numbers; write a blank for a missing value")
        noteWidth(Self.shownWidth(number, format: style?.numberFormat), column: c)
        workbook.record(worksheet_write_number(sheet, row(r), column(c), number, workbook.format(style)), "worksheet_write_number")
    }

    /// Writes an integer as a number. Calls worksheet_write_number.
    package func write(_ number: Int, row r: Int, column c: Int, style: CellStyle? = nil) {
        noteWidth(String(number).count, column: c)
        workbook.record(worksheet_write_number(sheet, row(r), column(c), Double(number), workbook.format(style)), "worksheet_write_number")
    }

    /// An empty cell that carries a style (a fill, a border). Calls worksheet_write_blank.
    package func writeBlank(row r: Int, column c: Int, style: CellStyle) {
        workbook.record(worksheet_write_blank(sheet, row(r), column(c), workbook.format(style)), "worksheet_write_blank")
    }

    /// A formula with the value Excel shows until it recalculates (other readers show only the
    /// cached value). Calls worksheet_write_formula_num.
    package func writeFormula(_ formula: String, cachedValue: Double, row r: Int, column c: Int, style: CellStyle? = nil) {
        precondition(cachedValue.isFinite, "a cached value is finite")
        noteWidth(Self.shownWidth(cachedValue, format: style?.numberFormat), column: c)
        workbook.record(
            worksheet_write_formula_num(sheet, row(r), column(c), formula, workbook.format(style), cachedValue),
            "worksheet_write_formula_num")
    }

    /// A note (comment) on a cell, shown when the pointer rests on it. Calls
    /// worksheet_write_comment; the author is set once per sheet by `setNoteAuthor`.
    package func addNote(_ text: String, row r: Int, column c: Int) {
        workbook.record(worksheet_write_comment(sheet, row(r), column(c), text), "worksheet_write_comment")
    }

    /// The author shown on notes. Calls worksheet_set_comments_author.
    package func setNoteAuthor(_ author: String) {
        worksheet_set_comments_author(sheet, author)
    }

    /// Merges cells and writes text into them. Calls worksheet_merge_range (Excel cannot merge
    /// a single cell: then it writes the text to the cell).
    package func merge(rows: ClosedRange<Int>, columns: ClosedRange<Int>, text: String, style: CellStyle? = nil) {
        if rows.count == 1 && columns.count == 1 {
            write(text, row: rows.lowerBound, column: columns.lowerBound, style: style)
            return
        }
        workbook.record(
            worksheet_merge_range(
                sheet, row(rows.lowerBound), column(columns.lowerBound), row(rows.upperBound), column(columns.upperBound),
                text, workbook.format(style)),
            "worksheet_merge_range")
    }

    /// Merges cells and writes a number into them (the first cell holds it). Calls
    /// worksheet_merge_range, then worksheet_write_number on the first cell.
    package func merge(rows: ClosedRange<Int>, columns: ClosedRange<Int>, number: Double, style: CellStyle? = nil) {
        if rows.count > 1 || columns.count > 1 { merge(rows: rows, columns: columns, text: "", style: style) }
        write(number, row: rows.lowerBound, column: columns.lowerBound, style: style)
    }

    /// Sets the width of columns, in Excel's unit (about one digit). Calls worksheet_set_column_opt.
    package func setColumnWidth(_ width: Double, columns: ClosedRange<Int>, hidden: Bool = false) {
        var options = lxw_row_col_options()
        options.hidden = hidden ? 1 : 0
        workbook.record(
            worksheet_set_column_opt(sheet, column(columns.lowerBound), column(columns.upperBound), width, nil, &options),
            "worksheet_set_column_opt")
    }

    /// Sets each column's width to fit the widest text or number written in it so far
    /// (`XLSXColumnWidth.fitting`), between `minimum` and `maximum`; longer text should be
    /// written with a wrapping style. Columns with nothing written are left alone.
    /// Calls worksheet_set_column_opt.
    package func fitColumnWidths(minimum: Double = 6, maximum: Double = 60, except skipped: Set<Int> = []) {
        for (c, width) in contentWidths.sorted(by: { $0.key < $1.key }) where !skipped.contains(c) {
            setColumnWidth(min(max(XLSXColumnWidth.fitting(displayWidth: width), minimum), maximum), columns: c...c)
        }
    }

    /// Sets a row's height in points. Calls worksheet_set_row.
    package func setRowHeight(_ height: Double, row r: Int) {
        workbook.record(worksheet_set_row(sheet, row(r), height, nil), "worksheet_set_row")
    }

    /// Keeps the first `rows` rows and `columns` columns in view while scrolling. Calls
    /// worksheet_freeze_panes.
    package func freezePanes(rows: Int, columns: Int = 0) {
        worksheet_freeze_panes(sheet, row(rows), column(columns))
    }

    /// Adds filter buttons to a header row over the data below it. Calls worksheet_autofilter.
    package func autofilter(rows: ClosedRange<Int>, columns: ClosedRange<Int>) {
        workbook.record(
            worksheet_autofilter(sheet, row(rows.lowerBound), column(columns.lowerBound), row(rows.upperBound), column(columns.upperBound)),
            "worksheet_autofilter")
    }

    /// Restricts cells to a list of values, with a drop-down, an input message shown when a
    /// cell is selected and an error message for anything else. Calls
    /// worksheet_data_validation_range.
    /// - Parameters:
    ///   - values: the allowed values; together at most 255 characters (Excel's limit).
    package func addListValidation(
        rows: ClosedRange<Int>, columns: ClosedRange<Int>, values: [String],
        inputTitle: String? = nil, inputMessage: String? = nil, errorTitle: String? = nil, errorMessage: String? = nil
    ) {
        let strings = values.map(duplicate) + [nil]
        let texts = [inputTitle, inputMessage, errorTitle, errorMessage].map(duplicate)
        defer {
            strings.forEach { free($0) }
            texts.forEach { free($0) }
        }
        var list = strings
        list.withUnsafeMutableBufferPointer { buffer in
            var validation = lxw_data_validation()
            validation.validate = UInt8(LXW_VALIDATION_TYPE_LIST.rawValue)
            validation.value_list = buffer.baseAddress
            validation.input_title = texts[0]
            validation.input_message = texts[1]
            validation.error_title = texts[2]
            validation.error_message = texts[3]
            workbook.record(
                worksheet_data_validation_range(
                    sheet, row(rows.lowerBound), column(columns.lowerBound), row(rows.upperBound), column(columns.upperBound),
                    &validation),
                "worksheet_data_validation_range")
        }
    }

    /// Hides the gridlines on screen and on paper. Calls worksheet_gridlines.
    package func hideGridlines() {
        worksheet_gridlines(sheet, UInt8(LXW_HIDE_ALL_GRIDLINES.rawValue))
    }

    /// Sets up printing: A4, landscape or portrait, scaled to the page width, with header rows
    /// repeated on every page. Calls worksheet_set_paper, worksheet_set_landscape,
    /// worksheet_fit_to_pages and worksheet_repeat_rows.
    package func setUpPrinting(landscape: Bool = true, fitToWidth: Bool = true, repeatingRows: ClosedRange<Int>? = nil) {
        worksheet_set_paper(sheet, 9)  // A4
        if landscape { worksheet_set_landscape(sheet) } else { worksheet_set_portrait(sheet) }
        if fitToWidth { worksheet_fit_to_pages(sheet, 1, 0) }
        if let rows = repeatingRows {
            workbook.record(worksheet_repeat_rows(sheet, row(rows.lowerBound), row(rows.upperBound)), "worksheet_repeat_rows")
        }
    }

    /// Colours the sheet's tab. Calls worksheet_set_tab_color.
    package func setTabColour(_ colour: XLSXColour) {
        worksheet_set_tab_color(sheet, colour.lxw)
    }

    /// Protects the sheet without a password: locked cells (`CellStyle.locked`) cannot be
    /// edited. Calls worksheet_protect.
    package func protect() {
        worksheet_protect(sheet, nil, nil)
    }

    /// Makes this the sheet shown when the workbook opens. Calls worksheet_activate.
    package func activate() {
        worksheet_activate(sheet)
    }

    /// Inserts a chart with its top-left corner in a cell. Calls workbook_add_chart (and the
    /// chart_* functions, through the workbook) and worksheet_insert_chart_opt.
    package func insertChart(_ chart: XLSXChart, row r: Int, column c: Int) {
        precondition(!chart.series.isEmpty, "a chart has at least one series")
        guard let made = workbook.makeChart(chart) else { return }
        var options = lxw_chart_options()
        options.x_scale = Double(chart.width) / 480
        options.y_scale = Double(chart.height) / 288
        workbook.record(worksheet_insert_chart_opt(sheet, row(r), column(c), made, &options), "worksheet_insert_chart_opt")
    }

    /// The width a number takes when shown with an Excel number format such as "0.000".
    private static func shownWidth(_ number: Double, format: String?) -> Int {
        guard let format, let point = format.firstIndex(of: ".") else {
            return format == nil ? min("\(number)".count, 11) : String(Int(number.rounded())).count
        }
        let decimals = format[format.index(after: point)...].prefix { $0 == "0" }.count
        return String(Int(number.rounded(.towardZero))).count + 1 + decimals + (number < 0 ? 1 : 0)
    }
}

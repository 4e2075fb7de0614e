import AttainmentCore
import AttainmentIO

extension Verdict {
    /// The verdict in Chinese, as the reports write it: 达成, 未达成, 不可评价.
    var chinese: String {
        switch self {
        case .met: "达成"
        case .notMet: "未达成"
        case .notEvaluable: "不可评价"
        }
    }

    /// The verdict in English words, as the reports write it: met, not met, not evaluable.
    var english: String {
        switch self {
        case .met: "met"
        case .notMet: "not met"
        case .notEvaluable: "not evaluable"
        }
    }
}

/// How numbers and cells are written. CSV files keep 6 decimals; tables for reading
/// (terminal, Markdown) show 3. Values are compared with thresholds before any rounding.
enum NumberStyle {
    /// `value` with exactly `decimals` decimals, correctly rounded as printf's `%.Nf` rounds,
    /// never `-0.000` (`FixedDecimal`); empty for nil or NaN.
    static func fixed(_ value: Double?, decimals: Int) -> String {
        guard let value, value.isFinite else { return "" }
        return FixedDecimal.text(value, decimals: decimals)
    }

    /// An attainment value for reading: 3 decimals, `n/a` when not evaluable.
    static func shown(_ value: Double?) -> String {
        value.map { fixed($0, decimals: 3) } ?? "n/a"
    }

    /// A share (0-1) for reading: a percent to 1 decimal, `n/a` when there is none.
    static func percent(_ share: Double?) -> String {
        share.map { fixed($0 * 100, decimals: 1) + "%" } ?? "n/a"
    }
}

/// The width of text in a terminal: East Asian wide characters take two columns.
func displayWidth(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { width, scalar in
        let v = scalar.value
        if v < 0x20 || (0x300...0x36F).contains(v) { return width }
        return width + (TextMetrics.isEastAsianWide(scalar) ? 2 : 1)
    }
}

/// A plain-text table with aligned columns; numbers are right-aligned.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns aligned to the right.
    var rightAligned: Set<Int> = []

    func render(indent: String = "  ") -> String {
        let widths = header.indices.map { column in
            ([header] + rows).map { displayWidth($0[column]) }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (column, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[column] - displayWidth(cell))
                parts.append(rightAligned.contains(column) ? padding + cell : cell + padding)
            }
            var text = indent + parts.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}

/// The words a chart shows. Empty texts are left out (an empty legend entry, no title).
struct ChartLabels: Sendable, Equatable {
    /// Centred above the chart; also the scene's description for screen readers.
    var title: String = ""
    /// Above the value axis, e.g. `达成值` (a histogram: its count axis, e.g. `人数`).
    var valueAxis: String = ""
    /// Under the category axis, e.g. `课程目标` (a histogram: its value axis, e.g. `达成值`).
    var categoryAxis: String = ""
    /// Beside the threshold line (a radar: its legend entry), e.g. `期望值 0.70`.
    var threshold: String = ""
    /// The legend entry of the main series: a scatter's students, a radar's values polygon.
    var series: String = ""
    /// The legend entry of the second series: a scatter's class values.
    var secondSeries: String = ""
    /// Shown in place of a category's missing value, e.g. `无法评价`.
    var notEvaluable: String = "n/a"
}

/// The colours, strokes and sizes every chart uses.
enum ChartStyle {
    static let blue = SceneColor(red: 0x44, green: 0x72, blue: 0xC4)
    static let red = SceneColor(red: 0xC0, green: 0x00, blue: 0x00)
    static let grid = SceneColor(red: 0xD9, green: 0xD9, blue: 0xD9)
    static let axis = SceneColor(red: 0x59, green: 0x59, blue: 0x59)
    static let text = SceneColor(red: 0x26, green: 0x26, blue: 0x26)
    static let white = SceneColor(red: 0xFF, green: 0xFF, blue: 0xFF)

    static let gridStroke = SceneStroke(color: grid, width: 0.75)
    static let axisStroke = SceneStroke(color: axis, width: 0.75)
    static let thresholdStroke = SceneStroke(color: red, width: 1.25, dash: .dashed)

    /// Font sizes in points: ticks, category and threshold labels; titles; values over bars.
    static let tickSize = 9.0
    static let titleSize = 10.0
    static let valueSize = 8.0
    /// The smallest font a label may shrink to.
    static let minimumSize = 7.0
    /// Space kept free along the edges of a drawing.
    static let padding = 8.0

    static func text(_ text: String, x: Double, y: Double, size: Double = tickSize, anchor: TextAnchor = .middle,
                     color: SceneColor = ChartStyle.text, bold: Bool = false) -> SceneShape {
        .text(text, at: ScenePoint(x: x, y: y), size: size, anchor: anchor, color: color, bold: bold)
    }
}

/// One legend entry: a swatch and its text.
struct LegendItem: Sendable, Equatable {
    enum Swatch: Sendable, Equatable {
        case marker(SceneColor)
        /// A semi-transparent area with an outline, like a radar's polygon.
        case area(SceneColor)
        case line(SceneStroke)
    }

    var swatch: Swatch
    var text: String
}

/// A linear axis from 0 to `top` with labelled ticks.
struct ValueAxis: Sendable, Equatable {
    var top: Double
    /// Decimals of the tick labels.
    var decimals: Int
    /// The tick spacings to choose from, finest first.
    var steps: [Double]

    /// The axis for attainment values: from 0 to 1, or where the largest value is more, to it
    /// rounded up to the next 0.5; ticks every 0.1 or 0.2, and on an axis above 1 (NBA's
    /// levels 0-3, methods.md §11; ABET's rubric levels) also every 0.5 or 1 where the finer
    /// steps would crowd. Non-finite values are ignored.
    static func attainment(_ values: [Double]) -> ValueAxis {
        let largest = values.filter(\.isFinite).max() ?? 0
        // The tolerance keeps 1.2000000001 (a sum of weights) from becoming 1.3.
        let top = max(1, ((largest - 1e-9) * 10).rounded(.up) / 10)
        guard top > 1 else { return ValueAxis(top: top, decimals: 1, steps: [0.1, 0.2]) }
        // Above 1, up to the next half so that the coarser ticks end at the top: 2.3 → 2.5.
        return ValueAxis(top: (top * 2 - 1e-9).rounded(.up) / 2, decimals: 1, steps: [0.1, 0.2, 0.5, 1])
    }

    /// An axis of whole numbers (students) from 0 to at least `maximum`, with at most 5 steps
    /// of 1, 2 or 5 times a power of ten.
    static func counts(maximum: Int) -> ValueAxis {
        let maximum = max(maximum, 1)
        var base = 1
        while true {
            for step in [base, 2 * base, 5 * base] where (maximum + step - 1) / step <= 5 {
                return ValueAxis(top: Double((maximum + step - 1) / step * step), decimals: 0, steps: [Double(step)])
            }
            base *= 10
        }
    }

    /// The tick values for an axis `length` points long: the finest step whose ticks lie at
    /// least 24 points apart.
    func ticks(length: Double) -> [Double] {
        let step = steps.first { length * $0 / top >= 24 } ?? steps.last ?? top
        let count = Int((top / step + 1e-9).rounded(.down))
        return (0...count).map { Double($0) * step }
    }

    func label(_ value: Double) -> String { NumberStyle.fixed(value, decimals: decimals) }

    /// Where `value` lies along the axis, 0 at the origin and 1 at the top.
    func fraction(_ value: Double) -> Double { value / top }
}

/// The rectangle that holds a chart's marks.
struct PlotArea: Sendable, Equatable {
    var minX: Double
    var minY: Double
    var maxX: Double
    var maxY: Double
    var width: Double { maxX - minX }
    var height: Double { maxY - minY }
}

/// The frame of a chart with a plot area: background, title and legend rows, the value axis on
/// the left with grid lines, the category or value axis at the bottom, and the threshold line.
/// A chart makes a frame, adds its marks at `y(_:)`, `x(_:)` or `band(_:)`, adds the threshold,
/// and takes `finished()`.
struct ChartFrame {
    /// What the bottom axis shows.
    enum BottomAxis {
        /// One band per category, labelled below.
        case categories([String])
        /// A second value axis (a histogram's).
        case values(ValueAxis)
    }

    var scene: Scene
    let plot: PlotArea
    let axis: ValueAxis
    let bottom: BottomAxis
    let labels: ChartLabels
    /// The threshold label to the right of the plot, fitted to the space kept for it.
    private let thresholdText: String?

    /// Lays out the frame and draws its background, title, legend, grid and tick labels.
    ///
    /// - Parameters:
    ///   - legend: Entries with empty texts are left out; no row is kept if none is left.
    ///   - axis: The value axis on the left.
    ///   - thresholdOnRight: Keep room right of the plot for `labels.threshold` beside a
    ///     horizontal threshold line.
    init(width: Double, height: Double, labels: ChartLabels, legend: [LegendItem], axis: ValueAxis,
         bottom: BottomAxis, thresholdOnRight: Bool) {
        let padding = ChartStyle.padding, tick = ChartStyle.tickSize
        let lineHeight = TextMetrics.lineHeight(size: tick)
        scene = Scene(width: width, height: height, description: labels.title)
        scene.add(.rectangle(x: 0, y: 0, width: width, height: height, fill: ChartStyle.white, stroke: nil), role: .background)
        var top = padding
        if !labels.title.isEmpty {
            Self.addTitle(labels.title, to: &scene)
            top += 18
        }
        let legend = legend.filter { !$0.text.isEmpty }
        if !legend.isEmpty {
            Self.addLegend(legend, centerY: top + 6, to: &scene)
            top += 18
        }
        top += 24  // the value axis title, and values over the tallest bars

        let tickLabelWidth = axis.ticks(length: 1000).map { TextMetrics.width(axis.label($0), size: tick) }.max() ?? 0
        let left = padding + tickLabelWidth + 5
        var right = width - padding
        if thresholdOnRight, !labels.threshold.isEmpty {
            let text = TextMetrics.truncated(labels.threshold, size: tick, maxWidth: width / 4)
            thresholdText = text
            right -= TextMetrics.width(text, size: tick) + 5
        } else {
            thresholdText = nil
        }
        // Labels under the plot start 6 points below it, clear of the "0" on the value axis.
        var bottomHeight = padding + 6
        var categoryLines: [[String]] = []
        var categorySize = tick
        switch bottom {
        case .categories(let categories):
            (categorySize, categoryLines) = Self.fitCategoryLabels(categories, bandWidth: (right - left) / Double(max(categories.count, 1)))
            bottomHeight += TextMetrics.lineHeight(size: categorySize) * Double(categoryLines.map(\.count).max() ?? 0)
        case .values:
            bottomHeight += lineHeight
        }
        if !labels.categoryAxis.isEmpty { bottomHeight += 4 + lineHeight }
        plot = PlotArea(minX: left, minY: top, maxX: right, maxY: height - bottomHeight)
        self.axis = axis
        self.bottom = bottom
        self.labels = labels

        for value in axis.ticks(length: plot.height) {
            let y = y(value)
            if value > 0 {
                scene.add(.line(from: ScenePoint(x: plot.minX, y: y), to: ScenePoint(x: plot.maxX, y: y), stroke: ChartStyle.gridStroke), role: .grid)
            }
            scene.add(ChartStyle.text(axis.label(value), x: plot.minX - 5, y: y, anchor: .end), role: .tickLabel)
        }
        if !labels.valueAxis.isEmpty {
            let text = TextMetrics.truncated(labels.valueAxis, size: tick, maxWidth: width - 2 * padding)
            scene.add(ChartStyle.text(text, x: padding, y: plot.minY - 18, anchor: .start), role: .axisTitle)
        }
        var labelsBottom = plot.maxY + 6
        switch bottom {
        case .categories:
            let categoryLineHeight = TextMetrics.lineHeight(size: categorySize)
            for (index, lines) in categoryLines.enumerated() {
                for (number, line) in lines.enumerated() {
                    let y = plot.maxY + 6 + categoryLineHeight * (Double(number) + 0.5)
                    scene.add(ChartStyle.text(line, x: band(index).center, y: y, size: categorySize), role: .tickLabel)
                }
            }
            labelsBottom += categoryLineHeight * Double(categoryLines.map(\.count).max() ?? 0)
        case .values(let values):
            let ticks = values.ticks(length: plot.width)
            let widest = ticks.map { TextMetrics.width(values.label($0), size: tick) }.max() ?? 0
            let every = ticks.count > 1 && plot.width / Double(ticks.count - 1) < widest + 6 ? 2 : 1
            for (index, value) in ticks.enumerated() {
                let x = x(value)
                scene.add(.line(from: ScenePoint(x: x, y: plot.maxY), to: ScenePoint(x: x, y: plot.maxY + 3), stroke: ChartStyle.axisStroke), role: .tick)
                if index % every == 0 {
                    scene.add(ChartStyle.text(values.label(value), x: x, y: plot.maxY + 6 + lineHeight / 2), role: .tickLabel)
                }
            }
            labelsBottom += lineHeight
        }
        if !labels.categoryAxis.isEmpty {
            let text = TextMetrics.truncated(labels.categoryAxis, size: tick, maxWidth: width - 2 * padding)
            scene.add(ChartStyle.text(text, x: (plot.minX + plot.maxX) / 2, y: labelsBottom + 4 + lineHeight / 2), role: .axisTitle)
        }
    }

    /// The y of `value` on the left axis.
    func y(_ value: Double) -> Double { plot.maxY - axis.fraction(value) * plot.height }

    /// The x of `value` on a bottom value axis (the left edge for a category axis).
    func x(_ value: Double) -> Double {
        guard case .values(let values) = bottom else { return plot.minX }
        return plot.minX + values.fraction(value) * plot.width
    }

    /// The centre and width of the band of category `index`.
    func band(_ index: Int) -> (center: Double, width: Double) {
        guard case .categories(let categories) = bottom else { return (plot.minX, plot.width) }
        let width = plot.width / Double(max(categories.count, 1))
        return (plot.minX + width * (Double(index) + 0.5), width)
    }

    /// Adds a dashed horizontal threshold line at `value` of the left axis, labelled on the right.
    mutating func addThreshold(_ value: Double) {
        guard value.isFinite else { return }
        let y = y(value)
        scene.add(.line(from: ScenePoint(x: plot.minX, y: y), to: ScenePoint(x: plot.maxX, y: y), stroke: ChartStyle.thresholdStroke), role: .threshold)
        if let thresholdText {
            scene.add(ChartStyle.text(thresholdText, x: plot.maxX + 5, y: y, anchor: .start, color: ChartStyle.red), role: .thresholdLabel)
        }
    }

    /// Adds a dashed vertical threshold line at `value` of the bottom axis, labelled above the
    /// plot beside the value axis title.
    mutating func addVerticalThreshold(_ value: Double) {
        guard value.isFinite else { return }
        let x = x(value)
        scene.add(.line(from: ScenePoint(x: x, y: plot.maxY), to: ScenePoint(x: x, y: plot.minY), stroke: ChartStyle.thresholdStroke), role: .threshold)
        guard !labels.threshold.isEmpty else { return }
        let size = ChartStyle.tickSize, padding = ChartStyle.padding
        let titleEnd = labels.valueAxis.isEmpty ? padding : padding + TextMetrics.width(labels.valueAxis, size: size) + 6
        let text = TextMetrics.truncated(labels.threshold, size: size, maxWidth: scene.width - padding - titleEnd)
        let half = TextMetrics.width(text, size: size) / 2
        let center = min(max(x, titleEnd + half), scene.width - padding - half)
        scene.add(ChartStyle.text(text, x: center, y: plot.minY - 18, color: ChartStyle.red), role: .thresholdLabel)
    }

    /// The scene with the axis lines drawn over the marks.
    func finished() -> Scene {
        var scene = scene
        let origin = ScenePoint(x: plot.minX, y: plot.maxY)
        scene.add(.line(from: origin, to: ScenePoint(x: plot.minX, y: plot.minY), stroke: ChartStyle.axisStroke), role: .axis)
        scene.add(.line(from: origin, to: ScenePoint(x: plot.maxX, y: plot.maxY), stroke: ChartStyle.axisStroke), role: .axis)
        return scene
    }

    /// Adds `title` centred in the top row.
    static func addTitle(_ title: String, to scene: inout Scene) {
        let size = ChartStyle.titleSize
        let text = TextMetrics.truncated(title, size: size, maxWidth: scene.width - 2 * ChartStyle.padding)
        scene.add(ChartStyle.text(text, x: scene.width / 2, y: ChartStyle.padding + 6, size: size, bold: true), role: .title)
    }

    /// Adds a legend row centred on `centerY`, its entries side by side and centred.
    static func addLegend(_ items: [LegendItem], centerY y: Double, to scene: inout Scene) {
        let size = ChartStyle.tickSize, swatch = 16.0, gap = 14.0
        let room = (scene.width - 2 * ChartStyle.padding) / Double(max(items.count, 1)) - swatch - 4 - gap
        let texts = items.map { TextMetrics.truncated($0.text, size: size, maxWidth: room) }
        let total = texts.map { swatch + 4 + TextMetrics.width($0, size: size) }.reduce(0, +) + gap * Double(items.count - 1)
        var x = (scene.width - total) / 2
        for (item, text) in zip(items, texts) {
            switch item.swatch {
            case .marker(let color):
                scene.add(.markers([ScenePoint(x: x + swatch / 2, y: y)], radius: 3, fill: color, fillOpacity: 0.8, stroke: nil), role: .legend)
            case .area(let color):
                let corners = [(2.0, -5.0), (14, -5), (14, 5), (2, 5)].map { ScenePoint(x: x + $0.0, y: y + $0.1) }
                scene.add(.polygon(corners, fill: color, fillOpacity: 0.25, stroke: SceneStroke(color: color, width: 1.5)), role: .legend)
            case .line(let stroke):
                scene.add(.line(from: ScenePoint(x: x, y: y), to: ScenePoint(x: x + swatch, y: y), stroke: stroke), role: .legend)
            }
            scene.add(ChartStyle.text(text, x: x + swatch + 4, y: y, anchor: .start), role: .legend)
            x += swatch + 4 + TextMetrics.width(text, size: size) + gap
        }
    }

    /// Fits category labels under bands `bandWidth` wide: on one line at 9 pt down to 7 pt,
    /// else on two lines at 9 pt down to 7 pt, else on two lines at 7 pt, cut with "…". Where
    /// every label has a space (`1 工程知识`), two lines break there: the id, then the name.
    static func fitCategoryLabels(_ labels: [String], bandWidth: Double) -> (size: Double, lines: [[String]]) {
        let room = bandWidth - 2
        let sizes = Array(stride(from: ChartStyle.tickSize, through: ChartStyle.minimumSize, by: -0.5))
        for size in sizes {
            let lines = labels.compactMap { TextMetrics.wrapped($0, size: size, maxWidth: room, maxLines: 1) }
            if lines.count == labels.count { return (size, lines) }
        }
        let ids = labels.allSatisfy { label in
            label.split(separator: " ").count > 1
                && TextMetrics.width(String(label.split(separator: " ")[0]), size: ChartStyle.minimumSize) <= room
        }
        func twoLines(_ label: String, size: Double) -> [String] {
            guard ids, let space = label.firstIndex(of: " ") else {
                return TextMetrics.wrappedTruncating(label, size: size, maxWidth: room, maxLines: 2)
            }
            let name = String(label[space...].drop { $0 == " " })
            return [String(label[..<space]), name].map { TextMetrics.truncated($0, size: size, maxWidth: room) }
        }
        for size in sizes.dropLast() {
            let lines = labels.map { twoLines($0, size: size) }
            if lines.joined().joined() == labels.joined().filter({ $0 != " " }) { return (size, lines) }
        }
        return (ChartStyle.minimumSize, labels.map { twoLines($0, size: ChartStyle.minimumSize) })
    }
}

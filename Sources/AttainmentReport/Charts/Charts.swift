import AttainmentCore
import Foundation

/// The charts of the self-study report, each laid out as a scene. Values are attainment values,
/// usually 0…1; values are compared with the threshold unrounded (`isBelow`), and non-finite values are
/// left out. The layouts are deterministic: the same input always gives the same scene.
enum Charts {
    /// The size of a chart as wide as an A4 page's text (about 450 pt).
    static let fullWidth = (width: 450.0, height: 260.0)

    /// Every student's value of each category (the course objectives of a course) as points in
    /// a vertical strip per category, the class value as a short bar across the strip, and the
    /// threshold line. Points below the threshold are red, the others blue.
    ///
    /// - Parameters:
    ///   - categories: The category labels, e.g. `CO1`.
    ///   - studentValues: Per category, the students' values; NaN is left out.
    ///   - classValues: Per category, the class value, or nil where it cannot be evaluated.
    ///   - threshold: The value the points are compared with and the line is drawn at.
    ///   - labels: `series` names the students' points, `secondSeries` the class values.
    /// - Returns: A 450 × 260 pt scene; every student's point is one `.point` marker centre.
    ///
    /// The report passes the individual threshold, which the students' values are judged by.
    /// With `classValues` nil the chart shows the students alone: under NBA and ABET the class
    /// value is a level or a share of students, on another scale than a student's value
    /// (methods.md §11, §12).
    static func studentScatter(categories: [String], studentValues: [[Double]], classValues: [Double?]?,
                               threshold: Double, labels: ChartLabels) -> Scene {
        precondition(studentValues.count == categories.count && (classValues?.count ?? categories.count) == categories.count,
                     "one list of student values and one class value per category")
        let classStroke = SceneStroke(color: ChartStyle.text, width: 2.5)
        let values = Array(studentValues.joined()) + (classValues ?? []).compactMap { $0 } + [threshold]
        var frame = ChartFrame(
            width: fullWidth.width, height: fullWidth.height, labels: labels,
            legend: [LegendItem(swatch: .marker(ChartStyle.blue), text: labels.series)]
                + (classValues == nil ? [] : [LegendItem(swatch: .line(classStroke), text: labels.secondSeries)]),
            axis: .attainment(values), bottom: .categories(categories), thresholdOnRight: true)
        for (index, students) in studentValues.enumerated() {
            let band = frame.band(index)
            let spread = min(band.width * 0.6, 48)
            // Spread the points across the strip by rank, stepping by the golden ratio, so that
            // students with close values land far apart and the layout never changes.
            let ranked = students.enumerated().filter { $0.element.isFinite }
                .sorted { ($0.element, $0.offset) < ($1.element, $1.offset) }
            var met: [ScenePoint] = [], below: [ScenePoint] = []
            for (rank, student) in ranked.enumerated() {
                let offset = (Double(rank) * 0.618_033_988_75).truncatingRemainder(dividingBy: 1) - 0.5
                let point = ScenePoint(x: band.center + offset * spread, y: frame.y(student.element))
                if isBelow(student.element, threshold: threshold) { below.append(point) } else { met.append(point) }
            }
            for (points, color) in [(met, ChartStyle.blue), (below, ChartStyle.red)] where !points.isEmpty {
                frame.scene.add(.markers(points, radius: 2.2, fill: color, fillOpacity: 0.65, stroke: nil), role: .point)
            }
            guard let classValues else { continue }
            if let value = classValues[index], value.isFinite {
                let half = min(band.width * 0.4, 32)
                let y = frame.y(value)
                frame.scene.add(.line(from: ScenePoint(x: band.center - half, y: y), to: ScenePoint(x: band.center + half, y: y),
                                      stroke: classStroke), role: .series)
            } else {
                frame.scene.add(notEvaluableLabel(labels.notEvaluable, in: frame, band: band), role: .valueLabel)
            }
        }
        frame.addThreshold(threshold)
        return frame.finished()
    }

    /// A bar per category (graduation requirements) with its value above it and the threshold
    /// line; bars below the threshold are red, the others blue.
    ///
    /// - Parameters:
    ///   - categories: The category labels, e.g. `GR1` or `1 工程知识`.
    ///   - values: Per category, the value, or nil (no bar; `labels.notEvaluable` instead).
    ///   - threshold: The value the bars are compared with and the line is drawn at.
    /// - Returns: A 450 × 260 pt scene with one `.bar` rectangle per evaluable category.
    static func thresholdBars(categories: [String], values: [Double?], threshold: Double, labels: ChartLabels) -> Scene {
        precondition(values.count == categories.count, "one value per category")
        let values = values.map { $0.flatMap { $0.isFinite ? $0 : nil } }
        var frame = ChartFrame(
            width: fullWidth.width, height: fullWidth.height, labels: labels, legend: [],
            axis: .attainment(values.compactMap { $0 } + [threshold]), bottom: .categories(categories), thresholdOnRight: true)
        for (index, value) in values.enumerated() {
            let band = frame.band(index)
            guard let value else {
                frame.scene.add(notEvaluableLabel(labels.notEvaluable, in: frame, band: band), role: .valueLabel)
                continue
            }
            let barWidth = min(band.width * 0.6, 36)
            let top = frame.y(value)
            frame.scene.add(.rectangle(x: band.center - barWidth / 2, y: top, width: barWidth, height: frame.y(0) - top,
                                       fill: isBelow(value, threshold: threshold) ? ChartStyle.red : ChartStyle.blue, stroke: nil), role: .bar)
            // Values shrink to fit their band, down to 6 pt; bands narrower than that show none
            // (the report's table has the numbers).
            let text = NumberStyle.fixed(value, decimals: 3)
            let size = min(ChartStyle.valueSize, (band.width - 2) / TextMetrics.width(text, size: 1))
            if size >= 6 {
                frame.scene.add(ChartStyle.text(text, x: band.center, y: top - 6.5, size: size), role: .valueLabel)
            }
        }
        frame.addThreshold(threshold)
        return frame.finished()
    }

    /// A radar (spider) chart: a spoke per category clockwise from the top, rings every 0.2, the
    /// values polygon (blue, semi-transparent) and the threshold polygon (red, dashed).
    ///
    /// Fewer than 3 categories make no radar; they are shown by `thresholdBars` instead.
    ///
    /// - Parameters:
    ///   - categories: The category labels, shown outside the rim; where the full labels do
    ///     not fit, only their first word (the id) is shown.
    ///   - values: Per category, the value, or nil (no vertex; the label says `notEvaluable`).
    ///   - labels: `series` names the values polygon, `threshold` the threshold polygon.
    /// - Returns: A 360 × 320 pt scene; the `.series` polygon has a vertex per evaluable value.
    static func radar(categories: [String], values: [Double?], threshold: Double, labels: ChartLabels) -> Scene {
        guard categories.count >= 3 else {
            return thresholdBars(categories: categories, values: values, threshold: threshold, labels: labels)
        }
        precondition(values.count == categories.count, "one value per category")
        let values = values.map { $0.flatMap { $0.isFinite ? $0 : nil } }
        let padding = ChartStyle.padding
        var scene = Scene(width: 360, height: 320, description: labels.title)
        scene.add(.rectangle(x: 0, y: 0, width: scene.width, height: scene.height, fill: ChartStyle.white, stroke: nil), role: .background)
        var top = padding, bottom = scene.height - padding
        if !labels.title.isEmpty {
            ChartFrame.addTitle(labels.title, to: &scene)
            top += 18
        }
        let legend = [LegendItem(swatch: .area(ChartStyle.blue), text: labels.series),
                      LegendItem(swatch: .line(ChartStyle.thresholdStroke), text: labels.threshold)].filter { !$0.text.isEmpty }
        if !legend.isEmpty {
            ChartFrame.addLegend(legend, centerY: bottom - 6, to: &scene)
            bottom -= 18
        }
        let axis = ValueAxis.attainment(values.compactMap { $0 } + [threshold])
        var rings = Array(stride(from: 0.2, through: axis.top + 1e-9, by: 0.2))
        if let last = rings.last, last < axis.top - 1e-9 { rings.append(axis.top) }
        let layout = RadarLayout(categories: categories, values: values, notEvaluable: labels.notEvaluable, rings: rings,
                                 top: axis.top, bounds: TextBox(minX: padding / 2, minY: top, maxX: scene.width - padding / 2, maxY: bottom))

        let spokes = categories.indices.map { layout.point($0, value: axis.top) }
        for ring in rings {
            scene.add(.polygon(categories.indices.map { layout.point($0, value: ring) }, fill: nil, fillOpacity: 0,
                               stroke: ChartStyle.gridStroke), role: .grid)
        }
        for spoke in spokes {
            scene.add(.line(from: layout.centre, to: spoke, stroke: ChartStyle.gridStroke), role: .axis)
        }
        for ring in layout.ringLabels {
            scene.add(ChartStyle.text(ring.text, x: ring.at.x, y: ring.at.y, size: ring.size, anchor: .start, color: ChartStyle.axis), role: .tickLabel)
        }
        let evaluable = values.indices.filter { values[$0] != nil }
        let vertices = evaluable.map { layout.point($0, value: values[$0] ?? 0) }
        let valueStroke = SceneStroke(color: ChartStyle.blue, width: 1.5)
        if vertices.count >= 3 {
            scene.add(.polygon(vertices, fill: ChartStyle.blue, fillOpacity: 0.25, stroke: valueStroke), role: .series)
        } else if vertices.count == 2 {
            scene.add(.polyline(vertices, stroke: valueStroke), role: .series)
        }
        scene.add(.polygon(categories.indices.map { layout.point($0, value: threshold) }, fill: nil, fillOpacity: 0,
                           stroke: ChartStyle.thresholdStroke), role: .threshold)
        for below in [false, true] {
            let points = zip(evaluable, vertices).filter { isBelow(values[$0.0] ?? 0, threshold: threshold) == below }.map(\.1)
            if !points.isEmpty {
                scene.add(.markers(points, radius: 2.5, fill: below ? ChartStyle.red : ChartStyle.blue, fillOpacity: 1, stroke: nil), role: .point)
            }
        }
        for label in layout.categoryLabels {
            scene.add(ChartStyle.text(label.text, x: label.at.x, y: label.at.y, size: label.size, anchor: label.anchor), role: .tickLabel)
        }
        return scene
    }

    /// A histogram of the students' values: bins 0.1 wide from 0 to the value axis's top (the
    /// last bin includes its upper edge), a bar per non-empty bin, and a vertical threshold line.
    /// Bins whose upper edge is at or below the threshold are red.
    ///
    /// - Parameters:
    ///   - values: One value per student; NaN is left out, negative values count in the first bin.
    ///   - labels: `valueAxis` names the count axis (`人数`), `categoryAxis` the value axis.
    /// - Returns: A 450 × 200 pt scene with one `.bar` rectangle per non-empty bin.
    static func histogram(values: [Double], threshold: Double, labels: ChartLabels) -> Scene {
        let values = values.filter(\.isFinite).map { max($0, 0) }
        let top = ValueAxis.attainment(values + [threshold]).top
        // Beyond 1 (ABET's rubric levels, methods.md §12) coarser ticks where 0.1 would crowd.
        let valueAxis = ValueAxis(top: top, decimals: 1, steps: top > 1 ? [0.1, 0.2, 0.5, 1] : [0.1])
        let binCount = Int((valueAxis.top * 10).rounded())
        var counts = Array(repeating: 0, count: binCount)
        for value in values {
            // The tolerance of the verdicts puts 0.3 (stored as 0.29999…) in the bin [0.3, 0.4),
            // and a value at the threshold in the bin that starts there.
            counts[min(Int(((value + markTolerance) * 10).rounded(.down)), binCount - 1)] += 1
        }
        var frame = ChartFrame(width: fullWidth.width, height: 200, labels: labels, legend: [],
                               axis: .counts(maximum: counts.max() ?? 0), bottom: .values(valueAxis), thresholdOnRight: false)
        for (bin, count) in counts.enumerated() where count > 0 {
            let lower = frame.x(Double(bin) / 10) + 1, upper = frame.x(Double(bin + 1) / 10) - 1
            let top = frame.y(Double(count))
            let red = Double(bin + 1) / 10 <= threshold + markTolerance
            frame.scene.add(.rectangle(x: lower, y: top, width: upper - lower, height: frame.y(0) - top,
                                       fill: red ? ChartStyle.red : ChartStyle.blue, stroke: nil), role: .bar)
            frame.scene.add(ChartStyle.text(String(count), x: (lower + upper) / 2, y: top - 6.5, size: ChartStyle.valueSize), role: .valueLabel)
        }
        frame.addVerticalThreshold(threshold)
        return frame.finished()
    }

    /// The not-evaluable text just above the baseline of a category's band, shrunk to fit it
    /// down to 6 pt and cut short below that.
    private static func notEvaluableLabel(_ text: String, in frame: ChartFrame, band: (center: Double, width: Double)) -> SceneShape {
        let size = max(6, min(ChartStyle.valueSize, (band.width - 2) / max(TextMetrics.width(text, size: 1), 0.01)))
        return ChartStyle.text(TextMetrics.truncated(text, size: size, maxWidth: band.width - 2), x: band.center,
                               y: frame.y(0) - 8, size: size, color: ChartStyle.axis)
    }
}

/// Where a radar's centre, rim and labels go: the largest radius at which the category labels
/// fit around the rim without overlapping each other or the ring labels, with the rim and the
/// labels together centred in the space for them.
private struct RadarLayout {
    struct Label {
        var text: String
        var at: ScenePoint
        var anchor: TextAnchor
        var size: Double
        var box: TextBox { TextBox(text, at: at, size: size, anchor: anchor) }
    }

    let centre: ScenePoint
    let radius: Double
    let top: Double
    let count: Int
    let categoryLabels: [Label]
    let ringLabels: [Label]
    static let ringSize = 7.0

    init(categories: [String], values: [Double?], notEvaluable: String, rings: [Double], top: Double, bounds: TextBox) {
        let marked = { (label: String, index: Int) in values[index] == nil ? "\(label) \(notEvaluable)" : label }
        let full = categories.enumerated().map { marked($0.element, $0.offset) }
        let ids = categories.enumerated().map { marked(String($0.element.split(separator: " ").first ?? ""), $0.offset) }
        let largest = min(bounds.maxX - bounds.minX, bounds.maxY - bounds.minY) / 2
        let smallest = largest * 0.45
        self.top = top
        self.count = categories.count
        func fit() -> (centre: ScenePoint, radius: Double, labels: [Label])? {
            for texts in [full, ids] {
                for size in [ChartStyle.tickSize, 8, ChartStyle.minimumSize] {
                    for radius in stride(from: largest, through: smallest, by: -2) {
                        let (centre, labels) = Self.arrange(texts, size: size, radius: radius, rings: rings, top: top, bounds: bounds)
                        let boxes = labels.map(\.box)
                        let overlap = boxes.indices.contains { i in boxes[..<i].contains { $0.overlaps(boxes[i]) } }
                        if !overlap, boxes.allSatisfy({ $0.isInside(bounds) }) { return (centre, radius, labels) }
                    }
                }
            }
            return nil
        }
        // Where nothing fits even with ids at 7 pt, keep the smallest chart and cut the ids short.
        let room = max((bounds.maxX - bounds.minX) / 2 - smallest - 8, 12)
        let cut = ids.map { TextMetrics.truncated($0, size: ChartStyle.minimumSize, maxWidth: room) }
        let layout = fit() ?? {
            let (centre, labels) = Self.arrange(cut, size: ChartStyle.minimumSize, radius: smallest, rings: rings, top: top, bounds: bounds)
            return (centre, smallest, labels)
        }()
        centre = layout.centre
        radius = layout.radius
        categoryLabels = Array(layout.labels.prefix(categories.count))
        ringLabels = Array(layout.labels.dropFirst(categories.count))
    }

    /// The point of `value` on spoke `index` (spoke 0 points up, the others follow clockwise).
    func point(_ index: Int, value: Double) -> ScenePoint {
        Self.point(index, count: count, centre: centre, distance: radius * value / top)
    }

    private static func point(_ index: Int, count: Int, centre: ScenePoint, distance: Double) -> ScenePoint {
        let angle = -Double.pi / 2 + 2 * Double.pi * Double(index) / Double(count)
        return ScenePoint(x: centre.x + distance * cos(angle), y: centre.y + distance * sin(angle))
    }

    /// The category labels just outside the rim (left of the spokes on the left, right of those
    /// on the right, centred above or below the spokes near the vertical), then the ring values
    /// right of the upward spoke; placed so that they and the rim are centred in `bounds`.
    private static func arrange(_ texts: [String], size: Double, radius: Double, rings: [Double], top: Double,
                                bounds: TextBox) -> (centre: ScenePoint, labels: [Label]) {
        func labels(_ centre: ScenePoint) -> [Label] {
            let categories = texts.enumerated().map { index, text in
                let tip = point(index, count: texts.count, centre: centre, distance: radius + 6)
                let dx = (tip.x - centre.x) / (radius + 6), dy = (tip.y - centre.y) / (radius + 6)
                let anchor: TextAnchor = dx > 0.3 ? .start : dx < -0.3 ? .end : .middle
                return Label(text: text, at: ScenePoint(x: tip.x, y: tip.y + dy * size * 0.6), anchor: anchor, size: size)
            }
            return categories + rings.map { ring in
                Label(text: NumberStyle.fixed(ring, decimals: 1), at: ScenePoint(x: centre.x + 3, y: centre.y - radius * ring / top),
                      anchor: .start, size: ringSize)
            }
        }
        let middle = ScenePoint(x: (bounds.minX + bounds.maxX) / 2, y: (bounds.minY + bounds.maxY) / 2)
        let rim = texts.indices.map { point($0, count: texts.count, centre: middle, distance: radius) }
        let boxes = labels(middle).map(\.box) + rim.map { TextBox(minX: $0.x, minY: $0.y, maxX: $0.x, maxY: $0.y) }
        let minX = boxes.map(\.minX).min() ?? middle.x, maxX = boxes.map(\.maxX).max() ?? middle.x
        let minY = boxes.map(\.minY).min() ?? middle.y, maxY = boxes.map(\.maxY).max() ?? middle.y
        let centre = ScenePoint(x: middle.x * 2 - (minX + maxX) / 2, y: middle.y * 2 - (minY + maxY) / 2)
        return (centre, labels(centre))
    }
}

extension Charts {
    /// Cohorts side by side (the three-cohort comparison reviewers ask for): per category a
    /// group of bars, one per cohort, oldest first, in blues from light to dark, with the latest
    /// cohort's threshold line. A bar below its cohort's threshold (unrounded) has a red outline.
    ///
    /// - Parameters:
    ///   - categories: The category labels, e.g. `GR1`.
    ///   - cohorts: The cohorts, in order; each is a legend entry.
    ///   - values: Per category, per cohort, the value or nil (no bar).
    ///   - thresholds: Each cohort's threshold, which its bars are compared with; the line is
    ///     drawn at the last (the latest cohort's).
    /// - Returns: A 450 × 260 pt scene with one `.bar` rectangle per evaluable value.
    static func cohortBars(
        categories: [String], cohorts: [String], values: [[Double?]], thresholds: [Double], labels: ChartLabels
    ) -> Scene {
        precondition(values.count == categories.count && values.allSatisfy { $0.count == cohorts.count },
                     "a value per category and cohort")
        precondition(thresholds.count == cohorts.count && !cohorts.isEmpty, "a threshold per cohort, and a cohort")
        let threshold = thresholds[thresholds.count - 1]
        let colours = cohorts.indices.map { index -> SceneColor in
            // From light (0xA9C4EB) to the report's blue (0x4472C4) to dark (0x1F3864).
            let stops: [(Double, Double, Double)] = [(0xA9, 0xC4, 0xEB), (0x44, 0x72, 0xC4), (0x1F, 0x38, 0x64)]
            let t = cohorts.count > 1 ? Double(index) / Double(cohorts.count - 1) : 0.5
            let (a, b, u) = t < 0.5 ? (stops[0], stops[1], t * 2) : (stops[1], stops[2], (t - 0.5) * 2)
            func mix(_ x: Double, _ y: Double) -> UInt8 { UInt8((x + (y - x) * u).rounded()) }
            return SceneColor(red: mix(a.0, b.0), green: mix(a.1, b.1), blue: mix(a.2, b.2))
        }
        let finite = values.map { $0.map { $0.flatMap { $0.isFinite ? $0 : nil } } }
        var frame = ChartFrame(
            width: fullWidth.width, height: fullWidth.height, labels: labels,
            legend: zip(cohorts, colours).map { LegendItem(swatch: .marker($1), text: $0) },
            axis: .attainment(finite.joined().compactMap { $0 } + [threshold]), bottom: .categories(categories),
            thresholdOnRight: true)
        let outline = SceneStroke(color: ChartStyle.red, width: 1.5)
        for (index, group) in finite.enumerated() {
            let band = frame.band(index)
            let groupWidth = min(band.width * 0.8, 18 * Double(max(cohorts.count, 1)))
            let barWidth = groupWidth / Double(max(cohorts.count, 1))
            for (c, value) in group.enumerated() {
                guard let value else { continue }
                let top = frame.y(value)
                frame.scene.add(
                    .rectangle(x: band.center - groupWidth / 2 + Double(c) * barWidth, y: top, width: barWidth,
                               height: frame.y(0) - top, fill: colours[c],
                               stroke: isBelow(value, threshold: thresholds[c]) ? outline : nil),
                    role: .bar)
            }
            if group.allSatisfy({ $0 == nil }) {
                frame.scene.add(notEvaluableLabel(labels.notEvaluable, in: frame, band: band), role: .valueLabel)
            }
        }
        frame.addThreshold(threshold)
        return frame.finished()
    }
}

import Foundation
import Testing

@testable import AttainmentReport

#if canImport(FoundationXML)
import FoundationXML
#endif

/// One element of a parsed SVG, with its attributes and text.
private struct SVGNode {
    var name: String
    var attributes: [String: String]
    var text = ""

    var role: String? { attributes["class"] }
    func number(_ key: String) -> Double { Double(attributes[key] ?? "") ?? .nan }
    /// The points of a polygon or polyline.
    var points: [(x: Double, y: Double)] {
        (attributes["points"] ?? "").split(separator: " ").map { pair in
            let xy = pair.split(separator: ",").compactMap { Double($0) }
            return (xy.first ?? .nan, xy.last ?? .nan)
        }
    }
}

private final class SVGCollector: NSObject, XMLParserDelegate {
    var nodes: [SVGNode] = []
    private var open: [Int] = []

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        open.append(nodes.count)
        nodes.append(SVGNode(name: elementName, attributes: attributeDict))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let current = open.last { nodes[current].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        open.removeLast()
    }
}

/// The elements of an SVG document, in document order; fails the test if it is not well-formed XML.
private func parse(_ svg: String) throws -> [SVGNode] {
    let parser = XMLParser(data: Data(svg.utf8))
    let collector = SVGCollector()
    parser.delegate = collector
    let parsed = parser.parse()
    try #require(parsed, "well-formed XML: \(String(describing: parser.parserError))")
    return collector.nodes
}

private func nodes(_ scene: Scene) throws -> [SVGNode] { try parse(SVGRenderer.render(scene)) }

/// The y of a value on the left value axis, read off the tick labels "0.0" and "1.0" as a reader would.
private func valueToY(_ nodes: [SVGNode]) throws -> (Double) -> Double {
    let ticks = nodes.filter { $0.role == "tick-label" }
    let zero = try #require(ticks.first { $0.text == "0.0" }).number("y")
    let one = try #require(ticks.first { $0.text == "1.0" }).number("y")
    return { zero + (one - zero) * $0 }
}

private func close(_ a: Double, _ b: Double, tolerance: Double = 0.02) -> Bool { abs(a - b) <= tolerance }

private let requirements = ["1 工程知识", "2 问题分析", "3 设计/开发解决方案", "4 研究", "5 使用现代工具", "6 工程与社会",
                            "7 环境和可持续发展", "8 职业规范", "9 个人和团队", "10 沟通", "11 项目管理", "12 终身学习"]
private let requirementValues: [Double?] = [0.81, 0.66, 0.74, nil, 0.92, 0.7, 0.58, 0.77, 0.85, 0.69, 0.73, 0.8]
private let chinese = ChartLabels(title: "毕业要求达成情况", valueAxis: "达成值", categoryAxis: "毕业要求", threshold: "期望值 0.70",
                                  series: "学生个体达成值", secondSeries: "班级达成值", notEvaluable: "无法评价")

/// Three course objectives of a class of 40, with NaN for a student without a value.
private let scatterValues: [[Double]] = (0..<3).map { (objective: Int) -> [Double] in
    (0..<40).map { (student: Int) -> Double in
        if student == 7 && objective == 1 { return .nan }
        let spread: Int = (student * 37 + objective * 11) % 97
        return Double(spread) / 100 + 0.1
    }
}

private func scatter(_ labels: ChartLabels = chinese) -> Scene {
    Charts.studentScatter(categories: ["CO1", "CO2", "CO3"], studentValues: scatterValues,
                          classValues: [0.72, nil, 0.64], threshold: 0.7, labels: labels)
}

@Suite struct ChartTests {
    @Test func textWidthsFollowTheRules() {
        #expect(close(TextMetrics.width("工程知识", size: 10), 40))
        #expect(close(TextMetrics.width("GR1", size: 10), 6 + 6 + 5.6))
        #expect(close(TextMetrics.width("ab 12", size: 10), 5 + 5 + 2.8 + 5.6 + 5.6))
        #expect(TextMetrics.wrapped("1 工程知识", size: 10, maxWidth: 41, maxLines: 2) == ["1", "工程知识"])
        #expect(TextMetrics.wrapped("工程知识", size: 10, maxWidth: 25, maxLines: 1) == nil)
        let cut = TextMetrics.truncated("设计/开发解决方案", size: 10, maxWidth: 45)
        #expect(cut.hasSuffix("…") && TextMetrics.width(cut, size: 10) <= 45)
        // Two lines at most: the id, then as much of the name as fits with "…" (设计/ is 26 pt, 开 and … 10 each).
        #expect(TextMetrics.wrappedTruncating("3  设计/开发解决方案", size: 10, maxWidth: 45, maxLines: 2) == ["3", "设计/…"])
    }

    @Test func numbersHaveAtMostTwoDecimals() {
        #expect(SVGRenderer.number(-0.001) == "0")
        #expect(SVGRenderer.number(12.5) == "12.5")
        #expect(SVGRenderer.number(3) == "3")
        #expect(SVGRenderer.number(-2.25) == "-2.25")
        #expect(SVGRenderer.number(0.0749) == "0.07")
        #expect(SVGRenderer.number(.nan) == "0")
    }

    @Test func scatterHasAPointPerFiniteStudentValue() throws {
        let svg = try nodes(scatter())
        let points = svg.filter { $0.name == "circle" && $0.role == "point" }
        let finite = scatterValues.joined().filter(\.isFinite)
        #expect(points.count == finite.count)
        // Each point sits at its value, and those below the threshold are red.
        let toY = try valueToY(svg)
        let expected = finite.map(toY).sorted(), drawn = points.map { $0.number("cy") }.sorted()
        #expect(zip(expected, drawn).allSatisfy { close($0, $1) })
        #expect(points.filter { $0.attributes["fill"] == "#C00000" }.count == finite.filter { $0 < 0.7 }.count)
        // One class value bar for CO1 and CO3; CO2 says it cannot be evaluated.
        #expect(svg.filter { $0.role == "series" }.count == 2)
        #expect(svg.contains { $0.role == "value-label" && $0.text == "无法评价" })
    }

    /// NBA's class values are levels 0-3 (methods.md §11): the axis goes to the next half above
    /// the largest value, with ticks every 0.5 or 1 when 0.1 and 0.2 would crowd; up to 1 the
    /// axis is unchanged.
    @Test func attainmentAxisAboveOneHasCoarserTicks() {
        let levels = ValueAxis.attainment([2.2, 2.4, 1.8, 2])
        #expect(levels.top == 2.5)
        #expect(levels.ticks(length: 200) == [0, 0.5, 1, 1.5, 2, 2.5])
        #expect(levels.ticks(length: 50) == [0, 1, 2])
        #expect(ValueAxis.attainment([3]).top == 3)
        #expect(ValueAxis.attainment([0.64, 0.7]) == ValueAxis(top: 1, decimals: 1, steps: [0.1, 0.2]))
        #expect(ValueAxis.attainment([0.64, 0.7]).ticks(length: 240).count == 11)
    }

    /// Without class values (NBA, ABET: another scale) the scatter has the students alone: no
    /// class bars, no not-evaluable labels, one legend entry.
    @Test func scatterWithoutClassValues() throws {
        let svg = try nodes(Charts.studentScatter(
            categories: ["CO1", "CO2", "CO3"], studentValues: scatterValues, classValues: nil, threshold: 0.6, labels: chinese))
        #expect(svg.filter { $0.name == "circle" && $0.role == "point" }.count == scatterValues.joined().filter(\.isFinite).count)
        #expect(!svg.contains { $0.role == "series" })
        #expect(!svg.contains { $0.role == "value-label" })
    }

    @Test(arguments: [0.7, 0.55])
    func thresholdLineSitsAtItsValue(threshold: Double) throws {
        let scenes = [
            Charts.studentScatter(categories: ["CO1", "CO2", "CO3"], studentValues: scatterValues,
                                  classValues: [0.72, nil, 0.64], threshold: threshold, labels: chinese),
            Charts.thresholdBars(categories: requirements, values: requirementValues, threshold: threshold, labels: chinese),
        ]
        for scene in scenes {
            let svg = try nodes(scene)
            let line = try #require(svg.first { $0.name == "line" && $0.role == "threshold" })
            let y = try valueToY(svg)(threshold)
            #expect(close(line.number("y1"), y) && close(line.number("y2"), y))
            #expect(line.attributes["stroke"] == "#C00000" && line.attributes["stroke-dasharray"] != nil)
            let label = try #require(svg.first { $0.role == "threshold-label" })
            #expect(label.text == "期望值 0.70" && close(label.number("y"), y))
        }
    }

    @Test func barHeightsAreProportionalToValues() throws {
        let svg = try nodes(Charts.thresholdBars(categories: requirements, values: requirementValues, threshold: 0.7, labels: chinese))
        let toY = try valueToY(svg)
        let unit = toY(0) - toY(1)
        let bars = svg.filter { $0.name == "rect" && $0.role == "bar" }
        let values = requirementValues.compactMap { $0 }
        try #require(bars.count == values.count)
        for (bar, value) in zip(bars, values) {
            #expect(close(bar.number("height"), value * unit))
            #expect(close(bar.number("y") + bar.number("height"), toY(0)))
            #expect(bar.attributes["fill"] == (value < 0.7 ? "#C00000" : "#4472C4"))
        }
        let centres = bars.map { $0.number("x") + $0.number("width") / 2 }
        #expect(centres == centres.sorted())
        let shown = requirementValues.map { $0.map { String(format: "%.3f", $0) } ?? "无法评价" }
        #expect(svg.filter { $0.role == "value-label" }.map(\.text) == shown)
    }

    @Test func histogramPutsEachValueInItsBin() throws {
        let values = [0.05, 0.15, 0.55, 0.6, 0.99, 1.0, .nan]
        let svg = try nodes(Charts.histogram(values: values, threshold: 0.7, labels: chinese))
        let ticks = svg.filter { $0.role == "tick-label" }
        // The value axis runs along the bottom: read 0.0 and 1.0 off its labels.
        let x0 = try #require(ticks.first { $0.text == "0.0" }).number("x")
        let x1 = try #require(ticks.first { $0.text == "1.0" }).number("x")
        // The count axis runs up the left: its labels are whole numbers.
        let counts = ticks.compactMap { tick in Int(tick.text).map { (count: $0, y: tick.number("y")) } }
        let zero = try #require(counts.first { $0.count == 0 }), highest = try #require(counts.max { $0.count < $1.count })
        let perStudent = (zero.y - highest.y) / Double(highest.count)
        var bins: [Int: Int] = [:]
        var red: Set<Int> = []
        for bar in svg.filter({ $0.name == "rect" && $0.role == "bar" }) {
            let centre = bar.number("x") + bar.number("width") / 2
            let bin = Int(((centre - x0) / (x1 - x0) * 10).rounded(.down))
            bins[bin, default: 0] += Int((bar.number("height") / perStudent).rounded())
            if bar.attributes["fill"] == "#C00000" { red.insert(bin) }
        }
        #expect(bins == [0: 1, 1: 1, 5: 1, 6: 1, 9: 2])
        #expect(bins.values.reduce(0, +) == 6)
        #expect(red == [0, 1, 5, 6])
        let line = try #require(svg.first { $0.name == "line" && $0.role == "threshold" })
        #expect(close(line.number("x1"), x0 + (x1 - x0) * 0.7))
    }

    @Test func radarVerticesLieAtTheirValues() throws {
        let categories = ["GR1", "GR2", "GR3", "GR4", "GR5", "GR6", "GR7", "GR8"]
        let values: [Double?] = [0.8, 0.65, nil, 0.9, 0.72, 0.5, 1.0, 0.77]
        let svg = try nodes(Charts.radar(categories: categories, values: values, threshold: 0.7, labels: chinese))
        let spokes = svg.filter { $0.name == "line" && $0.role == "axis" }
        try #require(spokes.count == categories.count)
        let centre = (x: spokes[0].number("x1"), y: spokes[0].number("y1"))
        // No value exceeds 1, so the spokes end at 1.0.
        let rim = hypot(spokes[0].number("x2") - centre.x, spokes[0].number("y2") - centre.y)
        func distance(_ point: (x: Double, y: Double)) -> Double { hypot(point.x - centre.x, point.y - centre.y) }
        let polygon = try #require(svg.first { $0.name == "polygon" && $0.role == "series" })
        let evaluable = values.compactMap { $0 }
        try #require(polygon.points.count == evaluable.count)
        for (vertex, value) in zip(polygon.points, evaluable) {
            #expect(close(distance(vertex), rim * value, tolerance: 0.03))
        }
        let threshold = try #require(svg.first { $0.name == "polygon" && $0.role == "threshold" })
        #expect(threshold.points.allSatisfy { close(distance($0), rim * 0.7, tolerance: 0.03) })
        #expect(svg.contains { $0.role == "tick-label" && $0.text == "GR3 无法评价" })
    }

    @Test func radarOfTwoCategoriesIsABarChart() throws {
        let svg = try nodes(Charts.radar(categories: ["GR1", "GR2"], values: [0.8, 0.6], threshold: 0.7, labels: chinese))
        #expect(svg.filter { $0.role == "bar" }.count == 2)
    }

    @Test func sameInputGivesSameBytes() {
        let make: [() -> Scene] = [
            { scatter() },
            { Charts.thresholdBars(categories: requirements, values: requirementValues, threshold: 0.7, labels: chinese) },
            { Charts.radar(categories: requirements, values: requirementValues, threshold: 0.7, labels: chinese) },
            { Charts.histogram(values: scatterValues[0], threshold: 0.7, labels: chinese) },
        ]
        for chart in make {
            let svg = SVGRenderer.render(chart())
            #expect(svg == SVGRenderer.render(chart()))
            #expect(!svg.contains("\"-0\"") && svg.range(of: #"\d\.\d{3}""#, options: .regularExpression) == nil)
        }
    }

    @Test func labelsAreEscaped() throws {
        let odd = "A<B & \"C\" > 'D'"
        let labels = ChartLabels(title: odd, valueAxis: odd, categoryAxis: odd, threshold: odd, series: odd, secondSeries: odd)
        for scene in [scatter(labels),
                      Charts.radar(categories: [odd, "b", "c"], values: [0.5, 0.6, 0.7], threshold: 0.7, labels: labels)] {
            let svg = try nodes(scene)
            #expect(svg.first { $0.name == "title" }?.text == odd)
            #expect(svg.contains { $0.name == "text" && $0.text == odd })
        }
    }

    /// Every text's estimated box stays inside the drawing and clear of every other text.
    @Test(arguments: [4, 12, 24])
    func labelsDoNotOverlap(count: Int) throws {
        let categories = (0..<count).map { requirements[$0 % 12] + ($0 >= 12 ? "（续）" : "") }
        let values: [Double?] = (0..<count).map { requirementValues[$0 % 12] }
        let scenes = [
            Charts.thresholdBars(categories: categories, values: values, threshold: 0.7, labels: chinese),
            Charts.radar(categories: categories, values: values, threshold: 0.7, labels: chinese),
            scatter(), Charts.histogram(values: scatterValues[0], threshold: 0.7, labels: chinese),
        ]
        for scene in scenes {
            let svg = try nodes(scene)
            let root = try #require(svg.first { $0.name == "svg" })
            let texts = svg.filter { $0.name == "text" }
            let boxes = texts.map { text in
                let size = text.number("font-size"), width = TextMetrics.width(text.text, size: size)
                let x = text.number("x"), y = text.number("y")
                let left = switch text.attributes["text-anchor"] {
                case "middle": x - width / 2
                case "end": x - width
                default: x
                }
                return (left: left, right: left + width, top: y - 0.6 * size, bottom: y + 0.6 * size)
            }
            for (index, box) in boxes.enumerated() {
                #expect(box.left >= -0.01 && box.right <= root.number("width") + 0.01 && box.top >= -0.01
                        && box.bottom <= root.number("height") + 0.01, "\(texts[index].text) inside")
                for (other, second) in boxes[..<index].enumerated() {
                    let apart = box.right <= second.left + 0.05 || second.right <= box.left + 0.05
                        || box.bottom <= second.top + 0.05 || second.bottom <= box.top + 0.05
                    #expect(apart, "\(texts[index].text) clear of \(texts[other].text)")
                }
            }
            // No category label shrinks below 7 pt.
            #expect(texts.filter { $0.role == "tick-label" }.allSatisfy { $0.number("font-size") >= 7 })
        }
    }
}

/// A drawing made of a few kinds of marks, in points (1/72 inch), with the origin at the top
/// left and y growing downwards. Charts are laid out once as a scene; `SVGRenderer` and the
/// DOCX writer's DrawingML renderer turn the same scene into their formats, so every format
/// shows the same chart.
struct Scene: Sendable, Equatable {
    /// The size of the drawing.
    var width: Double
    var height: Double
    /// A one-line description of what the chart shows, for screen readers and alt text.
    var description: String
    /// The marks, painted in order (later ones on top).
    var elements: [SceneElement] = []

    mutating func add(_ shape: SceneShape, role: SceneRole) {
        elements.append(SceneElement(shape: shape, role: role))
    }
}

/// A point of a scene.
struct ScenePoint: Sendable, Equatable {
    var x: Double
    var y: Double
}

/// An sRGB colour.
struct SceneColor: Sendable, Equatable {
    var red: UInt8
    var green: UInt8
    var blue: UInt8

    /// `RRGGBB`, upper case, as DrawingML wants it; SVG takes it after a `#`.
    var hex: String {
        let digits = Array("0123456789ABCDEF")
        return [red, green, blue].map { "\(digits[Int($0 >> 4)])\(digits[Int($0 & 15)])" }.joined()
    }
}

/// How a line is drawn.
struct SceneStroke: Sendable, Equatable {
    enum Dash: Sendable, Equatable {
        case solid
        case dashed
        case dotted
    }

    var color: SceneColor
    /// In points.
    var width: Double
    var dash: Dash = .solid
}

/// How text sits against its point.
enum TextAnchor: Sendable, Equatable {
    /// The text starts at the point.
    case start
    /// The text is centred on the point.
    case middle
    /// The text ends at the point.
    case end
}

/// The kinds of mark.
enum SceneShape: Sendable, Equatable {
    case line(from: ScenePoint, to: ScenePoint, stroke: SceneStroke)
    /// An open path through the points.
    case polyline([ScenePoint], stroke: SceneStroke)
    /// A closed path; `fillOpacity` is 0…1.
    case polygon([ScenePoint], fill: SceneColor?, fillOpacity: Double, stroke: SceneStroke?)
    /// A rectangle from its top-left corner.
    case rectangle(x: Double, y: Double, width: Double, height: Double, fill: SceneColor?, stroke: SceneStroke?)
    /// Round markers of one style, one per centre (a scatter plot's students).
    case markers([ScenePoint], radius: Double, fill: SceneColor, fillOpacity: Double, stroke: SceneStroke?)
    /// One line of text. `at.y` is the vertical middle of the line; `size` is the font size in
    /// points.
    case text(String, at: ScenePoint, size: Double, anchor: TextAnchor, color: SceneColor, bold: Bool)
}

/// What a mark stands for. The SVG writes it as the element's `class`, which is how tests find
/// the points, bars and threshold line of a chart.
enum SceneRole: String, Sendable, Equatable {
    case background
    case grid
    case axis
    case tick
    case tickLabel = "tick-label"
    case axisTitle = "axis-title"
    case title
    case bar
    case point
    case series
    case threshold
    case thresholdLabel = "threshold-label"
    case valueLabel = "value-label"
    case legend
}

/// One mark with its role.
struct SceneElement: Sendable, Equatable {
    var shape: SceneShape
    var role: SceneRole
}

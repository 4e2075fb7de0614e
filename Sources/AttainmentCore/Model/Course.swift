/// A course with its objectives and its assessment plan.
public struct Course: Sendable, Equatable {
    public var id: String
    public var name: String
    public var credits: Double
    /// Course objectives (课程目标), in definition order.
    public var objectives: [CourseObjective]
    /// Assessment components (考核环节) with their weights.
    public var components: [AssessmentComponent]
    /// Assessment items: the columns of the course's score sheets.
    public var items: [AssessmentItem]

    /// Creates a course.
    public init(
        id: String, name: String = "", credits: Double = 0, objectives: [CourseObjective],
        components: [AssessmentComponent], items: [AssessmentItem]
    ) {
        self.id = id
        self.name = name
        self.credits = credits
        self.objectives = objectives
        self.components = components
        self.items = items
    }
}

/// A course objective (课程目标) and the indicators it supports.
public struct CourseObjective: Sendable, Equatable {
    public var id: String
    public var text: String
    /// Ids of the graduation-requirement indicators this objective supports.
    public var indicators: [String]

    /// Creates a course objective.
    public init(id: String, text: String = "", indicators: [String]) {
        self.id = id
        self.text = text
        self.indicators = indicators
    }
}

/// An assessment component (平时, 实验, 期中, 期末 …) and its weight in the course.
public struct AssessmentComponent: Sendable, Equatable {
    /// Which part of NBA's internal / end-semester split a component belongs to (methods.md §11).
    public enum Kind: String, Sendable, CaseIterable {
        /// Continuous internal evaluation (CIE): tests, assignments, labs.
        case `internal`
        /// The semester-end examination (SEE).
        case endSemester = "end-semester"
    }

    public var id: String
    public var name: String
    /// The weight; weights are normalised over the components of a course.
    public var weight: Double
    /// The NBA part, nil when not given (needed only under `attainment-levels`).
    public var kind: Kind?

    /// Creates a component.
    public init(id: String, name: String = "", weight: Double, kind: Kind? = nil) {
        self.id = id
        self.name = name
        self.weight = weight
        self.kind = kind
    }
}

/// One assessed item: a homework, a lab report, an exam question.
public struct AssessmentItem: Sendable, Equatable {
    public var id: String
    /// The id of the component the item belongs to.
    public var component: String
    public var fullMarks: Double
    /// Which course objectives the item assesses, with the part of its full marks for each.
    /// The parts add up to `fullMarks`; a student's score is split in the same proportions.
    public var marks: [ObjectiveMarks]
    /// The item's weight within its component (方式权重), or nil to count the item by its full
    /// marks. Either every item of a component has a weight or none has (docs/methods.md §2.5).
    public var weight: Double?

    /// Creates an item.
    public init(id: String, component: String, fullMarks: Double, marks: [ObjectiveMarks], weight: Double? = nil) {
        self.id = id
        self.component = component
        self.fullMarks = fullMarks
        self.marks = marks
        self.weight = weight
    }

    /// The objective the item assesses with all its marks, or nil when it shares them.
    package var soleObjective: String? {
        marks.count == 1 && marks[0].marks == fullMarks ? marks[0].objective : nil
    }

    /// Creates an item that assesses a single objective with all its marks.
    public init(id: String, component: String, fullMarks: Double, objective: String, weight: Double? = nil) {
        self.init(
            id: id, component: component, fullMarks: fullMarks,
            marks: [ObjectiveMarks(objective: objective, marks: fullMarks)], weight: weight)
    }
}

/// The part of an item's full marks that assesses one course objective.
public struct ObjectiveMarks: Sendable, Equatable {
    public var objective: String
    public var marks: Double

    /// Creates the pair.
    public init(objective: String, marks: Double) {
        self.objective = objective
        self.marks = marks
    }
}

extension Course {
    /// Each component's weight over the sum of the course's component weights (0 when they sum
    /// to 0), in the order of `components`.
    package var normalisedComponentWeights: [Double] {
        let total = components.reduce(0) { $0 + $1.weight }
        return components.map { total > 0 ? $0.weight / total : 0 }
    }

    /// v̂_j for each item: its weight within its component (方式权重) over the weights of the
    /// component's items; nil for an item without a weight (docs/methods.md §2.5).
    package var normalisedItemWeights: [Double?] {
        var totals: [String: Double] = [:]
        for item in items {
            if let weight = item.weight { totals[item.component, default: 0] += weight }
        }
        return items.map { item in
            guard let weight = item.weight, let total = totals[item.component], total > 0 else { return nil }
            return weight / total
        }
    }
}

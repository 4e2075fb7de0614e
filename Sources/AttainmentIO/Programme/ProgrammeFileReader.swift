package import AttainmentCore

/// Where each part of a programme was defined, to place the model's diagnostics in files.
struct SourceMap {
    private var locations: [DiagnosticSubject: SourceLocation] = [:]

    /// Records a location; the first one recorded for a subject wins.
    mutating func record(_ subject: DiagnosticSubject, _ location: SourceLocation) {
        // One lookup: the default is stored only when the subject has no location yet.
        Self.keep(&locations[subject, default: location])
    }

    private static func keep(_ location: inout SourceLocation) {}

    /// Makes room for `count` subjects in all, so that recording them does not rehash.
    mutating func reserveCapacity(_ count: Int) {
        locations.reserveCapacity(count)
    }

    /// Overrides a location.
    mutating func set(_ subject: DiagnosticSubject, _ location: SourceLocation) {
        locations[subject] = location
    }

    subscript(subject: DiagnosticSubject) -> SourceLocation? { locations[subject] }

    /// The diagnostic with a location, if it had none and its subject is known.
    func locate(_ diagnostic: Diagnostic) -> Diagnostic {
        guard diagnostic.location == nil, let subject = diagnostic.subject else { return diagnostic }
        var located = diagnostic
        located.location = locations[subject]
        return located
    }
}

/// The contents of programme.yaml: everything but courses and the course support matrix.
struct ProgrammeHeader {
    var id = ""
    var name = ""
    var cohort = ""
    var scheme = Scheme.engineering
    var thresholds = Thresholds()
    var methods = MethodSettings()
    var objectives: [ProgrammeObjective] = []
    var requirements: [Requirement] = []
    var requirementSupport: [SupportEntry] = []
    /// The surveys declared under `surveys:` (format.md, "Surveys").
    var surveys: [SurveyDeclaration] = []
    var electiveGroups: [ElectiveGroup] = []
}

enum ProgrammeFileReader {
    static let topLevelKeys = [
        "id", "name", "cohort", "scheme", "thresholds", "methods", "objectives", "requirements",
        "requirement_support", "surveys", "elective_groups",
    ]

    /// Reads programme.yaml into a header, recording locations.
    static func read(_ document: YAMLDocument, sourceMap: inout SourceMap) -> ProgrammeHeader {
        var header = ProgrammeHeader()
        let root = document.root
        sourceMap.record(.programme, document.location(root))
        guard let top = document.mapping(
            root, "programme.yaml", allowed: topLevelKeys,
            required: ["id", "name", "cohort", "objectives", "requirements"])
        else { return header }

        header.id = top["id"].flatMap { document.id($0, "the programme", at: root) } ?? ""
        header.name = top["name"].flatMap { document.text($0, "name") } ?? ""
        header.cohort = top["cohort"].flatMap { document.text($0, "cohort") } ?? ""
        if let node = top["scheme"], let scheme = document.choice(node, "scheme", as: Scheme.self) {
            header.scheme = scheme
        }
        header.thresholds = Thresholds(for: header.scheme)
        if let node = top["thresholds"], let thresholds = document.mapping(
            node, "thresholds", allowed: ["class", "individual"])
        {
            if let node = thresholds["class"], let value = document.number(node, "thresholds.class") {
                header.thresholds.classLevel = value
                sourceMap.record(.threshold("class"), document.location(node))
            }
            if let node = thresholds["individual"], let value = document.number(node, "thresholds.individual") {
                header.thresholds.individual = value
                sourceMap.record(.threshold("individual"), document.location(node))
            }
        }
        // A threshold not written is the scheme's default: the programme's place (the first
        // place recorded for a subject stays, so a written one wins).
        for threshold in ["class", "individual"] { sourceMap.record(.threshold(threshold), document.location(root)) }
        if let node = top["methods"] {
            header.methods = readMethods(node, document, scheme: header.scheme)
        } else {
            header.methods = MethodSettings(for: header.scheme)
        }

        for node in top["objectives"].map({ document.sequence($0, "objectives") }) ?? [] {
            guard let fields = document.mapping(node, "a programme objective", allowed: ["id", "text"]),
                let id = document.id(fields["id"], "a programme objective", at: node)
            else { continue }
            sourceMap.record(.programmeObjective(id), document.location(node))
            header.objectives.append(ProgrammeObjective(
                id: id, text: fields["text"].flatMap { document.text($0, "text") } ?? ""))
        }

        for node in top["requirements"].map({ document.sequence($0, "requirements") }) ?? [] {
            guard let fields = document.mapping(
                node, "a requirement", allowed: ["id", "name", "text", "indicators"], required: ["indicators"]),
                let id = document.id(fields["id"], "a requirement", at: node)
            else { continue }
            sourceMap.record(.requirement(id), document.location(node))
            var indicators: [Indicator] = []
            for indicatorNode in fields["indicators"].map({ document.sequence($0, "indicators of \(id)") }) ?? [] {
                // An indicator may be written as just its id.
                if let scalar = indicatorNode.scalar {
                    let indicatorID = scalar.string.trimmingSpaces
                    sourceMap.record(.indicator(indicatorID), document.location(indicatorNode))
                    indicators.append(Indicator(id: indicatorID))
                    continue
                }
                guard let indicatorFields = document.mapping(indicatorNode, "an indicator", allowed: ["id", "text"]),
                    let indicatorID = document.id(indicatorFields["id"], "an indicator of \(id)", at: indicatorNode)
                else { continue }
                sourceMap.record(.indicator(indicatorID), document.location(indicatorNode))
                indicators.append(Indicator(
                    id: indicatorID, text: indicatorFields["text"].flatMap { document.text($0, "text") } ?? ""))
            }
            header.requirements.append(Requirement(
                id: id, name: fields["name"].flatMap { document.text($0, "name") } ?? "",
                text: fields["text"].flatMap { document.text($0, "text") } ?? "", indicators: indicators))
        }

        if let node = top["requirement_support"] {
            for (requirement, keyNode, row) in document.pairs(node, "requirement_support") {
                sourceMap.record(.requirement(requirement), document.location(keyNode))
                for (objective, _, cell) in document.pairs(row, "the support of \(requirement)") {
                    let location = document.location(cell)
                    guard let text = document.text(cell, "a support cell") else { continue }
                    guard let strength = parseSupportStrength(text) else {
                        document.log.error(
                            .invalidValue, "support of \(objective) by \(requirement) must be H, M, L or a positive number, not '\(text)'",
                            at: location)
                        continue
                    }
                    sourceMap.record(.requirementSupport(requirement: requirement, objective: objective), location)
                    header.requirementSupport.append(SupportEntry(from: requirement, to: objective, strength: strength))
                }
            }
        }
        if let node = top["surveys"] {
            header.surveys = readSurveys(node, document)
        }

        // Elective groups (methods.md §14): `{id, name, courses: [..]}`.
        for node in top["elective_groups"].map({ document.sequence($0, "elective_groups") }) ?? [] {
            guard let fields = document.mapping(
                node, "an elective group", allowed: ["id", "name", "courses"], required: ["courses"]),
                let id = document.id(fields["id"], "an elective group", at: node)
            else { continue }
            sourceMap.record(.electiveGroup(id), document.location(node))
            let courses = fields["courses"].map { document.sequence($0, "the courses of \(id)") }?
                .compactMap { document.text($0, "a course id") } ?? []
            header.electiveGroups.append(ElectiveGroup(
                id: id, name: fields["name"].flatMap { document.text($0, "name") } ?? "", courses: courses))
        }
        return header
    }

    /// Reads `surveys:`, a list of `{file, kind, scale, population, name}` (format.md, "Surveys").
    private static func readSurveys(_ node: YAMLNode, _ document: YAMLDocument) -> [SurveyDeclaration] {
        var declarations: [SurveyDeclaration] = []
        for entry in document.sequence(node, "surveys") {
            guard let fields = document.mapping(
                entry, "a survey", allowed: ["file", "kind", "scale", "population", "name"],
                required: ["file", "kind", "scale"]),
                let file = fields["file"].flatMap({ document.text($0, "file") }),
                let kind = fields["kind"].flatMap({ document.choice($0, "kind", as: SurveyKind.self) }),
                let scaleNode = fields["scale"], let scale = wholeNumber(scaleNode, document, "scale", minimum: 2)
            else { continue }
            if file.isEmpty {
                document.log.error(.missingField, "the file of a survey is empty", at: document.location(entry))
                continue
            }
            var population: Int?
            if let node = fields["population"] {
                guard let number = wholeNumber(node, document, "population", minimum: 1) else { continue }
                population = number
            }
            let name = fields["name"].flatMap { document.text($0, "name") }.flatMap { $0.isEmpty ? nil : $0 }
            declarations.append(SurveyDeclaration(
                survey: DeclaredSurvey(file: file, kind: kind, scale: scale, population: population, name: name),
                location: document.location(entry), scaleLocation: document.location(scaleNode)))
        }
        return declarations
    }

    /// A whole number of at least `minimum`, or nil after logging why not.
    private static func wholeNumber(_ node: YAMLNode, _ document: YAMLDocument, _ what: String, minimum: Int) -> Int? {
        guard let text = document.text(node, what) else { return nil }
        guard let number = Int(text), number >= minimum else {
            document.log.error(
                .invalidValue, "\(what) of a survey must be a whole number of at least \(minimum), not '\(text)'",
                at: document.location(node))
            return nil
        }
        return number
    }

    /// Reads `methods` onto the scheme's defaults. A nested mapping (`nba: {target: 0.6}`)
    /// gives dotted keys (`nba.target`), a list gives comma-separated text (`nba.bands`); every
    /// key and value goes through `MethodSettings.set`, the one list of settings.
    private static func readMethods(_ node: YAMLNode, _ document: YAMLDocument, scheme: Scheme) -> MethodSettings {
        var methods = MethodSettings(for: scheme)
        let keys = MethodSettings.keys
        let topKeys = keys.reduce(into: [String]()) { found, key in
            let top = String(key.prefix { $0 != "." })
            if !found.contains(top) { found.append(top) }
        }
        guard let fields = document.mapping(node, "methods", allowed: topKeys) else { return methods }
        for top in topKeys {
            guard let value = fields[top] else { continue }
            let nested = keys.filter { $0.hasPrefix(top + ".") }.map { String($0.dropFirst(top.count + 1)) }
            var settings: [(key: String, node: YAMLNode)] = []
            if nested.isEmpty {
                settings = [(top, value)]
            } else if let members = document.mapping(value, "methods.\(top)", allowed: nested) {
                settings = nested.compactMap { name in members[name].map { ("\(top).\(name)", $0) } }
            }
            for (key, node) in settings {
                let text: String?
                if case .sequence = node {
                    text = document.sequence(node, "methods.\(key)")
                        .compactMap { document.text($0, "an element of methods.\(key)") }
                        .joined(separator: ",")
                } else {
                    text = document.text(node, "methods.\(key)")
                }
                guard let text else { continue }
                do {
                    try methods.set(key, to: text)
                } catch {
                    document.log.error(.invalidValue, "methods.\(error.message)", at: document.location(node))
                }
            }
        }
        return methods
    }
}

/// H/M/L (also 高/中/低, any case) or a number; nil when neither. Positivity is checked by
/// the model's validation.
func parseSupportStrength(_ text: String) -> SupportStrength? {
    switch text.uppercased() {
    case "H", "高": return .level(.high)
    case "M", "中": return .level(.medium)
    case "L", "低": return .level(.low)
    default:
        guard let number = Double(text), number.isFinite else { return nil }
        return .weight(number)
    }
}

/// A course as read from its file: the model, where its score sheets are, how they name items.
package struct CourseSource: Sendable, Equatable {
    package var course: Course
    /// The sheets listed in the course file, or nil for the default places.
    package var sheets: [String]?
    package var columns: SheetColumns

    package init(course: Course, sheets: [String]?, columns: SheetColumns) {
        self.course = course
        self.sheets = sheets
        self.columns = columns
    }
}

enum CourseFileReader {
    static let keys = ["id", "name", "credits", "objectives", "components", "items", "sheets", "ignore_columns"]

    /// Reads a course file. `expectedID` is the file's stem; the `id` field must match it.
    static func read(
        _ document: YAMLDocument, expectedID: String, sourceMap: inout SourceMap
    ) -> CourseSource? {
        let root = document.root
        guard let top = document.mapping(
            root, document.file, allowed: keys, required: ["objectives", "components", "items"])
        else { return nil }
        let id = top["id"].flatMap { document.id($0, "the course", at: root) } ?? expectedID
        if id != expectedID {
            document.log.error(
                .invalidValue, "the course id '\(id)' differs from the file name '\(expectedID)'",
                at: top["id"].map(document.location))
        }
        sourceMap.record(.course(id), document.location(root))

        var objectives: [CourseObjective] = []
        for node in top["objectives"].map({ document.sequence($0, "objectives") }) ?? [] {
            guard let fields = document.mapping(
                node, "a course objective", allowed: ["id", "text", "indicators"], required: ["indicators"]),
                let objectiveID = document.id(fields["id"], "a course objective", at: node)
            else { continue }
            sourceMap.record(.courseObjective(course: id, objective: objectiveID), document.location(node))
            var indicators: [String] = []
            if let indicatorsNode = fields["indicators"] {
                // A single indicator may be written without brackets.
                let nodes = indicatorsNode.scalar != nil
                    ? [indicatorsNode] : document.sequence(indicatorsNode, "indicators of \(objectiveID)")
                indicators = nodes.compactMap { document.text($0, "an indicator id") }
            }
            objectives.append(CourseObjective(
                id: objectiveID, text: fields["text"].flatMap { document.text($0, "text") } ?? "",
                indicators: indicators))
        }

        var components: [AssessmentComponent] = []
        for node in top["components"].map({ document.sequence($0, "components") }) ?? [] {
            guard let fields = document.mapping(
                node, "a component", allowed: ["id", "name", "weight", "kind"], required: ["weight"]),
                let componentID = document.id(fields["id"], "a component", at: node),
                let weight = fields["weight"].flatMap({ document.number($0, "the weight of \(componentID)") })
            else { continue }
            sourceMap.record(
                .component(course: id, component: componentID), document.location(fields["weight"] ?? node))
            // NBA's internal / end-semester part (methods.md §11).
            let kind = fields["kind"].flatMap {
                document.choice($0, "the kind of \(componentID)", as: AssessmentComponent.Kind.self)
            }
            components.append(AssessmentComponent(
                id: componentID, name: fields["name"].flatMap { document.text($0, "name") } ?? "", weight: weight,
                kind: kind))
        }

        var items: [AssessmentItem] = []
        var columns = SheetColumns()
        for node in top["items"].map({ document.sequence($0, "items") }) ?? [] {
            guard let fields = document.mapping(
                node, "an item", allowed: ["id", "component", "full_marks", "objectives", "weight", "column"],
                required: ["component", "full_marks", "objectives"]),
                let itemID = document.id(fields["id"], "an item", at: node),
                let component = fields["component"].flatMap({ document.text($0, "component") }),
                let fullMarks = fields["full_marks"].flatMap({ document.number($0, "full_marks of \(itemID)") }),
                let objectivesNode = fields["objectives"]
            else { continue }
            sourceMap.record(.item(course: id, item: itemID), document.location(node))
            var marks: [ObjectiveMarks] = []
            if let single = objectivesNode.scalar {
                marks = [ObjectiveMarks(objective: single.string.trimmingSpaces, marks: fullMarks)]
            } else if case .sequence(let list) = objectivesNode {
                if list.nodes.count == 1, let only = list.nodes.first?.scalar {
                    marks = [ObjectiveMarks(objective: only.string.trimmingSpaces, marks: fullMarks)]
                } else {
                    document.log.error(
                        .invalidValue,
                        "item \(itemID) assesses several objectives: give the marks for each, e.g. {CO1: 12, CO2: 8}",
                        at: document.location(objectivesNode))
                }
            } else {
                for (objective, _, value) in document.pairs(objectivesNode, "the objectives of \(itemID)") {
                    if let share = document.number(value, "the marks of \(itemID) for \(objective)") {
                        marks.append(ObjectiveMarks(objective: objective, marks: share))
                    }
                }
            }
            let weight = fields["weight"].flatMap { document.number($0, "the weight of \(itemID)") }
            if let header = fields["column"].flatMap({ document.text($0, "the column of \(itemID)") }) {
                columns.headers[itemID] = header
            }
            items.append(AssessmentItem(id: itemID, component: component, fullMarks: fullMarks, marks: marks, weight: weight))
        }

        var credits = 0.0
        if let node = top["credits"], let value = document.number(node, "credits") { credits = value }
        let sheets = top["sheets"].map { node in
            document.sequence(node, "sheets").compactMap { document.text($0, "a sheet path") }
        }
        if let node = top["ignore_columns"] {
            columns.ignored = document.sequence(node, "ignore_columns").compactMap { document.text($0, "a column header") }
        }
        let course = Course(
            id: id, name: top["name"].flatMap { document.text($0, "name") } ?? "", credits: credits,
            objectives: objectives, components: components, items: items)
        return CourseSource(course: course, sheets: sheets, columns: columns)
    }
}

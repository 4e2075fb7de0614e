import AttainmentCore

/// The structure of a programme read from a workbook: what programme.yaml, support.csv and the
/// course files give in a folder.
struct ProgrammeStructure {
    var header: ProgrammeHeader
    var support: [SupportEntry]
    /// The courses, in support-matrix order and then the others.
    var courses: [CourseSource]

    /// The programme the structure describes.
    var programme: Programme {
        Programme(
            id: header.id, name: header.name, cohort: header.cohort, scheme: header.scheme,
            thresholds: header.thresholds, methods: header.methods, objectives: header.objectives,
            requirements: header.requirements, requirementSupport: header.requirementSupport,
            courses: courses.map(\.course), courseSupport: support, electiveGroups: header.electiveGroups)
    }
}

/// Reads the structure of a programme workbook (docs/format.md, "A programme as a workbook").
///
/// Every problem is logged with its sheet and cell (`book.xlsx:课程目标!C14`); reading goes on
/// past errors so that one run reports them all.
struct ProgrammeWorkbookReader {
    let book: XLSXWorkbook
    let log: DiagnosticLog
    var sourceMap = SourceMap()

    typealias Layout = ProgrammeWorkbookLayout

    init(book: XLSXWorkbook, log: DiagnosticLog) {
        self.book = book
        self.log = log
    }

    /// A sheet with its header row read: column key → column index.
    struct Table {
        let sheet: XLSXSheet
        let columns: [String: Int]
        /// Columns whose header is none of the layout's: (index, header text).
        let others: [(column: Int, header: String)]

        func text(_ row: Int, _ key: String) -> String {
            guard let column = columns[key] else { return "" }
            return sheet.cell(row: row, column: column).text.trimmingSpaces
        }

        func cell(_ row: Int, _ key: String) -> XLSXCell {
            guard let column = columns[key] else { return .blank }
            return sheet.cell(row: row, column: column)
        }

        func location(_ row: Int, _ key: String) -> SourceLocation {
            sheet.location(row: row, column: columns[key] ?? 0)
        }

        /// Whether every cell of a row is blank.
        func isBlankRow(_ row: Int) -> Bool {
            XLSXGrid(sheet: sheet).isBlankRow(row)
        }
    }

    /// Whether a sheet name is one of a layout sheet's names (case and spaces ignored).
    static func names(_ name: String, _ spec: Layout.Sheet) -> Bool {
        let wanted = [spec.name, spec.english, "\(spec.name) \(spec.english)"].map(ScoreSheetLayout.normalised)
        return wanted.contains(ScoreSheetLayout.normalised(name))
    }

    /// The index of a layout sheet in the workbook, from the names alone (nothing is read).
    func sheetIndex(_ spec: Layout.Sheet) -> Int? {
        book.sheetNames.firstIndex { Self.names($0, spec) }
    }

    /// Finds and reads a sheet by its Chinese or English name (case and spaces ignored).
    func findSheet(_ spec: Layout.Sheet, required: Bool = true) -> XLSXSheet? {
        guard let index = sheetIndex(spec) else {
            if required {
                log.error(
                    .fileMissing, "has no sheet \(spec.name) (\(spec.english))", at: SourceLocation(file: book.file))
            }
            return nil
        }
        do {
            return try book.sheet(at: index)
        } catch {
            log.error(error, file: book.file)
            return nil
        }
    }

    /// Reads a sheet's header row and checks its required columns.
    func table(_ spec: Layout.Sheet, required keys: [String], optionalSheet: Bool = false) -> Table? {
        guard let sheet = findSheet(spec, required: !optionalSheet) else { return nil }
        var columns: [String: Int] = [:]
        var others: [(Int, String)] = []
        for column in 0..<sheet.columnCount {
            let header = sheet.cell(row: 0, column: column).text.trimmingSpaces
            if header.isEmpty { continue }
            let plain = ScoreSheetLayout.normalised(header)
            if let match = spec.columns.first(where: { $0.accepted.contains(plain) }) {
                if columns[match.key] != nil {
                    log.error(.duplicateID, "column \(quoted(match.header)) appears twice", at: sheet.location(row: 0, column: column))
                } else {
                    columns[match.key] = column
                }
            } else {
                others.append((column, header))
            }
        }
        var complete = true
        for key in keys where columns[key] == nil {
            complete = false
            log.error(
                .missingField, "needs a column \(quoted(spec.column(key).header)) in its first row",
                at: sheet.location(row: 0, column: 0))
        }
        return complete ? Table(sheet: sheet, columns: columns, others: others) : nil
    }

    mutating func read() -> ProgrammeStructure {
        var header = readProgrammeSheet()
        header.objectives = readObjectives()
        header.requirements = readRequirements()
        header.requirementSupport = readRequirementSupport()
        header.electiveGroups = readElectiveGroups()
        header.surveys = readSurveys()
        let indicatorIDs = Set(header.requirements.flatMap(\.indicators).map(\.id))

        var support: [SupportEntry] = []
        var courseOrder: [String] = []
        if let sheet = findSheet(Layout.support) {
            (support, courseOrder) = SupportMatrixReader.read(
                XLSXGrid(sheet: sheet), indicatorIDs: indicatorIDs, log: log, sourceMap: &sourceMap)
        }
        let courses = readCourses(order: courseOrder)
        return ProgrammeStructure(header: header, support: support, courses: courses)
    }

    // MARK: The programme sheet

    private mutating func readProgrammeSheet() -> ProgrammeHeader {
        var header = ProgrammeHeader()
        guard let table = table(Layout.programme, required: ["key", "value"]) else { return header }
        sourceMap.record(.programme, table.sheet.location(row: 0, column: 0))
        var seen = Set<String>()
        let known = Set(Layout.programmeKeys.map(\.key))
        // Thresholds and methods start from the scheme's defaults, whichever row comes first.
        var classThreshold: Double?
        var individualThreshold: Double?
        var methodRows: [(key: String, text: String, location: SourceLocation)] = []
        for row in 1..<max(table.sheet.rowCount, 1) {
            let key = table.text(row, "key")
            let location = table.location(row, "value")
            if key.isEmpty { continue }
            guard known.contains(key) else {
                log.error(.unknownID, "\(quoted(key)) is not a programme setting", at: table.location(row, "key"))
                continue
            }
            guard seen.insert(key).inserted else {
                log.error(.duplicateID, "\(key) is given twice", at: table.location(row, "key"))
                continue
            }
            let value = table.text(row, "value")
            if value.isEmpty {
                if ["id", "name", "cohort"].contains(key) {
                    log.error(.missingField, "\(key) needs a value", at: location)
                }
                continue
            }
            func number() -> Double? {
                guard let number = table.cell(row, "value").number, number.isFinite else {
                    log.error(.invalidValue, "\(key) must be a number, not \(quoted(value))", at: location)
                    return nil
                }
                return number
            }
            func choice<Choice: RawRepresentable & CaseIterable>(_ type: Choice.Type) -> Choice?
            where Choice.RawValue == String {
                if let found = Choice(rawValue: value.lowercased()) { return found }
                let allowed = Choice.allCases.map(\.rawValue).joined(separator: " | ")
                log.error(.invalidValue, "\(key) must be one of \(allowed), not \(quoted(value))", at: location)
                return nil
            }
            switch key {
            case "id": header.id = value
            case "name": header.name = value
            case "cohort": header.cohort = value
            case "scheme": if let scheme = choice(Scheme.self) { header.scheme = scheme }
            case "thresholds.class":
                if let number = number() {
                    classThreshold = number
                    sourceMap.record(.threshold("class"), location)
                }
            case "thresholds.individual":
                if let number = number() {
                    individualThreshold = number
                    sourceMap.record(.threshold("individual"), location)
                }
            default:
                if key.hasPrefix("methods.") {
                    let text: String = if case .bool(let flag) = table.cell(row, "value") { flag ? "true" : "false" } else { value }
                    methodRows.append((String(key.dropFirst("methods.".count)), text, location))
                }
            }
        }
        // A threshold not given is the scheme's default: the sheet's place (a given one,
        // recorded first, stays).
        for threshold in ["class", "individual"] {
            sourceMap.record(.threshold(threshold), table.sheet.location(row: 0, column: 0))
        }
        for key in ["id", "name", "cohort"] where !seen.contains(key) {
            log.error(.missingField, "needs a row with key \(key)", at: table.sheet.location(row: 0, column: 0))
        }
        header.thresholds = Thresholds(for: header.scheme)
        if let classThreshold { header.thresholds.classLevel = classThreshold }
        if let individualThreshold { header.thresholds.individual = individualThreshold }
        header.methods = MethodSettings(for: header.scheme)
        for row in methodRows {
            do {
                try header.methods.set(row.key, to: row.text)
            } catch {
                log.error(.invalidValue, "methods.\(error.message)", at: row.location)
            }
        }
        return header
    }

    // MARK: Objectives and requirements

    private mutating func readObjectives() -> [ProgrammeObjective] {
        guard let table = table(Layout.objectives, required: ["id"]) else { return [] }
        var objectives: [ProgrammeObjective] = []
        var seen = Set<String>()
        for row in 1..<max(table.sheet.rowCount, 1) where !table.isBlankRow(row) {
            let id = table.text(row, "id")
            guard !id.isEmpty else {
                log.error(.missingField, "a programme objective has no id", at: table.location(row, "id"))
                continue
            }
            guard seen.insert(id).inserted else {
                log.error(.duplicateID, "programme objective \(id) is defined twice", at: table.location(row, "id"))
                continue
            }
            sourceMap.record(.programmeObjective(id), table.location(row, "id"))
            objectives.append(ProgrammeObjective(id: id, text: table.text(row, "text")))
        }
        return objectives
    }

    private mutating func readRequirements() -> [Requirement] {
        guard let table = table(Layout.requirements, required: ["requirement", "indicator"]) else { return [] }
        var requirements: [Requirement] = []
        var current: Int?
        for row in 1..<max(table.sheet.rowCount, 1) where !table.isBlankRow(row) {
            let id = table.text(row, "requirement")
            if !id.isEmpty {
                if let index = requirements.firstIndex(where: { $0.id == id }) {
                    if current != index {
                        log.error(
                            .duplicateID, "requirement \(id) is defined twice; keep its indicators in consecutive rows",
                            at: table.location(row, "requirement"))
                    }
                    current = index
                } else {
                    sourceMap.record(.requirement(id), table.location(row, "requirement"))
                    requirements.append(Requirement(
                        id: id, name: table.text(row, "name"), text: table.text(row, "text"), indicators: []))
                    current = requirements.count - 1
                }
            }
            guard let index = current else {
                log.error(.missingField, "an indicator row comes before any requirement id", at: table.location(row, "requirement"))
                continue
            }
            let indicator = table.text(row, "indicator")
            if indicator.isEmpty { continue }
            sourceMap.record(.indicator(indicator), table.location(row, "indicator"))
            requirements[index].indicators.append(Indicator(id: indicator, text: table.text(row, "indicator_text")))
        }
        return requirements
    }

    private mutating func readRequirementSupport() -> [SupportEntry] {
        guard let table = table(Layout.requirementSupport, required: ["requirement"]) else { return [] }
        var entries: [SupportEntry] = []
        for row in 1..<max(table.sheet.rowCount, 1) where !table.isBlankRow(row) {
            let requirement = table.text(row, "requirement")
            guard !requirement.isEmpty else {
                log.error(.missingField, "a row has no requirement id", at: table.location(row, "requirement"))
                continue
            }
            for (column, objective) in table.others {
                let cell = table.sheet.cell(row: row, column: column)
                if cell.isBlank { continue }
                let location = table.sheet.location(row: row, column: column)
                guard let strength = parseSupportStrength(cell.text.trimmingSpaces) else {
                    log.error(
                        .invalidValue,
                        "\(quoted(cell.text)) is not a support level: use H, M, L (高, 中, 低) or a positive number",
                        at: location)
                    continue
                }
                sourceMap.record(.requirementSupport(requirement: requirement, objective: objective), location)
                entries.append(SupportEntry(from: requirement, to: objective, strength: strength))
            }
        }
        return entries
    }

    /// The optional sheet of elective groups. Its checks (a group of two courses or more, a
    /// course in one group, …) are the model's, as for programme.yaml's `elective_groups`.
    private mutating func readElectiveGroups() -> [ElectiveGroup] {
        guard sheetIndex(Layout.electiveGroups) != nil,
              let table = table(Layout.electiveGroups, required: ["group", "courses"])
        else { return [] }
        var groups: [ElectiveGroup] = []
        for row in 1..<max(table.sheet.rowCount, 1) where !table.isBlankRow(row) {
            let id = table.text(row, "group")
            guard !id.isEmpty else {
                log.error(.missingField, "an elective group has no id", at: table.location(row, "group"))
                continue
            }
            sourceMap.record(.electiveGroup(id), table.location(row, "group"))
            // Not split on spaces: a course id may hold one (`CS 101`), as in the other sheets.
            let courses = Self.split(table.text(row, "courses"), by: [",", "，", "、", ";", "；", "\n"])
            groups.append(ElectiveGroup(id: id, name: table.text(row, "name"), courses: courses))
        }
        return groups
    }

    /// The optional sheet of surveys, read as programme.yaml's `surveys:` is (format.md,
    /// "Surveys"); the files themselves are read with the score sheets.
    private mutating func readSurveys() -> [SurveyDeclaration] {
        guard sheetIndex(Layout.surveys) != nil,
              let table = table(Layout.surveys, required: ["file", "kind", "scale"])
        else { return [] }
        /// A whole number of at least `minimum` in a cell, or nil after logging why not.
        func wholeNumber(_ row: Int, _ key: String, minimum: Int) -> Int? {
            let cell = table.cell(row, key)
            let number = cell.number ?? Double(table.text(row, key))
            guard let number, number.isFinite, number == number.rounded(), number >= Double(minimum), number < 1e9 else {
                log.error(
                    .invalidValue,
                    "\(key) of a survey must be a whole number of at least \(minimum), not '\(table.text(row, key))'",
                    at: table.location(row, key))
                return nil
            }
            return Int(number)
        }
        var declarations: [SurveyDeclaration] = []
        for row in 1..<max(table.sheet.rowCount, 1) where !table.isBlankRow(row) {
            let file = table.text(row, "file")
            guard !file.isEmpty else {
                log.error(.missingField, "a survey has no file", at: table.location(row, "file"))
                continue
            }
            let kindText = table.text(row, "kind")
            guard let kind = SurveyKind(rawValue: kindText.lowercased()) else {
                let allowed = SurveyKind.allCases.map(\.rawValue).joined(separator: " | ")
                log.error(
                    .invalidValue, "the kind of survey \(file) must be one of \(allowed), not '\(kindText)'",
                    at: table.location(row, "kind"))
                continue
            }
            guard let scale = wholeNumber(row, "scale", minimum: 2) else { continue }
            var population: Int?
            if !table.cell(row, "population").isBlank {
                guard let number = wholeNumber(row, "population", minimum: 1) else { continue }
                population = number
            }
            let name = table.text(row, "name")
            declarations.append(SurveyDeclaration(
                survey: DeclaredSurvey(file: file, kind: kind, scale: scale, population: population, name: name.isEmpty ? nil : name),
                location: table.location(row, "file"), scaleLocation: table.location(row, "scale")))
        }
        return declarations
    }

    // MARK: Courses, their objectives and plans

    private mutating func readCourses(order: [String]) -> [CourseSource] {
        guard let table = table(Layout.courses, required: ["course"]) else { return [] }
        var sources: [String: CourseSource] = [:]
        var listed: [String] = []
        for row in 1..<max(table.sheet.rowCount, 1) where !table.isBlankRow(row) {
            let id = table.text(row, "course")
            guard !id.isEmpty else {
                log.error(.missingField, "a row has no course id", at: table.location(row, "course"))
                continue
            }
            guard sources[id] == nil else {
                log.error(.duplicateID, "course \(id) has two rows", at: table.location(row, "course"))
                continue
            }
            sourceMap.record(.course(id), table.location(row, "course"))
            var credits = 0.0
            if !table.cell(row, "credits").isBlank {
                if let number = table.cell(row, "credits").number, number.isFinite {
                    credits = number
                } else {
                    log.error(.invalidValue, "credits must be a number", at: table.location(row, "credits"))
                }
            }
            let sheets = Self.split(table.text(row, "sheets"), by: [";", "；", "\n"])
            let ignored = Self.split(table.text(row, "ignore_columns"), by: [";", "；", "\n"])
            sources[id] = CourseSource(
                course: Course(id: id, name: table.text(row, "name"), credits: credits, objectives: [], components: [], items: []),
                sheets: sheets.isEmpty ? nil : sheets,
                columns: SheetColumns(headers: [:], ignored: ignored))
            listed.append(id)
        }
        readCourseObjectives(into: &sources)
        readPlans(into: &sources)
        let ordered = order.filter { sources[$0] != nil } + listed.filter { !order.contains($0) }
        return ordered.compactMap { sources[$0] }
    }

    /// Whether a row's course (named or carried down) is one of the 课程 sheet; logs if not.
    private func isListed(_ course: String, _ table: Table, _ row: Int, _ sources: [String: CourseSource]) -> Bool {
        guard !course.isEmpty else {
            log.error(.missingField, "a row has no course id", at: table.location(row, "course"))
            return false
        }
        guard sources[course] != nil else {
            log.error(.unknownID, "course \(course) is not listed in the sheet 课程", at: table.location(row, "course"))
            return false
        }
        return true
    }

    private mutating func readCourseObjectives(into sources: inout [String: CourseSource]) {
        guard let table = table(Layout.courseObjectives, required: ["course", "objective", "indicators"]) else { return }
        var course = ""
        for row in 1..<max(table.sheet.rowCount, 1) where !table.isBlankRow(row) {
            let named = table.text(row, "course")
            if !named.isEmpty { course = named }
            guard isListed(course, table, row, sources) else { continue }
            let id = table.text(row, "objective")
            guard !id.isEmpty else {
                log.error(.missingField, "a row has no course objective id", at: table.location(row, "objective"))
                continue
            }
            if sources[course]?.course.objectives.contains(where: { $0.id == id }) == true {
                log.error(.duplicateID, "objective \(id) of \(course) is defined twice", at: table.location(row, "objective"))
                continue
            }
            sourceMap.record(.courseObjective(course: course, objective: id), table.location(row, "objective"))
            let indicators = Self.split(table.text(row, "indicators"), by: [",", "，", "、", ";", "；", " ", "\n"])
            sources[course]?.course.objectives.append(
                CourseObjective(id: id, text: table.text(row, "text"), indicators: indicators))
        }
    }

    private mutating func readPlans(into sources: inout [String: CourseSource]) {
        // The plans sheet, and per-course sheets named 考核方案-ID without a course column.
        var sheets: [(sheet: Layout.Sheet, course: String?)] = []
        if sheetIndex(Layout.plans) != nil { sheets.append((Layout.plans, nil)) }
        for name in book.sheetNames where !Self.names(name, Layout.plans) {
            for prefix in [Layout.plans.name + "-", Layout.plans.name + " "] where name.hasPrefix(prefix) {
                let course = String(name.dropFirst(prefix.count)).trimmingSpaces
                if !course.isEmpty {
                    sheets.append((Layout.Sheet(name: name, english: name, columns: Layout.plans.columns), course))
                }
            }
        }
        if sheets.isEmpty {
            log.error(
                .fileMissing, "has no sheet \(Layout.plans.name) (\(Layout.plans.english))", at: SourceLocation(file: book.file))
        }
        for (spec, fixedCourse) in sheets {
            let required = (fixedCourse == nil ? ["course"] : []) + ["component", "component_weight", "item", "full_marks", "objectives"]
            guard let table = table(spec, required: required) else { continue }
            readPlanTable(table, fixedCourse: fixedCourse, into: &sources)
        }
    }

    private mutating func readPlanTable(_ table: Table, fixedCourse: String?, into sources: inout [String: CourseSource]) {
        var course = fixedCourse ?? ""
        var component = ""
        var componentName = ""
        var componentWeight: Double?
        for row in 1..<max(table.sheet.rowCount, 1) where !table.isBlankRow(row) {
            if fixedCourse == nil {
                let named = table.text(row, "course")
                if !named.isEmpty, named != course {
                    course = named
                    component = ""
                }
            }
            guard isListed(course, table, row, sources) else { continue }
            // A component's cells are written on its first row (or merged down over its items).
            let namedComponent = table.text(row, "component")
            if !namedComponent.isEmpty, namedComponent != component {
                component = namedComponent
                componentName = table.text(row, "component_name")
                componentWeight = nil
                let weightCell = table.cell(row, "component_weight")
                if let weight = Self.weight(weightCell) {
                    componentWeight = weight
                } else {
                    log.error(
                        .invalidValue,
                        weightCell.isBlank ? "component \(component) needs a weight" : "the weight of component \(component) must be a number",
                        at: table.location(row, "component_weight"))
                }
                if sources[course]?.course.components.contains(where: { $0.id == component }) == true {
                    log.error(
                        .duplicateID, "component \(component) of \(course) appears twice; keep its items in consecutive rows",
                        at: table.location(row, "component"))
                } else if let weight = componentWeight {
                    sourceMap.record(.component(course: course, component: component), table.location(row, "component_weight"))
                    // NBA's internal / end-semester part (methods.md §11), blank when not given.
                    let kindText = table.text(row, "component_kind")
                    let kind = AssessmentComponent.Kind(rawValue: kindText.lowercased())
                    if kind == nil, !kindText.isEmpty {
                        log.error(
                            .invalidValue,
                            "the kind of component \(component) must be internal or end-semester, not '\(kindText)'",
                            at: table.location(row, "component_kind"))
                    }
                    sources[course]?.course.components.append(
                        AssessmentComponent(id: component, name: componentName, weight: weight, kind: kind))
                }
            } else if namedComponent.isEmpty, !table.cell(row, "component_weight").isBlank {
                log.error(.missingField, "a component weight without a component", at: table.location(row, "component_weight"))
            }
            guard !component.isEmpty else {
                log.error(.missingField, "an item row comes before any component", at: table.location(row, "component"))
                continue
            }
            readItem(table, row: row, course: course, component: component, into: &sources)
        }
    }

    private mutating func readItem(
        _ table: Table, row: Int, course: String, component: String, into sources: inout [String: CourseSource]
    ) {
        let id = table.text(row, "item")
        guard !id.isEmpty else {
            log.error(.missingField, "a row has no item (考核方式)", at: table.location(row, "item"))
            return
        }
        if sources[course]?.course.items.contains(where: { $0.id == id }) == true {
            log.error(.duplicateID, "item \(id) of \(course) is defined twice", at: table.location(row, "item"))
            return
        }
        guard let fullMarks = table.cell(row, "full_marks").number, fullMarks.isFinite else {
            log.error(.invalidValue, "the full marks of \(id) must be a number", at: table.location(row, "full_marks"))
            return
        }
        var weight: Double?
        if !table.cell(row, "item_weight").isBlank {
            guard let number = Self.weight(table.cell(row, "item_weight")) else {
                log.error(.invalidValue, "the weight of \(id) must be a number", at: table.location(row, "item_weight"))
                return
            }
            weight = number
        }
        guard let marks = parseObjectiveMarks(table.text(row, "objectives"), fullMarks: fullMarks) else {
            log.error(
                .invalidValue,
                "the objectives of \(id) must be one objective id (CO1) or ids with marks (CO1:12, CO2:8)",
                at: table.location(row, "objectives"))
            return
        }
        sourceMap.record(.item(course: course, item: id), table.location(row, "item"))
        let header = table.text(row, "column")
        if !header.isEmpty { sources[course]?.columns.headers[id] = header }
        sources[course]?.course.items.append(
            AssessmentItem(id: id, component: component, fullMarks: fullMarks, marks: marks, weight: weight))
    }

    /// `CO1` (all marks), or `CO1:12, CO2:8` (full-width punctuation too); nil when malformed.
    func parseObjectiveMarks(_ text: String, fullMarks: Double) -> [ObjectiveMarks]? {
        let parts = Self.split(text, by: [",", "，", "、", ";", "；", "\n"])
        guard !parts.isEmpty else { return nil }
        if parts.count == 1, !parts[0].contains(":"), !parts[0].contains("：") {
            return [ObjectiveMarks(objective: parts[0], marks: fullMarks)]
        }
        var marks: [ObjectiveMarks] = []
        for part in parts {
            let pieces = Self.split(part, by: [":", "："])
            guard pieces.count == 2, let number = Double(pieces[1]), number.isFinite else { return nil }
            marks.append(ObjectiveMarks(objective: pieces[0], marks: number))
        }
        return marks
    }

    /// A weight: a number (a percent-formatted cell holds its fraction), or text like `30%`.
    static func weight(_ cell: XLSXCell) -> Double? {
        if let number = cell.number, number.isFinite { return number }
        var text = cell.text.trimmingSpaces
        guard text.hasSuffix("%") || text.hasSuffix("％") else { return nil }
        text.removeLast()
        guard let number = Double(text.trimmingSpaces), number.isFinite else { return nil }
        return number / 100
    }

    /// Splits on any of the separators, trims, drops empty parts.
    static func split(_ text: String, by separators: [Character]) -> [String] {
        text.split(whereSeparator: { separators.contains($0) }).map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
    }
}

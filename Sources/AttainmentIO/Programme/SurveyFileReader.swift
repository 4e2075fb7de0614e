package import AttainmentCore

/// A survey's declaration without where it was made: what `attain convert` carries between
/// programme.yaml's `surveys:` and a workbook's sheet 间接评价 (format.md, "Surveys").
package struct DeclaredSurvey: Sendable, Equatable {
    /// Relative to the programme's folder (a workbook's folder); a workbook sheet after `#`.
    package var file: String
    package var kind: SurveyKind
    package var scale: Int
    package var population: Int?
    package var name: String?

    package init(file: String, kind: SurveyKind, scale: Int, population: Int? = nil, name: String? = nil) {
        self.file = file
        self.kind = kind
        self.scale = scale
        self.population = population
        self.name = name
    }

    /// The file's path without a workbook sheet (`surveys/all.xlsx#校友` → `surveys/all.xlsx`);
    /// a `#` in any other name is part of it, as the reading takes it (`ProgrammeFolder.split`).
    package var path: String { ProgrammeFolder.split(file).path }

    /// The survey's id: its name, or the file name without folder and extension (with the
    /// sheet for a workbook sheet: `all#alumni`).
    var id: String {
        if let name { return name }
        var path = file
        var sheet = ""
        if let hash = path.lastIndex(of: "#") {
            sheet = String(path[hash...])
            path = String(path[..<hash])
        }
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let stem = base.lastIndex(of: ".").map { String(base[..<$0]) } ?? base
        return stem + sheet
    }
}

/// A survey as declared in programme.yaml's `surveys:` or a workbook's sheet 间接评价
/// (format.md, "Surveys"): the declaration and where it was made. Its fields read through
/// (`declaration.scale`).
@dynamicMemberLookup
struct SurveyDeclaration {
    var survey: DeclaredSurvey
    /// Where the declaration is: its entry in programme.yaml, its file cell in a workbook.
    var location: SourceLocation
    /// Where its `scale` is.
    var scaleLocation: SourceLocation

    subscript<Value>(dynamicMember field: KeyPath<DeclaredSurvey, Value>) -> Value { survey[keyPath: field] }
}

/// Reads a survey file, CSV or worksheet, in either form (format.md, "Surveys"): counts
/// (`target,1,2,…,scale`, a row per target) or responses (`respondent,<target>,…`, a row per
/// respondent, a level per cell, blank = no answer).
struct SurveyFileReader {
    let declaration: SurveyDeclaration
    let targets: SurveyTargetResolver
    let log: DiagnosticLog

    /// Header words of the first cell of each form.
    static let countsHeaders = ["target", "目标"]
    static let responsesHeaders = ["respondent", "答卷人"]

    /// The survey read from a grid, or nil when its header is wrong. Errors in rows are logged
    /// and the rows left out.
    func read(_ grid: some ScoreGrid) -> Survey? {
        guard grid.rowCount > 0 else {
            log.error(.missingField, "is empty: a survey needs a header row", at: grid.rowLocation(row: 0))
            return nil
        }
        let first = ScoreSheetLayout.normalised(grid.text(row: 0, column: 0))
        let responses: [SurveyResponses]?
        if Self.countsHeaders.contains(first) {
            responses = readCounts(grid)
        } else if Self.responsesHeaders.contains(first) {
            responses = readResponses(grid)
        } else {
            log.error(
                .missingField,
                "a survey's first header cell is 'target' (counts per level) or 'respondent' (one row per respondent), not \(quoted(grid.text(row: 0, column: 0)))",
                at: grid.location(row: 0, column: 0))
            return nil
        }
        guard let responses else { return nil }
        return Survey(
            id: declaration.id, kind: declaration.kind, scale: declaration.scale, population: declaration.population,
            responses: responses)
    }

    /// The last column with a header (spacing columns of a worksheet dropped).
    private func headerWidth(_ grid: some ScoreGrid) -> Int {
        var width = grid.columnCount(row: 0)
        while width > 1, grid.isBlank(row: 0, column: width - 1) { width -= 1 }
        return width
    }

    /// `target,1,2,…,scale`: one row per target with a count per level.
    private func readCounts(_ grid: some ScoreGrid) -> [SurveyResponses]? {
        let scale = declaration.scale
        let width = headerWidth(grid)
        let levels = (1..<width).map { grid.text(row: 0, column: $0) }
        guard levels == (1...scale).map(String.init) else {
            log.error(
                .invalidValue,
                "the header after 'target' must be the levels 1 to \(scale) of the survey's scale, one per column, not \(levels.map(quoted).joined(separator: ", "))",
                at: grid.location(row: 0, column: firstMismatch(levels, scale: scale)))
            return nil
        }
        var rows: [SurveyResponses] = []
        var seen = Set<SurveyTarget>()
        for row in 1..<grid.rowCount {
            if grid.isBlankRow(row) { continue }
            let targetLocation = grid.location(row: row, column: 0)
            guard let target = targets.resolve(grid.text(row: row, column: 0), at: targetLocation, log: log) else { continue }
            guard seen.insert(target).inserted else {
                log.error(.duplicateID, "\(target) has two rows in this survey", at: targetLocation)
                continue
            }
            var counts: [Int] = []
            for column in 1...scale {
                if grid.isBlank(row: row, column: column) {
                    counts.append(0)  // a blank count is nobody (format.md)
                    continue
                }
                guard let number = grid.number(row: row, column: column), number >= 0, number == number.rounded(),
                    number < Double(Int32.max)
                else {
                    log.error(
                        .invalidValue,
                        "\(quoted(grid.text(row: row, column: column))) is not a count of respondents: use a whole number of 0 or more",
                        at: grid.location(row: row, column: column))
                    continue
                }
                counts.append(Int(number))
            }
            for column in (scale + 1)..<max(grid.columnCount(row: row), scale + 1) where !grid.isBlank(row: row, column: column) {
                log.error(.invalidValue, "a count past the scale's top level \(scale)", at: grid.location(row: row, column: column))
            }
            if counts.count == scale { rows.append(SurveyResponses(target: target, counts: counts)) }
        }
        return rows
    }

    /// The grid column of the first header that is not its level: a wrong level, one past the
    /// scale, or the column after the last when levels are missing.
    private func firstMismatch(_ levels: [String], scale: Int) -> Int {
        for (offset, text) in levels.enumerated() where offset >= scale || text != String(offset + 1) { return offset + 1 }
        return levels.count + 1
    }

    /// `respondent,<target>,…`: one row per respondent, a level per answered question.
    private func readResponses(_ grid: some ScoreGrid) -> [SurveyResponses]? {
        let scale = declaration.scale
        let width = headerWidth(grid)
        var columns: [(column: Int, target: SurveyTarget)] = []
        var seen = Set<SurveyTarget>()
        var headerOK = true
        for column in 1..<max(width, 1) {
            let location = grid.location(row: 0, column: column)
            if grid.isBlank(row: 0, column: column) {
                log.error(.missingField, "column \(column + 1) has no target in its header", at: location)
                headerOK = false
                continue
            }
            guard let target = targets.resolve(grid.text(row: 0, column: column), at: location, log: log) else {
                headerOK = false
                continue
            }
            guard seen.insert(target).inserted else {
                log.error(.duplicateID, "\(target) has two columns in this survey", at: location)
                headerOK = false
                continue
            }
            columns.append((column, target))
        }
        if columns.isEmpty, headerOK {
            log.error(.missingField, "a survey of responses needs a column per target after 'respondent'", at: grid.location(row: 0, column: 0))
            return nil
        }
        var counts = [[Int]](repeating: [Int](repeating: 0, count: scale), count: columns.count)
        for row in 1..<grid.rowCount {
            if grid.isBlankRow(row) { continue }
            for (index, entry) in columns.enumerated() where !grid.isBlank(row: row, column: entry.column) {
                guard let number = grid.number(row: row, column: entry.column), number == number.rounded(),
                    number >= 1, number <= Double(scale)
                else {
                    log.error(
                        .invalidValue,
                        "\(quoted(grid.text(row: row, column: entry.column))) is not a level of the scale: use a whole number from 1 to \(scale), or leave the cell blank for no answer",
                        at: grid.location(row: row, column: entry.column))
                    continue
                }
                counts[index][Int(number) - 1] += 1
            }
            for column in width..<grid.columnCount(row: row) where !grid.isBlank(row: row, column: column) {
                log.error(.invalidValue, "an answer in a column without a target", at: grid.location(row: row, column: column))
            }
        }
        return zip(columns, counts).map { SurveyResponses(target: $0.target, counts: $1) }
    }
}

/// Turns the target names of survey files into targets: `COURSE/CO` for a course objective,
/// else an indicator, requirement or programme-objective id.
struct SurveyTargetResolver {
    private var byName: [String: [SurveyTarget]] = [:]

    init(programme: Programme) {
        for course in programme.courses {
            for objective in course.objectives {
                byName["\(course.id)/\(objective.id)", default: []].append(
                    .courseObjective(course: course.id, objective: objective.id))
            }
        }
        for indicator in programme.indicators { byName[indicator.id, default: []].append(.indicator(indicator.id)) }
        for requirement in programme.requirements {
            byName[requirement.id, default: []].append(.requirement(requirement.id))
        }
        for objective in programme.objectives {
            byName[objective.id, default: []].append(.programmeObjective(objective.id))
        }
    }

    /// The target a name stands for, or nil after logging that it is unknown or ambiguous.
    func resolve(_ name: String, at location: SourceLocation, log: DiagnosticLog) -> SurveyTarget? {
        guard !name.isEmpty else {
            log.error(.missingField, "a survey row has no target", at: location)
            return nil
        }
        let found = Array(Set(byName[name] ?? []))
        switch found.count {
        case 1:
            return found[0]
        case 0:
            log.error(
                .unknownID,
                "\(quoted(name)) is no target of this programme: write COURSE/CO for a course objective, or an indicator, requirement or programme-objective id",
                at: location)
        default:
            let kinds = found.map { $0.level.rawValue }.sorted().joined(separator: " and ")
            log.error(.ambiguousSurveyTarget, "\(quoted(name)) names both a \(kinds); give them different ids", at: location)
        }
        return nil
    }
}

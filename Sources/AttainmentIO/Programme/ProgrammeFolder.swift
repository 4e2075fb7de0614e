public import AttainmentCore
import Foundation

/// A programme folder that has been read and checked: ready to compute.
public struct LoadedProgramme: Sendable {
    /// The folder as given by the caller.
    public let directory: String
    /// The model and the pooled score tables.
    public let input: ProgrammeInput
    /// Warnings found while reading and validating, with locations.
    public let warnings: [Diagnostic]
    /// Every file read, in reading order.
    public let files: [InputFile]

    private let sourceMap: SourceMap
    /// What `input.programme.validate()` returned when the programme was read (before the
    /// score sheets), for `compute()` to use rather than validate the same programme again.
    private let structural: [Diagnostic]

    fileprivate init(
        directory: String, input: ProgrammeInput, warnings: [Diagnostic], files: [InputFile], sourceMap: SourceMap,
        structural: [Diagnostic]
    ) {
        self.directory = directory
        self.input = input
        self.warnings = warnings
        self.files = files
        self.sourceMap = sourceMap
        self.structural = structural
    }

    /// Computes attainment; the result's diagnostics carry file locations and include the
    /// warnings found while reading.
    /// - Throws: `InputErrors` if the model's validation finds errors (it does not after a
    ///   successful `ProgrammeFolder.load`).
    public func compute() throws(InputErrors) -> AttainmentResult {
        try compute(input, validated: structural)
    }

    /// Computes the scores already read under other settings and thresholds, with diagnostics
    /// located as `compute()` locates them. Settings that act while reading
    /// (`MethodSettings.readingKeys`) keep the effect they had when the sheets were read.
    /// - Throws: `InputErrors` when the changed settings do not validate.
    public func compute(
        adjustingMethods: (inout MethodSettings) -> Void, adjustingThresholds: (inout Thresholds) -> Void
    ) throws(InputErrors) -> AttainmentResult {
        var changed = input
        adjustingMethods(&changed.programme.methods)
        adjustingThresholds(&changed.programme.thresholds)
        return try compute(changed, validated: nil)
    }

    /// - Parameter structural: `input.programme.validate()`, when known; nil validates.
    private func compute(_ input: ProgrammeInput, validated structural: [Diagnostic]?) throws(InputErrors) -> AttainmentResult {
        var result: AttainmentResult
        do {
            result = try input.computeAttainment(validated: structural)
        } catch {
            throw InputErrors(error.diagnostics.map(sourceMap.locate))
        }
        let readWarnings = warnings.filter { $0.subject == nil }
        result.diagnostics = readWarnings + result.diagnostics.map(sourceMap.locate)
        return result
    }
}

/// A programme's structure as a folder's programme.yaml, support.csv and course files (or a
/// workbook's sheets) give it, without scores: what `attain convert` carries over.
package struct ProgrammeSource: Sendable {
    package var programme: Programme
    /// The courses with their sheets and column headers, in the programme's course order.
    package var courses: [CourseSource]
    /// The surveys declared (their files are not read).
    package var surveys: [DeclaredSurvey]
}

/// Reads programme folders (docs/format.md).
public enum ProgrammeFolder {
    /// Reads and checks a programme folder: programme.yaml, support.csv, the course files, the
    /// score sheets and the optional roster. Given a workbook (`book.xlsx`) instead of a folder,
    /// reads the programme's structure from the workbook and the score sheets and roster from
    /// the workbook's folder (docs/format.md, "A programme as a workbook").
    ///
    /// Every problem in every file is collected before anything is thrown, so one call reports
    /// them all.
    /// - Parameters:
    ///   - directory: the folder, absolute or relative to the working directory.
    ///   - adjustingMethods: changes to the settings of programme.yaml, applied before the score
    ///     sheets are read (the status rules act while reading them).
    ///   - adjustingThresholds: changes to the thresholds of programme.yaml.
    /// - Returns: the programme, ready to compute, with its warnings and its input files.
    /// - Throws: `InputErrors` with every error and warning when there is at least one error.
    public static func load(
        _ directory: String, adjustingMethods: (inout MethodSettings) -> Void = { _ in },
        adjustingThresholds: (inout Thresholds) -> Void = { _ in }
    ) throws(InputErrors) -> LoadedProgramme {
        var reader = FolderReader(path: directory)
        return try reader.load(adjustingMethods: adjustingMethods, adjustingThresholds: adjustingThresholds)
    }

    /// Reads only a programme's structure (programme, support matrices, courses and plans,
    /// survey declarations, from a folder or a workbook), without score sheets, roster, survey
    /// files or validation: what `attain convert` carries over.
    /// - Throws: `InputErrors` when a file of the structure cannot be read or has errors of
    ///   syntax; the model's own checks are left to `attain check`.
    package static func loadStructure(_ path: String) throws(InputErrors) -> ProgrammeSource {
        var reader = FolderReader(path: path)
        guard let structure = reader.readStructure(), !reader.log.hasErrors else {
            throw InputErrors(reader.log.diagnostics)
        }
        return ProgrammeSource(
            programme: structure.programme, courses: structure.courses, surveys: structure.header.surveys.map(\.survey))
    }

    /// A listed sheet as a file and, after `#` behind a workbook's name, a worksheet:
    /// `scores/CS101.xlsx#1班` → (`scores/CS101.xlsx`, `1班`); anything else is a file, `#` and all.
    package static func split(_ listed: String) -> (path: String, sheet: String?) {
        guard let hash = listed.lastIndex(of: "#"), isWorkbook(String(listed[..<hash])) else {
            return (listed, nil)
        }
        return (String(listed[..<hash]), String(listed[listed.index(after: hash)...]))
    }

    /// Reads one course's score sheets from CSV text that the caller already holds (an upload,
    /// or a benchmark of the ingest alone), as `load` reads a course's sheets from a folder:
    /// encoding, layout, the sheet's header and columns, numbers and status words under
    /// `methods` (format.md, "Score sheets"), and every check of a sheet. Items are found by
    /// their ids, or by `columns` (item id → header, a course file's `column:`); `ignoring`
    /// adds headers to skip (its `ignore_columns:`).
    ///
    /// - Parameter sheets: each sheet's bytes and the path its messages name, in the order a
    ///   course's `sheets:` lists them (a teaching class each); their students are pooled.
    /// - Returns: the course's score table, one row a student, and the warnings.
    /// - Throws: `InputErrors` with every error and warning when there is at least one error.
    public static func readScoreSheets(
        csv sheets: [(bytes: [UInt8], path: String)], course: Course, methods: MethodSettings,
        columns: [String: String] = [:], ignoring: [String] = []
    ) throws(InputErrors) -> (table: ScoreTable, warnings: [Diagnostic]) {
        let log = DiagnosticLog()
        var reader = ScoreSheetReader(
            course: course, methods: methods, columns: SheetColumns(headers: columns, ignored: ignoring), log: log)
        for sheet in sheets { reader.add(csv: sheet.bytes, displayPath: sheet.path) }
        if log.hasErrors { throw InputErrors(log.diagnostics) }
        return (reader.table(), log.diagnostics)
    }

    /// Whether a path names a workbook rather than a programme folder.
    public static func isWorkbook(_ path: String) -> Bool {
        path.lowercased().hasSuffix(".xlsx")
    }
}

/// The state of one reading of a folder.
private struct FolderReader {
    let directory: String
    /// The programme workbook's file name in `directory`, when reading a workbook.
    let workbookName: String?
    let log = DiagnosticLog()
    var sourceMap = SourceMap()
    var files: [InputFile] = []
    /// Workbooks opened so far (nil: could not be opened), so that a workbook listed once per
    /// sheet (`book.xlsx#1班`, `book.xlsx#2班`) is read, hashed and reported once.
    var workbooks: [String: XLSXWorkbook?] = [:]

    /// A reader of a programme folder, or of a workbook and the folder it sits in.
    init(path: String) {
        if ProgrammeFolder.isWorkbook(path) {
            directory = (path as NSString).deletingLastPathComponent
            workbookName = (path as NSString).lastPathComponent
        } else {
            directory = path
            workbookName = nil
        }
    }

    /// The path a user sees: the folder as they gave it, then the relative path.
    func display(_ relative: String) -> String {
        if directory.isEmpty || directory == "." { return relative }
        return directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: display(relative))
    }

    /// Reads a file's bytes and records its hash; logs and returns nil on failure.
    mutating func bytes(_ relative: String) -> [UInt8]? {
        do {
            let bytes = try FileBytes.read(path: display(relative), displayPath: display(relative))
            files.append(InputFile(path: relative, sha256: SHA256.hexDigest(bytes), size: bytes.count))
            return bytes
        } catch let diagnostic as Diagnostic {
            log.append(diagnostic)
        } catch {
            log.error(.fileUnreadable, "cannot be read", at: SourceLocation(file: display(relative)))
        }
        return nil
    }

    mutating func yaml(_ relative: String) -> YAMLDocument? {
        guard let bytes = bytes(relative) else { return nil }
        do {
            let (utf8, encoding) = try TextDecoding.utf8Bytes(bytes, displayPath: display(relative))
            if encoding == .gb18030 { log.warnDecodedAsGB18030(at: display(relative)) }
            return YAMLDocument(utf8: utf8, file: display(relative), log: log)
        } catch let diagnostic as Diagnostic {
            log.append(diagnostic)
        } catch {
            log.error(.encoding, "is not UTF-8 text", at: SourceLocation(file: display(relative)))
        }
        return nil
    }

    mutating func csv(_ relative: String) -> CSVTable? {
        bytes(relative).flatMap { log.csvTable($0, displayPath: display(relative)) }
    }

    /// Names of the entries of a folder, sorted; empty when it does not exist, and when it
    /// cannot be read, which is reported (`file-unreadable`, e.g. permission denied) so that
    /// its files are not merely said to be missing.
    func list(_ relative: String) -> [String] {
        listing(relative) ?? []
    }

    /// `list`, but nil for a folder that exists and cannot be read (reported), so that a
    /// caller does not also say its files are missing.
    func listing(_ relative: String) -> [String]? {
        let path = display(relative)
        guard let folder = opendir(path) else {
            let error = errno
            if error != ENOENT && error != ENOTDIR {
                log.error(.fileUnreadable, "cannot be read: \(String(cString: strerror(error)))", at: SourceLocation(file: path))
                return nil
            }
            return []
        }
        closedir(folder)
        return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    /// The structure from a workbook.
    mutating func readWorkbook(_ name: String) -> ProgrammeStructure? {
        guard let book = workbook(name) else { return nil }
        var reader = ProgrammeWorkbookReader(book: book, log: log)
        let structure = reader.read()
        sourceMap = reader.sourceMap
        return structure
    }

    /// The structure from programme.yaml, support.csv and the course files.
    mutating func readFolder() -> ProgrammeStructure? {
        guard let document = yaml("programme.yaml") else { return nil }
        let header = ProgrammeFileReader.read(document, sourceMap: &sourceMap)
        let indicatorIDs = Set(header.requirements.flatMap(\.indicators).map(\.id))

        // The course → indicator support matrix.
        var support: [SupportEntry] = []
        var courseOrder: [String] = []
        if let table = csv("support.csv") {
            (support, courseOrder) = SupportMatrixReader.read(
                table, indicatorIDs: indicatorIDs, log: log, sourceMap: &sourceMap)
        }

        // Course files, in the order of the support matrix, then the rest by file name.
        let courseFiles = list("courses").filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
        let stems = courseFiles.map { String($0[..<$0.lastIndex(of: ".")!]) }  // the filter guarantees a dot
        let fileOfStem = Dictionary(zip(stems, courseFiles), uniquingKeysWith: { first, _ in first })
        let ordered = courseOrder.filter { fileOfStem[$0] != nil } + stems.filter { !courseOrder.contains($0) }
        // A course gives some thirty subjects (its objectives, components, items and
        // support cells).
        sourceMap.reserveCapacity(courseFiles.count * 32)
        if courseFiles.isEmpty {
            log.error(.fileMissing, "has no course files (courses/ID.yaml)", at: SourceLocation(file: display("courses")))
        }
        var courses: [CourseSource] = []
        for stem in ordered {
            guard let fileName = fileOfStem[stem], let document = yaml("courses/" + fileName) else { continue }
            if let course = CourseFileReader.read(document, expectedID: stem, sourceMap: &sourceMap) {
                courses.append(course)
            }
        }
        return ProgrammeStructure(header: header, support: support, courses: courses)
    }

    /// The structure from the workbook, or from the folder's files; nil when its main file
    /// cannot be read.
    mutating func readStructure() -> ProgrammeStructure? {
        if let workbookName { return readWorkbook(workbookName) }
        return readFolder()
    }

    mutating func load(
        adjustingMethods: (inout MethodSettings) -> Void, adjustingThresholds: (inout Thresholds) -> Void
    ) throws(InputErrors) -> LoadedProgramme {
        guard var structure = readStructure() else {
            throw InputErrors(log.diagnostics)
        }
        adjustingMethods(&structure.header.methods)
        adjustingThresholds(&structure.header.thresholds)
        let courses = structure.courses
        let programme = structure.programme

        // Structural validation before reading scores: a plan with errors cannot read a sheet.
        let structural = programme.validate()
        for diagnostic in structural { log.append(sourceMap.locate(diagnostic)) }

        // Score sheets.
        var tables: [ScoreTable] = []
        var studentLocations: [RowLocations] = []
        for source in courses {
            let course = source.course
            var reader = ScoreSheetReader(course: course, methods: programme.methods, columns: source.columns, log: log)
            for sheet in sheetPaths(course: course.id, listed: source.sheets) {
                readSheet(sheet, into: &reader)
            }
            tables.append(reader.table())
            studentLocations.append(reader.studentLocations)
        }

        // The roster.
        var roster: [Student]?
        var rosterStatus: [String: StudentStatus] = [:]
        if exists("roster.csv"), let table = csv("roster.csv") {
            let listed = RosterReader.read(table, log: log)
            let students = listed.map(\.student)
            roster = students
            for entry in listed where entry.status != .regular { rosterStatus[entry.student.id] = entry.status }
            let assessed = checkAgainstRoster(students, courses: courses, tables: tables, locations: studentLocations)
            for (student, location, status) in listed where !assessed(student.id) {
                log.warning(
                    .rosterStudentWithoutScores,
                    status == .regular
                        ? "this student has no scores in any course"
                        : "this student (\(status.rawValue)) has no scores in any course",
                    at: location)
            }
        }

        let surveys = readSurveys(structure.header.surveys, programme: programme)
        for diagnostic in Survey.validate(surveys, programme: programme) + Survey.coverageWarnings(
            surveys, settings: programme.methods.surveys)
        {
            log.append(sourceMap.locate(diagnostic))
        }

        if log.hasErrors { throw InputErrors(log.diagnostics) }
        let input = ProgrammeInput(
            programme: programme, scores: tables, roster: roster, surveys: surveys, rosterStatus: rosterStatus)
        return LoadedProgramme(
            directory: workbookName.map(display) ?? directory, input: input, warnings: log.diagnostics, files: files,
            sourceMap: sourceMap, structural: structural)
    }

    /// Warns of every sheet student not on the roster, course by course in sheet order, and
    /// returns whether a student id has a row in some score table. A table whose students are
    /// the roster's, in its order (the usual sheet), needs no look-ups: none of its students is
    /// off the roster, and every roster student has a row.
    func checkAgainstRoster(
        _ roster: [Student], courses: [CourseSource], tables: [ScoreTable], locations: [RowLocations]
    ) -> (String) -> Bool {
        let inRosterOrder = tables.map { sameStudents($0.students, roster) }
        // With one such table every roster student has a row; with no table at all, none has.
        let everyoneAssessed = inRosterOrder.contains(true)
        guard inRosterOrder.contains(false) else { return { _ in everyoneAssessed } }
        let onRoster = Set(roster.map(\.id))
        var assessed = Set<String>()
        for (index, table) in tables.enumerated() where !inRosterOrder[index] {
            let course = courses[index].course.id
            for (student, location) in zip(table.students, locations[index]) {
                if !everyoneAssessed { assessed.insert(student.id) }
                guard !onRoster.contains(student.id) else { continue }
                log.warning(
                    .studentNotOnRoster,
                    "this student of \(course) is not on roster.csv: counted in \(course)'s values, not in the cohort's",
                    at: location)
            }
        }
        return everyoneAssessed ? { _ in true } : { assessed.contains($0) }
    }

    /// Reads the declared surveys (format.md, "Surveys"); every file read is an input.
    mutating func readSurveys(_ declarations: [SurveyDeclaration], programme: Programme) -> [Survey] {
        let resolver = SurveyTargetResolver(programme: programme)
        let settings = programme.methods.surveys
        var surveys: [Survey] = []
        var declared = Set<String>()
        for declaration in declarations {
            guard declared.insert(declaration.id).inserted else {
                log.error(
                    .duplicateID, "two surveys have the id \(declaration.id): give one a 'name'", at: declaration.location)
                continue
            }
            sourceMap.record(.survey(declaration.id), declaration.location)
            if settings.conversion == .share, settings.agreeLevel > declaration.scale {
                log.error(
                    .invalidValue,
                    "surveys.agree_level \(settings.agreeLevel) lies above this survey's scale 1-\(declaration.scale) (conversion: share)",
                    at: declaration.scaleLocation)
                continue
            }
            let reader = SurveyFileReader(declaration: declaration, targets: resolver, log: log)
            let grids = grids(declaration.file, what: "a survey file")
            if grids.count > 1 {
                log.error(
                    .fileMissing,
                    "has \(grids.count) worksheets with content: name the survey's sheet as \(declaration.file)#SHEET",
                    at: SourceLocation(file: display(declaration.file)))
            } else if let grid = grids.first, let survey = reader.read(grid) {
                surveys.append(survey)
            }
        }
        return surveys
    }

    /// The sheets of a course: as listed in its file, or the default places (format.md).
    mutating func sheetPaths(course: String, listed: [String]?) -> [String] {
        if let listed {
            return listed
        }
        let single = ["scores/\(course).csv", "scores/\(course).xlsx"].filter(exists)
        if single.count > 1 {
            log.error(
                .duplicateID,
                "course \(course) has both scores/\(course).csv and scores/\(course).xlsx; keep one, or list the sheets in its course file",
                at: SourceLocation(file: display("scores")))
        }
        if let first = single.first { return [first] }
        guard let entries = listing("scores/\(course)") else { return [] }
        let folder = entries.filter { name in
            let lower = name.lowercased()
            // Excel's lock files (~$book.xlsx) and hidden files are not sheets.
            return (lower.hasSuffix(".csv") || lower.hasSuffix(".xlsx")) && !name.hasPrefix("~$") && !name.hasPrefix(".")
        }
        if folder.isEmpty {
            log.error(
                .fileMissing,
                "course \(course) has no score sheet (looked for scores/\(course).csv or .xlsx and scores/\(course)/*.csv or *.xlsx)",
                at: SourceLocation(file: display("scores")))
        }
        return folder.map { "scores/\(course)/\($0)" }
    }

    /// Reads one listed sheet into a course's reader: a CSV file, every worksheet of a
    /// workbook that has content, or one worksheet named after `#` (`scores/CS101.xlsx#1班`).
    mutating func readSheet(_ listed: String, into reader: inout ScoreSheetReader) {
        let file = ProgrammeFolder.split(listed)
        if file.sheet == nil && listed.lowercased().hasSuffix(".csv") {
            // As `grids` reads it, but from the bytes: the usual sheet in one pass over its rows (PlainCSVSheet.swift).
            if let bytes = bytes(listed) { reader.add(csv: bytes, displayPath: display(listed)) }
            return
        }
        for grid in grids(file, listed: listed, what: "a score sheet") {
            // Passed as their own types, so that the reading loop is compiled for each kind of
            // grid rather than calling through the protocol for every cell.
            switch grid {
            case let table as CSVGrid: reader.add(grid: table)
            case let worksheet as XLSXGrid: reader.add(grid: worksheet)
            default: reader.add(grid: grid)
            }
        }
    }

    /// The grids a listed file stands for: a CSV file's table; the worksheet named after `#`
    /// (`book.xlsx#1班`); or every visible worksheet of a workbook that has content. Logs what
    /// cannot be read (no such sheet, no worksheet with content, not .csv or .xlsx) and returns
    /// what can.
    mutating func grids(_ listed: String, what: String) -> [any ScoreGrid] {
        grids(ProgrammeFolder.split(listed), listed: listed, what: what)
    }

    /// `grids(_:what:)` of a listed file already split (`split`).
    private mutating func grids(
        _ file: (path: String, sheet: String?), listed: String, what: String
    ) -> [any ScoreGrid] {
        let (path, sheetName) = file
        if path.lowercased().hasSuffix(".csv") {
            return csv(path).map { [CSVGrid(table: $0)] } ?? []
        }
        guard ProgrammeFolder.isWorkbook(path) else {
            log.error(.fileUnreadable, "is not \(what): use a .csv or .xlsx file", at: SourceLocation(file: display(listed)))
            return []
        }
        guard let book = workbook(path) else { return [] }
        do throws(XLSXError) {
            if let sheetName {
                guard let index = book.sheetNames.firstIndex(of: sheetName) else {
                    log.error(
                        .fileMissing,
                        "has no sheet \(quoted(sheetName)); its sheets are \(book.sheetNames.map(quoted).joined(separator: ", "))",
                        at: SourceLocation(file: display(path)))
                    return []
                }
                return [XLSXGrid(sheet: try book.sheet(at: index))]
            }
            var grids: [any ScoreGrid] = []
            for (index, name) in book.sheetNames.enumerated() where !book.isHidden(sheet: name) {
                let sheet = try book.sheet(at: index)
                if sheet.rowCount > 0 { grids.append(XLSXGrid(sheet: sheet)) }
            }
            if grids.isEmpty {
                log.error(.fileMissing, "has no worksheet with content", at: SourceLocation(file: display(path)))
            }
            return grids
        } catch {
            log.error(error, file: display(path))
            return []
        }
    }

    /// Opens a workbook and records its hash; logs and returns nil on failure.
    mutating func workbook(_ relative: String) -> XLSXWorkbook? {
        if let opened = workbooks[relative] { return opened }
        var book: XLSXWorkbook?
        if let bytes = bytes(relative) {
            do throws(XLSXError) {
                book = try XLSXWorkbook.open(bytes: bytes, displayPath: display(relative))
            } catch {
                log.error(error, file: display(relative))
            }
        }
        workbooks[relative] = .some(book)
        return book
    }
}

extension DiagnosticLog {
    /// CSV text parsed into a table (`CSVReader`), or nil with the reason logged; a file read
    /// as GB18030 is logged as a warning.
    func csvTable(_ bytes: [UInt8], displayPath: String) -> CSVTable? {
        do {
            let table = try CSVReader.parse(bytes: bytes, displayPath: displayPath)
            if table.encoding == .gb18030 { warnDecodedAsGB18030(at: displayPath) }
            return table
        } catch let diagnostic as Diagnostic {
            append(diagnostic)
        } catch {
            self.error(.fileUnreadable, "cannot be read", at: SourceLocation(file: displayPath))
        }
        return nil
    }

    /// The warning that a file is not UTF-8 and was read as GB18030.
    func warnDecodedAsGB18030(at displayPath: String) {
        warning(.decodedAsGB18030, "is not UTF-8; it was read as GB18030 (GBK)", at: SourceLocation(file: displayPath))
    }
}

import AttainmentCore

/// An .xlsx workbook: its sheets' names and the parts shared by all sheets.
///
/// Opening reads the zip directory, the workbook part, its relationships, the shared strings
/// and the styles; each sheet is read when asked for (`sheet(named:)`, `sheet(at:)`), anew on
/// every call, so keep the `XLSXSheet` rather than asking twice.
///
/// Parts are found the way Office does: the workbook part through `_rels/.rels` (else
/// `xl/workbook.xml`), sheets, shared strings and styles through the workbook's relationships
/// (targets relative like `worksheets/sheet1.xml` or absolute like `/xl/worksheets/sheet1.xml`),
/// part names matched ignoring case. `[Content_Types].xml` is not read.
package struct XLSXWorkbook: Sendable {
    /// One sheet as the workbook lists it.
    private struct SheetEntry: Sendable {
        let name: String
        let relationshipID: String
        let isHidden: Bool
    }

    /// A relationship from a `.rels` part.
    private struct Relationship: Sendable {
        /// The last segment of the relationship type: `worksheet`, `sharedStrings`, ...
        let kind: String
        /// The target part's name, resolved to a path inside the archive.
        let target: String
        let isExternal: Bool
    }

    /// The display path, shown in locations and errors.
    package let file: String
    /// Whether dates count from 1904 (`<workbookPr date1904="1"/>`); `.date` cells are
    /// converted to the 1900 system either way.
    package let isDate1904: Bool
    private let archive: XLSXArchive
    private let limits: XLSXLimits
    private let relationshipsPart: String
    private let sheets: [SheetEntry]
    private let relationships: [String: Relationship]
    private let sharedStrings: [String]
    private let styles: XLSXStyles

    /// The sheets' names in workbook order, hidden sheets included.
    package var sheetNames: [String] { sheets.map(\.name) }

    /// Whether the sheet named `sheet` is hidden (or very hidden); false for an unknown name.
    package func isHidden(sheet: String) -> Bool {
        sheets.first { $0.name == sheet }?.isHidden ?? false
    }

    /// Opens the workbook at `path`.
    ///
    /// Reads the workbook part, relationships, shared strings and styles; sheets are read on
    /// demand.
    ///
    /// - Parameters:
    ///   - path: The file to open.
    ///   - displayPath: What locations and errors show (the path as the user typed it).
    ///   - limits: Bounds on entry sizes, compression ratios, rows, columns and cells.
    /// - Throws: `XLSXError` when the file cannot be read, is not an .xlsx workbook, is
    ///   damaged or hostile, or breaks the limits.
    package static func open(
        path: String, displayPath: String, limits: XLSXLimits = .default
    ) throws(XLSXError) -> XLSXWorkbook {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path: path, displayPath: displayPath)
        } catch let diagnostic as Diagnostic {
            throw XLSXError(file: displayPath, message: diagnostic.message)
        } catch {
            throw XLSXError(file: displayPath, message: "cannot be read: \(error)")
        }
        return try open(bytes: bytes, displayPath: displayPath, limits: limits)
    }

    /// Opens a workbook whose file contents are already in memory.
    ///
    /// - Parameters:
    ///   - bytes: The .xlsx file's contents.
    ///   - displayPath: What locations and errors show.
    ///   - limits: Bounds on entry sizes, compression ratios, rows, columns and cells.
    /// - Throws: `XLSXError` as `open(path:displayPath:limits:)`.
    package static func open(
        bytes: [UInt8], displayPath: String, limits: XLSXLimits = .default
    ) throws(XLSXError) -> XLSXWorkbook {
        let archive = try XLSXArchive(bytes: bytes, file: displayPath)
        return try XLSXWorkbook(archive: archive, limits: limits)
    }

    private init(archive: XLSXArchive, limits: XLSXLimits) throws(XLSXError) {
        let file = archive.file
        self.file = file
        self.archive = archive
        self.limits = limits

        // The workbook part: as the package relationships say, else the usual name.
        var workbookPart = "xl/workbook.xml"
        if let packageRelationships = try Self.readPart("_rels/.rels", archive, limits) {
            let relationships = try Self.parseRelationships(
                packageRelationships, part: "_rels/.rels", directory: "", file: file)
            if let office = relationships.values.first(where: {
                $0.kind == "officeDocument" && !$0.isExternal
            }),
                archive.entry(office.target) != nil
            {
                workbookPart = office.target
            }
        }
        guard let workbookBytes = try Self.readPart(workbookPart, archive, limits) else {
            throw XLSXError(file: file, message: Self.notAWorkbookMessage(archive))
        }
        let (sheets, isDate1904) = try Self.parseWorkbook(workbookBytes, part: workbookPart, file: file)
        self.sheets = sheets
        self.isDate1904 = isDate1904

        let directory = Self.directory(of: workbookPart)
        let lastSlash =
            workbookPart.lastIndex(of: "/").map { workbookPart.index(after: $0) } ?? workbookPart.startIndex
        let relationshipsPart = directory + "_rels/" + workbookPart[lastSlash...] + ".rels"
        let relationships: [String: Relationship]
        if let relationshipBytes = try Self.readPart(relationshipsPart, archive, limits) {
            relationships = try Self.parseRelationships(
                relationshipBytes, part: relationshipsPart, directory: directory, file: file)
        } else if sheets.isEmpty {
            relationships = [:]
        } else {
            throw XLSXError(
                file: file,
                message: "the workbook is damaged: its relationships part \(relationshipsPart) is missing")
        }
        self.relationshipsPart = relationshipsPart
        self.relationships = relationships

        // Shared strings and styles: through the relationships, else the usual names.
        func part(_ kind: String, default name: String) -> String? {
            if let target = relationships.values.first(where: { $0.kind == kind && !$0.isExternal })?.target,
                archive.entry(target) != nil
            {
                return target
            }
            return archive.entry(name) != nil ? name : nil
        }
        if let stringsPart = part("sharedStrings", default: directory + "sharedStrings.xml"),
            let bytes = try Self.readPart(stringsPart, archive, limits)
        {
            self.sharedStrings = try XLSXSharedStrings.parse(bytes, part: stringsPart, file: file)
        } else {
            self.sharedStrings = []
        }
        if let stylesPart = part("styles", default: directory + "styles.xml"),
            let bytes = try Self.readPart(stylesPart, archive, limits)
        {
            self.styles = try XLSXStyles.parse(bytes, part: stylesPart, file: file)
        } else {
            self.styles = .none
        }
    }

    /// The sheet named `name` (matched exactly, else ignoring case as Excel does).
    ///
    /// - Throws: `XLSXError` when there is no such sheet, its part is missing, or it cannot
    ///   be read.
    package func sheet(named name: String) throws(XLSXError) -> XLSXSheet {
        if let index = sheets.firstIndex(where: { $0.name == name })
            ?? sheets.firstIndex(where: { $0.name.lowercased() == name.lowercased() })
        {
            return try sheet(at: index)
        }
        let names = sheets.map { XLSXMessage.quoted($0.name) }.joined(separator: ", ")
        throw XLSXError(
            file: file,
            message: "has no sheet named \(XLSXMessage.quoted(name))"
                + (sheets.isEmpty ? " (it has no sheets)" : " (its sheets: \(names))"))
    }

    /// The sheet at `index` in workbook order (hidden sheets count).
    ///
    /// A chart sheet or dialog sheet reads as a sheet without cells.
    ///
    /// - Throws: `XLSXError` when the index is out of range, the sheet's part is missing, or
    ///   it cannot be read.
    package func sheet(at index: Int) throws(XLSXError) -> XLSXSheet {
        guard sheets.indices.contains(index) else {
            throw XLSXError(file: file, message: "has no sheet \(index + 1) (it has \(sheets.count))")
        }
        let entry = sheets[index]
        let location = SourceLocation(file: file, sheet: entry.name)
        guard let relationship = relationships[entry.relationshipID], !relationship.isExternal else {
            throw XLSXError(
                file: file, location: location,
                message:
                    "the workbook is damaged: the sheet's relationship \(XLSXMessage.quoted(entry.relationshipID))"
                    + " is not in \(relationshipsPart)")
        }
        if relationship.kind == "chartsheet" || relationship.kind == "dialogsheet" {
            let empty = XLSXSheetReader.CellBuilder(expectedCells: 0).finish(sharedStrings: [])
            return XLSXSheet(file: file, name: entry.name, cells: empty, mergedRanges: [])
        }
        guard let bytes = try Self.readPart(relationship.target, archive, limits, location: location) else {
            throw XLSXError(
                file: file, location: location,
                message: "the workbook is damaged: the sheet's part \(relationship.target) is missing")
        }
        return try XLSXSheetReader.read(
            bytes, part: relationship.target, file: file, sheet: entry.name, sharedStrings: sharedStrings,
            styles: styles, isDate1904: isDate1904, limits: limits)
    }

    // MARK: - Parts

    /// The contents of part `name`, or nil if the archive has no such entry.
    private static func readPart(
        _ name: String, _ archive: XLSXArchive, _ limits: XLSXLimits, location: SourceLocation? = nil
    ) throws(XLSXError) -> [UInt8]? {
        guard let entry = archive.entry(name) else { return nil }
        do {
            return try archive.contents(of: entry, limits: limits)
        } catch {
            throw XLSXError(file: error.file, location: location, message: error.message)
        }
    }

    /// Why a zip file without a workbook part is not a workbook, naming other Office formats.
    private static func notAWorkbookMessage(_ archive: XLSXArchive) -> String {
        if archive.entry("word/document.xml") != nil {
            return "not an .xlsx workbook: it is a Word document"
        }
        if archive.entry("ppt/presentation.xml") != nil {
            return "not an .xlsx workbook: it is a PowerPoint presentation"
        }
        if archive.entry("content.xml") != nil && archive.entry("mimetype") != nil {
            return "not an .xlsx workbook: it is an OpenDocument file (.ods); save it as .xlsx"
        }
        return "not an .xlsx workbook (no xl/workbook.xml)"
    }

    /// The sheets listed in a workbook part, and whether it uses the 1904 date system.
    private static func parseWorkbook(
        _ bytes: [UInt8], part: String, file: String
    ) throws(XLSXError) -> (sheets: [SheetEntry], isDate1904: Bool) {
        try XLSXPartScanner.scan(bytes, part: part, file: file) { text, scanner throws(XLSXError) in
            var sheets: [SheetEntry] = []
            var isDate1904 = false
            while true {
                switch try scanner.next(in: text) {
                case .startElement:
                    if scanner.xml.localNameIs("sheet", in: text) {
                        guard let name = scanner.xml.attribute("name", in: text) else {
                            throw scanner.error(
                                "a <sheet> without a name", at: scanner.xml.name.lowerBound, in: text)
                        }
                        // The relationship id is `r:id`, whatever the prefix.
                        let id = scanner.xml.attributes.first {
                            $0.localNameStart > $0.name.lowerBound
                                && XMLScanner.bytes(text, $0.localNameStart..<$0.name.upperBound, equal: "id")
                        }
                        guard let id else {
                            throw scanner.error(
                                "a <sheet> without a relationship id (r:id)", at: scanner.xml.name.lowerBound,
                                in: text)
                        }
                        let state = scanner.xml.attribute("state", in: text).map {
                            XMLScanner.value(of: $0, in: text)
                        }
                        sheets.append(
                            SheetEntry(
                                name: XMLScanner.value(of: name, in: text),
                                relationshipID: XMLScanner.value(of: id, in: text),
                                isHidden: state == "hidden" || state == "veryHidden"))
                    } else if scanner.xml.localNameIs("workbookPr", in: text) {
                        let value = scanner.xml.attribute("date1904", in: text).map {
                            XMLScanner.value(of: $0, in: text)
                        }
                        isDate1904 = value == "1" || value == "true"
                    }
                case .text, .endElement:
                    continue
                case .endOfDocument:
                    return (sheets, isDate1904)
                }
            }
        }
    }

    /// The relationships of a `.rels` part by id, targets resolved against `directory` (the
    /// folder of the part they belong to, with a trailing `/`, or empty for the package).
    private static func parseRelationships(
        _ bytes: [UInt8], part: String, directory: String, file: String
    ) throws(XLSXError) -> [String: Relationship] {
        try XLSXPartScanner.scan(bytes, part: part, file: file) { text, scanner throws(XLSXError) in
            var relationships: [String: Relationship] = [:]
            while true {
                switch try scanner.next(in: text) {
                case .startElement:
                    guard scanner.xml.localNameIs("Relationship", in: text),
                        let id = scanner.xml.attribute("Id", in: text),
                        let type = scanner.xml.attribute("Type", in: text),
                        let target = scanner.xml.attribute("Target", in: text)
                    else { continue }
                    let typeName = XMLScanner.value(of: type, in: text)
                    let mode = scanner.xml.attribute("TargetMode", in: text).map {
                        XMLScanner.value(of: $0, in: text)
                    }
                    let relationship = Relationship(
                        kind: typeName.split(separator: "/").last.map(String.init) ?? typeName,
                        target: resolve(XMLScanner.value(of: target, in: text), from: directory),
                        isExternal: mode == "External")
                    let key = XMLScanner.value(of: id, in: text)
                    if relationships[key] == nil { relationships[key] = relationship }
                case .text, .endElement:
                    continue
                case .endOfDocument:
                    return relationships
                }
            }
        }
    }

    /// The folder of a part name, with a trailing `/`: `xl/` for `xl/workbook.xml`.
    private static func directory(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "" }
        return String(part[...slash])
    }

    /// A relationship target as an archive path: absolute targets (`/xl/...`) from the root,
    /// others from `directory`, with `.` and `..` segments resolved.
    static func resolve(_ target: String, from directory: String) -> String {
        let joined = target.hasPrefix("/") ? String(target.dropFirst()) : directory + target
        return RelativePath.resolved(joined).path
    }
}

import AttainmentCore

/// Where the parts of a score sheet are, found from its contents (docs/format.md, "Score
/// sheets as exported"): title rows above the header, a header of one to five rows (question
/// groups, sub-questions, a full-marks row), the student rows, and footer rows after them.
struct ScoreSheetLayout {
    /// The row holding the student-id header.
    let headerRow: Int
    /// The last row of the header block (equal to `headerRow` for a one-row header).
    let lastHeaderRow: Int
    /// The header row that gives each item's full marks (满分), if the sheet has one.
    let fullMarksRow: Int?
    /// The student rows: from the row after the header to the first footer row.
    let studentRows: Range<Int>
    /// Where the footer starts and what it says, when the sheet has one.
    let footer: (row: Int, text: String)?
    let idColumn: Int
    let nameColumn: Int?
    let classColumn: Int?
    let statusColumn: Int?
    /// The attempt column (补考, 重修: methods.md §14), when the sheet has one.
    let attemptColumn: Int?
    /// Per column: the header rows' texts from top to bottom, merged cells resolved, repeats
    /// dropped, full-marks row left out. `["一、选择题", "1"]`; empty for a column without header.
    let headerParts: [[String]]
    /// Per column: the parts joined by "/", as written in a course file's `column:`.
    let headerKeys: [String]

    /// The identity columns (id, name, class, status, attempt): never assessment items.
    var identityColumns: Set<Int> {
        Set([idColumn, nameColumn, classColumn, statusColumn, attemptColumn].compactMap { $0 })
    }

    /// The columns up to the last one with a header: a CSV row's value beyond them is
    /// reported (a decimal comma, `42,28`, would otherwise move a score out of its column).
    var headerWidth: Int {
        (headerParts.lastIndex { !$0.isEmpty } ?? -1) + 1
    }

    /// A column's header as written in a course file's `column:`: the parts joined by "/".
    func headerKey(_ column: Int) -> String {
        column < headerKeys.count ? headerKeys[column] : ""
    }

    /// At most this many rows above the header are searched for it (title rows).
    static let headerSearchRows = 64
    /// At most this many rows may follow the header row in the header block.
    static let maxExtraHeaderRows = 4

    /// Header words of the identity columns.
    static let idHeaders = studentIDHeaders + ["studentid", "学生学号", "考号"]
    static let nameHeaders = studentNameHeaders + ["学生姓名"]
    static let classHeaders = ["class", "班级", "教学班", "行政班"]
    static let statusHeaders = ["status", "状态", "备注"]
    static let attemptHeaders = ["attempt", "考试类型", "考试性质", "修读性质"]
    /// Labels of a full-marks row (满分值), in any of the identity columns or the first column.
    static let fullMarksLabels = ["满分", "满分值", "分值", "题目分值", "fullmarks", "full_marks", "max", "maxmarks"]
    /// Words that start a footer row (averages, signatures, dates) in the id column or left of it.
    static let footerWords = [
        "平均", "合计", "总计", "最高", "最低", "签名", "签字", "制表", "审核", "日期", "说明", "注：", "注:",
        "average", "mean", "total", "signature", "prepared by", "checked by", "date",
    ]
    /// Headers of columns that registrars' exports carry beside the items and that are not
    /// items: row numbers, totals, personal details. Ignored unless an item claims them.
    static let ignoredHeaders = [
        "序号", "总分", "总评", "总评成绩", "总成绩", "成绩", "合计", "性别", "专业", "学院", "年级",
        "no", "no.", "#", "total", "sex", "gender", "major",
    ]

    /// Footer words, full-marks labels and ignored headers, normalised once.
    static let normalisedFooterWords = footerWords.map(normalised)
    static let normalisedFullMarksLabels = Set(fullMarksLabels.map(normalised))
    static let normalisedIgnoredHeaders = Set(ignoredHeaders.map(normalised))

    /// Whether a cell's text starts a footer: it contains a footer word or is a full-marks
    /// label. Digits-only text (student ids, row numbers) never does; checking that first keeps
    /// the scan of a large sheet cheap.
    static func isFooterText(_ text: String) -> Bool {
        var text = text
        if text.withUTF8({ $0.isEmpty || $0.allSatisfy { $0 &- 0x30 < 10 } }) { return false }
        let plain = normalised(text)
        return normalisedFullMarksLabels.contains(plain) || normalisedFooterWords.contains { plain.contains($0) }
    }

    /// A cell's text as compared with header words: lower case, without spaces (also
    /// ideographic ones) and without a trailing colon.
    static func normalised(_ text: String) -> String {
        if let simple = normalisedSimply(text) { return simple }
        var result = String(text.lowercased().unicodeScalars.filter { !$0.properties.isWhitespace })
        while let last = result.last, last == ":" || last == "：" { result.removeLast() }
        return result
    }

    /// `normalised(text)` without Unicode's tables, for text of ASCII and CJK ideographs
    /// (U+3400...U+9FFF, the names and words of a Chinese sheet: no case, no white space, so
    /// their bytes stay as they are); nil for other text.
    private static func normalisedSimply(_ text: String) -> String? {
        let utf8 = text.utf8
        let isSimple = utf8.withContiguousStorageIfAvailable { bytes in
            var index = 0
            while index < bytes.count {
                let lead = bytes[index]
                if lead < 0x80 {
                    index += 1
                } else if (lead >= 0xE4 && lead <= 0xE9) || (lead == 0xE3 && bytes[index + 1] >= 0x90) {
                    // U+4000...U+9FFF, or U+3400...U+3FFF; a String's bytes are UTF-8.
                    index += 3
                } else {
                    return false
                }
            }
            return true
        } ?? utf8.allSatisfy { $0 < 0x80 }
        guard isSimple else { return nil }
        // Only ASCII bytes are changed: the bytes of an ideograph are 0x80 and above.
        return String(unsafeUninitializedCapacity: utf8.count) { buffer in
            var length = 0
            for byte in utf8 where !isASCIIWhitespace(byte) {
                buffer[length] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                length += 1
            }
            while length > 0 && buffer[length - 1] == UInt8(ascii: ":") { length -= 1 }
            return length
        }
    }

    /// Whether an ASCII byte is Unicode white space: tab, LF, VT, FF, CR or space.
    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Finds the layout of a grid, or logs why it cannot and returns nil.
    static func detect(_ grid: some ScoreGrid, log: DiagnosticLog) -> ScoreSheetLayout? {
        // The header row: the first row with a student-id header.
        var found: (row: Int, column: Int)?
        search: for row in 0..<min(grid.rowCount, headerSearchRows) {
            for column in 0..<grid.columnCount(row: row)
            where idHeaders.contains(normalised(grid.text(row: row, column: column))) {
                found = (row, column)
                break search
            }
        }
        guard let (headerRow, idColumn) = found else {
            log.error(
                .missingField, "needs a column 'student_id' (or 学号)",
                at: grid.rowCount > 0 ? grid.location(row: 0, column: 0) : grid.rowLocation(row: 0))
            return nil
        }
        let normalisedHeader = (0..<grid.columnCount(row: headerRow)).map {
            normalised(grid.headerText(row: headerRow, column: $0))
        }
        func column(_ names: [String]) -> Int? {
            normalisedHeader.indices.first { column in column != idColumn && names.contains(normalisedHeader[column]) }
        }
        let nameColumn = column(nameHeaders)
        let classColumn = column(classHeaders)
        let statusColumn = column(statusHeaders)
        let attemptColumn = column(attemptHeaders)
        let identity = [idColumn, nameColumn, classColumn, statusColumn, attemptColumn].compactMap { $0 }
        let labelColumns = Set(identity + [0])

        func isFullMarksLabel(_ row: Int) -> Bool {
            labelColumns.contains { normalisedFullMarksLabels.contains(normalised(grid.text(row: row, column: $0))) }
        }
        func isOpenAbove(_ row: Int, _ column: Int) -> Bool {
            grid.isBlank(row: row, column: column) || grid.isMergedFromAbove(row: row, column: column)
        }
        // A header-row cell under which sub-headers may sit: part of a merged range spanning
        // several columns (a question group), or a group written once with blank cells to its
        // right (the way a CSV file shows a merged group): the blanks and the cell before them.
        func isGroupCell(_ column: Int) -> Bool {
            if let range = grid.mergedRange(row: headerRow, column: column) {
                return range.lastColumn > range.firstColumn
            }
            if grid.isBlank(row: headerRow, column: column) { return true }
            let next = column + 1
            return next < grid.columnCount(row: headerRow) && !identity.contains(next)
                && grid.isBlank(row: headerRow, column: next) && grid.mergedRange(row: headerRow, column: next) == nil
        }

        // The header block: rows after the header row whose identity cells are empty (or carry
        // a full-marks label) and whose numbers, if any, sit under question groups.
        var lastHeaderRow = headerRow
        var fullMarksRow: Int?
        var row = headerRow + 1
        while row < grid.rowCount, row <= headerRow + maxExtraHeaderRows {
            let labelled = fullMarksRow == nil && isFullMarksLabel(row)
            let identityOpen = identity.allSatisfy { column in
                isOpenAbove(row, column)
                    || (labelled && normalisedFullMarksLabels.contains(normalised(grid.text(row: row, column: column))))
            }
            guard identityOpen else { break }
            if !labelled {
                let numbersOutsideGroups = (0..<grid.columnCount(row: row)).contains { column in
                    !identity.contains(column) && grid.number(row: row, column: column) != nil && !isGroupCell(column)
                }
                if numbersOutsideGroups { break }
            }
            if labelled { fullMarksRow = row }
            lastHeaderRow = row
            row += 1
        }

        // Header parts per column.
        let width = (headerRow...lastHeaderRow).map { grid.columnCount(row: $0) }.max() ?? 0
        let textRows = (headerRow...lastHeaderRow).filter { $0 != fullMarksRow }
        var parts = [[String]](repeating: [], count: width)
        var filled = [[String]](repeating: [String](repeating: "", count: width), count: textRows.count)
        for (index, textRow) in textRows.enumerated() {
            for column in 0..<width {
                var text = grid.headerText(row: textRow, column: column)
                // A group written once to the left of its blank neighbours (CSV): carry it
                // right over the columns that have sub-headers below.
                let hasTextBelow = textRows[(index + 1)...].contains { !grid.isBlank(row: $0, column: column) }
                if text.isEmpty, hasTextBelow, column > 0, !identity.contains(column - 1),
                   grid.mergedRange(row: textRow, column: column) == nil {
                    text = filled[index][column - 1]
                }
                filled[index][column] = text
            }
        }
        for column in 0..<width {
            for index in textRows.indices {
                let text = filled[index][column]
                if !text.isEmpty, parts[column].last != text { parts[column].append(text) }
            }
        }

        // Student rows, up to the footer.
        var end = grid.rowCount
        var footer: (row: Int, text: String)?
        for row in (lastHeaderRow + 1)..<max(grid.rowCount, lastHeaderRow + 1) {
            if grid.isDate(row: row, column: idColumn) {
                footer = (row, "a date")
            } else {
                // A plain loop: a lazy map's closure would copy the grid for every row. A number
                // is never footer text; looking for one first spares making the text of every id.
                for column in 0...idColumn where grid.number(row: row, column: column) == nil {
                    let text = grid.text(row: row, column: column)
                    if isFooterText(text) {
                        footer = (row, text)
                        break
                    }
                }
            }
            if footer != nil {
                end = row
                break
            }
        }
        return ScoreSheetLayout(
            headerRow: headerRow, lastHeaderRow: lastHeaderRow, fullMarksRow: fullMarksRow,
            studentRows: (lastHeaderRow + 1)..<max(end, lastHeaderRow + 1), footer: footer,
            idColumn: idColumn, nameColumn: nameColumn, classColumn: classColumn, statusColumn: statusColumn,
            attemptColumn: attemptColumn,
            headerParts: parts, headerKeys: parts.map { $0.joined(separator: "/") })
    }
}

package import AttainmentCore
package import AttainmentIO

/// Writes a programme's structure as a workbook a programme lead can fill in and edit by hand
/// (docs/format.md, "A programme as a workbook"): the template of `attain init --xlsx` and the
/// folder → workbook direction of `attain convert`.
///
/// Ids are written as text cells in text-formatted columns, so that `1.10` typed later stays
/// `1.10`; weights and marks are numbers. Header rows are frozen; support matrices that use
/// levels get H/M/L drop-down lists. The same programme always gives the same bytes.
package enum ProgrammeWorkbook {
    typealias Layout = ProgrammeWorkbookLayout

    static let headerStyle = CellStyle().with {
        $0.bold = true
        $0.fill = .headerBlue
        $0.border = true
        $0.wrap = true
        $0.vertical = .center
    }
    static let textStyle = CellStyle().with {
        $0.numberFormat = "@"
        $0.border = true
        $0.vertical = .top
        $0.wrap = true
    }
    static let numberStyle = CellStyle().with {
        $0.border = true
        $0.vertical = .top
    }
    static let mergedStyle = textStyle.with { $0.vertical = .center }
    static let noteStyle = CellStyle().with {
        $0.wrap = true
        $0.vertical = .top
    }
    static let titleStyle = CellStyle().with {
        $0.bold = true
        $0.fontSize = 14
    }

    /// The workbook's bytes.
    /// - Parameters:
    ///   - programme: the structure (its scores are not part of the workbook).
    ///   - courses: per course, its sheets and column headers, in the programme's course order.
    /// - Throws: `XLSXWriteError` when libxlsxwriter fails.
    ///   - surveys: the surveys the programme declares (their files stay beside the workbook).
    package static func make(
        programme: Programme, courses: [CourseSource], surveys: [DeclaredSurvey] = []
    ) throws(XLSXWriteError) -> [UInt8] {
        var properties = XLSXDocumentProperties()
        properties.title = "\(programme.name) \(programme.cohort)"
        properties.comments = "attain \(attainVersion) programme workbook"
        let book = try XLSXWorkbookWriter(properties: properties)
        try writeInstructions(book)
        try writeProgramme(book, programme)
        try writeObjectives(book, programme)
        try writeRequirements(book, programme)
        try writeRequirementSupport(book, programme)
        try writeCourses(book, courses)
        try writeElectiveGroups(book, programme)
        try writeCourseObjectives(book, courses)
        try writeSupport(book, programme)
        try writePlans(book, courses)
        try writeSurveys(book, surveys)
        return try book.finish()
    }

    /// A sheet with its header row written and frozen.
    static func sheet(
        _ book: XLSXWorkbookWriter, _ spec: Layout.Sheet, headers: [String]
    ) throws(XLSXWriteError) -> XLSXSheetWriter {
        let sheet = try book.addSheet(named: spec.name)
        for (column, header) in headers.enumerated() {
            sheet.write(header, row: 0, column: column, style: headerStyle)
        }
        sheet.freezePanes(rows: 1)
        return sheet
    }

    static func text(_ sheet: XLSXSheetWriter, _ value: String, _ row: Int, _ column: Int) {
        if value.isEmpty {
            sheet.writeBlank(row: row, column: column, style: textStyle)
        } else {
            sheet.write(value, row: row, column: column, style: textStyle)
        }
    }

    /// Writes a value down `rows` of a column, merged when it spans several rows.
    static func mergedText(_ sheet: XLSXSheetWriter, _ value: String, rows: ClosedRange<Int>, column: Int) {
        if rows.count > 1 {
            sheet.merge(rows: rows, columns: column...column, text: value, style: mergedStyle)
        } else {
            text(sheet, value, rows.lowerBound, column)
        }
    }

    static func mergedNumber(_ sheet: XLSXSheetWriter, _ value: Double, rows: ClosedRange<Int>, column: Int) {
        if rows.count > 1 {
            sheet.merge(rows: rows, columns: column...column, number: value, style: numberStyle.with { $0.vertical = .center })
        } else {
            sheet.write(value, row: rows.lowerBound, column: column, style: numberStyle)
        }
    }

    static func strength(_ sheet: XLSXSheetWriter, _ strength: SupportStrength, _ row: Int, _ column: Int) {
        switch strength {
        case .level(let level): sheet.write(level.rawValue, row: row, column: column, style: textStyle.with { $0.horizontal = .center })
        case .weight(let weight): sheet.write(weight, row: row, column: column, style: numberStyle)
        }
    }

    // MARK: Sheets

    static let instructionLines: [String] = [
        "attain 专业工作簿 / attain programme workbook",
        "",
        "本工作簿描述一个专业（一个年级）的培养目标、毕业要求与指标点、课程与课程目标、支撑矩阵和考核方案。成绩表不在本工作簿中：把教务系统导出的成绩表（.xlsx 或 .csv）放在本文件所在文件夹的 scores/ 下，命名为 课程代码.xlsx，或放入 scores/课程代码/ 文件夹（每个教学班一个文件）。可选的 roster.csv（学生名单）也放在同一文件夹。",
        "This workbook describes one programme (one cohort): programme objectives, graduation requirements and indicators, courses and course objectives, the support matrices and the assessment plans. Score sheets are not part of it: put the sheets exported by the academic-affairs system (.xlsx or .csv) in scores/ beside this file, named COURSE.xlsx, or in a folder scores/COURSE/ (one file per teaching class). The optional roster.csv goes in the same folder.",
        "",
        "各工作表 / The sheets:",
        "专业 (Programme): 专业代码、名称、年级、认证类型、阈值和计算方法；每行一个设置，只改“值”列。 One setting per row; edit the value column only.",
        "培养目标 (Objectives): 每行一个培养目标。 One programme objective per row.",
        "毕业要求 (Requirements): 每行一个指标点；毕业要求的单元格可以向下合并。 One indicator per row; a requirement's cells may be merged down over its indicators.",
        "毕业要求-培养目标 (Requirement support): 毕业要求对培养目标的支撑，H/M/L 或正数。 Requirements down, programme objectives across: H, M, L or a positive number.",
        "课程 (Courses): 每行一门课程；“成绩表”可列出成绩表路径（用分号分隔），留空则按默认位置查找。 One course per row; 'sheets' may list score-sheet paths separated by semicolons, else the default places are used.",
        "选修课组 (Elective groups): 学生从中选修一门的课程组，每行一组：组代码（不能与课程代码相同）、名称、组内课程（用逗号或顿号分隔，各课程也列在“课程”表中）。课程组的支撑写在支撑矩阵中以组代码为名的一行，组内课程在支撑矩阵中没有行。没有课程组时留空。 Courses of which a student takes one, one group per row: the group's id (not a course id), name and member courses separated by commas (each also listed under Courses). The group's support is the support matrix's row under the group's id; its members have no row there. Leave empty when there are none.",
        "课程目标 (Course objectives): 每行一个课程目标及其支撑的指标点（用逗号分隔）。 One course objective per row with the indicators it supports, separated by commas.",
        "支撑矩阵 (Support matrix): 课程对指标点的支撑，H/M/L 或正数；选修课组以组代码占一行，组内课程没有行。 Courses (and elective groups, under the group's id; their member courses have no row) down, indicators across: H, M, L or a positive number.",
        "考核方案 (Assessment plans): 每行一个考核方式（成绩表中的一列）：考核类型、类型权重、考核方式、方式权重（可选）、分值、课程目标（CO1，或 CO1:12, CO2:8）、成绩表列名（可选，默认与考核方式相同）、考核性质（NBA：internal 或 end-semester，可选）。课程和考核类型的单元格可以向下合并。也可以每门课程一张工作表，命名为“考核方案-课程代码”。 One item (a score-sheet column) per row: component, component weight, item, item weight (optional), full marks, objectives (CO1, or CO1:12, CO2:8), sheet column (optional, defaults to the item), component kind (NBA: internal or end-semester, optional). Course and component cells may be merged down. A course may also have its own sheet named 考核方案-COURSE.",
        "间接评价 (Surveys): 可选，每行一个调查文件（如毕业生、校友、用人单位问卷）：文件（相对本文件所在文件夹，如 surveys/alumni.csv，工作簿中的某张表写作 surveys/all.xlsx#校友）、类型（course-exit、graduating、alumni、employer）、量表级数（如 5）、调查人数（可选）、名称（可选）。调查文件与成绩表一样放在本文件旁边。 Optional, one survey file per row: file (relative to this file's folder, e.g. surveys/alumni.csv, or surveys/all.xlsx#sheet), kind (course-exit, graduating, alumni, employer), scale (e.g. 5), population (optional), name (optional). Survey files sit beside this workbook, as the score sheets do.",
        "",
        "编号（课程代码、指标点 1.1、学号）请按文本输入，不要让 Excel 把 1.10 改成 1.1。 Type ids as text so that Excel does not turn 1.10 into 1.1.",
        "检查：attain check 本文件.xlsx　计算：attain run 本文件.xlsx　转换为文件夹：attain convert 本文件.xlsx -o 文件夹",
        "Check: attain check book.xlsx   Run: attain run book.xlsx   Convert to a folder: attain convert book.xlsx -o FOLDER",
    ]

    static func writeInstructions(_ book: XLSXWorkbookWriter) throws(XLSXWriteError) {
        let sheet = try book.addSheet(named: Layout.instructions.name)
        sheet.setColumnWidth(110, columns: 0...0)
        for (row, line) in instructionLines.enumerated() {
            sheet.write(line, row: row, column: 0, style: row == 0 ? titleStyle : noteStyle)
        }
    }

    static func writeProgramme(_ book: XLSXWorkbookWriter, _ programme: Programme) throws(XLSXWriteError) {
        let spec = Layout.programme
        let sheet = try sheet(book, spec, headers: spec.columns.map(\.header))
        let methods = programme.methods
        for (index, entry) in Layout.programmeKeys.enumerated() {
            let row = index + 1
            sheet.write(entry.label, row: row, column: 0, style: noteStyle)
            sheet.write(entry.key, row: row, column: 1, style: textStyle)
            /// Writes a setting's value; returns its choices for a drop-down list.
            func choice<Choice: RawRepresentable & CaseIterable>(_ value: Choice) -> [String] where Choice.RawValue == String {
                text(sheet, value.rawValue, row, 2)
                return Choice.allCases.map(\.rawValue)
            }
            func number(_ value: Double) -> [String] {
                sheet.write(value, row: row, column: 2, style: numberStyle)
                return []
            }
            let options: [String]
            switch entry.key {
            case "id": text(sheet, programme.id, row, 2); options = []
            case "name": text(sheet, programme.name, row, 2); options = []
            case "cohort": text(sheet, programme.cohort, row, 2); options = []
            case "scheme": options = choice(programme.scheme)
            case "thresholds.class": options = number(programme.thresholds.classLevel)
            case "thresholds.individual": options = number(programme.thresholds.individual)
            case let key where key.hasPrefix("methods."):
                let setting = String(key.dropFirst("methods.".count))
                guard let definition = MethodSettings.definition(of: setting), let value = methods.value(of: setting) else {
                    preconditionFailure("the programme keys list every setting")
                }
                switch value {
                case .number(let number): sheet.write(number, row: row, column: 2, style: numberStyle)
                case .choice, .flag, .numbers: text(sheet, value.description, row, 2)
                }
                options = definition.choices
            default: preconditionFailure("every programme key is written")
            }
            if !options.isEmpty {
                sheet.write(options.joined(separator: " | "), row: row, column: 3, style: noteStyle)
                sheet.addListValidation(
                    rows: row...row, columns: 2...2, values: options,
                    errorTitle: "attain", errorMessage: "请选择列表中的值 / choose a value from the list")
            }
        }
        sheet.setColumnWidth(34, columns: 0...0)
        sheet.setColumnWidth(26, columns: 1...1)
        sheet.setColumnWidth(40, columns: 2...2)
        sheet.setColumnWidth(50, columns: 3...3)
    }

    static func writeObjectives(_ book: XLSXWorkbookWriter, _ programme: Programme) throws(XLSXWriteError) {
        let spec = Layout.objectives
        let sheet = try sheet(book, spec, headers: spec.columns.map(\.header))
        for (index, objective) in programme.objectives.enumerated() {
            text(sheet, objective.id, index + 1, 0)
            text(sheet, objective.text, index + 1, 1)
        }
        sheet.setColumnWidth(12, columns: 0...0)
        sheet.setColumnWidth(90, columns: 1...1)
    }

    static func writeRequirements(_ book: XLSXWorkbookWriter, _ programme: Programme) throws(XLSXWriteError) {
        let spec = Layout.requirements
        let sheet = try sheet(book, spec, headers: spec.columns.map(\.header))
        var row = 1
        for requirement in programme.requirements {
            let count = max(requirement.indicators.count, 1)
            let rows = row...(row + count - 1)
            mergedText(sheet, requirement.id, rows: rows, column: 0)
            mergedText(sheet, requirement.name, rows: rows, column: 1)
            mergedText(sheet, requirement.text, rows: rows, column: 2)
            if requirement.indicators.isEmpty {
                text(sheet, "", row, 3)
                text(sheet, "", row, 4)
            }
            for (offset, indicator) in requirement.indicators.enumerated() {
                text(sheet, indicator.id, row + offset, 3)
                text(sheet, indicator.text, row + offset, 4)
            }
            row += count
        }
        sheet.setColumnWidth(10, columns: 0...0)
        sheet.setColumnWidth(16, columns: 1...1)
        sheet.setColumnWidth(50, columns: 2...2)
        sheet.setColumnWidth(10, columns: 3...3)
        sheet.setColumnWidth(60, columns: 4...4)
    }

    /// Adds H/M/L lists to a matrix's cells (rows 1…rows, `columns` columns from
    /// `firstColumn`) when every cell given is a level.
    static func levelLists(
        _ sheet: XLSXSheetWriter, _ entries: [SupportEntry], rows: Int, columns: Int, firstColumn: Int = 1
    ) {
        let usesLevels = entries.allSatisfy { if case .level = $0.strength { true } else { false } }
        guard usesLevels, rows > 0, columns > 0 else { return }
        sheet.addListValidation(
            rows: 1...rows, columns: firstColumn...(firstColumn + columns - 1), values: ["H", "M", "L"],
            inputTitle: "支撑强度 support", inputMessage: "H 高, M 中, L 低; 留空表示不支撑 / blank: no support",
            errorTitle: "attain", errorMessage: "H, M 或 L / H, M or L")
    }

    static func writeRequirementSupport(_ book: XLSXWorkbookWriter, _ programme: Programme) throws(XLSXWriteError) {
        let spec = Layout.requirementSupport
        let objectives = programme.objectives.map(\.id)
        let sheet = try sheet(book, spec, headers: [spec.column("requirement").header] + objectives)
        let support = SupportTable(programme.requirementSupport)
        for (index, requirement) in programme.requirements.enumerated() {
            let row = index + 1
            text(sheet, requirement.id, row, 0)
            for (offset, objective) in objectives.enumerated() {
                if let cell = support[requirement.id, objective] {
                    strength(sheet, cell, row, offset + 1)
                } else {
                    text(sheet, "", row, offset + 1)
                }
            }
        }
        levelLists(sheet, programme.requirementSupport, rows: programme.requirements.count, columns: objectives.count)
        sheet.freezePanes(rows: 1, columns: 1)
        sheet.setColumnWidth(14, columns: 0...0)
        if !objectives.isEmpty { sheet.setColumnWidth(9, columns: 1...objectives.count) }
    }

    static func writeCourses(_ book: XLSXWorkbookWriter, _ courses: [CourseSource]) throws(XLSXWriteError) {
        let spec = Layout.courses
        let sheet = try sheet(book, spec, headers: spec.columns.map(\.header))
        for (index, source) in courses.enumerated() {
            let row = index + 1
            text(sheet, source.course.id, row, 0)
            text(sheet, source.course.name, row, 1)
            sheet.write(source.course.credits, row: row, column: 2, style: numberStyle)
            text(sheet, source.sheets?.joined(separator: "; ") ?? "", row, 3)
            text(sheet, source.columns.ignored.joined(separator: "; "), row, 4)
        }
        sheet.setColumnWidth(12, columns: 0...0)
        sheet.setColumnWidth(28, columns: 1...1)
        sheet.setColumnWidth(8, columns: 2...2)
        sheet.setColumnWidth(36, columns: 3...4)
    }

    /// The elective groups, one a row; the sheet is written (with its header alone) when the
    /// programme has none, so that a programme lead finds where groups go.
    static func writeElectiveGroups(_ book: XLSXWorkbookWriter, _ programme: Programme) throws(XLSXWriteError) {
        let spec = Layout.electiveGroups
        let sheet = try sheet(book, spec, headers: spec.columns.map(\.header))
        for (index, group) in programme.electiveGroups.enumerated() {
            text(sheet, group.id, index + 1, 0)
            text(sheet, group.name, index + 1, 1)
            text(sheet, group.courses.joined(separator: ", "), index + 1, 2)
        }
        sheet.setColumnWidth(14, columns: 0...0)
        sheet.setColumnWidth(28, columns: 1...1)
        sheet.setColumnWidth(40, columns: 2...2)
    }

    static func writeCourseObjectives(_ book: XLSXWorkbookWriter, _ courses: [CourseSource]) throws(XLSXWriteError) {
        let spec = Layout.courseObjectives
        let sheet = try sheet(book, spec, headers: spec.columns.map(\.header))
        var row = 1
        for source in courses where !source.course.objectives.isEmpty {
            let objectives = source.course.objectives
            mergedText(sheet, source.course.id, rows: row...(row + objectives.count - 1), column: 0)
            for (offset, objective) in objectives.enumerated() {
                text(sheet, objective.id, row + offset, 1)
                text(sheet, objective.text, row + offset, 2)
                text(sheet, objective.indicators.joined(separator: ", "), row + offset, 3)
            }
            row += objectives.count
        }
        sheet.setColumnWidth(12, columns: 0...0)
        sheet.setColumnWidth(10, columns: 1...1)
        sheet.setColumnWidth(60, columns: 2...2)
        sheet.setColumnWidth(16, columns: 3...3)
    }

    static func writeSupport(_ book: XLSXWorkbookWriter, _ programme: Programme) throws(XLSXWriteError) {
        let spec = Layout.support
        let indicators = programme.indicators.map(\.id)
        let sheet = try sheet(
            book, spec, headers: [spec.column("course").header, spec.column("name").header] + indicators)
        let support = SupportTable(programme.courseSupport)
        let rows = programme.supportRows
        for (index, entry) in rows.enumerated() {
            let row = index + 1
            text(sheet, entry.id, row, 0)
            text(sheet, entry.name, row, 1)
            for (offset, indicator) in indicators.enumerated() {
                if let cell = support[entry.id, indicator] {
                    strength(sheet, cell, row, offset + 2)
                } else {
                    text(sheet, "", row, offset + 2)
                }
            }
        }
        levelLists(sheet, programme.courseSupport, rows: rows.count, columns: indicators.count, firstColumn: 2)
        if !indicators.isEmpty { sheet.setColumnWidth(6, columns: 2...(indicators.count + 1)) }
        sheet.freezePanes(rows: 1, columns: 2)
        sheet.setColumnWidth(12, columns: 0...0)
        sheet.setColumnWidth(24, columns: 1...1)
        sheet.setUpPrinting(landscape: true, fitToWidth: true, repeatingRows: 0...0)
    }

    /// The declared surveys, one a row; written with its header alone when there are none.
    static func writeSurveys(_ book: XLSXWorkbookWriter, _ surveys: [DeclaredSurvey]) throws(XLSXWriteError) {
        let spec = Layout.surveys
        let sheet = try sheet(book, spec, headers: spec.columns.map(\.header))
        for (index, survey) in surveys.enumerated() {
            let row = index + 1
            text(sheet, survey.file, row, 0)
            text(sheet, survey.kind.rawValue, row, 1)
            sheet.write(Double(survey.scale), row: row, column: 2, style: numberStyle)
            if let population = survey.population {
                sheet.write(Double(population), row: row, column: 3, style: numberStyle)
            } else {
                sheet.writeBlank(row: row, column: 3, style: numberStyle)
            }
            text(sheet, survey.name ?? "", row, 4)
        }
        // A drop-down of the kinds over the rows written and some more to fill in.
        sheet.addListValidation(
            rows: 1...max(surveys.count, 20), columns: 1...1, values: SurveyKind.allCases.map(\.rawValue),
            errorTitle: "attain", errorMessage: "请选择列表中的值 / choose a value from the list")
        sheet.setColumnWidth(36, columns: 0...0)
        sheet.setColumnWidth(14, columns: 1...1)
        sheet.setColumnWidth(10, columns: 2...3)
        sheet.setColumnWidth(20, columns: 4...4)
    }

    static func writePlans(_ book: XLSXWorkbookWriter, _ courses: [CourseSource]) throws(XLSXWriteError) {
        let spec = Layout.plans
        let sheet = try sheet(book, spec, headers: spec.columns.map(\.header))
        var row = 1
        for source in courses {
            let course = source.course
            // Items grouped by component, components in plan order; an item of an unknown
            // component (an error for check to report) goes last under its own name.
            var groups: [(component: AssessmentComponent, items: [AssessmentItem])] = course.components.map { component in
                (component, course.items.filter { $0.component == component.id })
            }
            let known = Set(course.components.map(\.id))
            for item in course.items where !known.contains(item.component) {
                groups.append((AssessmentComponent(id: item.component, weight: 0), [item]))
            }
            let courseRows = groups.reduce(0) { $0 + max($1.items.count, 1) }
            guard courseRows > 0 else { continue }
            mergedText(sheet, course.id, rows: row...(row + courseRows - 1), column: 0)
            for (component, items) in groups {
                let rows = row...(row + max(items.count, 1) - 1)
                mergedText(sheet, component.id, rows: rows, column: 1)
                mergedText(sheet, component.name, rows: rows, column: 2)
                mergedNumber(sheet, component.weight, rows: rows, column: 3)
                if items.isEmpty {
                    for column in 4...8 { text(sheet, "", row, column) }
                }
                for (offset, item) in items.enumerated() {
                    let r = row + offset
                    text(sheet, item.id, r, 4)
                    if let weight = item.weight {
                        sheet.write(weight, row: r, column: 5, style: numberStyle)
                    } else {
                        sheet.writeBlank(row: r, column: 5, style: numberStyle)
                    }
                    sheet.write(item.fullMarks, row: r, column: 6, style: numberStyle)
                    let objectives = item.soleObjective
                        ?? item.marks.map { "\($0.objective):\(shortDecimal($0.marks))" }.joined(separator: ", ")
                    text(sheet, objectives, r, 7)
                    text(sheet, source.columns.headers[item.id] ?? "", r, 8)
                }
                // NBA's internal / end-semester part, blank when not given (methods.md §11).
                mergedText(sheet, component.kind?.rawValue ?? "", rows: rows, column: 9)
                row += max(items.count, 1)
            }
        }
        sheet.setColumnWidth(12, columns: 0...0)
        sheet.setColumnWidth(14, columns: 1...2)
        sheet.setColumnWidth(10, columns: 3...3)
        sheet.setColumnWidth(14, columns: 4...4)
        sheet.setColumnWidth(10, columns: 5...6)
        sheet.setColumnWidth(20, columns: 7...8)
        sheet.setColumnWidth(14, columns: 9...9)
    }
}

import AttainmentCore

/// `results.xlsx`: the results of one programme as a workbook for people who work in Excel
/// (docs/cli.md, "Outputs").
///
/// Sheets, in order: a summary with the facts of the run, the requirement values and a chart of
/// them against the class threshold, and the inputs with their hashes; the support matrix; a
/// block per course with its objectives, items and a chart beside the block; indicators and
/// requirements; programme objectives; the per-student matrix (requirements, indicators,
/// programme objectives); the per-student course objectives; the students below the individual
/// threshold.
///
/// Numbers are stored as numbers in full precision and shown with 3 decimals; a value below
/// its threshold (unrounded, as the verdicts) has a light red fill; a value that is not
/// evaluable is a grey blank cell, with a note on the class-level sheets. Headers are Chinese
/// over English.
enum ResultWorkbook {
    /// The sheet names: English and Chinese, within Excel's 31 characters.
    enum SheetName {
        static let summary = "Summary 概览"
        static let support = "Support 支撑矩阵"
        static let courseObjectives = "Course objectives 课程目标"
        static let requirements = "Requirements 毕业要求"
        static let programmeObjectives = "Programme objectives 培养目标"
        static let students = "Students 学生达成度"
        static let studentCourseObjectives = "Student COs 学生课程目标"
        static let belowThreshold = "Below threshold 低于期望值"
        /// Only under NBA's and ABET's methods (methods.md §11, §12).
        static let objectiveLevels = "CO levels 课程目标达成等级"
    }

    /// Column headers, Chinese over English; the tests find columns by them.
    enum Header {
        static let requirement = "毕业要求\nRequirement"
        static let name = "名称\nName"
        static let value = "达成度\nValue"
        static let threshold = "期望值\nThreshold"
        static let verdict = "结论\nVerdict"
        static let studentsEvaluated = "评价人数\nStudents evaluated"
        static let studentsBelow = "低于个人期望值人数\nStudents below individual"
        static let baseline = "图表基线\nChart baseline"
        static let course = "课程\nCourse"
        static let courseName = "课程名称\nCourse name"
        static let credits = "学分\nCredits"
        static let objective = "课程目标\nObjective"
        static let objectiveText = "课程目标内容\nObjective"
        static let indicators = "支撑指标点\nIndicators"
        static let item = "考核项\nItem"
        static let component = "考核环节\nComponent"
        static let componentWeight = "环节权重\nComponent weight"
        static let fullMarks = "满分\nFull marks"
        static let average = "平均分\nClass average"
        static let studentsCounted = "计入人数\nStudents counted"
        static let requirementValue = "毕业要求达成度\nRequirement value"
        static let requirementVerdict = "毕业要求结论\nRequirement verdict"
        static let indicator = "指标点\nIndicator"
        static let indicatorText = "指标点内容\nIndicator"
        static let indicatorValue = "指标点达成度\nIndicator value"
        static let supportingCourses = "支撑课程数\nSupporting courses"
        static let programmeObjective = "培养目标\nProgramme objective"
        static let programmeObjectiveText = "培养目标内容\nProgramme objective"
        static let supportingRequirements = "支撑毕业要求\nSupporting requirements"
        static let studentID = "学号\nStudent id"
        static let studentName = "姓名\nName"
        static let missingCourses = "缺修课程\nMissing courses"
        static let level = "层级\nLevel"
        static let id = "编号\nId"
        static let file = "输入文件\nFile"
        static let sha256 = "SHA-256"
        static let bytes = "字节\nBytes"
        static let fact = "项目\nItem"
        static let factValue = "内容\nValue"
    }

    /// The workbook's bytes.
    /// - Throws: `XLSXWriteError` if libxlsxwriter cannot write it (no temporary file, say).
    static func make(_ result: AttainmentResult, inputs: [InputFile]) throws(XLSXWriteError) -> [UInt8] {
        let programme = result.programme
        var properties = XLSXDocumentProperties()
        properties.title = "毕业要求达成度评价 Attainment results: \(programme.name) (\(programme.id)), \(programme.cohort)"
        properties.author = "attain"
        properties.comments = "attain \(attainVersion)"
        let builder = Builder(result: result, inputs: inputs, workbook: try XLSXWorkbookWriter(properties: properties))
        try builder.summary()
        try builder.support()
        try builder.courseObjectives()
        try ObjectiveLevelsTable.make(result)?.writeSheet(to: builder.workbook)
        try builder.requirements()
        try builder.programmeObjectives()
        try builder.students()
        try builder.studentCourseObjectives()
        try builder.belowThreshold()
        try SurveyTable.make(result)?.writeSheet(to: builder.workbook)
        return try builder.workbook.finish()
    }

    /// The cell styles of the workbook.
    enum Style {
        static let title = CellStyle().with {
            $0.bold = true
            $0.fontSize = 14
            $0.vertical = .center
        }
        static let section = CellStyle().with {
            $0.bold = true
            $0.fontSize = 12
        }
        static let note = CellStyle().with {
            $0.fontColour = .grey
            $0.fontSize = 9
        }
        static let header = CellStyle().with {
            $0.bold = true
            $0.fill = .headerBlue
            $0.border = true
            $0.wrap = true
            $0.horizontal = .center
            $0.vertical = .center
        }
        static let courseTitle = header.with { $0.horizontal = .left }
        static let text = CellStyle().with {
            $0.border = true
            $0.vertical = .center
        }
        static let label = text.with {
            $0.fill = .lightGrey
            $0.wrap = true
        }
        static let wrapped = text.with { $0.wrap = true }
        static let identifier = text.with { $0.numberFormat = "@" }
        static let centered = text.with { $0.horizontal = .center }
        static let value = text.with { $0.numberFormat = "0.000" }
        static let below = value.with {
            $0.fill = .lightRed
            $0.fontColour = .darkRed
        }
        static let notEvaluable = text.with { $0.fill = .lightGrey }
        static let threshold = text.with { $0.numberFormat = "0.0##" }
        static let thresholdLeft = threshold.with { $0.horizontal = .left }
        static let weight = text.with { $0.numberFormat = "0.000" }
        static let count = text.with { $0.numberFormat = "0" }
        static let countLeft = count.with { $0.horizontal = .left }
        static let number = text
        static let met = centered
        static let notMet = centered.with {
            $0.fontColour = .darkRed
            $0.bold = true
        }
    }

    /// A verdict in both languages, in the reports' words: `不可评价 not evaluable`.
    static func verdict(_ verdict: Verdict) -> String {
        verdict.chinese + " " + verdict.english
    }

    /// A level of `BelowThreshold` in both languages.
    static func level(_ level: BelowThreshold.Level) -> String {
        switch level {
        case .requirement: "毕业要求 requirement"
        case .indicator: "指标点 indicator"
        case .programmeObjective: "培养目标 programme objective"
        case .courseObjective: "课程目标 course objective"
        }
    }

    static let notEvaluableNote = "不可评价：没有学生的成绩计入此值。\nNot evaluable: no student's score counts towards this value."
    static let valuesNote = "数值以完整精度存储，显示三位小数；结论按未舍入的数值与期望值比较；低于期望值的单元格为浅红色，灰色空白为不可评价。"
        + " Values are stored in full precision and shown to 3 decimals; verdicts compare unrounded values with the"
        + " thresholds; light red: below the threshold; grey blank: not evaluable."
}

/// Writes the sheets of one workbook.
private struct Builder {
    typealias Style = ResultWorkbook.Style
    typealias Header = ResultWorkbook.Header

    let result: AttainmentResult
    let inputs: [InputFile]
    let workbook: XLSXWorkbookWriter
    var programme: Programme { result.programme }
    var classThreshold: Double { programme.thresholds.classLevel }
    var individualThreshold: Double { programme.thresholds.individual }

    /// Height in points of a header row with two lines.
    static let headerHeight = 30.0

    // MARK: Cells

    /// An attainment value: full precision shown to 3 decimals, light red when below the
    /// threshold (unrounded), a grey blank when not evaluable (with a note if `note`).
    func writeValue(_ value: Double?, threshold: Double, on sheet: XLSXSheetWriter, row: Int, column: Int, note: Bool = true) {
        guard let value, value.isFinite else {
            sheet.writeBlank(row: row, column: column, style: Style.notEvaluable)
            if note { sheet.addNote(ResultWorkbook.notEvaluableNote, row: row, column: column) }
            return
        }
        sheet.write(value, row: row, column: column, style: isBelow(value, threshold: threshold) ? Style.below : Style.value)
    }

    func writeVerdict(_ verdict: Verdict, on sheet: XLSXSheetWriter, row: Int, column: Int) {
        sheet.write(ResultWorkbook.verdict(verdict), row: row, column: column, style: verdict == .notMet ? Style.notMet : Style.met)
    }

    /// The value, threshold, verdict and student counts of a class value, from `column` on.
    func writeClassValue(_ value: ClassValue, on sheet: XLSXSheetWriter, row: Int, column: Int) {
        writeValue(value.value, threshold: classThreshold, on: sheet, row: row, column: column)
        sheet.write(classThreshold, row: row, column: column + 1, style: Style.threshold)
        writeVerdict(value.verdict, on: sheet, row: row, column: column + 2)
        sheet.write(value.studentsEvaluated, row: row, column: column + 3, style: Style.count)
        sheet.write(value.studentsBelowIndividual, row: row, column: column + 4, style: Style.count)
    }

    static let classValueHeaders = [Header.value, Header.threshold, Header.verdict, Header.studentsEvaluated, Header.studentsBelow]

    func writeHeader(_ headers: [String], on sheet: XLSXSheetWriter, row: Int, from column: Int = 0) {
        for (offset, header) in headers.enumerated() {
            sheet.write(header, row: row, column: column + offset, style: Style.header)
        }
        sheet.setRowHeight(Self.headerHeight, row: row)
    }

    /// The sheet title in row 0 and the note on values in row 1, over `columns`.
    func writeTitle(_ title: String, on sheet: XLSXSheetWriter, columns: ClosedRange<Int>) {
        sheet.merge(rows: 0...0, columns: columns, text: title, style: Style.title)
        sheet.setRowHeight(24, row: 0)
        sheet.merge(rows: 1...1, columns: columns, text: ResultWorkbook.valuesNote, style: Style.note.with { $0.wrap = true })
        sheet.setRowHeight(26, row: 1)
    }

    func addSheet(_ name: String) throws(XLSXWriteError) -> XLSXSheetWriter {
        let sheet = try workbook.addSheet(named: name)
        sheet.setNoteAuthor("attain")
        return sheet
    }

    // MARK: Summary

    func summary() throws(XLSXWriteError) {
        let sheet = try addSheet(ResultWorkbook.SheetName.summary)
        sheet.activate()
        sheet.setTabColour(.blue)
        let lastColumn = 6
        writeTitle(
            "毕业要求达成度评价结果 Attainment results: \(programme.name) (\(programme.id)), \(programme.cohort)",
            on: sheet, columns: 0...lastColumn)

        enum Fact {
            case text(String)
            case number(Double, CellStyle)
        }
        let methods = programme.methods
        let facts: [(String, Fact)] = [
            ("专业\nProgramme", .text("\(programme.id) \(programme.name)")),
            ("年级\nCohort", .text(programme.cohort)),
            ("认证类型\nScheme", .text(schemeName)),
            ("期望值（课程目标、指标点、毕业要求、培养目标）\nClass threshold", .number(classThreshold, Style.thresholdLeft)),
            ("学生个人期望值\nIndividual threshold", .number(individualThreshold, Style.thresholdLeft)),
        ] + methods.entries.map { key, value in
            (MethodSettings.definition(of: key)?.label ?? key, Fact.text(value.description))
        } + [
            ("学生人数\nStudents in the cohort", .number(Double(result.students.students.count), Style.countLeft)),
            ("缺修课程的学生（权重已重新归一化）\nStudents missing a course", .number(
                Double(result.students.studentsWithMissingCourses), Style.countLeft)),
            ("任一毕业要求低于个人期望值的学生\nStudents below individual, any requirement", .number(
                Double(BelowThreshold.studentsBelowInAnyRequirement(result)), Style.countLeft)),
            ("工具\nTool", .text("attain \(attainVersion)")),
        ]
        var row = 3
        sheet.merge(rows: row...row, columns: 0...1, text: Header.fact, style: Style.header)
        sheet.merge(rows: row...row, columns: 2...lastColumn, text: Header.factValue, style: Style.header)
        sheet.setRowHeight(Self.headerHeight, row: row)
        row += 1
        for (label, fact) in facts {
            sheet.merge(rows: row...row, columns: 0...1, text: label, style: Style.label)
            switch fact {
            case .text(let text): sheet.merge(rows: row...row, columns: 2...lastColumn, text: text, style: Style.text)
            case .number(let number, let style): sheet.merge(rows: row...row, columns: 2...lastColumn, number: number, style: style)
            }
            sheet.setRowHeight(Self.headerHeight, row: row)
            row += 1
        }

        // Requirements, with the chart beside them.
        row += 1
        sheet.write("毕业要求达成情况 Graduation requirements", row: row, column: 0, style: Style.section)
        row += 1
        let headerRow = row
        let baselineColumn = lastColumn + 1
        writeHeader([Header.requirement, Header.name] + Self.classValueHeaders + [Header.baseline], on: sheet, row: headerRow)
        for (requirement, attainment) in zip(programme.requirements, result.requirements) {
            row += 1
            sheet.write(requirement.id, row: row, column: 0, style: Style.identifier)
            sheet.write(requirement.name, row: row, column: 1, style: Style.text)
            writeClassValue(attainment.value, on: sheet, row: row, column: 2)
            sheet.write(0, row: row, column: baselineColumn, style: Style.count)
        }
        if row > headerRow {
            let rows = (headerRow + 1)...row
            sheet.insertChart(
                thresholdChart(
                    title: "毕业要求达成度 Graduation requirement attainment", sheet: sheet, rows: rows,
                    categoryColumn: 0, valueColumn: 2, thresholdColumn: 3, baselineColumn: baselineColumn,
                    categories: programme.requirements.count),
                row: headerRow - 1, column: baselineColumn + 1)
        }

        // Inputs.
        row += 2
        sheet.write("输入文件 Inputs", row: row, column: 0, style: Style.section)
        row += 1
        sheet.merge(rows: row...row, columns: 0...1, text: Header.file, style: Style.header)
        sheet.merge(rows: row...row, columns: 2...5, text: Header.sha256, style: Style.header)
        sheet.write(Header.bytes, row: row, column: 6, style: Style.header)
        sheet.setRowHeight(Self.headerHeight, row: row)
        for file in inputs {
            row += 1
            sheet.merge(rows: row...row, columns: 0...1, text: file.path, style: Style.text)
            sheet.merge(rows: row...row, columns: 2...5, text: file.sha256, style: Style.text)
            sheet.write(file.size, row: row, column: 6, style: Style.count)
        }

        sheet.fitColumnWidths(minimum: 8, maximum: 40)
        // The merged labels and hashes need room the fitted widths may not give.
        sheet.setColumnWidth(10, columns: 0...0)
        sheet.setColumnWidth(30, columns: 1...1)
        sheet.setColumnWidth(14, columns: 2...5)
        sheet.setColumnWidth(10, columns: baselineColumn...baselineColumn, hidden: true)
        sheet.setUpPrinting(landscape: false)
    }

    var schemeName: String {
        switch programme.scheme {
        case .engineering: "工程教育专业认证 engineering"
        case .teacherEducation: "师范类专业认证 teacher-education"
        case .nba: "印度国家认证委员会 NBA"
        case .abet: "ABET"
        case .other: "其他 other"
        }
    }

    /// Columns of the values in `valueColumn` against the threshold line, for rows `rows`.
    func thresholdChart(
        title: String, sheet: XLSXSheetWriter, rows: ClosedRange<Int>, categoryColumn: Int, valueColumn: Int,
        thresholdColumn: Int, baselineColumn: Int, categories: Int
    ) -> XLSXChart {
        var chart = XLSXChart.columnsWithThreshold(
            title: title,
            categories: sheet.range(rows: rows, columns: categoryColumn...categoryColumn),
            values: sheet.range(rows: rows, columns: valueColumn...valueColumn), valuesName: "达成度 Attainment",
            threshold: sheet.range(rows: rows, columns: thresholdColumn...thresholdColumn),
            thresholdName: "期望值 Threshold \(shortDecimal(classThreshold))",
            baseline: sheet.range(rows: rows, columns: baselineColumn...baselineColumn))
        chart.width = min(max(480, 150 + 50 * categories), 960)
        chart.height = 300
        return chart
    }

    // MARK: Support matrix

    func support() throws(XLSXWriteError) {
        let sheet = try addSheet(ResultWorkbook.SheetName.support)
        let indicators = result.indicators
        let lastColumn = 2 + indicators.count
        writeTitle("课程对毕业要求指标点的支撑矩阵 Support matrix: courses × indicators", on: sheet, columns: 0...min(lastColumn, 12))
        let contributions = indicators.map { attainment in
            Dictionary(attainment.contributions.map { ($0.sourceID, $0) }, uniquingKeysWith: { first, _ in first })
        }
        let header = [Header.course, Header.courseName, Header.credits] + indicators.map(\.indicatorID)
        // The first block's title is in row 3, its header in row 4.
        var row = 3
        let firstHeaderRow = 4

        /// A block: its title, the header, a row per course with `cell` for each indicator.
        func block(_ title: String, _ cell: (Int, Int, Contribution?) -> Void) {
            sheet.write(title, row: row, column: 0, style: Style.section)
            row += 1
            writeHeader(header, on: sheet, row: row)
            for course in programme.courses {
                row += 1
                sheet.write(course.id, row: row, column: 0, style: Style.identifier)
                sheet.write(course.name, row: row, column: 1, style: Style.text)
                sheet.write(course.credits, row: row, column: 2, style: Style.number)
                for i in indicators.indices { cell(row, 3 + i, contributions[i][course.id]) }
            }
        }

        block("支撑强度（支撑矩阵原值）Support as given: H/M/L or a weight") { row, column, contribution in
            if let contribution {
                sheet.write(contribution.strength.cell, row: row, column: column, style: Style.centered)
            } else {
                sheet.writeBlank(row: row, column: column, style: Style.text)
            }
        }
        row += 2
        block("归一化权重（每个指标点的权重和为 1）Normalised weights: each indicator's weights sum to 1") { row, column, contribution in
            if let contribution {
                sheet.write(contribution.weight, row: row, column: column, style: Style.weight)
            } else {
                sheet.writeBlank(row: row, column: column, style: Style.text)
            }
        }
        row += 2
        block("课程对指标点的达成度 Each course's value for the indicator") { row, column, contribution in
            if let contribution {
                writeValue(contribution.value, threshold: classThreshold, on: sheet, row: row, column: column)
            } else {
                sheet.writeBlank(row: row, column: column, style: Style.text)
            }
        }
        row += 1
        sheet.merge(rows: row...row, columns: 0...2, text: "指标点达成度 Indicator value", style: Style.label)
        for (i, attainment) in indicators.enumerated() {
            writeValue(attainment.value.value, threshold: classThreshold, on: sheet, row: row, column: 3 + i)
        }

        sheet.freezePanes(rows: firstHeaderRow + 1, columns: 2)
        sheet.fitColumnWidths(minimum: 7, maximum: 30)
        sheet.setUpPrinting(repeatingRows: firstHeaderRow...firstHeaderRow)
    }

    // MARK: Course objectives

    func courseObjectives() throws(XLSXWriteError) {
        let sheet = try addSheet(ResultWorkbook.SheetName.courseObjectives)
        let mostObjectives = programme.courses.map(\.objectives.count).max() ?? 0
        // Objectives table: columns 0-7; items table: columns 0-5 and a column per objective.
        let lastColumn = max(7, 5 + mostObjectives)
        let baselineColumn = lastColumn + 1
        writeTitle("课程目标达成情况 Course objectives: one block per course, its chart beside it", on: sheet, columns: 0...lastColumn)
        let chartRows = 16
        var row = 3
        for (course, attainment) in zip(programme.courses, result.courses) {
            let start = row
            sheet.merge(
                rows: row...row, columns: 0...lastColumn,
                text: "\(course.id) \(course.name) · 学分 credits \(shortDecimal(course.credits)) · 学生 students \(attainment.students.count)",
                style: Style.courseTitle)
            sheet.setRowHeight(20, row: row)
            row += 1
            writeHeader(
                [Header.objective, Header.objectiveText, Header.indicators] + Self.classValueHeaders,
                on: sheet, row: row)
            let firstObjectiveRow = row + 1
            for (objective, value) in zip(course.objectives, attainment.objectives) {
                row += 1
                sheet.write(objective.id, row: row, column: 0, style: Style.identifier)
                sheet.write(objective.text, row: row, column: 1, style: Style.wrapped)
                sheet.write(objective.indicators.joined(separator: " "), row: row, column: 2, style: Style.text)
                writeClassValue(value, on: sheet, row: row, column: 3)
                sheet.write(0, row: row, column: baselineColumn, style: Style.count)
            }
            let objectiveRows = firstObjectiveRow...row
            row += 1
            sheet.merge(rows: row...row, columns: 0...2, text: "课程达成度（各课程目标的最小值）Course value (minimum)", style: Style.label)
            writeValue(attainment.value, threshold: classThreshold, on: sheet, row: row, column: 3)
            sheet.write(classThreshold, row: row, column: 4, style: Style.threshold)
            writeVerdict(Verdict(attainment.value, threshold: classThreshold), on: sheet, row: row, column: 5)

            row += 2
            writeHeader(
                [Header.item, Header.component, Header.componentWeight, Header.fullMarks, Header.average, Header.studentsCounted]
                    + course.objectives.map { "\($0.id)\n分值 marks" },
                on: sheet, row: row)
            for (item, (statistics, weight)) in zip(course.items, zip(attainment.items, course.itemComponentWeights)) {
                row += 1
                sheet.write(item.id, row: row, column: 0, style: Style.identifier)
                let component = course.components.first { $0.id == item.component }
                let componentName = component.map { $0.name.isEmpty ? $0.id : "\($0.name) \($0.id)" } ?? item.component
                sheet.write(componentName, row: row, column: 1, style: Style.text)
                if let weight {
                    sheet.write(weight, row: row, column: 2, style: Style.weight)
                } else {
                    sheet.writeBlank(row: row, column: 2, style: Style.text)
                }
                sheet.write(item.fullMarks, row: row, column: 3, style: Style.number)
                if let average = statistics.average {
                    sheet.write(average, row: row, column: 4, style: Style.value)
                } else {
                    sheet.writeBlank(row: row, column: 4, style: Style.notEvaluable)
                }
                sheet.write(statistics.studentsCounted, row: row, column: 5, style: Style.count)
                for (k, objective) in course.objectives.enumerated() {
                    if let marks = item.marks.first(where: { $0.objective == objective.id }) {
                        sheet.write(marks.marks, row: row, column: 6 + k, style: Style.number)
                    } else {
                        sheet.writeBlank(row: row, column: 6 + k, style: Style.text)
                    }
                }
            }
            if !course.objectives.isEmpty {
                sheet.insertChart(
                    thresholdChart(
                        title: "\(course.id) \(course.name) 课程目标达成度 Course objectives", sheet: sheet, rows: objectiveRows,
                        categoryColumn: 0, valueColumn: 3, thresholdColumn: 4, baselineColumn: baselineColumn,
                        categories: course.objectives.count),
                    row: start, column: baselineColumn + 1)
            }
            row = max(row + 3, start + chartRows + 2)
        }
        sheet.freezePanes(rows: 3)
        sheet.fitColumnWidths(minimum: 8, maximum: 30)
        sheet.setColumnWidth(40, columns: 1...1)
        sheet.setColumnWidth(8, columns: baselineColumn...baselineColumn, hidden: true)
        sheet.setUpPrinting()
    }

    // MARK: Requirements and indicators

    func requirements() throws(XLSXWriteError) {
        let sheet = try addSheet(ResultWorkbook.SheetName.requirements)
        writeTitle("毕业要求及指标点达成情况 Graduation requirements and indicators", on: sheet, columns: 0...11)
        let headerRow = 2
        writeHeader(
            [Header.requirement, Header.name, Header.requirementValue, Header.requirementVerdict, Header.indicator,
             Header.indicatorText, Header.indicatorValue, Header.threshold, Header.verdict, Header.studentsEvaluated,
             Header.studentsBelow, Header.supportingCourses],
            on: sheet, row: headerRow)
        let indicatorRow = positions(ofIDs: result.indicators.map(\.indicatorID))
        var row = headerRow
        for (requirement, attainment) in zip(programme.requirements, result.requirements) {
            let first = row + 1
            for indicator in requirement.indicators {
                row += 1
                guard let i = indicatorRow[indicator.id] else { continue }
                let value = result.indicators[i]
                sheet.write(indicator.id, row: row, column: 4, style: Style.identifier)
                sheet.write(indicator.text, row: row, column: 5, style: Style.wrapped)
                writeClassValue(value.value, on: sheet, row: row, column: 6)
                sheet.write(value.contributions.count, row: row, column: 11, style: Style.count)
            }
            guard row >= first else { continue }
            let rows = first...row
            sheet.merge(rows: rows, columns: 0...0, text: requirement.id, style: Style.identifier)
            sheet.merge(rows: rows, columns: 1...1, text: requirement.name, style: Style.wrapped)
            if let value = attainment.value.value {
                sheet.merge(rows: rows, columns: 2...2, number: value, style: isBelow(value, threshold: classThreshold) ? Style.below : Style.value)
            } else {
                sheet.merge(rows: rows, columns: 2...2, text: "", style: Style.notEvaluable)
                sheet.addNote(ResultWorkbook.notEvaluableNote, row: first, column: 2)
            }
            sheet.merge(
                rows: rows, columns: 3...3, text: ResultWorkbook.verdict(attainment.value.verdict),
                style: attainment.value.verdict == .notMet ? Style.notMet : Style.met)
        }
        sheet.freezePanes(rows: headerRow + 1)
        sheet.fitColumnWidths(minimum: 8, maximum: 24)
        sheet.setColumnWidth(50, columns: 5...5)
        sheet.setUpPrinting(repeatingRows: headerRow...headerRow)
    }

    // MARK: Programme objectives

    func programmeObjectives() throws(XLSXWriteError) {
        let sheet = try addSheet(ResultWorkbook.SheetName.programmeObjectives)
        writeTitle("培养目标达成情况 Programme objectives", on: sheet, columns: 0...7)
        let headerRow = 2
        writeHeader(
            [Header.programmeObjective, Header.programmeObjectiveText, Header.supportingRequirements] + Self.classValueHeaders,
            on: sheet, row: headerRow)
        let texts = Dictionary(programme.objectives.map { ($0.id, $0.text) }, uniquingKeysWith: { first, _ in first })
        var row = headerRow
        for attainment in result.objectives {
            row += 1
            sheet.write(attainment.objectiveID, row: row, column: 0, style: Style.identifier)
            sheet.write(texts[attainment.objectiveID] ?? "", row: row, column: 1, style: Style.wrapped)
            let supporting = attainment.contributions.map { "\($0.sourceID) \($0.strength.cell)" }.joined(separator: ", ")
            sheet.write(supporting, row: row, column: 2, style: Style.wrapped)
            writeClassValue(attainment.value, on: sheet, row: row, column: 3)
        }
        sheet.freezePanes(rows: headerRow + 1)
        sheet.fitColumnWidths(minimum: 8, maximum: 24)
        sheet.setColumnWidth(60, columns: 1...1)
        sheet.setColumnWidth(30, columns: 2...2)
        sheet.setUpPrinting(repeatingRows: headerRow...headerRow)
    }

    // MARK: Students

    func students() throws(XLSXWriteError) {
        let sheet = try addSheet(ResultWorkbook.SheetName.students)
        let cohort = result.students
        let groups: [(title: String, ids: [String], matrix: Matrix)] = [
            ("毕业要求 Requirements", programme.requirements.map(\.id), cohort.requirements),
            ("指标点 Indicators", programme.indicators.map(\.id), cohort.indicators),
            ("培养目标 Programme objectives", programme.objectives.map(\.id), cohort.objectives),
        ]
        let columns = 3 + groups.reduce(0) { $0 + $1.ids.count }
        writeTitle(
            "学生个人达成度 Every student's values (individual threshold \(shortDecimal(individualThreshold)))",
            on: sheet, columns: 0...min(columns - 1, 15))
        let groupRow = 2
        let headerRow = 3
        for column in 0..<3 { sheet.writeBlank(row: groupRow, column: column, style: Style.header) }
        writeHeader([Header.studentID, Header.studentName, Header.missingCourses], on: sheet, row: headerRow)
        var column = 3
        for group in groups where !group.ids.isEmpty {
            sheet.merge(rows: groupRow...groupRow, columns: column...(column + group.ids.count - 1), text: group.title, style: Style.header)
            writeHeader(group.ids, on: sheet, row: headerRow, from: column)
            column += group.ids.count
        }
        for (q, student) in cohort.students.enumerated() {
            let row = headerRow + 1 + q
            sheet.write(student.id, row: row, column: 0, style: Style.identifier)
            sheet.write(student.name, row: row, column: 1, style: Style.text)
            sheet.write(
                StudentRecords.missingText(cohort, q, programme: programme), row: row, column: 2, style: Style.text)
            var column = 3
            for group in groups {
                for j in group.ids.indices {
                    writeValue(
                        CohortAttainment.value(group.matrix, q, j), threshold: individualThreshold, on: sheet, row: row,
                        column: column, note: false)
                    column += 1
                }
            }
        }
        sheet.freezePanes(rows: headerRow + 1, columns: 2)
        if columns > 0 {
            sheet.autofilter(rows: headerRow...(headerRow + cohort.students.count), columns: 0...(columns - 1))
        }
        sheet.fitColumnWidths(minimum: 7, maximum: 30)
        sheet.setUpPrinting(repeatingRows: groupRow...headerRow)
    }

    func studentCourseObjectives() throws(XLSXWriteError) {
        let sheet = try addSheet(ResultWorkbook.SheetName.studentCourseObjectives)
        let table = StudentCourseObjectives(result)
        let students = result.students.students
        writeTitle(
            "学生课程目标达成度 Every student's course-objective values; blank: not in the course or not evaluable",
            on: sheet, columns: 0...min(table.columns.count + 1, 15))
        let groupRow = 2
        let headerRow = 3
        for column in 0..<2 { sheet.writeBlank(row: groupRow, column: column, style: Style.header) }
        writeHeader([Header.studentID, Header.studentName], on: sheet, row: headerRow)
        var start = 0
        while start < table.columns.count {
            let c = table.columns[start].course
            let end = table.columns[start...].firstIndex { $0.course != c } ?? table.columns.count
            let course = programme.courses[c]
            sheet.merge(rows: groupRow...groupRow, columns: (2 + start)...(2 + end - 1), text: "\(course.id) \(course.name)", style: Style.header)
            for index in start..<end {
                sheet.write(course.objectives[table.columns[index].objective].id, row: headerRow, column: 2 + index, style: Style.header)
            }
            start = end
        }
        sheet.setRowHeight(Self.headerHeight, row: groupRow)
        for (q, student) in students.enumerated() {
            let row = headerRow + 1 + q
            sheet.write(student.id, row: row, column: 0, style: Style.identifier)
            sheet.write(student.name, row: row, column: 1, style: Style.text)
            for index in table.columns.indices {
                writeValue(
                    table.value(student: q, column: index), threshold: individualThreshold, on: sheet, row: row,
                    column: 2 + index, note: false)
            }
        }
        sheet.freezePanes(rows: headerRow + 1, columns: 2)
        sheet.autofilter(rows: headerRow...(headerRow + students.count), columns: 0...(1 + table.columns.count))
        sheet.fitColumnWidths(minimum: 7, maximum: 20)
        sheet.setUpPrinting(repeatingRows: groupRow...headerRow)
    }


    func belowThreshold() throws(XLSXWriteError) {
        let sheet = try addSheet(ResultWorkbook.SheetName.belowThreshold)
        sheet.setTabColour(.red)
        writeTitle(
            "低于个人期望值（\(shortDecimal(individualThreshold))）的学生 Students below the individual threshold",
            on: sheet, columns: 0...5)
        let headerRow = 2
        writeHeader(
            [Header.level, Header.id, Header.studentID, Header.studentName, Header.value, Header.threshold],
            on: sheet, row: headerRow)
        let rows = BelowThreshold.all(result)
        for (offset, entry) in rows.enumerated() {
            let row = headerRow + 1 + offset
            sheet.write(ResultWorkbook.level(entry.level), row: row, column: 0, style: Style.text)
            sheet.write(entry.id, row: row, column: 1, style: Style.identifier)
            sheet.write(entry.student.id, row: row, column: 2, style: Style.identifier)
            sheet.write(entry.student.name, row: row, column: 3, style: Style.text)
            writeValue(entry.value, threshold: individualThreshold, on: sheet, row: row, column: 4, note: false)
            sheet.write(individualThreshold, row: row, column: 5, style: Style.threshold)
        }
        sheet.freezePanes(rows: headerRow + 1)
        sheet.autofilter(rows: headerRow...(headerRow + rows.count), columns: 0...5)
        sheet.fitColumnWidths(minimum: 8, maximum: 30)
        sheet.setUpPrinting(landscape: false, repeatingRows: headerRow...headerRow)
    }
}

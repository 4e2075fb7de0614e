import AttainmentCore

/// The sheets and columns of a programme workbook (docs/format.md, "A programme as a
/// workbook"), shared by the reader and the writer so that the two cannot drift apart.
package enum ProgrammeWorkbookLayout {
    /// A column: its key, its Chinese and English headers. The writer heads it
    /// "中文 English"; the reader accepts that, either half alone, or the key.
    package struct Column: Sendable {
        package let key: String
        package let chinese: String
        package let english: String

        package var header: String { "\(chinese) \(english)" }

        /// The forms of the header the reader accepts, normalised.
        var accepted: [String] {
            [header, chinese, english, key].map(ScoreSheetLayout.normalised)
        }
    }

    /// A sheet: its Chinese name (what the writer uses) and its English name (also accepted).
    package struct Sheet: Sendable {
        package let name: String
        package let english: String
        package let columns: [Column]

        package func column(_ key: String) -> Column {
            guard let column = columns.first(where: { $0.key == key }) else {
                preconditionFailure("sheet \(name) has no column \(key)")
            }
            return column
        }
    }

    package static let instructions = Sheet(name: "说明", english: "Instructions", columns: [])

    /// Key → value rows: `id`, `thresholds.class`, `methods.course_objective` …
    package static let programme = Sheet(name: "专业", english: "Programme", columns: [
        Column(key: "field", chinese: "项目", english: "field"),
        Column(key: "key", chinese: "键", english: "key"),
        Column(key: "value", chinese: "值", english: "value"),
        Column(key: "choices", chinese: "可选值", english: "choices"),
    ])

    package static let objectives = Sheet(name: "培养目标", english: "Objectives", columns: [
        Column(key: "id", chinese: "编号", english: "id"),
        Column(key: "text", chinese: "内容", english: "text"),
    ])

    /// One row per indicator; a requirement's cells may be merged down over its indicators.
    package static let requirements = Sheet(name: "毕业要求", english: "Requirements", columns: [
        Column(key: "requirement", chinese: "毕业要求", english: "requirement"),
        Column(key: "name", chinese: "名称", english: "name"),
        Column(key: "text", chinese: "内容", english: "text"),
        Column(key: "indicator", chinese: "指标点", english: "indicator"),
        Column(key: "indicator_text", chinese: "指标点内容", english: "indicator text"),
    ])

    /// Requirements × programme objectives; the objective columns are headed by their ids.
    package static let requirementSupport = Sheet(name: "毕业要求-培养目标", english: "Requirement support", columns: [
        Column(key: "requirement", chinese: "毕业要求", english: "requirement"),
    ])

    package static let courses = Sheet(name: "课程", english: "Courses", columns: [
        Column(key: "course", chinese: "课程", english: "course"),
        Column(key: "name", chinese: "课程名称", english: "name"),
        Column(key: "credits", chinese: "学分", english: "credits"),
        Column(key: "sheets", chinese: "成绩表", english: "sheets"),
        Column(key: "ignore_columns", chinese: "忽略列", english: "ignore columns"),
    ])

    /// One row per course objective; the course cell may be merged down.
    package static let courseObjectives = Sheet(name: "课程目标", english: "Course objectives", columns: [
        Column(key: "course", chinese: "课程", english: "course"),
        Column(key: "objective", chinese: "课程目标", english: "objective"),
        Column(key: "text", chinese: "内容", english: "text"),
        Column(key: "indicators", chinese: "支撑指标点", english: "indicators"),
    ])

    /// Courses × indicators, as support.csv; the indicator columns are headed by their ids.
    package static let support = Sheet(name: "支撑矩阵", english: "Support matrix", columns: [
        Column(key: "course", chinese: "课程", english: "course"),
        Column(key: "name", chinese: "课程名称", english: "name"),
    ])

    /// Elective groups (选修课组, methods.md §14): one group per row, its member courses
    /// listed in one cell. The group's support is a row of the support matrix, under its id.
    package static let electiveGroups = Sheet(name: "选修课组", english: "Elective groups", columns: [
        Column(key: "group", chinese: "课程组", english: "group"),
        Column(key: "name", chinese: "名称", english: "name"),
        Column(key: "courses", chinese: "课程", english: "courses"),
    ])

    /// Survey evidence (间接评价, methods.md §13): one survey file per row, as programme.yaml's
    /// `surveys:`; the files stay beside the workbook, as the score sheets do.
    package static let surveys = Sheet(name: "间接评价", english: "Surveys", columns: [
        Column(key: "file", chinese: "文件", english: "file"),
        Column(key: "kind", chinese: "类型", english: "kind"),
        Column(key: "scale", chinese: "量表级数", english: "scale"),
        Column(key: "population", chinese: "调查人数", english: "population"),
        Column(key: "name", chinese: "名称", english: "name"),
    ])

    /// The teachers' plan table: one row per item, course and component cells merged down.
    package static let plans = Sheet(name: "考核方案", english: "Assessment plans", columns: [
        Column(key: "course", chinese: "课程", english: "course"),
        Column(key: "component", chinese: "考核类型", english: "component"),
        Column(key: "component_name", chinese: "类型名称", english: "component name"),
        Column(key: "component_weight", chinese: "类型权重", english: "component weight"),
        Column(key: "item", chinese: "考核方式", english: "item"),
        Column(key: "item_weight", chinese: "方式权重", english: "item weight"),
        Column(key: "full_marks", chinese: "分值", english: "full marks"),
        Column(key: "objectives", chinese: "课程目标", english: "objectives"),
        Column(key: "column", chinese: "成绩表列名", english: "sheet column"),
        // NBA's internal / end-semester part of a component (methods.md §11); optional.
        Column(key: "component_kind", chinese: "考核性质", english: "component kind"),
    ])

    /// The keys of the programme sheet, in the order the writer lists them, with their labels.
    package static let programmeKeys: [(key: String, label: String)] = headerKeys
        + MethodSettings.definitions.map { ("methods." + $0.key, $0.label) }

    private static let headerKeys: [(key: String, label: String)] = [
        ("id", "专业代码 programme id"),
        ("name", "专业名称 name"),
        ("cohort", "年级 cohort"),
        ("scheme", "认证类型 scheme"),
        ("thresholds.class", "达成阈值 class threshold"),
        ("thresholds.individual", "学生个体阈值 individual threshold"),
    ]
}

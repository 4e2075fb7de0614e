import AttainmentCore
import AttainmentStore
import Foundation

/// Builds the self-study report (docs/cli.md, "attain report") from computed results: cover
/// facts and methods, the support matrices, each course's objective evaluation, the indicator
/// and requirement summary, student-level attainment, programme objectives and findings (with
/// the run's early warnings and the earlier cohorts when the report is given them).
///
/// Values are shown to 3 decimals and shares as percents to 1 decimal; every comparison with a
/// threshold uses the unrounded value.
struct ReportBuilder {
    let result: AttainmentResult
    let inputs: [InputFile]
    let options: ReportOptions
    /// The early warnings and earlier cohorts, for the findings; nil leaves both out.
    let continuity: ReportContinuity?
    private var blocks: [ReportBlock] = []
    private var tables = 0
    private var figures = 0
    private let pseudonyms: Pseudonyms?
    /// `courseName` of each course by id.
    private let courseLabels: [String: String]
    /// Cohort students below the individual threshold in at least one requirement.
    private let studentsBelowInARequirement: Int

    var programme: Programme { result.programme }
    var classThreshold: Double { programme.thresholds.classLevel }
    var individualThreshold: Double { programme.thresholds.individual }

    /// The report of `result`.
    static func build(
        _ result: AttainmentResult, inputs: [InputFile], options: ReportOptions, continuity: ReportContinuity? = nil
    ) -> ReportDocument {
        var builder = ReportBuilder(result: result, inputs: inputs, options: options, continuity: continuity)
        builder.cover()
        builder.supportMatrices()
        builder.courseObjectives()
        builder.requirements()
        builder.students()
        builder.programmeObjectives()
        builder.findings()
        if let continuity {
            builder.earlyWarnings(continuity)
            if let history = continuity.historyName { builder.earlierCohorts(continuity, history: history) }
        }
        return ReportDocument(title: builder.title, language: options.language, blocks: builder.blocks)
    }

    private init(result: AttainmentResult, inputs: [InputFile], options: ReportOptions, continuity: ReportContinuity?) {
        self.result = result
        self.inputs = inputs
        self.options = options
        self.continuity = continuity
        let programme = result.programme
        courseLabels = Dictionary(
            programme.courses.map { ($0.id, $0.name.isEmpty ? $0.id : "\($0.id) \($0.name)") }, uniquingKeysWith: { first, _ in first })
        studentsBelowInARequirement = BelowThreshold.studentsBelowInAnyRequirement(result)
        pseudonyms = options.pseudonymise
            ? Pseudonyms(
                ids: result.students.students.map(\.id),
                key: options.pseudonymKey ?? "attain:\(programme.id):\(programme.cohort)")
            : nil
    }

    // MARK: Words and numbers

    /// The text in the report's language.
    func t(_ zh: String, _ en: String) -> String { options.language == .zh ? zh : en }

    var title: String {
        t("\(programme.name)专业 \(programme.cohort) 级毕业要求达成情况评价报告",
          "Attainment of graduation requirements: \(programme.name), cohort \(programme.cohort)")
    }

    /// A value to 3 decimals; an em dash when there is none.
    static func value(_ value: Double?) -> String { value == nil ? "—" : NumberStyle.fixed(value, decimals: 3) }

    /// The most earlier cohorts the comparison shows beside this one.
    static let earlierCohortsShown = 4

    /// A change of value to 3 decimals with its sign (`+0.012`, `-0.030`, `0.000`); `—` for nil.
    static func signed(_ change: Double?) -> String {
        guard let change else { return "—" }
        let text = NumberStyle.fixed(change, decimals: 3)
        return change > 0 && text != "0.000" ? "+" + text : text
    }

    /// `part/whole` as a percent to 1 decimal; an em dash when `whole` is 0.
    static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "—" : NumberStyle.fixed(100 * Double(part) / Double(whole), decimals: 1) + "%"
    }

    /// A number as the user gave it (a threshold 0.7, credits, marks), not padded to 0.700.
    /// A setting as written (`0.7`, `2`); one derived from settings (a margin counted in NBA
    /// levels, 0.05 × 3) loses the binary noise of the product in the last digits.
    static func setting(_ value: Double) -> String { shortDecimal((value * 1e12).rounded() / 1e12) }

    /// A computed weight (normalised), to 3 decimals like values.
    static func weight(_ value: Double) -> String { NumberStyle.fixed(value, decimals: 3) }

    /// Text in brackets: full-width in Chinese, ` (…)` in English.
    func paren(_ text: String) -> String { t("（\(text)）", " (\(text))") }

    /// A verdict in words: 达成 / 未达成 / 不可评价, met / not met / not evaluable.
    func verdict(_ verdict: Verdict) -> String {
        t(verdict.chinese, verdict.english)
    }

    /// The near-threshold margin on the class values' scale: `--near-margin` counts in levels
    /// under NBA, as the early warnings' margin does (methods.md §10).
    var nearMargin: Double { programme.methods.onClassScale(options.nearMargin) }

    /// How a value stands against a threshold, unrounded.
    func emphasis(_ value: Double?, threshold: Double) -> TableCell.Emphasis {
        guard let value else { return .none }
        if isBelow(value, threshold: threshold) { return .below }
        return isBelow(value, threshold: threshold + nearMargin) ? .near : .none
    }

    /// A value's cell, shaded by how it stands against `threshold`.
    func valueCell(_ value: Double?, threshold: Double) -> TableCell {
        .number(Self.value(value), emphasis: emphasis(value, threshold: threshold))
    }

    /// A verdict's cell, shaded when not met.
    func verdictCell(_ verdict: Verdict) -> TableCell {
        TableCell(text: self.verdict(verdict), emphasis: verdict == .notMet ? .below : .none)
    }

    /// How a student is named: the id and name, or the pseudonym alone.
    func studentName(_ student: Student) -> String {
        if let pseudonyms { return pseudonyms.name(of: student.id) }
        return student.name.isEmpty ? student.id : "\(student.id) \(student.name)"
    }

    /// A requirement as `GR1 工程知识`, or its id when it has no name.
    func requirementName(_ requirement: Requirement) -> String {
        requirement.name.isEmpty ? requirement.id : "\(requirement.id) \(requirement.name)"
    }

    /// A course as `CS101 数据结构`, or its id when it has no name.
    func courseName(_ course: Course) -> String { courseLabel(course.id) }

    /// The course with this id named as `courseName` does.
    func courseLabel(_ id: String) -> String { courseLabels[id] ?? id }

    // MARK: Blocks

    /// Adds a heading (level 1 the title, 2 a chapter, 3 a section).
    mutating func heading(_ level: Int, _ text: String) { blocks.append(.heading(level: level, text: text)) }

    /// Adds a paragraph.
    mutating func paragraph(_ runs: TextRun...) { blocks.append(.paragraph(runs)) }

    /// Adds a table, numbering its caption (表 n / Table n.).
    mutating func table(_ caption: String, header: [String], rows: [[TableCell]], landscape: Bool = false) {
        tables += 1
        let label = t("表 \(tables) \(caption)", "Table \(tables). \(caption)")
        blocks.append(.table(ReportTable(caption: label, header: header, rows: rows, landscape: landscape)))
    }

    /// Adds a chart, numbering its caption (图 n / Figure n.) and its file name.
    mutating func figure(_ caption: String, name: String, _ scene: Scene) {
        figures += 1
        let label = t("图 \(figures) \(caption)", "Figure \(figures). \(caption)")
        blocks.append(.figure(ReportFigure(caption: label, name: String(format: "figure-%02d-", figures) + name, scene: scene)))
    }

    /// Labels of a chart of class values against the class threshold.
    func chartLabels(title: String, categoryAxis: String) -> ChartLabels {
        ChartLabels(
            title: title, valueAxis: t("达成度", "Attainment"), categoryAxis: categoryAxis,
            threshold: t("期望值 \(Self.setting(classThreshold))", "Threshold \(Self.setting(classThreshold))"),
            series: t("达成度", "Attainment"), notEvaluable: t("不可评价", "n/a"))
    }

    // MARK: 1. Cover facts and methods

    /// Chapter 1: the title, contents, facts, methods and input files.
    mutating func cover() {
        heading(1, title)
        blocks.append(.tableOfContents)
        heading(2, t("一、评价概况", "1. Overview"))
        let scheme: String = switch programme.scheme {
        case .engineering: t("工程教育认证", "Engineering education accreditation (CEEAA)")
        case .teacherEducation: t("师范类专业认证", "Teacher-education accreditation")
        case .nba: t("印度国家认证委员会（NBA）", "National Board of Accreditation (NBA, India)")
        case .abet: t("ABET 认证", "ABET")
        case .other: t("其他", "Other")
        }
        let cohort = result.students
        let facts: [(String, String)] = [
            (t("专业", "Programme"), programme.name + paren(programme.id)),
            (t("年级", "Cohort"), programme.cohort),
            (t("认证类型", "Scheme"), scheme),
            (t("报告日期", "Date"), options.date),
            (t("工具版本", "Tool"), "attain \(attainVersion)"),
            (t("期望值（班级、指标点、毕业要求）", "Threshold for class values"), Self.setting(classThreshold)),
            (t("个人期望值", "Threshold for a student's values"), Self.setting(individualThreshold)),
            (t("学生人数", "Students in the cohort"), "\(cohort.students.count)"),
            (t("课程数", "Courses"), "\(programme.courses.count)"),
            (t("毕业要求 / 指标点", "Requirements / indicators"), "\(programme.requirements.count) / \(programme.indicators.count)"),
        ]
        table(t("评价概况", "Overview"), header: [t("项目", "Item"), t("内容", "Value")],
              rows: facts.map { [.text($0.0), .text($0.1)] })
        paragraph(.plain(t(
            "达成度与权重保留三位小数，平均分保留两位小数，学生比例以百分数表示并保留一位小数；是否达成均以未经舍入的数值与期望值比较。表中低于期望值的数值以红色底纹标出（Markdown 中为粗体），达到期望值但高出不足 \(Self.setting(nearMargin)) 的以黄色底纹标出（Markdown 中为斜体）。",
            "Attainment values and weights are shown to 3 decimals, average marks to 2, shares of students as percents to 1 decimal; whether a value is met is decided on the unrounded value. In the tables a value below its threshold is shaded red (bold in Markdown), a value that meets it by less than \(Self.setting(nearMargin)) amber (italic in Markdown).")))
        heading(3, t("评价方法", "Methods"))
        blocks.append(.bullets(methodItems()))
        heading(3, t("输入文件", "Input files"))
        paragraph(.plain(t("下列文件及其 SHA-256 校验值可用于核对本报告所依据的数据。",
                           "The files this report was computed from, with their SHA-256 hashes to check them against.")))
        table(t("输入文件", "Input files"), header: [t("文件", "File"), t("字节", "Bytes"), "SHA-256"],
              rows: inputs.map { [.text($0.path), .number("\($0.size)"), TableCell(text: $0.sha256)] })
    }

    /// Every method setting in words and as a formula (docs/methods.md).
    func methodItems() -> [[TextRun]] {
        let methods = programme.methods
        let course: (String, String) = switch methods.courseObjective {
        case .weightedRatios:
            (t("课程目标达成度按考核环节加权各环节得分率（weighted-ratios）：", "Course objectives: component-weighted score ratios (weighted-ratios): "),
             "a_pk = Σ_c w_c · (N_pck / D_pck) / Σ_c w_c")
        case .weightedSums:
            (t("课程目标达成度为加权得分与加权满分之比（weighted-sums）：", "Course objectives: ratio of weighted sums (weighted-sums): "),
             "a_pk = Σ_c w_c · N_pck / Σ_c w_c · D_pck")
        case .pooledMarks:
            (t("课程目标达成度为得分之和与满分之和之比（pooled-marks）：", "Course objectives: pooled marks (pooled-marks): "),
             "a_pk = Σ_c N_pck / Σ_c D_pck")
        case .attainmentLevels:
            (t("课程目标达成等级（NBA，attainment-levels）：平时（internal）与期末（end-semester）两部分分别统计得分率达到 T = \(Self.setting(methods.nba.target)) 的学生占参加该部分学生的比例 P，按等级分界 \(methods.nba.bands.map(Self.setting).joined(separator: " / ")) 换算为等级 L（0-\(methods.nba.bands.count)），再按权重 w_I = \(Self.setting(methods.nba.internalWeight))、w_E = \(Self.setting(methods.nba.endSemesterWeight)) 加权：",
               "Course objectives: NBA attainment levels (attainment-levels): for the internal and the end-semester part, the share P of the students who attempted it whose share of the marks reaches T = \(Self.setting(methods.nba.target)), turned into a level L (0-\(methods.nba.bands.count)) by the bands \(methods.nba.bands.map(Self.setting).joined(separator: " / ")), weighted by w_I = \(Self.setting(methods.nba.internalWeight)) and w_E = \(Self.setting(methods.nba.endSemesterWeight)): "),
             "A_k = (w_I · L(P_I,k) + w_E · L(P_E,k)) / (w_I + w_E)")
        case .rubricLevels:
            (t("课程目标达成度（ABET，rubric-levels）为被评价学生中平均评分等级 ℓ_pk 达到目标等级 \(Self.setting(methods.abet.targetLevel)) 的比例：",
               "Course objectives: ABET rubric levels (rubric-levels), the share of assessed students whose mean rubric level ℓ_pk reaches the target level \(Self.setting(methods.abet.targetLevel)): "),
             "A_k = #{p : ℓ_pk ≥ \(Self.setting(methods.abet.targetLevel))} / #{p assessed}")
        }
        // What the class value is and what a student's value is, by method (methods.md §2.4, §11, §12).
        let courseDetail: String = switch methods.courseObjective {
        case .weightedRatios, .weightedSums, .pooledMarks:
            t("。N_pck、D_pck 为学生 p 在考核环节 c 中评价课程目标 k 的得分与满分，w_c 为环节权重；课程目标达成度 A_k 为学生个人值 a_pk 的平均值",
              ", with N_pck and D_pck student p's marks and available marks for objective k in component c and w_c the component's weight; the class value A_k is the mean of the students' a_pk")
                + (methods.capAtOne ? t("，个人值不超过 1。", ", each capped at 1.") : t("。", "."))
        case .attainmentLevels:
            t("；只有一部分评价该目标时取该部分的等级。学生个人值 a_pk 为其两部分得分率按同样权重的加权平均（0-1）",
              "; an objective assessed in one part only takes that part's level. A student's own value a_pk is their two shares of the marks weighted the same way (0-1)")
                + (methods.capAtOne ? t("，不超过 1。", ", capped at 1.") : t("。", "."))
        case .rubricLevels:
            t("；每个考核项目为一个评分项（rubric row），学生个人值 ℓ_pk 为其在该目标各评分项上的平均等级。",
              "; each item is a rubric row, and a student's own value ℓ_pk is their mean level over the objective's rows.")
        }
        let courseIndicator = methods.courseIndicator == .mean ? "A_ci = mean_k A_k" : "A_ci = min_k A_k"
        let indicator = methods.indicator == .weightedSum ? "I_i = Σ_c W_ic · A_ci / Σ_c W_ic" : "I_i = min_c A_ci"
        let weights = methods.supportWeighting == .levels
            ? t("支撑权重 W_ic 由支撑强度换算：H = \(Self.setting(methods.levelWeights.high))，M = \(Self.setting(methods.levelWeights.medium))，L = \(Self.setting(methods.levelWeights.low))（或矩阵中给出的数值），并按指标点归一化。",
                "Support weights W_ic from the support levels H = \(Self.setting(methods.levelWeights.high)), M = \(Self.setting(methods.levelWeights.medium)), L = \(Self.setting(methods.levelWeights.low)) (or the numbers in the matrix), normalised per indicator.")
            : t("支撑权重 W_ic 取课程学分，并按指标点归一化。", "Support weights W_ic are the courses' credits, normalised per indicator.")
        // support_count: objective counts a course once per objective mapped (methods.md §4.1).
        let weightCount = methods.supportCount == .objective
            ? t("每门课程的支撑权重按其对应该指标点的课程目标个数计次（support_count: objective），即 Σ m·L / Σ m。",
                " A course's weight counts once per course objective mapped to the indicator (support_count: objective): Σ m·L / Σ m over the objectives.")
            : ""
        let requirement = methods.requirement == .min ? "G_g = min_i I_i" : "G_g = mean_i I_i"
        func status(_ rule: MethodSettings.StatusRule) -> String {
            rule == .zero ? t("计 0 分", "counts 0") : t("不计入", "is left out")
        }
        let blank: String = switch methods.blank {
        case .error: t("视为错误", "is an error")
        case .zero: t("计 0 分", "counts 0")
        case .exclude: t("不计入", "is left out")
        }
        let items: [[TextRun]] = [
            [.plain(course.0), .code(course.1), .plain(courseDetail)],
            programme.courses.contains { $0.items.contains { $0.weight != nil } }
                ? [.plain(t("考核方式设有权重（方式权重）的考核项目，按其在环节内归一化的权重 v̂_j 计分：",
                            "An item with a weight within its component (方式权重) counts by its weight normalised over the component, v̂_j: ")),
                   .code("f_j = v̂_j / S_j"),
                   .plain(t("，即环节得分率为各项目得分率按 v̂_j 的加权平均（方法文档 §2.5）。",
                            ", so a component's ratio is the v̂_j-weighted mean of its items' ratios (methods §2.5)."))]
                : [],
            [.plain(t(methods.courseIndicator == .mean ? "课程对指标点的达成度取其对应课程目标的平均值：" : "课程对指标点的达成度取其对应课程目标的最小值：",
                      methods.courseIndicator == .mean ? "A course's value for an indicator is the mean of its objectives mapped to it: " : "A course's value for an indicator is the minimum of its objectives mapped to it: ")),
             .code(courseIndicator)],
            [.plain(t(methods.indicator == .weightedSum ? "指标点达成度为支撑课程的加权和：" : "指标点达成度取支撑课程的最小值：",
                      methods.indicator == .weightedSum ? "An indicator is the weighted sum of its supporting courses: " : "An indicator is the minimum over its supporting courses: ")),
             .code(indicator), .plain(methods.indicator == .weightedSum ? t("。", ". ") + weights + weightCount : t("。", "."))],
            [.plain(t(methods.requirement == .min ? "毕业要求达成度取其指标点的最小值：" : "毕业要求达成度取其指标点的平均值：",
                      methods.requirement == .min ? "A requirement is the minimum of its indicators: " : "A requirement is the mean of its indicators: ")),
             .code(requirement)]
                + (methods.courseObjective == .rubricLevels && methods.requirement == .min
                    ? [.plain(t("（所有指标点均达成时该毕业要求才达成）。", " (an outcome is met only when all its indicators are)."))] : []),
            [.plain(t("培养目标达成度由毕业要求对培养目标的支撑权重 V_go 加权：", "A programme objective is weighted by the requirement → objective support V_go: ")),
             .code("P_o = Σ_g V_go · G_g / Σ_g V_go")],
            [.plain(t("学生个人在指标点、毕业要求和培养目标上的达成度按同样的公式由个人值计算；",
                      "A student's values for indicators, requirements and programme objectives follow the same formulas on the student's own values; ")
                    + (methods.indicator == .weightedSum
                        ? t("学生缺少某门支撑课程时，权重在其已修课程上重新归一化。", "a student who lacks a supporting course is weighted over the courses they have.")
                        : t("学生缺少某门支撑课程时，取其已修课程的最小值。", "a student who lacks a supporting course takes the minimum over the courses they have.")))],
            [.plain(t("缺考\(status(methods.absent))，作弊\(status(methods.cheating))，缓考、免修不计入，空白成绩\(blank)。",
                      "Absent \(status(methods.absent)); cheating \(status(methods.cheating)); deferred and exempt are left out; a blank score \(blank)."))],
            [.plain(t("达成判定：班级、指标点、毕业要求和培养目标的数值 ≥ \(Self.setting(classThreshold)) 为达成；学生个人值 < \(Self.setting(individualThreshold)) 列为低于个人期望值。比较用未舍入的数值，只容许二进制运算的误差（10⁻⁹，如 0.6999999999999998 视为 0.7），故显示为 0.700 的 0.699999 仍未达成。",
                      "Verdicts: a class, indicator, requirement or programme-objective value ≥ \(Self.setting(classThreshold)) is met; a student's value < \(Self.setting(individualThreshold)) is below the individual threshold. Comparisons use the unrounded value, allowing only for the error of binary arithmetic (10⁻⁹: 0.6999999999999998 counts as 0.7), so 0.699999, shown as 0.700, is not met."))],
        ]
        return items.filter { !$0.isEmpty }
    }

    // MARK: 2. Support matrices

    /// Chapter 2: the two support matrices.
    mutating func supportMatrices() {
        heading(2, t("二、支撑矩阵", "2. Support matrices"))
        let indicators = programme.indicators.map(\.id)
        table(t("课程对毕业要求指标点的支撑矩阵", "Course → indicator support"),
              header: [t("课程", "Course")] + indicators,
              rows: Self.matrix(programme.courseSupport, rows: programme.courses.map { ($0.id, courseName($0)) }, columns: indicators),
              landscape: indicators.count > 8)
        table(t("毕业要求对培养目标的支撑矩阵", "Requirement → programme objective support"),
              header: [t("毕业要求", "Requirement")] + programme.objectives.map(\.id),
              rows: Self.matrix(programme.requirementSupport, rows: programme.requirements.map { ($0.id, requirementName($0)) },
                                columns: programme.objectives.map(\.id)))
    }

    /// A support matrix's rows: the supporting side's label, then the cell (H/M/L or the
    /// weight) for each supported id, empty where there is no support.
    static func matrix(_ support: [SupportEntry], rows: [(id: String, label: String)], columns: [String]) -> [[TableCell]] {
        let table = SupportTable(support)
        return rows.map { row in [.text(row.label)] + columns.map { TableCell(text: table[row.id, $0]?.cell ?? "") } }
    }

    // MARK: 3. Course objectives

    /// Chapter 3: a section per course.
    mutating func courseObjectives() {
        heading(2, t("三、课程目标达成情况", "3. Course objectives"))
        paragraph(.plain(t(
            "各课程的课程目标达成情况评价表列出每个课程目标的考核环节、考核项目、分值与平均分（按该项目评价此目标的分值折算）及达成度；散点图中每个点为一名学生的个人达成度。",
            "Each course's evaluation table lists, per objective, the assessment items with the marks that assess it and their class average (in proportion to those marks), and the objective's attainment; in the scatter plot every point is one student's value.")))
        for (course, attainment) in zip(programme.courses, result.courses) {
            courseSection(course, attainment)
        }
    }

    /// A course's evaluation table, scatter plot and students below the individual threshold.
    mutating func courseSection(_ course: Course, _ attainment: CourseAttainment) {
        heading(3, courseName(course))
        let students = attainment.students.count
        paragraph(.plain(t(
            "学分 \(Self.setting(course.credits))，学生 \(students) 人，课程达成度（各课程目标的最小值）\(Self.value(attainment.value))。",
            "\(Self.setting(course.credits)) credits, \(students) students; course value (the minimum over its objectives) \(Self.value(attainment.value)).")))
        var rows: [[TableCell]] = []
        let itemWeights = course.normalisedItemWeights
        for (k, objective) in course.objectives.enumerated() {
            let value = attainment.objectives[k]
            let items = course.items.indices.compactMap { j -> (Int, Double)? in
                course.items[j].marks.first { $0.objective == objective.id }.map { (j, $0.marks) }
            }
            let lead: [String] = [objective.id, objective.indicators.joined(separator: ", ")]
            let tail = [valueCell(value.value, threshold: classThreshold), verdictCell(value.verdict)]
            if items.isEmpty {
                rows.append(lead.map(TableCell.text) + ["—", "—", "—", "—"].map(TableCell.text) + tail)
                continue
            }
            // λ_ck: the component's weight over the components that assess this objective.
            let assessing = Set(items.map { course.items[$0.0].component })
            let assessingWeight = course.components.filter { assessing.contains($0.id) }.reduce(0) { $0 + $1.weight }
            for (n, (j, marks)) in items.enumerated() {
                let item = course.items[j]
                let component = course.components.first { $0.id == item.component }
                var componentText = component.map { $0.name.isEmpty ? $0.id : $0.name } ?? item.component
                if programme.methods.courseObjective != .pooledMarks, let component, assessingWeight > 0 {
                    componentText += paren(Self.weight(component.weight / assessingWeight))
                }
                let itemText = itemWeights[j].map { item.id + paren(t("权重 ", "weight ") + Self.weight($0)) } ?? item.id
                let average = attainment.items[j].average.map { $0 * marks / item.fullMarks }
                let sameComponent = n > 0 && course.items[items[n - 1].0].component == item.component
                let body: [TableCell] = [
                    sameComponent ? .merged(componentText) : .text(componentText), .text(itemText), .number(Self.setting(marks)),
                    .number(average.map { NumberStyle.fixed($0, decimals: 2) } ?? "—"),
                ]
                rows.append(n == 0 ? lead.map(TableCell.text) + body + tail
                                   : lead.map(TableCell.merged) + body + tail.map(\.continued))
            }
        }
        table(t("\(courseName(course)) 课程目标达成情况评价表（期望值 \(Self.setting(classThreshold))）",
                "\(courseName(course)): course-objective evaluation (threshold \(Self.setting(classThreshold)))"),
              header: [t("课程目标", "Objective"), t("支撑指标点", "Indicators"), t("考核环节（权重）", "Component (weight)"),
                       t("考核项目", "Item"), t("分值", "Marks"), t("平均分", "Average"), t("达成度", "Attainment"), t("结论", "Verdict")],
              rows: rows)
        let columns = course.objectives.indices.map { k in
            (0..<attainment.students.count).compactMap { attainment.studentValue(student: $0, objective: k) }
        }
        if course.objectives.count > 0, !attainment.students.isEmpty {
            var scatterLabels = chartLabels(title: courseName(course), categoryAxis: t("课程目标", "Course objective"))
            scatterLabels.series = t("学生个人达成度", "Students' values")
            scatterLabels.secondSeries = t("课程目标达成度", "Class value")
            // The points are students: they are marked and lined against the individual
            // threshold, as the sentence below the chart counts them (the class value's own
            // threshold is in the table's title). Under NBA and ABET the class value (a level, a
            // share of students) is on another scale than the students' values and is left out.
            scatterLabels.threshold = t("个人期望值 \(Self.setting(individualThreshold))", "Individual threshold \(Self.setting(individualThreshold))")
            let sameScale = attainment.evidence == nil
            figure(t("\(courseName(course)) 学生个人课程目标达成度", "\(courseName(course)): each student's course-objective values"),
                   name: "course-\(Self.fileSafe(course.id))",
                   Charts.studentScatter(
                       categories: course.objectives.map(\.id), studentValues: columns,
                       classValues: sameScale ? attainment.objectives.map(\.value) : nil,
                       threshold: individualThreshold,
                       labels: scatterLabels))
        }
        let below = zip(course.objectives, attainment.objectives).map { objective, value in
            t("\(objective.id) \(value.studentsBelowIndividual)/\(value.studentsEvaluated) 人（\(Self.percent(value.studentsBelowIndividual, of: value.studentsEvaluated))）",
              "\(objective.id) \(value.studentsBelowIndividual) of \(value.studentsEvaluated) (\(Self.percent(value.studentsBelowIndividual, of: value.studentsEvaluated)))")
        }
        paragraph(.plain(t("个人达成度低于 \(Self.setting(individualThreshold)) 的学生：", "Students below the individual threshold \(Self.setting(individualThreshold)): ")
                         + below.joined(separator: t("；", "; ")) + t("。", ".")))
        if let evidence = attainment.evidence {
            paragraph(.plain(evidenceSentence(course, evidence)))
        }
    }

    /// The counts behind NBA's levels or ABET's shares of one course (methods.md §11, §12).
    func evidenceSentence(_ course: Course, _ evidence: [SchemeEvidence]) -> String {
        let methods = programme.methods
        let parts = zip(course.objectives, evidence).map { objective, found in
            let counts = found.parts.map { part -> String in
                let name: String = switch part.kind {
                case .internal: t("平时", "internal") + " "
                case .endSemester: t("期末", "end-semester") + " "
                case nil: ""
                }
                let share = Self.percent(part.studentsReaching, of: part.studentsAssessed)
                let level = part.level.map { t("，等级 \($0)", ", level \($0)") } ?? ""
                return name + t("\(part.studentsReaching)/\(part.studentsAssessed) 人（\(share)\(level)）",
                                "\(part.studentsReaching) of \(part.studentsAssessed) (\(share)\(level))")
            }
            return "\(objective.id) " + counts.joined(separator: t("，", ", "))
        }
        let lead = methods.courseObjective == .attainmentLevels
            ? t("得分率达到 \(Self.setting(methods.nba.target)) 的学生（占参加该部分学生）：",
                "Students reaching \(Self.setting(methods.nba.target)) of the marks, of those who attempted each part: ")
            : t("平均评分等级达到 \(Self.setting(methods.abet.targetLevel)) 的学生（占被评价学生）：",
                "Students at or above level \(Self.setting(methods.abet.targetLevel)), of those assessed: ")
        return lead + parts.joined(separator: t("；", "; ")) + t("。", ".")
    }

    /// An id made safe for a file name: letters, digits, `-` and `_` kept, anything else `_`.
    static func fileSafe(_ id: String) -> String {
        String(id.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
    }

    // MARK: 4. Indicators and requirements

    /// Chapter 4: the indicator summary, the requirement table, the bar and radar charts.
    mutating func requirements() {
        heading(2, t("四、毕业要求达成情况", "4. Graduation requirements"))
        let minimum = programme.methods.indicator == .min
        var rows: [[TableCell]] = []
        var lastRequirement: String?
        for attainment in result.indicators {
            let requirementCell = attainment.requirementID == lastRequirement
                ? TableCell.merged(attainment.requirementID) : TableCell.text(attainment.requirementID)
            lastRequirement = attainment.requirementID
            let tail = [valueCell(attainment.value.value, threshold: classThreshold), verdictCell(attainment.value.verdict)]
            let contributions = attainment.contributions
            if contributions.isEmpty {
                rows.append([requirementCell, .text(attainment.indicatorID), .text("—"), .text(""), .text("—"), .text("—")] + tail)
                continue
            }
            for (n, contribution) in contributions.enumerated() {
                let body: [TableCell] = [
                    .text(courseLabel(contribution.sourceID)), .text(contribution.strength.cell),
                    .number(minimum ? "—" : Self.weight(contribution.weight)),
                    valueCell(contribution.value, threshold: classThreshold),
                ]
                rows.append(n == 0 ? [requirementCell, .text(attainment.indicatorID)] + body + tail
                                   : [.merged(attainment.requirementID), .merged(attainment.indicatorID)] + body + tail.map(\.continued))
            }
        }
        table(t("毕业要求指标点达成情况汇总表", "Indicators: supporting courses and values"),
              header: [t("毕业要求", "Requirement"), t("指标点", "Indicator"), t("支撑课程", "Course"), t("支撑强度", "Support"),
                       t("权重", "Weight"), t("课程达成度", "Course value"), t("指标点达成度", "Indicator value"), t("结论", "Verdict")],
              rows: rows)
        let requirementRows: [[TableCell]] = zip(programme.requirements, result.requirements).map { requirement, attainment in
            let value = attainment.value
            return [
                .text(requirement.id), .text(requirement.name), .text(requirement.indicators.map(\.id).joined(separator: ", ")),
                valueCell(value.value, threshold: classThreshold), verdictCell(value.verdict),
                .number("\(value.studentsBelowIndividual)/\(value.studentsEvaluated)"),
                .number(Self.percent(value.studentsBelowIndividual, of: value.studentsEvaluated)),
            ]
        }
        table(t("毕业要求达成情况（期望值 \(Self.setting(classThreshold))）", "Graduation requirements (threshold \(Self.setting(classThreshold)))"),
              header: [t("毕业要求", "Requirement"), t("名称", "Name"), t("指标点", "Indicators"), t("达成度", "Attainment"),
                       t("结论", "Verdict"), t("低于个人期望值", "Students below \(Self.setting(individualThreshold))"), t("比例", "Share")],
              rows: requirementRows)
        let ids = programme.requirements.map(\.id)
        let values = result.requirements.map(\.value.value)
        let labels = chartLabels(title: t("毕业要求达成度", "Graduation requirements"), categoryAxis: t("毕业要求", "Requirement"))
        figure(t("毕业要求达成度", "Attainment of the graduation requirements"), name: "requirements-bars",
               Charts.thresholdBars(categories: ids, values: values, threshold: classThreshold,
                                    labels: labels))
        if ids.count >= 3 {
            figure(t("毕业要求达成度雷达图", "Graduation requirements: radar"), name: "requirements-radar",
                   Charts.radar(categories: programme.requirements.map(requirementName), values: values, threshold: classThreshold,
                                labels: labels))
        }
    }

    // MARK: 5. Students

    /// Chapter 5: histograms per requirement and the students below the individual threshold.
    mutating func students() {
        heading(2, t("五、学生个体达成情况", "5. Students"))
        let cohort = result.students
        let below = studentsBelowInARequirement
        let total = cohort.students.count
        paragraph(.plain(t(
            "本届学生 \(total) 人，其中 \(below) 人（\(Self.percent(below, of: total))）至少一项毕业要求的个人达成度低于 \(Self.setting(individualThreshold))；\(cohort.studentsWithMissingCourses) 人缺少某门支撑课程的成绩，其权重在已修课程上重新归一化。",
            "The cohort has \(total) students; \(below) (\(Self.percent(below, of: total))) are below the individual threshold \(Self.setting(individualThreshold)) in at least one requirement; \(cohort.studentsWithMissingCourses) lack a supporting course and are weighted over the courses they have.")))
        if options.pseudonymise {
            paragraph(.plain(t("学生以稳定的代号表示，不列姓名。", "Students are shown by stable pseudonyms, without names.")))
        }
        heading(3, t("个人达成度分布", "Distribution of students' values"))
        for (r, requirement) in programme.requirements.enumerated() {
            let values = (0..<total).compactMap { CohortAttainment.value(cohort.requirements, $0, r) }
            var labels = chartLabels(title: requirementName(requirement), categoryAxis: t("个人达成度", "Student's value"))
            labels.valueAxis = t("学生人数", "Students")
            labels.threshold = t("个人期望值 \(Self.setting(individualThreshold))", "Individual threshold \(Self.setting(individualThreshold))")
            figure(t("\(requirementName(requirement)) 学生个人达成度分布", "\(requirementName(requirement)): distribution of students' values"),
                   name: "students-\(Self.fileSafe(requirement.id))",
                   Charts.histogram(values: values, threshold: individualThreshold, labels: labels))
        }
        heading(3, t("低于个人期望值的学生", "Students below the individual threshold"))
        var rows: [[TableCell]] = []
        let belowByRequirement = Dictionary(grouping: BelowThreshold.cohort(result, .requirement), by: \.id)
        for requirement in programme.requirements {
            // Lowest first; a stable sort keeps the cohort's order among equal values.
            let sorted = (belowByRequirement[requirement.id] ?? []).enumerated()
                .sorted { ($0.element.value, $0.offset) < ($1.element.value, $1.offset) }.map(\.element)
            for (n, row) in sorted.enumerated() {
                rows.append([n == 0 ? .text(requirement.id) : .merged(requirement.id), .text(studentName(row.student)),
                             .number(Self.value(row.value), emphasis: .below)])
            }
        }
        if rows.isEmpty {
            paragraph(.plain(t("没有学生的毕业要求个人达成度低于 \(Self.setting(individualThreshold))。",
                               "No student is below \(Self.setting(individualThreshold)) in any requirement.")))
        } else {
            table(t("毕业要求个人达成度低于 \(Self.setting(individualThreshold)) 的学生", "Students below \(Self.setting(individualThreshold)) per requirement"),
                  header: [t("毕业要求", "Requirement"), options.pseudonymise ? t("学生代号", "Pseudonym") : t("学生", "Student"), t("个人达成度", "Value")],
                  rows: rows)
        }
    }

    // MARK: 6. Programme objectives

    /// Chapter 6: programme objectives from the requirement support.
    mutating func programmeObjectives() {
        heading(2, t("六、培养目标达成情况", "6. Programme objectives"))
        let rows: [[TableCell]] = zip(programme.objectives, result.objectives).map { objective, attainment in
            let support = attainment.contributions.map { "\($0.sourceID) \(Self.weight($0.weight))" }
            return [
                .text(objective.id), .text(objective.text), .text(support.joined(separator: ", ")),
                valueCell(attainment.value.value, threshold: classThreshold), verdictCell(attainment.value.verdict),
            ]
        }
        table(t("培养目标达成情况（由毕业要求支撑矩阵计算）", "Programme objectives, from the requirement support"),
              header: [t("培养目标", "Objective"), t("内容", "Statement"), t("支撑毕业要求（权重）", "Requirements (weight)"),
                       t("达成度", "Attainment"), t("结论", "Verdict")],
              rows: rows)
        if let surveys = SurveyTable.make(result) {
            let settings = programme.methods.surveys
            paragraph(.plain(t(
                settings.weight > 0
                    ? "间接评价（课程、应届毕业生、校友和用人单位问卷）按权重 \(Self.setting(settings.weight)) 与直接评价加权合成，合成值逐级向上参与计算。"
                    : "间接评价（课程、应届毕业生、校友和用人单位问卷）与直接评价并列呈现，未参与合成（surveys.weight 为 0）。",
                SurveyTable.method(result))))
            blocks.append(.table(surveys.reportTable(
                caption: t("间接评价（问卷）与直接评价对照", "Survey evidence (indirect) beside the direct values"),
                language: options.language, landscape: true)))
        } else {
            paragraph(.plain(t("毕业生跟踪调查和用人单位调查等间接评价尚未纳入本报告。",
                               "Indirect evidence from alumni and employer surveys is not part of this report.")))
        }
    }

    // MARK: 7. Findings

    /// Chapter 7: what is below, near or not evaluable, in sentences.
    mutating func findings() {
        heading(2, t("七、分析与持续改进", "7. Findings"))
        var items: [[TextRun]] = []
        var nearItems: [[TextRun]] = []
        var notEvaluable: [[TextRun]] = []
        let indicators = Dictionary(result.indicators.map { ($0.indicatorID, $0) }, uniquingKeysWith: { first, _ in first })
        let threshold = Self.setting(classThreshold)
        for (requirement, attainment) in zip(programme.requirements, result.requirements) {
            guard let value = attainment.value.value else {
                notEvaluable.append([.bold(t("不可评价", "Not evaluable")), .plain(t("：毕业要求 \(requirementName(requirement)) 没有可用的指标点数值。",
                                                                           ": requirement \(requirementName(requirement)) has no indicator with a value."))])
                continue
            }
            let weakest = requirement.indicators.compactMap { indicators[$0.id] }
                .filter { $0.value.value != nil }
                .min { ($0.value.value ?? 0) < ($1.value.value ?? 0) }
            var weakestText = ""
            if let weakest, let course = weakest.contributions.filter({ $0.value != nil }).min(by: { ($0.value ?? 0) < ($1.value ?? 0) }) {
                let courseText = courseLabel(course.sourceID)
                weakestText = t("最低的指标点为 \(weakest.indicatorID)（\(Self.value(weakest.value.value))），其支撑课程中达成度最低的是 \(courseText)（\(Self.value(course.value))）。",
                                " Its lowest indicator is \(weakest.indicatorID) (\(Self.value(weakest.value.value))); among that indicator's courses the lowest is \(courseText) (\(Self.value(course.value))).")
            }
            switch emphasis(value, threshold: classThreshold) {
            case .below:
                items.append([.bold(t("未达成", "Not met")), .plain(t(
                    "：毕业要求 \(requirementName(requirement)) 达成度 \(Self.value(value))，低于期望值 \(threshold)。",
                    ": requirement \(requirementName(requirement)) is \(Self.value(value)), below the threshold \(threshold).") + weakestText)])
            case .near:
                nearItems.append([.bold(t("接近期望值", "Near the threshold")), .plain(t(
                    "：毕业要求 \(requirementName(requirement)) 达成度 \(Self.value(value))，高出期望值 \(threshold) 不足 \(Self.setting(nearMargin))。",
                    ": requirement \(requirementName(requirement)) is \(Self.value(value)), less than \(Self.setting(nearMargin)) above the threshold \(threshold).") + weakestText)])
            case .none:
                break
            }
        }
        items += nearItems + notEvaluable
        /// A bullet listing the ids with their values, when there are any.
        func list(_ label: (String, String), _ entries: [String], advice: (String, String)? = nil) {
            guard !entries.isEmpty else { return }
            items.append([.bold(t(label.0, label.1)), .plain(t("：", ": ") + entries.joined(separator: t("、", ", ")) + t("。", ".")
                                                              + (advice.map { t($0.0, $0.1) } ?? ""))])
        }
        /// The entries whose value stands as `wanted` against the threshold; nil for values that
        /// are not evaluable.
        func entries(_ values: [(label: String, value: Double?)], _ wanted: TableCell.Emphasis?) -> [String] {
            values.filter { entry in
                guard let wanted else { return entry.value == nil }
                return entry.value != nil && emphasis(entry.value, threshold: classThreshold) == wanted
            }.map { $0.value == nil ? $0.label : $0.label + paren(Self.value($0.value)) }
        }
        let indicatorValues = result.indicators.map { (label: $0.indicatorID, value: $0.value.value) }
        list(("未达成的指标点", "Indicators below the threshold"), entries(indicatorValues, .below))
        list(("接近期望值的指标点", "Indicators near the threshold"), entries(indicatorValues, .near))
        list(("不可评价的指标点", "Indicators not evaluable"), entries(indicatorValues, nil))
        let objectiveValues = zip(programme.courses, result.courses).flatMap { course, attainment in
            zip(course.objectives, attainment.objectives).map { (label: "\(course.id) \($0.0.id)", value: $0.1.value) }
        }
        list(("未达成的课程目标", "Course objectives below the threshold"), entries(objectiveValues, .below),
             advice: ("建议相关课程分析原因，在下一轮教学中调整教学内容与考核方式。",
                      " The courses concerned should analyse the causes and revise teaching and assessment in their next offering."))
        list(("接近期望值的课程目标", "Course objectives near the threshold"), entries(objectiveValues, .near))
        list(("不可评价的课程目标", "Course objectives not evaluable"), entries(objectiveValues, nil),
             advice: ("这些课程目标没有学生的有效成绩，请检查考核方案与成绩表。",
                      " No student has a score that counts for them; check the assessment plans and score sheets."))
        let cohort = result.students
        let below = studentsBelowInARequirement
        if below > 0 {
            let counts = result.requirements.map(\.value.studentsBelowIndividual)
            let worst = counts.indices.max { (counts[$0], -$0) < (counts[$1], -$1) } ?? 0
            items.append([.plain(t(
                "\(below) 名学生（\(Self.percent(below, of: cohort.students.count))）至少一项毕业要求的个人达成度低于 \(Self.setting(individualThreshold))，其中 \(programme.requirements[worst].id) 人数最多（\(counts[worst]) 人），建议进行学业预警与个别辅导。",
                "\(below) students (\(Self.percent(below, of: cohort.students.count))) are below \(Self.setting(individualThreshold)) in at least one requirement, most often in \(programme.requirements[worst].id) (\(counts[worst]) students); they are candidates for an academic warning and individual support."))])
        }
        if items.isEmpty {
            items.append([.plain(t(
                "全部毕业要求、指标点和课程目标均可评价，均达到期望值 \(threshold)，且均高出 \(Self.setting(nearMargin)) 以上。",
                "Every requirement, indicator and course objective is evaluable and meets the threshold \(threshold) by at least \(Self.setting(nearMargin)).")) ])
        }
        blocks.append(.bullets(items))
        paragraph(.plain(t("以上分析是本轮持续改进的起点：请在改进台账中记录原因分析、改进措施、责任人与完成时间，并在下一届学生的评价中复核。",
                           "These findings start the continuous-improvement loop: record causes, measures, the person responsible and a deadline for each, and re-check them with the next cohort.")))
    }

    /// The run's early warnings: the rules, a table of the programme and course warnings but
    /// the near-threshold ones, those listed by target with their values in one paragraph,
    /// and the number of students warned (chapter 5 lists them, pseudonymised when asked).
    mutating func earlyWarnings(_ continuity: ReportContinuity) {
        heading(3, t("预警", "Early warnings"))
        // Under NBA's levels the margin and the fall limit count in levels (methods.md §10).
        let methods = programme.methods
        // Only the rules switched on are named: a rule that is off has no bound to scale.
        func onScale(_ share: Double) -> String { Self.setting(methods.onClassScale(share)) }
        let scaled = [
            continuity.rules.nearMargin.map { (zh: "接近范围", en: "the margin", bound: onScale($0)) },
            continuity.rules.fallLimit.map { (zh: "下降幅度", en: "the fall limit", bound: onScale($0)) },
        ].compactMap { $0 }
        var scale = ""
        if methods.classValueMaximum != 1, !scaled.isEmpty {
            let english = scaled.map(\.en).joined(separator: " and ")
            scale = t(
                "\(scaled.map(\.zh).joined(separator: "与"))按班级数值的量程（0-\(onScale(1))）放大为 \(scaled.map(\.bound).joined(separator: " 与 "))。",
                " \(english.prefix(1).uppercased() + english.dropFirst()) \(scaled.count == 1 ? "counts" : "count") on the class values' scale (0-\(onScale(1))): \(scaled.map(\.bound).joined(separator: " and ")).")
        }
        paragraph(.plain(t("预警规则：", "Rules: ") + WarningRulesRecord.sentence(continuity.rules, language: options.language) + t("", ".") + scale))
        let ordered = ProgrammeWarning.ordered(continuity.warnings)
        let shown = ordered.filter { $0.level != .student && $0.rule != .nearThreshold }
        let near = ordered.filter { $0.level != .student && $0.rule == .nearThreshold }
        let students = ordered.filter { $0.level == .student }
        if shown.isEmpty {
            if near.isEmpty {
                paragraph(.plain(t("本届没有专业或课程层面的预警。", "This cohort has no programme or course warning.")))
            }
        } else {
            let language = options.language
            table(t("专业与课程预警", "Programme and course warnings"),
                  header: [t("层面", "Level"), t("等级", "Severity"), t("规则", "Rule"), t("说明", "Warning")],
                  rows: shown.map { warning in
                      [
                          .text(WarningText.level(warning.level, language: language)),
                          TableCell(text: WarningText.severity(warning.severity, language: language),
                                    emphasis: warning.severity == .alert ? .below : .near),
                          .text(WarningText.rule(warning.rule, language: language)),
                          .text(WarningText.message(warning, language: language)),
                      ]
                  })
        }
        if !near.isEmpty { nearWatches(near) }
        if !students.isEmpty {
            let alerts = students.count { $0.severity == .alert }
            let withAlerts = alerts == 0 ? "none with an alert" : alerts == students.count ? "all with an alert" : "\(alerts) with an alert"
            paragraph(.plain(t(
                "另有 \(students.count) 名学生触发学业预警（其中红色预警 \(alerts) 名），名单见第五章“低于个人期望值的学生”。",
                students.count == 1
                    ? "1 student is warned (\(alerts == 1 ? "an alert" : "a watch")); chapter 5 lists the students below the individual threshold."
                    : "\(students.count) students are warned (\(withAlerts)); chapter 5 lists the students below the individual threshold.")))
        }
    }

    /// The near-threshold watches in one paragraph, by target: `培养目标 PEO1（0.736）、…；毕业要求 …`.
    mutating func nearWatches(_ near: [EarlyWarning]) {
        let groups = EarlyWarning.Target.allCases.filter { $0 != .student }.compactMap { target -> String? in
            let entries = near.filter { $0.target == target }.map { $0.targetID + paren(Self.value($0.value)) }
            let name = WarningText.target(target, language: options.language) + t(" ", "s ")
            return entries.isEmpty ? nil : name + entries.joined(separator: t("、", ", "))
        }
        let count = near.count
        paragraph(
            .bold(t("接近期望值的黄色预警 \(count) 项", count == 1 ? "1 near-threshold watch" : "\(count) near-threshold watches")),
            .plain(t("（预警规则的接近范围内）：", " (within the rules' near margin): ") + groups.joined(separator: t("；", "; ")) + t("。", ".")))
    }

    /// The requirements of the earlier cohorts in the history beside this cohort's, each value
    /// shaded against its own cohort's threshold, with the cohort comparison chart.
    mutating func earlierCohorts(_ continuity: ReportContinuity, history: String) {
        heading(3, t("与往届对比", "Compared with earlier cohorts"))
        guard !continuity.earlierCohorts.isEmpty else {
            paragraph(.plain(t(
                "结果历史 \(history) 中没有本专业（\(programme.id)）早于 \(programme.cohort) 级的记录；往届以 attain run 或 attain batch 计算后即可在此对比。",
                "The results history \(history) has no cohort of \(programme.id) before \(programme.cohort); once earlier cohorts are computed with attain run or attain batch, they are compared here.")))
            return
        }
        // The latest four earlier cohorts at most: a table of a page's width.
        let earlier = Array(continuity.earlierCohorts.suffix(Self.earlierCohortsShown))
        let left = continuity.earlierCohorts.count - earlier.count
        let cohorts = earlier.map(\.cohort) + [programme.cohort]
        let thresholds = earlier.map(\.classThreshold) + [classThreshold]
        let ids = programme.requirements.map(\.id)
        let values: [[Double?]] = zip(ids, result.requirements).map { id, attainment in
            let column = continuity.earlierIDs.firstIndex(of: id)
            return earlier.map { row in column.flatMap { row.values[$0] } } + [attainment.value.value]
        }
        let runs = earlier.map { t("\($0.cohort) 级为运行 \($0.runID)", "cohort \($0.cohort) from run \($0.runID)") }
        // Ids an earlier cohort has values for that this programme no longer has (renamed or dropped).
        let unmatched = continuity.earlierIDs.enumerated().filter { column, id in
            !ids.contains(id) && earlier.contains { $0.values[column] != nil }
        }.map(\.element)
        paragraph(.plain(t(
            "往届数值取自结果历史 \(history) 中各届最近一次记录的运行（\(runs.joined(separator: "，"))），本届为本次计算；每个数值与其所在届的期望值比较（不先舍入）。",
            "Earlier cohorts' values come from the latest recorded run of each in the results history \(history) (\(runs.joined(separator: ", "))), this cohort's from this computation; each value is compared, unrounded, with its own cohort's threshold.")
            + t("“变化”为本届数值减去有数值的最早一届的数值。", " The change is this cohort's value minus that of the earliest cohort shown with a value.")
            + (left > 0 ? t("结果历史中还有更早的 \(left) 届，attain history \(programme.id) 列出全部。",
                            " The history holds \(left) earlier \(left == 1 ? "cohort" : "cohorts") besides; attain history \(programme.id) lists them all.") : "")
            + (unmatched.isEmpty ? "" : t(
                "往届记录中的 \(unmatched.joined(separator: "、")) 不是本届的毕业要求，未列入。",
                " Recorded for earlier cohorts but not a requirement of this one, and so left out: \(unmatched.joined(separator: ", "))."))))
        let rows: [[TableCell]] = zip(ids, values).map { id, row in
            // This cohort against the earliest earlier cohort that has a value; none without
            // this cohort's.
            let change = (row.last ?? nil) == nil ? nil : Trend.change(row)
            return [.text(id)] + zip(row, thresholds).map { valueCell($0, threshold: $1) } + [.number(Self.signed(change))]
        }
        table(t("毕业要求达成度各届对比", "Graduation requirements across cohorts"),
              header: [t("毕业要求", "Requirement")] + cohorts.map { t("\($0) 级", "Cohort \($0)") } + [t("变化", "Change")],
              rows: rows + [[.text(t("期望值", "Threshold"))] + thresholds.map { .number(Self.setting($0)) } + [.number("")]])
        figure(t("毕业要求达成度各届对比", "Graduation requirements across cohorts"), name: "requirements-cohorts",
               Charts.cohortBars(
                   categories: ids, cohorts: cohorts.map { t("\($0) 级", $0) }, values: values, thresholds: thresholds,
                   labels: chartLabels(title: t("毕业要求达成度各届对比", "Graduation requirements across cohorts"),
                                       categoryAxis: t("毕业要求", "Requirement"))))
    }
}

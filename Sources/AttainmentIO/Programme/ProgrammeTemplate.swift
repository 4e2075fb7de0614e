/// The programme folder `attain init` writes: small, complete, valid, with a comment on every
/// field (docs/format.md has the full description).
public enum ProgrammeTemplate {
    /// The files of the template: paths relative to the folder, and their text.
    public static let files: [(path: String, text: String)] = [
        ("programme.yaml", programme),
        ("support.csv", support),
        ("roster.csv", roster),
        ("courses/MATH101.yaml", math),
        ("courses/CS101.yaml", programming),
        ("scores/MATH101.csv", mathScores),
        ("scores/CS101.csv", programmingScores),
    ]

    static let programme = """
        # programme.yaml: one programme (major) and one cohort. docs/format.md explains every field.
        id: EXAMPLE-2024            # a short id, used to name the outputs
        name: 示例专业 Example programme
        cohort: "2024"              # the entry year (or any cohort label)
        scheme: engineering         # engineering | teacher-education | nba | abet | other (sets the defaults)

        thresholds:
          class: 0.7                # class-level values must reach this (course objectives, indicators, requirements)
          individual: 0.6           # a single student's values must reach this

        methods:                    # every key is optional; these are the defaults (docs/methods.md)
          course_objective: weighted-ratios   # weighted-ratios | weighted-sums | pooled-marks
          course_indicator: mean    # a course's value for an indicator from its objectives: mean | min
          indicator: weighted-sum   # weighted-sum | min
          requirement: min          # a requirement's value from its indicators: min | mean
          support_weights: levels   # levels (H/M/L or numbers from support.csv) | credits
          levels: {H: 3, M: 2, L: 1}
          cap: true                 # a student's objective value is capped at 1
          absent: zero              # 缺考 counts as zero | exclude
          cheating: zero            # 作弊 counts as zero | exclude
          blank: error              # a blank score cell is an error | zero | exclude
          retake: first             # which attempt counts after a resit or retake: first | best | latest
          # NBA (nba: {...}), ABET (abet: {...}) and survey (surveys: {...}) settings: docs/methods.md

        objectives:                 # programme objectives (培养目标)
          - id: PEO1
            text: 具备扎实的专业基础知识 / A sound foundation in the discipline.
          - id: PEO2
            text: 能够分析和解决复杂问题 / Able to analyse and solve complex problems.

        requirements:               # graduation requirements (毕业要求) and their indicators (指标点)
          - id: GR1
            name: 工程知识 Engineering knowledge
            indicators:
              - id: "1.1"           # quote ids that look like numbers, or leave them bare
                text: 掌握数学与自然科学知识
              - id: "1.2"
                text: 能将专业知识用于问题求解
          - id: GR2
            name: 问题分析 Problem analysis
            indicators:
              - id: "2.1"
                text: 能识别和表达复杂问题

        requirement_support:        # which requirements support which programme objectives: H, M, L or numbers
          GR1: {PEO1: H, PEO2: M}
          GR2: {PEO2: H}

        """

    static let support = """
        course,name,1.1,1.2,2.1
        MATH101,高等数学 Calculus,H,M,L
        CS101,程序设计 Programming,L,H,H

        """

    static let roster = """
        student_id,name,class
        2024000101,张三,1班
        2024000102,李四,1班
        2024000103,王五,2班
        2024000104,赵六,2班

        """

    static let math = """
        # courses/MATH101.yaml: a course, its objectives and its assessment plan.
        id: MATH101                 # must match the file name
        name: 高等数学 Calculus
        credits: 5

        objectives:                 # course objectives (课程目标) and the indicators each supports
          - id: CO1
            text: 掌握极限与微积分的基本概念
            indicators: ["1.1"]
          - id: CO2
            text: 能用微积分方法建模与求解
            indicators: ["1.2", "2.1"]

        components:                 # assessment components (考核环节); weights are normalised;
                                    # under scheme: nba each also needs kind: internal | end-semester
          - {id: homework, name: 平时作业, weight: 0.3}
          - {id: final, name: 期末考试, weight: 0.7}

        items:                      # the columns of the score sheet
          - {id: HW1, component: homework, full_marks: 10, objectives: CO1}
          - {id: HW2, component: homework, full_marks: 10, objectives: CO2}
          - {id: Q1, component: final, full_marks: 40, objectives: CO1}
          - {id: Q2, component: final, full_marks: 60, objectives: {CO1: 20, CO2: 40}}   # marks split between objectives

        # sheets: [scores/MATH101.csv]   # optional; the default is scores/MATH101.csv or scores/MATH101/*.csv

        """

    static let programming = """
        # courses/CS101.yaml
        id: CS101
        name: 程序设计 Programming
        credits: 3

        objectives:
          - id: CO1
            indicators: ["1.1", "1.2"]
          - id: CO2
            indicators: ["2.1"]

        components:
          - {id: lab, name: 实验, weight: 0.4}
          - {id: final, name: 期末考试, weight: 0.6}

        items:
          - {id: LAB1, component: lab, full_marks: 50, objectives: CO1}
          - {id: LAB2, component: lab, full_marks: 50, objectives: CO2}
          - {id: Q1, component: final, full_marks: 50, objectives: CO1}
          - {id: Q2, component: final, full_marks: 50, objectives: CO2}

        """

    static let mathScores = """
        student_id,name,class,status,HW1,HW2,Q1,Q2
        2024000101,张三,1班,,9,8,34,50
        2024000102,李四,1班,,7,6,25,38
        2024000103,王五,2班,,10,9,38,55
        2024000104,赵六,2班,缓考,,,,

        """

    static let programmingScores = """
        student_id,name,class,LAB1,LAB2,Q1,Q2
        2024000101,张三,1班,45,40,41,38
        2024000102,李四,1班,30,28,缺考,缺考
        2024000103,王五,2班,48,46,45,44
        2024000104,赵六,2班,38,35,30,33

        """
}

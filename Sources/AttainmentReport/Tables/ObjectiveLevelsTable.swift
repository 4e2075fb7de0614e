import AttainmentCore

/// Under NBA's attainment levels and ABET's rubric levels (docs/methods.md §11, §12), the counts
/// behind each course objective's class value: per objective and part (NBA: internal,
/// end-semester, then the combined level; ABET: one row), the students assessed, those reaching
/// the target, the share, the level and the part's weight. The one definition behind
/// `course_objective_levels.csv` and the result workbook's sheet.
enum ObjectiveLevelsTable {
    /// The table, or nil under the mark-ratio methods.
    static func make(_ result: AttainmentResult) -> DataTable? {
        guard result.courses.contains(where: { $0.evidence != nil }) else { return nil }
        let programme = result.programme
        let methods = programme.methods
        let nba = methods.courseObjective == .attainmentLevels
        var table = DataTable(
            name: "course_objective_levels", sheet: ResultWorkbook.SheetName.objectiveLevels,
            titleZh: nba ? "课程目标达成等级（NBA）" : "评分等级达到 \(shortDecimal(methods.abet.targetLevel)) 的学生比例（ABET）",
            titleEn: nba
                ? "CO attainment levels (NBA): target \(shortDecimal(methods.nba.target)), bands \(methods.nba.bands.map(shortDecimal).joined(separator: " / "))"
                : "Share of students at rubric level \(shortDecimal(methods.abet.targetLevel)) (ABET)",
            columns: [
                .init("course_id", "课程", "Course"),
                .init("objective_id", "课程目标", "Objective"),
                .init("part", "部分", "Part"),
                .init("students_assessed", "评价人数", "Students assessed", numeric: true),
                .init("students_reaching", "达到人数", "Students reaching", numeric: true),
                .init("share", "比例", "Share", numeric: true),
                .init("level", "等级", "Level", numeric: true),
                .init("weight", "权重", "Weight", numeric: true),
            ])
        let blank = DataTable.Cell.text("")
        for (course, attainment) in zip(programme.courses, result.courses) {
            guard let evidence = attainment.evidence else { continue }
            for (objective, found) in zip(course.objectives, evidence) {
                for part in found.parts {
                    table.rows.append([
                        .text(course.id), .text(objective.id), .text(part.kind?.rawValue ?? "rubric"),
                        .count(part.studentsAssessed), .count(part.studentsReaching), .value(part.share, threshold: nil),
                        part.level.map(DataTable.Cell.count) ?? blank,
                        part.kind == nil ? blank : .value(part.weight, threshold: nil),
                    ])
                }
                if nba {
                    table.rows.append([
                        .text(course.id), .text(objective.id), .text("combined"), blank, blank, blank,
                        .value(found.value, threshold: programme.thresholds.classLevel), blank,
                    ])
                }
            }
        }
        return table
    }
}

import AttainmentCore
import Foundation
import Testing

import AttainmentIO

/// `ProgrammeFolder.readScoreSheets`: a course's CSV sheets from bytes held in memory, read as
/// `load` reads them from a folder (format.md, "Score sheets").
@Suite struct ScoreSheetsFromMemoryTests {
    /// Every course of the engineering example, its sheets read from memory (CS2001's two
    /// teaching classes pooled in the order they are listed), gives the score table `load`
    /// gives: the same students, scores, exclusions and attempts.
    @Test func theEngineeringSheetsReadAsTheFolderReadsThem() throws {
        let folder = repositoryRoot + "/fixtures/engineering"
        let loaded = try ProgrammeFolder.load(folder)
        let programme = loaded.input.programme
        #expect(programme.courses.count == loaded.input.scores.count)
        for (course, expected) in zip(programme.courses, loaded.input.scores) {
            let single = folder + "/scores/\(course.id).csv"
            let paths = FileManager.default.fileExists(atPath: single)
                ? [single]
                : try FileManager.default.contentsOfDirectory(atPath: folder + "/scores/\(course.id)").sorted()
                    .map { folder + "/scores/\(course.id)/\($0)" }
            #expect(!paths.isEmpty, "\(course.id) has sheets")
            let sheets = try paths.map { (bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0))), path: $0) }
            let read = try ProgrammeFolder.readScoreSheets(csv: sheets, course: course, methods: programme.methods)
            #expect(read.table == expected, "\(course.id)")
        }
    }

    /// A hand-made sheet: a header matched through `columns`, an ignored column, a status word
    /// that leaves a student out (缓考) and one that counts zero (缺考), and a number with a
    /// decimal point.
    @Test func aSheetWithColumnsStatusWordsAndAnIgnoredColumn() throws {
        let course = Course(
            id: "C1", objectives: [CourseObjective(id: "CO1", indicators: ["1.1"])],
            components: [AssessmentComponent(id: "exam", weight: 1)],
            items: [
                AssessmentItem(id: "Q1", component: "exam", fullMarks: 10, objective: "CO1"),
                AssessmentItem(id: "Q2", component: "exam", fullMarks: 20, objective: "CO1"),
            ])
        let text = """
            学号,姓名,第一题,Q2,评语
            s1,甲,7.5,18,好
            s2,乙,缺考,12,
            s3,丙,缓考,缓考,

            """
        let read = try ProgrammeFolder.readScoreSheets(
            csv: [(bytes: Array(text.utf8), path: "mem/C1.csv")], course: course, methods: MethodSettings(),
            columns: ["Q1": "第一题"], ignoring: ["评语"])
        #expect(read.table.students.map(\.id) == ["s1", "s2", "s3"])
        #expect(read.table.students.map(\.name) == ["甲", "乙", "丙"])
        #expect(read.table.scores == Matrix([[7.5, 18], [0, 12], [0, 0]]))
        #expect(read.table.included == Matrix([[1, 1], [1, 1], [0, 0]]))
    }

    /// A cell that is neither a number nor a status word is an error naming the path given, the
    /// line and the column; every sheet is read before the errors are thrown.
    @Test func badCellsAreErrorsWithTheirPlaces() throws {
        let course = Course(
            id: "C1", objectives: [CourseObjective(id: "CO1", indicators: ["1.1"])],
            components: [AssessmentComponent(id: "exam", weight: 1)],
            items: [AssessmentItem(id: "Q1", component: "exam", fullMarks: 10, objective: "CO1")])
        let first = "student_id,name,Q1\ns1,甲,x\n"
        let second = "student_id,name,Q1\ns2,乙,3\ns3,丙,11\n"
        let error = #expect(throws: InputErrors.self, "bad cells are refused") {
            try ProgrammeFolder.readScoreSheets(
                csv: [(bytes: Array(first.utf8), path: "up/1班.csv"), (bytes: Array(second.utf8), path: "up/2班.csv")],
                course: course, methods: MethodSettings())
        }
        let errors = error?.errors ?? []
        #expect(errors.contains { $0.location?.file == "up/1班.csv" && $0.location?.line == 2 && $0.location?.column == 3 })
        #expect(errors.contains { $0.location?.file == "up/2班.csv" && $0.location?.line == 3 && $0.location?.column == 3 })
    }
}

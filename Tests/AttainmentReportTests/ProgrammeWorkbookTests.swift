import AttainmentCore
import AttainmentIO
import Foundation
import Testing

@testable import AttainmentReport
import TestSupport

private let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

private func temporaryFolder() -> String {
    scratchDirectory.appendingPathComponent("attain-book-\(UUID().uuidString)").path
}

private func write(_ bytes: [UInt8], to path: String) throws {
    try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Writes a programme's source as canonical folder files, its survey declarations included.
private func writeFolder(_ source: ProgrammeSource, to folder: String) throws {
    for file in ProgrammeFolderWriter.files(programme: source.programme, courses: source.courses, surveys: source.surveys) {
        try write(Array(file.text.utf8), to: folder + "/" + file.path)
    }
}

@Suite("Folder ⇄ workbook")
struct ProgrammeWorkbookTests {
    /// folder → workbook → folder keeps the whole structure, for both realistic fixtures and
    /// the workbook fixture; a second workbook is byte-identical to the first, and the
    /// canonical folder files are byte-identical too. The NBA fixture's components carry a
    /// kind (internal, end-semester), which must survive.
    @Test(arguments: [
        "fixtures/engineering", "fixtures/teacher-education", "fixtures/workbook/programme.xlsx", "fixtures/tiny/nba",
        "fixtures/tiny/abet", "fixtures/tiny/records", "fixtures/tiny/surveys",
    ])
    func roundTripsWithoutLoss(source: String) throws {
        let original = try ProgrammeFolder.loadStructure(repository + "/" + source)
        let surveys = original.surveys
        #expect(surveys.isEmpty == !["fixtures/tiny/records", "fixtures/tiny/surveys"].contains(source))
        if source.hasSuffix("nba") {
            #expect(original.courses.allSatisfy { $0.course.components.allSatisfy { $0.kind != nil } })
        }
        if source.hasSuffix("records") {
            #expect(original.programme.electiveGroups == [ElectiveGroup(id: "G", name: "专业选修课组", courses: ["E1", "E2"])])
        }
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let book = try ProgrammeWorkbook.make(programme: original.programme, courses: original.courses, surveys: surveys)
        try write(book, to: folder + "/one/programme.xlsx")
        let fromBook = try ProgrammeFolder.loadStructure(folder + "/one/programme.xlsx")
        #expect(fromBook.programme == original.programme)
        #expect(fromBook.courses == original.courses)
        #expect(fromBook.surveys == surveys)

        try writeFolder(fromBook, to: folder + "/two")
        let fromFolder = try ProgrammeFolder.loadStructure(folder + "/two")
        #expect(fromFolder.programme == original.programme)
        #expect(fromFolder.courses == original.courses)
        #expect(fromFolder.surveys == surveys)

        let again = try ProgrammeWorkbook.make(programme: fromFolder.programme, courses: fromFolder.courses, surveys: surveys)
        #expect(again == book, "workbook → folder → workbook gives the same bytes")
        try writeFolder(fromFolder, to: folder + "/three")
        for file in ProgrammeFolderWriter.files(programme: fromFolder.programme, courses: fromFolder.courses, surveys: surveys) {
            let first = try Data(contentsOf: URL(fileURLWithPath: folder + "/two/" + file.path))
            let second = try Data(contentsOf: URL(fileURLWithPath: folder + "/three/" + file.path))
            #expect(first == second, "\(file.path) is canonical")
        }
    }

    /// A workbook beside the fixture's score sheets computes exactly what the folder does.
    @Test func workbookRunsLikeTheFolder() throws {
        let fixture = repository + "/fixtures/tiny/two-classes"
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: fixture, toPath: folder)
        let structure = try ProgrammeFolder.loadStructure(folder)
        try write(try ProgrammeWorkbook.make(programme: structure.programme, courses: structure.courses),
                  to: folder + "/book.xlsx")
        let fromFolder = try ProgrammeFolder.load(folder).compute()
        let fromBook = try ProgrammeFolder.load(folder + "/book.xlsx").compute()
        let csv = { (result: AttainmentResult) throws in
            try ResultDocuments.build(result, inputs: [], formats: [.csv, .json]).filter { $0.name != "run.json" }
        }
        #expect(try csv(fromBook) == csv(fromFolder))
    }

    /// The model's errors point at the cell that defines the faulty thing.
    @Test func errorsNameSheetAndCell() throws {
        var structure = try ProgrammeFolder.loadStructure(repository + "/fixtures/tiny/component-ratios")
        structure.courses[0].course.objectives[0].indicators = ["9.9"]
        structure.courses[0].course.items[1].fullMarks = -30
        structure.programme.courses = structure.courses.map(\.course)
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: repository + "/fixtures/tiny/component-ratios", toPath: folder)
        try write(try ProgrammeWorkbook.make(programme: structure.programme, courses: structure.courses),
                  to: folder + "/book.xlsx")
        do {
            _ = try ProgrammeFolder.load(folder + "/book.xlsx")
            Issue.record("a workbook with errors loads")
        } catch {
            let places = error.diagnostics.filter { $0.severity == .error }.map {
                "\($0.code.rawValue) @ \($0.location?.description.replacingOccurrences(of: folder + "/", with: "") ?? "-")"
            }
            #expect(places.contains("unknown-id @ book.xlsx:课程目标!B2"), "\(places)")
            #expect(places.contains("invalid-value @ book.xlsx:考核方案!E3"), "\(places)")
        }
    }

    /// An elective group's errors name its cell in the 选修课组 sheet, as a course's name its
    /// row in 课程; a workbook without the sheet (one made before it existed) has no groups.
    @Test func electiveGroupErrorsNameTheirCell() throws {
        var structure = try ProgrammeFolder.loadStructure(repository + "/fixtures/tiny/records")
        structure.programme.electiveGroups = [
            ElectiveGroup(id: "G", name: "专业选修课组", courses: ["E1", "E2"]),
            ElectiveGroup(id: "X", name: "一门课的组", courses: ["E3"]),
        ]
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Beside the example's score sheets and roster.
        try FileManager.default.copyItem(atPath: repository + "/fixtures/tiny/records", toPath: folder)
        try write(try ProgrammeWorkbook.make(programme: structure.programme, courses: structure.courses), to: folder + "/book.xlsx")
        do {
            _ = try ProgrammeFolder.load(folder + "/book.xlsx")
            Issue.record("a workbook with a faulty group loads")
        } catch {
            let places = Set(error.diagnostics.filter { $0.severity == .error }.map {
                "\($0.code.rawValue) @ \($0.location?.description.replacingOccurrences(of: folder + "/", with: "") ?? "-")"
            })
            #expect(places == ["invalid-value @ book.xlsx:选修课组!A3", "unknown-id @ book.xlsx:选修课组!A3"])
        }

        // fixtures/workbook/programme.xlsx has neither sheet: no groups, no surveys.
        let older = repository + "/fixtures/workbook/programme.xlsx"
        #expect(try XLSXWorkbook.open(path: older, displayPath: "programme.xlsx").sheetNames.allSatisfy { !["选修课组", "间接评价"].contains($0) })
        #expect(try ProgrammeFolder.loadStructure(older).programme.electiveGroups.isEmpty)
        #expect(try ProgrammeFolder.loadStructure(older).surveys.isEmpty)
    }

    /// Member course ids with spaces (`CS 10`) stay whole, and a member's own support row (an
    /// error, which the check reports) is written rather than dropped: a workbook and a folder
    /// written from the same structure read back as that structure.
    @Test func groupsKeepIdsWithSpacesAndFaultyRows() throws {
        var structure = try ProgrammeFolder.loadStructure(repository + "/fixtures/tiny/records")
        let renamed = ["E1": "CS 10", "E2": "CS 20"]
        for index in structure.courses.indices {
            if let id = renamed[structure.courses[index].course.id] { structure.courses[index].course.id = id }
        }
        structure.programme.courses = structure.courses.map(\.course)
        structure.programme.electiveGroups = [ElectiveGroup(id: "G", name: "专业选修课组", courses: ["CS 10", "CS 20"])]
        structure.programme.courseSupport.append(SupportEntry(from: "CS 10", to: "1.1", strength: .level(.high)))
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try write(try ProgrammeWorkbook.make(programme: structure.programme, courses: structure.courses), to: folder + "/book.xlsx")
        let fromBook = try ProgrammeFolder.loadStructure(folder + "/book.xlsx")
        #expect(fromBook.programme.electiveGroups == structure.programme.electiveGroups)
        #expect(fromBook.programme.courseSupport.contains { $0.from == "CS 10" && $0.to == "1.1" })
        try writeFolder(fromBook, to: folder + "/folder")
        let fromFolder = try ProgrammeFolder.loadStructure(folder + "/folder")
        #expect(fromFolder.programme.electiveGroups == structure.programme.electiveGroups)
        #expect(Set(fromFolder.programme.courseSupport.map { "\($0.from)>\($0.to)" })
            == Set(structure.programme.courseSupport.map { "\($0.from)>\($0.to)" }))
    }

    /// Surveys declared in the sheet 间接评价 are read as programme.yaml's `surveys:`: the
    /// same values from the files beside the workbook, and errors naming the sheet's cells.
    @Test func surveysFromTheSheetCountAsFromTheFolder() throws {
        let fixture = repository + "/fixtures/tiny/surveys"
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: fixture, toPath: folder)
        let structure = try ProgrammeFolder.loadStructure(folder)
        let surveys = structure.surveys
        #expect(surveys.count == 4 && surveys.contains { $0.population != nil } && surveys.contains { $0.population == nil })
        try write(
            try ProgrammeWorkbook.make(programme: structure.programme, courses: structure.courses, surveys: surveys),
            to: folder + "/book.xlsx")
        let fromFolder = try ProgrammeFolder.load(folder).compute()
        let fromBook = try ProgrammeFolder.load(folder + "/book.xlsx").compute()
        #expect(!fromFolder.surveyEvidence.isEmpty)
        let evidence = { (result: AttainmentResult) in
            result.surveyEvidence.map { "\($0.target) \(String(describing: $0.indirect)) \(String(describing: $0.value))" }
        }
        #expect(evidence(fromBook) == evidence(fromFolder))
        #expect(fromBook.objectives.map(\.value) == fromFolder.objectives.map(\.value))

        var faulty = surveys
        faulty[1].scale = 1
        try write(
            try ProgrammeWorkbook.make(programme: structure.programme, courses: structure.courses, surveys: faulty),
            to: folder + "/faulty.xlsx")
        do {
            _ = try ProgrammeFolder.load(folder + "/faulty.xlsx")
            Issue.record("a survey of scale 1 loads")
        } catch {
            let places = error.diagnostics.filter { $0.severity == .error }.map {
                "\($0.code.rawValue) @ \($0.location?.description.replacingOccurrences(of: folder + "/", with: "") ?? "-")"
            }
            #expect(places == ["invalid-value @ faulty.xlsx:间接评价!C3"], "\(places)")
        }
    }

    /// A course's scores as one workbook with a sheet per teaching class are pooled, exactly as
    /// the same students in one CSV file; `#sheet` picks one sheet.
    @Test func classSheetsOfAWorkbookArePooled() throws {
        let fixture = repository + "/fixtures/tiny/component-ratios"
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: fixture, toPath: folder)
        try FileManager.default.removeItem(atPath: folder + "/scores/C1.csv")
        let book = try XLSXWorkbookWriter()
        let rows: [[(String, [Double])]] = [
            [("S1", [95, 24]), ("S2", [88, 12])],
            [("S3", [84, 9])],
        ]
        for (index, students) in rows.enumerated() {
            let sheet = try book.addSheet(named: "\(index + 1)班")
            sheet.write("\(index + 1)班 成绩登记表", row: 0, column: 0)
            for (column, header) in ["学号", "姓名", "HW", "EX"].enumerated() { sheet.write(header, row: 1, column: column) }
            for (offset, (id, scores)) in students.enumerated() {
                sheet.write(id, row: offset + 2, column: 0)
                sheet.write("某某", row: offset + 2, column: 1)
                for (column, score) in scores.enumerated() { sheet.write(score, row: offset + 2, column: column + 2) }
            }
        }
        try write(try book.finish(), to: folder + "/scores/C1.xlsx")
        let fromWorkbook = try ProgrammeFolder.load(folder)
        #expect(fromWorkbook.input.scores[0].students.map(\.id) == ["S1", "S2", "S3"])
        let value = try fromWorkbook.compute().courses[0].objectives[0].value
        #expect(abs((value ?? 0) - 0.63) < 1e-12, "DOMAIN's worked check, from a workbook")

        let course = folder + "/courses/C1.yaml"
        let text = try String(contentsOfFile: course, encoding: .utf8)
        try Data((text + "\nsheets: [\"scores/C1.xlsx#2班\"]\n").utf8).write(to: URL(fileURLWithPath: course))
        #expect(try ProgrammeFolder.load(folder).input.scores[0].students.map(\.id) == ["S3"])

        // Both sheets listed one by one: the workbook is read and recorded once.
        try Data((text + "\nsheets: [\"scores/C1.xlsx#2班\", \"scores/C1.xlsx#1班\"]\n").utf8)
            .write(to: URL(fileURLWithPath: course))
        let listed = try ProgrammeFolder.load(folder)
        #expect(listed.input.scores[0].students.map(\.id) == ["S3", "S1", "S2"])
        #expect(listed.files.filter { $0.path == "scores/C1.xlsx" }.count == 1)
    }

    /// A score sheet with an attempt column (考试类型: 正常, blank, 补考, 重修; methods.md §14)
    /// reads from a workbook exactly as from CSV: the same rows, attempts, scores and values.
    @Test func anAttemptColumnReadsFromAWorkbookAsFromCSV() throws {
        let fixture = repository + "/fixtures/tiny/records"
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: fixture, toPath: folder)
        let csv = try String(contentsOfFile: folder + "/scores/A.csv", encoding: .utf8)
        let book = try XLSXWorkbookWriter()
        let sheet = try book.addSheet(named: "成绩")
        for (row, line) in csv.split(separator: "\n").enumerated() {
            for (column, cell) in line.split(separator: ",", omittingEmptySubsequences: false).enumerated() where !cell.isEmpty {
                // Scores as numbers, as a registrar's export has them; the rest as text.
                if row > 0 && column >= 3, let number = Double(cell) {
                    sheet.write(number, row: row, column: column)
                } else {
                    sheet.write(String(cell), row: row, column: column)
                }
            }
        }
        let fromCSV = try ProgrammeFolder.load(folder)
        try FileManager.default.removeItem(atPath: folder + "/scores/A.csv")
        try write(try book.finish(), to: folder + "/scores/A.xlsx")
        let fromWorkbook: LoadedProgramme
        do { fromWorkbook = try ProgrammeFolder.load(folder) } catch {
            Issue.record("\(error.diagnostics.filter { $0.severity == .error })")
            return
        }
        #expect(fromWorkbook.files.contains { $0.path == "scores/A.xlsx" })
        let a = try #require(fromCSV.input.programme.courses.firstIndex { $0.id == "A" })
        let (expected, actual) = (fromCSV.input.scores[a], fromWorkbook.input.scores[a])
        #expect(actual.attempts == [1, 1, 1, 1, 1, 1, 2, 2, 3])
        #expect(actual.attempts == expected.attempts)
        #expect(actual.students == expected.students)
        #expect(actual.scores == expected.scores && actual.included == expected.included)
        let (csvResult, workbookResult) = (try fromCSV.compute(), try fromWorkbook.compute())
        #expect(workbookResult.courses[a].objectives == csvResult.courses[a].objectives)
        #expect(workbookResult.requirements.map(\.value) == csvResult.requirements.map(\.value))
    }

    /// Problems in an .xlsx score sheet name the sheet and cell.
    @Test func scoreSheetErrorsNameSheetAndCell() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: repository + "/fixtures/workbook", toPath: folder)
        var structure = try ProgrammeFolder.loadStructure(folder + "/programme.xlsx")
        // The plan now says Q1 has 25 marks; the sheet's 满分 row says 20.
        let q1 = try #require(structure.courses[0].course.items.firstIndex { $0.id == "Q1" })
        structure.courses[0].course.items[q1].fullMarks = 25
        structure.courses[0].course.items[q1].marks = [ObjectiveMarks(objective: "CO1", marks: 25)]
        structure.programme.courses = structure.courses.map(\.course)
        try write(try ProgrammeWorkbook.make(programme: structure.programme, courses: structure.courses),
                  to: folder + "/programme.xlsx")
        do {
            _ = try ProgrammeFolder.load(folder + "/programme.xlsx")
            Issue.record("a sheet disagreeing with the plan loads")
        } catch {
            let places = error.diagnostics.filter { $0.severity == .error }.map {
                "\($0.code.rawValue) @ \($0.location?.description.replacingOccurrences(of: folder + "/", with: "") ?? "-")"
            }
            #expect(places == ["full-marks-mismatch @ scores/C1.xlsx:成绩!F5"])
        }
    }

    /// The plans sheet may carry its bilingual name; it is then not also a course's own sheet.
    @Test func plansSheetUnderItsBilingualName() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: repository + "/fixtures/tiny/component-ratios", toPath: folder)
        let structure = try ProgrammeFolder.loadStructure(folder)
        try write(try ProgrammeWorkbook.make(programme: structure.programme, courses: structure.courses),
                  to: folder + "/book.xlsx")
        // Rename the sheet in xl/workbook.xml with Python's zipfile, an independent tool.
        let rename = Process()
        rename.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        rename.arguments = ["-c", """
            import sys, zipfile
            path = sys.argv[1]
            with zipfile.ZipFile(path) as z:
                parts = [(i, z.read(i.filename)) for i in z.infolist()]
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
                for info, data in parts:
                    if info.filename == "xl/workbook.xml":
                        data = data.replace('name="考核方案"'.encode(), 'name="考核方案 Assessment plans"'.encode())
                    z.writestr(info, data)
            """, folder + "/book.xlsx"]
        try rename.run()
        rename.waitUntilExit()
        #expect(rename.terminationStatus == 0)
        let renamed = try ProgrammeFolder.loadStructure(folder + "/book.xlsx")
        #expect(renamed.programme == structure.programme)
        #expect(try ProgrammeFolder.load(folder + "/book.xlsx").warnings.allSatisfy { $0.severity == .warning })
    }

    /// A worksheet row holding only an ideographic space (U+3000, common in Chinese sheets) is
    /// an empty row, not a student whose id is a space.
    @Test func ideographicSpaceIsBlank() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: repository + "/fixtures/tiny/component-ratios", toPath: folder)
        try FileManager.default.removeItem(atPath: folder + "/scores/C1.csv")
        let book = try XLSXWorkbookWriter()
        let sheet = try book.addSheet(named: "成绩")
        for (column, header) in ["学号", "姓名", "HW", "EX"].enumerated() { sheet.write(header, row: 0, column: column) }
        let rows: [(String, [Double])] = [("S1", [95, 24]), ("\u{3000}", []), ("S2", [88, 12]), ("S3", [84, 9])]
        for (offset, (id, scores)) in rows.enumerated() {
            sheet.write(id, row: offset + 1, column: 0)
            for (column, score) in scores.enumerated() { sheet.write(score, row: offset + 1, column: column + 2) }
        }
        try write(try book.finish(), to: folder + "/scores/C1.xlsx")
        let loaded = try ProgrammeFolder.load(folder)
        #expect(loaded.input.scores[0].students.map(\.id) == ["S1", "S2", "S3"])
    }
}

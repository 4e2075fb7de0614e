import AttainmentCore
import Foundation
import Testing

@testable import AttainmentIO
import TestSupport

// Survey files (docs/format.md, "Surveys"): both forms, CSV and worksheets, every error with
// its file, row and column. Built on a copy of fixtures/tiny/surveys.

/// A copy of fixtures/tiny/surveys with some files replaced (nil removes a file).
private func surveyProgramme(_ files: [String: String?] = [:], binary: [String: [UInt8]] = [:]) throws -> String {
    let directory = scratchDirectory.appendingPathComponent("attain-surveys-\(UUID().uuidString)").path
    try FileManager.default.copyItem(atPath: repositoryRoot + "/fixtures/tiny/surveys", toPath: directory)
    for (path, text) in files {
        let full = directory + "/" + path
        try? FileManager.default.removeItem(atPath: full)
        if let text {
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: full))
        }
    }
    for (path, bytes) in binary { try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + path)) }
    return directory
}

/// The programme.yaml of the fixture with its text edited.
private func editedProgrammeFile(_ edit: (String) -> String) throws -> String {
    edit(try String(contentsOfFile: repositoryRoot + "/fixtures/tiny/surveys/programme.yaml", encoding: .utf8))
}

/// The errors of loading a folder; records an issue if it loads.
private func loadErrors(_ directory: String) -> [Diagnostic] {
    do {
        _ = try ProgrammeFolder.load(directory)
        Issue.record("\(directory) loaded, errors expected")
        return []
    } catch {
        return error.errors
    }
}

/// The locations of the errors with a code, relative to the folder.
private func places(_ code: DiagnosticCode, _ errors: [Diagnostic], in directory: String) -> [String] {
    errors.filter { $0.code == code }.compactMap { $0.location?.description.replacingOccurrences(of: directory + "/", with: "") }
}

/// A worksheet whose cells hold `rows`: numbers as numbers, other text as inline strings.
private func worksheet(_ rows: [[String]]) -> String {
    var xml = ""
    for (r, row) in rows.enumerated() {
        xml += "<row r=\"\(r + 1)\">"
        for (c, text) in row.enumerated() where !text.isEmpty {
            let reference = SourceLocation.columnLetters(c + 1) + "\(r + 1)"
            if Double(text) != nil {
                xml += "<c r=\"\(reference)\"><v>\(text)</v></c>"
            } else {
                xml += "<c r=\"\(reference)\" t=\"inlineStr\"><is><t>\(text)</t></is></c>"
            }
        }
        xml += "</row>"
    }
    return xlsxWorksheet(xml)
}

@Suite struct SurveyFileTests {
    @Test func fixtureSurveysAreReadAndHashed() throws {
        let loaded = try ProgrammeFolder.load(repositoryRoot + "/fixtures/tiny/surveys")
        let surveys = loaded.input.surveys
        #expect(surveys.map(\.id) == ["course-exit-C1", "graduating", "alumni", "employers"])
        #expect(surveys.map(\.kind) == [.courseExit, .graduating, .alumni, .employer])
        #expect(surveys.map(\.population) == [nil, 6, 50, 10])
        #expect(surveys[0].responses == [
            SurveyResponses(target: .courseObjective(course: "C1", objective: "CO1"), counts: [0, 1, 2, 4, 3]),
        ])
        // The responses form: one row per respondent, blanks are no answer.
        #expect(surveys[1].responses == [
            SurveyResponses(target: .indicator("1.1"), counts: [0, 1, 2, 1, 0]),
            SurveyResponses(target: .requirement("GR2"), counts: [0, 0, 1, 2, 1]),
        ])
        #expect(surveys[3].scale == 4)
        for path in ["surveys/course-exit-C1.csv", "surveys/graduating.csv", "surveys/alumni.csv", "surveys/employer.csv"] {
            let file = try #require(loaded.files.first { $0.path == path }, "\(path) is an input")
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/fixtures/tiny/surveys/" + path)))
            #expect(file.sha256 == SHA256.hexDigest(bytes))
        }
        let coverage = loaded.warnings.filter { $0.code == .lowSurveyCoverage }
        #expect(coverage.count == 1)
        #expect(coverage.first?.location?.description.hasSuffix("programme.yaml:38:5") == true)
    }

    @Test func countsFormErrorsNameRowAndColumn() throws {
        let directory = try surveyProgramme(["surveys/alumni.csv": """
            target,1,2,3,4,5
            PEO1,1,2,5,8,4
            PEO9,0,3,6,6,3
            PEO2,0,2.5,6,6,3
            PEO1,1,1,1,1,1
            C1/CO2,0,-1,0,0,0
            """])
        let errors = loadErrors(directory)
        #expect(places(.unknownID, errors, in: directory) == ["surveys/alumni.csv:3:1"])
        #expect(places(.invalidValue, errors, in: directory) == ["surveys/alumni.csv:4:3", "surveys/alumni.csv:6:3"])
        #expect(places(.duplicateID, errors, in: directory) == ["surveys/alumni.csv:5:1"])
    }

    @Test func countsHeaderMustBeTheLevelsOfTheScale() throws {
        for (header, column) in [("target,1,2,3,4", 6), ("target,1,2,3,5,4", 5), ("target,1,2,3,4,5,6", 7)] {
            let directory = try surveyProgramme(["surveys/alumni.csv": header + "\nPEO1,1,2,3,4\n"])
            let errors = loadErrors(directory)
            #expect(places(.invalidValue, errors, in: directory) == ["surveys/alumni.csv:1:\(column)"], "\(header)")
        }
    }

    @Test func responsesFormErrorsNameRowAndColumn() throws {
        let directory = try surveyProgramme(["surveys/graduating.csv": """
            respondent,1.1,GR2,GR9,1.1
            R1,3,4,,
            R2,6,x,,
            R3,0,2.5,,
            """])
        let errors = loadErrors(directory)
        #expect(places(.unknownID, errors, in: directory) == ["surveys/graduating.csv:1:4"])
        #expect(places(.duplicateID, errors, in: directory) == ["surveys/graduating.csv:1:5"])
        #expect(places(.invalidValue, errors, in: directory) == [
            "surveys/graduating.csv:3:2", "surveys/graduating.csv:3:3", "surveys/graduating.csv:4:2",
            "surveys/graduating.csv:4:3",
        ])
    }

    @Test func firstHeaderCellTellsTheForm() throws {
        let directory = try surveyProgramme(["surveys/alumni.csv": "objective,1,2,3,4,5\nPEO1,1,2,5,8,4\n"])
        let errors = loadErrors(directory)
        #expect(places(.missingField, errors, in: directory) == ["surveys/alumni.csv:1:1"])
    }

    /// A programme objective with a requirement's id: the survey cannot tell which is meant.
    @Test func ambiguousTargetIsAnError() throws {
        let directory = try surveyProgramme([
            "programme.yaml": try editedProgrammeFile { $0.replacingOccurrences(of: "- id: PEO2", with: "- id: GR2") },
            "surveys/alumni.csv": "target,1,2,3,4,5\nPEO1,1,2,5,8,4\nGR2,0,3,6,6,3\n",
        ])
        let errors = loadErrors(directory)
        #expect(places(.ambiguousSurveyTarget, errors, in: directory) == [
            "surveys/graduating.csv:1:3", "surveys/alumni.csv:3:1",
        ])
    }

    /// agree_level 5 under share lies above the employer survey's 4-level scale: an error at
    /// its `scale`. Under mean the agree level does not matter.
    @Test func agreeLevelAboveAScaleUnderShare() throws {
        let share = try surveyProgramme([
            "programme.yaml": try editedProgrammeFile {
                $0.replacingOccurrences(of: "surveys:\n", with: "methods:\n  surveys: {conversion: share, agree_level: 5}\n\nsurveys:\n")
            },
        ])
        let errors = loadErrors(share)
        let found = places(.invalidValue, errors, in: share)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("programme.yaml:42:") == true, "\(found)")
        let mean = try surveyProgramme([
            "programme.yaml": try editedProgrammeFile {
                $0.replacingOccurrences(of: "surveys:\n", with: "methods:\n  surveys: {agree_level: 5}\n\nsurveys:\n")
            },
        ])
        #expect(throws: Never.self) { try ProgrammeFolder.load(mean) }
    }

    @Test func declarationErrorsInProgrammeFile() throws {
        let directory = try surveyProgramme([
            "programme.yaml": try editedProgrammeFile {
                $0.replacingOccurrences(of: "kind: alumni", with: "kind: students")
                    .replacingOccurrences(of: "population: 10", with: "population: 0")
                    .replacingOccurrences(of: "surveys/course-exit-C1.csv", with: "surveys/none.csv")
            },
        ])
        let errors = loadErrors(directory)
        #expect(places(.invalidValue, errors, in: directory).map { $0.prefix(18) } == ["programme.yaml:38:", "programme.yaml:39:"])
        #expect(places(.fileUnreadable, errors, in: directory) + places(.fileMissing, errors, in: directory)
            == ["surveys/none.csv"])
    }

    /// A survey on a workbook sheet reads as the same CSV would; its errors name sheet and cell.
    @Test func workbookSheetSurveys() throws {
        var book = XLSXTestWorkbook(sheets: [
            ("notes", worksheet([["free text"]])),
            ("alumni", worksheet([["target", "1", "2", "3", "4", "5"], ["PEO1", "1", "2", "5", "8", "4"], ["PEO2", "0", "3", "6", "6", "3"]])),
        ])
        let programmeFile = try editedProgrammeFile {
            $0.replacingOccurrences(of: "surveys/alumni.csv", with: "surveys/book.xlsx#alumni")
        }
        let good = try surveyProgramme(["programme.yaml": programmeFile, "surveys/alumni.csv": nil], binary: ["surveys/book.xlsx": book.bytes])
        let loaded = try ProgrammeFolder.load(good)
        let fromCSV = try ProgrammeFolder.load(repositoryRoot + "/fixtures/tiny/surveys")
        #expect(loaded.input.surveys[2].responses == fromCSV.input.surveys[2].responses)
        #expect(loaded.input.surveys[2].id == "book#alumni")
        #expect(loaded.files.contains { $0.path == "surveys/book.xlsx" && $0.sha256 == SHA256.hexDigest(book.bytes) })

        book.sheets[1].xml = worksheet([
            ["target", "1", "2", "3", "4", "5"], ["PEO1", "1", "many", "5", "8", "4"], ["PEO8", "0", "3", "6", "6", "3"],
        ])
        let bad = try surveyProgramme(["programme.yaml": programmeFile], binary: ["surveys/book.xlsx": book.bytes])
        let errors = loadErrors(bad)
        #expect(places(.invalidValue, errors, in: bad) == ["surveys/book.xlsx:alumni!C2"])
        #expect(places(.unknownID, errors, in: bad) == ["surveys/book.xlsx:alumni!A3"])

        // Without a sheet name, a workbook with two sheets of content is ambiguous.
        let unnamed = try surveyProgramme(
            ["programme.yaml": try editedProgrammeFile { $0.replacingOccurrences(of: "surveys/alumni.csv", with: "surveys/book.xlsx") }],
            binary: ["surveys/book.xlsx": book.bytes])
        #expect(places(.fileMissing, loadErrors(unnamed), in: unnamed) == ["surveys/book.xlsx"])
    }

    /// The responses form on a worksheet: a level outside the scale names its cell.
    @Test func workbookResponsesForm() throws {
        let book = XLSXTestWorkbook(sheets: [
            ("grad", worksheet([["respondent", "1.1", "GR2"], ["R1", "3", "4"], ["R2", "3", "9"]])),
        ])
        let directory = try surveyProgramme(
            ["programme.yaml": try editedProgrammeFile { $0.replacingOccurrences(of: "surveys/graduating.csv", with: "surveys/grad.xlsx") }],
            binary: ["surveys/grad.xlsx": book.bytes])
        #expect(places(.invalidValue, loadErrors(directory), in: directory) == ["surveys/grad.xlsx:grad!C3"])
    }
}

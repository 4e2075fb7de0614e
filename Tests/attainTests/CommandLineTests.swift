import Foundation
import Testing
import TestSupport

/// The repository's root, found from this file's path.
let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The `attain` binary built beside this test runner.
let binary: String = {
    let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var folder = URL(fileURLWithPath: runner).deletingLastPathComponent()
    // The runner may sit inside a .xctest bundle folder.
    while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("attain").path), folder.path != "/" {
        folder.deleteLastPathComponent()
    }
    return folder.appendingPathComponent("attain").path
}()

struct Outcome {
    let status: Int32
    let output: String
    let errors: String
}

/// Runs a program and returns its exit status and standard output; standard error is kept
/// for the failure message.
@discardableResult
func runTool(
    _ path: String, _ arguments: [String], in directory: String? = nil, environment: [String: String]? = nil,
    timeout: TimeInterval = 120
) throws -> (status: Int32, output: String, errors: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    if let environment { process.environment = environment }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    // Read both pipes on other threads so a chatty tool cannot block on a full pipe.
    nonisolated(unsafe) var outputData = Data()
    nonisolated(unsafe) var errorData = Data()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { outputData = output.fileHandleForReading.readDataToEndOfFile() }
    DispatchQueue.global().async(group: group) { errorData = errors.fileHandleForReading.readDataToEndOfFile() }
    while process.isRunning, Date() < deadline { usleep(50_000) }
    if process.isRunning { process.terminate() }
    group.wait()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
}

/// Runs attain with arguments in a working directory, without some environment variables.
///
/// Unless the test names one, every call records in a results history of its own in a new
/// temporary folder (ATTAIN_HISTORY), so tests neither touch the user's history nor share one.
func attain(
    _ arguments: [String], in directory: String = root, removing variables: [String] = [], history: String? = nil
) throws -> Outcome {
    var environment = ProcessInfo.processInfo.environment
    environment["ATTAIN_HISTORY"] = history ?? temporaryFolder() + "/history.sqlite"
    for variable in variables { environment[variable] = nil }
    let run = try runTool(binary, arguments, in: directory, environment: environment, timeout: 600)
    return Outcome(status: run.status, output: run.output, errors: run.errors)
}

/// A new folder's path (not created) inside this test process's scratch folder, which is
/// removed when the process exits (`scratchDirectory`).
func temporaryFolder() -> String {
    scratchDirectory.appendingPathComponent(UUID().uuidString).path
}

/// Every file below a folder, relative path → bytes.
func contents(of folder: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return files }
    for case let path as String in enumerator {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder)
        if exists, !isFolder.boolValue { files[path] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + path)) }
    }
    return files
}

/// Numbers in two JSON documents agree to 1e-12, everything else exactly.
private func jsonAgrees(_ a: Any, _ b: Any, path: String = "$") -> Bool {
    switch (a, b) {
    case let (x as [String: Any], y as [String: Any]):
        return Set(x.keys) == Set(y.keys) && x.keys.allSatisfy { jsonAgrees(x[$0]!, y[$0]!, path: path + "." + $0) }
    case let (x as [Any], y as [Any]):
        return x.count == y.count && zip(x, y).allSatisfy { jsonAgrees($0, $1, path: path) }
    case let (x as String, y as String):
        return x == y
    case let (x as NSNumber, y as NSNumber):
        return abs(x.doubleValue - y.doubleValue) <= 1e-12 * max(1, abs(x.doubleValue))
    case (is NSNull, is NSNull):
        return true
    default:
        return false
    }
}

@Suite(.serialized) struct CommandLineTests {
    static let goldenProgrammes = ["engineering", "teacher-education"]

    /// `attain run` on the realistic fixtures gives the outputs in fixtures/expected
    /// (made by scripts/update-goldens and checked in): byte for byte, but for results.json,
    /// whose full-precision numbers may differ in the last bit between BLAS kernels.
    @Test(arguments: goldenProgrammes)
    func runMatchesTheGoldenOutputs(programme: String) throws {
        let output = temporaryFolder()
        let outcome = try attain(["run", "fixtures/\(programme)", "-o", output, "--quiet"])
        #expect(outcome.status == 0, "\(outcome.errors)")
        let produced = try contents(of: output)
        let golden = try contents(of: "\(root)/fixtures/expected/\(programme)")
        #expect(!golden.isEmpty, "fixtures/expected/\(programme) exists")
        #expect(Set(produced.keys) == Set(golden.keys))
        for (name, bytes) in golden.sorted(by: { $0.key < $1.key }) {
            guard let mine = produced[name] else { continue }
            if name.hasSuffix(".json") && name != "run.json" {
                let a = try JSONSerialization.jsonObject(with: mine)
                let b = try JSONSerialization.jsonObject(with: bytes)
                #expect(jsonAgrees(a, b), "\(programme)/\(name) agrees with the golden file")
            } else {
                #expect(mine == bytes, "\(programme)/\(name) is byte-identical to the golden file")
            }
        }
    }

    @Test func sameInputSameBytes() throws {
        let first = temporaryFolder()
        let second = temporaryFolder()
        #expect(try attain(["run", "fixtures/engineering", "-o", first, "-q"]).status == 0)
        #expect(try attain(["run", "fixtures/engineering", "-o", second, "-q"]).status == 0)
        let a = try contents(of: first)
        #expect(a.count >= 14)
        #expect(a == (try contents(of: second)))
    }

    @Test func theSummaryNamesRequirementsVerdictsAndWeakCourses() throws {
        let outcome = try attain(["run", "fixtures/engineering", "-o", temporaryFolder()])
        #expect(outcome.status == 0)
        for expected in ["Graduation requirements", "GR12", "NOT MET", "Weakest course objectives",
                         "Students below the individual threshold", "Wrote 16 files",
                         "Early warnings: programme 22 (3 alerts), course 72 (16 alerts), student 35 (17 alerts)",
                         "Recorded as run 1 in "] {
            #expect(outcome.output.contains(expected), "summary shows \(expected)")
        }
    }

    /// One alert is "1 alert": the NBA example has one at the programme level, in the CLI's
    /// line and in summary.md's warning headings.
    @Test func oneAlertIsCountedInTheSingular() throws {
        let folder = temporaryFolder()
        let outcome = try attain(["run", "fixtures/tiny/nba", "-o", folder, "--no-history"])
        #expect(outcome.status == 0)
        #expect(outcome.output.contains("Early warnings: programme 2 (1 alert), course 4 (4 alerts), student 2 (0 alerts)"),
                "\(outcome.output)")
        let summary = try String(contentsOfFile: folder + "/summary.md", encoding: .utf8)
        #expect(summary.contains("### Programme level: 2 (1 alert)\n"))
        #expect(summary.contains("### Course level: 4 (4 alerts)\n"))
    }

    @Test func runRecordNamesInputsSettingsAndVersion() throws {
        let output = temporaryFolder()
        #expect(try attain(["run", "fixtures/engineering", "-o", output, "--format", "csv", "-q"]).status == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: output + "/run.json"))
        let record = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let tool = try #require(record["tool"] as? [String: Any])
        #expect(tool["version"] as? String == "0.2.0")
        let methods = try #require(record["methods"] as? [String: Any])
        #expect(methods["course_objective"] as? String == "weighted-ratios")
        let inputs = try #require(record["inputs"] as? [[String: Any]])
        let yaml = try #require(inputs.first { $0["path"] as? String == "programme.yaml" })
        #expect((yaml["sha256"] as? String)?.count == 64)
        #expect(inputs.count > 60, "every course file and sheet is listed")
        #expect(!FileManager.default.fileExists(atPath: output + "/results.json"), "--format csv writes no JSON")
    }

    @Test func aFailedRunLeavesEarlierResultsIntact() throws {
        let output = temporaryFolder()
        #expect(try attain(["run", "fixtures/engineering", "-o", output, "-q"]).status == 0)
        let before = try contents(of: output)

        // A copy of the programme with one score above its full marks.
        let broken = temporaryFolder()
        try FileManager.default.copyItem(atPath: root + "/fixtures/tiny/component-ratios", toPath: broken)
        let sheets = try FileManager.default.contentsOfDirectory(atPath: broken + "/scores").sorted()
        let sheet = broken + "/scores/" + sheets[0]
        var lines = try String(contentsOfFile: sheet, encoding: .utf8).split(separator: "\n").map(String.init)
        var cells = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        cells[cells.count - 1] = "1000"
        lines[1] = cells.joined(separator: ",")
        try (lines.joined(separator: "\n") + "\n").write(toFile: sheet, atomically: true, encoding: .utf8)

        let outcome = try attain(["run", broken, "-o", output])
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("scores/\(sheets[0]):2:\(cells.count)"), "\(outcome.errors)")
        #expect(outcome.errors.contains("score-above-full-marks"))
        #expect(try contents(of: output) == before)
    }

    @Test func anUnwritableOutputExitsWithTwoAndLeavesNoTemporaryFiles() throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // requirements.csv cannot be replaced: a folder stands in its place.
        try FileManager.default.createDirectory(atPath: folder + "/requirements.csv/x", withIntermediateDirectories: true)
        let outcome = try attain(["run", "fixtures/engineering", "-o", folder, "-q"])
        #expect(outcome.status == 2, "\(outcome.errors)")
        #expect(outcome.errors.contains("cannot write"))
        let left = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(left == ["requirements.csv"], "no staged files left behind: \(left)")
    }

    @Test func checkReportsErrorsWithLocationsAndExitsWithOne() throws {
        let broken = temporaryFolder()
        #expect(try attain(["init", broken]).status == 0)
        let sheet = broken + "/scores/CS101.csv"
        let text = try String(contentsOfFile: sheet, encoding: .utf8)
        try text.replacingOccurrences(of: "45,40", with: "45,abc").write(toFile: sheet, atomically: true, encoding: .utf8)
        let outcome = try attain(["check", broken])
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("\(broken)/scores/CS101.csv:2:5: error: \"abc\" is not a number"))
        #expect(outcome.output.contains("1 error, 0 warnings"))
    }

    @Test func checkStrictFailsOnWarnings() throws {
        let folder = temporaryFolder()
        #expect(try attain(["init", folder]).status == 0)
        try "student_id,name\n2024000101,张三\n".write(toFile: folder + "/roster.csv", atomically: true, encoding: .utf8)
        let lenient = try attain(["check", folder])
        #expect(lenient.status == 0)
        #expect(lenient.output.contains("student-not-on-roster"))
        #expect(try attain(["check", folder, "--strict"]).status == 1)
    }

    @Test func initWritesARunnableProgrammeAndRefusesANonEmptyFolder() throws {
        let folder = temporaryFolder()
        let created = try attain(["init", folder])
        #expect(created.status == 0)
        #expect(try attain(["check", folder, "--strict"]).status == 0)
        #expect(try attain(["run", folder, "-o", folder + "/out", "-q"]).status == 0)
        let again = try attain(["init", folder])
        #expect(again.status == 2)
        #expect(again.errors.contains("--force"))
    }

    @Test func theDefaultOutputFolderIsNamedAfterTheProgramme() throws {
        let folder = temporaryFolder()
        #expect(try attain(["init", folder + "/p"]).status == 0)
        #expect(try attain(["run", "p", "-q"], in: folder).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder + "/attain-results/EXAMPLE-2024/2024/run.json"))
    }

    @Test func wrongFlagsExitWithSixtyFour() throws {
        let outcome = try attain(["run", "fixtures/engineering", "--format", "pdf"])
        #expect(outcome.status == 64)
        #expect(outcome.errors.contains("unknown format 'pdf'"))
    }

    @Test(arguments: ["init", "check", "run", "info"])
    func helpShowsExamples(command: String) throws {
        let outcome = try attain([command, "--help"])
        #expect(outcome.status == 0)
        #expect(outcome.output.contains("Example"))
    }

    @Test func openBLASUsesAVX512KernelsWithoutTheUserDoingAnything() throws {
        let outcome = try attain(["info"], removing: ["OPENBLAS_CORETYPE", "ATTAIN_SET_OPENBLAS_CORETYPE"])
        #expect(outcome.status == 0)
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let hasAVX512 = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }?
            .split(separator: " ").contains("avx512f") ?? false
        if hasAVX512 {
            #expect(["SkylakeX", "Cooperlake", "SapphireRapids"].contains {
                outcome.output.contains("OpenBLAS kernel: \($0)")
            }, "\(outcome.output)")
        } else {
            #expect(outcome.output.contains("detected by OpenBLAS"), "no AVX-512: nothing is forced")
        }
    }
}

/// `attain init --xlsx` and `attain convert`.
@Suite("Workbooks on the command line")
struct WorkbookCommandTests {
    @Test func initWritesAWorkbookThatRunsAsItIs() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let made = try attain(["init", "--xlsx", folder + "/cs/programme.xlsx"])
        #expect(made.status == 0, "\(made.errors)")
        for file in ["programme.xlsx", "roster.csv", "scores/CS101.csv", "scores/MATH101.csv"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/cs/" + file), "\(file)")
        }
        let checked = try attain(["check", folder + "/cs/programme.xlsx"])
        #expect(checked.status == 0, "\(checked.output)")
        let run = try attain(["run", folder + "/cs/programme.xlsx", "-o", folder + "/out", "-q"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(FileManager.default.fileExists(atPath: folder + "/out/results.xlsx"), "a workbook programme gets a workbook by default")
        // A second init does not replace the files without --force.
        let again = try attain(["init", "--xlsx", folder + "/cs/programme.xlsx"])
        #expect(again.status == 2)
        #expect(again.errors.contains("--force"))
    }

    /// folder → workbook → folder: the results are the fixture's golden ones (only the input
    /// hashes in run.json and summary.md differ, since the YAML is rewritten).
    @Test func convertBothWaysKeepsTheResults() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let toBook = try attain(["convert", "fixtures/teacher-education", "-o", folder + "/book/programme.xlsx"])
        #expect(toBook.status == 0, "\(toBook.errors)")
        let toFolder = try attain(["convert", folder + "/book/programme.xlsx", "-o", folder + "/back"])
        #expect(toFolder.status == 0, "\(toFolder.errors)")
        for source in [folder + "/book/programme.xlsx", folder + "/back"] {
            let output = folder + "/out-\(UUID().uuidString)"
            let run = try attain(["run", source, "-o", output, "-q"])
            #expect(run.status == 0, "\(run.errors)")
            let golden = try contents(of: "\(root)/fixtures/expected/teacher-education")
            let produced = try contents(of: output)
            for (name, data) in golden where name.hasSuffix(".csv") {
                #expect(produced[name] == data, "\(name) from \(source)")
            }
        }
        // Writing over existing files needs --force.
        let blocked = try attain(["convert", folder + "/book/programme.xlsx", "-o", folder + "/back"])
        #expect(blocked.status == 2)
        let forced = try attain(["convert", folder + "/book/programme.xlsx", "-o", folder + "/back", "--force"])
        #expect(forced.status == 0)
    }

    /// Elective groups go into the workbook's 选修课组 sheet and the group's support row, the
    /// surveys into 间接评价, and all come back: the records example (a group, two surveys, a
    /// roster with statuses) gives the same results as a folder, as a workbook beside copies of
    /// its score sheets, roster and survey files, and as a folder again (docs/format.md, "A
    /// programme as a workbook").
    @Test func convertCarriesElectiveGroupsAndSurveys() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = "\(root)/fixtures/tiny/records"
        let toBook = try attain(["convert", source, "-o", folder + "/book/programme.xlsx"])
        #expect(toBook.status == 0, "\(toBook.errors)")
        for copied in ["roster.csv", "scores/E1.csv", "surveys/graduating.csv", "surveys/alumni.csv"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/book/" + copied), "\(copied) is copied")
        }
        let toFolder = try attain(["convert", folder + "/book/programme.xlsx", "-o", folder + "/back"])
        #expect(toFolder.status == 0, "\(toFolder.errors)")
        let back = try String(contentsOfFile: folder + "/back/programme.yaml", encoding: .utf8)
        #expect(back.contains("elective_groups:\n  - id: \"G\"\n    name: \"专业选修课组\"\n    courses: [\"E1\", \"E2\"]\n"))
        #expect(back.contains("surveys:\n  - {file: \"surveys/graduating.csv\", kind: graduating, scale: 5, population: 12}\n"))
        #expect(try String(contentsOfFile: folder + "/back/support.csv", encoding: .utf8).hasSuffix("\nG,专业选修课组,,L,H\n"))
        var outputs: [[String: Data]] = []
        for programme in [source, folder + "/book/programme.xlsx", folder + "/back"] {
            let output = folder + "/out-\(outputs.count)"
            let run = try attain(["run", programme, "-o", output, "-q", "--format", "csv"])
            #expect(run.status == 0, "\(run.errors)")
            outputs.append(try contents(of: output).filter { $0.key.hasSuffix(".csv") })
        }
        #expect(outputs[0]["surveys.csv"]?.isEmpty == false, "the example has survey evidence")
        #expect(outputs[1] == outputs[0], "the workbook computes what the folder does")
        #expect(outputs[2] == outputs[0], "and so does the folder converted back")
    }

    /// Survey files are copied once each, under their paths with `.` and `..` taken, a `#` in
    /// a CSV file's name kept (only after a workbook's name does it pick a sheet); a declared
    /// file that is missing is named in a warning; the workbook then runs as the folder does.
    @Test func convertCopiesEachSurveyFileOnce() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = folder + "/programme"
        try FileManager.default.copyItem(atPath: "\(root)/fixtures/tiny/records", toPath: source)
        try FileManager.default.moveItem(atPath: source + "/surveys/graduating.csv", toPath: source + "/surveys/grad#2024.csv")
        let yaml = try String(contentsOfFile: source + "/programme.yaml", encoding: .utf8)
        #expect(yaml.contains("{file: surveys/graduating.csv,") && yaml.contains("{file: surveys/alumni.csv,"))
        let edited = yaml.replacingOccurrences(of: "{file: surveys/graduating.csv,", with: "{file: \"surveys/grad#2024.csv\",")
            .replacingOccurrences(of: "{file: surveys/alumni.csv,", with: "{file: ./surveys/../surveys/alumni.csv,")
        try Data(edited.utf8).write(to: URL(fileURLWithPath: source + "/programme.yaml"))
        let fromFolder = try attain(["run", source, "-o", folder + "/out-folder", "-q", "--format", "csv", "--no-history"])
        #expect(fromFolder.status == 0, "\(fromFolder.errors)")

        let converted = try attain(["convert", source, "-o", folder + "/book/programme.xlsx"])
        #expect(converted.status == 0, "\(converted.errors)")
        #expect(converted.output.contains("  surveys/grad#2024.csv\n  surveys/alumni.csv\n"), "\(converted.output)")
        let fromBook = try attain(["run", folder + "/book/programme.xlsx", "-o", folder + "/out-book", "-q", "--format", "csv", "--no-history"])
        #expect(fromBook.status == 0, "\(fromBook.errors)")
        let csvs = { (path: String) in try contents(of: path).filter { $0.key.hasSuffix(".csv") } }
        #expect(try csvs(folder + "/out-book") == csvs(folder + "/out-folder"))

        // A survey file that is not there: converted all the same, with a warning.
        try FileManager.default.removeItem(atPath: source + "/surveys/alumni.csv")
        let missing = try attain(["convert", source, "-o", folder + "/book2/programme.xlsx"])
        #expect(missing.status == 0, "\(missing.errors)")
        #expect(missing.errors.contains("warning: the survey file ./surveys/../surveys/alumni.csv does not exist and was not copied"))
    }

    /// `attain check` reads the early-warning rules `attain run` would use, so that a bad
    /// warnings.yaml is found by the check rather than only by the run.
    @Test func checkReadsTheWarningRules() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: "\(root)/fixtures/tiny/two-classes", toPath: folder + "/programme")
        #expect(try attain(["check", folder + "/programme"]).status == 0)
        try Data("near_margin: 5\n".utf8).write(to: URL(fileURLWithPath: folder + "/warnings.yaml"))
        let checked = try attain(["check", folder + "/programme"])
        #expect(checked.status == 1)
        #expect(checked.output.contains("warnings.yaml:1:14: error: near_margin must be from 0 to 1"), "\(checked.output)")
        #expect(try attain(["run", folder + "/programme", "-o", folder + "/out", "-q", "--no-history"]).status == 1)
        try Data("near_margin: 0.1\n".utf8).write(to: URL(fileURLWithPath: folder + "/good.yaml"))
        #expect(try attain(["check", folder + "/programme", "--rules", folder + "/good.yaml"]).status == 0)
    }

    /// The default output folder is attain-results/<id>/<cohort> with each part one folder
    /// name: an id or cohort with `/` or `..` cannot send the results elsewhere.
    @Test func theDefaultOutputStaysInItsFolder() throws {
        let work = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        try FileManager.default.createDirectory(atPath: work + "/deep/down", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(root)/fixtures/tiny/two-classes", toPath: work + "/programme")
        let yaml = try String(contentsOfFile: work + "/programme/programme.yaml", encoding: .utf8)
        let cohort = try #require(yaml.split(separator: "\n").first { $0.hasPrefix("cohort:") })
        let edited = yaml.replacingOccurrences(of: String(cohort), with: "cohort: \"../../escaped\"")
        try Data(edited.utf8).write(to: URL(fileURLWithPath: work + "/programme/programme.yaml"))
        let run = try attain(["run", "../../programme", "-q", "--no-history", "--format", "csv"], in: work + "/deep/down")
        #expect(run.status == 0, "\(run.errors)")
        #expect(!FileManager.default.fileExists(atPath: work + "/escaped"))
        #expect(!FileManager.default.fileExists(atPath: work + "/deep/escaped"))
        let results = try FileManager.default.contentsOfDirectory(atPath: work + "/deep/down/attain-results")
        #expect(results.count == 1)
        let inside = try FileManager.default.contentsOfDirectory(atPath: work + "/deep/down/attain-results/" + results[0])
        #expect(inside == [".._.._escaped"])
    }

    /// A survey file outside the programme's folder is not copied beside a converted workbook
    /// (it could land anywhere); a warning names it.
    @Test func convertWarnsOfASurveyFileOutsideTheFolder() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: "\(root)/fixtures/tiny/surveys", toPath: folder + "/programme")
        try FileManager.default.moveItem(atPath: folder + "/programme/surveys/alumni.csv", toPath: folder + "/alumni.csv")
        let yaml = try String(contentsOfFile: folder + "/programme/programme.yaml", encoding: .utf8)
        #expect(yaml.contains("file: surveys/alumni.csv"))
        try Data(yaml.replacingOccurrences(of: "file: surveys/alumni.csv", with: "file: ../alumni.csv").utf8)
            .write(to: URL(fileURLWithPath: folder + "/programme/programme.yaml"))
        let converted = try attain(["convert", folder + "/programme", "-o", folder + "/book/programme.xlsx"])
        #expect(converted.status == 0, "\(converted.errors)")
        #expect(converted.errors.contains("warning: the survey file ../alumni.csv lies outside the programme's folder and was not copied"))
        #expect(FileManager.default.fileExists(atPath: folder + "/book/surveys/graduating.csv"))
    }

    /// Statuses and later attempts reach the outputs (docs/methods.md §14).
    @Test func runReportsStudentRecords() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try attain(["run", "fixtures/tiny/records", "-o", folder, "-q", "--format", "csv,json,md"])
        #expect(run.status == 0, "\(run.errors)")
        let students = try String(contentsOfFile: folder + "/students_requirements.csv", encoding: .utf8)
        #expect(students.hasPrefix("student_id,name,status,missing_courses,GR1,GR2\n"))
        #expect(students.contains("S6,学生六,transferred-in,A,"))
        #expect(students.contains("S7,学生七,left,B G,"))
        let summary = try String(contentsOfFile: folder + "/summary.md", encoding: .utf8)
        #expect(summary.contains("- **Student records**: 1 transferred in, 1 left (counted where they have scores); 0 counted with a resit or retake (retake: first); elective groups G"))
        let json = try String(contentsOfFile: folder + "/results.json", encoding: .utf8)
        #expect(json.contains("\"students_left\": 1"))
        #expect(json.contains("\"status\": \"transferred-in\""))
        let support = try String(contentsOfFile: folder + "/indicator_support.csv", encoding: .utf8)
        #expect(support.contains("1.2,G,L,0.250000,0.683333"))
    }

    @Test func convertNeedsTheRightKindOfTarget() throws {
        let wrong = try attain(["convert", "fixtures/engineering", "-o", "somewhere"])
        #expect(wrong.status == 64)
        #expect(wrong.errors.contains(".xlsx"))
        let workbookErrors = try attain(["check", "fixtures/workbook/scores/C1.xlsx"])
        #expect(workbookErrors.status == 1, "a score sheet is not a programme workbook")
        #expect(workbookErrors.output.contains("has no sheet 专业"))
    }
}

import AttainmentCore
import AttainmentIO
import Foundation

/// The score-sheet ingest alone: every CSV score sheet of the tree, its bytes already in
/// memory, read into its course's score table by `ProgrammeFolder.readScoreSheets` (encoding,
/// layout, the sheet's header and item columns, numbers and status words, every check of a
/// sheet), on N threads that each take the next course. Reading the files and loading the
/// programmes (for their courses and settings) come first and are not timed.
struct ScoreSheetIngest {
    /// What `attain-bench ingest` prints.
    struct Report: Codable {
        /// Bytes of the sheets read.
        var bytes = 0
        /// Score cells of the tables made (students × items); the suite checks that they are
        /// all the tree's.
        var cells = 0
        /// The time of the ingest itself.
        var seconds = 0.0
    }

    /// One course's sheets, ready to read.
    private struct Course: Sendable {
        let course: AttainmentCore.Course
        let methods: MethodSettings
        let sheets: [(bytes: [UInt8], path: String)]
    }

    private let courses: [Course]
    /// Bytes of all the sheets.
    private let bytes: Int

    /// Loads every programme under `root` and reads its courses' CSV sheets into memory.
    init(root: String) throws(BenchmarkFailure) {
        var courses: [Course] = []
        for location in try Tree.locations(root) {
            let loaded = try Tree.load(location)
            let programme = loaded.input.programme
            for course in programme.courses {
                // The generator's layout: scores/<course>.csv, or scores/<course>/*.csv for a
                // course taught in several classes.
                let paths = loaded.files.map(\.path).filter { path in
                    path == "scores/\(course.id).csv" || (path.hasPrefix("scores/\(course.id)/") && path.hasSuffix(".csv"))
                }.sorted()
                guard !paths.isEmpty else { throw BenchmarkFailure("\(location.path): no CSV score sheet of \(course.id)") }
                var sheets: [(bytes: [UInt8], path: String)] = []
                for relative in paths {
                    let path = location.path + "/" + relative
                    guard let data = FileManager.default.contents(atPath: path) else {
                        throw BenchmarkFailure("cannot read \(path)")
                    }
                    sheets.append((bytes: [UInt8](data), path: path))
                }
                courses.append(Course(course: course, methods: programme.methods, sheets: sheets))
            }
        }
        self.courses = courses
        bytes = courses.reduce(0) { total, course in total + course.sheets.reduce(0) { $0 + $1.bytes.count } }
    }

    /// Reads every course's sheets on `threads` threads.
    func run(threads: Int) throws(BenchmarkFailure) -> Report {
        let courses = courses
        let (seconds, workers) = try Stopwatch.measure { () throws(BenchmarkFailure) in
            try Parallel.eachIndex(courses.count, threads: threads) { Report() } _: { index, report throws(BenchmarkFailure) in
                let course = courses[index]
                do {
                    let read = try ProgrammeFolder.readScoreSheets(
                        csv: course.sheets, course: course.course, methods: course.methods)
                    report.cells += read.table.scores.elements.count
                } catch {
                    throw BenchmarkFailure("cannot read the sheets of \(course.course.id):\n\(error)")
                }
            }
        }
        var report = Report(bytes: bytes, seconds: seconds)
        for worker in workers { report.cells += worker.cells }
        return report
    }
}

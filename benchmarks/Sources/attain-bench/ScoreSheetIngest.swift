import AttainmentCore
import AttainmentIO
import Dispatch
import Foundation
import Synchronization

/// The score-sheet ingest alone: every CSV score sheet of the tree, its bytes already in
/// memory, read into its course's score table by `ProgrammeFolder.readScoreSheets` (encoding,
/// layout, the sheet's header and item columns, numbers and status words, every check of a
/// sheet), on N threads that each take the next course. Reading the files and loading the
/// programmes (for their courses and settings) come first and are not timed.
struct ScoreSheetIngest {
    /// What `attain-bench ingest` prints.
    struct Report: Codable {
        var courses = 0
        var sheets = 0
        /// Bytes of the sheets read.
        var bytes = 0
        /// Score cells of the tables made (students × items).
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

    /// Loads every programme under `root` and reads its courses' CSV sheets into memory.
    init(root: String) throws(BenchmarkFailure) {
        var courses: [Course] = []
        for location in try Tree.locations(root) {
            let loaded: LoadedProgramme
            do {
                loaded = try ProgrammeFolder.load(location.path)
            } catch {
                throw BenchmarkFailure("cannot load \(location.path):\n\(error)")
            }
            let programme = loaded.input.programme
            for course in programme.courses {
                // The generator's layout: scores/<course>.csv, or scores/<course>/*.csv for a
                // course taught in several classes.
                let paths = loaded.files.map(\.path).filter { path in
                    path == "scores/\(course.id).csv" || (path.hasPrefix("scores/\(course.id)/") && path.hasSuffix(".csv"))
                }.sorted()
                guard !paths.isEmpty else { continue }
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
        guard !courses.isEmpty else { throw BenchmarkFailure("no CSV score sheets under \(root)") }
        self.courses = courses
    }

    /// Reads every course's sheets on `threads` threads.
    func run(threads: Int) throws(BenchmarkFailure) -> Report {
        let next = Mutex(0)
        let totals = Mutex(Report())
        let failure = Mutex<String?>(nil)
        let start = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: max(1, threads)) { _ in
            var mine = Report()
            while true {
                let index = next.withLock { value -> Int in
                    defer { value += 1 }
                    return value
                }
                guard index < courses.count else { break }
                let course = courses[index]
                do {
                    let read = try ProgrammeFolder.readScoreSheets(
                        csv: course.sheets, course: course.course, methods: course.methods)
                    mine.courses += 1
                    mine.sheets += course.sheets.count
                    mine.bytes += course.sheets.reduce(0) { $0 + $1.bytes.count }
                    mine.cells += read.table.scores.elements.count
                } catch {
                    failure.withLock { $0 = "cannot read the sheets of \(course.course.id):\n\(error)" }
                    break
                }
            }
            totals.withLock {
                $0.courses += mine.courses
                $0.sheets += mine.sheets
                $0.bytes += mine.bytes
                $0.cells += mine.cells
            }
        }
        let elapsed = ContinuousClock.now - start
        if let message = failure.withLock({ $0 }) { throw BenchmarkFailure(message) }
        var report = totals.withLock { $0 }
        report.seconds = elapsed.seconds
        return report
    }
}

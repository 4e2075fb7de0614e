import AttainmentCore
import AttainmentIO
import AttainmentReport
import AttainmentStore
import Foundation

/// The stages of one programme's run, timed one programme at a time on one thread, the way a
/// batch job runs each programme: read (`ProgrammeFolder.load`: every file, hashes, YAML,
/// score sheets, checks), compute (`LoadedProgramme.compute`, with the BLAS products counted
/// apart), write (early warnings, the result documents, atomic writes), and record (the runs
/// into a history database).
///
/// Run as a child process of the benchmark (`attain-bench stages`), so that its peak memory
/// is its own; it prints one JSON object. Unlike `attain batch`, the warnings see no earlier
/// cohort (the fall rule is not evaluated) and every programme is written as a folder's.
struct PipelineStages {
    enum Stage: String, CaseIterable, Comparable {
        case load, compute, write, record

        static func < (a: Stage, b: Stage) -> Bool {
            // Every stage is one of allCases.
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// What the child reports.
    struct Report: Codable {
        var programmes = 0
        var students = 0
        /// Score cells of the score tables as read (students × items, summed over courses).
        var scores = 0
        var inputBytes = 0
        var scoreSheetBytes = 0
        var outputBytes = 0
        var loadSeconds = 0.0
        var computeSeconds = 0.0
        var blasSeconds = 0.0
        var blasCalls = 0
        var blasMultiplyAdds = 0
        var writeSeconds = 0.0
        /// Of the write: the warnings, the course rates and building the documents in memory,
        /// before any file is touched.
        var documentSeconds = 0.0
        var recordSeconds = 0.0
        /// The size of the history database once every run is recorded.
        var historyBytes = 0
        var blasCore = ""
    }

    let locations: [ProgrammeLocation]
    let until: Stage
    /// Where outputs and the history database go; emptied first.
    let scratch: String

    func run() throws(BenchmarkFailure) -> Report {
        try? FileManager.default.removeItem(atPath: scratch)
        do {
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        } catch {
            throw BenchmarkFailure("cannot create \(scratch): \(error)")
        }
        let history: HistoryStore?
        do {
            history = until >= .record ? try HistoryStore(path: scratch + "/history.sqlite") : nil
        } catch {
            throw BenchmarkFailure("cannot open a history database in \(scratch): \(error)")
        }
        let rules = WarningRules()
        var report = Report()
        report.blasCore = BLASRuntime.coreName
        BLASAccounting.setEnabled(true)
        BLASAccounting.reset()
        for location in locations {
            let (loadTime, loaded) = try Stopwatch.measure { () throws(BenchmarkFailure) in try Tree.load(location) }
            report.programmes += 1
            report.loadSeconds += loadTime
            report.inputBytes += loaded.files.reduce(0) { $0 + $1.size }
            report.scoreSheetBytes += loaded.files.filter { $0.path.hasPrefix("scores/") || $0.path.contains("/scores/") }.reduce(0) { $0 + $1.size }
            report.scores += loaded.input.scores.reduce(0) { $0 + $1.scores.elements.count }
            guard until >= .compute else { continue }

            let (computeTime, result) = try Stopwatch.measure { () throws(BenchmarkFailure) in
                do {
                    return try loaded.compute()
                } catch {
                    throw BenchmarkFailure("cannot compute \(location.path):\n\(error)")
                }
            }
            report.computeSeconds += computeTime
            report.students += result.students.students.count
            guard until >= .write else { continue }

            let directory = scratch + "/out/" + location.outputDirectory
            // The warnings and the course rates, as the batch makes them before writing.
            var documentTime = 0.0
            let (writeTime, (warnings, courseRates)) = try Stopwatch.measure { () throws(BenchmarkFailure) in
                let start = ContinuousClock.now
                let warnings = WarningEvaluator.evaluate(result, rules: rules, previous: nil)
                let courseRates = CourseRates.of(result, rules: rules)
                do {
                    let documents = try ResultDocuments.build(
                        result, inputs: loaded.files, formats: ResultFormat.defaults(forWorkbook: false),
                        warnings: warnings, rules: rules)
                    documentTime = (ContinuousClock.now - start).seconds
                    try OutputWriter.write(documents, to: directory)
                    report.outputBytes += documents.reduce(0) { $0 + $1.contents.count }
                } catch {
                    throw BenchmarkFailure("cannot write \(directory): \(error)")
                }
                return (warnings, courseRates)
            }
            report.writeSeconds += writeTime
            report.documentSeconds += documentTime
            guard let history else { continue }

            let (recordTime, _) = try Stopwatch.measure { () throws(BenchmarkFailure) in
                do {
                    _ = try history.record(
                        result, inputs: loaded.files, source: location.path, recordedAt: "2026-11-22T00:00:00Z",
                        rules: rules, warnings: warnings, courseRates: courseRates)
                } catch {
                    throw BenchmarkFailure("cannot record \(location.path): \(error)")
                }
            }
            report.recordSeconds += recordTime
        }
        if history != nil {
            let size = (try? FileManager.default.attributesOfItem(atPath: scratch + "/history.sqlite"))?[.size] as? Int
            report.historyBytes = size ?? 0
        }
        let blas = BLASAccounting.totals
        report.blasSeconds = Double(blas.nanoseconds) * 1e-9
        report.blasCalls = blas.calls
        report.blasMultiplyAdds = blas.multiplyAdds
        return report
    }

    /// Loads every programme, then computes each `rounds` times, and prints the compute time and
    /// the BLAS share: a run that is nearly all engine, for a profiler.
    static func profileCompute(_ locations: [ProgrammeLocation], rounds: Int) throws(BenchmarkFailure) {
        var loaded: [LoadedProgramme] = []
        for location in locations { loaded.append(try Tree.load(location)) }
        BLASAccounting.setEnabled(true)
        BLASAccounting.reset()
        let (seconds, _) = try Stopwatch.measure { () throws(BenchmarkFailure) in
            for _ in 0..<rounds {
                for programme in loaded {
                    do {
                        _ = try programme.compute()
                    } catch {
                        throw BenchmarkFailure("cannot compute \(programme.directory):\n\(error)")
                    }
                }
            }
        }
        let blas = Double(BLASAccounting.totals.nanoseconds) * 1e-9
        Output.line(
            "computed \(loaded.count) programmes \(rounds) times in \(fixed(seconds, 3)) s;"
                + " BLAS \(fixed(blas, 3)) s (\(percent(blas / seconds)))")
    }
}

import AttainmentCore
import AttainmentIO
import Foundation

/// The university-scale benchmark of issue 7 (docs/performance.md, "A university"): on a
/// tree made by fixtures/generate_university.py, the floor (reading the files and parsing
/// their numbers), the score-sheet ingest alone, each stage of a programme's run,
/// `attain batch` end to end, and the pandas/numpy baseline (benchmarks/python/baseline.py) on
/// the same files, whose numbers are checked against attain's before any ratio is printed.
///
/// Every measurement runs in a child process, so that each has its own peak memory.
struct UniversityBenchmark {
    struct Options {
        var root = ""
        var jobs = ProcessInfo.processInfo.activeProcessorCount
        /// The attain executable, for the end-to-end runs.
        var attain = ""
        /// A Python with pandas, numpy and PyYAML; nil leaves the baseline out.
        var python: String?
        /// The folder of baseline.py and check_baseline.py.
        var scripts = "python"
        var scratch = ".data/scratch"
        var repeats = 3
        var baselineRepeats = 1
        /// Also run the baseline with `--jobs` processes.
        var parallelBaseline = true

        static let usage = """
            usage: attain-bench university --root DIR --attain PATH [--jobs N] [--repeat N]
                                           [--python PATH] [--baseline-repeat N] [--no-parallel-baseline]
                                           [--scripts DIR] [--scratch DIR]

              --root DIR             a tree written by fixtures/generate_university.py
              --attain PATH          the attain executable (release build) for the batch runs
              --jobs N               programmes at once in the batch, threads of the floor
                                     and the ingest (default: the number of cores)
              --repeat N             runs of the floor, the ingest and the batch; the best
                                     counts (3)
              --python PATH          a Python with pandas, numpy and PyYAML for the baseline;
                                     without it there is no baseline
              --baseline-repeat N    runs of the baseline; the best counts (1)
              --no-parallel-baseline only the single-process baseline
              --scripts DIR          the folder of baseline.py and check_baseline.py (python)
              --scratch DIR          where outputs go, a folder per run (.data/scratch);
                                     benchmarks/run empties it when the suite ends
            """

        init(parsing arguments: [String]) throws(BenchmarkFailure) {
            var parser = ArgumentList(arguments, usage: Self.usage)
            while let option = parser.next() {
                switch option {
                case "--root": root = try parser.value(option)
                case "--attain": attain = try parser.value(option)
                case "--jobs": jobs = try parser.count(option)
                case "--repeat": repeats = try parser.count(option)
                case "--python": python = try parser.value(option)
                case "--baseline-repeat": baselineRepeats = try parser.count(option)
                case "--no-parallel-baseline": parallelBaseline = false
                case "--scripts": scripts = try parser.value(option)
                case "--scratch": scratch = try parser.value(option)
                default: throw parser.unknown(option)
                }
            }
            guard !root.isEmpty, !attain.isEmpty else { throw .usage("--root and --attain are required\n\n\(Self.usage)") }
        }
    }

    let options: Options

    /// A row of the table. Every row covers all the tree's score cells.
    private struct Row {
        var name: String
        var threads: Int
        var seconds: Double
        /// Input read in that time, for the MB/s column; nil where the row reads none itself.
        var megabytes: Double?
        var peakBytes: Int?
        /// Whether the row does the whole job from the files (all stages together, the batch,
        /// the baseline), so that the baseline's time divided by its time means
        /// something; not for a stage alone.
        var wholeJob = false
        var note = ""
    }

    func run() throws(BenchmarkFailure) {
        let locations = try Tree.locations(options.root)
        // This program, for its children (argv[0] may be a bare name, which spawning does not
        // look up).
        let me = "/proc/self/exe"
        Output.line(
            "attain-bench university: \(locations.count) programmes under \(options.root); "
                + "\(options.jobs) jobs; BLAS kernel \(BLASRuntime.coreName)")

        // 1. The floor: read every file, parse the numbers.
        let floors = try threadRuns(me, "floor", "read and parse every file", FloorReport.self, seconds: \.seconds)
        // 2. The score-sheet ingest alone: the sheets in memory → score tables.
        let ingests = try threadRuns(me, "ingest", "score-sheet ingest", ScoreSheetIngest.Report.self, seconds: \.seconds)

        // 3. The stages, one programme at a time.
        var stageReports: [PipelineStages.Stage: (ChildProcess.Outcome, PipelineStages.Report)] = [:]
        for stage in PipelineStages.Stage.allCases {
            Output.progress("stages up to \(stage.rawValue), one thread")
            let outcome = try child(me, [
                "stages", "--root", options.root, "--until", stage.rawValue,
                "--scratch", options.scratch + "/stages-" + stage.rawValue,
            ])
            stageReports[stage] = (outcome, try outcome.decoded(PipelineStages.Report.self, from: "attain-bench stages"))
        }
        guard let full = stageReports[.record]?.1 else { throw BenchmarkFailure("no stage report") }

        // 4. attain batch, end to end.
        // Each run writes a folder of its own (ChildProcess.attainBatch); the first run's is
        // checked against the baseline and measured.
        let batchFolder = { (run: Int) in options.scratch + "/batch-\(run + 1)" }
        let batchOutput = batchFolder(0)
        // Every run's time, not only the best: the target line shows the spread.
        var batchRuns: [Double] = []
        let batch = try Stopwatch.best(of: options.repeats, by: \.seconds) { run throws(BenchmarkFailure) in
            Output.progress("attain batch, \(options.jobs) jobs, no history, run \(run + 1) of \(options.repeats)")
            let outcome = try ChildProcess.attainBatch(
                options.attain, root: options.root, output: batchFolder(run), jobs: options.jobs)
            batchRuns.append(outcome.seconds)
            return outcome
        }
        Output.progress("attain batch with the history")
        let withHistory = try ChildProcess.attainBatch(
            options.attain, root: options.root, output: options.scratch + "/batch-history", jobs: options.jobs,
            history: options.scratch + "/history.sqlite")
        let outputBytes = Tree.size(of: batchOutput)

        // 5. The baseline, checked against attain's numbers.
        var baselines: [(jobs: Int, outcome: ChildProcess.Outcome)] = []
        var checkLine = "baseline: not run (no --python)"
        if let python = options.python {
            // A folder per run, as for attain; the single-process run's first is checked below.
            let baselineFolder = { (jobs: Int, run: Int) in options.scratch + "/baseline-\(jobs)-\(run + 1)" }
            let baselineOutput = baselineFolder(1, 0)
            for jobs in (options.parallelBaseline ? Set([1, options.jobs]) : [1]).sorted(by: >) {
                let best = try Stopwatch.best(of: options.baselineRepeats, by: \.seconds) { run throws(BenchmarkFailure) in
                    Output.progress("pandas/numpy baseline, \(jobs) process(es), run \(run + 1) of \(options.baselineRepeats)")
                    let output = baselineFolder(jobs, run)
                    try? FileManager.default.removeItem(atPath: output)
                    return try ChildProcess(
                        executable: python,
                        arguments: [options.scripts + "/baseline.py", options.root, output, "--jobs", String(jobs)]
                    ).runChecked()
                }
                baselines.append((jobs, best))
            }
            Output.progress("checking the baseline's numbers against attain's")
            let check = try ChildProcess(
                executable: python, arguments: [options.scripts + "/check_baseline.py", batchOutput, baselineOutput]
            ).runChecked(captureOutput: true)
            checkLine = "baseline check: " + check.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        // 6. The table.
        let scoreMB = Double(full.scoreSheetBytes) / 1e6
        let inputMB = Double(full.inputBytes) / 1e6
        var rows: [Row] = []
        for floor in floors {
            rows.append(Row(
                name: "floor: read every file, parse numbers", threads: floor.threads, seconds: floor.report.seconds,
                megabytes: Double(floor.report.totals.bytes) / 1e6, peakBytes: floor.peakBytes))
        }
        for ingest in ingests {
            guard ingest.report.cells == full.scores else {
                throw BenchmarkFailure("the ingest read \(ingest.report.cells) score cells, the stages \(full.scores)")
            }
            rows.append(Row(
                name: "score-sheet ingest (CSV in memory → tables)", threads: ingest.threads,
                seconds: ingest.report.seconds, megabytes: Double(ingest.report.bytes) / 1e6,
                peakBytes: ingest.peakBytes, note: "MB/s of score sheets"))
        }
        let peak = { (stage: PipelineStages.Stage) in stageReports[stage]?.0.peakBytes }
        rows.append(Row(
            name: "read (ProgrammeFolder.load)", threads: 1, seconds: full.loadSeconds, megabytes: inputMB,
            peakBytes: peak(.load)))
        rows.append(Row(
            name: "compute (LoadedProgramme.compute)", threads: 1, seconds: full.computeSeconds, megabytes: nil,
            peakBytes: peak(.compute),
            note: "BLAS \(percent(full.blasSeconds / full.computeSeconds))"))
        rows.append(Row(
            name: "  of which BLAS products", threads: 1, seconds: full.blasSeconds, megabytes: nil,
            peakBytes: nil,
            note: "\(full.blasCalls) calls, \(fixed(2 * Double(full.blasMultiplyAdds) / full.blasSeconds / 1e9, 2)) GFLOP/s"))
        rows.append(Row(
            name: "write (warnings, documents, files)", threads: 1, seconds: full.writeSeconds,
            megabytes: nil, peakBytes: peak(.write),
            note: "\(fixed(Double(full.outputBytes) / 1e6 / full.writeSeconds, 1)) MB/s written"))
        rows.append(Row(
            name: "  of which building the documents", threads: 1, seconds: full.documentSeconds, megabytes: nil,
            peakBytes: nil, note: "\(fixed(Double(full.outputBytes) / 1e6 / full.documentSeconds, 1)) MB/s built; the rest is files"))
        rows.append(Row(
            name: "record (history database)", threads: 1, seconds: full.recordSeconds, megabytes: nil,
            peakBytes: peak(.record), note: "\(fixed(Double(full.historyBytes) / 1e6, 0)) MB of history"))
        let stagesTotal = full.loadSeconds + full.computeSeconds + full.writeSeconds
        rows.append(Row(
            name: "read + compute + write", threads: 1, seconds: stagesTotal, megabytes: inputMB,
            peakBytes: nil, wholeJob: true))
        rows.append(Row(
            name: "attain batch (no history)", threads: options.jobs, seconds: batch.seconds, megabytes: inputMB,
            peakBytes: batch.peakBytes, wholeJob: true, note: "\(fixed(Double(outputBytes) / 1e6, 0)) MB out"))
        rows.append(Row(
            name: "attain batch with history", threads: options.jobs, seconds: withHistory.seconds, megabytes: inputMB,
            peakBytes: withHistory.peakBytes, wholeJob: true))
        for baseline in baselines.sorted(by: { $0.jobs < $1.jobs }) {
            rows.append(Row(
                name: "pandas/numpy baseline", threads: baseline.jobs, seconds: baseline.outcome.seconds,
                megabytes: inputMB, peakBytes: baseline.outcome.peakBytes, wholeJob: true,
                // wait4 reports the largest of the processes it reaped, not their sum.
                note: baseline.jobs > 1 ? "peak: its largest process" : ""))
        }
        let baselineBest = baselines.first { $0.jobs == 1 }?.outcome.seconds
        let floorParallel = floors.last?.report.seconds
        Output.line("")
        Output.line(
            TextTable(
                header: ["what", "threads", "seconds", "MB/s in", "M scores/s", "peak MB", "baseline(1) ×", "note"],
                rows: rows.map { row in
                    [
                        row.name, String(row.threads), fixed(row.seconds, 3),
                        row.megabytes.map { fixed($0 / row.seconds, 1) } ?? "",
                        fixed(Double(full.scores) / row.seconds / 1e6, 1),
                        row.peakBytes.map { fixed(Double($0) / 1e6, 0) } ?? "",
                        row.wholeJob ? baselineBest.map { fixed($0 / row.seconds, 1) } ?? "" : "",
                        row.note,
                    ]
                },
                rightAligned: [1, 2, 3, 4, 5, 6]
            ).rendered)
        Output.line("")
        Output.line(
            "\(full.programmes) programmes, \(full.students) students, \(full.scores) score cells; input \(fixed(inputMB, 1)) MB"
                + " (score sheets \(fixed(scoreMB, 1)) MB); best of \(options.repeats) for the floor, the ingest and the batch,"
                + " of \(options.baselineRepeats) for the baseline; MB = 10^6 bytes; peak = maximum resident set size")
        Output.line(checkLine)
        Output.line("score-sheet share of the read: the read stage reads \(fixed(scoreMB / full.loadSeconds, 1)) MB/s of score sheets")

        // 7. The targets of issue 7.
        Output.line("")
        Output.line("targets (issue 7; they are set for the target tree, benchmarks/run --size target):")
        target(
            "end to end under 5 s", batch.seconds < 5,
            "\(fixed(batch.seconds, 2)) s (the best of the runs: \(batchRuns.map { fixed($0, 2) }.joined(separator: ", ")) s)")
        target("under 2 GB of memory", batch.peakBytes < 2_000_000_000, "\(fixed(Double(batch.peakBytes) / 1e9, 2)) GB")
        if let floorParallel {
            let ratio = batch.seconds / floorParallel
            target("within 3× the read-and-parse floor (same threads)", ratio <= 3, "\(fixed(ratio, 2))×")
        }
        if let baselineBest {
            let ratio = baselineBest / batch.seconds
            target("≥ 10× the single-process baseline (aim 20×)", ratio >= 10, "\(fixed(ratio, 1))×")
        }
        if let parallel = baselines.first(where: { $0.jobs == options.jobs && $0.jobs > 1 }) {
            Output.line("  (against the baseline in \(options.jobs) processes: \(fixed(parallel.outcome.seconds / batch.seconds, 1))×)")
        }
        // The ingest on one thread, and on the machine's cores as the batch reads (each thread
        // takes the next course): both verdicts, so that neither hides the other.
        for ingest in ingests.sorted(by: { $0.threads < $1.threads }) {
            let rate = Double(ingest.report.bytes) / 1e6 / ingest.report.seconds
            let threads = ingest.threads == 1 ? "one thread" : "\(ingest.threads) threads"
            target("CSV score-sheet ingest ≥ 300 MB/s (\(threads))", rate >= 300, "\(fixed(rate, 0)) MB/s")
        }
        let blasShare = full.blasSeconds / full.computeSeconds
        target("compute dominated by BLAS", blasShare > 0.5, "BLAS \(percent(blasShare)) of compute")
        Output.line("  BLAS kernel: \(full.blasCore)")
    }

    private func target(_ name: String, _ met: Bool, _ figure: String) {
        Output.line("  \(met ? "met    " : "NOT met") \(name): \(figure)")
    }

    /// The best of `--repeat` runs of `attain-bench <subcommand> --root ROOT --threads N`, for N
    /// of 1 and `--jobs`, each in a child process.
    private func threadRuns<Report: Decodable>(
        _ me: String, _ subcommand: String, _ what: String, _ type: Report.Type, seconds: (Report) -> Double
    ) throws(BenchmarkFailure) -> [(threads: Int, peakBytes: Int, report: Report)] {
        var runs: [(threads: Int, peakBytes: Int, report: Report)] = []
        for threads in Set([1, options.jobs]).sorted() {
            Output.progress("\(what), \(threads) thread(s), \(options.repeats) runs")
            let best = try Stopwatch.best(of: options.repeats, by: { seconds($0.report) }) { _ throws(BenchmarkFailure) in
                let outcome = try child(me, [subcommand, "--root", options.root, "--threads", String(threads)])
                return (peakBytes: outcome.peakBytes, report: try outcome.decoded(type, from: "attain-bench \(subcommand)"))
            }
            runs.append((threads, best.peakBytes, best.report))
        }
        return runs
    }

    private func child(_ executable: String, _ arguments: [String]) throws(BenchmarkFailure) -> ChildProcess.Outcome {
        try ChildProcess(executable: executable, arguments: arguments).runChecked(captureOutput: true)
    }
}

/// What `attain-bench floor` prints.
struct FloorReport: Codable {
    let totals: ReadFloor.Totals
    /// The time of the work itself, without the process's start.
    let seconds: Double
}

/// The programmes of a generated tree and their files.
enum Tree {
    /// `ProgrammeFolder.load` of a programme, its errors as a failure.
    static func load(_ location: ProgrammeLocation) throws(BenchmarkFailure) -> LoadedProgramme {
        do {
            return try ProgrammeFolder.load(location.path)
        } catch {
            throw BenchmarkFailure("cannot load \(location.path):\n\(error)")
        }
    }

    static func locations(_ root: String) throws(BenchmarkFailure) -> [ProgrammeLocation] {
        let found: [ProgrammeLocation]
        do {
            found = try ProgrammeTree.discover(root)
        } catch {
            throw BenchmarkFailure("cannot search \(root): \(error)")
        }
        guard !found.isEmpty else { throw BenchmarkFailure("no programme under \(root)") }
        return found
    }

    /// Every regular file under the folders, sorted.
    static func files(under folders: [String]) -> [String] {
        var files: [String] = []
        for folder in folders {
            guard let walker = FileManager.default.enumerator(atPath: folder) else { continue }
            while let relative = walker.nextObject() as? String {
                let path = folder + "/" + relative
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    files.append(path)
                }
            }
        }
        return files.sorted()
    }

    /// Bytes of all files under a folder.
    static func size(of folder: String) -> Int {
        files(under: [folder]).reduce(0) { total, path in
            total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        }
    }
}

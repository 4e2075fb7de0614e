import Foundation

/// How the cost of `attain batch` grows with the university (issue 7): the batch end to end
/// on trees of 1×, 2×, 4× and 8× the students and the majors, each time against the
/// smallest tree's rate, and the compute stage alone with the BLAS products' share of it,
/// which grows with a programme's students. Sizes come from each tree's manifest
/// (programmes.csv).
struct ScalingBenchmark {
    struct Options {
        var attain = ""
        var jobs = ProcessInfo.processInfo.activeProcessorCount
        var repeats = 3
        var scratch = ".data/scratch"
        /// Label and root of each tree, in the order given.
        var trees: [(label: String, root: String)] = []

        static let usage = """
            usage: attain-bench scaling --attain PATH [--jobs N] [--repeat N] [--scratch DIR] LABEL=ROOT...

              LABEL=ROOT   a tree written by fixtures/generate_university.py and its label
                           (e.g. students-2x=.data/u-300); the first tree of each
                           series (the label before its last "-") is its reference
            """

        init(parsing arguments: [String]) throws(BenchmarkFailure) {
            var parser = ArgumentList(arguments, usage: Self.usage)
            while let argument = parser.next() {
                switch argument {
                case "--attain": attain = try parser.value(argument)
                case "--jobs": jobs = try parser.count(argument)
                case "--repeat": repeats = try parser.count(argument)
                case "--scratch": scratch = try parser.value(argument)
                default:
                    guard let equals = argument.firstIndex(of: "="), !argument.hasPrefix("-") else { throw parser.unknown(argument) }
                    trees.append((String(argument[..<equals]), String(argument[argument.index(after: equals)...])))
                }
            }
            guard !attain.isEmpty, !trees.isEmpty else { throw .usage("--attain and at least one tree are required\n\n\(Self.usage)") }
        }
    }

    /// The sizes a tree's manifest gives.
    struct Size {
        var programmes = 0
        var students = 0
        var scores = 0

        /// Sums the manifest's `students` and `score_cells` columns.
        init(manifest path: String) throws(BenchmarkFailure) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw BenchmarkFailure("cannot read \(path)")
            }
            let lines = text.split(separator: "\n")
            guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false),
                let studentsColumn = header.firstIndex(of: "students"),
                let scoresColumn = header.firstIndex(of: "score_cells")
            else { throw BenchmarkFailure("\(path) has no students or score_cells column") }
            // Names hold no commas in generated trees, so a plain split finds the columns.
            for line in lines.dropFirst() {
                let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                guard cells.count > max(studentsColumn, scoresColumn),
                    let students = Int(cells[studentsColumn]), let scores = Int(cells[scoresColumn])
                else { throw BenchmarkFailure("\(path): a row without students or score_cells: \(line)") }
                programmes += 1
                self.students += students
                self.scores += scores
            }
        }
    }

    let options: Options

    func run() throws(BenchmarkFailure) {
        var rows: [[String]] = []
        // The reference rate of each series: labels `SERIES-FACTOR` (majors-2x …) share one.
        var references: [String: Double] = [:]
        for (label, root) in options.trees {
            let series = label.split(separator: "-").dropLast().joined(separator: "-")
            let size = try Size(manifest: root + "/programmes.csv")
            let best = try Stopwatch.best(of: options.repeats, by: \.seconds) { run throws(BenchmarkFailure) in
                Output.progress("\(label): attain batch, run \(run + 1) of \(options.repeats)")
                return try ChildProcess.attainBatch(
                    options.attain, root: root, output: options.scratch + "/scaling-\(label)-\(run + 1)", jobs: options.jobs)
            }
            let perMillion = best.seconds / (Double(size.scores) / 1e6)
            let reference = references[series] ?? perMillion
            references[series] = reference
            // The compute stage alone, one programme at a time, and the BLAS products' share of
            // it: the share grows with the students of a programme (the products' size).
            Output.progress("\(label): the compute stage, one thread")
            let compute = try ChildProcess(
                executable: "/proc/self/exe",
                arguments: ["stages", "--root", root, "--until", "compute", "--scratch", options.scratch + "/stages"]
            ).runChecked(captureOutput: true).decoded(PipelineStages.Report.self, from: "attain-bench stages")
            rows.append([
                label, String(size.programmes), String(size.students), fixed(Double(size.scores) / 1e6, 2),
                fixed(best.seconds, 3), fixed(Double(size.scores) / best.seconds / 1e6, 1),
                fixed(perMillion / reference, 2), fixed(Double(best.peakBytes) / 1e6, 0),
                fixed(compute.computeSeconds, 3),
                compute.computeSeconds > 0 ? fixed(100 * compute.blasSeconds / compute.computeSeconds, 1) : "",
            ])
        }
        Output.line("")
        Output.line(
            TextTable(
                header: [
                    "tree", "programmes", "students", "M scores", "seconds", "M scores/s", "s per score vs 1×", "peak MB",
                    "compute s", "BLAS % of compute",
                ],
                rows: rows, rightAligned: [1, 2, 3, 4, 5, 6, 7, 8, 9]
            ).rendered)
        Output.line("")
        Output.line(
            "attain batch --jobs \(options.jobs) --no-history, best of \(options.repeats); linear growth keeps"
                + " \"s per score vs 1×\" near 1 (the first tree of each series); compute: the compute stage"
                + " alone (attain-bench stages), one programme at a time on one thread, and the BLAS products' share of it")
    }
}

// attain-bench: benchmarks of attain's public API, run by the scripts beside this package
// (benchmarks/run, benchmarks/run-xlsx).
import AttainmentIO
import Foundation

let usage = """
    usage: attain-bench university ...   the university suite (benchmarks/run)
           attain-bench scaling ...      the batch at several sizes (benchmarks/run)
           attain-bench xlsx ...         reading .xlsx score sheets (benchmarks/run-xlsx)
           attain-bench floor --root DIR --threads N
           attain-bench ingest --root DIR --threads N
           attain-bench stages --root DIR --until load|compute|write|record --scratch DIR
                                         (children of `university`; print JSON)
           attain-bench stages --root DIR --profile-compute N
                                         load every programme, then compute each N times:
                                         for perf (docs/performance.md)

    \(UniversityBenchmark.Options.usage)

    \(ScalingBenchmark.Options.usage)

    \(XLSXReadBenchmark.Options.usage)
    """

/// `--root DIR --threads N` (threads 1 unless given), the options of `floor` and `ingest`.
func rootAndThreads(_ arguments: [String]) throws(BenchmarkFailure) -> (root: String, threads: Int) {
    var parser = ArgumentList(arguments, usage: usage)
    var root = ""
    var threads = 1
    while let option = parser.next() {
        switch option {
        case "--root": root = try parser.value(option)
        case "--threads": threads = try parser.count(option)
        default: throw parser.unknown(option)
        }
    }
    return (root, threads)
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    let rest = Array(arguments.dropFirst())
    switch arguments.first {
    case "university":
        try UniversityBenchmark(options: UniversityBenchmark.Options(parsing: rest)).run()
    case "scaling":
        try ScalingBenchmark(options: ScalingBenchmark.Options(parsing: rest)).run()
    case "xlsx":
        try XLSXReadBenchmark(options: XLSXReadBenchmark.Options(parsing: rest)).run()
    case "floor":
        let (root, threads) = try rootAndThreads(rest)
        // Timed inside: finding the programmes and their files, reading, parsing; not the
        // process's start, which the batch pays too, so the floor is the lower one.
        let (seconds, totals) = try Stopwatch.measure { () throws(BenchmarkFailure) in
            let folders = try Tree.locations(root).map(\.path)
            return try ReadFloor(files: Tree.files(under: folders)).run(threads: threads)
        }
        try Output.json(FloorReport(totals: totals, seconds: seconds))
    case "ingest":
        let (root, threads) = try rootAndThreads(rest)
        try Output.json(ScoreSheetIngest(root: root).run(threads: threads))
    case "stages":
        var parser = ArgumentList(rest, usage: usage)
        var root = ""
        var until = PipelineStages.Stage.record
        var scratch = ".data/scratch/stages"
        var profileRounds: Int?
        while let option = parser.next() {
            switch option {
            case "--profile-compute": profileRounds = try parser.count(option)
            case "--root": root = try parser.value(option)
            case "--scratch": scratch = try parser.value(option)
            case "--until":
                let name = try parser.value(option)
                guard let stage = PipelineStages.Stage(rawValue: name) else { throw BenchmarkFailure.usage("--until: no stage \(name)") }
                until = stage
            default: throw parser.unknown(option)
            }
        }
        if let rounds = profileRounds {
            try PipelineStages.profileCompute(Tree.locations(root), rounds: rounds)
            break
        }
        let report = try PipelineStages(locations: Tree.locations(root), until: until, scratch: scratch).run()
        try Output.json(report)
    case "-h", "--help", nil:
        Output.line(usage)
    default:
        throw BenchmarkFailure.usage("unknown benchmark \"\(arguments[0])\"\n\n\(usage)")
    }
} catch let failure as BenchmarkFailure {
    Output.note("attain-bench: \(failure.message)")
    exit(failure.exitCode)
} catch {
    Output.note("attain-bench: \(error)")
    exit(1)
}

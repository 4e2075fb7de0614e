// attain-bench: benchmarks of attain's public API, run by the scripts beside this package
// (benchmarks/run-xlsx). Usage: XLSXReadBenchmark.Options.usage.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "xlsx":
        let options = try XLSXReadBenchmark.Options(parsing: Array(arguments.dropFirst()))
        try XLSXReadBenchmark(options: options).run()
    case "-h", "--help", nil:
        Output.line(XLSXReadBenchmark.Options.usage)
    default:
        throw BenchmarkFailure.usage("unknown benchmark \"\(arguments[0])\"\n\n\(XLSXReadBenchmark.Options.usage)")
    }
} catch let failure as BenchmarkFailure {
    Output.note("attain-bench: \(failure.message)")
    exit(failure.exitCode)
} catch {
    Output.note("attain-bench: \(error)")
    exit(1)
}

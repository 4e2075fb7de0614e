/// Why a benchmark stopped: bad arguments (exit code 2), or a failed run or check (exit code 1).
struct BenchmarkFailure: Error {
    let message: String
    let exitCode: Int32

    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    static func usage(_ message: String) -> BenchmarkFailure {
        BenchmarkFailure(message, exitCode: 2)
    }
}

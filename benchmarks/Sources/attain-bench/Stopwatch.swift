/// Wall-clock timing.
enum Stopwatch {
    /// Runs `body` once and returns its wall-clock seconds and its result.
    static func measure<Value, Failure: Error>(
        _ body: () throws(Failure) -> Value
    ) throws(Failure) -> (seconds: Double, value: Value) {
        let start = ContinuousClock.now
        let value = try body()
        return ((ContinuousClock.now - start).seconds, value)
    }

    /// Runs `body` `repeats` times and returns each run's wall-clock seconds and the last result.
    ///
    /// The best (smallest) time is the figure to report: on a shared machine every disturbance
    /// only adds time.
    /// - Precondition: `repeats` ≥ 1.
    static func time<Result, Failure: Error>(
        repeats: Int, _ body: () throws(Failure) -> Result
    ) throws(Failure) -> (seconds: [Double], result: Result) {
        precondition(repeats >= 1, "at least one run")
        var seconds: [Double] = []
        var result: Result?
        for _ in 0..<repeats {
            let run = try measure(body)
            seconds.append(run.seconds)
            result = run.value
        }
        // Set in the first iteration, and there is at least one.
        return (seconds, result!)
    }
}

extension Stopwatch {
    /// The best of `repeats` runs of `body` (given the run's index from 0): the one whose
    /// `seconds` is smallest.
    /// - Precondition: `repeats` ≥ 1.
    static func best<Run>(
        of repeats: Int, by seconds: (Run) -> Double, _ body: (Int) throws(BenchmarkFailure) -> Run
    ) throws(BenchmarkFailure) -> Run {
        precondition(repeats >= 1, "at least one run")
        var best = try body(0)
        for index in 1..<repeats {
            let run = try body(index)
            if seconds(run) < seconds(best) { best = run }
        }
        return best
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}

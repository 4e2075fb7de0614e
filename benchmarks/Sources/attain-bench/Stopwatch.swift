/// Wall-clock timing of repeated runs.
enum Stopwatch {
    /// Runs `body` `repeats` times and returns each run's wall-clock seconds and the last result.
    ///
    /// The best (smallest) time is the figure to report: on a shared machine every disturbance
    /// only adds time.
    /// - Precondition: `repeats` ≥ 1.
    static func time<Result>(
        repeats: Int, _ body: () throws -> Result
    ) rethrows -> (seconds: [Double], result: Result) {
        precondition(repeats >= 1, "at least one run")
        let clock = ContinuousClock()
        var seconds: [Double] = []
        var result: Result?
        for _ in 0..<repeats {
            let start = clock.now
            let value = try body()
            let elapsed = clock.now - start
            seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            result = value
        }
        // Set in the first iteration, and there is at least one.
        return (seconds, result!)
    }
}

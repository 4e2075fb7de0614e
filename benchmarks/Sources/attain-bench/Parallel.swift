import Dispatch
import Synchronization

/// Work items shared out on threads: each thread takes the next index until none is left.
enum Parallel {
    /// Runs `body` on every index of `0..<count` on `threads` threads. Each thread has its own
    /// worker state, made by `makeWorker` and passed to `body`; the states are returned, for
    /// the caller to add up. The first failure stops the thread that met it and is thrown once
    /// all are done.
    static func eachIndex<Worker: Sendable>(
        _ count: Int, threads: Int, makeWorker: @Sendable () -> Worker,
        _ body: @Sendable (Int, inout Worker) throws(BenchmarkFailure) -> Void
    ) throws(BenchmarkFailure) -> [Worker] {
        let next = Mutex(0)
        let workers = Mutex<[Worker]>([])
        let failure = Mutex<String?>(nil)
        DispatchQueue.concurrentPerform(iterations: max(1, threads)) { _ in
            var mine = makeWorker()
            while true {
                let index = next.withLock { value -> Int in
                    defer { value += 1 }
                    return value
                }
                guard index < count else { break }
                do throws(BenchmarkFailure) {
                    try body(index, &mine)
                } catch {
                    failure.withLock { $0 = $0 ?? error.message }
                    break
                }
            }
            workers.withLock { [mine] in $0.append(mine) }
        }
        if let message = failure.withLock({ $0 }) { throw BenchmarkFailure(message) }
        return workers.withLock { $0 }
    }
}

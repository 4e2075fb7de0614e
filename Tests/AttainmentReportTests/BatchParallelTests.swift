import Dispatch
import Foundation
import Synchronization
import Testing

@testable import AttainmentReport

/// `BatchRunner.parallel`, which runs the batch's phases.
@Suite struct BatchParallelTests {
    @Test func everyIndexRunsOnceAndNoMoreThanJobsAtOnce() {
        for (count, jobs) in [(0, 3), (1, 4), (7, 1), (50, 3), (5, 9)] {
            let calls = Mutex([Int](repeating: 0, count: count))
            let running = Mutex((now: 0, most: 0))
            BatchRunner.parallel(count: count, jobs: jobs) { index in
                running.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
                usleep(200)
                calls.withLock { $0[index] += 1 }
                running.withLock { $0.now -= 1 }
            }
            #expect(calls.withLock { $0 } == [Int](repeating: 1, count: count), "count \(count), jobs \(jobs)")
            #expect(running.withLock { $0.most } <= jobs, "count \(count), jobs \(jobs)")
            #expect(running.withLock { $0.now } == 0, "a call still running after parallel returned")
        }
    }

    /// The writes ask for twice as many threads as cores, so that a thread waiting for the disk
    /// leaves its core to another: `jobs` bodies must be able to run at the same time whatever
    /// the number of cores. Each body here waits until all of them have started; with fewer
    /// threads than asked (Dispatch's `concurrentPerform` gives no more than the cores) the
    /// later ones start only after the first have given up waiting, which the test counts.
    @Test func runsAsManyThreadsAsAskedEvenBeyondTheCores() {
        let jobs = 2 * ProcessInfo.processInfo.activeProcessorCount + 2
        let started = Mutex(0)
        let timedOut = Mutex(0)
        BatchRunner.parallel(count: jobs, jobs: jobs) { _ in
            started.withLock { $0 += 1 }
            let deadline = Date().addingTimeInterval(10)
            while started.withLock({ $0 }) < jobs {
                if Date() > deadline {
                    timedOut.withLock { $0 += 1 }
                    return
                }
                usleep(1000)
            }
        }
        #expect(started.withLock { $0 } == jobs)
        #expect(timedOut.withLock { $0 } == 0, "bodies that waited in vain for the others to start")
    }
}

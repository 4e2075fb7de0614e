public import AttainmentCore
public import AttainmentIO
public import AttainmentStore
import Dispatch
import Foundation
import Synchronization

/// What `attain batch` does besides finding the programmes (docs/cli.md, "attain batch").
public struct BatchOptions: Sendable {
    /// The output folder: each programme's results go to `<output>/<its relative path>/`.
    public var output: String
    /// Programmes computed at once, at most one per core (the writes use twice as many
    /// threads). BLAS is kept to one thread each, so the two do not compete.
    public var jobs: Int
    /// The formats of each programme's results; nil picks them as `attain run` does.
    public var formats: [ResultFormat]?
    /// The early-warning rules.
    public var rules: WarningRules
    /// Where runs are recorded; nil records nothing.
    public var history: HistoryStore?
    /// The time recorded with each run (ISO 8601, UTC).
    public var recordedAt: String
    /// The university summary to build; nil builds none.
    public var summary: SummaryOptions?

    /// Creates the options.
    public init(
        output: String, jobs: Int, formats: [ResultFormat]?, rules: WarningRules, history: HistoryStore?, recordedAt: String,
        summary: SummaryOptions? = nil
    ) {
        self.output = output
        self.jobs = jobs
        self.formats = formats
        self.rules = rules
        self.history = history
        self.recordedAt = recordedAt
        self.summary = summary
    }
}

/// The university summary of a batch: its formats, and how its report reads.
public struct SummaryOptions: Sendable {
    public var formats: [SummaryFormat]
    /// The language of the report formats' fixed texts.
    public var language: ReportLanguage
    /// The date shown on the report, as written.
    public var date: String

    public init(formats: [SummaryFormat], language: ReportLanguage, date: String) {
        self.formats = formats
        self.language = language
        self.date = date
    }
}

/// One programme of a batch: where it is, and what became of it.
public struct BatchEntry: Sendable {
    public let location: ProgrammeLocation
    /// The programme's output folder, relative to the batch's output folder.
    public let outputDirectory: String
    /// The results; nil when the programme could not be read or computed.
    public internal(set) var result: AttainmentResult?
    /// The files read, with their hashes.
    public internal(set) var inputs: [InputFile] = []
    /// Why the programme failed: its errors (as `attain check` prints them), or why its
    /// outputs could not be written. Empty when it succeeded.
    public internal(set) var errors: [String] = []
    /// The early warnings of its run.
    public internal(set) var warnings: [EarlyWarning] = []
    /// Each course's pass and excellence rates under the rules' marks, in programme order.
    public internal(set) var courseRates: [CourseRates] = []
    /// The earlier cohort the fall rule compared with, if any.
    public internal(set) var comparedWith: String?
    /// How the run went into the history; nil when none is kept or it failed.
    public internal(set) var recording: RecordOutcome?
    /// Why recording failed, if it did (the outputs are still written).
    public internal(set) var historyError: String?
    /// The files written for it.
    public internal(set) var outputs: [String] = []

    /// True when the programme was computed and its outputs written.
    public var succeeded: Bool { result != nil && errors.isEmpty }
    /// The status as batch.json and the summary's tables write it: `ok` or `failed`.
    public var status: String { succeeded ? "ok" : "failed" }

    init(location: ProgrammeLocation) {
        self.location = location
        outputDirectory = location.outputDirectory
    }
}

/// Progress of a batch, reported as each programme is computed, as each is written and as
/// each run is recorded in the history (recording runs beside the writing, so the two phases'
/// reports interleave).
public struct BatchProgress: Sendable {
    public enum Phase: String, Sendable {
        case computing
        case writing
        case recording
    }

    public let phase: Phase
    /// Programmes done in this phase, of `total`.
    public let done: Int
    public let total: Int
    /// The programme just done, and whether it failed.
    public let relativePath: String
    public let failed: Bool
}

/// Everything a batch did.
public struct BatchSummary: Sendable {
    /// The root as given.
    public let root: String
    public let options: BatchOptions
    /// One per programme found, sorted by relative path.
    public let entries: [BatchEntry]
    /// The university summary's files (`UniversitySummary.build`), or why one could not be
    /// built; nil when the options asked for none.
    public internal(set) var summaryDocuments: Result<[OutputDocument], OutputError>? = nil

    init(root: String, options: BatchOptions, entries: [BatchEntry]) {
        self.root = root
        self.options = options
        self.entries = entries
    }

    /// Programmes that failed.
    public var failures: [BatchEntry] { entries.filter { !$0.succeeded } }
}

/// Runs every programme under a root (docs/cli.md, "attain batch").
public enum BatchRunner {
    /// Computes, warns, writes and records every programme, and builds the university summary.
    ///
    /// Programmes are read and computed up to `options.jobs` at a time (at most one per core);
    /// then, one at a time in the order of programme id and cohort, each run's warnings are
    /// evaluated (the fall rule compares with the latest earlier cohort, from this batch or
    /// from the history); then the outputs are written, again in parallel, while one thread
    /// records each run whose files were written, in the same order as the warnings, as soon as
    /// they are. The summary is built while the outputs are written and recorded, as if every
    /// write succeeds (it depends on the writes only through which programmes failed), and built
    /// again in the rare case one failed. A programme that fails is reported with its errors and
    /// does not stop the others.
    /// - Parameter progress: called from worker threads, once per programme and phase.
    public static func run(
        _ locations: [ProgrammeLocation], root: String, options: BatchOptions,
        progress: @escaping @Sendable (BatchProgress) -> Void = { _ in }
    ) -> BatchSummary {
        // At most one programme per core: more would only hold more programmes in memory.
        let jobs = max(1, min(options.jobs, locations.count, ProcessInfo.processInfo.activeProcessorCount))
        if jobs > 1 { BLASRuntime.setThreadCount(1) }
        let entries = Mutex(locations.map(BatchEntry.init))
        let completed = Mutex(0)

        // 1. Read and compute, in parallel.
        parallel(count: locations.count, jobs: jobs) { index in
            var entry = entries.withLock { $0[index] }
            do throws(InputErrors) {
                let loaded = try ProgrammeFolder.load(entry.location.path)
                entry.inputs = loaded.files
                entry.result = try loaded.compute()
            } catch {
                entry.errors = error.diagnostics.filter { $0.severity == .error }.map(\.description)
                if entry.errors.isEmpty { entry.errors = ["\(entry.location.path): cannot be read"] }
            }
            let done = completed.withLock { count -> Int in
                count += 1
                return count
            }
            entries.withLock { $0[index] = entry }
            progress(BatchProgress(
                phase: .computing, done: done, total: locations.count, relativePath: entry.location.relativePath,
                failed: entry.result == nil))
        }

        // 2. Warn, one at a time, each programme's cohorts in order.
        var all = entries.withLock { $0 }
        let order = all.indices.filter { all[$0].result != nil }.sorted { a, b in
            let (x, y) = (all[a].result!.programme, all[b].result!.programme)  // filtered on result != nil
            if x.id != y.id { return x.id.utf8.lexicographicallyPrecedes(y.id.utf8) }
            if x.cohort != y.cohort { return x.cohort.utf8.lexicographicallyPrecedes(y.cohort.utf8) }
            return all[a].location.relativePath.utf8.lexicographicallyPrecedes(all[b].location.relativePath.utf8)
        }
        var latestInBatch: [String: CohortValues] = [:]
        for index in order {
            guard let result = all[index].result else { continue }
            let programme = result.programme
            var stored: CohortValues?
            do {
                stored = try options.history?.previousCohortValues(programmeID: programme.id, before: programme.cohort)
            } catch {
                all[index].historyError = "cannot read the earlier cohorts, so the fall rule saw none but this batch's: \(error)"
            }
            let previous = earlierCohort(
                latestInBatch[programme.id].flatMap { $0.cohort < programme.cohort ? $0 : nil }, fromHistory: stored)
            all[index].comparedWith = previous?.cohort
            all[index].warnings = WarningEvaluator.evaluate(result, rules: options.rules, previous: previous)
            all[index].courseRates = CourseRates.of(result, rules: options.rules)
            latestInBatch[programme.id] = CohortValues(cohort: programme.cohort, values: WarningEvaluator.classValues(of: result))
        }

        // 3. Beside the writes (step 5), the summary as if every write succeeds: it fills the
        // time the writes spend waiting for the disk.
        let beforeWrites = BatchSummary(root: root, options: options, entries: all)
        let early = Mutex<Result<[OutputDocument], OutputError>?>(nil)
        let besideWrites = DispatchGroup()
        if let request = options.summary {
            DispatchQueue.global().async(group: besideWrites) {
                let documents = summaryReports(beforeWrites, request)
                early.withLock { $0 = documents }
            }
        }
        let written = Mutex(all)
        // 4. Beside the writes too, record each run once its files are written, in the order of
        // the warnings: recording is one thread's work (one SQLite connection), longer than the
        // writes and the summary together. It waits for each write, so it has a thread of its
        // own rather than one of the pool that runs the writes.
        // A run's entry is the recording's alone once its write has signalled.
        let writeDone = all.indices.map { _ in DispatchSemaphore(value: 0) }
        if let history = options.history {
            besideWrites.enter()
            Thread {
                defer { besideWrites.leave() }
                for (position, index) in order.enumerated() {
                    writeDone[index].wait()
                    let entry = written.withLock { $0[index] }
                    guard entry.succeeded, entry.historyError == nil, let result = entry.result else { continue }
                    var recording: RecordOutcome?
                    var failure: String?
                    do {
                        recording = try history.record(
                            result, inputs: entry.inputs, source: entry.location.path, recordedAt: options.recordedAt,
                            rules: options.rules, warnings: entry.warnings, courseRates: entry.courseRates)
                    } catch {
                        failure = String(describing: error)
                    }
                    written.withLock {
                        $0[index].recording = recording
                        $0[index].historyError = failure
                    }
                    progress(BatchProgress(
                        phase: .recording, done: position + 1, total: order.count,
                        relativePath: entry.location.relativePath, failed: failure != nil))
                }
            }.start()
        }
        // 5. Write each programme's outputs, in parallel: on twice as many threads, since most
        // of a write is waiting for the disk to flush its files (OutputWriter); in the
        // recording's order, so that the recording never waits long for a write.
        completed.withLock { $0 = 0 }
        parallel(count: order.count, jobs: 2 * jobs) { position in
            let index = order[position]
            var entry = written.withLock { $0[index] }
            if let result = entry.result {
                let formats = options.formats ?? ResultFormat.defaults(forWorkbook: entry.location.kind == .workbook)
                do throws(OutputError) {
                    let documents = try ResultDocuments.build(
                        result, inputs: entry.inputs, formats: formats, warnings: entry.warnings, rules: options.rules)
                    try OutputWriter.write(documents, to: options.output + "/" + entry.outputDirectory)
                    entry.outputs = documents.map(\.name)
                } catch {
                    entry.errors.append(error.description)
                }
            }
            let done = completed.withLock { count -> Int in
                count += 1
                return count
            }
            written.withLock { $0[index] = entry }
            writeDone[index].signal()
            progress(BatchProgress(
                phase: .writing, done: done, total: order.count, relativePath: entry.location.relativePath,
                failed: !entry.errors.isEmpty))
        }
        // 6. The summary: the one built during the writes, unless a write failed; then
        // batch.json, which lists each programme's files and how each run was recorded.
        besideWrites.wait()
        let finished = written.withLock { $0 }
        var summary = BatchSummary(root: root, options: options, entries: finished)
        if let request = options.summary {
            let writeFailed = finished.indices.contains { finished[$0].errors != all[$0].errors }
            let reports = (writeFailed ? nil : early.withLock { $0 }) ?? summaryReports(summary, request)
            summary.summaryDocuments = reports.map { UniversitySummary.withBatchRecord(summary, $0) }
        }
        return summary
    }

    /// The summary's files but batch.json, or why they could not be built.
    private static func summaryReports(
        _ summary: BatchSummary, _ request: SummaryOptions
    ) -> Result<[OutputDocument], OutputError> {
        Result { () throws(OutputError) in
            try UniversitySummary.reports(summary, formats: request.formats, language: request.language, date: request.date)
        }
    }

    /// The later of two earlier cohorts' values.
    static func earlierCohort(_ inBatch: CohortValues?, fromHistory stored: CohortValues?) -> CohortValues? {
        guard let inBatch else { return stored }
        guard let stored else { return inBatch }
        return stored.cohort > inBatch.cohort ? stored : inBatch
    }

    /// Calls `body` for every index in `0..<count`, on up to `jobs` threads at once: the calling
    /// thread and threads of its own, each taking the next index until none is left; returns
    /// when every call has returned.
    ///
    /// Threads of its own, not Dispatch's `concurrentPerform`: that runs no more threads than
    /// there are cores, whatever it is asked for, and a phase that waits for the disk (the
    /// writes, which flush every file) needs more threads than cores to keep the cores busy.
    /// It waits for the calls rather than for the threads: a thread that cannot be started
    /// (Foundation's `Thread` does not report it) only leaves more indices to the others.
    static func parallel(count: Int, jobs: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 0 else { return }
        let indices = IndexQueue(count: count)
        let allReturned = DispatchSemaphore(value: 0)
        let work: @Sendable () -> Void = {
            while let index = indices.next() {
                body(index)
                if indices.returned() { allReturned.signal() }
            }
        }
        for _ in 1..<max(1, min(jobs, count)) {
            Thread { work() }.start()
        }
        work()
        allReturned.wait()
    }
}

/// The indices `0..<count`, handed out once each to whichever thread asks next, and how many
/// of their calls have returned.
private final class IndexQueue: Sendable {
    private let count: Int
    private let state = Mutex((taken: 0, returned: 0))

    init(count: Int) { self.count = count }

    /// The next index not yet handed out; nil when all have been.
    func next() -> Int? {
        state.withLock { state in
            guard state.taken < count else { return nil }
            defer { state.taken += 1 }
            return state.taken
        }
    }

    /// Counts a call as returned; true for the last of them.
    func returned() -> Bool {
        state.withLock { state in
            state.returned += 1
            return state.returned == count
        }
    }
}

extension ProgrammeLocation {
    /// Where a batch writes this programme's results, relative to its output folder: the path
    /// under the root, a workbook's without `.xlsx`.
    public var outputDirectory: String {
        kind == .workbook && relativePath.hasSuffix(".xlsx") ? String(relativePath.dropLast(".xlsx".count)) : relativePath
    }
}

extension ResultFormat {
    /// What `attain run` writes when no format is asked for: csv, json and md, and xlsx too
    /// for a programme kept as a workbook.
    public static func defaults(forWorkbook: Bool) -> [ResultFormat] {
        [.csv, .json, .md] + (forWorkbook ? [.xlsx] : [])
    }
}

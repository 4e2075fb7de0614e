import Foundation

/// A program run to its end as a child process, with its wall-clock time and peak memory.
///
/// Peak memory is the child's maximum resident set size as the kernel reports it to `wait4`,
/// so a stage or a tool measured this way is charged for its own memory only.
struct ChildProcess {
    /// How a child ended.
    struct Outcome {
        let status: Int32
        let seconds: Double
        /// Maximum resident set size, in bytes.
        let peakBytes: Int
        /// The standard output, when it was captured.
        let output: String

        /// The captured output read as the JSON report `Report`, or a failure naming `what`
        /// printed something else.
        func decoded<Report: Decodable>(_ type: Report.Type, from what: String) throws(BenchmarkFailure) -> Report {
            do {
                return try JSONDecoder().decode(type, from: Data(output.utf8))
            } catch {
                throw BenchmarkFailure("\(what) printed no report: \(output)")
            }
        }
    }

    let executable: String
    let arguments: [String]

    /// Runs the child, its standard error going to ours; `captureOutput` keeps its standard
    /// output (through a temporary file), otherwise it is thrown away.
    func run(captureOutput: Bool = false) throws(BenchmarkFailure) -> Outcome {
        let outputPath = NSTemporaryDirectory() + "attain-bench-\(getpid())-\(UUID().uuidString).out"
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(
            &actions, 1, captureOutput ? outputPath : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }

        let start = ContinuousClock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw BenchmarkFailure("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchmarkFailure("waiting for \(executable) failed: errno \(errno)") }
        }
        let seconds = (ContinuousClock.now - start).seconds
        // WIFEXITED/WEXITSTATUS are macros: a normal exit has the low 7 bits clear.
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let output = captureOutput ? ((try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "") : ""
        return Outcome(status: exitStatus, seconds: seconds, peakBytes: Int(usage.ru_maxrss) * 1024, output: output)
    }

    /// `run`, and a failure unless the child exits with 0 (naming the command and, when it
    /// was captured, what it printed).
    func runChecked(captureOutput: Bool = false) throws(BenchmarkFailure) -> Outcome {
        let outcome = try run(captureOutput: captureOutput)
        guard outcome.status == 0 else {
            throw BenchmarkFailure("\(commandLine) failed (exit \(outcome.status))\n\(outcome.output)")
        }
        return outcome
    }

    /// The command line, for messages.
    var commandLine: String { ([executable] + arguments).joined(separator: " ") }
}

extension ChildProcess {
    /// Runs `attain batch ROOT -o OUTPUT --jobs N --quiet` to its end, the output folder emptied
    /// first; with `history`, into a fresh history database at that path, else `--no-history`.
    ///
    /// The suite gives every measured run a folder of its own and deletes them all only when
    /// it ends (benchmarks/run): on an ext4 file system without a journal, as this machine's
    /// is, creating files in the minutes after many were deleted makes the kernel skip each
    /// recently freed inode (`recently_deleted`), seconds of system time for the first run
    /// after the deletion of an earlier run's 12,800 files (docs/performance.md, "Write").
    static func attainBatch(
        _ attain: String, root: String, output: String, jobs: Int, history: String? = nil
    ) throws(BenchmarkFailure) -> Outcome {
        try? FileManager.default.removeItem(atPath: output)
        var arguments = ["batch", root, "-o", output, "--jobs", String(jobs), "--quiet"]
        if let history {
            try? FileManager.default.removeItem(atPath: history)
            arguments += ["--history", history]
        } else {
            arguments.append("--no-history")
        }
        return try ChildProcess(executable: attain, arguments: arguments).runChecked()
    }
}


import AttainmentCore
import Foundation

/// Debian's OpenBLAS does not recognise some AVX-512 CPUs and falls back to a generic kernel
/// (`Prescott`), about 5× slower for matrix products. It reads `OPENBLAS_CORETYPE` only once,
/// when the library loads, before `main` runs, so the only remedy from inside the process is
/// to set the variable and start again. docs/cli.md, "OpenBLAS kernels".
enum OpenBLASCoreType {
    /// Kernels that already use AVX-512; nothing to do when OpenBLAS chose one of these.
    static let avx512Kernels: Set<String> = ["SkylakeX", "Cooperlake", "SapphireRapids"]

    /// Re-executes this program with `OPENBLAS_CORETYPE=SkylakeX` when the CPU has AVX-512F,
    /// OpenBLAS picked a kernel without it, and the variable is not set (a user's own setting
    /// always wins, and is also what stops a second re-execution). Returns if nothing is to be
    /// done or the re-execution fails; the run then goes on with the slower kernel.
    static func reexecIfNeeded() {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
            !avx512Kernels.contains(BLASRuntime.coreName),
            cpuHasAVX512F()
        else { return }
        setenv("OPENBLAS_CORETYPE", "SkylakeX", 1)
        setenv(markerVariable, "1", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
    }

    /// Set in the environment of the re-executed process, so `attain info` can say who chose the kernel.
    static let markerVariable = "ATTAIN_SET_OPENBLAS_CORETYPE"

    /// Whether /proc/cpuinfo lists the avx512f flag.
    static func cpuHasAVX512F() -> Bool {
        guard let handle = FileHandle(forReadingAtPath: "/proc/cpuinfo") else { return false }
        defer { try? handle.close() }
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        guard let flags = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return false }
        return flags.split(whereSeparator: { $0 == " " || $0 == "\t" }).contains("avx512f")
    }
}

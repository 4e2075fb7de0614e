import ArgumentParser
import AttainmentCore
import Foundation

/// `attain info`: the version and the numeric library in use.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the version of attain and the OpenBLAS kernel it runs with.",
        discussion: """
            OpenBLAS picks a kernel for the CPU when it loads. On AVX-512 CPUs that Debian's \
            OpenBLAS does not recognise, attain restarts itself with OPENBLAS_CORETYPE=SkylakeX \
            (docs/cli.md, "OpenBLAS kernels"); this command shows the outcome.

            Example:
              attain info
            """
    )

    func run() {
        let environment = ProcessInfo.processInfo.environment
        let coreType = environment["OPENBLAS_CORETYPE"]
        let chosenBy: String
        if coreType == nil {
            chosenBy = "detected by OpenBLAS"
        } else if environment[OpenBLASCoreType.markerVariable] != nil {
            chosenBy = "OPENBLAS_CORETYPE=\(coreType ?? "") set by attain for this AVX-512 CPU"
        } else {
            chosenBy = "OPENBLAS_CORETYPE=\(coreType ?? "") set in the environment"
        }
        print("attain \(attainVersion)")
        print("OpenBLAS kernel: \(BLASRuntime.coreName) (\(chosenBy))")
        print("CPU has AVX-512F: \(OpenBLASCoreType.cpuHasAVX512F() ? "yes" : "no")")
    }
}

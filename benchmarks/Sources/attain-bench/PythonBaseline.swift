import Foundation

/// Runs benchmarks/python/read_baselines.py with a given Python and decodes its report.
struct PythonBaseline {
    /// The interpreter, e.g. /usr/bin/python3.
    let python: String
    /// The path of read_baselines.py.
    let script: String

    /// What read_baselines.py prints: its times and, for readers, what they read.
    struct Report: Decodable {
        let tool: String
        let python: String
        let seconds: [Double]
        /// The inflated size of the sheet parts (inflate mode only).
        let bytes: Int?
        let students: Int?
        let numericCells: Int?
        let sum: Double?
        let sumOfSquares: Double?

        enum CodingKeys: String, CodingKey {
            case tool, python, seconds, bytes, students, sum
            case numericCells = "numeric_cells"
            case sumOfSquares = "sum_of_squares"
        }
    }

    /// Runs one mode (`openpyxl`, `pandas`, `inflate`) on a workbook.
    /// - Throws: `BenchmarkFailure` when the script fails (its error output goes to ours) or
    ///   prints something else than a report.
    func run(_ mode: String, workbook: String, items: Int, repeats: Int) throws(BenchmarkFailure) -> Report {
        let outcome = try ChildProcess(
            executable: python,
            arguments: [script, mode, workbook, "--items", String(items), "--repeat", String(repeats)]
        ).runChecked(captureOutput: true)
        return try outcome.decoded(Report.self, from: "\(script) \(mode)")
    }

    /// Whether the interpreter can import `module`.
    func canImport(_ module: String) -> Bool {
        (try? ChildProcess(executable: python, arguments: [script, "probe", module]).run().status) == 0
    }
}

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
    /// - Throws: `BenchmarkFailure` when the script fails or prints something else than a report.
    func run(_ mode: String, workbook: String, items: Int, repeats: Int) throws(BenchmarkFailure) -> Report {
        let (status, output, errors) = try launch([script, mode, workbook, "--items", String(items), "--repeat", String(repeats)])
        guard status == 0 else {
            throw BenchmarkFailure("\(python) \(script) \(mode) failed (exit \(status)):\n\(errors)")
        }
        do {
            return try JSONDecoder().decode(Report.self, from: output)
        } catch {
            throw BenchmarkFailure("\(script) \(mode) printed no report: \(String(decoding: output, as: UTF8.self))")
        }
    }

    /// Whether the interpreter can import `module`.
    func canImport(_ module: String) -> Bool {
        (try? launch([script, "probe", module]).status) == 0
    }

    private func launch(_ arguments: [String]) throws(BenchmarkFailure) -> (status: Int32, output: Data, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw BenchmarkFailure("cannot start \(python): \(error)")
        }
        // Read both pipes before waiting, so that a full pipe cannot block the child; the
        // error output is small and read second.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, outputData, String(decoding: errorData, as: UTF8.self))
    }
}

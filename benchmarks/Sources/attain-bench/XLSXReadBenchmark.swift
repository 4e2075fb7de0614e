import AttainmentCore
import AttainmentIO
import Foundation

/// The .xlsx reading benchmark of issue 6: `ProgrammeFolder.load` on a programme whose one
/// course reads a large score sheet from .xlsx, the same programme with the sheet as .csv (the
/// floor without any XLSX work), and, in the same run, openpyxl (the baseline of the ratio),
/// pandas when it imports, and zlib's inflate of the sheet parts alone.
///
/// The data comes from benchmarks/python/generate_score_sheet.py; docs/performance.md has
/// the figures and what bounds them.
struct XLSXReadBenchmark {
    struct Options {
        /// The generator's output folder: meta.json, xlsx/ and csv/.
        var data = ""
        var python = "/usr/bin/python3"
        /// The interpreter for the pandas row; the row is left out when pandas does not import.
        var pandasPython: String?
        /// The folder of read_baselines.py.
        var scripts = "python"
        var repeats = 5
        var baselineRepeats = 3
        /// Time only attain's load of one programme, `xlsx` or `csv`, and no Python: for
        /// running under a profiler.
        var profile: String?

        static let usage = """
            usage: attain-bench xlsx --data DIR [--repeat N] [--baseline-repeat N]
                                     [--python PATH] [--pandas-python PATH] [--scripts DIR]
                                     [--profile xlsx|csv]

              --data DIR             what benchmarks/python/generate_score_sheet.py wrote
              --repeat N             runs of attain and of the inflate floor; the best counts (5)
              --baseline-repeat N    runs of openpyxl and pandas; the best counts (3)
              --python PATH          the Python with openpyxl (/usr/bin/python3)
              --pandas-python PATH   the Python for the pandas row (default: --python);
                                     the row is left out when pandas does not import there
              --scripts DIR          the folder of read_baselines.py (python)
              --profile xlsx|csv     time only attain's load of that programme, no Python:
                                     for running under perf (docs/performance.md)
            """

        /// Parses the arguments after `xlsx`.
        /// - Throws: `BenchmarkFailure.usage` for an unknown option or a missing or bad value.
        init(parsing arguments: [String]) throws(BenchmarkFailure) {
            var parser = ArgumentList(arguments, usage: Self.usage)
            while let option = parser.next() {
                switch option {
                case "--data": data = try parser.value(option)
                case "--python": python = try parser.value(option)
                case "--pandas-python": pandasPython = try parser.value(option)
                case "--scripts": scripts = try parser.value(option)
                case "--repeat": repeats = try parser.count(option)
                case "--baseline-repeat": baselineRepeats = try parser.count(option)
                case "--profile":
                    let kind = try parser.value(option)
                    guard kind == "xlsx" || kind == "csv" else { throw .usage("--profile takes xlsx or csv") }
                    profile = kind
                default: throw parser.unknown(option)
                }
            }
            guard !data.isEmpty else { throw .usage("--data is required\n\n\(Self.usage)") }
        }
    }

    /// What the generator wrote to meta.json.
    struct DataDescription: Decodable {
        let students: Int
        let items: Int
        let scoreCells: Int
        let numericCells: Int
        let sum: Double
        let sumOfSquares: Double
        let xlsxBytes: Int
        let csvBytes: Int
        let sheetXMLBytes: Int
        let sharedStringsBytes: Int
        let writer: String

        enum CodingKeys: String, CodingKey {
            case students, items, sum, writer
            case scoreCells = "score_cells"
            case numericCells = "numeric_cells"
            case sumOfSquares = "sum_of_squares"
            case xlsxBytes = "xlsx_bytes"
            case csvBytes = "csv_bytes"
            case sheetXMLBytes = "sheet_xml_bytes"
            case sharedStringsBytes = "shared_strings_bytes"
        }

        /// The uncompressed sheet XML a reader has to scan.
        var xmlBytes: Int { sheetXMLBytes + sharedStringsBytes }
    }

    /// One reader's result: its times and what it read.
    struct Measurement {
        let name: String
        let seconds: [Double]
        let students: Int?
        let sum: Double?
        let sumOfSquares: Double?

        var best: Double { seconds.min() ?? .nan }
    }

    /// The relative tolerance of the value check: far above the rounding of a compensated sum
    /// of a million scores, far below any score read wrong.
    static let tolerance = 1e-12
    /// Issue 6's target for the .xlsx reader, in MB (10^6 bytes) of sheet XML per second.
    static let targetMBPerSecond = 100.0

    let options: Options

    func run() throws(BenchmarkFailure) {
        let description = try readDescription()
        let xlsxFolder = options.data + "/xlsx"
        let csvFolder = options.data + "/csv"
        let workbook = xlsxFolder + "/scores/C1.xlsx"

        Output.line(
            "attain-bench xlsx: \(description.students) students × \(description.items) items = "
                + "\(description.scoreCells) score cells; sheet XML \(megabytes(description.sheetXMLBytes)) MB"
                + " + shared strings \(megabytes(description.sharedStringsBytes)) MB"
                + " (.xlsx \(megabytes(description.xlsxBytes)) MB, written by \(description.writer);"
                + " .csv \(megabytes(description.csvBytes)) MB)")
        var measurements: [Measurement] = []
        if options.profile != "csv" {
            measurements.append(try timeAttain("attain ProgrammeFolder.load, .xlsx", folder: xlsxFolder))
        }
        if options.profile != "xlsx" {
            measurements.append(try timeAttain("attain ProgrammeFolder.load, .csv", folder: csvFolder))
        }
        guard options.profile == nil else {
            printTable(measurements, inflate: nil, description: description)
            return
        }

        let baseline = PythonBaseline(python: options.python, script: options.scripts + "/read_baselines.py")
        Output.progress("zlib inflate of the sheet parts (Python zipfile), \(options.repeats) runs")
        let inflate = try baseline.run("inflate", workbook: workbook, items: description.items, repeats: options.repeats)
        Output.progress("openpyxl, \(options.baselineRepeats) runs")
        let openpyxl = try baseline.run("openpyxl", workbook: workbook, items: description.items, repeats: options.baselineRepeats)
        measurements.append(measurement(openpyxl, name: openpyxl.tool + " read_only iter_rows"))

        let pandasBaseline = PythonBaseline(python: options.pandasPython ?? options.python, script: baseline.script)
        if pandasBaseline.canImport("pandas") {
            Output.progress("pandas, \(options.baselineRepeats) runs")
            let pandas = try pandasBaseline.run(
                "pandas", workbook: workbook, items: description.items, repeats: options.baselineRepeats)
            measurements.append(measurement(pandas, name: pandas.tool + " read_excel"))
        } else {
            Output.progress("pandas does not import in \(pandasBaseline.python): no pandas row")
        }

        try check(measurements, against: description)
        printTable(measurements, inflate: inflate, description: description)
    }

    private func readDescription() throws(BenchmarkFailure) -> DataDescription {
        let path = options.data + "/meta.json"
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return try JSONDecoder().decode(DataDescription.self, from: data)
        } catch {
            throw BenchmarkFailure("cannot read \(path) (run benchmarks/run-xlsx, which generates it): \(error)")
        }
    }

    /// Times `ProgrammeFolder.load` on a folder; the sums come from the last load.
    private func timeAttain(_ name: String, folder: String) throws(BenchmarkFailure) -> Measurement {
        Output.progress("\(name), \(options.repeats) runs")
        let runs: (seconds: [Double], result: LoadedProgramme)
        do {
            runs = try Stopwatch.time(repeats: options.repeats) { try ProgrammeFolder.load(folder) }
        } catch {
            throw BenchmarkFailure("attain cannot load \(folder):\n\(error)")
        }
        guard let table = runs.result.input.scores.first else {
            throw BenchmarkFailure("\(folder) has no course")
        }
        var sum = CompensatedSum()
        var sumOfSquares = CompensatedSum()
        for score in table.scores.elements {
            sum.add(score)
            sumOfSquares.add(score * score)
        }
        return Measurement(
            name: name, seconds: runs.seconds, students: table.students.count, sum: sum.value,
            sumOfSquares: sumOfSquares.value)
    }

    private func measurement(_ report: PythonBaseline.Report, name: String) -> Measurement {
        Measurement(
            name: name, seconds: report.seconds, students: report.students, sum: report.sum,
            sumOfSquares: report.sumOfSquares)
    }

    /// Checks that every reader read the generator's values: the same students, and the same
    /// sum and sum of squares of the numeric score cells (缺考 counts 0 in attain, is skipped
    /// by the others: the same sums).
    private func check(_ measurements: [Measurement], against description: DataDescription) throws(BenchmarkFailure) {
        var problems: [String] = []
        for measurement in measurements {
            if measurement.students != description.students {
                problems.append(
                    "\(measurement.name) read \(measurement.students.map(String.init) ?? "no") students,"
                        + " not \(description.students)")
            }
            for (label, value, expected) in [
                ("sum", measurement.sum, description.sum),
                ("sum of squares", measurement.sumOfSquares, description.sumOfSquares),
            ] {
                if let value, abs(value - expected) <= Self.tolerance * abs(expected) { continue }
                problems.append(
                    "\(measurement.name): \(label) of the scores is \(value.map { "\($0)" } ?? "missing"),"
                        + " the generator's is \(expected)")
            }
        }
        guard problems.isEmpty else {
            throw BenchmarkFailure("THE READERS DISAGREE ON THE VALUES:\n  " + problems.joined(separator: "\n  "))
        }
        Output.line(
            "values: every reader found \(description.students) students and the generator's sum"
                + " \(description.sum) and sum of squares of the \(description.numericCells) numeric score"
                + " cells (relative tolerance \(Self.tolerance))")
    }

    private func printTable(_ measurements: [Measurement], inflate: PythonBaseline.Report?, description: DataDescription) {
        let openpyxl = measurements.first { $0.name.hasPrefix("openpyxl") }?.best
        let xmlMegabytes = Double(description.xmlBytes) / 1e6
        let cells = Double(description.scoreCells)
        var rows: [[String]] = []
        for measurement in measurements {
            let best = measurement.best
            let isCSV = measurement.name.hasSuffix(".csv")
            rows.append([
                measurement.name,
                fixed(best, 3),
                isCSV ? "(\(fixed(Double(description.csvBytes) / 1e6 / best, 1)) csv)" : fixed(xmlMegabytes / best, 1),
                fixed(cells / best / 1e6, 2),
                openpyxl.map { fixed($0 / best, 1) } ?? "",
            ])
        }
        if let inflate, let best = inflate.seconds.min() {
            rows.append([
                "\(inflate.tool) inflate of the sheet parts (Python zipfile)", fixed(best, 3),
                fixed(xmlMegabytes / best, 1), "", openpyxl.map { fixed($0 / best, 1) } ?? "",
            ])
        }
        Output.line("")
        Output.line(
            TextTable(
                header: ["reader", "seconds (best)", "MB/s sheet XML", "Mcells/s", "× openpyxl"],
                rows: rows, rightAligned: [1, 2, 3, 4]
            ).rendered)
        Output.line("")
        Output.line(
            "best of \(options.repeats) runs for attain and inflate, of \(options.baselineRepeats) for the Python"
                + " readers; MB = 10^6 bytes of sheet1.xml + sharedStrings.xml (\(fixed(xmlMegabytes, 2)) MB);"
                + " Mcells = 10^6 score cells; × openpyxl = openpyxl's time / this time")
        for measurement in measurements {
            Output.line("  \(measurement.name): " + measurement.seconds.map { fixed($0, 3) }.joined(separator: " ") + " s")
        }
        if let inflate {
            Output.line("  inflate: " + inflate.seconds.map { fixed($0, 3) }.joined(separator: " ") + " s")
        }
        let xlsx = measurements.first { $0.name.hasSuffix(".xlsx") }
        if let xlsx, let csv = measurements.first(where: { $0.name.hasSuffix(".csv") }) {
            let extra = xlsx.best - csv.best
            Output.line(
                "xlsx − csv: \(fixed(extra, 3)) s, the cost of the workbook beyond reading the same scores"
                    + " from CSV (\(fixed(xmlMegabytes / extra, 1)) MB/s of sheet XML)")
        }
        if let xlsx {
            let rate = xmlMegabytes / xlsx.best
            let verdict = rate >= Self.targetMBPerSecond ? "met" : "NOT met"
            Output.line("issue 6 target, ≥ \(fixed(Self.targetMBPerSecond, 0)) MB/s of sheet XML: \(verdict) (\(fixed(rate, 1)) MB/s)")
        }
    }

    private func megabytes(_ bytes: Int) -> String { fixed(Double(bytes) / 1e6, 2) }
}

/// A sum with Neumaier's compensation: within an ulp or two of the exact sum whatever the
/// order, so it can be compared with Python's math.fsum at a tight tolerance.
struct CompensatedSum {
    private var sum = 0.0
    private var compensation = 0.0

    mutating func add(_ value: Double) {
        let total = sum + value
        if abs(sum) >= abs(value) {
            compensation += (sum - total) + value
        } else {
            compensation += (value - total) + sum
        }
        sum = total
    }

    var value: Double { sum + compensation }
}

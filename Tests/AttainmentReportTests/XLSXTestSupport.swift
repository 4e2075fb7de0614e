import Foundation
import Testing
import TestSupport

/// A workbook as an independent reader sees it: Debian's /usr/bin/python3 with openpyxl
/// (`scripts/setup --tests` installs python3-openpyxl), which the tests run on the bytes our
/// writer produced. Rows and columns are 0-based, as in `XLSXSheetWriter`.
struct WorkbookDump {
    struct Cell {
        /// openpyxl's data type: `n` number, `s` string, `f` formula, `b` boolean; `blank`.
        let type: String
        /// The value of a number cell.
        let number: Double?
        /// The value of any other cell that is not blank, as text.
        let string: String?
        /// The solid fill as ARGB (`FFFFC7CE`), nil without a fill.
        let fill: String?
        let numberFormat: String

        /// The value of a string cell.
        var text: String? { type == "s" ? string : nil }
    }

    struct Series {
        let name: String?
        let categories: String?
        let values: String?
    }

    struct Chart {
        /// openpyxl's class name: `LineChart`, `BarChart`, `RadarChart`.
        let type: String
        /// The anchor's top-left cell.
        let row: Int
        let column: Int
        let series: [Series]
        let upDownBars: Bool
    }

    struct Sheet {
        let name: String
        /// The first cell below and right of the frozen panes (`C5`), nil if nothing is frozen.
        let freeze: String?
        let autofilter: String?
        let merged: [String]
        let hiddenColumns: Set<String>
        let cells: [Int: [Int: Cell]]
        let charts: [Chart]
        /// (range, type, first formula) of each data validation.
        let validations: [[String]]
        /// (row, column, text) of each note.
        let notes: [(row: Int, column: Int, text: String)]

        func cell(_ row: Int, _ column: Int) -> Cell? { cells[row]?[column] }
        func text(_ row: Int, _ column: Int) -> String? { cell(row, column)?.text }

        /// The first row whose cell in `column` is `text`.
        func row(where column: Int, is text: String, from start: Int = 0) -> Int? {
            cells.keys.sorted().first { $0 >= start && self.text($0, column) == text }
        }

        /// Every row whose cell in `column` is `text`, top to bottom.
        func rows(where column: Int, is text: String) -> [Int] {
            cells.keys.sorted().filter { self.text($0, column) == text }
        }

        /// The column of a header in `row`.
        func column(of header: String, inRow row: Int) -> Int? {
            cells[row]?.first { $0.value.text == header }?.key
        }

        /// The frozen rows and columns, from `freeze`.
        var frozen: (rows: Int, columns: Int) {
            guard let freeze else { return (0, 0) }
            let letters = freeze.prefix { $0.isLetter }
            let column = letters.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 }
            return ((Int(freeze.dropFirst(letters.count)) ?? 1) - 1, column - 1)
        }
    }

    /// docProps/core.xml's creation time as openpyxl reads it (ISO 8601, no zone).
    let created: String?
    let sheets: [Sheet]

    subscript(name: String) -> Sheet? { sheets.first { $0.name == name } }

    enum ReaderError: Error, CustomStringConvertible {
        case noPython
        case failed(status: Int32, errors: String)
        case unreadableOutput

        var description: String {
            switch self {
            case .noPython:
                "/usr/bin/python3 is missing; the XLSX tests read workbooks with Debian's python3 and openpyxl "
                    + "(scripts/setup --tests installs them)"
            case .failed(let status, let errors):
                status == 3
                    ? "openpyxl is missing for /usr/bin/python3 (scripts/setup --tests installs python3-openpyxl): \(errors)"
                    : "the openpyxl reader failed (\(status)): \(errors)"
            case .unreadableOutput: "the openpyxl reader printed something that is not the expected JSON"
            }
        }
    }

    /// Reads workbook bytes with openpyxl.
    /// - Throws: `ReaderError` if python3 or openpyxl is missing (a failure, never a skip).
    static func read(_ bytes: [UInt8]) throws -> WorkbookDump {
        let python = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else { throw ReaderError.noPython }
        let path = scratchDirectory.appendingPathComponent("attain-read-\(UUID().uuidString).xlsx").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ReaderError.failed(status: process.terminationStatus, errors: errorText)
        }
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let sheets = root["sheets"] as? [[String: Any]]
        else { throw ReaderError.unreadableOutput }
        return WorkbookDump(created: root["created"] as? String, sheets: try sheets.map(sheet))
    }

    private static func sheet(_ json: [String: Any]) throws -> Sheet {
        var cells: [Int: [Int: Cell]] = [:]
        for entry in json["cells"] as? [[Any]] ?? [] {
            guard entry.count == 6, let row = entry[0] as? Int, let column = entry[1] as? Int else {
                throw ReaderError.unreadableOutput
            }
            let type = entry[3] as? String ?? ""
            cells[row, default: [:]][column] = Cell(
                type: type, number: type == "n" ? (entry[2] as? NSNumber)?.doubleValue : nil, string: entry[2] as? String,
                fill: entry[4] as? String, numberFormat: entry[5] as? String ?? "")
        }
        let charts = (json["charts"] as? [[String: Any]] ?? []).map { chart in
            Chart(
                type: chart["type"] as? String ?? "", row: chart["row"] as? Int ?? -1, column: chart["column"] as? Int ?? -1,
                series: (chart["series"] as? [[String: Any]] ?? []).map {
                    Series(name: $0["name"] as? String, categories: $0["categories"] as? String, values: $0["values"] as? String)
                },
                upDownBars: chart["upDownBars"] as? Bool ?? false)
        }
        let notes = (json["notes"] as? [[Any]] ?? []).compactMap { note -> (Int, Int, String)? in
            guard note.count == 3, let row = note[0] as? Int, let column = note[1] as? Int, let text = note[2] as? String else { return nil }
            return (row, column, text)
        }
        return Sheet(
            name: json["name"] as? String ?? "", freeze: json["freeze"] as? String, autofilter: json["autofilter"] as? String,
            merged: json["merged"] as? [String] ?? [], hiddenColumns: Set(json["hiddenColumns"] as? [String] ?? []),
            cells: cells, charts: charts, validations: json["validations"] as? [[String]] ?? [], notes: notes)
    }

    /// Dumps every cell (value, type, fill, number format), the frozen panes, filters, merged
    /// ranges, hidden columns, charts with their series references, validations and notes.
    private static let script = #"""
        import json, sys
        try:
            import openpyxl
        except ImportError as error:
            sys.stderr.write("%s\n" % error)
            sys.exit(3)

        def reference(data):
            if data is None:
                return None
            for kind in ("numRef", "strRef"):
                ref = getattr(data, kind, None)
                if ref is not None:
                    return ref.f
            return None

        workbook = openpyxl.load_workbook(sys.argv[1])
        created = workbook.properties.created
        out = {"created": created.isoformat() if created else None, "sheets": []}
        for sheet in workbook.worksheets:
            cells, notes = [], []
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.comment is not None:
                        notes.append([cell.row - 1, cell.column - 1, cell.comment.text])
                    if cell.value is None and not cell.has_style:
                        continue
                    fill = cell.fill.fgColor.rgb if cell.fill is not None and cell.fill.fill_type == "solid" else None
                    value = cell.value
                    kind = "blank" if value is None else cell.data_type
                    if kind not in ("n", "blank"):
                        value = str(value)
                    cells.append([cell.row - 1, cell.column - 1, value, kind, fill, cell.number_format])
            charts = []
            for chart in sheet._charts:
                anchor = chart.anchor._from
                series = [{"name": s.tx.v if s.tx is not None else None,
                           "categories": reference(s.cat), "values": reference(s.val)} for s in chart.series]
                charts.append({"type": type(chart).__name__, "row": anchor.row, "column": anchor.col,
                               "series": series, "upDownBars": getattr(chart, "upDownBars", None) is not None})
            out["sheets"].append({
                "name": sheet.title,
                "freeze": sheet.freeze_panes,
                "autofilter": sheet.auto_filter.ref,
                "merged": [str(r) for r in sheet.merged_cells.ranges],
                "hiddenColumns": [k for k, d in sheet.column_dimensions.items() if d.hidden],
                "cells": cells,
                "charts": charts,
                "validations": [[str(v.sqref), v.type, v.formula1] for v in sheet.data_validations.dataValidation],
                "notes": notes,
            })
        json.dump(out, sys.stdout, ensure_ascii=False)
        """#
}

#!/usr/bin/env python3
"""The Python side of the .xlsx reading benchmark: baselines and the inflate floor.

Usage:

    python3 benchmarks/python/read_baselines.py openpyxl SHEET.xlsx --items N [--repeat 3]
    python3 benchmarks/python/read_baselines.py pandas   SHEET.xlsx --items N [--repeat 3]
    python3 benchmarks/python/read_baselines.py inflate  SHEET.xlsx [--repeat 5]
    python3 benchmarks/python/read_baselines.py probe pandas     # exit 0 if pandas imports

The sheet is the one benchmarks/python/generate_score_sheet.py writes: a header row, then per
student an id, a name and N item columns (numbers, or 缺考).

- openpyxl: `load_workbook(read_only=True, data_only=True)` and every cell value of the first
  worksheet through `iter_rows(values_only=True)`: openpyxl's fastest way to read a sheet.
- pandas: `pandas.read_excel` (its default engine for .xlsx is openpyxl, in the same read-only
  mode) into a DataFrame, then the item columns with `pandas.to_numeric`.
- inflate: `zipfile.ZipFile.read` of xl/worksheets/sheet1.xml and xl/sharedStrings.xml, which
  is zlib's inflate plus the CRC-32 check: the floor of any reader that inflates the whole
  part through zlib, as attain's does (ZIPFoundation calls the same system libz).

Every timing is wall-clock, from opening the file to the last value, repeated `--repeat`
times. Prints one JSON object: the times, and for the readers the number of student rows, of
numeric item cells, and the sum and sum of squares of the numeric item cells (summed with
math.fsum: correctly rounded, whatever the order), which the benchmark compares with attain's.
"""

import argparse
import json
import math
import sys
import time
import zipfile


def read_with_openpyxl(path, items):
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        next(rows)  # the header
        students = 0
        numbers = []
        for row in rows:
            students += 1
            for value in row[2 : 2 + items]:
                # bool is an int in Python; a score cell never holds one here, but say so.
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    numbers.append(value)
    finally:
        workbook.close()
    return students, numbers


def read_with_pandas(path, items):
    import pandas

    frame = pandas.read_excel(path, sheet_name=0)
    scores = frame.iloc[:, 2 : 2 + items].apply(pandas.to_numeric, errors="coerce")
    values = scores.to_numpy(dtype="float64")
    return len(frame), values[~pandas.isna(values)].tolist()


def inflate_parts(path):
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        size = 0
        for part in ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"):
            if part in names:
                size += len(archive.read(part))
    return size


def versions(tool):
    if tool == "openpyxl":
        import openpyxl

        return f"openpyxl {openpyxl.__version__}"
    if tool == "pandas":
        import openpyxl
        import pandas

        return f"pandas {pandas.__version__} (openpyxl {openpyxl.__version__})"
    import zlib

    return f"zlib {zlib.ZLIB_RUNTIME_VERSION}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("openpyxl", "pandas", "inflate", "probe"))
    parser.add_argument("path", help="the .xlsx file, or for probe the module to import")
    parser.add_argument("--items", type=int, default=0, help="item columns after id and name")
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()

    if arguments.mode == "probe":
        try:
            __import__(arguments.path)
        except ImportError:
            sys.exit(1)
        return

    seconds = []
    result = None
    for _ in range(max(arguments.repeat, 1)):
        start = time.perf_counter()
        if arguments.mode == "openpyxl":
            result = read_with_openpyxl(arguments.path, arguments.items)
        elif arguments.mode == "pandas":
            result = read_with_pandas(arguments.path, arguments.items)
        else:
            result = inflate_parts(arguments.path)
        seconds.append(time.perf_counter() - start)

    report = {"tool": versions(arguments.mode), "python": sys.version.split()[0], "seconds": seconds}
    if arguments.mode == "inflate":
        report["bytes"] = result
    else:
        students, numbers = result
        report.update(
            students=students,
            numeric_cells=len(numbers),
            sum=math.fsum(numbers),
            sum_of_squares=math.fsum(value * value for value in numbers),
        )
    json.dump(report, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Checks that the pandas/numpy baseline gives attain's numbers, programme by programme.

Usage:

    python3 benchmarks/python/check_baseline.py ATTAIN_OUT BASELINE_OUT [--tolerance 1e-9]

ATTAIN_OUT is the output of `attain batch ROOT -o ATTAIN_OUT` (a results.json per programme,
at full precision), BASELINE_OUT that of `benchmarks/python/baseline.py ROOT BASELINE_OUT` (a
values.json per programme) for the same ROOT. For every programme, compared:

- requirements, indicators, programme objectives, courses and course objectives: the class
  value, its verdict (met / not-met / not-evaluable), the students evaluated and the students
  below the individual threshold; each indicator's supporting courses (normalised weight and
  the course's value for the indicator) and each objective's supporting requirements;
- each course's value (minimum over its objectives), its number of students, its values for
  its indicators, its items' averages and counts;
- every student's value for every course objective (every student of the course's sheets),
  and for every indicator, requirement and programme objective (every student of the cohort,
  in the cohort's order), and each student's missing courses;
- the students below the individual threshold at every level: attain's below_threshold.csv
  against the baseline's list (the per-student verdicts).

Numbers match when they are within the tolerance, relative or absolute (math.isclose with
rel_tol = abs_tol = 1e-9); "no value" (null) matches only "no value". Ids, verdicts and counts
must be equal. Prints the counts compared and the largest difference; every mismatch, missing
programme, id, student or value is printed with its programme, level, id and student (the
first 50 in full), and the exit status is then 1.

Verdicts: both programs count a value as below a threshold only when it is more than 1e-9
below it (methods.md §1), so a value that is exactly at the threshold in decimal arithmetic gets
the same verdict in both, whatever the order of their sums. Every verdict difference is a
mismatch.

Standard library only.
"""

import argparse
import csv
import json
import math
import os
import sys

SHOWN = 50  # mismatches printed in full; the rest are counted


class Checker:
    """Counts what was compared and collects what did not match."""

    def __init__(self, tolerance):
        self.tolerance = tolerance
        self.counts = {"values": 0, "verdicts": 0, "counts": 0, "ids": 0, "below-threshold entries": 0}
        self.largest = 0.0
        self.largest_at = None
        self.problems = []

    def problem(self, where, text):
        self.problems.append(f"{where}: {text}")

    def value(self, where, attain, baseline):
        """Two values (numbers or None for no value)."""
        self.counts["values"] += 1
        if attain is None or baseline is None:
            if attain is not None or baseline is not None:
                self.problem(where, f"attain {attain!r}, baseline {baseline!r} (one has no value)")
            return
        difference = abs(attain - baseline)
        if difference > self.largest:
            self.largest, self.largest_at = difference, where
        if not math.isclose(attain, baseline, rel_tol=self.tolerance, abs_tol=self.tolerance):
            self.problem(where, f"attain {attain!r}, baseline {baseline!r} (difference {difference:.3g})")

    def equal(self, where, attain, baseline, kind):
        """Two things that must be equal: verdicts, counts, ids, lists of ids."""
        self.counts[kind] += 1
        if attain != baseline:
            self.problem(where, f"attain {attain!r}, baseline {baseline!r}")

    def keys(self, where, attain, baseline, what):
        """The ids present on both sides; reports the ids only one side has."""
        self.counts["ids"] += len(attain)
        missing = [k for k in attain if k not in baseline]
        extra = [k for k in baseline if k not in attain]
        if missing:
            self.problem(where, f"{what} missing from the baseline: {' '.join(map(str, missing[:10]))}"
                         + (f" … ({len(missing)})" if len(missing) > 10 else ""))
        if extra:
            self.problem(where, f"{what} the baseline has but attain has not: {' '.join(map(str, extra[:10]))}"
                         + (f" … ({len(extra)})" if len(extra) > 10 else ""))
        return [k for k in attain if k in baseline]


def programme_folders(out, marker):
    """Relative paths ('.' for out itself) of the folders under out holding the file marker."""
    found = {}
    for folder, folders, files in os.walk(out):
        folders.sort()
        if marker in files:
            relative = os.path.relpath(folder, out).replace(os.sep, "/")
            found[relative] = os.path.join(folder, marker)
    return found


def class_value(check, where, attain, baseline):
    """value, verdict, students evaluated and below the individual threshold."""
    check.value(f"{where} value", attain["value"], baseline["value"])
    check.equal(f"{where} verdict", attain["verdict"], baseline["verdict"], "verdicts")
    check.equal(f"{where} students_evaluated", attain["students_evaluated"], baseline["students_evaluated"], "counts")
    check.equal(f"{where} students_below_individual", attain["students_below_individual"],
                baseline["students_below_individual"], "counts")


def contributions(check, where, attain, baseline, what):
    """An indicator's courses or an objective's requirements: normalised weight and value."""
    attain = {c["id"]: c for c in attain}
    for source in check.keys(where, attain, baseline, what):
        check.value(f"{where} {what} {source} weight", attain[source]["weight"], baseline[source]["weight"])
        check.value(f"{where} {what} {source} value", attain[source]["value"], baseline[source]["value"])


def student_values(check, where, attain, baseline, what):
    """One student's values at one level: {id: value or None}."""
    for target in check.keys(where, attain, baseline, what):
        check.value(f"{where} {target}", attain[target], baseline[target])


def student_value_table(students, courses):
    """Every student's value by (level, id, student), as below_threshold.csv names them."""
    table = {}
    for student in students:
        for level, key in (("requirement", "requirements"), ("indicator", "indicators"),
                           ("programme-objective", "programme_objectives")):
            for target, value in student[key].items():
                table[(level, target, student["id"])] = value
    for course_id, course in courses.items():
        for student_id, values in course["per_student"].items():
            for objective_id, value in values.items():
                table[("course-objective", f"{course_id}/{objective_id}", student_id)] = value
    return table


def below_threshold(check, programme, below_path, attain, baseline):
    """attain's below_threshold.csv against the baseline's list: the per-student verdicts. A
    student listed by one program only is a mismatch, printed with both programs' values."""
    if not os.path.isfile(below_path):
        check.problem(programme, "attain's below_threshold.csv is missing")
        return
    with open(below_path, encoding="utf-8-sig", newline="") as handle:
        ours = {(r["level"], r["id"], r["student_id"]) for r in csv.DictReader(handle)}
    theirs = {tuple(entry) for entry in baseline["below_individual"]}
    check.counts["below-threshold entries"] += len(ours)
    if ours == theirs:
        return
    threshold = attain["thresholds"]["individual"]
    attain_values = student_value_table(attain["students"], {c["id"]: c for c in attain["courses"]})
    baseline_values = student_value_table(baseline["students"], baseline["courses"])
    for entries, side in ((ours - theirs, "attain"), (theirs - ours, "the baseline")):
        for level, target, student in sorted(entries):
            check.problem(f"{programme}: {level} {target}, student {student}",
                          f"below {threshold!r} only in {side}: attain {attain_values.get((level, target, student))!r}, "
                          f"baseline {baseline_values.get((level, target, student))!r}")


def compare_programme(check, programme, results_path, values_path):
    with open(results_path, encoding="utf-8") as handle:
        attain = json.load(handle)
    with open(values_path, encoding="utf-8") as handle:
        baseline = json.load(handle)
    check.equal(f"{programme}: programme id", attain["programme"]["id"], baseline["programme"]["id"], "ids")
    check.equal(f"{programme}: cohort", attain["programme"]["cohort"], baseline["programme"]["cohort"], "ids")
    for key in ("class", "individual"):
        check.value(f"{programme}: thresholds.{key}", attain["thresholds"][key], baseline["thresholds"][key])

    # The students below the individual threshold, every level (the per-student verdicts).
    below_threshold(check, programme, os.path.join(os.path.dirname(results_path), "below_threshold.csv"),
                    attain, baseline)

    for level, key in (("requirement", "requirements"), ("indicator", "indicators"),
                       ("programme-objective", "programme_objectives")):
        entries = {e["id"]: e for e in attain[key]}
        for target in check.keys(f"{programme}: {key}", entries, baseline[key], key):
            where = f"{programme}: {level} {target}"
            class_value(check, where, entries[target], baseline[key][target])
            if key == "indicators":
                check.equal(f"{where} requirement", entries[target]["requirement"],
                            baseline[key][target]["requirement"], "ids")
                contributions(check, where, entries[target]["courses"], baseline[key][target]["courses"], "course")
            if key == "programme_objectives":
                contributions(check, where, entries[target]["requirements"], baseline[key][target]["requirements"],
                              "requirement")

    courses = {c["id"]: c for c in attain["courses"]}
    for course_id in check.keys(f"{programme}: courses", courses, baseline["courses"], "courses"):
        ours, theirs = courses[course_id], baseline["courses"][course_id]
        where = f"{programme}: course {course_id}"
        check.value(f"{where} value", ours["value"], theirs["value"])
        check.equal(f"{where} students", ours["students"], theirs["students"], "counts")
        objectives = {o["id"]: o for o in ours["objectives"]}
        for objective_id in check.keys(where, objectives, theirs["objectives"], "objectives"):
            target = f"{course_id}/{objective_id}"
            class_value(check, f"{programme}: course-objective {target}", objectives[objective_id],
                        theirs["objectives"][objective_id])
        indicator_values = check.keys(where, ours["indicator_values"], theirs["indicator_values"], "indicator values")
        for indicator_id in indicator_values:
            check.value(f"{where} value for indicator {indicator_id}", ours["indicator_values"][indicator_id],
                        theirs["indicator_values"][indicator_id])
        items = {i["id"]: i for i in ours["items"]}
        for item_id in check.keys(where, items, theirs["items"], "items"):
            check.value(f"{where} item {item_id} full marks", items[item_id]["full_marks"],
                        theirs["items"][item_id]["full_marks"])
            check.value(f"{where} item {item_id} average", items[item_id]["average"],
                        theirs["items"][item_id]["average"])
            check.equal(f"{where} item {item_id} students_counted", items[item_id]["students_counted"],
                        theirs["items"][item_id]["students_counted"], "counts")
        for student in check.keys(where, ours["per_student"], theirs["per_student"], "students of the course"):
            student_values(check, f"{programme}: course-objective, student {student}, {course_id}",
                           ours["per_student"][student], theirs["per_student"][student], "objectives")

    students = {s["id"]: s for s in attain["students"]}
    theirs = {s["id"]: s for s in baseline["students"]}
    common = check.keys(f"{programme}: students", students, theirs, "students")
    if set(students) == set(theirs):  # the same students: in the same order too
        check.equal(f"{programme}: cohort order", list(students), [s["id"] for s in baseline["students"]], "ids")
    for student in common:
        ours = students[student]
        check.equal(f"{programme}: student {student} missing courses", ours["missing_courses"],
                    theirs[student]["missing_courses"], "ids")
        for level, key in (("indicator", "indicators"), ("requirement", "requirements"),
                           ("programme-objective", "programme_objectives")):
            student_values(check, f"{programme}: {level}, student {student},", ours[key], theirs[student][key], key)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Compare the baseline's values.json with attain's results.json.")
    parser.add_argument("attain_out", help="the output folder of `attain batch`")
    parser.add_argument("baseline_out", help="the output folder of benchmarks/python/baseline.py")
    parser.add_argument("--tolerance", type=float, default=1e-9,
                        help="relative and absolute tolerance (default: 1e-9)")
    args = parser.parse_args(argv)
    for folder in (args.attain_out, args.baseline_out):
        if not os.path.isdir(folder):
            parser.error(f"{folder} is not a folder")
    attain = programme_folders(args.attain_out, "results.json")
    baseline = programme_folders(args.baseline_out, "values.json")
    check = Checker(args.tolerance)
    if not attain:
        check.problem(args.attain_out, "no results.json: not an output of attain batch")
    for programme in check.keys("programmes", attain, baseline, "programmes"):
        compare_programme(check, programme, attain[programme], baseline[programme])

    compared = ", ".join(f"{n:,} {kind}" for kind, n in check.counts.items())
    print(f"check_baseline: {len(attain)} programmes of attain, {len(baseline)} of the baseline; compared {compared}")
    print(f"check_baseline: largest difference {check.largest:.3g}"
          + (f" at {check.largest_at}" if check.largest_at else ""))
    if check.problems:
        for problem in check.problems[:SHOWN]:
            print(f"mismatch: {problem}")
        if len(check.problems) > SHOWN:
            print(f"… and {len(check.problems) - SHOWN} more")
        print(f"check_baseline: {len(check.problems)} mismatches (tolerance {args.tolerance:g})")
        return 1
    print(f"check_baseline: every value matches (tolerance {args.tolerance:g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

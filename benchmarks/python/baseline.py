#!/usr/bin/env python3
"""A pandas/numpy baseline of `attain batch`: the same formulas, the same input files.

Usage:

    benchmarks/.venv/bin/python benchmarks/python/baseline.py ROOT OUT [--jobs N]

Finds every programme folder under ROOT (a folder holding programme.yaml; docs/format.md,
"A university"), computes its attainment values the way a competent analyst would with pandas
and numpy, and writes them to OUT/<the programme's path under ROOT>/. The benchmark suite
times it beside attain on the same tree, and benchmarks/python/check_baseline.py checks that
both give the same numbers (a ratio of times means nothing otherwise).

What is computed (docs/methods.md, by section), for the class and for every student:

- course objectives (§2.1 weighted ratios, capped at 1, §2.4): per course, the earned and
  available marks of every (component, objective) pair are two matrix products, N = X·Qn and
  D = M·Qd (X the students × items scores, M the 0/1 matrix of what counts); a student's value
  is Σ_c w_c·N/D / Σ_c w_c over the pairs with D > 0, one more pair of products; the class
  value is the mean of the students' values; a course's value is the minimum over its
  objectives (§1); item averages Σ x / Σ δ (§2.4);
- a course's value for an indicator: the mean of its objectives mapped to it (§3);
- indicators: weighted sum with the support weights of support.csv (H/M/L through
  `methods.levels`), renormalised over the courses with a value (§4.1); per student two
  products for the whole cohort, (S·W) ⊘ (P·W);
- requirements: the minimum over their indicators (§5);
- programme objectives: weighted by `requirement_support`, renormalised over the
  requirements with a value (§6);
- verdicts against `thresholds.class` (met / not-met / not-evaluable, §1) and the students
  below `thresholds.individual` at every level (§7).

Scores (docs/format.md, "Score sheets"; methods.md §8): 缺考/absent and 作弊/cheating cells count
0; 缓考/deferred and 免修/exempt cells are left out of the student's numerator and denominator;
缓考 or 免修 in the `status` column leaves the student out of the whole course (they stay in the
course's student count, with no values); 缺考 or 作弊 there applies to the row's blank cells.
A blank cell is otherwise an error (`blank: error`), and so is a cell that is not a number or a
status word, or a score below 0 or above the item's full marks. With a roster, the cohort is
exactly its students, in its order: a student on a sheet but not on the roster counts in that
course's class values but not in the cohort's per-student values; a roster student without
scores has no values at all (every course missing). Without a roster the cohort is every
student on any sheet, ordered by id. A student lacking a course is averaged over the courses
they have (§4.1).

Only what fixtures/generate_university.py writes is implemented: schemes engineering and
teacher-education with the settings its programme.yaml spells out (course_objective
weighted-ratios, course_indicator mean, indicator weighted-sum, requirement min,
support_weights levels, levels H/M/L as given, cap true, absent zero, cheating zero, blank
error; also support_count course and retake first, which change nothing here). Anything else
is refused with an error naming the programme, the file and the setting, never computed
differently: another scheme or setting, surveys, elective groups, programme workbooks, .xlsx
score sheets, attempt (resit/retake) columns, item weights or `column`s, a roster `status`
column, title rows above the header, ids that YAML reads as numbers (quote them), CSV that is
not UTF-8.

Outputs per programme (CSV values with 6 decimals, as attain's; blank = no value):
course_objectives.csv, courses.csv, assessment_items.csv, indicator_support.csv,
indicators.csv, requirements.csv, programme_objectives.csv, students_course_objectives.csv,
students_indicators.csv, students_requirements.csv, students_programme_objectives.csv,
below_threshold.csv, and values.json: every value at full precision (JSON numbers round-trip
doubles exactly), which check_baseline.py compares with attain's results.json.

--jobs N runs N programmes at once in worker processes (multiprocessing); the default, 1,
runs everything in this process. Prints one line at the end (programmes, failures, seconds);
exits 1 if any programme failed (each failure printed with its reason), 0 otherwise.

Needs pandas, numpy and PyYAML (benchmarks/python/requirements.txt pins the versions).
"""

import argparse
import json
import multiprocessing
import os
import sys
import time

import numpy as np
import pandas as pd
import yaml

# programme.yaml and the course files are read with PyYAML's CSafeLoader, its safe loader
# built on libyaml (C), when this PyYAML was built with libyaml (the PyPI wheels are); else
# with the pure-Python SafeLoader. Both build plain dicts, lists, strings and numbers only.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SCHEMES = ("engineering", "teacher-education")

# The one value of each `methods` key the baseline implements (docs/methods.md, "Settings and
# schemes"). They are the defaults of both schemes, so a key left out means the same.
SUPPORTED_METHODS = {
    "course_objective": "weighted-ratios",  # §2.1
    "course_indicator": "mean",  # §3
    "indicator": "weighted-sum",  # §4.1
    "requirement": "min",  # §5
    "support_weights": "levels",  # §4
    "support_count": "course",  # §4.1
    "cap": True,  # §2.4
    "absent": "zero",  # §8
    "cheating": "zero",  # §8
    "blank": "error",  # §8
    "retake": "first",  # §14.1: without an attempt column every row is a first attempt
}
DEFAULT_LEVELS = {"H": 3.0, "M": 2.0, "L": 1.0}
DEFAULT_THRESHOLDS = {"class": 0.7, "individual": 0.6}
# A value reaches a threshold unless it is more than this below it: binary arithmetic can put a
# true 0.6 at 0.5999999999999999 (methods.md §1).
THRESHOLD_TOLERANCE = 1e-9


def is_below(values, threshold):
    """Below the threshold by more than the tolerance (numbers or numpy arrays; NaN is not below)."""
    return values < threshold - THRESHOLD_TOLERANCE


PROGRAMME_KEYS = {"id", "name", "cohort", "scheme", "thresholds", "methods", "objectives",
                  "requirements", "requirement_support"}
COURSE_KEYS = {"id", "name", "credits", "objectives", "components", "items", "sheets", "ignore_columns"}
ITEM_KEYS = {"id", "component", "full_marks", "objectives"}
COMPONENT_KEYS = {"id", "name", "weight", "kind"}  # kind only matters under NBA's method

# Support cells: H/M/L in English or Chinese, any case (docs/format.md, support.csv).
LEVEL_WORDS = {"h": "H", "高": "H", "m": "M", "中": "M", "l": "L", "低": "L"}

# Headers of a score sheet's identity columns (docs/format.md, "Score sheets as exported"),
# compared in lower case without spaces around and without a trailing colon.
STUDENT_ID_HEADERS = {"student_id", "id", "学号", "考号", "学生学号"}
NAME_HEADERS = {"name", "姓名", "学生姓名"}
CLASS_HEADERS = {"class", "班级", "教学班", "行政班"}
STATUS_HEADERS = {"status", "状态", "备注"}
ATTEMPT_HEADERS = {"attempt", "考试类型", "考试性质", "修读性质"}
ROSTER_STATUS_HEADERS = {"status", "状态", "学籍状态"}
SKIPPED_HEADERS = {"序号", "总分", "总评", "总评成绩", "总成绩", "成绩", "合计", "性别", "专业", "学院",
                   "年级", "no", "no.", "#", "total", "sex", "gender", "major"}

# Rows an exported sheet may have below the header, which the baseline does not read: a
# full-marks row (its label in the id cell) and footer rows (a word in the id cell).
FULL_MARKS_LABELS = {"满分", "满分值", "分值", "题目分值", "full marks", "max"}
FOOTER_WORDS = ("平均", "合计", "总计", "最高", "最低", "签名", "签字", "制表", "审核", "日期", "说明", "注：",
                "average", "mean", "total", "signature", "prepared by", "checked by", "date")

# Status words, in a score cell or in the status column (any case).
ZERO_WORDS = {"缺考", "absent", "作弊", "cheating"}  # count 0 (absent: zero, cheating: zero)
LEFT_OUT_WORDS = {"缓考", "deferred", "免修", "exempt"}  # left out: the cell, or the whole course

VERDICT_MET, VERDICT_NOT_MET, VERDICT_NOT_EVALUABLE = "met", "not-met", "not-evaluable"


class ProgrammeError(Exception):
    """A programme the baseline does not compute: bad data, or a feature it does not implement."""


# ----------------------------------------------------------------------------------------------
# Finding programmes
# ----------------------------------------------------------------------------------------------


def find_programmes(root):
    """The programmes under root as (relative path, kind), sorted by path in UTF-8 bytes.

    kind is "folder" (holds programme.yaml) or "workbook" (an .xlsx beside a scores/ folder,
    which the baseline refuses later, naming it). Hidden folders and folders named scores or
    courses are not searched; symbolic links to folders are not followed.
    """
    if not os.path.isdir(root):
        raise SystemExit(f"baseline: {root} is not a folder")
    found = []

    def visit(folder, relative):
        entries = sorted(os.scandir(folder), key=lambda e: e.name.encode("utf-8"))
        names = {e.name for e in entries}
        if "programme.yaml" in names:
            found.append((relative or ".", "folder"))
            return
        if os.path.isdir(os.path.join(folder, "scores")):
            for entry in entries:
                if (entry.name.endswith(".xlsx") and not entry.name.startswith(("~$", "."))
                        and entry.is_file()):
                    found.append((f"{relative}/{entry.name}" if relative else entry.name, "workbook"))
        for entry in entries:
            if (entry.is_dir(follow_symlinks=False) and not entry.name.startswith(".")
                    and entry.name not in ("scores", "courses")):
                visit(entry.path, f"{relative}/{entry.name}" if relative else entry.name)

    visit(root, "")
    return sorted(found, key=lambda p: p[0].encode("utf-8"))


# ----------------------------------------------------------------------------------------------
# Reading: programme.yaml, support.csv, courses/*.yaml, roster.csv, scores/
# ----------------------------------------------------------------------------------------------


def read_yaml(path):
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return yaml.load(handle, Loader=YAML_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ProgrammeError(f"{path}: cannot be read as YAML ({error})") from None


def read_csv_text(path):
    """A CSV file as (header, rows): every cell as text, "" when empty, spaces stripped."""
    try:
        frame = pd.read_csv(path, header=None, dtype=str, keep_default_na=False,
                            skipinitialspace=True, encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ProgrammeError(f"{path}: not UTF-8 (GB18030 files are not supported by the baseline)") from None
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise ProgrammeError(f"{path}: cannot be read as CSV ({error})") from None
    header = [cell.strip() for cell in frame.iloc[0]]
    return header, frame.iloc[1:].reset_index(drop=True)


def header_word(text):
    """A header cell as the identity-column tables compare it."""
    return text.strip().lower().rstrip(":：").strip()


def text_id(value, where):
    """An id from YAML. Ids are text (docs/format.md): a bare number would lose its spelling
    (1.10 is read as 1.1), so the baseline asks for quotes rather than guess."""
    if not isinstance(value, str) or not value:
        raise ProgrammeError(f"{where}: id {value!r} is not text; quote it (\"{value}\")")
    return value


def positive_number(value, where):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ProgrammeError(f"{where}: {value!r} is not a positive number")
    return float(value)


def support_weight(cell, levels, where):
    """A support cell (H/M/L or a positive number) as (the cell as written, its weight)."""
    word = LEVEL_WORDS.get(str(cell).strip().lower())
    if word is not None:
        return word, levels[word]
    try:
        number = float(cell)
    except (TypeError, ValueError):
        raise ProgrammeError(f"{where}: support {cell!r} is neither H/M/L nor a number") from None
    if not number > 0:
        raise ProgrammeError(f"{where}: support {cell!r} is not positive")
    return str(cell), number


def yaml_text(value):
    """A setting as YAML writes it (true, not Python's True)."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def check_keys(mapping, allowed, where):
    if not isinstance(mapping, dict):
        raise ProgrammeError(f"{where}: expected a mapping")
    extra = sorted(set(mapping) - allowed, key=str)
    if extra:
        raise ProgrammeError(f"{where}: {', '.join(map(str, extra))} not supported by the baseline")


def read_settings(spec, path):
    """Thresholds and levels; refuses any scheme or method the baseline does not implement."""
    scheme = spec.get("scheme")
    if scheme not in SCHEMES:
        raise ProgrammeError(f"{path}: scheme {scheme!r} not supported by the baseline (only {', '.join(SCHEMES)})")
    methods = spec.get("methods") or {}
    if not isinstance(methods, dict):
        raise ProgrammeError(f"{path}: methods is not a mapping")
    levels = dict(DEFAULT_LEVELS)
    for key, value in methods.items():
        if key == "levels":
            check_keys(value, set(DEFAULT_LEVELS), f"{path}: methods.levels")
            for word, number in value.items():
                levels[word] = positive_number(number, f"{path}: methods.levels.{word}")
        elif key not in SUPPORTED_METHODS:
            raise ProgrammeError(f"{path}: setting methods.{key} not supported by the baseline")
        elif value != SUPPORTED_METHODS[key] or type(value) is not type(SUPPORTED_METHODS[key]):
            raise ProgrammeError(f"{path}: setting methods.{key}: {yaml_text(value)} not supported by the baseline "
                                 f"(only {yaml_text(SUPPORTED_METHODS[key])})")
    thresholds = dict(DEFAULT_THRESHOLDS)
    given = spec.get("thresholds") or {}
    check_keys(given, set(DEFAULT_THRESHOLDS), f"{path}: thresholds")
    for key, value in given.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ProgrammeError(f"{path}: thresholds.{key} {value!r} is not a number")
        thresholds[key] = float(value)
    return thresholds, levels


def load_programme(folder):
    """programme.yaml, support.csv and the course files, as plain dicts and lists."""
    path = os.path.join(folder, "programme.yaml")
    spec = read_yaml(path)
    check_keys(spec, PROGRAMME_KEYS, path)  # surveys, elective_groups … are refused here
    thresholds, levels = read_settings(spec, path)
    objectives = [text_id(o.get("id"), f"{path}: objectives") for o in spec.get("objectives") or []]
    requirements = []  # (id, name, [indicator ids])
    for requirement in spec.get("requirements") or []:
        requirement_id = text_id(requirement.get("id"), f"{path}: requirements")
        indicators = [text_id(i.get("id"), f"{path}: {requirement_id} indicators")
                      for i in requirement.get("indicators") or []]
        requirements.append((requirement_id, str(requirement.get("name", "")), indicators))
    indicator_ids = [i for _, _, indicators in requirements for i in indicators]
    if not indicator_ids or len(set(indicator_ids)) != len(indicator_ids):
        raise ProgrammeError(f"{path}: indicator ids are missing or repeat")
    requirement_ids = [r[0] for r in requirements]
    if len(set(requirement_ids)) != len(requirement_ids) or len(set(objectives)) != len(objectives):
        raise ProgrammeError(f"{path}: requirement or objective ids repeat")
    # requirement → programme objective weights V (§6)
    requirement_support = {}
    for requirement_id, cells in (spec.get("requirement_support") or {}).items():
        requirement_id = text_id(requirement_id, f"{path}: requirement_support")
        if requirement_id not in requirement_ids:
            raise ProgrammeError(f"{path}: requirement_support: unknown requirement {requirement_id}")
        for objective_id, cell in (cells or {}).items():
            if objective_id not in objectives:
                raise ProgrammeError(f"{path}: requirement_support.{requirement_id}: "
                                     f"unknown objective {objective_id}")
            requirement_support[(requirement_id, objective_id)] = support_weight(
                cell, levels, f"{path}: requirement_support.{requirement_id}.{objective_id}")

    support_path = os.path.join(folder, "support.csv")
    header, rows = read_csv_text(support_path)
    if header_word(header[0]) not in ("course", "课程"):
        raise ProgrammeError(f"{support_path}: the first column is not `course`")
    indicator_columns = {}
    for column, text in enumerate(header[1:], start=1):
        if header_word(text) in ("name", "课程名称"):
            continue
        if text not in indicator_ids or text in indicator_columns:
            raise ProgrammeError(f"{support_path}: column {text!r} is not an indicator of programme.yaml, or repeats")
        indicator_columns[text] = column
    course_ids = [cell.strip() for cell in rows[0]]
    if len(set(course_ids)) != len(course_ids) or "" in course_ids:
        raise ProgrammeError(f"{support_path}: course ids are blank or repeat")
    support = {}  # (course id, indicator id) → (cell, weight W_ic)
    for indicator_id, column in indicator_columns.items():
        kinds = set()
        for course_id, cell in zip(course_ids, rows[column]):
            if cell.strip():
                where = f"{support_path}: {course_id}, {indicator_id}"
                support[(course_id, indicator_id)] = support_weight(cell, levels, where)
                kinds.add(support[(course_id, indicator_id)][0] in DEFAULT_LEVELS)
        if len(kinds) > 1:
            raise ProgrammeError(f"{support_path}: column {indicator_id} mixes levels and numbers")
    unsupported = [i for i in indicator_ids if not any((c, i) in support for c in course_ids)]
    if unsupported:
        raise ProgrammeError(f"{support_path}: indicators without a supporting course: {' '.join(unsupported)}")

    courses_folder = os.path.join(folder, "courses")
    if not os.path.isdir(courses_folder):
        raise ProgrammeError(f"{courses_folder}: missing")
    extra_files = sorted(set(f[:-5] for f in os.listdir(courses_folder) if f.endswith(".yaml")) - set(course_ids))
    if extra_files:
        raise ProgrammeError(f"{courses_folder}: course files without a row in support.csv: {' '.join(extra_files)}")
    courses = [load_course(folder, course_id, support) for course_id in course_ids]
    return {
        "id": text_id(spec.get("id"), f"{path}: id"), "name": str(spec.get("name", "")),
        "cohort": text_id(spec.get("cohort"), f"{path}: cohort"), "thresholds": thresholds,
        "objectives": objectives, "requirements": requirements, "indicators": indicator_ids,
        "requirement_support": requirement_support, "support": support, "courses": courses,
    }


def load_course(folder, course_id, support):
    """courses/ID.yaml: objectives, components, items and where its score sheets are."""
    path = os.path.join(folder, "courses", f"{course_id}.yaml")
    if not os.path.isfile(path):
        raise ProgrammeError(f"{path}: missing (course {course_id} is in support.csv)")
    spec = read_yaml(path)
    check_keys(spec, COURSE_KEYS, path)
    if text_id(spec.get("id"), f"{path}: id") != course_id:
        raise ProgrammeError(f"{path}: id {spec.get('id')} is not the file's name")
    objectives = []  # (id, [indicator ids])
    for objective in spec.get("objectives") or []:
        objective_id = text_id(objective.get("id"), f"{path}: objectives")
        indicators = [text_id(i, f"{path}: {objective_id} indicators") for i in objective.get("indicators") or []]
        for indicator_id in indicators:
            if (course_id, indicator_id) not in support:
                raise ProgrammeError(f"{path}: {objective_id} names {indicator_id}, which support.csv gives "
                                     f"no cell for {course_id}")
        objectives.append((objective_id, indicators))
    objective_ids = [o[0] for o in objectives]
    if len(set(objective_ids)) != len(objective_ids):
        raise ProgrammeError(f"{path}: objective ids repeat")
    reached = {i for _, indicators in objectives for i in indicators}
    for (supported_course, indicator_id) in support:
        if supported_course == course_id and indicator_id not in reached:
            raise ProgrammeError(f"{path}: support.csv gives {course_id} a cell for {indicator_id}, "
                                 "which no objective of the course names")

    components = {}
    for component in spec.get("components") or []:
        check_keys(component, COMPONENT_KEYS, f"{path}: component")
        component_id = text_id(component.get("id"), f"{path}: components")
        components[component_id] = positive_number(component.get("weight"), f"{path}: {component_id} weight")
    total = sum(components.values())
    components = {c: w / total for c, w in components.items()}  # normalised over the course (§2)

    items = []  # (id, component, full marks, {objective: marks m_jk})
    for item in spec.get("items") or []:
        check_keys(item, ITEM_KEYS, f"{path}: item {item.get('id')}")  # weight, column: refused
        item_id = text_id(item.get("id"), f"{path}: items")
        if item.get("component") not in components:
            raise ProgrammeError(f"{path}: item {item_id}: unknown component {item.get('component')}")
        full = positive_number(item.get("full_marks"), f"{path}: item {item_id} full_marks")
        assessed = item.get("objectives")
        if isinstance(assessed, dict):  # a split of the item's marks: {CO1: 12, CO2: 8}
            marks = {k: positive_number(v, f"{path}: item {item_id} {k}") for k, v in assessed.items()}
            if abs(sum(marks.values()) - full) > 1e-9 * full:
                raise ProgrammeError(f"{path}: item {item_id}: the parts do not add up to full_marks")
        else:
            marks = {assessed: full}
        for objective_id in marks:
            if objective_id not in objective_ids:
                raise ProgrammeError(f"{path}: item {item_id}: unknown objective {objective_id}")
        items.append((item_id, item["component"], full, marks))
    if len({i[0] for i in items}) != len(items):
        raise ProgrammeError(f"{path}: item ids repeat")
    unassessed = [k for k in objective_ids if not any(k in item[3] for item in items)]
    if unassessed:
        raise ProgrammeError(f"{path}: objectives without an item: {' '.join(unassessed)}")

    if "sheets" in spec:
        sheets = [os.path.join(folder, s) for s in spec["sheets"]]
    else:
        csv_path = os.path.join(folder, "scores", f"{course_id}.csv")
        xlsx_path = os.path.join(folder, "scores", f"{course_id}.xlsx")
        sheet_folder = os.path.join(folder, "scores", course_id)
        if os.path.isfile(csv_path) and os.path.isfile(xlsx_path):
            raise ProgrammeError(f"{csv_path}: both .csv and .xlsx score sheets for {course_id}")
        if os.path.isfile(csv_path) or os.path.isfile(xlsx_path):
            sheets = [csv_path if os.path.isfile(csv_path) else xlsx_path]
        elif os.path.isdir(sheet_folder):
            sheets = [os.path.join(sheet_folder, f) for f in sorted(os.listdir(sheet_folder))
                      if f.endswith((".csv", ".xlsx")) and not f.startswith("~$")]
        else:
            sheets = []
    if not sheets:
        raise ProgrammeError(f"{path}: no score sheet for {course_id}")
    for sheet in sheets:
        if not sheet.endswith(".csv"):
            raise ProgrammeError(f"{sheet}: .xlsx score sheets are not supported by the baseline")
    return {
        "id": course_id, "name": str(spec.get("name", "")), "credits": spec.get("credits"),
        "objectives": objectives, "components": components, "items": items, "sheets": sheets,
        "ignore_columns": {header_word(str(c)) for c in spec.get("ignore_columns") or []},
    }


def read_scores(course):
    """The course's sheets, pooled: student ids and names, whether each row counts, X and M.

    Returns (ids, names, counted rows, X, M): X the students × items scores (0 where a cell is left
    out), M the 0/1 matrix of the cells that count (δ). A row whose status column says 缓考 or
    免修 does not count: its X and M rows are zero and its cells are not looked at.
    """
    item_ids = [i[0] for i in course["items"]]
    full_marks = np.array([i[2] for i in course["items"]])
    ids, names, statuses, cells, places = [], [], [], [], []
    for sheet in course["sheets"]:
        header, rows = read_csv_text(sheet)
        words = [header_word(h) for h in header]
        id_column = next((c for c, w in enumerate(words) if w in STUDENT_ID_HEADERS), None)
        if id_column is None:
            raise ProgrammeError(f"{sheet}:1: no student-id column in the first row "
                                 "(title rows above the header are not supported by the baseline)")
        name_column, status_column, item_columns = None, None, {}
        for column, (text, word) in enumerate(zip(header, words)):
            if column == id_column or word in CLASS_HEADERS:
                continue
            if word in NAME_HEADERS:
                name_column = column
                continue
            if text in item_ids:
                if text in item_columns:
                    raise ProgrammeError(f"{sheet}:1:{column + 1}: item {text} has two columns")
                item_columns[text] = column
            elif word in STATUS_HEADERS:
                status_column = column
            elif word in ATTEMPT_HEADERS:
                raise ProgrammeError(f"{sheet}:1:{column + 1}: attempt column {text!r} (resits, retakes) "
                                     "not supported by the baseline")
            elif word not in SKIPPED_HEADERS and word not in course["ignore_columns"]:
                raise ProgrammeError(f"{sheet}:1:{column + 1}: column {text!r} is not an item of {course['id']} "
                                     "[item-not-in-plan]")
        missing = [i for i in item_ids if i not in item_columns]
        if missing:
            raise ProgrammeError(f"{sheet}:1: no column for {' '.join(missing)} [item-not-in-sheet]")
        ids.append(rows[id_column].str.strip())
        names.append(rows[name_column].str.strip() if name_column is not None else pd.Series([""] * len(rows)))
        statuses.append(rows[status_column].str.strip().str.lower() if status_column is not None
                        else pd.Series([""] * len(rows)))
        block = rows[[item_columns[i] for i in item_ids]]
        block.columns = item_ids
        cells.append(block)
        # file, line (the header is line 1) and column of each cell, for error messages
        places.append((sheet, [item_columns[i] + 1 for i in item_ids], len(rows)))
    ids = pd.concat(ids, ignore_index=True)
    names = pd.concat(names, ignore_index=True)
    statuses = pd.concat(statuses, ignore_index=True)
    cells = pd.concat(cells, ignore_index=True)

    def place(row, column=None):
        """file:line (the header is line 1), and :column when one is given, of a pooled row."""
        for sheet, columns, count in places:
            if row < count:
                return f"{sheet}:{row + 2}" + (f":{columns[column]}" if column is not None else "")
            row -= count
        return "?"

    def first(flags):
        return int(np.argmax(np.asarray(flags)))

    if (ids == "").any():
        raise ProgrammeError(f"{place(first(ids == ''))}: blank student id "
                             "(multi-row headers are not supported by the baseline)")
    lowered = ids.str.lower()
    footer = lowered.isin(FULL_MARKS_LABELS) | lowered.str.contains("|".join(FOOTER_WORDS), regex=True)
    if footer.any():
        raise ProgrammeError(f"{place(first(footer))}: {ids[first(footer)]!r} in the id column: full-marks and "
                             "footer rows are not supported by the baseline")
    duplicated = ids.duplicated()
    if duplicated.any():
        row = first(duplicated)
        raise ProgrammeError(f"{place(row)}: student {ids[row]} appears twice in {course['id']} [duplicate-student]")
    unknown = ~statuses.isin(ZERO_WORDS | LEFT_OUT_WORDS | {""})
    if unknown.any():
        row = first(unknown)
        raise ProgrammeError(f"{place(row)}: status {statuses[row]!r} is not a status word")
    counted_rows = ~statuses.isin(LEFT_OUT_WORDS).to_numpy()

    # Numbers first, every cell in one vectorised parse; then the few cells that are not numbers.
    text = cells.to_numpy(dtype=object)
    scores = pd.to_numeric(pd.Series(text.ravel()), errors="coerce").to_numpy(dtype=float, copy=True)
    scores = scores.reshape(text.shape)
    counts = ~np.isnan(scores)  # inf is a number too: out of range, below
    counts[~counted_rows] = True  # rows left out: not looked at
    rows_odd, columns_odd = np.nonzero(~counts)
    texts = pd.Series(text[rows_odd, columns_odd], dtype=object).str.strip().str.lower()
    row_status = statuses.to_numpy()[rows_odd]
    # A blank cell takes the row's status (缺考/作弊 in the status column), else it is an error.
    texts = texts.where(texts != "", pd.Series(row_status, dtype=object))
    zero = texts.isin(ZERO_WORDS).to_numpy()
    left_out = texts.isin(LEFT_OUT_WORDS).to_numpy()
    bad = ~(zero | left_out)
    if bad.any():
        n = int(np.argmax(bad))
        what = "blank cell (blank: error)" if texts.iloc[n] == "" else f"{texts.iloc[n]!r} is not a number"
        raise ProgrammeError(f"{place(rows_odd[n], columns_odd[n])}: {what}")
    scores[rows_odd, columns_odd] = 0.0
    mask = np.ones_like(scores)
    mask[rows_odd[left_out], columns_odd[left_out]] = 0.0
    scores[~counted_rows] = 0.0
    mask[~counted_rows] = 0.0
    out_of_range = (scores < 0) | (scores > full_marks)
    if out_of_range.any():
        row, column = np.argwhere(out_of_range)[0]
        raise ProgrammeError(f"{place(row, column)}: {scores[row, column]:g} is outside 0-{full_marks[column]:g}")
    return ids.to_numpy(dtype=object), names.to_numpy(dtype=object), counted_rows, scores, mask


def read_roster(folder):
    """roster.csv's student ids and names in order, or None without a roster."""
    path = os.path.join(folder, "roster.csv")
    if not os.path.isfile(path):
        return None
    header, rows = read_csv_text(path)
    words = [header_word(h) for h in header]
    if any(w in ROSTER_STATUS_HEADERS for w in words):
        raise ProgrammeError(f"{path}: a status column (transfers, leavers) is not supported by the baseline")
    id_column = next((c for c, w in enumerate(words) if w in STUDENT_ID_HEADERS), None)
    if id_column is None:
        raise ProgrammeError(f"{path}:1: no student-id column")
    name_column = next((c for c, w in enumerate(words) if w in NAME_HEADERS), None)
    ids = rows[id_column].str.strip()
    if (ids == "").any() or ids.duplicated().any():
        raise ProgrammeError(f"{path}: student ids are blank or repeat")
    names = rows[name_column].str.strip() if name_column is not None else pd.Series([""] * len(rows))
    return pd.Series(names.to_numpy(dtype=object), index=pd.Index(ids.to_numpy(dtype=object)))


# ----------------------------------------------------------------------------------------------
# Computing
# ----------------------------------------------------------------------------------------------


def ratio(numerator, denominator):
    """numerator / denominator, NaN (no value) where the denominator is 0."""
    out = np.full(np.broadcast(numerator, denominator).shape, np.nan)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


def weighted_mean(values, weights):
    """Σ w·v / Σ w over the values present (not NaN), row by row: two matrix products.

    values: rows × sources (NaN = no value); weights: sources × targets. A target with no
    source present has no value.
    """
    present = ~np.isnan(values)
    return ratio(np.where(present, values, 0.0) @ weights, present.astype(float) @ weights)


def minimum_over(values, groups):
    """The minimum over each group of columns, ignoring missing values (NaN if all missing)."""
    return np.column_stack([np.fmin.reduce(values[:, columns], axis=1) for columns in groups])


def class_summary(values, individual):
    """For each column: the students with a value, and those below the individual threshold."""
    present = ~np.isnan(values)
    below = present & is_below(np.where(present, values, np.inf), individual)
    return present.sum(axis=0), below.sum(axis=0)


def column_mean(values):
    """The mean of each column over the rows with a value (NaN if none)."""
    present = ~np.isnan(values)
    return ratio(np.where(present, values, 0.0).sum(axis=0), present.sum(axis=0).astype(float))


def compute_course(course, indicator_order):
    """Course-objective values (§2.1, §2.4), item statistics and the course's indicator values (§3)."""
    ids, names, counted_rows, scores, mask = read_scores(course)
    objective_ids = [o[0] for o in course["objectives"]]
    items = course["items"]
    # The (component, objective) pairs with at least one item, and the items × pairs matrices
    # Qn[j, ck] = m_jk / S_j and Qd[j, ck] = m_jk (§2.4).
    pairs = sorted({(item[1], k) for item in items for k in item[3]},
                   key=lambda p: (list(course["components"]).index(p[0]), objective_ids.index(p[1])))
    q_earned = np.zeros((len(items), len(pairs)))
    q_available = np.zeros((len(items), len(pairs)))
    for j, (_, component, full, marks) in enumerate(items):
        for k, m in marks.items():
            q_earned[j, pairs.index((component, k))] = m / full
            q_available[j, pairs.index((component, k))] = m
    # pairs × objectives: the component weight w_c where the pair's objective is k
    pair_weights = np.zeros((len(pairs), len(objective_ids)))
    for p, (component, k) in enumerate(pairs):
        pair_weights[p, objective_ids.index(k)] = course["components"][component]
    earned = scores @ q_earned  # N
    available = mask @ q_available  # D
    component_ratios = ratio(earned, available)  # NaN where the pair does not exist for p
    values = np.minimum(weighted_mean(component_ratios, pair_weights), 1.0)  # cap: true
    values[~counted_rows] = np.nan

    class_values = column_mean(values)  # A_k: mean over the students with a value
    # The course's value for an indicator: the mean of its objectives mapped to it (§3).
    indicators = [i for i in indicator_order if any(i in o[1] for o in course["objectives"])]
    mapping = np.array([[1.0 if i in o[1] else 0.0 for i in indicators] for o in course["objectives"]])
    return {
        "ids": ids, "names": names, "values": values, "class_values": class_values,
        "value": np.nan if np.isnan(class_values).any() else class_values.min(),
        "indicators": indicators,
        "student_indicator_values": weighted_mean(values, mapping),  # a_pci
        "indicator_values": weighted_mean(class_values[None, :], mapping)[0],  # A_ci
        "item_averages": ratio(scores.sum(axis=0), mask.sum(axis=0)),
        "items_counted": mask.sum(axis=0).astype(int),
    }


def verdict(value, threshold):
    if np.isnan(value):
        return VERDICT_NOT_EVALUABLE
    return VERDICT_NOT_MET if is_below(value, threshold) else VERDICT_MET


def compute_programme(folder):
    """Every value of one programme: a dict of pandas frames and numpy arrays (see write_outputs)."""
    programme = load_programme(folder)
    individual = programme["thresholds"]["individual"]
    courses = programme["courses"]
    results = [compute_course(course, programme["indicators"]) for course in courses]

    roster = read_roster(folder)
    if roster is None:  # the cohort is every student on any sheet, ordered by id
        names = {}
        for result in results:  # each student's name as the first sheet that has them gives it
            for student_id, name in zip(result["ids"], result["names"]):
                names.setdefault(student_id, name)
        every = sorted(names, key=lambda s: s.encode("utf-8"))
        roster = pd.Series([names[s] for s in every], index=pd.Index(every, dtype=object))
    cohort = roster.index

    # Students × (course, indicator) values a_pci, aligned on the cohort (NaN where a student
    # lacks the course), and the (course, indicator) × indicators support weights W_ic.
    indicator_index = {i: n for n, i in enumerate(programme["indicators"])}
    blocks, class_blocks, weight_rows = [], [], []
    for course, result in zip(courses, results):
        frame = pd.DataFrame(result["student_indicator_values"], index=pd.Index(result["ids"], dtype=object))
        blocks.append(frame.reindex(cohort).to_numpy())
        class_blocks.append(result["indicator_values"])
        for indicator_id in result["indicators"]:
            row = np.zeros(len(indicator_index))
            row[indicator_index[indicator_id]] = programme["support"][(course["id"], indicator_id)][1]
            weight_rows.append(row)
    course_indicator_values = np.hstack(blocks)
    weights = np.vstack(weight_rows)
    student_indicators = weighted_mean(course_indicator_values, weights)  # (S·W) ⊘ (P·W), §4.1
    class_indicators = weighted_mean(np.concatenate(class_blocks)[None, :], weights)[0]

    # Requirements: the minimum over their indicators (§5).
    groups = [[indicator_index[i] for i in indicators] for _, _, indicators in programme["requirements"]]
    student_requirements = minimum_over(student_indicators, groups)
    class_requirements = minimum_over(class_indicators[None, :], groups)[0]

    # Programme objectives: requirements weighted by requirement_support, renormalised (§6).
    requirement_ids = [r[0] for r in programme["requirements"]]
    objective_weights = np.zeros((len(requirement_ids), len(programme["objectives"])))
    for (requirement_id, objective_id), (_, weight) in programme["requirement_support"].items():
        objective_weights[requirement_ids.index(requirement_id), programme["objectives"].index(objective_id)] = weight
    student_objectives = weighted_mean(student_requirements, objective_weights)
    class_objectives = weighted_mean(class_requirements[None, :], objective_weights)[0]

    # Per student: course-objective values on the cohort, and the courses a student lacks
    # (no value for any of the course's objectives).
    student_course_objectives, missing = [], []
    for course, result in zip(courses, results):
        frame = pd.DataFrame(result["values"], index=pd.Index(result["ids"], dtype=object),
                             columns=[f"{course['id']}/{o[0]}" for o in course["objectives"]])
        frame = frame.reindex(cohort)
        student_course_objectives.append(frame)
        missing.append(frame.isna().all(axis=1).rename(course["id"]))
    missing = pd.concat(missing, axis=1)
    missing_courses = missing.apply(lambda row: list(row.index[row.to_numpy()]), axis=1)

    return {
        "programme": programme, "results": results, "roster": roster, "individual": individual,
        "student_course_objectives": pd.concat(student_course_objectives, axis=1),
        "missing_courses": missing_courses,
        "student_indicators": pd.DataFrame(student_indicators, index=cohort, columns=programme["indicators"]),
        "class_indicators": class_indicators,
        "student_requirements": pd.DataFrame(student_requirements, index=cohort, columns=requirement_ids),
        "class_requirements": class_requirements,
        "student_objectives": pd.DataFrame(student_objectives, index=cohort, columns=programme["objectives"]),
        "class_objectives": class_objectives,
    }


# ----------------------------------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------------------------------


def number(value):
    """A value for JSON: a float at full precision, or None for no value."""
    return None if value is None or np.isnan(value) else float(value)


def short(value):
    """A setting or full marks for a table, as written (0.7, 10, 1.5), not as a value (6 decimals)."""
    return f"{value:g}"


def records(frame):
    """A students × ids frame as {student: {id: value or None}} for JSON."""
    return frame.astype(object).where(frame.notna(), None).to_dict(orient="index")


def class_entry(value, evaluated, below, threshold):
    return {"value": number(value), "verdict": verdict(value, threshold),
            "students_evaluated": int(evaluated), "students_below_individual": int(below)}


def write_csv(frame, path):
    frame.to_csv(path, index=False, float_format="%.6f", na_rep="", lineterminator="\n")


def write_outputs(computed, out_folder, relative):
    """The CSV tables and values.json of one programme."""
    programme = computed["programme"]
    class_threshold = programme["thresholds"]["class"]
    class_shown = short(class_threshold)  # thresholds and full marks as written: 0.7, 10
    individual = computed["individual"]
    roster = computed["roster"]
    os.makedirs(out_folder, exist_ok=True)
    values = {
        "programme": {"id": programme["id"], "name": programme["name"], "cohort": programme["cohort"],
                      "path": relative},
        "thresholds": programme["thresholds"],
    }

    # Course objectives, courses, items, and the courses' values for indicators
    objective_rows, course_rows, item_rows, courses_json = [], [], [], {}
    for course, result in zip(programme["courses"], computed["results"]):
        evaluated, below = class_summary(result["values"], individual)
        objectives_json = {}
        for k, (objective_id, indicators) in enumerate(course["objectives"]):
            entry = class_entry(result["class_values"][k], evaluated[k], below[k], class_threshold)
            objectives_json[objective_id] = entry
            objective_rows.append([course["id"], objective_id, " ".join(indicators), entry["value"], class_shown,
                                   entry["verdict"], entry["students_evaluated"], entry["students_below_individual"]])
        course_rows.append([course["id"], course["name"], course["credits"], len(result["ids"]),
                            number(result["value"]), class_shown, verdict(result["value"], class_threshold)])
        items_json = {}
        for j, (item_id, component, full, _) in enumerate(course["items"]):
            items_json[item_id] = {"full_marks": full, "average": number(result["item_averages"][j]),
                                   "students_counted": int(result["items_counted"][j])}
            item_rows.append([course["id"], item_id, component, short(full), items_json[item_id]["average"],
                              items_json[item_id]["students_counted"]])
        per_student = pd.DataFrame(result["values"], index=result["ids"],
                                   columns=[o[0] for o in course["objectives"]])
        courses_json[course["id"]] = {
            "value": number(result["value"]), "students": len(result["ids"]), "objectives": objectives_json,
            "indicator_values": {i: number(v) for i, v in zip(result["indicators"], result["indicator_values"])},
            "items": items_json,
            "per_student": records(per_student),
        }
    values["courses"] = courses_json
    class_header = ["value", "threshold", "verdict", "students_evaluated", "students_below_individual"]
    write_csv(pd.DataFrame(objective_rows, columns=["course_id", "objective_id", "indicators"] + class_header),
              os.path.join(out_folder, "course_objectives.csv"))
    write_csv(pd.DataFrame(course_rows, columns=["course_id", "name", "credits", "students", "value", "threshold",
                                                 "verdict"]), os.path.join(out_folder, "courses.csv"))
    write_csv(pd.DataFrame(item_rows, columns=["course_id", "item_id", "component", "full_marks", "average",
                                               "students_counted"]), os.path.join(out_folder, "assessment_items.csv"))

    # Indicators, with each supporting course's normalised weight and value
    student_indicators = computed["student_indicators"]
    evaluated, below = class_summary(student_indicators.to_numpy(), individual)
    indicator_requirement = {i: r for r, _, indicators in programme["requirements"] for i in indicators}
    indicator_rows, support_rows, indicators_json = [], [], {}
    course_values = {(c["id"], i): v for c, r in zip(programme["courses"], computed["results"])
                     for i, v in zip(r["indicators"], r["indicator_values"])}
    for n, indicator_id in enumerate(programme["indicators"]):
        supporters = [c["id"] for c in programme["courses"] if (c["id"], indicator_id) in programme["support"]]
        total = sum(programme["support"][(c, indicator_id)][1] for c in supporters)
        contributions = {}
        for course_id in supporters:
            cell, weight = programme["support"][(course_id, indicator_id)]
            contributions[course_id] = {"weight": weight / total,
                                        "value": number(course_values[(course_id, indicator_id)])}
            support_rows.append([indicator_id, course_id, cell, weight / total, contributions[course_id]["value"]])
        entry = class_entry(computed["class_indicators"][n], evaluated[n], below[n], class_threshold)
        indicators_json[indicator_id] = dict(entry, requirement=indicator_requirement[indicator_id],
                                             courses=contributions)
        indicator_rows.append([indicator_requirement[indicator_id], indicator_id, len(supporters), entry["value"],
                               class_shown, entry["verdict"], entry["students_evaluated"],
                               entry["students_below_individual"]])
    values["indicators"] = indicators_json
    write_csv(pd.DataFrame(indicator_rows,
                           columns=["requirement_id", "indicator_id", "supporting_courses"] + class_header),
              os.path.join(out_folder, "indicators.csv"))
    write_csv(pd.DataFrame(support_rows, columns=["indicator_id", "course_id", "support", "weight", "course_value"]),
              os.path.join(out_folder, "indicator_support.csv"))

    # Requirements
    evaluated, below = class_summary(computed["student_requirements"].to_numpy(), individual)
    requirement_rows, requirements_json = [], {}
    for n, (requirement_id, name, indicators) in enumerate(programme["requirements"]):
        entry = class_entry(computed["class_requirements"][n], evaluated[n], below[n], class_threshold)
        requirements_json[requirement_id] = entry
        requirement_rows.append([requirement_id, name, " ".join(indicators), entry["value"], class_shown,
                                 entry["verdict"], entry["students_evaluated"], entry["students_below_individual"]])
    values["requirements"] = requirements_json
    write_csv(pd.DataFrame(requirement_rows, columns=["requirement_id", "name", "indicators"] + class_header),
              os.path.join(out_folder, "requirements.csv"))

    # Programme objectives, with each supporting requirement's normalised weight and value
    evaluated, below = class_summary(computed["student_objectives"].to_numpy(), individual)
    requirement_ids = [r[0] for r in programme["requirements"]]
    objective_rows, objectives_json = [], {}
    for n, objective_id in enumerate(programme["objectives"]):
        supporters = [r for r in requirement_ids if (r, objective_id) in programme["requirement_support"]]
        total = sum(programme["requirement_support"][(r, objective_id)][1] for r in supporters)
        contributions = {r: {"weight": programme["requirement_support"][(r, objective_id)][1] / total,
                             "value": number(computed["class_requirements"][requirement_ids.index(r)])}
                         for r in supporters}
        entry = class_entry(computed["class_objectives"][n], evaluated[n], below[n], class_threshold)
        objectives_json[objective_id] = dict(entry, requirements=contributions)
        objective_rows.append([objective_id, " ".join(supporters), entry["value"], class_shown, entry["verdict"],
                               entry["students_evaluated"], entry["students_below_individual"]])
    values["programme_objectives"] = objectives_json
    write_csv(pd.DataFrame(objective_rows, columns=["objective_id", "supporting_requirements"] + class_header),
              os.path.join(out_folder, "programme_objectives.csv"))

    # Per student tables: student_id, name, missing courses, then one column per id
    missing = computed["missing_courses"].map(" ".join)
    identity = pd.DataFrame({"student_id": roster.index, "name": roster.to_numpy()})
    frames = {
        "students_course_objectives.csv": (computed["student_course_objectives"], False),
        "students_indicators.csv": (computed["student_indicators"], True),
        "students_requirements.csv": (computed["student_requirements"], True),
        "students_programme_objectives.csv": (computed["student_objectives"], True),
    }
    for name, (frame, with_missing) in frames.items():
        table = identity.assign(missing_courses=missing.to_numpy()) if with_missing else identity
        write_csv(pd.concat([table, frame.reset_index(drop=True)], axis=1), os.path.join(out_folder, name))
    levels = {"indicators": records(computed["student_indicators"]),
              "requirements": records(computed["student_requirements"]),
              "programme_objectives": records(computed["student_objectives"])}
    values["students"] = [dict({"id": student_id, "missing_courses": computed["missing_courses"][student_id]},
                               **{level: by_student[student_id] for level, by_student in levels.items()})
                          for student_id in roster.index]

    # Students below the individual threshold, at every level (§7)
    below_rows = []
    for level, frame in (("requirement", computed["student_requirements"]),
                         ("indicator", computed["student_indicators"]),
                         ("programme-objective", computed["student_objectives"])):
        for target_id in frame.columns:  # by level, then id, then student in cohort order
            column = frame[target_id]
            for student_id, value in column[is_below(column, individual)].items():  # NaN < t is False
                below_rows.append([level, target_id, student_id, roster[student_id], value, short(individual)])
    for course, result in zip(programme["courses"], computed["results"]):  # every student of the course
        for k, (objective_id, _) in enumerate(course["objectives"]):
            column = result["values"][:, k]
            for p in np.nonzero(is_below(column, individual))[0]:  # NaN < t is False
                student_id = result["ids"][p]
                below_rows.append(["course-objective", f"{course['id']}/{objective_id}", student_id,
                                   roster.get(student_id, ""), column[p], short(individual)])
    below = pd.DataFrame(below_rows, columns=["level", "id", "student_id", "name", "value", "threshold"])
    write_csv(below, os.path.join(out_folder, "below_threshold.csv"))
    values["below_individual"] = [row[:3] for row in below_rows]

    with open(os.path.join(out_folder, "values.json"), "w", encoding="utf-8") as handle:
        json.dump(values, handle, ensure_ascii=False)


# ----------------------------------------------------------------------------------------------
# Running
# ----------------------------------------------------------------------------------------------


def run_programme(task):
    """Computes and writes one programme; returns (relative path, error text or None)."""
    root, out, relative, kind = task
    try:
        if kind == "workbook":
            raise ProgrammeError("a programme workbook (.xlsx) is not supported by the baseline")
        folder = root if relative == "." else os.path.join(root, relative)
        computed = compute_programme(folder)
        write_outputs(computed, out if relative == "." else os.path.join(out, relative), relative)
        return relative, None
    except ProgrammeError as error:
        message = str(error)
        prefix = (root if relative == "." else os.path.join(root, relative)) + os.sep
        return relative, message.replace(prefix, "")


def main(argv=None):
    parser = argparse.ArgumentParser(description="The pandas/numpy baseline of `attain batch ROOT -o OUT`.")
    parser.add_argument("root", help="the folder to search for programmes")
    parser.add_argument("out", help="the output folder: OUT/<programme path>/")
    parser.add_argument("--jobs", type=int, default=1, help="programmes computed at once, in processes (default: 1)")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    start = time.perf_counter()
    programmes = find_programmes(args.root)
    if not programmes:
        print(f"baseline: no programme under {args.root}", file=sys.stderr)
        return 1
    tasks = [(args.root, args.out, relative, kind) for relative, kind in programmes]
    if args.jobs == 1:
        outcomes = [run_programme(task) for task in tasks]
    else:
        with multiprocessing.Pool(args.jobs) as pool:
            outcomes = list(pool.imap(run_programme, tasks, chunksize=1))
    failures = [(relative, error) for relative, error in outcomes if error is not None]
    for relative, error in failures:
        print(f"baseline: {relative}: {error}", file=sys.stderr)
    print(f"baseline: {len(programmes)} programmes, {len(failures)} failed, "
          f"{time.perf_counter() - start:.2f} s, --jobs {args.jobs}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

public import AttainmentCore

/// `run.json`: what was run, on what, with which settings, by which version, and what it found.
/// It holds no time stamp and no absolute path, so the same inputs give the same bytes.
public enum RunRecord {
    /// The record of a run.
    /// - Parameters:
    ///   - rules: the early-warning rules the run was checked with, or nil if none.
    ///   - warnings: the warnings they raised, counted by level and severity.
    public static func make(
        _ result: AttainmentResult, inputs: [InputFile], outputs: [String], rules: WarningRules? = nil,
        warnings: [EarlyWarning] = []
    ) -> JSONValue {
        let programme = result.programme
        let scores = zip(programme.courses, result.courses).reduce(0) { $0 + $1.0.items.count * $1.1.students.count }
        return .object([
            ("tool", .object([("name", .string("attain")), ("version", .string(attainVersion))])),
            ("programme", .object([
                ("id", .string(programme.id)), ("name", .string(programme.name)),
                ("cohort", .string(programme.cohort)), ("scheme", .string(programme.scheme.rawValue)),
            ])),
            ("thresholds", thresholds(programme.thresholds)),
            ("methods", methods(programme.methods)),
            ("inputs", .array(inputs.map { file in
                .object([("path", .string(file.path)), ("sha256", .string(file.sha256)), ("bytes", .integer(file.size))])
            })),
            ("counts", .object([
                ("requirements", .integer(programme.requirements.count)),
                ("indicators", .integer(result.indicators.count)),
                ("programme_objectives", .integer(programme.objectives.count)),
                ("courses", .integer(programme.courses.count)),
                ("cohort_students", .integer(result.students.students.count)),
                ("scores", .integer(scores)),
                ("students_with_missing_courses", .integer(result.students.studentsWithMissingCourses)),
                ("students_below_individual_in_a_requirement", .integer(BelowThreshold.studentsBelowInAnyRequirement(result))),
            ])),
            ("diagnostics", .array(result.diagnostics.map(diagnostic))),
        ] + (rules.map { rules in
            [
                ("warning_rules", WarningRulesRecord.make(rules)),
                ("early_warnings", .object(EarlyWarning.Level.allCases.map { level in
                    (level.rawValue, .object(EarlyWarning.Severity.allCases.map { severity in
                        (severity.rawValue, .integer(warnings.count { $0.level == level && $0.severity == severity }))
                    }))
                })),
            ]
        } ?? []) + [
            ("outputs", .array(outputs.map(JSONValue.string))),
        ])
    }

    static func thresholds(_ thresholds: Thresholds) -> JSONValue {
        .object([("class", .number(thresholds.classLevel)), ("individual", .number(thresholds.individual))])
    }

    /// The settings in effect, nested by their keys' dots: `levels.H` is `levels: {H: …}`.
    static func methods(_ methods: MethodSettings) -> JSONValue {
        func json(_ value: SettingValue) -> JSONValue {
            switch value {
            case .choice(let word): .string(word)
            case .number(let number): .number(number)
            case .flag(let flag): .bool(flag)
            case .numbers(let numbers): .array(numbers.map(JSONValue.number))
            }
        }
        return .object(MethodSettings.nested(methods.entries).map { node in
            (node.key, node.value.map(json) ?? .object(node.members.map { ($0.key, json($0.value)) }))
        })
    }

    static func diagnostic(_ diagnostic: Diagnostic) -> JSONValue {
        .object([
            ("severity", .string(diagnostic.severity.rawValue)),
            ("code", .string(diagnostic.code.rawValue)),
            ("location", diagnostic.location.map { .string($0.description) } ?? .null),
            ("message", .string(diagnostic.message)),
        ])
    }
}

/// `results.json`: every class value with its verdict and every student's values.
enum ResultsJSON {
    /// The counts behind an NBA or ABET objective value: the method, its target, and per part
    /// the students assessed and reaching it, the share and (NBA) the level and weight.
    static func evidence(_ evidence: SchemeEvidence, _ methods: MethodSettings) -> JSONValue {
        let target: (String, JSONValue) = methods.courseObjective == .rubricLevels
            ? ("target_level", .number(methods.abet.targetLevel)) : ("target", .number(methods.nba.target))
        return .object([
            ("method", .string(methods.courseObjective.rawValue)), target,
            ("parts", .array(evidence.parts.map { part in
                .object(
                    (part.kind.map { [("part", JSONValue.string($0.rawValue))] } ?? [])
                        + [
                            ("students_assessed", .integer(part.studentsAssessed)),
                            ("students_reaching", .integer(part.studentsReaching)),
                            ("share", .value(part.share)),
                        ]
                        + (part.kind == nil ? [] : [
                            ("level", part.level.map { JSONValue.integer($0) } ?? .null),
                            ("weight", .number(part.weight)),
                        ]))
            })),
            ("value", .value(evidence.value)),
        ])
    }

    /// The file's bytes. The small parts are built as `JSONValue` trees; the courses' and the
    /// cohort's per-student values, most of the file, are streamed through `JSONWriter`.
    /// - Parameter warnings: the run's early warnings, as `early_warnings`; nil leaves the key out.
    static func bytes(_ result: AttainmentResult, warnings: [ProgrammeWarning]? = nil) -> [UInt8] {
        let programme = result.programme
        let cohort = result.students
        func classValue(_ value: ClassValue) -> [(String, JSONValue)] {
            [
                ("value", .value(value.value)), ("verdict", .string(value.verdict.rawValue)),
                ("students_evaluated", .integer(value.studentsEvaluated)),
                ("students_below_individual", .integer(value.studentsBelowIndividual)),
            ]
        }
        func contribution(_ contribution: Contribution) -> JSONValue {
            .object([
                ("id", .string(contribution.sourceID)), ("support", .string(contribution.strength.cell)),
                ("weight", .number(contribution.weight)), ("value", .value(contribution.value)),
            ])
        }
        // Room for every value at about 40 bytes a line, so that the buffer is not regrown.
        let courseValues = zip(programme.courses, result.courses).reduce(0) { $0 + $1.0.objectives.count * $1.1.students.count }
        let cohortValues = cohort.students.count * (cohort.requirements.columns + cohort.indicators.columns + cohort.objectives.columns)
        var json = JSONWriter(capacity: 64 * 1024 + 40 * (courseValues + cohortValues))
        json.beginObject()
        json.member("programme", .object([
            ("id", .string(programme.id)), ("name", .string(programme.name)), ("cohort", .string(programme.cohort)),
        ]))
        json.member("thresholds", RunRecord.thresholds(programme.thresholds))
        json.member("requirements", .array(zip(programme.requirements, result.requirements).map { requirement, attainment in
            .object([("id", .string(requirement.id)), ("name", .string(requirement.name))] + classValue(attainment.value))
        }))
        json.member("indicators", .array(result.indicators.map { attainment in
            .object(
                [("id", .string(attainment.indicatorID)), ("requirement", .string(attainment.requirementID))]
                    + classValue(attainment.value)
                    + [("courses", .array(attainment.contributions.map(contribution)))])
        }))
        json.member("programme_objectives", .array(result.objectives.map { attainment in
            .object(
                [("id", .string(attainment.objectiveID))] + classValue(attainment.value)
                    + [("requirements", .array(attainment.contributions.map(contribution)))])
        }))
        json.key("courses")
        json.beginArray()
        for (course, attainment) in zip(programme.courses, result.courses) {
            json.beginObject()
            json.member("id", .string(course.id))
            json.member("name", .string(course.name))
            json.member("value", .value(attainment.value))
            json.member("students", .integer(attainment.students.count))
            if attainment.laterAttemptsCounted > 0 { json.member("later_attempts_counted", .integer(attainment.laterAttemptsCounted)) }
            json.member("objectives", .array(course.objectives.indices.map { k in
                .object([
                    ("id", .string(course.objectives[k].id)),
                    ("indicators", .array(course.objectives[k].indicators.map(JSONValue.string))),
                ]
                    + classValue(attainment.objectives[k])
                    // NBA's and ABET's counts behind the value (methods.md §11, §12); absent otherwise.
                    + (attainment.evidence.map { [("evidence", evidence($0[k], programme.methods))] } ?? []))
            }))
            json.member("indicator_values", .object(attainment.indicatorValues.map { ($0.indicator, .value($0.value)) }))
            json.member("items", .array(attainment.items.map { item in
                .object([
                    ("id", .string(item.itemID)), ("full_marks", .number(item.fullMarks)),
                    ("average", .value(item.average)), ("students_counted", .integer(item.studentsCounted)),
                ])
            }))
            // The ids alone: iterating students and objectives copied each whole value.
            let objectiveIDs = JSONWriter.NumberNames(course.objectives.map(\.id))
            json.key("per_student")
            json.beginObject()
            for (p, studentID) in attainment.students.map(\.id).enumerated() {
                json.key(studentID)
                json.numbers(named: objectiveIDs) { attainment.studentValue(student: p, objective: $0) }
            }
            json.endObject()
            json.endObject()
        }
        json.endArray()
        for (name, value) in StudentRecords(result).json { json.member(name, value) }
        let studentValues = [
            ("requirements", cohort.requirements, JSONWriter.NumberNames(programme.requirements.map(\.id))),
            ("indicators", cohort.indicators, JSONWriter.NumberNames(programme.indicators.map(\.id))),
            ("programme_objectives", cohort.objectives, JSONWriter.NumberNames(programme.objectives.map(\.id))),
        ]
        json.key("students")
        json.beginArray()
        for (q, student) in cohort.students.enumerated() {
            json.beginObject()
            json.key("id")
            json.string(student.id)
            json.key("name")
            json.string(student.name)
            if !cohort.statuses.isEmpty { json.member("status", .string(cohort.status(q).rawValue)) }
            json.key("missing_courses")
            json.strings(cohort.missingIDs(q, programme: programme))
            for (name, matrix, ids) in studentValues {
                json.key(name)
                json.numbers(named: ids) { CohortAttainment.value(matrix, q, $0) }
            }
            json.endObject()
        }
        json.endArray()
        if let surveys = SurveyTable.json(result) { json.member("surveys", surveys) }
        if let warnings { json.member("early_warnings", WarningText.json(warnings)) }
        json.endObject()
        return json.finish()
    }
}

import Testing

@testable import AttainmentCore
import TestSupport

// The engine against a naive reference for retakes and elective groups (docs/methods.md §14)
// on seeded random programmes: row selection written as loops over each student's rows, group
// pooling as loops over the members' students, course values from `NaiveReference`.

/// A random programme with 1-3 required courses, an elective group of 2-3 courses, students
/// with 1-3 attempts (some only a resit), random exclusions, and a roster with statuses.
struct RandomRecordsProgramme {
    let input: ProgrammeInput

    init(seed: UInt64, retake: MethodSettings.RetakeRule, courseIndicator: MethodSettings.Aggregate) {
        var random = SplitMix64(seed: seed &* 0x9E37_79B9 &+ 5)
        let indicators = ["1.1", "1.2", "2.1"]
        let requirements = [
            Requirement(id: "GR1", indicators: [Indicator(id: "1.1"), Indicator(id: "1.2")]),
            Requirement(id: "GR2", indicators: [Indicator(id: "2.1")]),
        ]
        var groupIndicators = indicators.filter { _ in random.chance(0.5) }
        if groupIndicators.isEmpty { groupIndicators = [random.pick(indicators)] }

        /// A course whose objectives reach exactly `reach` (each indicator at least once).
        func course(_ id: String, reach: [String]) -> Course {
            var objectives: [CourseObjective] = reach.enumerated().map { k, indicator in
                CourseObjective(id: "CO\(k + 1)", indicators: [indicator])
            }
            for k in objectives.indices where random.chance(0.3) {
                let other = random.pick(reach)
                if !objectives[k].indicators.contains(other) { objectives[k].indicators.append(other) }
            }
            let components = (1...random.int(1...2)).map { AssessmentComponent(id: "c\($0)", weight: random.double(0.2, 1)) }
            var items: [AssessmentItem] = []
            for j in 0..<(objectives.count + random.int(0...3)) {
                let objective = j < objectives.count ? objectives[j].id : random.pick(objectives).id
                let full = Double(random.int(5...20))
                items.append(AssessmentItem(
                    id: "Q\(j + 1)", component: random.pick(components).id, fullMarks: full,
                    marks: [ObjectiveMarks(objective: objective, marks: full)]))
            }
            // Every component has an item.
            for (m, component) in components.enumerated() where !items.contains(where: { $0.component == component.id }) {
                items[m % items.count].component = component.id
            }
            return Course(id: id, name: id, credits: 2, objectives: objectives, components: components, items: items)
        }

        var courses: [Course] = []
        var support: [SupportEntry] = []
        let required = random.int(1...3)
        for r in 1...required {
            // The first required course reaches every indicator, so each has support.
            let reach = r == 1 ? indicators : indicators.filter { _ in random.chance(0.5) }
            guard !reach.isEmpty else { continue }
            courses.append(course("R\(r)", reach: reach))
            for indicator in reach {
                support.append(SupportEntry(from: "R\(r)", to: indicator, strength: .level(random.pick(SupportLevel.allCases))))
            }
        }
        let members = (1...random.int(2...3)).map { "E\($0)" }
        for member in members { courses.append(course(member, reach: groupIndicators)) }
        for indicator in groupIndicators {
            support.append(SupportEntry(from: "G", to: indicator, strength: .level(random.pick(SupportLevel.allCases))))
        }
        let programme = Programme(
            id: "P", name: "random records", cohort: "2024",
            methods: MethodSettings(courseIndicator: courseIndicator, retake: retake),
            objectives: [ProgrammeObjective(id: "PEO1")], requirements: requirements,
            requirementSupport: [
                SupportEntry(from: "GR1", to: "PEO1", strength: .level(.high)),
                SupportEntry(from: "GR2", to: "PEO1", strength: .level(.medium)),
            ],
            courses: courses, courseSupport: random.shuffled(support),
            electiveGroups: [ElectiveGroup(id: "G", courses: members)])

        // Students: some in several members, some with resits and retakes.
        let pool = (1...random.int(4...14)).map { "S\($0)" }
        var tables: [ScoreTable] = []
        for course in courses {
            var rows: [(id: String, attempt: Int)] = []
            for id in pool where random.chance(course.id.hasPrefix("E") ? 0.45 : 0.8) {
                var attempt = random.chance(0.9) ? 1 : 2
                rows.append((id, attempt))
                while attempt < 3, random.chance(0.35) {
                    attempt += 1
                    rows.append((id, attempt))
                }
            }
            rows = random.shuffled(rows)
            var scores = Matrix(rows: rows.count, columns: course.items.count)
            var included = Matrix(rows: rows.count, columns: course.items.count, repeating: 1)
            var anyExcluded = false
            for p in rows.indices {
                for (j, item) in course.items.enumerated() {
                    // Whole marks, so that marks tie now and then.
                    scores[p, j] = Double(random.int(0...Int(item.fullMarks)))
                    if random.chance(0.08) {
                        included[p, j] = 0
                        anyExcluded = true
                    }
                }
            }
            let attempts = rows.map(\.attempt)
            tables.append(ScoreTable(
                students: rows.map { Student(id: $0.id) }, scores: scores, included: anyExcluded ? included : nil,
                attempts: attempts.allSatisfy { $0 == 1 } ? nil : attempts))
        }
        var status: [String: StudentStatus] = [:]
        for id in pool where random.chance(0.2) { status[id] = random.pick([.transferredIn, .left]) }
        let roster = random.chance(0.7) ? (pool + ["S99"]).map { Student(id: $0) } : nil
        input = ProgrammeInput(programme: programme, scores: tables, roster: roster, rosterStatus: status)
    }
}

/// The naive reference for §14.
enum NaiveRecords {
    /// The counted row of each student, in the order of their first rows.
    static func counted(_ table: ScoreTable, rule: MethodSettings.RetakeRule, marks: [Double?]) -> [Int] {
        var order: [String] = []
        for student in table.students where !order.contains(student.id) { order.append(student.id) }
        return order.map { id in
            let rows = table.students.indices.filter { table.students[$0].id == id }
            let attempt = { (row: Int) in table.attempts?[row] ?? 1 }
            switch rule {
            case .first: return rows.min { attempt($0) < attempt($1) }!
            case .latest: return rows.max { attempt($0) < attempt($1) }!
            case .best:
                // Highest mark; among equal marks the earliest attempt; no mark loses.
                var best = rows[0]
                for row in rows.dropFirst() {
                    let mark = marks[row] ?? -1
                    let bestMark = marks[best] ?? -1
                    if mark > bestMark || (mark == bestMark && attempt(row) < attempt(best)) { best = row }
                }
                return best
            }
        }
    }

    static func select(_ table: ScoreTable, _ rows: [Int]) -> ScoreTable {
        var scores = Matrix(rows: rows.count, columns: table.scores.columns)
        var included = Matrix(rows: rows.count, columns: table.scores.columns, repeating: 1)
        for (r, row) in rows.enumerated() {
            for j in 0..<table.scores.columns {
                scores[r, j] = table.scores[row, j]
                included[r, j] = table.included?[row, j] ?? 1
            }
        }
        return ScoreTable(students: rows.map { table.students[$0] }, scores: scores, included: included)
    }
}

@Suite struct StudentRecordsRandomTests {
    static let cases: [(UInt64, MethodSettings.RetakeRule, MethodSettings.Aggregate)] = (1...40).map { seed in
        (UInt64(seed), MethodSettings.RetakeRule.allCases[seed % 3], seed % 4 == 0 ? .min : .mean)
    }

    @Test(arguments: cases)
    func engineAgreesWithNaiveRecords(seed: UInt64, rule: MethodSettings.RetakeRule, courseIndicator: MethodSettings.Aggregate) throws {
        let input = RandomRecordsProgramme(seed: seed, retake: rule, courseIndicator: courseIndicator).input
        let programme = input.programme
        let result = try input.computeAttainment()

        // Courses: the counted rows, and values from them alone.
        var naiveCourses: [NaiveCourse] = []
        var selected: [ScoreTable] = []
        for (c, (course, table)) in zip(programme.courses, input.scores).enumerated() {
            let all = NaiveReference.courseValues(course: course, table: table, programme: programme)
            let rows = NaiveRecords.counted(table, rule: rule, marks: all.marks)
            let chosen = NaiveRecords.select(table, rows)
            selected.append(chosen)
            let naive = NaiveReference.courseValues(course: course, table: chosen, programme: programme)
            naiveCourses.append(naive)
            let engine = result.courses[c]
            #expect(engine.students.map(\.id) == chosen.students.map(\.id), "seed \(seed) \(course.id) rows")
            #expect(engine.laterAttemptsCounted == rows.count { (table.attempts?[$0] ?? 1) > 1 }, "seed \(seed) \(course.id)")
            for (k, expected) in naive.objectives.enumerated() {
                #expect(agree(engine.objectives[k].value, expected.value), "seed \(seed) \(course.id) CO\(k + 1)")
            }
            for (p, row) in naive.perStudent.enumerated() {
                for (k, expected) in row.enumerated() {
                    #expect(agree(engine.studentValue(student: p, objective: k), expected), "seed \(seed) \(course.id) row \(p)")
                }
                #expect(agree(engine.marks[p].isNaN ? nil : engine.marks[p], naive.marks[p]), "seed \(seed) \(course.id) mark \(p)")
            }
            for (j, average) in naive.itemAverages.enumerated() {
                #expect(agree(engine.items[j].average, average), "seed \(seed) \(course.id) item \(j)")
            }
        }

        // A student's value of a unit (course or group) for an indicator, and the class value.
        let group = programme.electiveGroups[0]
        let courseIndex = Dictionary(uniqueKeysWithValues: programme.courses.enumerated().map { ($1.id, $0) })
        func studentValue(_ c: Int, _ id: String, _ indicator: String) -> Double? {
            guard let p = selected[c].students.firstIndex(where: { $0.id == id }) else { return nil }
            let values = programme.courses[c].objectives.indices
                .filter { programme.courses[c].objectives[$0].indicators.contains(indicator) }
                .compactMap { naiveCourses[c].perStudent[p][$0] }
            return NaiveReference.aggregate(values, courseIndicator)
        }
        func memberTaken(_ id: String) -> Int? {
            group.courses.compactMap { courseIndex[$0] }.first { c in selected[c].students.contains { $0.id == id } }
        }
        func unitStudentValue(_ unit: String, _ id: String, _ indicator: String) -> Double? {
            if unit == group.id { return memberTaken(id).flatMap { studentValue($0, id, indicator) } }
            return studentValue(courseIndex[unit]!, id, indicator)
        }
        func unitClassValue(_ unit: String, _ indicator: String) -> Double? {
            if unit == group.id {
                var values: [Double] = []
                var seen: Set<String> = []
                for member in group.courses {
                    let c = courseIndex[member]!
                    for student in selected[c].students where seen.insert(student.id).inserted {
                        if let value = studentValue(c, student.id, indicator) { values.append(value) }
                    }
                }
                return NaiveReference.aggregate(values, .mean)
            }
            let c = courseIndex[unit]!
            let values = programme.courses[c].objectives.indices
                .filter { programme.courses[c].objectives[$0].indicators.contains(indicator) }
                .compactMap { naiveCourses[c].objectives[$0].value }
            return NaiveReference.aggregate(values, courseIndicator)
        }

        let weights = programme.methods.levelWeights
        for (i, indicator) in programme.indicators.enumerated() {
            let entries = programme.courseSupport.filter { $0.to == indicator.id }
            let parts = entries.compactMap { entry in
                unitClassValue(entry.from, indicator.id).map { (weight: weights.weight(of: entry.strength), value: $0) }
            }
            #expect(agree(result.indicators[i].value.value, NaiveReference.combine(parts, .weightedSum)), "seed \(seed) indicator \(indicator.id)")
            #expect(result.indicators[i].contributions.map(\.sourceID) == entries.map(\.from))
            for (q, student) in result.students.students.enumerated() {
                let own = entries.compactMap { entry in
                    unitStudentValue(entry.from, student.id, indicator.id).map { (weight: weights.weight(of: entry.strength), value: $0) }
                }
                #expect(
                    agree(CohortAttainment.value(result.students.indicators, q, i), NaiveReference.combine(own, .weightedSum)),
                    "seed \(seed) \(student.id) indicator \(indicator.id)")
            }
        }

        // Missing units, statuses and the several-electives count.
        let units = programme.courseSupport.reduce(into: [String]()) { if !$0.contains($1.from) { $0.append($1.from) } }
        for (q, student) in result.students.students.enumerated() {
            let missing = units.filter { unit in
                programme.courseSupport.filter { $0.from == unit }.allSatisfy { unitStudentValue(unit, student.id, $0.to) == nil }
            }
            #expect(Set(result.students.missingIDs(q, programme: programme)) == Set(missing), "seed \(seed) \(student.id) missing")
            #expect(result.students.status(q) == input.rosterStatus[student.id] ?? .regular)
        }
        let inSeveral = Set(group.courses.flatMap { selected[courseIndex[$0]!].students.map(\.id) }).filter { id in
            group.courses.count { selected[courseIndex[$0]!].students.contains { $0.id == id } } > 1
        }
        let warning = result.diagnostics.first { $0.code == .severalElectives }
        #expect((warning == nil) == inSeveral.isEmpty, "seed \(seed) several electives")
        if let warning { #expect(warning.message.hasPrefix("\(inSeveral.count) student")) }
    }

    @Test func generatorCoversTheCases() throws {
        var later = 0
        var several = 0
        var missingGroup = 0
        for (seed, rule, aggregate) in Self.cases {
            let input = RandomRecordsProgramme(seed: seed, retake: rule, courseIndicator: aggregate).input
            let result = try input.computeAttainment()
            later += result.laterAttemptsCounted
            several += result.diagnostics.count { $0.code == .severalElectives }
            missingGroup += result.students.missingElectiveGroups.count { !$0.isEmpty }
        }
        #expect(later > 10 && several > 10 && missingGroup > 5, "\(later) \(several) \(missingGroup)")
    }
}

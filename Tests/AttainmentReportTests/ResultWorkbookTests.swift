@testable import AttainmentCore
import AttainmentIO
import Foundation
import Testing

@testable import AttainmentReport

/// The fixture's workbook, read back by openpyxl once.
private let workbook: Result<WorkbookDump, any Error> = Result {
    try WorkbookDump.read(try ResultWorkbook.make(engineering.result, inputs: engineering.files))
}

private let lightRed = "FFFFC7CE"
private let grey = "FFF2F2F2"

/// A value cell holds the value as a number (to 1e-12), shows 3 decimals, and has the light
/// red fill exactly when the unrounded value is below the threshold; a value that is not
/// evaluable is a grey blank.
private func expectValue(
    _ cell: WorkbookDump.Cell?, _ expected: Double?, threshold: Double, _ context: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    guard let cell else {
        Issue.record("\(context): no cell", sourceLocation: sourceLocation)
        return
    }
    guard let expected, expected.isFinite else {
        #expect(cell.type == "blank", "\(context): not evaluable is blank", sourceLocation: sourceLocation)
        #expect(cell.fill == grey, "\(context): not evaluable is grey", sourceLocation: sourceLocation)
        return
    }
    guard let number = cell.number else {
        Issue.record("\(context): \(cell.type) cell \(cell.string ?? "") is not a number", sourceLocation: sourceLocation)
        return
    }
    #expect(abs(number - expected) <= 1e-12, "\(context): \(number) vs \(expected)", sourceLocation: sourceLocation)
    #expect(cell.numberFormat == "0.000", "\(context)", sourceLocation: sourceLocation)
    #expect(
        cell.fill == (isShortOf(expected, threshold) ? lightRed : nil),
        "\(context): \(expected) against \(threshold) has fill \(cell.fill ?? "none")", sourceLocation: sourceLocation)
}

/// Below a threshold as methods.md §1 has it, written out here rather than through the
/// engine's `isBelow`: more than 1e-9 below.
private func isShortOf(_ value: Double, _ threshold: Double) -> Bool { value < threshold - 1e-9 }

@Suite struct ResultWorkbookTests {
    typealias Header = ResultWorkbook.Header
    typealias SheetName = ResultWorkbook.SheetName

    var result: AttainmentResult { engineering.result }
    var programme: Programme { result.programme }
    var classThreshold: Double { programme.thresholds.classLevel }
    var individualThreshold: Double { programme.thresholds.individual }

    func sheet(_ name: String) throws -> WorkbookDump.Sheet {
        try #require(try workbook.get()[name], "the workbook has a sheet \(name)")
    }

    @Test func theSheetsAreThereInOrder() throws {
        #expect(try workbook.get().sheets.map(\.name) == [
            SheetName.summary, SheetName.support, SheetName.courseObjectives, SheetName.requirements,
            SheetName.programmeObjectives, SheetName.students, SheetName.studentCourseObjectives, SheetName.belowThreshold,
        ])
        #expect(try workbook.get().sheets.allSatisfy { $0.name.count <= 31 })
    }

    @Test func theSameResultGivesTheSameBytes() throws {
        let first = try ResultWorkbook.make(result, inputs: engineering.files)
        #expect(first == (try ResultWorkbook.make(result, inputs: engineering.files)))
    }

    @Test func summaryHasEveryRequirementAndItsChart() throws {
        let sheet = try sheet(SheetName.summary)
        let header = try #require(sheet.row(where: 0, is: Header.requirement))
        let valueColumn = try #require(sheet.column(of: Header.value, inRow: header))
        let thresholdColumn = try #require(sheet.column(of: Header.threshold, inRow: header))
        let baselineColumn = try #require(sheet.column(of: Header.baseline, inRow: header))
        for (i, attainment) in result.requirements.enumerated() {
            let row = header + 1 + i
            #expect(sheet.text(row, 0) == attainment.requirementID)
            expectValue(sheet.cell(row, valueColumn), attainment.value.value, threshold: classThreshold, attainment.requirementID)
            #expect(sheet.cell(row, thresholdColumn)?.number == classThreshold)
            #expect(sheet.cell(row, baselineColumn)?.number == 0)
        }
        #expect(sheet.hiddenColumns == [XLSXRange.columnName(baselineColumn)])

        let chart = try #require(sheet.charts.first)
        #expect(sheet.charts.count == 1)
        #expect(chart.upDownBars)
        let rows = (header + 1)...(header + result.requirements.count)
        func reference(_ column: Int) -> String { XLSXRange(sheet: sheet.name, column: column, rows: rows).reference }
        #expect(chart.series.map(\.values) == [reference(baselineColumn), reference(thresholdColumn), reference(valueColumn)])
        #expect(chart.series.allSatisfy { $0.categories == reference(0) })
        #expect(chart.column > baselineColumn, "the chart is beside the table")

        // The facts: thresholds as numbers, every input with its hash.
        let classRow = try #require(sheet.rows(where: 0, is: "期望值（课程目标、指标点、毕业要求、培养目标）\nClass threshold").first)
        #expect(sheet.cell(classRow, 2)?.number == classThreshold)
        for file in engineering.files {
            let row = try #require(sheet.row(where: 0, is: file.path), "\(file.path) is listed")
            #expect(sheet.text(row, 2) == file.sha256)
            #expect(sheet.cell(row, 6)?.number == Double(file.size))
        }
    }

    @Test func requirementsAndIndicators() throws {
        let sheet = try sheet(SheetName.requirements)
        let header = try #require(sheet.row(where: 0, is: Header.requirement))
        let indicatorColumn = try #require(sheet.column(of: Header.indicator, inRow: header))
        let indicatorValue = try #require(sheet.column(of: Header.indicatorValue, inRow: header))
        let requirementValue = try #require(sheet.column(of: Header.requirementValue, inRow: header))
        for attainment in result.indicators {
            let row = try #require(sheet.row(where: indicatorColumn, is: attainment.indicatorID, from: header + 1))
            expectValue(sheet.cell(row, indicatorValue), attainment.value.value, threshold: classThreshold, attainment.indicatorID)
        }
        for attainment in result.requirements {
            let row = try #require(sheet.row(where: 0, is: attainment.requirementID, from: header + 1))
            expectValue(sheet.cell(row, requirementValue), attainment.value.value, threshold: classThreshold, attainment.requirementID)
        }
        #expect(sheet.frozen.rows == header + 1)
    }

    @Test func everyCourseObjectiveWithItsChart() throws {
        let sheet = try sheet(SheetName.courseObjectives)
        let headers = sheet.rows(where: 0, is: Header.objective)
        #expect(headers.count == programme.courses.count)
        let charts = sheet.charts.sorted { $0.row < $1.row }
        #expect(charts.count == programme.courses.count { !$0.objectives.isEmpty })
        var checked = 0
        for ((course, attainment), header) in zip(zip(programme.courses, result.courses), headers) {
            #expect(sheet.text(header - 1, 0)?.hasPrefix(course.id + " ") == true, "the block of \(course.id)")
            let valueColumn = try #require(sheet.column(of: Header.value, inRow: header))
            for (k, (objective, value)) in zip(course.objectives, attainment.objectives).enumerated() {
                #expect(sheet.text(header + 1 + k, 0) == objective.id)
                expectValue(sheet.cell(header + 1 + k, valueColumn), value.value, threshold: classThreshold, "\(course.id)/\(objective.id)")
                checked += 1
            }
            let courseRow = header + 1 + course.objectives.count
            expectValue(sheet.cell(courseRow, valueColumn), attainment.value, threshold: classThreshold, "\(course.id) course value")

            // Items: full marks and class averages.
            let itemHeader = try #require(sheet.row(where: 0, is: Header.item, from: header))
            let averageColumn = try #require(sheet.column(of: Header.average, inRow: itemHeader))
            let fullMarksColumn = try #require(sheet.column(of: Header.fullMarks, inRow: itemHeader))
            for (j, (item, statistics)) in zip(course.items, attainment.items).enumerated() {
                #expect(sheet.text(itemHeader + 1 + j, 0) == item.id)
                #expect(sheet.cell(itemHeader + 1 + j, fullMarksColumn)?.number == item.fullMarks)
                let average = try #require(sheet.cell(itemHeader + 1 + j, averageColumn)?.number, "\(course.id) \(item.id)")
                #expect(abs(average - (statistics.average ?? .nan)) <= 1e-12)
            }

            // The chart beside the block draws the objective values against the threshold.
            let chart = try #require(charts.first { $0.row == header - 1 }, "a chart beside \(course.id)")
            let rows = (header + 1)...(header + course.objectives.count)
            #expect(chart.series.last?.values == XLSXRange(sheet: sheet.name, column: valueColumn, rows: rows).reference)
            #expect(chart.series.last?.categories == XLSXRange(sheet: sheet.name, column: 0, rows: rows).reference)
            #expect(chart.upDownBars)
        }
        #expect(checked == programme.courses.reduce(0) { $0 + $1.objectives.count })
    }

    @Test func supportMatrixWeightsAndCourseValues() throws {
        let sheet = try sheet(SheetName.support)
        let headers = sheet.rows(where: 0, is: Header.course)
        #expect(headers.count == 3, "support as given, normalised weights, course values")
        guard headers.count == 3 else { return }
        #expect(sheet.frozen.rows == headers[0] + 1)
        #expect(sheet.frozen.columns == 2)
        for attainment in result.indicators {
            let column = try #require(sheet.column(of: attainment.indicatorID, inRow: headers[0]))
            for contribution in attainment.contributions {
                let context = "\(attainment.indicatorID) ← \(contribution.sourceID)"
                let given = try #require(sheet.row(where: 0, is: contribution.sourceID, from: headers[0]))
                #expect(sheet.text(given, column) == contribution.strength.cell, "\(context)")
                let weightRow = try #require(sheet.row(where: 0, is: contribution.sourceID, from: headers[1]))
                let weight = try #require(sheet.cell(weightRow, column)?.number, "\(context)")
                #expect(abs(weight - contribution.weight) <= 1e-12)
                let valueRow = try #require(sheet.row(where: 0, is: contribution.sourceID, from: headers[2]))
                expectValue(sheet.cell(valueRow, column), contribution.value, threshold: classThreshold, context)
            }
        }
    }

    @Test func programmeObjectives() throws {
        let sheet = try sheet(SheetName.programmeObjectives)
        let header = try #require(sheet.row(where: 0, is: Header.programmeObjective))
        let valueColumn = try #require(sheet.column(of: Header.value, inRow: header))
        for (i, attainment) in result.objectives.enumerated() {
            #expect(sheet.text(header + 1 + i, 0) == attainment.objectiveID)
            expectValue(sheet.cell(header + 1 + i, valueColumn), attainment.value.value, threshold: classThreshold, attainment.objectiveID)
        }
        #expect(sheet.frozen.rows == header + 1)
    }

    @Test func everyStudentValue() throws {
        let sheet = try sheet(SheetName.students)
        let header = try #require(sheet.row(where: 0, is: Header.studentID))
        let cohort = result.students
        let groups = [
            (programme.requirements.map(\.id), cohort.requirements),
            (programme.indicators.map(\.id), cohort.indicators),
            (programme.objectives.map(\.id), cohort.objectives),
        ]
        var column = 3
        var highlighted = 0
        for (ids, matrix) in groups {
            for (j, id) in ids.enumerated() {
                #expect(sheet.text(header, column) == id)
                for (q, student) in cohort.students.enumerated() {
                    #expect(sheet.text(header + 1 + q, 0) == student.id)
                    let value = CohortAttainment.value(matrix, q, j)
                    expectValue(sheet.cell(header + 1 + q, column), value, threshold: individualThreshold, "\(student.id) \(id)")
                    if let value, isShortOf(value, individualThreshold) { highlighted += 1 }
                }
                column += 1
            }
        }
        #expect(highlighted > 0, "the fixture has students below the individual threshold")
        #expect(sheet.frozen.rows == header + 1)
        #expect(sheet.frozen.columns == 2)
        #expect(sheet.autofilter?.hasPrefix("A\(header + 1):") == true)
    }

    @Test func everyStudentCourseObjectiveValue() throws {
        let sheet = try sheet(SheetName.studentCourseObjectives)
        let header = try #require(sheet.row(where: 0, is: Header.studentID))
        var column = 2
        for (course, attainment) in zip(programme.courses, result.courses) {
            let rowOf = Dictionary(attainment.students.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
            for (k, objective) in course.objectives.enumerated() {
                #expect(sheet.text(header, column) == objective.id)
                for (q, student) in result.students.students.enumerated() {
                    let value = rowOf[student.id].flatMap { attainment.studentValue(student: $0, objective: k) }
                    expectValue(
                        sheet.cell(header + 1 + q, column), value, threshold: individualThreshold,
                        "\(student.id) \(course.id)/\(objective.id)")
                }
                column += 1
            }
        }
        #expect(sheet.frozen.rows == header + 1)
    }

    @Test func belowThresholdListsEveryStudentValueBelow() throws {
        let sheet = try sheet(SheetName.belowThreshold)
        let header = try #require(sheet.row(where: 0, is: Header.level))
        let valueColumn = try #require(sheet.column(of: Header.value, inRow: header))
        // Counted here from the matrices, not through the code that writes the list.
        let cohort = result.students
        var expected = 0
        for matrix in [cohort.requirements, cohort.indicators, cohort.objectives] {
            for q in 0..<matrix.rows {
                for j in 0..<matrix.columns where isShortOf(CohortAttainment.value(matrix, q, j) ?? 1, individualThreshold) { expected += 1 }
            }
        }
        for attainment in result.courses {
            for p in attainment.students.indices {
                for k in 0..<attainment.perStudent.columns
                where isShortOf(attainment.studentValue(student: p, objective: k) ?? 1, individualThreshold) { expected += 1 }
            }
        }
        let rows = sheet.cells.keys.filter { $0 > header && sheet.cell($0, valueColumn) != nil }
        #expect(rows.count == expected)
        for row in rows {
            let value = try #require(sheet.cell(row, valueColumn)?.number, "row \(row) holds a number")
            #expect(isShortOf(value, individualThreshold))
            #expect(sheet.cell(row, valueColumn)?.fill == lightRed)
        }
        #expect(sheet.frozen.rows == header + 1)
    }

    @Test func notEvaluableValuesAreGreyBlanksWithANote() throws {
        // The engineering fixture has every value; a programme whose objective no student
        // counts for has one not evaluable. Build it from the fixture by dropping every score.
        var objectives = result.courses[0].objectives
        objectives[0].value = nil
        objectives[0].verdict = .notEvaluable
        let course = result.courses[0]
        let changed = AttainmentResult(
            programme: programme,
            courses: [CourseAttainment(
                courseID: course.courseID, objectives: objectives, value: nil, indicatorValues: course.indicatorValues,
                items: course.items, students: course.students, perStudent: course.perStudent,
                marks: course.marks)] + result.courses.dropFirst(),
            indicators: result.indicators, requirements: result.requirements, objectives: result.objectives,
            students: result.students, diagnostics: [])
        let dump = try WorkbookDump.read(try ResultWorkbook.make(changed, inputs: []))
        let sheet = try #require(dump[SheetName.courseObjectives])
        let header = try #require(sheet.row(where: 0, is: Header.objective))
        let valueColumn = try #require(sheet.column(of: Header.value, inRow: header))
        expectValue(sheet.cell(header + 1, valueColumn), nil, threshold: classThreshold, "the not-evaluable objective")
        let note = sheet.notes.first { $0.row == header + 1 && $0.column == valueColumn }
        // The reports' words for it (Verdict.chinese), in the cell and in its note.
        #expect(note?.text.hasPrefix("不可评价：") == true)
        #expect(sheet.text(header + 1, valueColumn + 2) == "不可评价 not evaluable")
    }
}

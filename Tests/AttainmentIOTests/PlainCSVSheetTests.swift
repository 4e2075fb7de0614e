import AttainmentCore
import Foundation
import Testing

@testable import AttainmentIO
import TestSupport

/// `ScoreSheetReader.add(csv:displayPath:)`, the one-pass reading of a CSV score sheet from its
/// bytes, against the reading it must equal: the sheet parsed into a `CSVTable` and added with
/// `add(grid:)`. Both readers get the same sheets; their tables, student locations and messages
/// must be the same, whether the plain reading took a sheet or gave it up.
@Suite struct PlainCSVSheetTests {
    private static let course = Course(
        id: "C1", objectives: [CourseObjective(id: "CO1", indicators: ["1.1"])],
        components: [AssessmentComponent(id: "exam", weight: 1)],
        items: (1...5).map { AssessmentItem(id: "Q\($0)", component: "exam", fullMarks: Double(5 * $0), objective: "CO1") })

    /// What a reader made of some sheets.
    private struct Outcome: Equatable {
        var table: ScoreTable
        var locations: [AttainmentCore.SourceLocation]
        var diagnostics: [Diagnostic]
    }

    /// Reads `sheets` in turn with the plain reading (and its fallback), and returns what it
    /// made and how many sheets the plain reading took.
    private static func plain(_ sheets: [[UInt8]], methods: MethodSettings) -> (Outcome, taken: Int) {
        let log = DiagnosticLog()
        var reader = ScoreSheetReader(course: course, methods: methods, log: log)
        var taken = 0
        for (index, sheet) in sheets.enumerated() {
            let path = "scores/C1/\(index + 1)班.csv"
            if reader.addPlain(csv: sheet, displayPath: path) {
                taken += 1
            } else if let table = log.csvTable(sheet, displayPath: path) {
                reader.add(grid: CSVGrid(table: table))
            }
        }
        return (Outcome(table: reader.table(), locations: Array(reader.studentLocations), diagnostics: log.diagnostics), taken)
    }

    /// Reads `sheets` the usual way only.
    private static func usual(_ sheets: [[UInt8]], methods: MethodSettings) -> Outcome {
        let log = DiagnosticLog()
        var reader = ScoreSheetReader(course: course, methods: methods, log: log)
        for (index, sheet) in sheets.enumerated() {
            if let table = log.csvTable(sheet, displayPath: "scores/C1/\(index + 1)班.csv") {
                reader.add(grid: CSVGrid(table: table))
            }
        }
        return Outcome(table: reader.table(), locations: Array(reader.studentLocations), diagnostics: log.diagnostics)
    }

    /// A random sheet: the identity columns and the items in a random order (with an ignored
    /// total and, at times, a class and a status column), title rows and a full-marks row at
    /// times, scores written every way a number can be, blanks (when `blanks`) and status
    /// words, CR LF or LF,
    /// a byte order mark, empty lines, spaces around fields.
    private static func sheet(_ random: inout SplitMix64, firstID: Int, blanks: Bool) -> String {
        var columns = ["学号", "姓名", "总分"] + course.items.map(\.id)
        if Bool.random(using: &random) { columns.append("班级") }
        let hasStatus = Bool.random(using: &random)
        if hasStatus { columns.append("备注") }
        columns.shuffle(using: &random)
        let lineEnd = Int.random(in: 0..<4, using: &random) == 0 ? "\r\n" : "\n"
        var lines: [String] = []
        for title in 0..<Int.random(in: 0...2, using: &random) { lines.append("课程成绩表 \(title)" + String(repeating: ",", count: columns.count - 1)) }
        lines.append(columns.joined(separator: ","))
        if Int.random(in: 0..<4, using: &random) == 0 {
            lines.append(columns.map { column in
                if column == "学号" { return "满分" }
                return course.items.first { $0.id == column }.map { String(Int($0.fullMarks)) } ?? ""
            }.joined(separator: ","))
        }
        for row in 0..<Int.random(in: 1...30, using: &random) {
            if Int.random(in: 0..<20, using: &random) == 0 { lines.append("") }
            let status = hasStatus && Int.random(in: 0..<8, using: &random) == 0
                ? ["缺考", "缓考", "免修", "作弊", "absent", "Deferred"].randomElement(using: &random)! : ""
            let cells = columns.map { column -> String in
                switch column {
                case "学号": return String(firstID + row)
                case "姓名": return ["张三", "李四", "Ann Lee", "王五"].randomElement(using: &random)!
                case "班级": return "1班"
                case "备注": return status
                case "总分": return "99"
                default:
                    let full = Int(course.items.first { $0.id == column }!.fullMarks)
                    switch Int.random(in: 0..<20, using: &random) {
                    case 0 where blanks: return ""
                    case 1: return ["缺考", "缓考", "作弊", "exempt"].randomElement(using: &random)!
                    case 2: return " \(Int.random(in: 0...full, using: &random)) "
                    case 3: return ".5"
                    case 4: return "\(Int.random(in: 0..<full, using: &random))."
                    case 5: return "0\(Int.random(in: 0...full, using: &random)).250"
                    case 6: return "1e0"
                    default:
                        let tenths = Int.random(in: 0...(full * 10), using: &random)
                        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(tenths % 10)"
                    }
                }
            }
            lines.append(cells.joined(separator: ","))
        }
        let text = lines.joined(separator: lineEnd) + (Bool.random(using: &random) ? lineEnd : "")
        return (Int.random(in: 0..<5, using: &random) == 0 ? "\u{FEFF}" : "") + text
    }

    /// One change that the plain reading must give up at (or that the usual reading reports).
    private static func spoil(_ text: String, _ random: inout SplitMix64) -> [UInt8] {
        var lines = text.components(separatedBy: "\n")
        let last = lines.count - 1 - (lines.last?.isEmpty == true ? 1 : 0)
        let row = Int.random(in: max(0, last - 3)...last, using: &random)
        var cells = lines[row].components(separatedBy: ",")
        let column = Int.random(in: 0..<cells.count, using: &random)
        switch Int.random(in: 0..<13, using: &random) {
        case 0: cells[column] = "-1"
        case 1: cells[column] = "1000"
        case 2: cells[column] = "x"
        case 3: cells[column] = "\"\(cells[column])\""
        case 4: cells[column] = cells[column] + "\r"
        case 5: cells[column] = "+3"
        case 6: cells[column] = "12345678901234567"
        case 7: cells[column] = ""
        case 8: cells = ["平均"] + cells.dropFirst()
        case 9: lines.insert(lines[row], at: row)
        case 10: cells.removeLast()
        default:
            // Bytes that are not UTF-8 in a field (GBK, a surrogate, an overlong form, a
            // sequence cut short, a code point above U+10FFFF), or valid ones of every length.
            let inserted: [UInt8] = [
                [0xC4, 0xE3], [0xED, 0xA0, 0x80], [0xE0, 0x80, 0x80], [0xE4, 0xB8], [0xF4, 0x90, 0x80, 0x80],
                [0xC3, 0xA9], [0xE0, 0xA4, 0xB9], [0xED, 0x9F, 0xBF], [0xF0, 0x9F, 0x98, 0x80],
            ].randomElement(using: &random)!
            cells[column] = cells[column] + "\u{1}"
            lines[row] = cells.joined(separator: ",")
            return Array(lines.joined(separator: "\n").utf8).flatMap { $0 == 0x01 ? inserted : [$0] }
        }
        lines[row] = cells.joined(separator: ",")
        return Array(lines.joined(separator: "\n").utf8)
    }

    @Test(arguments: MethodSettings.BlankRule.allCases)
    func randomSheetsReadAsTheUsualReadingReadsThem(blank: MethodSettings.BlankRule) {
        var random = SplitMix64(seed: 0x5EED_0000 + UInt64(MethodSettings.BlankRule.allCases.firstIndex(of: blank)!))
        var methods = MethodSettings()
        methods.blank = blank
        methods.absent = Bool.random(using: &random) ? .zero : .exclude
        var taken = 0
        var sheets = 0
        for trial in 0..<300 {
            // Two teaching classes pooled; at times the second repeats a student of the first.
            // Blank cells are errors under one rule: there, only some sheets have them.
            let blanks = blank != .error || trial % 4 == 0
            let first = Array(Self.sheet(&random, firstID: 1000, blanks: blanks).utf8)
            var second = Array(Self.sheet(&random, firstID: trial % 5 == 0 ? 1010 : 2000, blanks: blanks).utf8)
            if trial % 3 == 0 { second = Self.spoil(String(decoding: second, as: UTF8.self), &random) }
            let plain = Self.plain([first, second], methods: methods)
            let usual = Self.usual([first, second], methods: methods)
            #expect(plain.0 == usual, "trial \(trial):\n\(String(decoding: first, as: UTF8.self))\n--\n\(String(decoding: second, as: UTF8.self))")
            taken += plain.taken
            sheets += 2
        }
        // The plain reading must take most sheets, or this compares the usual reading with itself.
        #expect(taken > sheets / 3, "the plain reading took \(taken) of \(sheets) sheets")
    }

    /// The usual export is taken by the plain reading, and the numbers are those of the
    /// sheet: checked against hand-written values, not only against the other reading.
    @Test func aPlainSheetIsTakenWithItsNumbers() throws {
        let text = "\u{FEFF}学号,姓名,Q1,Q2,Q3,Q4,Q5\r\n2023001,甲,5,9.5,.5,20.,0.25\r\n\r\n2023002,乙,,缺考,3,4,5\r\n"
        var methods = MethodSettings()
        methods.blank = .exclude
        let log = DiagnosticLog()
        var reader = ScoreSheetReader(course: Self.course, methods: methods, log: log)
        let taken = reader.addPlain(csv: Array(text.utf8), displayPath: "a.csv")
        #expect(taken)
        #expect(log.diagnostics.isEmpty)
        let table = reader.table()
        #expect(table.students == [Student(id: "2023001", name: "甲"), Student(id: "2023002", name: "乙")])
        #expect(table.scores == Matrix([[5, 9.5, 0.5, 20, 0.25], [0, 0, 3, 4, 5]]))
        #expect(table.included == Matrix([[1, 1, 1, 1, 1], [0, 1, 1, 1, 1]]))
        #expect(reader.studentLocations.map(\.line) == [2, 4])
        #expect(reader.studentLocations.allSatisfy { $0.file == "a.csv" && $0.column == 1 })
    }

    /// Ids out of order: the plain reading skips hashing only while the ids increase, and
    /// from the first one out of order looks each up, so that a later repeat of any earlier id
    /// (not only of the one before) is still found.
    @Test func idsOutOfOrderAreStillCheckedForRepeats() throws {
        let header = "学号,姓名,Q1,Q2,Q3,Q4,Q5\n"
        let row = { (id: String) in "\(id),某,1,2,3,4,5\n" }
        // Unique, out of order after the second row: taken, in the sheet's order.
        let unique = Array((header + ["20", "30", "10", "25", "40"].map(row).joined()).utf8)
        let taken = Self.plain([unique], methods: MethodSettings())
        #expect(taken.taken == 1)
        #expect(taken.0 == Self.usual([unique], methods: MethodSettings()))
        #expect(taken.0.table.students.map(\.id) == ["20", "30", "10", "25", "40"])
        // A repeat of the first id, after the order broke and two rows later: given up, and the
        // usual reading reports it at its line, naming the first.
        let repeated = Array((header + ["20", "30", "10", "25", "20", "40"].map(row).joined()).utf8)
        let given = Self.plain([repeated], methods: MethodSettings())
        #expect(given.taken == 0)
        #expect(given.0 == Self.usual([repeated], methods: MethodSettings()))
        #expect(given.0.diagnostics.map(\.code) == [.duplicateStudent])
        #expect(given.0.diagnostics.first?.location?.line == 6)
        // A repeat while the ids still increase is impossible; one right after the first
        // decrease is found too.
        let afterDecrease = Array((header + ["20", "30", "20"].map(row).joined()).utf8)
        #expect(Self.plain([afterDecrease], methods: MethodSettings()).taken == 0)
    }

    /// The order that spares the hashing is String order, not the bytes': "e" and a combining
    /// acute accent is the same id as "é" (canonically equivalent, equal as Strings), though
    /// its bytes (65 CC 81) come before é's (C3 A9). A comparison of the bytes would take the
    /// two rows as increasing and miss the repeat. ASCII ids, compared by their bytes, keep
    /// String order: "10" after "9" is a decrease.
    @Test func theOrderOfIdsIsStringOrder() throws {
        let header = "学号,姓名,Q1,Q2,Q3,Q4,Q5\n"
        let row = { (id: String) in "\(id),某,1,2,3,4,5\n" }
        for ids in [["a1", "ae\u{301}", "aé"], ["a1", "aé", "ae\u{301}"], ["1", "9", "10", "9"], ["A", "a", "B", "a"]] {
            let sheet = Array((header + ids.map(row).joined()).utf8)
            let plain = Self.plain([sheet], methods: MethodSettings())
            #expect(plain.0 == Self.usual([sheet], methods: MethodSettings()), "\(ids)")
            #expect(plain.taken == 0, "\(ids)")
            #expect(plain.0.diagnostics.map(\.code) == [.duplicateStudent], "\(ids)")
        }
        let increasing = Array((header + ["1", "10", "9", "a", "aé", "b"].map(row).joined()).utf8)
        let taken = Self.plain([increasing], methods: MethodSettings())
        #expect(taken.taken == 1)
        #expect(taken.0 == Self.usual([increasing], methods: MethodSettings()))
    }

    /// A sheet the plain reading gives up leaves the pool as it was: the students of an earlier
    /// sheet stay, and the usual reading then reports the duplicate at its place.
    @Test func givingUpLeavesThePoolAsItWas() throws {
        let first = "学号,姓名,Q1,Q2,Q3,Q4,Q5\n1,甲,1,2,3,4,5\n2,乙,1,2,3,4,5\n"
        let second = "学号,姓名,Q1,Q2,Q3,Q4,Q5\n3,丙,1,2,3,4,5\n1,甲,1,2,3,4,5\n"
        let log = DiagnosticLog()
        var reader = ScoreSheetReader(course: Self.course, methods: MethodSettings(), log: log)
        let firstTaken = reader.addPlain(csv: Array(first.utf8), displayPath: "1.csv")
        let secondTaken = reader.addPlain(csv: Array(second.utf8), displayPath: "2.csv")
        #expect(firstTaken && !secondTaken)
        #expect(reader.table().students.map(\.id) == ["1", "2"])
        #expect(log.diagnostics.isEmpty)
        reader.add(csv: Array(second.utf8), displayPath: "2.csv")
        #expect(reader.table().students.map(\.id) == ["1", "2", "3"])
        #expect(log.diagnostics.map(\.code) == [.duplicateStudent])
        #expect(log.diagnostics.first?.location == AttainmentCore.SourceLocation(file: "2.csv", line: 3, column: 1))
    }
}

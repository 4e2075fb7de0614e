import AttainmentCore
import Testing

@testable import AttainmentIO
import TestSupport

/// Parses `text` as the contents of `t.csv`.
private func parse(_ text: String) throws -> CSVTable {
    try CSVReader.parse(bytes: Array(text.utf8), displayPath: "t.csv")
}

/// A line and column in `t.csv`.
private func location(line: Int, column: Int) -> AttainmentCore.SourceLocation {
    SourceLocation(file: "t.csv", line: line, column: column)
}

/// Every data row's fields as strings.
private func rows(_ table: CSVTable) -> [[String]] {
    (0..<table.rowCount).map { row in
        (0..<table.columnCount(row: row)).map { table.field(row: row, column: $0).string }
    }
}

/// Each data row's 1-based starting line.
private func lines(_ table: CSVTable) -> [Int?] {
    (0..<table.rowCount).map { table.location(row: $0, column: 0).line }
}

@Suite("CSV structure")
struct CSVStructureTests {
    @Test func plainRecords() throws {
        let table = try parse("id, name ,score\n1,Ann,12.5\n2,Bo,7\n")
        #expect(table.header == ["id", "name", "score"])
        #expect(table.rowCount == 2)
        #expect(rows(table) == [["1", "Ann", "12.5"], ["2", "Bo", "7"]])
        #expect(table.encoding == .utf8)
        #expect(table.file == "t.csv")
        #expect(lines(table) == [2, 3])
    }

    @Test func lastRecordWithoutLineEnd() throws {
        let table = try parse("a,b\n1,2")
        #expect(rows(table) == [["1", "2"]])
    }

    @Test func quotedFieldsKeepCommasAndEscapedQuotes() throws {
        let table = try parse("a,b,c\n\"x,y\",\"he said \"\"hi\"\"\",\"\"\"\"\n")
        #expect(rows(table) == [["x,y", "he said \"hi\"", "\""]])
    }

    @Test func emptyQuotedFieldIsBlank() throws {
        let table = try parse("a,b\n\"\",\"   \"\n")
        #expect(table.columnCount(row: 0) == 2)
        #expect(table.field(row: 0, column: 0).isBlank)
        #expect(table.field(row: 0, column: 0).string == "")
        #expect(table.field(row: 0, column: 1).isBlank)
        #expect(table.field(row: 0, column: 0).number == nil)
    }

    @Test func spacesAroundQuotedAndUnquotedFieldsAreTrimmed() throws {
        let table = try parse(" \"a b\" ,\t c d \t, \" e \"\n1,2,3\n")
        #expect(table.header == ["a b", "c d", "e"])
    }

    @Test func quoteInsideUnquotedFieldIsLiteral() throws {
        let table = try parse("a,b\nx\"y,5\"\n")
        #expect(rows(table) == [["x\"y", "5\""]])
    }

    @Test func embeddedLineBreaksAndTheLinesAfterThem() throws {
        let text = "id,note\n1,\"line one\nline two\nline three\"\n2,plain\n3,\"a\r\nb\"\n4,x\n"
        let table = try parse(text)
        #expect(rows(table) == [
            ["1", "line one\nline two\nline three"], ["2", "plain"], ["3", "a\r\nb"], ["4", "x"],
        ])
        #expect(lines(table) == [2, 5, 6, 8])
        #expect(table.location(row: 1, column: 1) == location(line: 5, column: 2))
    }

    @Test func carriageReturnLineFeed() throws {
        let table = try parse("a,b\r\n1,2\r\n\r\n3,4\r\n")
        #expect(table.header == ["a", "b"])
        #expect(rows(table) == [["1", "2"], ["3", "4"]])
        #expect(lines(table) == [2, 4])
    }

    @Test func loneCarriageReturn() throws {
        let table = try parse("a,b\r1,2\r3,\"x\ry\"\r5,6")
        #expect(rows(table) == [["1", "2"], ["3", "x\ry"], ["5", "6"]])
        #expect(lines(table) == [2, 3, 5])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("学号,姓名\n2024001,张三\n".utf8)
        let table = try CSVReader.parse(bytes: bytes, displayPath: "t.csv")
        #expect(table.header == ["学号", "姓名"])
        #expect(rows(table) == [["2024001", "张三"]])
        #expect(table.encoding == .utf8)
        #expect(table.field(row: 0, column: 0).number == 2_024_001)
    }

    @Test func blankLinesAreSkippedButCommaLinesAreKept() throws {
        let table = try parse("\n  \n a,b\n\n1,2\n \t \n,\n3,4\n\n")
        #expect(table.header == ["a", "b"])
        #expect(table.headerLocation(column: 1) == location(line: 3, column: 2))
        #expect(rows(table) == [["1", "2"], ["", ""], ["3", "4"]])
        #expect(lines(table) == [5, 7, 8])
        #expect(table.field(row: 1, column: 0).isBlank)
        #expect(table.field(row: 1, column: 1).isBlank)
    }

    @Test func raggedRows() throws {
        let table = try parse("a,b,c\n1\n1,2,3,4\n1,2,\n")
        #expect((0..<3).map { table.columnCount(row: $0) } == [1, 4, 3])
        let missing = table.field(row: 0, column: 2)
        #expect(missing.isBlank)
        #expect(missing.string == "")
        #expect(missing.number == nil)
        #expect(table.field(row: 1, column: 3).number == 4)
        #expect(table.field(row: 2, column: 2).isBlank)
        #expect(table.location(row: 0, column: 2) == location(line: 2, column: 3))
    }

    @Test func headerOnly() throws {
        let table = try parse("a,b\n")
        #expect(table.header == ["a", "b"])
        #expect(table.rowCount == 0)
    }

    @Test(arguments: ["", "\n", "\r\n\r\n", "  \n\t\n"])
    func noHeaderRow(text: String) throws {
        let error = #expect(throws: Diagnostic.self) { try parse(text) }
        #expect(error?.code == .syntax)
        #expect(error?.message == "has no header row")
        #expect(error?.location == SourceLocation(file: "t.csv"))
    }

    @Test(arguments: [
        // An unterminated quote is reported where its field began.
        ("a,b\n1,\"abc\n", 2, 2, "not closed"),
        ("a,b\n1,2\n\n\"x\ny\nz", 4, 1, "not closed"),
        ("\"a,b\n1,2\n", 1, 1, "not closed"),
        ("a,b\r\n1,\"x\"\"\r\n", 2, 2, "not closed"),
        // Text after a closing quote is reported where it is.
        ("a,b\n\"ab\"c,2\n", 2, 1, "after the closing quote"),
        ("a,b\n1,\"x\ny\"z\n", 3, 2, "after the closing quote"),
        ("a,b\n1,2,\"q\" \"r\"\n", 2, 3, "after the closing quote"),
    ])
    func syntaxErrors(text: String, line: Int, column: Int, message: String) throws {
        let error = #expect(throws: Diagnostic.self) { try parse(text) }
        #expect(error?.code == .syntax)
        #expect(error?.severity == .error)
        #expect(error?.location == location(line: line, column: column))
        #expect(error?.message.contains(message) == true)
    }
}

@Suite("CSV numbers")
struct CSVNumberTests {
    /// The number read from a sheet whose first data field is written as `field`.
    private func number(_ field: String) throws -> Double? {
        let table = try parse("value,other\n\(field),1\n")
        try #require(table.rowCount == 1)
        return table.field(row: 0, column: 0).number
    }

    @Test(arguments: [
        ("0", 0), ("12", 12), ("-3", -3), ("+4", 4), ("12.5", 12.5), ("-0.25", -0.25),
        (".5", 0.5), ("5.", 5), ("007", 7), ("1e3", 1000), ("1E-2", 0.01), ("2.5e+2", 250),
        ("  7.5 ", 7.5), ("\t8\t", 8), ("\"12.5\"", 12.5), (" \" 3 \" ", 3),
        ("0.1", 0.1), ("100.000", 100), ("123456789012345678", 1.2345678901234568e17),
        ("0.000001", 0.000001), ("1e22", 1e22), ("1e-22", 1e-22), ("1e23", 1e23),
    ] as [(String, Double)])
    func numbers(field: String, expected: Double) throws {
        let value = try #require(try number(field))
        // Parsing, not arithmetic: the result must be this exact Double.
        #expect(value.bitPattern == expected.bitPattern)
    }

    @Test func negativeZeroKeepsItsSign() throws {
        let value = try #require(try number("-0.0"))
        #expect(value == 0 && value.sign == .minus)
    }

    @Test(arguments: [
        "12a", "\"1,5\"", "", "-", "+", ".", "-.", "1e", "1e+", "1e-", "e5", "0x10", "inf",
        "-inf", "nan", "1 000", "1_000", "--1", "+-1", "1.2.3", "1..2", "1e5.5", "١٢", "12%",
        "1d", "\"\"", "abc",
    ])
    func notNumbers(field: String) throws {
        #expect(try number(field) == nil)
    }

    @Test func outOfRangeValuesRoundLikeDoubleFromString() throws {
        #expect(try number("1e400") == .infinity)
        #expect(try number("-1e400") == -.infinity)
        #expect(try number("1e-400") == 0)
        #expect(try number("1e99999999999999999999") == .infinity)
    }

    /// Hard cases for rounding: halfway points, 2^53 + 1, subnormals, long mantissas.
    @Test(arguments: [
        "9007199254740993", "9007199254740992", "9007199254740991", "18014398509481985",
        "0.1000000000000000055511151231257827021181583404541015625",
        "123456789012345678901234567890", "1.7976931348623157e308", "1.7976931348623158e308",
        "2.2250738585072014e-308", "2.2250738585072011e-308", "4.9e-324", "2.4703282292062328e-324",
        "2.4703282292062327e-324", "8.98846567431158e307", "9007199254740993e-22",
        "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124",
        "1.00000000000000011102230246251565404236316680908203126",
        "0.30000000000000004", "3.0000000000000004e-1", "7.2057594037927933e16",
        "1e-23", "1e24", "12345678901234567890e-40",
    ])
    func hardRoundingCases(field: String) throws {
        let expected = try #require(Double(field))
        let value = try #require(try number(field))
        #expect(value.bitPattern == expected.bitPattern)
    }

    /// Random decimal strings, read through one table, agree bit for bit with Double(String).
    @Test func randomDecimalsRoundLikeDoubleFromString() throws {
        var generator = SplitMix64(seed: 0x5EED_CAFE)
        var strings: [String] = []
        for _ in 0..<30_000 {
            var text = ""
            switch generator.next() % 3 {
            case 0: text += "-"
            case 1: text += Bool.random(using: &generator) ? "+" : ""
            default: break
            }
            // Short mantissas mostly take the fast path; long ones (up to 40 digits) do not.
            let longMantissa = generator.next() % 4 == 0
            let integerDigits = Int(generator.next() % (longMantissa ? 25 : 8))
            let fractionDigits = Int(generator.next() % (longMantissa ? 25 : 6))
            for _ in 0..<integerDigits { text += String(generator.next() % 10) }
            if fractionDigits > 0 || integerDigits == 0 {
                text += "."
                for _ in 0..<max(fractionDigits, 1) { text += String(generator.next() % 10) }
            }
            switch generator.next() % 4 {
            case 0: text += "e\(Int(generator.next() % 61) - 30)"
            case 1: text += "E\(Int(generator.next() % 661) - 330)"
            default: break
            }
            strings.append(text)
        }
        let table = try parse("value\n" + strings.joined(separator: "\n") + "\n")
        try #require(table.rowCount == strings.count)
        var mismatches: [String] = []
        for (row, text) in strings.enumerated() {
            let expected = Double(text)
            let value = table.field(row: row, column: 0).number
            if expected?.bitPattern != value?.bitPattern { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
        // The generator really produced both kinds of input.
        #expect(strings.contains { $0.filter(\.isNumber).count > 19 })
        #expect(strings.contains { $0.filter(\.isNumber).count < 6 })
    }

    /// Random numeric sheets: every field of every row reads back as written.
    @Test func randomNumericSheet() throws {
        var generator = SplitMix64(seed: 42)
        var values: [[Double]] = []
        var text = "a,b,c,d,e\n"
        for _ in 0..<2_000 {
            let row = (0..<5).map { _ in Double(generator.next() % 2_001) / 20 }
            values.append(row)
            text += row.map { "\($0)" }.joined(separator: ",") + "\r\n"
        }
        let table = try parse(text)
        try #require(table.rowCount == values.count)
        var mismatches = 0
        for (row, expected) in values.enumerated() {
            for column in 0..<5 {
                let value = table.field(row: row, column: column).number
                if value != expected[column] { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }
}

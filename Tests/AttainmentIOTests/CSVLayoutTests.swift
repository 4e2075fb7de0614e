import AttainmentCore
import Foundation
import Testing

@testable import AttainmentIO
import TestSupport

/// A CSV reader written straight from the rules in `CSVReader`'s documentation, one byte at a
/// time, as the reference for the parser's word-at-a-time scanning.
private enum ReferenceCSV {
    struct Record: Equatable {
        var line: Int
        var fields: [String]
    }

    enum Outcome: Equatable {
        case records([Record])
        case syntaxError(line: Int, column: Int)
    }

    static func parse(_ text: [UInt8]) -> Outcome {
        let blank: Set<UInt8> = [0x20, 0x09]
        let ends: Set<UInt8> = [0x2C, 0x0A, 0x0D]
        var records: [Record] = []
        var index = 0
        var line = 1
        while index < text.count {
            let recordLine = line
            var fields: [String] = []
            var onlyEmptyUnquoted = true
            var fieldNumber = 1
            while true {
                var start = index
                while start < text.count && blank.contains(text[start]) { start += 1 }
                var value: [UInt8] = []
                var next: Int
                if start < text.count && text[start] == 0x22 {
                    onlyEmptyUnquoted = false
                    let openingLine = line
                    var position = start + 1
                    while true {
                        guard position < text.count else { return .syntaxError(line: openingLine, column: fieldNumber) }
                        let byte = text[position]
                        if byte == 0x22 {
                            if position + 1 < text.count && text[position + 1] == 0x22 {
                                value.append(0x22)
                                position += 2
                                continue
                            }
                            break
                        }
                        if byte == 0x0A || (byte == 0x0D && !(position + 1 < text.count && text[position + 1] == 0x0A)) {
                            line += 1
                        }
                        value.append(byte)
                        position += 1
                    }
                    next = position + 1
                    while next < text.count && blank.contains(text[next]) { next += 1 }
                    if next < text.count && !ends.contains(text[next]) {
                        return .syntaxError(line: line, column: fieldNumber)
                    }
                } else {
                    next = start
                    while next < text.count && !ends.contains(text[next]) { next += 1 }
                    value = Array(text[start..<next])
                    if !value.isEmpty { onlyEmptyUnquoted = false }
                }
                // Spaces and tabs around a value are not part of it, inside quotes or outside.
                while let first = value.first, blank.contains(first) { value.removeFirst() }
                while let last = value.last, blank.contains(last) { value.removeLast() }
                fields.append(String(decoding: value, as: UTF8.self))
                guard next < text.count else {
                    index = text.count
                    break
                }
                if text[next] == 0x2C {
                    index = next + 1
                    fieldNumber += 1
                    continue
                }
                index = next + (text[next] == 0x0D && next + 1 < text.count && text[next + 1] == 0x0A ? 2 : 1)
                line += 1
                break
            }
            // A line of one empty unquoted field (or only spaces and tabs) is blank.
            if !(fields.count == 1 && onlyEmptyUnquoted) {
                records.append(Record(line: recordLine, fields: fields))
            }
        }
        return .records(records)
    }
}

/// What the parser makes of `text`, in the reference's terms.
private func parsed(_ text: [UInt8]) -> ReferenceCSV.Outcome? {
    do {
        let table = try CSVReader.parse(bytes: text, displayPath: "t.csv")
        var records = [ReferenceCSV.Record(line: table.headerLocation(column: 0).line ?? 0, fields: table.header)]
        for row in 0..<table.rowCount {
            records.append(ReferenceCSV.Record(
                line: table.location(row: row, column: 0).line ?? 0,
                fields: (0..<table.columnCount(row: row)).map { table.field(row: row, column: $0).string }))
        }
        return .records(records)
    } catch let diagnostic as Diagnostic {
        if diagnostic.message == "has no header row" { return .records([]) }
        guard diagnostic.code == .syntax, let line = diagnostic.location?.line, let column = diagnostic.location?.column
        else { return nil }
        return .syntaxError(line: line, column: column)
    } catch {
        return nil
    }
}

/// Random CSV text: plain numeric rows (the scanner's fast path) with quotes, spaces, tabs,
/// CR, blank lines and multi-byte characters sprinkled in, at every offset of its 8-byte words.
private func randomCSV(_ generator: inout SplitMix64) -> String {
    let plain = ["1", "12", "7.5", "0.25", "100", "", "S001", "中文", "abc"]
    let tricky = [" ", "\t", "\"", "\"\"", "\"a,b\"", "\"x\ny\"", " \"q\" ", "\"q\"x", "\r", "\r\n", "\n\n", " \n", ",", "é"]
    var text = ""
    for _ in 0..<Int.random(in: 0...12, using: &generator) {
        for column in 0..<Int.random(in: 1...9, using: &generator) {
            if column > 0 { text += "," }
            text += Int.random(in: 0..<10, using: &generator) == 0
                ? tricky.randomElement(using: &generator) ?? ""
                : plain.randomElement(using: &generator) ?? ""
        }
        text += Int.random(in: 0..<8, using: &generator) == 0 ? "\r\n" : "\n"
    }
    if Bool.random(using: &generator), !text.isEmpty { text.removeLast() }
    return text
}

@Suite("CSV layout")
struct CSVLayoutTests {
    @Test func randomTextsReadAsTheReferenceReadsThem() {
        var generator = SplitMix64(seed: 0xC5F)
        var errors = 0
        for _ in 0..<4_000 {
            let text = Array(randomCSV(&generator).utf8)
            let expected = ReferenceCSV.parse(text)
            if case .syntaxError = expected { errors += 1 }
            #expect(parsed(text) == expected, "\(String(reflecting: String(decoding: text, as: UTF8.self)))")
        }
        // Both outcomes were tried.
        #expect(errors > 100 && errors < 3_000, "\(errors) syntax errors")
    }

    /// A long sheet of plain fields, read eight bytes at a time, with a quoted or spaced
    /// field now and then.
    @Test func longPlainSheet() throws {
        var generator = SplitMix64(seed: 7)
        var text = "id,name,Q1,Q2,Q3\n"
        for row in 0..<3_000 {
            let name = row % 97 == 0 ? "\" 张 三 \"" : (row % 89 == 0 ? " 李四 " : "王五")
            text += "S\(row),\(name)," + (0..<3).map { _ in String(Int.random(in: 0...100, using: &generator)) }.joined(separator: ",")
            text += row % 50 == 0 ? "\r\n" : "\n"
        }
        let bytes = Array(text.utf8)
        #expect(parsed(bytes) == ReferenceCSV.parse(bytes))
    }

    /// The row-at-once, field and cell accessors agree.
    @Test func accessorsAgree() throws {
        var generator = SplitMix64(seed: 0xACCE55)
        for _ in 0..<500 {
            guard let table = try? CSVReader.parse(bytes: Array(randomCSV(&generator).utf8), displayPath: "t.csv") else {
                continue
            }
            for row in 0..<table.rowCount {
                let columns = Array(0..<(table.columnCount(row: row) + 2))
                var numbers = [Double?](repeating: nil, count: columns.count)
                table.numbers(row: row, columns: columns, into: &numbers)
                for column in columns {
                    let field = table.field(row: row, column: column)
                    #expect(numbers[column]?.bitPattern == field.number?.bitPattern)
                    #expect(table.number(row: row, column: column)?.bitPattern == field.number?.bitPattern)
                    #expect(table.string(row: row, column: column) == field.string)
                    #expect(table.isBlank(row: row, column: column) == field.isBlank)
                }
            }
        }
    }

    /// Short decimals take their own path: random strings of their characters are read as
    /// Double(String) reads them, bit for bit, and refused where it refuses them.
    @Test func shortNumbersReadLikeDoubleFromString() {
        var generator = SplitMix64(seed: 0xDEC)
        let alphabet = Array("0123456789.-+eE".utf8)
        let digitsOften = Array("0123456789012345678901234567890123456789.".utf8)
        var accepted = 0
        for _ in 0..<50_000 {
            let length = Int.random(in: 1...18, using: &generator)
            let pool = Int.random(in: 0..<4, using: &generator) == 0 ? alphabet : digitsOften
            var bytes = (0..<length).map { _ in pool.randomElement(using: &generator) ?? 0x30 }
            if Int.random(in: 0..<4, using: &generator) == 0 { bytes.insert(UInt8(ascii: "-"), at: 0) }
            let text = String(decoding: bytes, as: UTF8.self)
            let value = bytes.withUnsafeBufferPointer { DecimalNumber.parse($0) }
            let expected = Double(text)
            if expected != nil { accepted += 1 }
            #expect(value?.bitPattern == expected?.bitPattern, "\(text)")
        }
        #expect(accepted > 10_000)
    }
}

@Suite("Counting bytes")
struct ByteCountTests {
    /// `SWAR.count(of:in:)`, and the count of several bytes (the CSV parser's separators),
    /// count as a loop over the bytes does: texts around the vector width and around the 255
    /// blocks a lane counts before it is summed, with the byte dense, sparse and absent, at
    /// every alignment of the start.
    @Test func countsAsALoopDoes() {
        var generator = SplitMix64(seed: 0xC0)
        let sizes = [0, 1, 31, 32, 33, 64, 100, 255 * 32 - 1, 255 * 32, 255 * 32 + 1, 255 * 32 * 2 + 17, 50_000]
        for size in sizes {
            for density in [0, 2, 40, 256] {
                let bytes = (0..<(size + 7)).map { _ -> UInt8 in
                    density > 0 && Int.random(in: 0..<density, using: &generator) == 0
                        ? 0x0A : UInt8.random(in: 0x0B...0xFF, using: &generator)
                }
                for offset in [0, 1, 7] {
                    let text = bytes[offset..<(offset + size)]
                    let counted = text.withUnsafeBufferPointer { SWAR.count(of: 0x0A, in: $0) }
                    #expect(counted == text.count { $0 == 0x0A }, "size \(size), density \(density), offset \(offset)")
                    // Several bytes at once, as the CSV parser counts its separators.
                    let separators = text.withUnsafeBufferPointer { text in
                        SWAR.count(in: text) { SWAR.equalLanes($0, 0x0A) &+ SWAR.equalLanes($0, 0x2C) &+ SWAR.equalLanes($0, 0x0D) }
                            byte: { $0 == 0x0A || $0 == 0x2C || $0 == 0x0D }
                    }
                    #expect(separators == text.count { $0 == 0x0A || $0 == 0x2C || $0 == 0x0D }, "size \(size)")
                }
            }
        }
        #expect([UInt8](repeating: 0xFF, count: 10_000).withUnsafeBufferPointer { SWAR.count(of: 0xFF, in: $0) } == 10_000)
    }
}

@Suite("Header normalisation")
struct HeaderNormalisationTests {
    /// The definition: lower case, no white space (Unicode's), no trailing colons.
    private func reference(_ text: String) -> String {
        var result = String(text.lowercased().unicodeScalars.filter { !$0.properties.isWhitespace })
        while let last = result.last, last == ":" || last == "：" { result.removeLast() }
        return result
    }

    @Test func randomTextsNormaliseAsDefined() {
        var generator = SplitMix64(seed: 0x4EAD)
        // Ideographs at the ends of the ranges normalised without Unicode's tables, and beside
        // them what must go through the tables: Kelvin sign, a lower case longer than the upper,
        // a combining mark, Hangul, Yi, full-width letters.
        let pieces = ["A", "b", "Z", "1", ":", " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{1C}", "_", "/", "#",
                      "：", "学号", "\u{3000}", "\u{A0}", "É", "\r\n", "1班", "\u{3400}", "\u{3FFF}", "\u{4DC0}",
                      "\u{9FFF}", "\u{33FF}", "\u{A000}", "Ａ", "\u{212A}", "İ", "e\u{301}", "한"]
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }
                .joined()
            #expect(ScoreSheetLayout.normalised(text) == reference(text), "\(String(reflecting: text))")
        }
    }
}

@Suite("File bytes, sizes")
struct FileBytesSizeTests {
    /// Sizes around the first read's buffer (16 KiB) and its doubling.
    @Test(arguments: [0, 1, 16_383, 16_384, 16_385, 32_768, 65_537, 1_000_000])
    func readsEveryByte(size: Int) throws {
        let url = scratchDirectory.appendingPathComponent("attain-size-\(UUID().uuidString).bin")
        var generator = SplitMix64(seed: UInt64(size))
        let bytes = (0..<size).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try FileBytes.read(path: url.path, displayPath: "x") == bytes)
    }

    @Test func aFolderIsNamedAsOne() {
        let error = #expect(throws: Diagnostic.self) {
            try FileBytes.read(path: scratchDirectory.path, displayPath: "scores")
        }
        #expect(error?.message == "is a folder, not a file")
    }
}

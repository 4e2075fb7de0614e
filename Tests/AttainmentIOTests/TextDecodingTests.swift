import AttainmentCore
import Foundation
import Testing

@testable import AttainmentIO
import TestSupport

/// Whether the bytes are valid UTF-8, by `isValidUTF8`.
private func isValid(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBufferPointer { TextDecoding.isValidUTF8($0) }
}

/// Whether the bytes are valid UTF-8, by `isValidUTF8(_:count:)`, the check of a CSV field.
private func isValidField(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return true }
        return TextDecoding.isValidUTF8(base, count: buffer.count)
    }
}

/// Converts `text` to GB18030 with the system's iconv program.
private func gb18030Bytes(_ text: String) throws -> [UInt8] {
    let input = scratchDirectory
        .appendingPathComponent("attain-gb-\(UUID().uuidString).txt")
    try Data(text.utf8).write(to: input)
    defer { try? FileManager.default.removeItem(at: input) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
    process.arguments = ["-f", "UTF-8", "-t", "GB18030", input.path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0)
    return Array(data)
}

@Suite("Text decoding")
struct TextDecodingTests {
    @Test func utf8IsReturnedAsIs() throws {
        let bytes = Array("学号,姓名\nA1,Zoë 😀\n".utf8)
        let decoded = try TextDecoding.utf8Bytes(bytes, displayPath: "t.csv")
        #expect(decoded.bytes == bytes)
        #expect(decoded.encoding == .utf8)
    }

    @Test func byteOrderMarkIsStripped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF, 0x61, 0x2C, 0x62]
        let decoded = try TextDecoding.utf8Bytes(bytes, displayPath: "t.csv")
        #expect(decoded.bytes == [0x61, 0x2C, 0x62])
        #expect(decoded.encoding == .utf8)
    }

    @Test func byteOrderMarkFollowedByInvalidUTF8IsAnError() {
        // Without the mark these bytes are GBK for "学号".
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF, 0xD1, 0xA7, 0xBA, 0xC5]
        let error = #expect(throws: Diagnostic.self) {
            try TextDecoding.utf8Bytes(bytes, displayPath: "t.csv")
        }
        #expect(error?.code == .encoding)
    }

    @Test func gbkHeaderIsDecoded() throws {
        let bytes: [UInt8] = [0xD1, 0xA7, 0xBA, 0xC5, 0x2C, 0xD0, 0xD5, 0xC3, 0xFB]
        let decoded = try TextDecoding.utf8Bytes(bytes, displayPath: "t.csv")
        #expect(String(decoding: decoded.bytes, as: UTF8.self) == "学号,姓名")
        #expect(decoded.encoding == .gb18030)
    }

    @Test func gb18030CSVIsReadAsATable() throws {
        let text =
            "学号,姓名,期末成绩\r\n2024001,张三,88.5\r\n2024002,\"李四, 王五\",92\r\n"
        let bytes = try gb18030Bytes(text)
        try #require(bytes != Array(text.utf8))
        let table = try CSVReader.parse(bytes: bytes, displayPath: "scores/CS101.csv")
        #expect(table.encoding == .gb18030)
        #expect(table.header == ["学号", "姓名", "期末成绩"])
        #expect(table.rowCount == 2)
        #expect(table.field(row: 1, column: 1).string == "李四, 王五")
        #expect(table.field(row: 0, column: 2).number == 88.5)
    }

    @Test func fourByteGB18030SequencesRoundTrip() throws {
        // Characters outside GBK take four bytes in GB18030.
        let text = "€ é 😀 𠀀 ㄅ 中文 abc"
        let bytes = try gb18030Bytes(text)
        let decoded = try TextDecoding.utf8Bytes(bytes, displayPath: "t.csv")
        #expect(decoded.encoding == .gb18030)
        #expect(String(decoding: decoded.bytes, as: UTF8.self) == text)
    }

    @Test(arguments: [
        [0xFF, 0xFF],
        [0x61, 0x80],
        [0x61, 0x2C, 0xD1],
        [0x81, 0x30, 0x81],
        [0xD1, 0xA7, 0xFF, 0x41],
    ] as [[UInt8]])
    func invalidBytesAreAnEncodingError(bytes: [UInt8]) throws {
        let error = #expect(throws: Diagnostic.self) {
            try TextDecoding.utf8Bytes(bytes, displayPath: "scores/x.csv")
        }
        #expect(error?.code == .encoding)
        #expect(error?.severity == .error)
        #expect(error?.location == SourceLocation(file: "scores/x.csv"))
        #expect(error?.message.contains("CSV UTF-8") == true)

        let csvError = #expect(throws: Diagnostic.self) {
            try CSVReader.parse(bytes: [0x61, 0x0A] + bytes, displayPath: "scores/x.csv")
        }
        #expect(csvError?.code == .encoding)
    }

    @Test(arguments: [
        [], [0x41], Array("plain ASCII text that is longer than eight bytes".utf8),
        [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xE4, 0xB8, 0xAD], [0xED, 0x9F, 0xBF],
        [0xEE, 0x80, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80],
        [0xF4, 0x8F, 0xBF, 0xBF], Array("12345678中1234567😀".utf8),
    ] as [[UInt8]])
    func validUTF8(bytes: [UInt8]) {
        #expect(isValid(bytes))
        #expect(isValidField(bytes))
    }

    @Test(arguments: [
        [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC2], [0xC2, 0x41], [0xE0, 0x80, 0x80],
        [0xE0, 0x9F, 0xBF], [0xE4, 0xB8], [0xE4, 0x41, 0xAD], [0xED, 0xA0, 0x80],
        [0xED, 0xBF, 0xBF], [0xF0, 0x80, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF],
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
        [0xFE], [0xFF], Array("12345678".utf8) + [0xE4, 0xB8],
        Array("abcdefghijklmno".utf8) + [0x80] + Array("abcdefgh".utf8),
    ] as [[UInt8]])
    func invalidUTF8(bytes: [UInt8]) {
        #expect(!isValid(bytes))
        #expect(!isValidField(bytes))
    }

    /// Random near-UTF-8 byte strings agree with the standard library's validation, by both
    /// checks.
    @Test func validationAgreesWithTheStandardLibrary() {
        var generator = SplitMix64(seed: 7)
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("abcdefgh".utf8), Array("é".utf8), Array("中".utf8),
            Array("😀".utf8), [0x80], [0xC0], [0xE0], [0xED], [0xF0], [0xF4], [0xBF], [0xA0],
            [0x90], [0x8F], [0xFF], [0xE1], [0xEC], [0xEE], [0xEF],
        ]
        var disagreements: [[UInt8]] = []
        var validCount = 0
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(generator.next() % 12) {
                bytes += pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            if expected { validCount += 1 }
            if isValid(bytes) != expected || isValidField(bytes) != expected { disagreements.append(bytes) }
        }
        #expect(disagreements.isEmpty, "first disagreements: \(disagreements.prefix(3))")
        #expect(validCount > 1_000 && validCount < 19_000)
    }
}

@Suite("File bytes")
struct FileBytesTests {
    @Test func readsAWholeFile() throws {
        let url = scratchDirectory
            .appendingPathComponent("attain-bytes-\(UUID().uuidString).csv")
        var generator = SplitMix64(seed: 99)
        let bytes = (0..<100_003).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try FileBytes.read(path: url.path, displayPath: "x.csv") == bytes)
    }

    @Test func readsAnEmptyFile() throws {
        let url = scratchDirectory
            .appendingPathComponent("attain-empty-\(UUID().uuidString).csv")
        try Data().write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try FileBytes.read(path: url.path, displayPath: "x.csv") == [])
    }

    /// A named pipe nothing writes to reads as empty; `open` blocked on it for ever.
    @Test func readsANamedPipeWithoutAWriterAsEmpty() throws {
        let path = scratchDirectory.appendingPathComponent("attain-fifo-\(UUID().uuidString).csv").path
        try FileManager.default.createDirectory(atPath: scratchDirectory.path, withIntermediateDirectories: true)
        #expect(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        #expect(try FileBytes.read(path: path, displayPath: "x.csv") == [])
    }

    @Test func missingFile() {
        let path = "/nonexistent-\(UUID().uuidString)/scores.csv"
        let error = #expect(throws: Diagnostic.self) {
            try FileBytes.read(path: path, displayPath: "scores.csv")
        }
        #expect(error?.code == .fileMissing)
        #expect(error?.location == SourceLocation(file: "scores.csv"))

        let csvError = #expect(throws: Diagnostic.self) {
            try CSVReader.read(path: path, displayPath: "scores.csv")
        }
        #expect(csvError?.code == .fileMissing)
    }

    @Test func folderIsUnreadable() {
        let error = #expect(throws: Diagnostic.self) {
            try FileBytes.read(
                path: scratchDirectory.path, displayPath: "scores")
        }
        #expect(error?.code == .fileUnreadable)
        #expect(error?.location == SourceLocation(file: "scores"))
    }

    @Test func csvReaderReadsFromDisk() throws {
        let url = scratchDirectory
            .appendingPathComponent("attain-csv-\(UUID().uuidString).csv")
        try Data("id,score\n1,2.5\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let table = try CSVReader.read(path: url.path, displayPath: "scores/CS101.csv")
        #expect(table.header == ["id", "score"])
        #expect(table.field(row: 0, column: 1).number == 2.5)
        #expect(table.location(row: 0, column: 1).description == "scores/CS101.csv:2:2")
    }
}

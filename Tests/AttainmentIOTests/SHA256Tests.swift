import Foundation
import Testing

@testable import AttainmentIO
import TestSupport

/// Lowercase hex of `bytes`.
private func hex(_ bytes: [UInt8]) -> String {
    bytes.map { byte in
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }.joined()
}

/// The digest printed by /usr/bin/sha256sum for a file holding `bytes`.
private func systemDigest(_ bytes: [UInt8]) throws -> String {
    let url = scratchDirectory
        .appendingPathComponent("attain-sha-\(UUID().uuidString).bin")
    try Data(bytes).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = [url.path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0)
    return String(String(decoding: data, as: UTF8.self).prefix(64))
}

@Suite("SHA-256")
struct SHA256Tests {
    /// The FIPS 180-2 appendix B examples and the empty message.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func standardVectors(message: String, digest: String) {
        #expect(SHA256.hexDigest(Array(message.utf8)) == digest)
        var hash = SHA256()
        hash.update(Array(message.utf8))
        #expect(hex(hash.finalize()) == digest)
    }

    @Test func oneMillionAInOddChunks() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        let chunkSizes = [1, 3, 7, 63, 64, 65, 127, 1_000, 4_099]
        var hash = SHA256()
        var remaining = 1_000_000
        var turn = 0
        while remaining > 0 {
            let size = min(chunkSizes[turn % chunkSizes.count], remaining)
            hash.update([UInt8](repeating: UInt8(ascii: "a"), count: size))
            remaining -= size
            turn += 1
        }
        #expect(hex(hash.finalize()) == expected)
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hexDigest(million) == expected)
    }

    @Test func rawBufferUpdateMatchesArrayUpdate() {
        let bytes = Array("The quick brown fox jumps over the lazy dog".utf8)
        var hash = SHA256()
        bytes.withUnsafeBytes { hash.update($0) }
        #expect(
            hex(hash.finalize())
                == "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592")
    }

    /// Random buffers, some at the padding boundaries, agree with sha256sum and with
    /// hashing in random pieces.
    @Test(arguments: [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 1_000, 100_003])
    func agreesWithSha256sum(size: Int) throws {
        var generator = SplitMix64(seed: UInt64(size) &+ 1)
        let bytes = (0..<size).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let expected = try systemDigest(bytes)
        try #require(expected.count == 64)
        #expect(SHA256.hexDigest(bytes) == expected)

        var hash = SHA256()
        var offset = 0
        while offset < size {
            let piece = min(Int(generator.next() % 150), size - offset)
            hash.update(Array(bytes[offset..<(offset + piece)]))
            offset += piece
        }
        #expect(hex(hash.finalize()) == expected)
    }
}

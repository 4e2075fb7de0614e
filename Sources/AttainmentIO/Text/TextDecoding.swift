import Glibc
import AttainmentCore

/// The text encoding a file was read in.
package enum TextEncodingName: String, Sendable {
    case utf8 = "UTF-8"
    case gb18030 = "GB18030"
}

/// Turns the bytes of a text file into UTF-8, accepting UTF-8 and the GB18030 family.
///
/// Chinese editions of Excel save "CSV" in the system code page, GBK, of which GB18030 is a
/// superset; "CSV UTF-8" is UTF-8 with a byte order mark. Both are accepted.
package enum TextDecoding {
    /// Returns the text as UTF-8 without a byte order mark, and the encoding it was in.
    ///
    /// Valid UTF-8, with or without a byte order mark, is returned as is (the mark removed).
    /// Anything else without a byte order mark is converted from GB18030 with the C library's
    /// `iconv`.
    ///
    /// - Parameters:
    ///   - bytes: The file's contents.
    ///   - displayPath: The path to name in a diagnostic.
    /// - Returns: UTF-8 bytes and the encoding they were decoded from.
    /// - Throws: `Diagnostic` with code `.encoding` when the bytes are neither UTF-8 nor GB18030.
    /// - Complexity: O(n) in the number of bytes.
    package static func utf8Bytes(
        _ bytes: [UInt8], displayPath: String
    ) throws -> (bytes: [UInt8], encoding: TextEncodingName) {
        let hasByteOrderMark = startsWithByteOrderMark(bytes)
        let isUTF8 = bytes.withUnsafeBufferPointer { buffer in
            isValidUTF8(UnsafeBufferPointer(rebasing: buffer[(hasByteOrderMark ? 3 : 0)...]))
        }
        if isUTF8 {
            return (hasByteOrderMark ? Array(bytes[3...]) : bytes, .utf8)
        }
        // A byte order mark says the file meant to be UTF-8; do not guess further.
        guard !hasByteOrderMark, var converted = convertFromGB18030(bytes) else {
            throw Diagnostic(
                .error, .encoding,
                "is neither UTF-8 nor GB18030/GBK text; save it as \"CSV UTF-8\"",
                location: SourceLocation(file: displayPath))
        }
        // GB18030 can encode U+FEFF too (84 31 95 33); drop it like the UTF-8 mark.
        if startsWithByteOrderMark(converted) { converted.removeFirst(3) }
        return (converted, .gb18030)
    }

    /// Whether `bytes` start with UTF-8's byte order mark, EF BB BF.
    static func startsWithByteOrderMark<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Bool
    where Bytes.Index == Int {
        bytes.count >= 3 && bytes[bytes.startIndex] == 0xEF && bytes[bytes.startIndex + 1] == 0xBB
            && bytes[bytes.startIndex + 2] == 0xBF
    }

    /// Whether the bytes are well-formed UTF-8.
    ///
    /// Rejects overlong forms, UTF-16 surrogates (U+D800...U+DFFF), code points above U+10FFFF
    /// and truncated sequences. Runs of ASCII are checked eight bytes at a time.
    ///
    /// - Complexity: O(n).
    package static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        var index = 0
        while index < count {
            // Skip ASCII eight bytes at a time.
            while index + 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                index += 8
            }
            guard index < count else { break }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // The allowed range of the first continuation byte depends on the lead byte
            // (Unicode 15, table 3-7); later continuation bytes are always 80...BF.
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            guard index + length <= count else { return false }
            let second = bytes[index + 1]
            guard second >= low && second <= high else { return false }
            var next = index + 2
            while next < index + length {
                guard bytes[next] & 0xC0 == 0x80 else { return false }
                next += 1
            }
            index += length
        }
        return true
    }

    /// Converts GB18030 bytes to UTF-8 with `iconv`, or returns nil if they are not GB18030.
    private static func convertFromGB18030(_ bytes: [UInt8]) -> [UInt8]? {
        let converter = iconv_open("UTF-8", "GB18030")
        // iconv_open reports failure as (iconv_t)-1.
        guard let converter, converter != UnsafeMutableRawPointer(bitPattern: -1) else {
            return nil
        }
        defer { iconv_close(converter) }

        // Each GB18030 sequence of n bytes becomes at most 3n/2 + 1 UTF-8 bytes; start with
        // room for that and grow if iconv still runs out of space.
        var output = [UInt8](repeating: 0, count: bytes.count + bytes.count / 2 + 16)
        var produced = 0
        var consumed = 0
        while true {
            let outcome: (result: Int, consumed: Int, produced: Int, error: Int32) =
                bytes.withUnsafeBufferPointer { input in
                    output.withUnsafeMutableBufferPointer { out in
                        // iconv takes `char **` but only reads through it.
                        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(
                            mutating: input.baseAddress.map { $0 + consumed }
                        )?.assumingMemoryBound(to: CChar.self)
                        var inLeft = input.count - consumed
                        var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(
                            out.baseAddress.map { $0 + produced }
                        )?.assumingMemoryBound(to: CChar.self)
                        var outLeft = out.count - produced
                        let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                        let error = result == -1 ? errno : 0
                        return (
                            result, input.count - consumed - inLeft,
                            out.count - produced - outLeft, error
                        )
                    }
                }
            consumed += outcome.consumed
            produced += outcome.produced
            if outcome.result != -1 {
                break
            }
            // E2BIG: the output is full; anything else (EILSEQ, EINVAL) means bad input.
            guard outcome.error == E2BIG else { return nil }
            output.append(contentsOf: repeatElement(0, count: output.count))
        }
        // Flush any shift state (none for GB18030, but the protocol asks for it).
        var flushOutLeft = output.count - produced
        let flushResult = output.withUnsafeMutableBufferPointer { out -> Int in
            var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(
                out.baseAddress.map { $0 + produced }
            )?.assumingMemoryBound(to: CChar.self)
            return iconv(converter, nil, nil, &outPointer, &flushOutLeft)
        }
        guard flushResult != -1 else { return nil }
        produced = output.count - flushOutLeft
        output.removeSubrange(produced...)
        return output
    }
}

extension TextDecoding {
    /// Whether a short text (a CSV field) is UTF-8, as `isValidUTF8(_:)` tells: the usual
    /// three-byte characters (Chinese) are checked inline, anything else there.
    @inline(__always)
    static func isValidUTF8(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        var index = 0
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // Leads E1...EC, EE and EF take any two continuation bytes 80...BF (E0 and ED
            // narrow the first; Unicode 15, table 3-7).
            if (lead &- 0xE1 < 12 || lead == 0xEE || lead == 0xEF) && index + 2 < count
                && bytes[index + 1] & 0xC0 == 0x80 && bytes[index + 2] & 0xC0 == 0x80 {
                index += 3
                continue
            }
            return isValidUTF8(UnsafeBufferPointer(start: bytes, count: count))
        }
        return true
    }
}

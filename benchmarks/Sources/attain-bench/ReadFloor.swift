import Foundation

/// The floor of any tool that reads the university: read every input file's bytes and parse
/// the numbers of the CSV files, and nothing else (no layout, no checks, no tables).
///
/// Files are read with `read(2)` into one reused buffer per thread; a number is a run of
/// digits with at most one point, turned into a Double as mantissa ÷ 10^decimals (exact for
/// the short decimals of score sheets). The sum of the numbers is kept so that the work
/// cannot be optimised away, and reported so that runs can be compared.
struct ReadFloor {
    struct Totals: Sendable, Codable {
        var files = 0
        var bytes = 0
        var numbers = 0
        var sum = 0.0

        mutating func add(_ other: Totals) {
            files += other.files
            bytes += other.bytes
            numbers += other.numbers
            sum += other.sum
        }
    }

    /// Every file under the programme folders, CSV or not.
    let files: [String]

    /// Reads every file on `threads` threads; each thread takes the next file.
    func run(threads: Int) throws(BenchmarkFailure) -> Totals {
        let files = files
        let workers = try Parallel.eachIndex(files.count, threads: threads) {
            (buffer: [UInt8](repeating: 0, count: 1 << 20), totals: Totals())
        } _: { index, worker throws(BenchmarkFailure) in
            try Self.read(files[index], buffer: &worker.buffer, into: &worker.totals)
        }
        var totals = Totals()
        for worker in workers { totals.add(worker.totals) }
        return totals
    }

    private static func read(_ path: String, buffer: inout [UInt8], into totals: inout Totals) throws(BenchmarkFailure) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw BenchmarkFailure("cannot open \(path)") }
        defer { close(descriptor) }
        var size = 0
        while true {
            if size == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
            let count = buffer.withUnsafeMutableBytes { raw in
                // The buffer starts at 1 MiB and only grows: never empty, so it has an address.
                Glibc.read(descriptor, raw.baseAddress! + size, raw.count - size)
            }
            guard count >= 0 else { throw BenchmarkFailure("cannot read \(path)") }
            if count == 0 { break }
            size += count
        }
        totals.files += 1
        totals.bytes += size
        guard path.hasSuffix(".csv") else { return }
        buffer.withUnsafeBufferPointer { bytes in
            let (numbers, sum) = parseNumbers(UnsafeBufferPointer(rebasing: bytes[0..<size]))
            totals.numbers += numbers
            totals.sum += sum
        }
    }

    /// The count and sum of the numbers in CSV bytes: fields made only of digits and one point.
    static func parseNumbers(_ bytes: UnsafeBufferPointer<UInt8>) -> (count: Int, sum: Double) {
        var count = 0
        var sum = 0.0
        var mantissa: UInt64 = 0
        var digits = 0
        var decimals = -1  // -1: no point seen
        var isNumber = true
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                mantissa = mantissa &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
                digits += 1
                if decimals >= 0 { decimals += 1 }
            case UInt8(ascii: "."):
                if decimals >= 0 { isNumber = false }
                decimals = 0
            case UInt8(ascii: ","), UInt8(ascii: "\n"):
                if isNumber, digits > 0, digits <= 18 {
                    count += 1
                    sum += decimals > 0 ? Double(mantissa) / powersOfTen[decimals] : Double(mantissa)
                }
                mantissa = 0
                digits = 0
                decimals = -1
                isNumber = true
            default:
                isNumber = false
            }
        }
        return (count, sum)
    }

    private static let powersOfTen: [Double] = (0...18).map { (0..<$0).reduce(1.0) { value, _ in value * 10 } }
}

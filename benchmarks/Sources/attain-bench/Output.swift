import Foundation

/// Writes straight to the standard streams, unbuffered, so that results (standard output) and
/// progress notes (standard error) keep their order when both go to one file.
enum Output {
    /// A line of results.
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// A line of progress or an error message.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// A progress note of a running benchmark: `  … message`.
    static func progress(_ message: String) {
        note("  … \(message)")
    }

    /// A report as one line of JSON, for the process that started this one.
    static func json(_ report: some Encodable) throws(BenchmarkFailure) {
        do {
            line(String(decoding: try JSONEncoder().encode(report), as: UTF8.self))
        } catch {
            throw BenchmarkFailure("cannot encode the report: \(error)")
        }
    }
}

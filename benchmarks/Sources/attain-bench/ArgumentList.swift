/// Options after a subcommand, read one by one.
struct ArgumentList {
    private var remaining: ArraySlice<String>
    let usage: String

    init(_ arguments: [String], usage: String) {
        remaining = arguments[...]
        self.usage = usage
    }

    mutating func next() -> String? { remaining.popFirst() }

    mutating func value(_ option: String) throws(BenchmarkFailure) -> String {
        guard let value = remaining.popFirst() else { throw .usage("\(option) needs a value\n\n\(usage)") }
        return value
    }

    mutating func count(_ option: String) throws(BenchmarkFailure) -> Int {
        let text = try value(option)
        guard let count = Int(text), count >= 1 else { throw .usage("\(option) needs a positive whole number") }
        return count
    }

    func unknown(_ option: String) -> BenchmarkFailure {
        .usage("unknown option \(option)\n\n\(usage)")
    }
}

import AttainmentIO

/// Stable pseudonyms for student ids: `S` and the first hex digits of HMAC-SHA256(key, id).
///
/// The same key and id always give the same pseudonym, so a student keeps theirs across reports
/// and cohorts run with the same key. Eight digits are used; only students who would share a
/// pseudonym get more digits, until theirs differ, so one student's arrival changes no one
/// else's. Without a secret key anyone holding the roster can recompute the mapping;
/// docs/cli.md says so.
struct Pseudonyms {
    private let names: [String: String]

    /// Pseudonyms for every id in `ids`, with at least `digits` hex digits.
    init(ids: [String], key: String, digits: Int = 8) {
        var digests: [String: String] = [:]
        for id in ids where digests[id] == nil { digests[id] = Self.hmac(key: Array(key.utf8), message: Array(id.utf8)) }
        var length = digests.mapValues { _ in digits }
        while true {
            var holders: [Substring: [String]] = [:]
            for (id, digest) in digests { holders[digest.prefix(length[id] ?? digits), default: []].append(id) }
            let colliding = holders.values.filter { $0.count > 1 }.flatMap { $0 }
            // Two different ids cannot share all 64 digits (SHA-256 collisions are not known).
            if colliding.isEmpty || colliding.contains(where: { (length[$0] ?? 0) >= 64 }) { break }
            for id in colliding { length[id, default: digits] += 1 }
        }
        names = digests.reduce(into: [:]) { names, entry in
            names[entry.key] = "S" + entry.value.prefix(length[entry.key] ?? digits).uppercased()
        }
    }

    /// The pseudonym of an id given to `init`; the id itself otherwise (which cannot happen for
    /// the cohort's students).
    func name(of id: String) -> String { names[id] ?? id }

    /// HMAC-SHA256 (RFC 2104) as lowercase hex.
    static func hmac(key: [UInt8], message: [UInt8]) -> String {
        let blockSize = 64
        var key = key
        if key.count > blockSize {
            var hash = SHA256()
            hash.update(key)
            key = hash.finalize()
        }
        key += [UInt8](repeating: 0, count: blockSize - key.count)
        var inner = SHA256()
        inner.update(key.map { $0 ^ 0x36 } + message)
        var outer = SHA256()
        outer.update(key.map { $0 ^ 0x5C } + inner.finalize())
        return outer.finalize().map { byte in String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
    }
}

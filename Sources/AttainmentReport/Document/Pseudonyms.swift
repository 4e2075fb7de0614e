import AttainmentIO

/// Stable pseudonyms for student ids: `S` and the first hex digits of HMAC-SHA256(key, id).
///
/// The same key and id always give the same pseudonym, so a student keeps theirs across reports
/// and cohorts run with the same key. Eight digits are used, more if two students of the cohort
/// would collide. Without a secret key anyone holding the roster can recompute the mapping;
/// docs/cli.md says so.
struct Pseudonyms {
    private let names: [String: String]

    /// Pseudonyms for every id in `ids`.
    init(ids: [String], key: String) {
        let digests = ids.map { Self.hmac(key: Array(key.utf8), message: Array($0.utf8)) }
        var digits = 8
        while Set(digests.map { $0.prefix(digits) }).count < Set(ids).count, digits < 64 { digits += 1 }
        var names: [String: String] = [:]
        for (id, digest) in zip(ids, digests) { names[id] = "S" + digest.prefix(digits).uppercased() }
        self.names = names
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
        let digits = Array("0123456789abcdef")
        return outer.finalize().map { "\(digits[Int($0 >> 4)])\(digits[Int($0 & 15)])" }.joined()
    }
}

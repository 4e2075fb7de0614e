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
        var seen: Set<String> = []
        let digests = ids.filter { seen.insert($0).inserted }.map { (id: $0, digest: Self.hmac(key: Array(key.utf8), message: Array($0.utf8))) }
        var names: [String: String] = [:]
        // Ids sharing a `length`-digit prefix split by one more digit, until each is alone.
        // Prefixes of different lengths never clash, so each group grows on its own.
        func name(_ group: [(id: String, digest: String)], length: Int) {
            guard group.count > 1, length < 64 else {
                for entry in group { names[entry.id] = "S" + entry.digest.prefix(length).uppercased() }
                return
            }
            for subgroup in Dictionary(grouping: group, by: { $0.digest.prefix(length + 1) }).values {
                name(subgroup, length: length + 1)
            }
        }
        for group in Dictionary(grouping: digests, by: { $0.digest.prefix(digits) }).values { name(group, length: digits) }
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
        return SHA256.hex(outer.finalize())
    }
}

import CCrypto

/// The SHA-256 hash function of FIPS 180-4, used to fingerprint input files, computed by
/// OpenSSL's libcrypto (which uses the CPU's SHA extensions where it has them, over 1 GB/s).
///
/// Feed bytes with `update` as often as needed, then call `finalize` once:
///
/// ```swift
/// var hash = SHA256()
/// hash.update(bytes)
/// let digest = hash.finalize()   // 32 bytes
/// ```
package struct SHA256: ~Copyable {
    /// libcrypto's digest context, owned by this value.
    private let context: OpaquePointer

    /// SHA-256 as libcrypto's default provider implements it, looked up once: an implicit
    /// fetch on every initialisation would cost more than hashing a small file.
    nonisolated(unsafe) private static let algorithm: OpaquePointer = {
        guard let algorithm = EVP_MD_fetch(nil, "SHA256", nil) else {
            fatalError("libcrypto has no SHA-256 (OpenSSL's default provider is missing)")
        }
        return algorithm
    }()

    /// Starts a new hash.
    package init() {
        guard let context = EVP_MD_CTX_new() else { fatalError("out of memory for a SHA-256 context") }
        guard EVP_DigestInit_ex(context, SHA256.algorithm, nil) == 1 else {
            fatalError("libcrypto could not start a SHA-256 hash")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds bytes to the message.
    ///
    /// - Complexity: O(n).
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        guard EVP_DigestUpdate(context, base, bytes.count) == 1 else {
            fatalError("libcrypto could not add to a SHA-256 hash")
        }
    }

    /// Adds bytes to the message.
    ///
    /// - Complexity: O(n).
    package mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Ends the message and returns the 32-byte digest.
    package consuming func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var size: UInt32 = 0
        let status = digest.withUnsafeMutableBufferPointer {
            EVP_DigestFinal_ex(context, $0.baseAddress, &size)
        }
        guard status == 1, size == 32 else { fatalError("libcrypto could not finish a SHA-256 hash") }
        return digest
    }

    /// The lowercase hexadecimal SHA-256 digest of `bytes`.
    package static func hexDigest(_ bytes: [UInt8]) -> String {
        var hash = SHA256()
        hash.update(bytes)
        return hex(hash.finalize())
    }

    /// Bytes as lowercase hexadecimal, two digits each.
    package static func hex(_ bytes: [UInt8]) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(2 * bytes.count)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

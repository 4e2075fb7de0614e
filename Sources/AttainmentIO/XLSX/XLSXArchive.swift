import Foundation
import ZIPFoundation

/// The zip container of a workbook: its central directory, read here, and its entries,
/// inflated by ZIPFoundation under the workbook's limits.
///
/// Why not ZIPFoundation's `Archive`: on Linux its `extract(_:consumer:)` spins forever on a
/// deflate stream that runs past the end of the file (a truncated or crafted entry), and lets
/// zlib read past the chunk it was given; its `Entry` does not say where an entry's data
/// starts, so it cannot be fed another way. The central directory is a simple table (APPNOTE
/// §4.3.12–16); reading it here takes a page, and ZIPFoundation's public
/// `Data.decompress(size:bufferSize:skipCRC32:provider:consumer:)` still does the inflating,
/// with a provider that hands it only the entry's bytes and a consumer that stops at the limits.
struct XLSXArchive: Sendable {
    /// One file in the archive, as the central directory describes it.
    struct Entry: Sendable {
        /// The entry's name, with any `\` turned into `/`.
        let name: String
        /// 0 for stored, 8 for deflated.
        let method: UInt16
        /// The CRC-32 of the uncompressed data.
        let checksum: UInt32
        let compressedSize: Int
        let uncompressedSize: Int
        /// Where the entry's local header starts in the file.
        let localHeaderOffset: Int
        /// Whether the entry is encrypted (general purpose flag bit 0).
        let isEncrypted: Bool
    }

    /// The workbook's display path.
    let file: String
    /// The whole file.
    private let bytes: [UInt8]
    /// Every entry by name; the first of duplicate names wins.
    private let entries: [String: Entry]
    /// Every entry by lowercased name, for parts named with different case than referenced.
    private let entriesByLowercasedName: [String: Entry]

    /// Reads the central directory of the zip file in `bytes`.
    ///
    /// - Throws: `XLSXError` when the bytes are not a zip archive (naming an encrypted or old
    ///   .xls workbook as such) or the archive's directory is damaged.
    init(bytes: [UInt8], file: String) throws(XLSXError) {
        self.file = file
        self.bytes = bytes
        let directory = try Self.readCentralDirectory(bytes, file: file)
        var entries: [String: Entry] = [:]
        var lowercased: [String: Entry] = [:]
        for entry in directory {
            if entries[entry.name] == nil { entries[entry.name] = entry }
            let key = entry.name.lowercased()
            if lowercased[key] == nil { lowercased[key] = entry }
        }
        self.entries = entries
        self.entriesByLowercasedName = lowercased
    }

    /// The entry named `name`, matched exactly or else ignoring case (OPC part names are
    /// case-insensitive).
    func entry(_ name: String) -> Entry? {
        entries[name] ?? entriesByLowercasedName[name.lowercased()]
    }

    /// The uncompressed contents of `entry`.
    ///
    /// Sizes are checked against `limits` before inflating (the declared size) and while
    /// inflating (the bytes produced so far), so a zip bomb stops after at most one more
    /// chunk than its declared size.
    ///
    /// - Throws: `XLSXError` for an entry over the limits, encrypted or compressed with a
    ///   method other than deflate, truncated, or whose data does not match its checksum.
    func contents(of entry: Entry, limits: XLSXLimits) throws(XLSXError) -> [UInt8] {
        let name = entry.name
        guard !entry.isEncrypted else { throw failure("\(name) is encrypted") }
        if entry.uncompressedSize > limits.maxEntryBytes {
            throw failure("entry \(name) would inflate beyond \(XLSXMessage.byteCount(limits.maxEntryBytes))")
        }
        if entry.uncompressedSize >= XLSXLimits.ratioExemptBytes
            && entry.uncompressedSize / max(entry.compressedSize, 1) > limits.maxCompressionRatio
        {
            throw failure(
                "entry \(name) would inflate more than \(limits.maxCompressionRatio) times its compressed size"
                    + " (a zip bomb?)")
        }
        let dataStart = try dataOffset(of: entry)
        let dataEnd = dataStart + entry.compressedSize
        guard dataEnd <= bytes.count else { throw failure("entry \(name) is truncated") }

        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw failure("entry \(name) is damaged (stored with two different sizes)")
            }
            let contents = Array(bytes[dataStart..<dataEnd])
            guard ZipChecksum.of(contents) == entry.checksum else {
                throw failure("entry \(name) is damaged (checksum mismatch)")
            }
            return contents
        case 8:
            return try inflate(entry, from: dataStart..<dataEnd, limits: limits)
        default:
            throw failure("entry \(name) uses compression method \(entry.method), which is not supported")
        }
    }

    /// Inflates the deflated data at `range` of the file.
    private func inflate(_ entry: Entry, from range: Range<Int>, limits: XLSXLimits) throws(XLSXError)
        -> [UInt8]
    {
        let chunkSize = 1 << 16
        // The declared size is within maxEntryBytes and the ratio here, so reserving it is safe;
        // the consumer below refuses any byte beyond it.
        var output: [UInt8] = []
        output.reserveCapacity(entry.uncompressedSize)
        var consumed = range.lowerBound
        var suppliedPadding = false
        let bytes = self.bytes
        let declared = entry.uncompressedSize
        var checksum: UInt32 = 0
        do {
            // ZIPFoundation's own CRC is byte-at-a-time on Linux; ZipChecksum is faster.
            _ = try Data.decompress(
                size: Int64(entry.compressedSize), bufferSize: chunkSize, skipCRC32: true,
                provider: { _, _ in
                    // ZIPFoundation tells zlib every chunk is `chunkSize` bytes long, so each
                    // chunk must be: the last is padded with zeros (which inflate either never
                    // reaches or rejects), and asking for more after that means the deflate
                    // stream runs past the entry's data.
                    if consumed >= range.upperBound {
                        guard !suppliedPadding else { throw InflateStop.truncated }
                        suppliedPadding = true
                        return Data(count: chunkSize)
                    }
                    let end = min(consumed + chunkSize, range.upperBound)
                    var chunk = Data(capacity: chunkSize)
                    bytes.withUnsafeBufferPointer {
                        chunk.append(UnsafeBufferPointer(rebasing: $0[consumed..<end]))
                    }
                    if chunk.count < chunkSize { chunk.append(Data(count: chunkSize - chunk.count)) }
                    consumed = end
                    return chunk
                },
                consumer: { data in
                    guard output.count + data.count <= declared else { throw InflateStop.beyondDeclaredSize }
                    data.withUnsafeBytes { raw in
                        let chunk = raw.assumingMemoryBound(to: UInt8.self)
                        checksum = ZipChecksum.update(checksum, with: chunk)
                        output.append(contentsOf: chunk)
                    }
                })
        } catch InflateStop.truncated {
            throw failure("entry \(entry.name) is truncated or damaged (its compressed data ends early)")
        } catch InflateStop.beyondDeclaredSize {
            throw failure(
                "entry \(entry.name) inflates beyond its declared size of \(XLSXMessage.byteCount(declared))"
                    + " (a zip bomb or a damaged file)")
        } catch {
            throw failure("entry \(entry.name) is damaged (its compressed data is invalid)")
        }
        guard checksum == entry.checksum else {
            throw failure("entry \(entry.name) is damaged (checksum mismatch)")
        }
        return output
    }

    /// Why the provider or consumer stopped inflating.
    private enum InflateStop: Error {
        case truncated
        case beyondDeclaredSize
    }

    /// Where `entry`'s data starts: after its local header, name and extra field.
    private func dataOffset(of entry: Entry) throws(XLSXError) -> Int {
        let header = entry.localHeaderOffset
        guard header + 30 <= bytes.count, Self.uint32(bytes, header) == 0x0403_4B50 else {
            throw failure("entry \(entry.name) is damaged (no local header where the directory says)")
        }
        let nameLength = Int(Self.uint16(bytes, header + 26))
        let extraLength = Int(Self.uint16(bytes, header + 28))
        return header + 30 + nameLength + extraLength
    }

    private func failure(_ message: String) -> XLSXError {
        XLSXError(file: file, message: message)
    }

    // MARK: - Central directory

    /// Reads the entries listed in the central directory.
    private static func readCentralDirectory(_ bytes: [UInt8], file: String) throws(XLSXError) -> [Entry] {
        func failure(_ message: String) -> XLSXError { XLSXError(file: file, message: message) }

        // Encrypted .xlsx files and old .xls workbooks are OLE compound files.
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw failure(
                "not an .xlsx workbook: it is password-protected or an old .xls workbook"
                    + " (save it from Excel as .xlsx without a password)")
        }
        guard let end = findEndOfCentralDirectory(bytes) else {
            if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
                throw failure(
                    "not a readable .xlsx workbook: the zip archive is truncated (its directory is missing)")
            }
            throw failure("not an .xlsx workbook (not a zip archive)")
        }
        var entryCount = Int(uint16(bytes, end + 10))
        var directorySize = Int(uint32(bytes, end + 12))
        var directoryOffset = Int(uint32(bytes, end + 16))
        guard uint16(bytes, end + 4) == 0 || uint16(bytes, end + 4) == 0xFFFF else {
            throw failure("not a readable .xlsx workbook: it is a multi-part zip archive")
        }
        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // ZIP64: the locator sits just before the end record and points at the real one.
            let locator = end - 20
            guard locator >= 0, uint32(bytes, locator) == 0x0706_4B50 else {
                throw failure("not a readable .xlsx workbook: the zip archive's directory is damaged")
            }
            let record = uint64(bytes, locator + 8)
            guard bytes.count >= 56, record <= UInt64(bytes.count - 56),
                uint32(bytes, Int(record)) == 0x0606_4B50
            else {
                throw failure("not a readable .xlsx workbook: the zip archive's directory is damaged")
            }
            let base = Int(record)
            let count = uint64(bytes, base + 32)
            let size = uint64(bytes, base + 40)
            let offset = uint64(bytes, base + 48)
            guard count <= UInt64(bytes.count), size <= UInt64(bytes.count), offset <= UInt64(bytes.count)
            else {
                throw failure("not a readable .xlsx workbook: the zip archive's directory is damaged")
            }
            entryCount = Int(count)
            directorySize = Int(size)
            directoryOffset = Int(offset)
        }
        guard directoryOffset + directorySize <= bytes.count, entryCount * 46 <= directorySize else {
            throw failure("not a readable .xlsx workbook: the zip archive is truncated or damaged")
        }

        var entries: [Entry] = []
        entries.reserveCapacity(entryCount)
        var index = directoryOffset
        let directoryEnd = directoryOffset + directorySize
        for _ in 0..<entryCount {
            guard index + 46 <= directoryEnd, uint32(bytes, index) == 0x0201_4B50 else {
                throw failure("not a readable .xlsx workbook: the zip archive's directory is damaged")
            }
            let flags = uint16(bytes, index + 8)
            let method = uint16(bytes, index + 10)
            let checksum = uint32(bytes, index + 16)
            var compressedSize = UInt64(uint32(bytes, index + 20))
            var uncompressedSize = UInt64(uint32(bytes, index + 24))
            let nameLength = Int(uint16(bytes, index + 28))
            let extraLength = Int(uint16(bytes, index + 30))
            let commentLength = Int(uint16(bytes, index + 32))
            var localHeaderOffset = UInt64(uint32(bytes, index + 42))
            let nameStart = index + 46
            let extraStart = nameStart + nameLength
            let next = extraStart + extraLength + commentLength
            guard next <= directoryEnd else {
                throw failure("not a readable .xlsx workbook: the zip archive's directory is damaged")
            }
            // The ZIP64 extra field holds, in order, whichever of the three are 0xFFFFFFFF.
            var extra = extraStart
            while extra + 4 <= extraStart + extraLength {
                let id = uint16(bytes, extra)
                let size = Int(uint16(bytes, extra + 2))
                let fieldEnd = min(extra + 4 + size, extraStart + extraLength)
                if id == 0x0001 {
                    var field = extra + 4
                    if uncompressedSize == 0xFFFF_FFFF && field + 8 <= fieldEnd {
                        uncompressedSize = uint64(bytes, field)
                        field += 8
                    }
                    if compressedSize == 0xFFFF_FFFF && field + 8 <= fieldEnd {
                        compressedSize = uint64(bytes, field)
                        field += 8
                    }
                    if localHeaderOffset == 0xFFFF_FFFF && field + 8 <= fieldEnd {
                        localHeaderOffset = uint64(bytes, field)
                    }
                }
                extra = fieldEnd
            }
            // Sizes beyond Int's range are caught by the limits later; clamp to keep Int math safe.
            let limit = UInt64(Int.max / 2)
            var name = String(decoding: bytes[nameStart..<extraStart], as: UTF8.self)
            if name.contains("\\") { name = name.replacingOccurrences(of: "\\", with: "/") }
            entries.append(
                Entry(
                    name: name, method: method, checksum: checksum,
                    compressedSize: Int(min(compressedSize, limit)),
                    uncompressedSize: Int(min(uncompressedSize, limit)),
                    localHeaderOffset: Int(min(localHeaderOffset, limit)),
                    isEncrypted: flags & 1 != 0))
            index = next
        }
        return entries
    }

    /// The offset of the end-of-central-directory record, searched backwards from the end
    /// over the 64 KiB a trailing comment may take.
    private static func findEndOfCentralDirectory(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 22 else { return nil }
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        var index = bytes.count - 22
        while index >= lowest {
            if bytes[index] == 0x50 && uint32(bytes, index) == 0x0605_4B50 {
                return index
            }
            index -= 1
        }
        return nil
    }

    private static func uint16(_ bytes: [UInt8], _ index: Int) -> UInt16 {
        UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
    }

    private static func uint32(_ bytes: [UInt8], _ index: Int) -> UInt32 {
        UInt32(uint16(bytes, index)) | UInt32(uint16(bytes, index + 2)) << 16
    }

    private static func uint64(_ bytes: [UInt8], _ index: Int) -> UInt64 {
        UInt64(uint32(bytes, index)) | UInt64(uint32(bytes, index + 4)) << 32
    }
}

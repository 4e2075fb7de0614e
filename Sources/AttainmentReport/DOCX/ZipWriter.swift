import AttainmentIO
internal import CDeflate

/// Writes a zip archive in memory, reproducibly: the entries in the order they are added,
/// every one dated 1980-01-01 00:00 (the earliest DOS time), no extra fields, so the same
/// entries always give the same bytes.
///
/// Entries are deflated by zlib (its default level, raw deflate with a 32 KB window, as
/// ZIPFoundation's `Data.compress` did, in one call over the whole entry), or stored when
/// deflating does not make them smaller; their CRC-32 is the workbook reader's (`ZipChecksum`).
/// The layout is APPNOTE 6.3 without zip64: local header and data per entry, then the central
/// directory and its end record (§4.3.6–16).
struct ZipWriter {
    /// The local headers and data written so far.
    private var archive: [UInt8] = []
    /// The central directory records of the entries written so far.
    private var directory: [UInt8] = []
    private var entryCount = 0

    /// 1980-01-01 as an MS-DOS date: (year − 1980) << 9 | month << 5 | day; the time is 0.
    private static let dosDate: UInt16 = 1 << 5 | 1

    /// Adds an entry named `name` (a relative path with `/`) holding `contents`.
    mutating func add(_ name: String, _ contents: [UInt8]) {
        precondition(contents.count < Int(UInt32.max) && archive.count < Int(UInt32.max), "no zip64 support")
        let checksum = ZipChecksum.of(contents)
        let method: UInt16
        let data: [UInt8]
        if let deflated = Self.deflate(contents), deflated.count < contents.count {
            (method, data) = (8, deflated)
        } else {
            (method, data) = (0, contents)
        }
        let nameBytes = Array(name.utf8)
        // Bit 11: the name is UTF-8 (part names are ASCII, but say so in case one is not).
        let flags: UInt16 = nameBytes.allSatisfy { $0 < 0x80 } ? 0 : 1 << 11
        let offset = UInt32(archive.count)

        func common(into bytes: inout [UInt8]) {
            Self.append(UInt16(20), to: &bytes)  // version needed to extract: 2.0 (deflate)
            Self.append(flags, to: &bytes)
            Self.append(method, to: &bytes)
            Self.append(UInt16(0), to: &bytes)  // time 00:00:00
            Self.append(Self.dosDate, to: &bytes)
            Self.append(checksum, to: &bytes)
            Self.append(UInt32(data.count), to: &bytes)
            Self.append(UInt32(contents.count), to: &bytes)
            Self.append(UInt16(nameBytes.count), to: &bytes)
            Self.append(UInt16(0), to: &bytes)  // extra field length
        }

        Self.append(UInt32(0x0403_4B50), to: &archive)
        common(into: &archive)
        archive += nameBytes
        archive += data

        Self.append(UInt32(0x0201_4B50), to: &directory)
        Self.append(UInt16(20), to: &directory)  // made by: MS-DOS attributes, version 2.0
        common(into: &directory)
        Self.append(UInt16(0), to: &directory)  // comment length
        Self.append(UInt16(0), to: &directory)  // disk number
        Self.append(UInt16(0), to: &directory)  // internal attributes
        Self.append(UInt32(0), to: &directory)  // external attributes
        Self.append(offset, to: &directory)
        directory += nameBytes
        entryCount += 1
    }

    /// Adds an entry holding `text` as UTF-8.
    mutating func add(_ name: String, text: String) {
        add(name, Array(text.utf8))
    }

    /// The whole archive: the entries, the central directory and its end record.
    func finish() -> [UInt8] {
        precondition(entryCount <= Int(UInt16.max), "no zip64 support")
        var bytes = archive + directory
        Self.append(UInt32(0x0605_4B50), to: &bytes)
        Self.append(UInt16(0), to: &bytes)  // this disk
        Self.append(UInt16(0), to: &bytes)  // the disk where the directory starts
        Self.append(UInt16(entryCount), to: &bytes)
        Self.append(UInt16(entryCount), to: &bytes)
        Self.append(UInt32(directory.count), to: &bytes)
        Self.append(UInt32(archive.count), to: &bytes)
        Self.append(UInt16(0), to: &bytes)  // comment length
        return bytes
    }

    /// Raw deflate (no zlib header) of `bytes`, nil if zlib fails (then the entry is stored).
    private static func deflate(_ bytes: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        guard deflateInit2_(
            &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { return nil }
        defer { deflateEnd(&stream) }
        // deflateBound is enough for one call with Z_FINISH to finish the stream.
        let bound = Int(deflateBound(&stream, UInt(bytes.count)))
        var finished = false
        let output = [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            bytes.withUnsafeBufferPointer { input in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = UInt32(input.count)
                stream.next_out = buffer.baseAddress
                stream.avail_out = UInt32(buffer.count)
                finished = CDeflate.deflate(&stream, Z_FINISH) == Z_STREAM_END
                // The buffers are only lent to this closure.
                stream.next_in = nil
                stream.next_out = nil
            }
            count = finished ? Int(stream.total_out) : 0
        }
        return finished ? output : nil
    }

    /// Appends `value` little-endian.
    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }
}

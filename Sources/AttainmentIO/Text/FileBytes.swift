import Glibc
import AttainmentCore

/// Reads whole files into memory, reporting failures as diagnostics that name the file.
package enum FileBytes {
    /// Returns the contents of the file at `path`.
    ///
    /// - Parameters:
    ///   - path: The path to open.
    ///   - displayPath: The path to name in a diagnostic (as the user would recognise it).
    /// - Returns: Every byte of the file.
    /// - Throws: `Diagnostic` with code `.fileMissing` when nothing exists at `path`, and
    ///   `.fileUnreadable` when something does but cannot be read (a folder, no permission).
    package static func read(path: String, displayPath: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let error = errno
            if error == ENOENT || error == ENOTDIR {
                throw Diagnostic(
                    .error, .fileMissing, "file not found",
                    location: SourceLocation(file: displayPath))
            }
            throw unreadable(displayPath, error)
        }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw unreadable(displayPath, errno) }
        if status.st_mode & S_IFMT == S_IFDIR {
            throw Diagnostic(
                .error, .fileUnreadable, "is a folder, not a file",
                location: SourceLocation(file: displayPath))
        }

        // Read up to the size fstat reported, then keep going in case the file grew or is
        // a pipe that reports no size.
        var contents: [UInt8] = []
        var capacity = max(Int(status.st_size), 0) + 1
        var filled = 0
        while true {
            if contents.count < capacity {
                contents.append(contentsOf: repeatElement(0, count: capacity - contents.count))
            }
            let got = contents.withUnsafeMutableBytes { buffer -> Int in
                // The buffer is never empty here: capacity > filled.
                Glibc.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if got < 0 {
                let error = errno
                if error == EINTR { continue }
                throw unreadable(displayPath, error)
            }
            if got == 0 { break }
            filled += got
            if filled == capacity { capacity *= 2 }
        }
        contents.removeSubrange(filled...)
        return contents
    }

    private static func unreadable(_ displayPath: String, _ error: Int32) -> Diagnostic {
        let reason = String(cString: strerror(error))
        return Diagnostic(
            .error, .fileUnreadable, "cannot be read: \(reason)",
            location: SourceLocation(file: displayPath))
    }
}

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
        // Opened without blocking: a named pipe (FIFO) that nothing writes to would block
        // `open` for ever; opened so, it reads as empty, an error of its own. A regular file
        // reads the same either way; a pipe that has a writer but no data yet is made blocking
        // at its first read (`readUntilFull`), so a file costs no system call more.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
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

        // A folder opens but cannot be read (EISDIR). Its size is asked for only once a read
        // has worked: `lseek` gives nonsense for folders on some file systems, and nothing for
        // a pipe, which is then read until it ends. (Not `fstat`: `struct stat` is claimed by
        // whichever module imports it first in a batch of the module's files, which breaks the
        // build under MemberImportVisibility when that is CoreFoundation.)
        var contents: [UInt8] = []
        var capacity = 1 << 14
        var sized = false
        while true {
            let (ended, error) = readUntilFull(descriptor, into: &contents, capacity: capacity)
            if error == EISDIR {
                throw Diagnostic(
                    .error, .fileUnreadable, "is a folder, not a file",
                    location: SourceLocation(file: displayPath))
            }
            if error != 0 { throw unreadable(displayPath, error) }
            if ended { return contents }
            capacity *= 2
            if !sized {
                // Room for the rest of the file in one go, and one byte to see its end.
                sized = true
                let size = lseek(descriptor, 0, SEEK_END)
                if size >= 0 {
                    guard lseek(descriptor, off_t(contents.count), SEEK_SET) == off_t(contents.count) else {
                        throw unreadable(displayPath, errno)
                    }
                    capacity = max(capacity, Int(size) + 1)
                }
            }
        }
    }

    /// Reads into a new buffer of `capacity` bytes that starts with `contents`, until the
    /// buffer is full or the file ends, and makes it `contents`.
    /// - Returns: whether the file ended, and the `errno` of a failed read (0 if none).
    private static func readUntilFull(
        _ descriptor: Int32, into contents: inout [UInt8], capacity: Int
    ) -> (ended: Bool, error: Int32) {
        var ended = false
        var error: Int32 = 0
        let kept = contents
        contents = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            // `buffer` is never empty: capacity > kept.count.
            count = kept.withUnsafeBufferPointer { buffer.initialize(fromContentsOf: $0) }
            while count < capacity {
                let got = Glibc.read(descriptor, buffer.baseAddress! + count, capacity - count)
                if got < 0 {
                    let failure = errno
                    if failure == EINTR { continue }
                    // A pipe opened without blocking, with no data yet: wait for it from now on.
                    if failure == EAGAIN, case let flags = fcntl(descriptor, F_GETFL), flags >= 0,
                       fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) == 0
                    {
                        continue
                    }
                    error = failure
                    return
                }
                if got == 0 {
                    ended = true
                    return
                }
                count += got
            }
        }
        return (ended, error)
    }

    private static func unreadable(_ displayPath: String, _ error: Int32) -> Diagnostic {
        let reason = String(cString: strerror(error))
        return Diagnostic(
            .error, .fileUnreadable, "cannot be read: \(reason)",
            location: SourceLocation(file: displayPath))
    }
}

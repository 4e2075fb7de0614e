import Foundation
import Glibc

/// A file to write: its name inside the output folder and its bytes.
public struct OutputDocument: Sendable, Equatable {
    /// The file name, possibly with sub-folders (`/`).
    public let name: String
    public let contents: [UInt8]

    /// Creates a document from text, stored as UTF-8.
    public init(name: String, text: String) {
        self.name = name
        self.contents = Array(text.utf8)
    }

    /// Creates a document from bytes (a workbook, a copied input file).
    public init(name: String, contents: [UInt8]) {
        self.name = name
        self.contents = contents
    }
}

/// Could not write the outputs; nothing that was there before was replaced.
public struct OutputError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "\(path): cannot write: \(reason)" }
}

/// Writes output documents so that a failure leaves the earlier results intact.
public enum OutputWriter {
    /// Writes every document to a temporary file beside its target first, and only when all
    /// are written renames each over its target (an atomic replacement on one file system).
    ///
    /// Durability: every temporary file's data is flushed to the disk (`fsync`) before any
    /// rename, so after a crash a target holds either its earlier contents or the complete new
    /// ones, never a part. The renames themselves are not flushed (the folders are not synced):
    /// after a crash some targets may still hold their earlier contents. All files are written
    /// before the first is flushed: on ext4 the first `fsync` then commits them all in one
    /// journal transaction and the others find their data on the disk already, where a flush
    /// after each write cost one commit a file (0.7 ms a file on the development machine, some
    /// 4 s for a batch of 400 programmes).
    ///
    /// - Throws: `OutputError` if a folder cannot be made or a file cannot be written or
    ///   flushed; the temporary files are removed and no target is touched.
    public static func write(_ documents: [OutputDocument], to directory: String) throws(OutputError) {
        var staged: [(temporary: String, target: String, descriptor: Int32)] = []
        func cleanUp() {
            for file in staged {
                if file.descriptor >= 0 { close(file.descriptor) }
                unlink(file.temporary)
            }
        }
        /// Flushes and closes the files still open.
        func flushOpenFiles() throws(OutputError) {
            for index in staged.indices where staged[index].descriptor >= 0 {
                let file = staged[index]
                var failure = fsync(file.descriptor) == 0 ? nil : String(cString: strerror(errno))
                if close(file.descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
                staged[index].descriptor = -1
                if let failure {
                    cleanUp()
                    throw OutputError(path: file.target, reason: failure)
                }
            }
        }
        let token = "\(getpid())"
        var folders = Set<String>()
        for document in documents {
            let target = (directory as NSString).appendingPathComponent(document.name)
            let folder = (target as NSString).deletingLastPathComponent
            if !folders.contains(folder) {
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    cleanUp()
                    throw OutputError(path: folder, reason: "cannot create the folder")
                }
                folders.insert(folder)
            }
            let name = (target as NSString).lastPathComponent
            let temporary = (folder as NSString).appendingPathComponent(".\(name).\(token).tmp")
            do throws(OutputError) {
                let descriptor = try writeUnflushed(document.contents, to: temporary, naming: target)
                staged.append((temporary, target, descriptor))
            } catch {
                cleanUp()
                throw error
            }
            // Keep the open descriptors well below the process's limit (1,024 by default).
            if staged.count % Self.openFilesAtMost == 0 { try flushOpenFiles() }
        }
        try flushOpenFiles()
        // A folder where a file is to go would make its rename fail after the earlier ones had
        // replaced their targets: refused before any rename, so that nothing is replaced.
        for file in staged {
            var status = stat()
            if lstat(file.target, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
                cleanUp()
                throw OutputError(path: file.target, reason: "a folder is in the way of the file")
            }
        }
        for (index, file) in staged.enumerated() where rename(file.temporary, file.target) != 0 {
            let reason = String(cString: strerror(errno))
            for later in staged[index...] { unlink(later.temporary) }
            throw OutputError(path: file.target, reason: reason)
        }
    }

    /// Files written before the open ones are flushed and closed.
    static let openFilesAtMost = 64

    /// Writes `contents` to a new file at `path` (replacing any file there), not yet flushed,
    /// and returns its open descriptor; the file's mode is 0666 less the umask. On failure
    /// nothing is left at `path`.
    /// - Parameter target: the path to name in an error.
    private static func writeUnflushed(_ contents: [UInt8], to path: String, naming target: String) throws(OutputError) -> Int32 {
        unlink(path)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw OutputError(path: target, reason: "the file cannot be created") }
        var failure: String?
        contents.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)  // count > 0: not nil
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += written
            }
        }
        if let failure {
            close(descriptor)
            unlink(path)
            throw OutputError(path: target, reason: failure)
        }
        return descriptor
    }
}

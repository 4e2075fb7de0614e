import Foundation

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
    /// - Throws: `OutputError` if a folder cannot be made or a file cannot be written; the
    ///   temporary files are removed and no target is touched.
    public static func write(_ documents: [OutputDocument], to directory: String) throws(OutputError) {
        let manager = FileManager.default
        var staged: [(temporary: String, target: String)] = []
        func cleanUp() {
            for file in staged { try? manager.removeItem(atPath: file.temporary) }
        }
        let token = "\(getpid())"
        for document in documents {
            let target = (directory as NSString).appendingPathComponent(document.name)
            let folder = (target as NSString).deletingLastPathComponent
            do {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                cleanUp()
                throw OutputError(path: folder, reason: "cannot create the folder")
            }
            let name = (target as NSString).lastPathComponent
            let temporary = (folder as NSString).appendingPathComponent(".\(name).\(token).tmp")
            guard manager.createFile(atPath: temporary, contents: Data(document.contents)) else {
                cleanUp()
                throw OutputError(path: target, reason: "the file cannot be created")
            }
            staged.append((temporary, target))
        }
        for (index, file) in staged.enumerated() where rename(file.temporary, file.target) != 0 {
            let reason = String(cString: strerror(errno))
            for later in staged[index...] { try? manager.removeItem(atPath: later.temporary) }
            throw OutputError(path: file.target, reason: reason)
        }
    }
}

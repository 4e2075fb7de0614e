import AttainmentCore
import AttainmentIO
import Foundation

/// The repository's root, found from this file's path.
let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// A fixture programme (a path below the root) loaded and computed, with its input files.
func computed(_ path: String) throws -> (result: AttainmentResult, files: [InputFile]) {
    let loaded = try ProgrammeFolder.load(root + "/" + path)
    return (try loaded.compute(), loaded.files)
}

/// The engineering fixture, computed once.
let engineering: (result: AttainmentResult, files: [InputFile]) = {
    do {
        return try computed("fixtures/engineering")
    } catch {
        fatalError("the engineering fixture loads: \(error)")
    }
}()

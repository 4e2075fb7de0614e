public import Foundation

/// One folder for every scratch file and folder of this test process, in the system's temporary
/// folder, removed when the process exits: the files the tests write do not stay behind, and a
/// test that fails midway leaves nothing either.
///
/// Tests make their files below it (`scratchDirectory.appendingPathComponent(…)`), each with a
/// name of its own, as they did in the temporary folder itself.
public let scratchDirectory: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("attain-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: scratchDirectory) }
    return url
}()

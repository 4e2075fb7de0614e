/// An input file of a run, named relative to the programme folder, with its SHA-256.
public struct InputFile: Sendable, Equatable {
    /// The path relative to the programme folder, with `/` separators.
    public let path: String
    /// Lowercase hex SHA-256 of the file's bytes.
    public let sha256: String
    /// The file's size in bytes.
    public let size: Int

    /// Creates the record of a file.
    public init(path: String, sha256: String, size: Int) {
        self.path = path
        self.sha256 = sha256
        self.size = size
    }
}

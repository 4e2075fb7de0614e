import Foundation

/// A programme found under a root: a programme folder or a programme workbook.
public struct ProgrammeLocation: Sendable, Equatable {
    /// How the programme is kept.
    public enum Kind: String, Sendable, Equatable {
        /// A folder with programme.yaml, support.csv and courses/.
        case folder
        /// A workbook (`.xlsx`) with scores/ beside it.
        case workbook
    }

    /// The path to give `ProgrammeFolder.load`: the root as given joined with `relativePath`.
    public let path: String
    /// The path below the root with `/` separators: `school/major/2022`,
    /// `school/major/2022/programme.xlsx`, or `.` when the root itself is a programme folder.
    public let relativePath: String
    /// A folder or a workbook.
    public let kind: Kind

    /// Creates a location.
    public init(path: String, relativePath: String, kind: Kind) {
        self.path = path
        self.relativePath = relativePath
        self.kind = kind
    }
}

/// Why a tree of programmes cannot be searched; the message names the path.
public struct ProgrammeTreeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the path.
    public enum Problem: Sendable, Equatable {
        /// Nothing exists at the root's path.
        case notFound
        /// The root is a file, not a folder.
        case notAFolder
        /// A folder (the root or one below it) cannot be listed, e.g. for lack of permission.
        case unreadable
    }

    /// The folder as the user would recognise it: the root as given, or a folder below it.
    public let path: String
    /// What is wrong.
    public let problem: Problem

    /// Creates the error.
    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    /// `path: message`.
    public var description: String {
        switch problem {
        case .notFound: "\(path): no such folder"
        case .notAFolder: "\(path): is a file, not a folder of programmes"
        case .unreadable: "\(path): the folder cannot be read"
        }
    }
}

/// Finds the programmes under a root folder, such as a university's
/// `ROOT/<school>/<major>/<cohort>/` (docs/format.md, "A university: many programmes under one
/// root").
public enum ProgrammeTree {
    /// Lists every programme folder and programme workbook under `root`.
    ///
    /// The rules: a folder holding `programme.yaml` is a programme folder, and nothing below it
    /// is searched. Otherwise every `.xlsx` file directly in a folder that also holds a
    /// `scores/` folder is a programme workbook (Office lock files `~$*.xlsx` and hidden files
    /// aside), and the search goes on in the folder's subfolders. Hidden folders (`.git`) and
    /// folders named `scores` or `courses` are not searched, and symbolic links to folders are
    /// not followed (so a link cannot make a loop); the root itself may be a link.
    /// - Parameter root: the folder to search, absolute or relative to the working directory.
    /// - Returns: the programmes sorted by `relativePath`, byte by byte in UTF-8, so the order
    ///   is the same on every machine; empty when there is none.
    /// - Throws: `ProgrammeTreeError` when the root does not exist or is not a folder, or when
    ///   a folder below it cannot be listed (rather than silently leave out its programmes).
    /// - Complexity: one listing of every folder searched; programme folders are not entered.
    public static func discover(_ root: String) throws(ProgrammeTreeError) -> [ProgrammeLocation] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder) else {
            throw ProgrammeTreeError(path: root, problem: .notFound)
        }
        guard isFolder.boolValue else {
            throw ProgrammeTreeError(path: root, problem: .notAFolder)
        }
        var found: [ProgrammeLocation] = []
        var pending = ["."]
        while let relative = pending.popLast() {
            let folder = joined(root, relative)
            if isFile(joined(folder, "programme.yaml")) {
                found.append(ProgrammeLocation(path: folder, relativePath: relative, kind: .folder))
                continue
            }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: folder)
            } catch {
                throw ProgrammeTreeError(path: folder, problem: .unreadable)
            }
            let holdsScores = names.contains("scores") && isFolderFollowingLinks(joined(folder, "scores"))
            for name in names where !name.hasPrefix(".") {
                let path = joined(folder, name)
                if isRealFolder(path) {
                    if name != "scores" && name != "courses" {
                        pending.append(joined(relative, name))
                    }
                } else if holdsScores, ProgrammeFolder.isWorkbook(name), !name.hasPrefix("~$"), isFile(path) {
                    found.append(ProgrammeLocation(path: path, relativePath: joined(relative, name), kind: .workbook))
                }
            }
        }
        return found.sorted { $0.relativePath.utf8.lexicographicallyPrecedes($1.relativePath.utf8) }
    }

    /// `base/name`, without a doubled separator and without a leading `./`.
    private static func joined(_ base: String, _ name: String) -> String {
        if name == "." { return base }
        if base == "." { return name }
        return base.hasSuffix("/") ? base + name : base + "/" + name
    }

    /// Whether `path` is a folder itself, not a symbolic link to one.
    private static func isRealFolder(_ path: String) -> Bool {
        let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        return type == .typeDirectory
    }

    /// Whether `path` is a folder or a link to one.
    private static func isFolderFollowingLinks(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
    }

    /// Whether `path` is a file or a link to one.
    private static func isFile(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
    }
}

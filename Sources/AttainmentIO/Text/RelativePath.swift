/// Relative paths with their `.` and `..` steps taken.
package enum RelativePath {
    /// `path` (read as relative, a leading `/` ignored) with `.` segments dropped and each `..`
    /// taking back the segment before it: `./scores/a.csv` → `scores/a.csv`, `a/../b` → `b`.
    /// A `..` with nothing before it stays at the root and sets `leavesRoot`.
    package static func resolved(_ path: String) -> (path: String, leavesRoot: Bool) {
        var segments: [Substring] = []
        var leavesRoot = false
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if segments.popLast() == nil { leavesRoot = true }
            default: segments.append(segment)
            }
        }
        return (segments.joined(separator: "/"), leavesRoot)
    }
}

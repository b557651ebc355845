import Foundation

/// Files under the package's `Tests/Support/`, found by walking up from this source file (`#filePath`) to the
/// package root: the nearest directory above it holding both `Package.swift` and `Tests/Support`.
public enum TestSupportFiles {
    /// The package root, or nil when this source file is no longer inside the package.
    public static let packageRoot: URL? = {
        let files = FileManager.default
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if files.fileExists(atPath: directory.appendingPathComponent("Package.swift").path),
                files.fileExists(atPath: directory.appendingPathComponent("Tests/Support").path)
            {
                return directory
            }
            directory.deleteLastPathComponent()
        }
        return nil
    }()

    /// `Tests/Support/RELATIVE` (for example `"fakes/fake_x.py"`), or nil when there is no such file.
    public static func path(_ relative: String) -> String? {
        guard let root = packageRoot else { return nil }
        let path = root.appendingPathComponent("Tests/Support/\(relative)").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}

import Foundation

/// A post file of an evergreen folder, read whole.
struct EvergreenFile {
    var name: String
    var path: String
    var bytes: [UInt8]

    /// The folder's `*.post` files (not hidden ones), by name; the reason when the folder cannot be listed. A file
    /// that cannot be read, is not a regular file or is over the spool's 64 KiB is left out (the picker never sees
    /// it, so it never fills a slot).
    static func read(folder: String) -> Result<[EvergreenFile], EvergreenFolderError> {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            var info = stat()
            let reason = stat(folder, &info) != 0 ? String(cString: strerror(errno))
                : (info.st_mode & S_IFMT) != S_IFDIR ? "not a directory" : "cannot be listed"
            return .failure(EvergreenFolderError(reason: reason))
        }
        var files: [EvergreenFile] = []
        for name in names.sorted() where name.hasSuffix(".post") && !name.hasPrefix(".") {
            let path = (folder as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size <= 65_536,
                  let data = FileManager.default.contents(atPath: path)
            else { continue }
            files.append(EvergreenFile(name: name, path: path, bytes: Array(data)))
        }
        return .success(files)
    }
}

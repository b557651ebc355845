extension PostMedia {
    /// The public address of a media file for networks that fetch images themselves (Threads): the file's path
    /// below the `media_dirs` entry that holds it, appended to `baseURL` (`media_base_url`) with every segment
    /// percent-encoded. Nil when the file is under none of the directories (intake refuses those already).
    ///
    /// The deepest matching directory wins, so nested `media_dirs` map as the most specific one says.
    public static func publicURL(of path: String, directories: [String], baseURL: String) -> String? {
        let components = normalizedComponents(path)
        let matches = directories.map(normalizedComponents).filter { base in
            components.count > base.count && Array(components.prefix(base.count)) == base
        }
        guard let base = matches.max(by: { $0.count < $1.count }) else { return nil }
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        for segment in components.dropFirst(base.count) {
            url += "/" + PercentEncoding.encode(segment)
        }
        return url
    }
}

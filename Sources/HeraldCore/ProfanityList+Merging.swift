extension ProfanityList {
    /// This list, recorded as Herald's built-in list.
    public func asBuiltIn() -> ProfanityList {
        ProfanityList(language: language, entries: entries, sources: [.builtIn(entries: entries.count)])
    }

    /// This list, recorded as read from the file at `path`.
    public func asFile(_ path: String) -> ProfanityList {
        ProfanityList(language: language, entries: entries, sources: [.file(path: path, entries: entries.count)])
    }

    /// This list followed by the entries of `other` it does not already have (same normalised word, same stem
    /// flag), with both lists' sources: a policy directory's `profanity-LANG.txt` adding to the built-in list.
    /// A file that repeats built-in words is credited with the words it added.
    public func adding(_ other: ProfanityList) -> ProfanityList {
        var seen = Set(entries.map { Key(normalized: $0.normalized, isStem: $0.isStem) })
        var merged = self
        let added = other.entries.filter { seen.insert(Key(normalized: $0.normalized, isStem: $0.isStem)).inserted }
        merged.entries += added
        // A single source (a file) is credited with what it really added, so the summary's counts add up.
        merged.sources += other.sources.count == 1
            ? other.sources.map { source in
                switch source {
                case .builtIn: .builtIn(entries: added.count)
                case let .file(path, _): .file(path: path, entries: added.count)
                }
            }
            : other.sources
        return merged
    }

    private struct Key: Hashable {
        var normalized: String
        var isStem: Bool
    }
}

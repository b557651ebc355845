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
    public func adding(_ other: ProfanityList) -> ProfanityList {
        var seen = Set(entries.map { Key(normalized: $0.normalized, isStem: $0.isStem) })
        var merged = self
        merged.entries += other.entries.filter {
            seen.insert(Key(normalized: $0.normalized, isStem: $0.isStem)).inserted
        }
        merged.sources += other.sources
        return merged
    }

    private struct Key: Hashable {
        var normalized: String
        var isStem: Bool
    }
}

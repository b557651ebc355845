import Foundation

/// One `Media: PATH; alt=TEXT` header of a post file: a file to attach to the post's first status.
public struct PostMedia: Sendable, Equatable, Codable {
    /// The absolute path as written (checked against the account's `media_dirs` at intake and at publish time).
    public var path: String
    /// The alt text (description), nil when the header has none (a warning, not an error).
    public var alt: String?
    /// The header's 1-based line.
    public var line: Int

    public init(path: String, alt: String? = nil, line: Int = 0) {
        self.path = path
        self.alt = alt
        self.line = line
    }

    /// How many files a status may carry on each network: X, Mastodon and Bluesky take 4 images; Threads (an
    /// `IMAGE` container) and LinkedIn (one `urn:li:image` in `content.media`) one, as Herald publishes them.
    public static func limit(for network: Network) -> Int {
        switch network {
        case .x, .mastodon, .bluesky, .outbox, .exec: 4
        case .threads, .linkedin: 1
        }
    }

    /// Parses a header value: an absolute path, then optionally `; alt=TEXT` (the text runs to the end of the
    /// line, so it may contain `;`). Returns the reason when the value is not one.
    public static func parse(_ value: String, line: Int) -> Result<PostMedia, PostMediaSyntaxError> {
        let path: String
        var alt: String?
        if let semicolon = value.firstIndex(of: ";") {
            path = value[..<semicolon].trimmingCharacters(in: .whitespaces)
            let parameter = value[value.index(after: semicolon)...].trimmingCharacters(in: .whitespaces)
            guard parameter.lowercased().hasPrefix("alt=") else {
                return .failure(PostMediaSyntaxError(reason: "expected `alt=TEXT` after `;`"))
            }
            let text = parameter.dropFirst(4).trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { return .failure(PostMediaSyntaxError(reason: "`alt=` has no text")) }
            alt = text
        } else {
            path = value
        }
        guard path.hasPrefix("/") else {
            return .failure(PostMediaSyntaxError(reason: "the path must be absolute"))
        }
        guard !path.split(separator: "/").contains("..") else {
            return .failure(PostMediaSyntaxError(reason: "the path must not contain `..`"))
        }
        return .success(PostMedia(path: path, alt: alt, line: line))
    }

    /// Whether `path`, taken as written (no symlinks resolved: that is the shell's check), lies under one of
    /// `directories`.
    public static func isLexicallyUnder(_ path: String, anyOf directories: [String]) -> Bool {
        let components = normalizedComponents(path)
        return directories.contains { directory in
            let base = normalizedComponents(directory)
            return components.count > base.count && Array(components.prefix(base.count)) == base
        }
    }

    /// An absolute path's components without empty ones and `.`, with `..` taken back; pure (Foundation's
    /// `standardizingPath` may resolve symlinks, which is I/O).
    public static func normalizedComponents(_ path: String) -> [Substring] {
        var components: [Substring] = []
        for component in path.split(separator: "/") where component != "." {
            if component == ".." {
                if !components.isEmpty { components.removeLast() }
            } else {
                components.append(component)
            }
        }
        return components
    }

    /// `normalizedComponents` joined back into an absolute path.
    public static func normalized(_ path: String) -> String {
        "/" + normalizedComponents(path).joined(separator: "/")
    }
}

/// Why a `Media:` value does not parse.
public struct PostMediaSyntaxError: Error, Sendable, Equatable {
    public var reason: String
}

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
            url += "/" + percentEncodedSegment(segment)
        }
        return url
    }

    /// RFC 3986 unreserved characters stay; every other byte of the UTF-8 form is `%XX`.
    static func percentEncodedSegment(_ segment: Substring) -> String {
        var result = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

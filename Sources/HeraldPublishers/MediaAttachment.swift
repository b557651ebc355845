import Foundation

/// A file to upload with a status (`Media: PATH; alt=TEXT` in the post), already checked to lie under one of the
/// account's `media_dirs`.
public struct MediaAttachment: Sendable, Codable, Equatable {
    /// Absolute path of the file.
    public var path: String
    /// The alt text (description) for people who cannot see it; nil when the post gave none.
    public var alt: String?
    /// The account's `media_dirs`: ``read()`` refuses a file that is not under one of them when it is opened.
    /// Not part of the encoded form.
    public var allowedDirectories: [String]

    public init(path: String, alt: String? = nil, allowedDirectories: [String] = []) {
        self.path = path
        self.alt = alt
        self.allowedDirectories = allowedDirectories
    }

    /// The MIME type guessed from the file name's extension (`application/octet-stream` when unknown).
    public var mimeType: String {
        switch (path as NSString).pathExtension.lowercased() {
        case "jpg", "jpeg": "image/jpeg"
        case "png": "image/png"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "mp4", "m4v": "video/mp4"
        case "mov": "video/quicktime"
        default: "application/octet-stream"
        }
    }

    enum CodingKeys: String, CodingKey {
        case path
        case alt
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        alt = try container.decodeIfPresent(String.self, forKey: .alt)
        allowedDirectories = []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(alt, forKey: .alt)  // null when nil, like the other optionals of the exec contract
    }
}

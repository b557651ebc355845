import Foundation
import HeraldCore

/// `posts.media` (migration v6-post-headers): the post's `Media:` headers as a JSON array, NULL when it has none.
extension PostMedia {
    static func storedColumn(_ media: [PostMedia]) throws -> String? {
        guard !media.isEmpty else { return nil }
        return String(decoding: try JSONEncoder().encode(media), as: UTF8.self)
    }

    static func fromStoredColumn(_ text: String?) throws -> [PostMedia] {
        guard let text else { return [] }
        return try JSONDecoder().decode([PostMedia].self, from: Data(text.utf8))
    }
}

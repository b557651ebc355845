import Foundation
import HeraldCore

extension RFC3339 {
    /// Decodes a required RFC 3339 string field, with a decoding error naming the field when it is malformed.
    static func decode<Key: CodingKey>(from container: KeyedDecodingContainer<Key>, forKey key: Key) throws -> Date {
        let text = try container.decode(String.self, forKey: key)
        guard let date = date(from: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "not an RFC 3339 date-time: \(text)")
        }
        return date
    }
}

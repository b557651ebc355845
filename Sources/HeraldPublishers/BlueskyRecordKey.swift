import Crypto
import Foundation

/// The record key (`rkey`) of a status's `app.bsky.feed.post` record, derived from its idempotency key (pure).
///
/// Herald chooses the key itself so that a retry after an unknown outcome asks the server to create the *same*
/// record: the server refuses a second record under a taken key, and Herald then finds the first one. The key has
/// the syntax of a TID, the key type the post lexicon declares: 13 characters of the sortable base32 alphabet
/// `234567abcdefghijklmnopqrstuvwxyz`, encoding a 64-bit number whose top bit is 0. The number is the first 63 bits
/// of SHA-256 of the idempotency key, so it is not a clock reading; TIDs are only required to be unique and well
/// formed, and a collision between two of Herald's keys (2⁻⁶³ per pair) would be caught by the text comparison
/// made when the server says the key is taken.
public enum BlueskyRecordKey {
    static let alphabet = Array("234567abcdefghijklmnopqrstuvwxyz")

    /// The rkey for `idempotencyKey`.
    public static func derive(from idempotencyKey: String) -> String {
        let digest = Array(SHA256.hash(data: Array(idempotencyKey.utf8)))
        var value: UInt64 = 0
        for byte in digest.prefix(8) { value = value << 8 | UInt64(byte) }
        return encode(value & 0x7FFF_FFFF_FFFF_FFFF)
    }

    /// `value` as 13 sortable-base32 characters, most significant first.
    static func encode(_ value: UInt64) -> String {
        var characters: [Character] = []
        var rest = value
        for _ in 0..<13 {
            characters.append(alphabet[Int(rest & 31)])
            rest >>= 5
        }
        return String(characters.reversed())
    }

    /// Whether `key` is a valid TID: 13 characters of the alphabet, the first one of `234567abcdefghij`.
    public static func isValidTID(_ key: String) -> Bool {
        let characters = Array(key)
        guard characters.count == 13, let first = characters.first, alphabet.prefix(16).contains(first) else {
            return false
        }
        return characters.allSatisfy(alphabet.contains)
    }
}

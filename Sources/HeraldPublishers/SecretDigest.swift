import Crypto
import Foundation

/// Names a secret without keeping it: SHA-256 of its UTF-8 bytes, in lowercase hex.
enum SecretDigest {
    static func hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

import Crypto

/// The signature of a webhook delivery: `X-Herald-Signature: sha256=<hex>`, the HMAC-SHA256 of the exact body
/// bytes keyed with the secret's UTF-8 bytes. A receiver recomputes it over the raw body it read (before parsing)
/// and compares in constant time. Replays need no timestamp: every body carries its delivery's unique id (covered
/// by the signature), which the receiver de-duplicates by anyway, since delivery is at least once.
public enum WebhookSignature {
    /// The header's name.
    public static let header = "X-Herald-Signature"

    /// The header's value for `body`: `sha256=` and 64 lowercase hex digits.
    public static func value(body: [UInt8], secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + code.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

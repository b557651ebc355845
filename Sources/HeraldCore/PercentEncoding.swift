/// RFC 3986 percent-encoding, shared by URL paths (media addresses, URNs), form bodies and OAuth 1.0a signatures.
public enum PercentEncoding {
    /// The UTF-8 bytes of `text` with only `A-Z a-z 0-9 - . _ ~` left as they are and upper-case hex digits
    /// (RFC 3986 2.3, as RFC 5849 3.6 requires for signatures).
    public static func encode<Text: StringProtocol>(_ text: Text) -> String {
        var encoded = ""
        encoded.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += (hex.count < 2 ? "%0" : "%") + hex
            }
        }
        return encoded
    }

    /// `name=value&…` with both sides encoded: a query string or an `application/x-www-form-urlencoded` body.
    public static func form(_ pairs: [(String, String)]) -> String {
        pairs.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }
}

import Crypto
import Foundation
import HeraldCore

/// OAuth 1.0a request signing with HMAC-SHA1 (RFC 5849, section 3), as X's user-context authentication needs it.
///
/// Pure: the nonce and the timestamp come in as values, so the published worked example can be reproduced
/// exactly. Signed parameters are the URL's query parameters, any `application/x-www-form-urlencoded` body
/// parameters the caller passes, and the `oauth_*` protocol parameters; a JSON body is not signed (RFC 5849
/// 3.4.1.3.1 only covers form bodies), which is how X's v2 endpoints expect it.
public struct OAuth1Signer: Sendable, Equatable {
    public var consumerKey: String
    public var consumerSecret: String
    public var token: String
    public var tokenSecret: String

    public init(consumerKey: String, consumerSecret: String, token: String, tokenSecret: String) {
        self.consumerKey = consumerKey
        self.consumerSecret = consumerSecret
        self.token = token
        self.tokenSecret = tokenSecret
    }

    /// The `Authorization` header value for a request (`OAuth oauth_consumer_key="…", …`).
    /// - Parameters:
    ///   - formParameters: decoded `application/x-www-form-urlencoded` body parameters, if the body is a form.
    ///   - nonce: a value unique per request (the shell passes random bytes).
    ///   - timestamp: seconds since 1970 (the attempt's `now`).
    public func authorizationHeader(
        method: String, url: String, formParameters: [(String, String)] = [], nonce: String, timestamp: Int
    ) -> String {
        var protocolParameters = oauthParameters(nonce: nonce, timestamp: timestamp)
        let base = Self.signatureBaseString(
            method: method, url: url,
            parameters: Self.queryParameters(of: url) + formParameters + protocolParameters)
        protocolParameters.append(("oauth_signature", signature(of: base)))
        let fields = protocolParameters.sorted { $0.0 < $1.0 }
            .map { "\(Self.percentEncode($0.0))=\"\(Self.percentEncode($0.1))\"" }
        return "OAuth " + fields.joined(separator: ", ")
    }

    /// The protocol parameters that are signed (all but `oauth_signature`).
    public func oauthParameters(nonce: String, timestamp: Int) -> [(String, String)] {
        [
            ("oauth_consumer_key", consumerKey), ("oauth_nonce", nonce), ("oauth_signature_method", "HMAC-SHA1"),
            ("oauth_timestamp", String(timestamp)), ("oauth_token", token), ("oauth_version", "1.0"),
        ]
    }

    /// The base64 HMAC-SHA1 of `baseString` keyed with `encode(consumer secret)&encode(token secret)`.
    public func signature(of baseString: String) -> String {
        let secrets = Self.percentEncode(consumerSecret) + "&" + Self.percentEncode(tokenSecret)
        let key = SymmetricKey(data: Data(secrets.utf8))
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(baseString.utf8), using: key)
        return Data(mac).base64EncodedString()
    }

    /// `METHOD&encode(base URL)&encode(normalized parameters)` (RFC 5849 3.4.1.1).
    public static func signatureBaseString(method: String, url: String, parameters: [(String, String)]) -> String {
        [method.uppercased(), percentEncode(baseStringURI(url)), percentEncode(normalizedParameters(parameters))]
            .joined(separator: "&")
    }

    /// Parameters encoded, sorted by encoded name then encoded value (byte order), joined as `k=v&k=v`
    /// (RFC 5849 3.4.1.3.2). Repeated names are all kept.
    public static func normalizedParameters(_ parameters: [(String, String)]) -> String {
        parameters.map { (percentEncode($0.0), percentEncode($0.1)) }
            .sorted { $0.0 == $1.0 ? Array($0.1.utf8).lexicographicallyPrecedes($1.1.utf8)
                : Array($0.0.utf8).lexicographicallyPrecedes($1.0.utf8) }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// The URL without query and fragment, scheme and host lower-cased, default port dropped (RFC 5849 3.4.1.2).
    public static func baseStringURI(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.query = nil
        components.fragment = nil
        components.scheme = components.scheme?.lowercased()
        components.host = components.host?.lowercased()
        let port = components.port
        if (components.scheme == "https" && port == 443) || (components.scheme == "http" && port == 80) {
            components.port = nil
        }
        if components.path.isEmpty { components.path = "/" }
        return components.string ?? url
    }

    /// The URL's query parameters, decoded as a form (`+` is a space).
    public static func queryParameters(of url: String) -> [(String, String)] {
        guard let query = URLComponents(string: url)?.percentEncodedQuery, !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in
                text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// RFC 3986 percent-encoding of the UTF-8 bytes (``PercentEncoding``), as RFC 5849 3.6 requires.
    public static func percentEncode(_ text: String) -> String {
        PercentEncoding.encode(text)
    }
}

import Foundation

/// One HTTP request a network publisher sends through an ``HTTPTransport``.
///
/// A plain value so that signing (OAuth 1.0a), idempotency headers and bodies are built and tested without I/O.
public struct HTTPRequest: Sendable {
    /// `GET`, `POST`, …
    public var method: String
    /// Absolute URL, built from the account's `base_url`.
    public var url: String
    /// Header fields in order; names are sent as given.
    public var headers: [(name: String, value: String)]
    /// The body bytes (empty for none).
    public var body: [UInt8]
    /// Seconds the whole request may take (connect, send, response), from the account's `timeout`.
    public var timeout: TimeInterval

    public init(
        method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        timeout: TimeInterval = 30
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The first value of header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}

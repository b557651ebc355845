/// Why an HTTP request got no response, split by what it means for exactly-once publishing.
public enum HTTPFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request certainly did not reach the server (connection refused, DNS, TLS handshake, bad URL): sending
    /// it again cannot publish twice.
    case notSent(reason: String)
    /// It may have reached the server: timeout, connection reset or EOF after (part of) the request was written.
    /// The outcome is unknown and must be resolved (idempotency key or look-up) before a blind retry.
    case unknown(reason: String)

    public var description: String {
        switch self {
        case .notSent(let reason): "request not sent: \(reason)"
        case .unknown(let reason): "outcome unknown: \(reason)"
        }
    }
}

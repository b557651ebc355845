import Foundation
import HeraldCore
import HeraldTestSupport
@testable import HeraldPublishers

/// The OAuth 1.0a credentials `fake_x.py` accepts by default.
let xOAuth1Credentials = [
    "consumer_key": "test-consumer-key", "consumer_secret": "test-consumer-secret",
    "access_token": "42-test-access-token", "access_token_secret": "test-access-token-secret",
]

/// An X publisher for account `brand` against `fake`, keeping its state in `state`.
func makeXPublisher(
    _ fake: FakeServer, state: URL, credentials: [String: String] = xOAuth1Credentials, timeout: TimeInterval = 10
) throws -> XPublisher {
    let account = Account(name: "brand", network: .x, baseURL: fake.baseURL, timeout: timeout)
    return try XPublisher(context: NetworkContext(
        account: account, credentials: NetworkCredentials(account: "brand", values: credentials),
        transport: AsyncHTTPTransport.shared, stateDirectory: state))
}

/// A status scheduled a moment ago (the fake stamps posts with its own clock, and look-ups start at the
/// scheduled time), with a text unique to the test unless given.
func makeXStatus(
    _ text: String = "Hello from Herald \(UUID().uuidString.prefix(8))", postID: String = "post-1", part: Int = 0,
    partCount: Int = 1, seq: Int = 1, inReplyTo: String? = nil, media: [MediaAttachment] = []
) -> OutgoingStatus {
    OutgoingStatus(
        postID: postID, account: "brand", part: part, partCount: partCount, seq: seq, text: text,
        inReplyTo: inReplyTo, scheduledAt: Date().addingTimeInterval(-1), idempotencyKey: "\(postID)#\(part)",
        media: media)
}

extension FakeServer {
    /// `GET /_control/stats`'s count of requests for `key` (`"POST /2/tweets"`).
    func requestCount(_ key: String) async throws -> Int {
        let stats = try await control("GET", "/_control/stats") as? [String: Any]
        return (stats?["requests"] as? [String: Any])?[key] as? Int ?? 0
    }

    /// Queues faults (see `fake_x.py`).
    func inject(_ faults: [[String: Any]]) async throws {
        try await control("POST", "/_control/faults", json: ["faults": faults])
    }
}

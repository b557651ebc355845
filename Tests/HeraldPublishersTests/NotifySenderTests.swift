import Foundation
import HeraldCore
import HeraldTestSupport
import Synchronization
import Testing

@testable import HeraldPublishers

/// Issue 15: what a notification carries and how it is signed and sent, without the daemon.
@Suite("Notification sending")
struct NotifySenderTests {
    /// Answers every request with `status` and keeps the requests.
    final class RecordingTransport: HTTPTransport {
        let status: Int
        let requests = Mutex<[HTTPRequest]>([])

        init(status: Int) { self.status = status }

        func send(_ request: HTTPRequest) async -> Result<HTTPResponse, HTTPFailure> {
            requests.withLock { $0.append(request) }
            return .success(HTTPResponse(status: status, body: Array("nope".utf8)))
        }
    }

    static let payload = NotifyPayload(
        delivery: "6b1c1c1e-2d3b-4a55-9d41-0f9c7f1f2a10", event: .failed,
        at: Date(timeIntervalSince1970: 1_795_442_405), account: "brand", postID: "p-1",
        reason: "x answered 403: \"duplicate\"", text: "We are live at https://example.com/live",
        scheduledAt: Date(timeIntervalSince1970: 1_795_442_400))

    @Test("the payload: every key, sorted, nulls where nothing applies, dates in RFC 3339 UTC")
    func payload() {
        let text = String(decoding: Self.payload.json, as: UTF8.self)
        #expect(text == #"{"account":"brand","at":"2026-11-23T14:00:05Z","#
            + #""delivery":"6b1c1c1e-2d3b-4a55-9d41-0f9c7f1f2a10","event":"failed","post_id":"p-1","#
            + #""reason":"x answered 403: \"duplicate\"","scheduled_at":"2026-11-23T14:00:00Z","#
            + #""text":"We are live at https://example.com/live"}"#)
        let paused = NotifyPayload(delivery: "d", event: .credentialsExpiring, at: Date(timeIntervalSince1970: 0),
                                   account: nil, postID: nil, reason: "r", text: nil, scheduledAt: nil)
        #expect(String(decoding: paused.json, as: UTF8.self) == #"{"account":null,"at":"1970-01-01T00:00:00Z","#
            + #""delivery":"d","event":"credentials-expiring","post_id":null,"reason":"r","scheduled_at":null,"#
            + #""text":null}"#)
    }

    @Test("the signature is HMAC-SHA256 of the body: a published test vector")
    func signatureVector() {
        // RFC 4231-style well-known vector (as on Wikipedia's HMAC page).
        let body = Array("The quick brown fox jumps over the lazy dog".utf8)
        #expect(WebhookSignature.value(body: body, secret: "key")
            == "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
        // RFC 4231 test case 2.
        #expect(WebhookSignature.value(body: Array("what do ya want for nothing?".utf8), secret: "Jefe")
            == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("a webhook delivery: POSTed JSON with the delivery id, the event and the body's signature; 2xx acknowledges")
    func webhook() async throws {
        let target = NotifyTarget(name: "chat", endpoint: .webhook("https://hooks.example.com/h"), secret: "s",
                                  timeout: 3)
        let transport = RecordingTransport(status: 204)
        let sender = NotifySender(target: target, secret: "s3cret", transport: transport)
        #expect(await sender.send(Self.payload) == .acknowledged)
        let request = try #require(transport.requests.withLock { $0.first })
        #expect(request.method == "POST" && request.url == "https://hooks.example.com/h" && request.timeout == 3)
        #expect(request.body == Self.payload.json)
        #expect(request.header("content-type") == "application/json")
        #expect(request.header("X-Herald-Delivery") == Self.payload.delivery)
        #expect(request.header("X-Herald-Event") == "failed")
        #expect(request.header("X-Herald-Signature") == WebhookSignature.value(body: request.body, secret: "s3cret"))
        #expect(!request.headers.contains { $0.value.contains("s3cret") })

        let failing = NotifySender(target: target, secret: "s3cret", transport: RecordingTransport(status: 500))
        #expect(await failing.send(Self.payload) == .refused(reason: "webhook answered 500: nope"))
    }

    @Test("a command gets the JSON on stdin; exit 0 acknowledges, anything else is refused with its stderr")
    func command() async throws {
        let directory = try TemporaryDirectory("herald-notify")
        let file = directory.file("got.json")
        let writer = NotifyTarget(name: "w", endpoint: .command(["/bin/sh", "-c", "cat > \"$0\"", file]))
        let sender = NotifySender(target: writer, secret: nil, transport: RecordingTransport(status: 200))
        #expect(await sender.send(Self.payload) == .acknowledged)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data(Self.payload.json + [UInt8(ascii: "\n")]))

        let failing = NotifyTarget(name: "f", endpoint: .command(["/bin/sh", "-c", "echo no route >&2; exit 3"]))
        let refused = NotifySender(target: failing, secret: nil, transport: RecordingTransport(status: 200))
        #expect(await refused.send(Self.payload) == .refused(reason: "/bin/sh exited with 3: no route"))
    }

    @Test("a webhook's secret is read like credentials: a group-readable file is refused, naming the entry")
    func secretFile() throws {
        let directory = try TemporaryDirectory("herald-notify")
        let path = directory.file("secret")
        try "s3cret\n".write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o640)
        let target = NotifyTarget(name: "chat", endpoint: .webhook("https://h.example/"), secret: path)
        let source = CredentialSource(environment: [:], uid: geteuid())
        #expect(throws: NotifySetupError.self) { try NotifySender.prepare(target, credentials: source) }
        do {
            _ = try NotifySender.prepare(target, credentials: source)
        } catch {
            #expect(error.description == "notify chat: secret: \(path) is accessible by group or others (mode 640); "
                + "make it readable by the daemon alone (chmod 600)")
        }
        chmod(path, 0o600)
        let sender = try NotifySender.prepare(target, credentials: source)
        let request = sender.request(Self.payload, url: "https://h.example/")
        #expect(request.header("X-Herald-Signature") == WebhookSignature.value(body: request.body, secret: "s3cret"))
    }
}

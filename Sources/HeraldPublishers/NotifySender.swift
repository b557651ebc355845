import Foundation
import HeraldCore

/// Delivers notifications to one `[[notify]]` entry: a webhook (a signed JSON POST) or a command (the JSON on its
/// stdin, run as ``ExecPublisher`` runs an exec account's command: no shell, a timeout, its process group killed
/// after it). One attempt per call; retrying and recording are the daemon's.
///
/// Webhook requests carry:
/// - `Content-Type: application/json`, the body being ``NotifyPayload/json``;
/// - `X-Herald-Delivery`: the delivery's id, the same on every attempt (receivers de-duplicate by it);
/// - `X-Herald-Event`: the event's name;
/// - `X-Herald-Signature: sha256=<hex>` (``WebhookSignature``).
public struct NotifySender: Sendable {
    /// The entry this sender delivers to.
    public let target: NotifyTarget
    /// The webhook's secret, read at start and on reload; never logged.
    private let secret: String?
    private let transport: any HTTPTransport
    /// Seconds between the timeout's SIGTERM and SIGKILL for a command.
    private let killGrace: TimeInterval

    /// A sender with its secret already read (``prepare(_:credentials:transport:)`` reads it).
    public init(target: NotifyTarget, secret: String?, transport: any HTTPTransport, killGrace: TimeInterval = 5) {
        self.target = target
        self.secret = secret
        self.transport = transport
        self.killGrace = killGrace
    }

    /// A sender for `target`, its webhook secret read from `credentials` (the same rules as accounts'
    /// credentials: a systemd credential or an absolute path to a file readable by the daemon alone).
    public static func prepare(
        _ target: NotifyTarget, credentials: CredentialSource = CredentialSource(),
        transport: any HTTPTransport = AsyncHTTPTransport.shared
    ) throws(NotifySetupError) -> NotifySender {
        var secret: String?
        if let reference = target.secret {
            do {
                secret = try credentials.read(reference, account: label(target.name))
            } catch {
                throw .secret(target: target.name, error)
            }
        }
        return NotifySender(target: target, secret: secret, transport: transport)
    }

    /// What ``CredentialSource`` is told the secret belongs to (its errors name an account).
    static func label(_ target: String) -> String { "notify \(target)" }

    /// One attempt to deliver `payload`.
    public func send(_ payload: NotifyPayload) async -> NotifySendOutcome {
        switch target.endpoint {
        case let .webhook(url): await post(payload, to: url)
        case let .command(command): await run(payload, command)
        }
    }

    /// The webhook request for `payload` (a value, so the tests check headers and signature without a server).
    public func request(_ payload: NotifyPayload, url: String) -> HTTPRequest {
        let body = payload.json
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"),
            ("User-Agent", "herald"),
            ("X-Herald-Delivery", payload.delivery),
            ("X-Herald-Event", payload.event.rawValue),
        ]
        if let secret { headers.append((WebhookSignature.header, WebhookSignature.value(body: body, secret: secret))) }
        return HTTPRequest(method: "POST", url: url, headers: headers, body: body, timeout: target.timeout)
    }

    private func post(_ payload: NotifyPayload, to url: String) async -> NotifySendOutcome {
        switch await transport.send(request(payload, url: url)) {
        case let .success(response) where (200..<300).contains(response.status):
            return .acknowledged
        case let .success(response):
            let text = response.text.prefix(200).trimmingCharacters(in: .whitespacesAndNewlines)
            return .refused(reason: "webhook answered \(response.status)" + (text.isEmpty ? "" : ": \(text)"))
        case let .failure(failure):
            return .refused(reason: "webhook \(failure)")
        }
    }

    private func run(_ payload: NotifyPayload, _ command: [String]) async -> NotifySendOutcome {
        let name = command.first ?? "command"
        let result = await ChildProcess.run(
            command, input: Data(payload.json + [UInt8(ascii: "\n")]), timeout: target.timeout, killGrace: killGrace,
            stderrLimit: ExecPublisher.stderrLimit)
        switch result {
        case let .failure(error):
            return .refused(reason: "\(error)")
        case let .success(outcome):
            let errors = ExecPublisher.lastLines(of: outcome.stderrTail)
            let detail = errors.isEmpty ? "" : ": " + errors
            if outcome.timedOut { return .refused(reason: "\(name) timed out and was killed\(detail)") }
            switch outcome.termination {
            case .exited(0): return .acknowledged
            case let .exited(code): return .refused(reason: "\(name) exited with \(code)\(detail)")
            case let .signaled(signal): return .refused(reason: "\(name) was killed by signal \(signal)\(detail)")
            }
        }
    }
}

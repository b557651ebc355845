import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// The real ``HTTPTransport``: AsyncHTTPClient over SwiftNIO, HTTP/1.1 and HTTPS.
///
/// Redirects are never followed: a redirected POST would be a second, unrecorded attempt. Each request runs in
/// its own unstructured task, so cancelling the caller (daemon shutdown) does not abandon a request half way; the
/// request's own `timeout` bounds it.
///
/// Errors are split by whether the request may have reached the server: connect, DNS, TLS-handshake and URL
/// errors are ``HTTPFailure/notSent(reason:)``; everything else (timeouts after connecting, resets, EOF before
/// the response) is ``HTTPFailure/unknown(reason:)``.
public final class AsyncHTTPTransport: HTTPTransport {
    /// One client for the whole process (the daemon's publishers share its connection pool); never shut down.
    public static let shared = AsyncHTTPTransport()

    /// Bodies larger than this are refused (a status response is a few KiB).
    static let maximumResponseBytes = 8 << 20

    private let client: HTTPClient

    /// A transport with its own client on NIO's shared event loops; call ``shutdown()`` when done with it.
    public init() {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.httpVersion = .http1Only
        client = HTTPClient(
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }

    /// Closes the client's connections. Only for transports other than ``shared``.
    public func shutdown() async {
        try? await client.shutdown()
    }

    public func send(_ request: HTTPRequest) async -> Result<HTTPResponse, HTTPFailure> {
        let client = self.client
        return await Task { await Self.perform(request, with: client) }.value
    }

    private static func perform(_ request: HTTPRequest, with client: HTTPClient) async
        -> Result<HTTPResponse, HTTPFailure>
    {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = .init(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if !request.body.isEmpty || request.method == "POST" {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let milliseconds = Int64(max(request.timeout, 0.001) * 1000)
        let deadline = NIODeadline.now() + .milliseconds(milliseconds)
        do {
            let response = try await client.execute(outgoing, deadline: deadline)
            let body = try await response.body.collect(upTo: maximumResponseBytes)
            let headers = response.headers.map { (name: $0.name, value: $0.value) }
            return .success(
                HTTPResponse(status: Int(response.status.code), headers: headers, body: Array(buffer: body)))
        } catch {
            return .failure(classify(error))
        }
    }

    /// Whether `error` happened before any byte of the request could reach the server.
    static func classify(_ error: any Error) -> HTTPFailure {
        let reason = String(describing: error)
        if let error = error as? HTTPClientError {
            let early: [HTTPClientError] = [
                .invalidURL, .emptyHost, .emptyScheme, .connectTimeout, .tlsHandshakeTimeout, .alreadyShutdown,
                .getConnectionFromPoolTimeout, .socksHandshakeTimeout, .httpProxyHandshakeTimeout,
            ]
            return early.contains(error) ? .notSent(reason: reason) : .unknown(reason: reason)
        }
        if error is NIOConnectionError { return .notSent(reason: reason) }
        if let error = error as? IOError,
           [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL].contains(error.errnoCode) {
            return .notSent(reason: reason)
        }
        if let error = error as? ChannelError, case .connectTimeout = error { return .notSent(reason: reason) }
        return .unknown(reason: reason)
    }
}

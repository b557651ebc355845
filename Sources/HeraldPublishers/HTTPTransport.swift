/// Sends HTTP requests for the network publishers: ``AsyncHTTPTransport`` in the daemon, the same one against
/// loopback fakes in the tests.
///
/// `send` never throws: every request ends in a response (any status) or an ``HTTPFailure`` that says whether
/// the request may have reached the server.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async -> Result<HTTPResponse, HTTPFailure>
}

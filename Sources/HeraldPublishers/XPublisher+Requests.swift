import Foundation
import HeraldCore

extension XPublisher {
    /// Sends one authorized request to `baseURL + path`. With OAuth 2.0, a 401 is answered by one token refresh
    /// and one retry (a 401 means X did nothing with the request).
    func send(
        _ method: String, _ path: String, query: [(String, String)] = [], json: [UInt8]? = nil, now: Date
    ) async -> XExchange {
        var url = baseURL + path
        if !query.isEmpty {
            url += "?" + PercentEncoding.form(query)
        }
        var request = HTTPRequest(method: method, url: url, body: json ?? [], timeout: timeout)
        if json != nil { request.headers.append((name: "Content-Type", value: "application/json")) }
        switch authorization {
        case .oauth1(let signer):
            let header = signer.authorizationHeader(
                method: method, url: url, nonce: makeNonce(), timestamp: Int(now.timeIntervalSince1970))
            request.headers.append((name: "Authorization", value: header))
            return Self.exchange(await transport.send(request))
        case .oauth2(let store):
            let token: String
            switch await store.accessToken(now: now) {
            case .success(let value): token = value
            case .failure(let failure): return .authorization(failure)
            }
            var first = request
            first.headers.append((name: "Authorization", value: "Bearer \(token)"))
            let result = await transport.send(first)
            guard case .success(let response) = result, response.status == 401 else { return Self.exchange(result) }
            switch await store.refresh(replacing: token, now: now) {
            case .success(let fresh):
                request.headers.append((name: "Authorization", value: "Bearer \(fresh)"))
                return Self.exchange(await transport.send(request))
            case .failure(let failure):
                return .authorization(failure)
            }
        }
    }

    private static func exchange(_ result: Result<HTTPResponse, HTTPFailure>) -> XExchange {
        switch result {
        case .success(let response): .response(response)
        case .failure(let failure): .transport(failure)
        }
    }
}

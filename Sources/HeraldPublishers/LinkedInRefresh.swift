import Foundation
import HeraldCore

/// LinkedIn's refresh-token grant (`POST /oauth/v2/accessToken`, form-encoded), for apps allowed to refresh.
/// LinkedIn's refresh tokens are reusable until their own expiry (a year), so a lost answer costs nothing.
struct LinkedInRefresh: Sendable {
    let tokenURL: String
    let refreshToken: String
    let clientID: String
    let clientSecret: String

    /// The new token and its lifetime, or nil when the refresh failed (the current token is kept).
    func refresh(
        transport: any HTTPTransport, timeout: TimeInterval
    ) async -> (token: String, expiresIn: TimeInterval?)? {
        let form = [("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", clientID),
                    ("client_secret", clientSecret)]
        let body = PercentEncoding.form(form)
        let request = HTTPRequest(
            method: "POST", url: tokenURL, headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array(body.utf8), timeout: timeout)
        guard case .success(let response) = await transport.send(request), response.status == 200,
              let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any],
              let token = object["access_token"] as? String, !token.isEmpty
        else { return nil }
        return (token, (object["expires_in"] as? NSNumber)?.doubleValue)
    }
}

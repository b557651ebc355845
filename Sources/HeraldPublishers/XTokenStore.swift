import Foundation
import HeraldCore

/// The OAuth 2.0 tokens of one X account, refreshed one at a time.
///
/// - **Single flight**: concurrent callers that need a refresh share one `POST /2/oauth2/token`; a caller whose
///   token was rejected after someone else already refreshed gets the newer token without a second refresh.
/// - **Persist before use**: X's refresh tokens are single-use, so the new pair is written to ``file``
///   (``AtomicFile``: temp, fsync, rename, fsync directory) before the new access token is handed out. If the
///   daemon dies after X answered but before the write, the refresh token in the file is spent and the account
///   must be re-authorized; that window is one small local write.
/// - The file, once written, wins over the credentials file's `refresh_token`/`access_token` (which are spent),
///   as long as it descends from them (``XOAuth2Tokens/origin``): credentials with a new `refresh_token` (the app
///   authorized again after X refused the old one) start a new chain.
actor XTokenStore {
    nonisolated let clientID: String
    let clientSecret: String?
    nonisolated let tokenURL: String
    nonisolated let file: URL
    let transport: any HTTPTransport
    let timeout: TimeInterval
    private var tokens: XOAuth2Tokens
    /// ``XOAuth2Tokens/digest(ofRefreshToken:)`` of the credentials' refresh token.
    private let origin: String
    private var loaded = false
    private var refreshing: Task<Result<XOAuth2Tokens, XAuthFailure>, Never>?
    /// How many refreshes this store performed (for tests and logs).
    private(set) var refreshCount = 0

    init(
        clientID: String, clientSecret: String?, initial: XOAuth2Tokens, tokenURL: String, file: URL,
        transport: any HTTPTransport, timeout: TimeInterval
    ) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        origin = XOAuth2Tokens.digest(ofRefreshToken: initial.refreshToken)
        self.tokens = initial
        self.tokens.origin = origin
        self.tokenURL = tokenURL
        self.file = file
        self.transport = transport
        self.timeout = timeout
    }

    /// A usable access token, refreshing first when there is none or it has expired.
    func accessToken(now: Date) async -> Result<String, XAuthFailure> {
        loadIfNeeded()
        if tokens.isUsable(at: now), let access = tokens.accessToken { return .success(access) }
        return await refresh(replacing: tokens.accessToken, now: now)
    }

    /// A new access token after X refused `stale` (401). When the current token is already another one (someone
    /// refreshed meanwhile), that one is returned without refreshing again.
    func refresh(replacing stale: String?, now: Date) async -> Result<String, XAuthFailure> {
        loadIfNeeded()
        if let refreshing {
            return await refreshing.value.map { $0.accessToken ?? "" }
        }
        if let current = tokens.accessToken, current != stale, tokens.isUsable(at: now) { return .success(current) }
        let task = Task { await performRefresh(now: now) }
        refreshing = task
        let result = await task.value
        refreshing = nil
        return result.map { $0.accessToken ?? "" }
    }

    private func performRefresh(now: Date) async -> Result<XOAuth2Tokens, XAuthFailure> {
        refreshCount += 1
        var form = [("grant_type", "refresh_token"), ("refresh_token", tokens.refreshToken)]
        var headers = [(name: "Content-Type", value: "application/x-www-form-urlencoded")]
        if let clientSecret {
            let basic = Data("\(clientID):\(clientSecret)".utf8).base64EncodedString()
            headers.append((name: "Authorization", value: "Basic \(basic)"))
        } else {
            form.append(("client_id", clientID))
        }
        let body = PercentEncoding.form(form)
        let request = HTTPRequest(
            method: "POST", url: tokenURL, headers: headers, body: Array(body.utf8), timeout: timeout)
        switch await transport.send(request) {
        case .failure(let failure):
            return .failure(.temporary("token refresh failed: \(failure)"))
        case .success(let response) where response.status == 200:
            guard var fresh = XOAuth2Tokens.from(tokenResponse: response.body, now: now) else {
                return .failure(.temporary("token refresh answered without tokens"))
            }
            fresh.origin = origin
            tokens = fresh  // kept in memory even if the write fails: the old refresh token is spent
            do {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                try AtomicFile.write(try encoder.encode(fresh), to: file)
            } catch {
                return .failure(.temporary("cannot save the refreshed tokens to \(file.path): \(error)"))
            }
            return .success(fresh)
        case .success(let response) where response.status >= 500 || response.status == 429:
            return .failure(.temporary("token refresh: HTTP \(response.status): \(XErrorBody(response.body).reason)"))
        case .success(let response):
            return .failure(.permanent(
                "token refresh refused (HTTP \(response.status): \(XErrorBody(response.body).reason)); "
                    + "authorize the app again and replace the account's credentials"))
        }
    }

    private func loadIfNeeded() {
        guard !loaded else { return }
        loaded = true
        guard let data = try? AtomicFile.read(file),
              var saved = try? JSONDecoder().decode(XOAuth2Tokens.self, from: data),
              saved.origin == nil || saved.origin == origin
        else { return }
        saved.origin = origin
        tokens = saved
    }
}

import Foundation

/// One ``XTokenStore`` per tokens file and client for the whole process.
///
/// A configuration reload makes new publishers while the old ones may still be publishing. Two stores on one
/// file could both refresh with the same single-use refresh token, and X would refuse the second; sharing the
/// store keeps "one refresh at a time per account" true across reloads. A changed `base_url`, `client_id` or
/// initial `refresh_token` gets a new store.
final class XTokenStoreRegistry: @unchecked Sendable {  // state guarded by `lock`
    static let shared = XTokenStoreRegistry()

    private let lock = NSLock()
    private var stores: [String: XTokenStore] = [:]

    /// The store for `file` and these credentials, made by `make` the first time.
    func store(
        file: URL, tokenURL: String, clientID: String, refreshToken: String, make: () -> XTokenStore
    ) -> XTokenStore {
        let key = [file.standardizedFileURL.path, tokenURL, clientID, refreshToken].joined(separator: "\u{0}")
        lock.lock()
        defer { lock.unlock() }
        if let existing = stores[key] { return existing }
        let store = make()
        stores[key] = store
        return store
    }
}

/// A `com.atproto.repo.strongRef`: a record's URI and the CID of its exact content, as replies name their root and
/// parent.
public struct BlueskyStrongRef: Sendable, Hashable {
    public var uri: String
    public var cid: String

    public init(uri: String, cid: String) {
        self.uri = uri
        self.cid = cid
    }

    var json: [String: Any] { ["uri": uri, "cid": cid] }
}

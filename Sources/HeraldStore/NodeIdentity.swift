import Foundation

/// Who a heraldd node is in the `nodes` table: its name (`[daemon] node`, the host name by default), and an
/// instance id for this start (`NAME/…`), so claims of an earlier start are told from this one's.
public struct NodeIdentity: Sendable, Equatable {
    public var name: String
    public var instance: String
    public var host: String
    public var pid: Int
    public var startedAt: Date

    public init(name: String, instance: String, host: String, pid: Int, startedAt: Date) {
        self.name = name
        self.instance = instance
        self.host = host
        self.pid = pid
        self.startedAt = startedAt
    }
}

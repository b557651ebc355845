import Foundation

/// What one cluster step left this node holding.
public struct ClusterStepResult: Sendable, Equatable {
    /// Account → when its claim runs out unless renewed.
    public var held: [String: Date]
    public var acquired: [String]
    public var released: [String]
    /// Live nodes, this one included.
    public var liveNodes: Int
}

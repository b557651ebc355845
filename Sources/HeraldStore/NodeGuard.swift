import PostgresNIO

/// Holds this heraldd's node-name lock on its own connection; released when the guard is, or when the process ends
/// (the server drops a dead client's locks with its connection).
public final class NodeGuard: Sendable {
    private let client: PostgresClient
    private let connection: PostgresConnection

    init(client: PostgresClient, connection: PostgresConnection) {
        self.client = client
        self.connection = connection
    }

    deinit {
        client.release(connection)
    }

    /// Calls `handler` with the account of every committed change that gave it new due work, from any node
    /// (`LISTEN` on ``PostgresSchema/queueChannel``, on this guard's connection): its holder re-arms its timer at
    /// once. Handlers run on postgres-nio's event loop and must return quickly.
    public func listenForQueueChanges(_ handler: @escaping @Sendable (String) -> Void) throws(StoreError) {
        connection.addListener(channel: PostgresSchema.queueChannel) { _, notification in
            handler(notification.payload)
        }
        do {
            _ = try connection.query(PostgresQuery(unsafeSQL: "LISTEN \(PostgresSchema.queueChannel)"),
                                     logger: client.logger).wait()
        } catch {
            throw .database(path: client.location.description, reason: PostgresSession.describe(error))
        }
    }

    /// Whether the guard's connection (its lock, its LISTEN) is still open.
    public var isConnected: Bool { !connection.isClosed }
}

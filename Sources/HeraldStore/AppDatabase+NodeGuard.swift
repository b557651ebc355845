import PostgresNIO

extension AppDatabase {
    /// The session advisory lock a heraldd holds on a PostgreSQL database for as long as it runs.
    static let nodeLock: Int64 = 0x4845_5241_4C44_0003

    /// Makes this heraldd the only one publishing from a PostgreSQL database: holds a session advisory lock on a
    /// connection of its own for as long as the returned guard lives, or throws when another heraldd holds it.
    /// Nil on SQLite. Until nodes lease accounts to one another (issue 17's cluster), two daemons on one database
    /// would both publish the same due posts; a second node is refused instead.
    public func exclusiveNode() throws(StoreError) -> NodeGuard? {
        guard case let .postgres(client) = backend else { return nil }
        let connection = try client.openDedicated()
        let session = PostgresSession(connection: connection, logger: client.logger)
        do {
            let held = try session.column("SELECT pg_try_advisory_lock(?)", [Self.nodeLock]).first
            guard held.flatMap(Bool.fromDatabaseValue) == true else {
                client.release(connection)
                throw StoreError.database(path: location, reason: "another heraldd is running on this database "
                    + "(one node per database until nodes share the queue)")
            }
        } catch let error as StoreError {
            throw error
        } catch {
            client.release(connection)
            throw .database(path: location, reason: PostgresSession.describe(error))
        }
        return NodeGuard(client: client, connection: connection)
    }
}

/// Holds this heraldd's node lock on its own connection; released when the guard is, or when the process ends
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
}

import PostgresNIO

extension AppDatabase {
    /// The first key of the session advisory lock each node holds on its name ("HRLD"; the second is the name's
    /// hash).
    static let nodeLockClass: Int32 = 0x4852_4C44

    /// Makes this heraldd the only one running as node `name` on a PostgreSQL database: holds a session advisory
    /// lock on the name, on a connection of its own, for as long as the returned guard lives; throws when another
    /// heraldd holds it. Nil on SQLite. Holding it proves every earlier start of the name dead (the server drops a
    /// session's locks with its connection), so that start's claims may be taken at once.
    public func holdNode(name: String) throws(StoreError) -> NodeGuard? {
        guard case let .postgres(client) = backend else { return nil }
        let connection = try client.openDedicated()
        let session = PostgresSession(connection: connection, logger: client.logger)
        do {
            let held = try session.column("SELECT pg_try_advisory_lock(?::int4, hashtext(?))",
                                          [Int64(Self.nodeLockClass), name]).first
            guard held.flatMap(Bool.fromDatabaseValue) == true else {
                client.release(connection)
                throw StoreError.database(path: location, reason: "another heraldd is running as node \(name) on "
                    + "this database (give each node its own [daemon] node name)")
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

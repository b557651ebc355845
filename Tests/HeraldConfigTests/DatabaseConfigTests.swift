import Foundation
import HeraldCore
import Testing

@testable import HeraldConfig

/// `[daemon] database` and `database_password` (issue 17): a shared PostgreSQL instead of the SQLite file.
@Suite("Database configuration")
struct DatabaseConfigTests {
    static func daemon(_ lines: String) -> String {
        "[daemon]\n\(lines)\n\n[[accounts]]\nname = \"brand\"\n"
    }

    @Test("SQLite under state unless a database is named")
    func sqliteByDefault() throws {
        let daemon = try ConfigLoader.parse(Self.daemon(""), path: "t.toml").daemon
        #expect(daemon.database == nil)
        #expect(daemon.databasePassword == nil)
    }

    @Test("a postgres:// URL and a credentials file")
    func postgres() throws {
        let text = Self.daemon("""
            database = "postgres://herald@db.example.com:6432/herald"
            database_password = "herald-db"
            """)
        let daemon = try ConfigLoader.parse(text, path: "t.toml").daemon
        #expect(daemon.database == PostgresLocation(user: "herald", host: "db.example.com", port: 6432,
                                                    database: "herald", tls: .verify))
        #expect(daemon.databasePassword == "herald-db")
    }

    @Test("a password in the URL is refused at its line")
    func passwordInURL() throws {
        let error = try #require(parseFailure(Self.daemon("database = \"postgres://herald:hunter2@db/herald\"")))
        #expect(error.description == "t.toml:2: daemon: database: the URL holds a password: put it in a "
            + "credentials file and name that in database_password")
        #expect(!error.description.contains("hunter2"))
    }

    @Test("a SQLite path is not a database URL")
    func notAURL() throws {
        let error = try #require(parseFailure(Self.daemon("database = \"/var/lib/herald/herald.sqlite\"")))
        #expect(error.description == "t.toml:2: daemon: database: /var/lib/herald/herald.sqlite is not a "
            + "postgres:// URL")
    }

    @Test("a password without a database is a mistake, not ignored")
    func passwordAlone() throws {
        let error = try #require(parseFailure(Self.daemon("database_password = \"herald-db\"")))
        #expect(error.description == "t.toml:2: daemon: database_password: applies only with database")
    }
}

import Foundation
import Testing

@testable import HeraldCore

/// `[daemon] database`: libpq's URL forms, never a password, TLS checked unless the server is on this host.
@Suite("PostgreSQL locations")
struct PostgresLocationTests {
    @Test("libpq's URL forms are read", arguments: [
        ("postgres://herald@db.example.com/herald",
         PostgresLocation(user: "herald", host: "db.example.com", database: "herald", tls: .verify)),
        ("postgresql://herald@db.example.com:6432/queue",
         PostgresLocation(user: "herald", host: "db.example.com", port: 6432, database: "queue", tls: .verify)),
        ("postgres://herald@127.0.0.1:5433/herald",
         PostgresLocation(user: "herald", host: "127.0.0.1", port: 5433, database: "herald")),
        ("postgres://herald@localhost/herald", PostgresLocation(user: "herald", database: "herald")),
        ("postgres://herald@[::1]/herald", PostgresLocation(user: "herald", host: "::1", database: "herald")),
        ("postgres://herald@/herald?host=/run/postgresql",
         PostgresLocation(user: "herald", host: nil, socketDirectory: "/run/postgresql", database: "herald")),
        ("postgres://herald@db.internal/herald?sslmode=disable",
         PostgresLocation(user: "herald", host: "db.internal", database: "herald")),
        ("postgres://herald@localhost/herald?sslmode=require",
         PostgresLocation(user: "herald", database: "herald", tls: .verify)),
        ("postgres://her%40ld@localhost/my%20db?port=6000",
         PostgresLocation(user: "her@ld", port: 6000, database: "my db")),
    ])
    func parsed(text: String, expected: PostgresLocation) throws {
        #expect(try PostgresLocation.parse(text) == expected)
    }

    @Test("a unix socket's path is the server's own name for it")
    func socketPath() throws {
        let location = try PostgresLocation.parse("postgres://herald@/herald?host=/run/postgresql&port=5433")
        #expect(location.socketPath == "/run/postgresql/.s.PGSQL.5433")
        #expect(location.description == "postgres://herald@:5433/herald?host=/run/postgresql")
    }

    @Test("refused, saying why", arguments: [
        ("postgres://herald:secret@db/herald",
         "the URL holds a password: put it in a credentials file and name that in database_password"),
        ("mysql://herald@db/herald", "mysql://herald@db/herald is not a postgres:// URL"),
        ("postgres://db.example.com/herald",
         "postgres://db.example.com/herald names no user (postgres://USER@HOST/DATABASE)"),
        ("postgres://herald@db.example.com",
         "postgres://herald@db.example.com names no database (postgres://USER@HOST/DATABASE)"),
        ("postgres://herald@db/herald?sslmode=allow",
         "postgres://herald@db/herald?sslmode=allow: sslmode=allow (disable, require or verify-full)"),
        ("postgres://herald@db/herald?application_name=x",
         "postgres://herald@db/herald?application_name=x: unknown parameter application_name"),
        ("postgres://herald@/herald?host=run",
         "postgres://herald@/herald?host=run: host= takes the absolute path of a socket directory"),
        ("postgres://herald@/herald?host=/run/postgresql&sslmode=require",
         "postgres://herald@/herald?host=/run/postgresql&sslmode=require: a unix socket takes no TLS "
            + "(sslmode=disable)"),
    ])
    func refused(text: String, reason: String) {
        #expect(throws: PostgresLocationError.self) { try PostgresLocation.parse(text) }
        do {
            _ = try PostgresLocation.parse(text)
        } catch {
            #expect(error.description == reason)
        }
    }

    @Test("the description carries no secret and reads back as the same location")
    func roundTrip() throws {
        for text in ["postgres://herald@db.example.com:5432/herald", "postgres://herald@127.0.0.1:5433/q"] {
            let location = try PostgresLocation.parse(text)
            #expect(try PostgresLocation.parse(location.description) == location)
        }
        let verified = try PostgresLocation.parse("postgres://herald@db.example.com/herald")
        #expect(verified.description == "postgres://herald@db.example.com:5432/herald?sslmode=verify-full")
        #expect(try PostgresLocation.parse(verified.description) == verified)
    }
}

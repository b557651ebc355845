import Foundation

/// Where a shared PostgreSQL database is (issue 17): `[daemon] database = "postgres://USER@HOST:PORT/DB"`.
///
/// The forms are libpq's URL forms, so the string an operator already uses with `psql` works here:
/// `postgres://` or `postgresql://`, host and port optional (localhost, 5432), `?host=/run/postgresql` for a
/// unix socket directory (libpq's spelling), `?sslmode=disable|require|verify-full`. A password in the URL is
/// refused: herald.toml is readable by submitters' tools and lands in backups, so the password comes from a
/// credentials file (`database_password`), as account secrets do.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is protected.
    public enum TLS: String, Sendable, Equatable {
        /// Plain text: only the default for loopback and unix sockets.
        case disable
        /// Encrypted and the server's certificate checked against the system's roots and the host name
        /// (`require` and `verify-full` alike: an unchecked certificate would let anyone on the path read the
        /// password's exchange and every post).
        case verify
    }

    public var user: String
    /// A host name or address, or nil with `socketDirectory` set.
    public var host: String?
    public var port: Int
    /// The directory holding the server's socket (`.s.PGSQL.PORT`), for `?host=/path`.
    public var socketDirectory: String?
    public var database: String
    public var tls: TLS

    public init(
        user: String, host: String? = "localhost", port: Int = 5432, socketDirectory: String? = nil,
        database: String, tls: TLS = .disable
    ) {
        self.user = user
        self.host = host
        self.port = port
        self.socketDirectory = socketDirectory
        self.database = database
        self.tls = tls
    }

    /// The path of the server's unix socket, when the location is one.
    public var socketPath: String? {
        socketDirectory.map { ($0 as NSString).appendingPathComponent(".s.PGSQL.\(port)") }
    }

    /// The URL without any secret (there is none in it), for logs and `herald nodes`.
    public var description: String {
        var text = "postgres://\(user)@\(host.map { $0.contains(":") ? "[\($0)]" : $0 } ?? ""):\(port)/\(database)"
        var query: [String] = []
        if let socketDirectory { query.append("host=\(socketDirectory)") }
        if tls == .verify { query.append("sslmode=verify-full") }
        if !query.isEmpty { text += "?" + query.joined(separator: "&") }
        return text
    }

    /// Whether `value` names a PostgreSQL database rather than a SQLite file.
    public static func isURL(_ value: String) -> Bool {
        value.hasPrefix("postgres://") || value.hasPrefix("postgresql://")
    }

    /// Parses a `postgres://` URL. The user is required (a daemon's default, `herald`, would hide which role it
    /// logs in as); so is the database name.
    public static func parse(_ text: String) throws(PostgresLocationError) -> PostgresLocation {
        guard isURL(text), let components = URLComponents(string: text) else { throw .notAURL(text) }
        if components.password != nil { throw .passwordInURL }
        guard let user = components.percentEncodedUser.flatMap({ $0.removingPercentEncoding }), !user.isEmpty else {
            throw .missingUser(text)
        }
        let path = components.percentEncodedPath
        let database = String(path.drop { $0 == "/" }).removingPercentEncoding ?? ""
        guard !database.isEmpty, !database.contains("/") else { throw .missingDatabase(text) }
        var location = PostgresLocation(user: user, database: database)
        if var host = components.host, !host.isEmpty {
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }  // IPv6
            location.host = host
        }
        if let port = components.port {
            guard (1...65535).contains(port) else { throw .badOption(text, "port \(port)") }
            location.port = port
        }
        var sslmode: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "host":
                guard let value = item.value, value.hasPrefix("/") else {
                    throw .badOption(text, "host= takes the absolute path of a socket directory")
                }
                location.socketDirectory = value
                location.host = nil
            case "sslmode": sslmode = item.value
            case "port":
                guard let value = item.value.flatMap(Int.init), (1...65535).contains(value) else {
                    throw .badOption(text, "port=\(item.value ?? "")")
                }
                location.port = value
            default: throw .badOption(text, "unknown parameter \(item.name)")
            }
        }
        switch sslmode {
        case nil: location.tls = location.isLocal ? .disable : .verify
        case "disable": location.tls = .disable
        case "require", "verify-full", "verify-ca": location.tls = .verify
        case let other?: throw .badOption(text, "sslmode=\(other) (disable, require or verify-full)")
        }
        if location.socketDirectory != nil && location.tls == .verify {
            throw .badOption(text, "a unix socket takes no TLS (sslmode=disable)")
        }
        return location
    }

    /// A unix socket or a loopback host: the only places plain text is the default.
    public var isLocal: Bool {
        guard let host else { return socketDirectory != nil }
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

/// Why a `database` URL was refused.
public enum PostgresLocationError: Error, Equatable, CustomStringConvertible {
    case notAURL(String)
    case passwordInURL
    case missingUser(String)
    case missingDatabase(String)
    case badOption(String, String)

    public var description: String {
        switch self {
        case let .notAURL(text): "\(text) is not a postgres:// URL"
        case .passwordInURL:
            "the URL holds a password: put it in a credentials file and name that in database_password"
        case let .missingUser(text): "\(text) names no user (postgres://USER@HOST/DATABASE)"
        case let .missingDatabase(text): "\(text) names no database (postgres://USER@HOST/DATABASE)"
        case let .badOption(text, reason): "\(text): \(reason)"
        }
    }
}

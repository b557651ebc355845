/// Where heraldd serves its Prometheus metrics (`[daemon] metrics`): a loopback TCP address or a unix socket.
/// Anything else is refused when the configuration is read: the endpoint has no authentication, so it must not be
/// reachable from another machine.
public enum MetricsListen: Sendable, Equatable, CustomStringConvertible {
    /// `127.0.0.1:9464`, `[::1]:9464` or `localhost:9464` (port 0: any free port, said in the journal).
    case tcp(host: String, port: Int)
    /// `unix:/run/herald/metrics.sock`.
    case unix(path: String)

    public init?(parsing text: String) {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard path.hasPrefix("/"), path.utf8.count < 108 else { return nil }  // sun_path holds 108 bytes
            self = .unix(path: path)
            return
        }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65_535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard ["127.0.0.1", "::1", "localhost"].contains(host) else { return nil }
        self = .tcp(host: host, port: port)
    }

    public var description: String {
        switch self {
        case let .tcp(host, port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case let .unix(path): "unix:\(path)"
        }
    }
}

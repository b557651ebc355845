import Foundation
import HeraldCore
import Testing

@testable import HeraldConfig

/// `[daemon] metrics`: loopback addresses and unix sockets only, since the endpoint has no authentication.
@Suite("Metrics endpoint configuration")
struct MetricsConfigTests {
    static func daemon(_ line: String) -> String {
        "[daemon]\n\(line)\n\n[[accounts]]\nname = \"brand\"\n"
    }

    @Test("loopback addresses and unix sockets are read", arguments: [
        ("127.0.0.1:9464", MetricsListen.tcp(host: "127.0.0.1", port: 9464)),
        ("[::1]:9464", .tcp(host: "::1", port: 9464)),
        ("localhost:0", .tcp(host: "localhost", port: 0)),
        ("unix:/run/herald/metrics.sock", .unix(path: "/run/herald/metrics.sock")),
    ])
    func accepted(text: String, expected: MetricsListen) throws {
        let config = try ConfigLoader.parse(Self.daemon("metrics = \"\(text)\""), path: "t.toml")
        #expect(config.daemon.metrics == expected)
        #expect(expected.description == (text == "[::1]:9464" ? "[::1]:9464" : text))
    }

    @Test("off unless asked")
    func off() throws {
        #expect(try ConfigLoader.parse(Self.daemon(""), path: "t.toml").daemon.metrics == nil)
    }

    @Test("anything reachable from another machine is refused", arguments: [
        "0.0.0.0:9464", "192.0.2.1:9464", "[::]:9464", "example.com:9464", "9464", "127.0.0.1:70000",
        "unix:relative.sock",
    ])
    func refused(text: String) throws {
        let error = try #require(parseFailure(Self.daemon("metrics = \"\(text)\"")))
        #expect(error.description == "t.toml:2: daemon: metrics: must be a loopback address (127.0.0.1:PORT, "
            + "[::1]:PORT, localhost:PORT) or unix:/absolute/path, not \"\(text)\": the endpoint has no "
            + "authentication")
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HeraldPublishers

/// A fake network API (a Python script in `Tests/Support/fakes/`) running on 127.0.0.1 for one test.
///
/// The script binds port 0 and prints the port as the first line of stdout; everything else it says goes to
/// stderr. Its control API (`/_control/...`) injects faults and reports the statuses it holds; ``control(_:_:json:)``
/// calls it. The process is terminated by ``stop()`` or when the value is released.
final class FakeServer: @unchecked Sendable {
    let port: Int
    private let process: Process

    /// `http://127.0.0.1:PORT`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    deinit { stop() }

    /// Why fakes cannot run here (no python3, or one of `modules` does not import), or nil when they can.
    /// `.ci/run` installs what they need, so CI never skips.
    static func unavailableReason(modules: [String] = []) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let imports = modules.isEmpty ? "pass" : "import " + modules.joined(separator: ", ")
        process.arguments = ["python3", "-c", imports]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return "python3 cannot be started: \(error)"
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return modules.isEmpty ? "python3 is missing" : "python3 cannot import \(modules.joined(separator: ", "))"
                + " (pip install \(modules.joined(separator: " ")); .ci/run does)"
        }
        return nil
    }

    /// `Tests/Support/fakes/NAME`, found by walking up from this source file to the package root.
    static func script(_ name: String) -> String? {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("Tests/Support/fakes/\(name)").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }

    /// Starts `Tests/Support/fakes/NAME` with `arguments` and waits for its port.
    static func start(_ name: String, arguments: [String] = []) throws -> FakeServer {
        guard let path = script(name) else { throw FakeServerError.notStarted("Tests/Support/fakes/\(name) not found") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var line: [UInt8] = []
        let reader = output.fileHandleForReading
        while true {
            guard let byte = try reader.read(upToCount: 1), let first = byte.first else {
                process.waitUntilExit()
                throw FakeServerError.notStarted("\(name) exited with \(process.terminationStatus) before its port")
            }
            if first == UInt8(ascii: "\n") { break }
            line.append(first)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)) else {
            process.terminate()
            throw FakeServerError.notStarted("\(name) printed no port")
        }
        return FakeServer(process: process, port: port)
    }

    /// Kills the server (idempotent). SIGKILL, not SIGTERM: a child started from the test runner may inherit a
    /// signal mask that blocks SIGTERM, and then `terminate()` followed by `waitUntilExit()` would hang the test.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Calls the fake's control API (or any path) and returns the parsed JSON answer (NSNull for an empty body).
    @discardableResult
    func control(_ method: String, _ path: String, json: Any? = nil) async throws -> Any {
        var body: [UInt8] = []
        if let json { body = Array(try JSONSerialization.data(withJSONObject: json)) }
        let request = HTTPRequest(
            method: method, url: baseURL + path, headers: [("Content-Type", "application/json")], body: body,
            timeout: 30)
        switch await AsyncHTTPTransport.shared.send(request) {
        case .failure(let failure):
            throw FakeServerError.control("\(method) \(path): \(failure)")
        case .success(let response):
            guard response.status == 200 else {
                throw FakeServerError.control("\(method) \(path): HTTP \(response.status) \(response.text)")
            }
            if response.body.isEmpty { return NSNull() }
            return try JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed])
        }
    }

    /// `GET /_control/statuses`: the statuses the fake holds, oldest first.
    func statuses() async throws -> [[String: Any]] {
        guard let list = try await control("GET", "/_control/statuses") as? [[String: Any]] else {
            throw FakeServerError.control("/_control/statuses is not a list of objects")
        }
        return list
    }
}

/// Why a fake server could not be started or answered unexpectedly.
enum FakeServerError: Error, CustomStringConvertible {
    case notStarted(String)
    case control(String)

    var description: String {
        switch self {
        case .notStarted(let reason): "fake server not started: \(reason)"
        case .control(let reason): "fake server control call failed: \(reason)"
        }
    }
}

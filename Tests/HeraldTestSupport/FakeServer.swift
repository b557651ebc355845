import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HeraldPublishers

/// A fake network API (a Python script in `Tests/Support/fakes/`) running on 127.0.0.1 for one test, run by
/// ``TestPython``'s interpreter.
///
/// The script binds port 0 and prints the port as the first line of stdout; everything else it says goes to
/// stderr, which is copied to the test's stderr (and, when the script dies before its port, into the error). Its
/// control API (`/_control/...`) injects faults and reports the statuses it holds; ``control(_:_:json:)`` calls
/// it. The process is killed by ``stop()`` or when the value is released, so a fake outlives the daemons a test
/// starts and kills, as the real network would.
public final class FakeServer: @unchecked Sendable {
    public let port: Int
    private let process: Process

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    deinit { stop() }

    /// Starts `Tests/Support/fakes/NAME` with `arguments` and waits for its port. Throws
    /// ``FakeServerError/missingDependency(_:)`` when the interpreter is missing or cannot import what the script
    /// needs, saying how to fix it.
    public static func start(_ name: String, arguments: [String] = []) throws -> FakeServer {
        guard let script = TestSupportFiles.path("fakes/\(name)") else {
            throw FakeServerError.notStarted("Tests/Support/fakes/\(name) not found")
        }
        let python = try TestPython.located.get()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python.path)
        process.arguments = ["-u", script] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw FakeServerError.missingDependency("\(python.origin) cannot be started (\(error)): \(python.remedy)")
        }
        let said = StandardErrorCopy(errors.fileHandleForReading)
        var line: [UInt8] = []
        let reader = output.fileHandleForReading
        while true {
            guard let byte = try reader.read(upToCount: 1), let first = byte.first else {
                process.waitUntilExit()
                throw failure(name, python: python, status: process.terminationStatus, stderr: said.text(wait: 5))
            }
            if first == UInt8(ascii: "\n") { break }
            line.append(first)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)) else {
            killAndWait(process)
            throw FakeServerError.notStarted("\(name) printed no port")
        }
        return FakeServer(process: process, port: port)
    }

    /// Why `name` exited before its port: a module it cannot import (a missing test dependency), or what it said.
    private static func failure(
        _ name: String, python: TestPython.Interpreter, status: Int32, stderr: String
    ) -> FakeServerError {
        let marker = "No module named '"
        if let start = stderr.range(of: marker)?.upperBound, let end = stderr[start...].firstIndex(of: "'") {
            return .missingDependency("\(python.origin) cannot import \(stderr[start..<end]), which \(name) needs: "
                + python.remedy)
        }
        let tail = stderr.split(separator: "\n").suffix(10).joined(separator: "\n")
        return .notStarted("\(name) exited with status \(status) before printing its port"
            + (tail.isEmpty ? " and said nothing" : "; it said:\n\(tail)"))
    }

    /// Kills the server (idempotent). SIGKILL, not SIGTERM: a child started from the test runner may inherit a
    /// signal mask that blocks SIGTERM, and then `terminate()` followed by `waitUntilExit()` would hang the test.
    public func stop() {
        Self.killAndWait(process)
    }

    private static func killAndWait(_ process: Process) {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Calls the fake's control API (or any path) and returns the parsed JSON answer (NSNull for an empty body).
    @discardableResult
    public func control(_ method: String, _ path: String, json: Any? = nil) async throws -> Any {
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

    /// `GET /_control/statuses`: the statuses (Mastodon, X) or post records (Bluesky) the fake holds, oldest first.
    public func statuses() async throws -> [[String: Any]] {
        guard let list = try await control("GET", "/_control/statuses") as? [[String: Any]] else {
            throw FakeServerError.control("/_control/statuses is not a list of objects")
        }
        return list
    }
}

/// Why a fake server could not be started or answered unexpectedly.
public enum FakeServerError: Error, CustomStringConvertible {
    /// A test dependency is missing (the interpreter, or a module a fake imports); the text says how to get it.
    case missingDependency(String)
    case notStarted(String)
    case control(String)

    public var description: String {
        switch self {
        case .missingDependency(let reason): "missing test dependency: \(reason)"
        case .notStarted(let reason): "fake server not started: \(reason)"
        case .control(let reason): "fake server control call failed: \(reason)"
        }
    }
}

/// Copies a child's standard error to ours as it comes, on a thread of its own, and keeps the first 64 KiB for
/// error messages. The thread ends when every writer has closed the pipe (the child exited).
private final class StandardErrorCopy: @unchecked Sendable {
    private static let kept = 64 * 1024
    private let handle: FileHandle
    private let condition = NSCondition()
    private var bytes: [UInt8] = []
    private var ended = false

    init(_ handle: FileHandle) {
        self.handle = handle
        Thread { [self] in copy() }.start()
    }

    private func copy() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            buffer.withUnsafeBytes { _ = write(STDERR_FILENO, $0.baseAddress, count) }
            condition.lock()
            bytes += buffer[..<min(count, max(0, Self.kept - bytes.count))]
            condition.unlock()
        }
        condition.lock()
        ended = true
        condition.broadcast()
        condition.unlock()
    }

    /// What the child wrote, once it closed its end or after `wait` seconds.
    func text(wait: TimeInterval) -> String {
        let deadline = Date().addingTimeInterval(wait)
        condition.lock()
        defer { condition.unlock() }
        while !ended, condition.wait(until: deadline) {}
        return String(decoding: bytes, as: UTF8.self)
    }
}

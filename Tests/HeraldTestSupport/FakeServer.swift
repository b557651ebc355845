import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HeraldPublishers
import Synchronization

/// A fake network API (a Python script in `Tests/Support/fakes/`) running on 127.0.0.1 for one test, run by
/// ``TestPython``'s interpreter.
///
/// The script binds port 0 and prints the port as the first line of stdout; everything else it says goes to
/// stderr, which is copied to the test's stderr (and, when the script dies before its port, into the error). Its
/// control API (`/_control/...`) injects faults and reports the statuses it holds; ``control(_:_:json:)`` calls
/// it. The process is killed by ``stop()`` or when the value is released, so a fake outlives the daemons a test
/// starts and kills, as the real network would.
public final class FakeServer: Sendable {
    public let port: Int
    private let pid: pid_t
    /// The read end of the fake's stdout, kept open while it runs (a closed pipe would kill it with SIGPIPE).
    private let output: Int32
    private let stopped = Mutex(false)

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(pid: pid_t, output: Int32, port: Int) {
        self.pid = pid
        self.output = output
        self.port = port
    }

    deinit { stop() }

    /// Starts `Tests/Support/fakes/NAME` with `arguments` (through ``Spawner``, like every child of the tests) and
    /// waits for its port. Throws ``FakeServerError/missingDependency(_:)`` when the interpreter is missing or
    /// cannot import what the script needs, saying how to fix it.
    ///
    /// The wait for the port never blocks a cooperative thread: dozens of fakes starting at once on a 2-core
    /// machine take seconds, and the in-process daemons of other tests share that pool.
    public static func start(_ name: String, arguments: [String] = []) async throws -> FakeServer {
        guard let script = TestSupportFiles.path("fakes/\(name)") else {
            throw FakeServerError.notStarted("Tests/Support/fakes/\(name) not found")
        }
        let python = try await TestPython.located.value.get()
        let output = try Pipe2()
        let errors = try Pipe2()
        let pid: pid_t
        do {
            pid = try Spawner.spawn(python.path, ["-u", script] + arguments, stdout: .fd(output.write),
                                    stderr: .fd(errors.write))
        } catch {
            [output.read, output.write, errors.read, errors.write].forEach { close($0) }
            throw FakeServerError.missingDependency("\(python.origin) cannot be started (\(error)): \(python.remedy)")
        }
        close(output.write)
        close(errors.write)
        // Its stderr goes to the test's stderr as it comes, and is kept for the error if it dies before its port.
        let said = LineCollector(reading: errors.read, echoPrefix: "[\(name)] ")
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            var ready = pollfd(fd: output.read, events: Int16(POLLIN), revents: 0)
            if poll(&ready, 1, 0) == 0 {
                try? await Task.sleep(for: .milliseconds(5))
                continue
            }
            let count = read(output.read, &byte, 1)
            if count < 0, errno == EINTR { continue }
            guard count == 1 else {
                close(output.read)
                let deadline = Date().addingTimeInterval(5)
                var status = Spawner.poll(pid)
                while status == nil, Date() < deadline {
                    usleep(10_000)
                    status = Spawner.poll(pid)
                }
                if status == nil { Spawner.killAndReap(pid) }
                while !said.finished, Date() < deadline { usleep(10_000) }
                throw failure(name, python: python, status: status, stderr: said.lines.joined(separator: "\n"))
            }
            if byte == UInt8(ascii: "\n") { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)) else {
            close(output.read)
            Spawner.killAndReap(pid)
            throw FakeServerError.notStarted("\(name) printed no port")
        }
        return FakeServer(pid: pid, output: output.read, port: port)
    }

    /// Why `name` exited before its port: a module it cannot import (a missing test dependency), or what it said.
    private static func failure(
        _ name: String, python: TestPython.Interpreter, status: ExitStatus?, stderr: String
    ) -> FakeServerError {
        let marker = "No module named '"
        if let start = stderr.range(of: marker)?.upperBound, let end = stderr[start...].firstIndex(of: "'") {
            return .missingDependency("\(python.origin) cannot import \(stderr[start..<end]), which \(name) needs: "
                + python.remedy)
        }
        let tail = stderr.split(separator: "\n").suffix(10).joined(separator: "\n")
        let ended =
            switch status {
            case let .exited(code)?: "exited with status \(code)"
            case let .signaled(signal)?: "was killed by signal \(signal)"
            case nil: "closed its output"
            }
        return .notStarted("\(name) \(ended) before printing its port"
            + (tail.isEmpty ? " and said nothing" : "; it said:\n\(tail)"))
    }

    /// Kills the server and reaps it (idempotent). SIGKILL: nothing of a fake's state needs a clean exit.
    public func stop() {
        guard stopped.withLock({ value in defer { value = true }; return !value }) else { return }
        Spawner.killAndReap(pid)
        close(output)
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

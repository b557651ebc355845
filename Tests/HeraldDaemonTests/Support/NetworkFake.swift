import Foundation
import HeraldPublishers

/// A fake network API (`Tests/Support/fakes/NAME`, Python) on 127.0.0.1 for one daemon test: it outlives the
/// daemons the test starts and kills, as the real network would. The script prints its port on its first line.
final class NetworkFake: @unchecked Sendable {
    let port: Int
    private let process: Process

    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    deinit { stop() }

    /// Why fakes cannot run here (no python3), or nil. `.ci/run` provides python3, so CI never skips.
    static var unavailableReason: String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "pass"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "python3 cannot be started" }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? nil : "python3 is missing"
    }

    static func start(_ name: String, arguments: [String]) throws -> NetworkFake {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        var script: String?
        while directory.path != "/", script == nil {
            let candidate = directory.appendingPathComponent("Tests/Support/fakes/\(name)").path
            if FileManager.default.fileExists(atPath: candidate) { script = candidate }
            directory.deleteLastPathComponent()
        }
        guard let script else { throw HarnessError("Tests/Support/fakes/\(name) not found") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var line: [UInt8] = []
        while true {
            guard let byte = try output.fileHandleForReading.read(upToCount: 1), let first = byte.first else {
                throw HarnessError("\(name) exited before printing its port")
            }
            if first == UInt8(ascii: "\n") { break }
            line.append(first)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw HarnessError("\(name) printed no port")
        }
        return NetworkFake(process: process, port: port)
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Calls the control API and returns the parsed JSON answer.
    @discardableResult
    func control(_ method: String, _ path: String, json: Any? = nil) async throws -> Any {
        let body = try json.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
        let request = HTTPRequest(method: method, url: baseURL + path, headers: [("Content-Type", "application/json")],
                                  body: body, timeout: 30)
        switch await AsyncHTTPTransport.shared.send(request) {
        case .failure(let failure):
            throw HarnessError("\(method) \(path): \(failure)")
        case .success(let response):
            guard response.status == 200 else { throw HarnessError("\(method) \(path): HTTP \(response.status)") }
            return try JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed])
        }
    }

    /// The statuses (Mastodon) or post records (Bluesky) the fake holds, oldest first.
    func statuses() async throws -> [[String: Any]] {
        guard let list = try await control("GET", "/_control/statuses") as? [[String: Any]] else {
            throw HarnessError("/_control/statuses is not a list")
        }
        return list
    }
}

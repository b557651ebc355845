import Foundation
import HeraldCore
import HeraldTestSupport
@testable import HeraldPublishers
#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` with a fresh directory under the system's temporary directory, removed afterwards.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let directory = try TemporaryDirectory("herald-publishers")
    return try await body(directory.url)
}

/// A well-formed status for account `brand`, scheduled at 2026-11-23T14:00:00Z.
func makeStatus(
    seq: Int = 1, postID: String = "post-1", part: Int = 0, partCount: Int = 1, text: String = "Hello, world",
    account: String = "brand", inReplyTo: String? = nil, author: String? = nil, kind: StatusKind = .post
) -> OutgoingStatus {
    OutgoingStatus(
        postID: postID, account: account, part: part, partCount: partCount, seq: seq, text: text,
        inReplyTo: inReplyTo, scheduledAt: Date(timeIntervalSince1970: 1_795_442_400), author: author, kind: kind,
        language: "en", idempotencyKey: "\(postID)#\(part)")
}

/// Writes an executable `/bin/sh` script with `body` into `directory` and returns its path.
func writeScript(_ body: String, in directory: URL, name: String = "command.sh") throws -> String {
    let url = directory.appendingPathComponent(name)
    try Data(("#!/bin/sh\n" + body + "\n").utf8).write(to: url)
    guard chmod(url.path, 0o755) == 0 else { throw CocoaError(.fileWriteNoPermission) }
    return url.path
}

/// Parses a JSON object.
func jsonObject(_ data: Data) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw CocoaError(.propertyListReadCorrupt)
    }
    return object
}

/// Whether a JSON value is a number (and not a string or a boolean spelled as one).
func isNumber(_ value: Any?) -> Bool {
    guard let value, !(value is String), !(value is NSNull) else { return false }
    return value is Int || value is NSNumber
}

/// Whether a process exists and is not a zombie.
func isRunning(_ pid: pid_t) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")")
    else { return false }
    let state = stat[stat.index(close, offsetBy: 2)]
    return state != "Z" && state != "X"
}

/// Seconds of monotonic time since `start`.
func secondsSince(_ start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

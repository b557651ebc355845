import Foundation
import Glibc
import HeraldSystemd
import HeraldTestSupport

/// Sets (or unsets) environment variables for the duration of `body`, then restores them. Only for tests in a
/// `.serialized` suite: the environment is process-wide.
func withEnvironment<T>(_ values: [String: String?], _ body: () throws -> T) rethrows -> T {
    var saved: [String: String?] = [:]
    for (name, value) in values {
        saved[name] = getenv(name).map { String(cString: $0) }
        if let value {
            setenv(name, value, 1)
        } else {
            unsetenv(name)
        }
    }
    defer {
        for (name, value) in saved {
            if let value {
                setenv(name, value, 1)
            } else {
                unsetenv(name)
            }
        }
    }
    return try body()
}

/// Collects values from `@Sendable` closures (log sinks) for inspection.
final class Collector<Value: Sendable>: @unchecked Sendable {
    // Unchecked: every access to `storage` holds `lock`.
    private let lock = NSLock()
    private var storage: [Value] = []

    var values: [Value] {
        lock.withLock { storage }
    }

    func append(_ value: Value) {
        lock.withLock { storage.append(value) }
    }
}

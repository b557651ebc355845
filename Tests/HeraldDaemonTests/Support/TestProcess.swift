import Foundation
import Glibc
import HeraldTestSupport
import Synchronization

/// Failures of the harness itself (spawning, waiting), with what the daemon said, so a failing test explains itself.
struct HarnessError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// One line of heraldd's stderr: `<N>message NAME=value NAME="quoted value" …` (JournalEntry.stderrLine).
struct LogLine: CustomStringConvertible {
    var raw: String
    var priority: Int?
    var message: String
    var fields: [String: String]

    var description: String { raw }
    var event: String? { fields["HERALD_EVENT"] }
    subscript(_ name: String) -> String? { fields[name] }

    init(_ raw: String) {
        self.raw = raw
        var rest = Substring(raw)
        if rest.hasPrefix("<"), let close = rest.firstIndex(of: ">"), let value = Int(rest[rest.index(after: rest.startIndex)..<close]) {
            priority = value
            rest = rest[rest.index(after: close)...]
        }
        // The message runs up to the first ` NAME=` where NAME is a journal field name.
        var messageEnd = rest.endIndex
        var index = rest.startIndex
        while index < rest.endIndex {
            if rest[index] == " ", Self.fieldStart(rest[rest.index(after: index)...]) != nil {
                messageEnd = index
                break
            }
            index = rest.index(after: index)
        }
        message = String(rest[..<messageEnd])
        fields = [:]
        var cursor = rest[messageEnd...]
        while cursor.first == " " {
            cursor = cursor.dropFirst()
            guard let nameEnd = Self.fieldStart(cursor) else { break }
            let name = String(cursor[..<nameEnd])
            cursor = cursor[cursor.index(after: nameEnd)...]
            var value = ""
            if cursor.first == "\"" {
                cursor = cursor.dropFirst()
                while let character = cursor.first {
                    cursor = cursor.dropFirst()
                    if character == "\"" { break }
                    if character == "\\", let escaped = cursor.first {
                        cursor = cursor.dropFirst()
                        switch escaped {
                        case "n": value.append("\n")
                        case "r": value.append("\r")
                        case "t": value.append("\t")
                        case "0": value.append("\0")
                        default: value.append(escaped)
                        }
                    } else {
                        value.append(character)
                    }
                }
            } else {
                let end = cursor.firstIndex(of: " ") ?? cursor.endIndex
                value = String(cursor[..<end])
                cursor = cursor[end...]
            }
            fields[name] = value
        }
    }

    /// The index of `=` when `text` starts with a journal field name followed by `=`.
    private static func fieldStart(_ text: Substring) -> Substring.Index? {
        var index = text.startIndex
        var sawLetter = false
        while index < text.endIndex {
            let character = text[index]
            if character == "=" { return sawLetter ? index : nil }
            guard character.isASCII, character.isUppercase || character.isNumber || character == "_" else { return nil }
            sawLetter = true
            index = text.index(after: index)
        }
        return nil
    }
}

/// A counting semaphore for async code: `acquire` suspends (never blocks a thread), `release` is synchronous.
final class AsyncSemaphore: Sendable {
    private let state: Mutex<(available: Int, waiters: [CheckedContinuation<Void, Never>])>

    init(_ count: Int) {
        state = Mutex((count, []))
    }

    func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.available > 0 {
                    state.available -= 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func release() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume()
    }
}

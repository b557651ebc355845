import Foundation

/// The idempotency keys of statuses whose last attempt had an unknown outcome, kept in a file so a restart still
/// knows (X's and LinkedIn's duplicate refusals mean "the earlier attempt went out" only after such an outcome).
/// Read once and rewritten whole: one per file in the process, inside an actor shared through ``StateRegistry``.
struct UnknownOutcomes: Sendable {
    private let file: URL?
    private var keys: Set<String> = []
    private var loaded = false

    init(file: URL?) {
        self.file = file
    }

    mutating func mark(_ key: String) {
        load()
        if keys.insert(key).inserted { save() }
    }

    mutating func clear(_ key: String) {
        load()
        if keys.remove(key) != nil { save() }
    }

    mutating func contains(_ key: String) -> Bool {
        load()
        return keys.contains(key)
    }

    private mutating func load() {
        guard !loaded else { return }
        loaded = true
        guard let file, let data = try? AtomicFile.read(file),
              let saved = try? JSONDecoder().decode([String].self, from: data)
        else { return }
        keys.formUnion(saved)
    }

    /// Best effort: without the file, the in-memory set still serves this process.
    private func save() {
        guard let file, let data = try? JSONEncoder().encode(keys.sorted()) else { return }
        try? AtomicFile.write(data, to: file)
    }
}

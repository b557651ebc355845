import Foundation
import HeraldCore

/// `[[notify]]`: where the events that need a person go (issue 15). Every key is checked here, so a webhook that
/// could never be signed or an event name that never happens is a config error with its line, not silence when
/// the first post fails.
extension ConfigBuilder {
    static let notifyKeys = ["name", "command", "webhook", "events", "accounts", "secret", "timeout"]

    func readNotify(_ top: TableReader, accounts: [Account]) throws(ConfigError) -> [NotifyTarget] {
        var targets: [NotifyTarget] = []
        var readers: [TableReader] = []
        for (index, fields) in try top.arrayOfTables("notify").enumerated() {
            var reader = top.child([.key("notify"), .index(index)], subject: "notify[\(index + 1)]", fields: fields)
            let name = try readName(&reader, kind: "notify", allowedKeys: Self.notifyKeys)
            if let first = targets.firstIndex(where: { $0.name == name }) {
                let problem = ConfigProblem.duplicateName(kind: "notify", name: name, firstLine: readers[first].line)
                throw reader.error(problem, key: "name")
            }
            var target = NotifyTarget(name: name, endpoint: try notifyEndpoint(reader))
            if let names = try reader.strings("events") {
                target.events = try notifyEvents(names, reader)
            }
            if let names = try reader.strings("accounts") {
                guard !names.isEmpty else { throw reader.error(.emptyValue(key: "accounts"), key: "accounts") }
                for (index, name) in names.enumerated() where !accounts.contains(where: { $0.name == name }) {
                    throw reader.error(.unknownAccount(key: "accounts", name: name),
                                       at: [.key("accounts"), .index(index)])
                }
                target.accounts = Set(names)
            }
            target.secret = try reader.nonEmptyString("secret")
            switch target.endpoint {
            case .webhook:
                // Fail closed: an unsigned webhook would let anyone who finds the URL forge Herald's events.
                guard target.secret != nil else {
                    throw reader.error(.invalidValue(
                        key: "secret", reason: "a webhook needs a secret to sign its deliveries with (a systemd "
                            + "credential name or an absolute path to a file readable by the daemon alone)"),
                        key: "webhook")
                }
            case .command:
                if target.secret != nil {
                    throw reader.error(.invalidValue(key: "secret", reason: "applies only to webhooks"),
                                       key: "secret")
                }
            }
            if let timeout = try reader.duration("timeout", allowZero: false) { target.timeout = timeout }
            targets.append(target)
            readers.append(reader)
        }
        return targets
    }

    /// `command` or `webhook`, exactly one of them.
    private func notifyEndpoint(_ reader: TableReader) throws(ConfigError) -> NotifyTarget.Endpoint {
        let command = try reader.strings("command")
        let webhook = try reader.nonEmptyString("webhook")
        switch (command, webhook) {
        case (nil, nil):
            throw reader.error(.invalidValue(
                key: "command", reason: "give command = [\"/path/to/program\", …] or webhook = \"https://…\""))
        case (.some, .some):
            throw reader.error(.invalidValue(key: "webhook", reason: "give command or webhook, not both"),
                               key: "webhook")
        case let (command?, nil):
            guard let program = command.first, !program.isEmpty else {
                throw reader.error(.invalidValue(key: "command", reason: "must name a program"), key: "command")
            }
            return .command(command)
        case let (nil, url?):
            guard Self.isValidHTTPURL(url) else {
                throw reader.error(.badURL(key: "webhook", value: url), key: "webhook")
            }
            guard url.lowercased().hasPrefix("https:") || Self.isLoopbackURL(url) else {
                throw reader.error(.invalidValue(
                    key: "webhook", reason: "must be https (plain http only to a loopback address), not \"\(url)\""),
                    key: "webhook")
            }
            return .webhook(url)
        }
    }

    private func notifyEvents(_ names: [String], _ reader: TableReader) throws(ConfigError) -> Set<NotifyEvent> {
        guard !names.isEmpty else { throw reader.error(.emptyValue(key: "events"), key: "events") }
        var events: Set<NotifyEvent> = []
        for (index, name) in names.enumerated() {
            guard let event = NotifyEvent(rawValue: name) else {
                let known = NotifyEvent.allCases.map(\.rawValue)
                var reason = "unknown event \"\(name)\""
                if let near = TableReader.suggestion(for: name, among: known) {
                    reason += " (did you mean \"\(near)\"?)"
                }
                reason += "; expected " + known.joined(separator: ", ")
                throw reader.error(.invalidValue(key: "events", reason: reason), at: [.key("events"), .index(index)])
            }
            events.insert(event)
        }
        return events
    }

    /// Whether `url`'s host is a loopback address (`localhost`, `127.0.0.0/8`, `::1`): plain http never leaves the
    /// machine there, which is what tests and a local relay need.
    static func isLoopbackURL(_ url: String) -> Bool {
        guard let host = URL(string: url)?.host?.lowercased() else { return false }
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if bare == "localhost" || bare == "::1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.first == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}

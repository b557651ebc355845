import Foundation

/// Checks a parsed post file against the configuration at a given moment: which accounts it goes to, whether its
/// times make sense, whether each part fits each account's network. Pure: `now` is passed in.
public enum PostValidator {
    /// Every problem with `file` under `config` at `now`, and on success one target per account.
    ///
    /// Times are resolved per account because a local time without a zone is in each account's own zone; an
    /// error about such a time names the account, and identical errors from several accounts are reported once.
    /// An `At:` (or `Not-After:`) late by less than `max_lateness` is accepted: the daemon publishes such a post as
    /// if on time (DESIGN, `max_lateness`), so refusing it here would drop posts the scheduler would have sent.
    public static func validate(_ file: PostFile, config: HeraldConfiguration, now: Date) -> PostValidation {
        var errors: [PostFileError] = []
        let accountLine = file.line(of: .account)

        var names = file.accounts
        if names.isEmpty {
            if let defaultAccount = config.daemon.defaultAccount {
                names = [defaultAccount]
            } else {
                errors.append(.noAccount)
            }
        }
        var accounts: [Account] = []
        for name in names {
            if let account = config.account(named: name) {
                accounts.append(account)
            } else {
                errors.append(.unknownAccount(name: name, line: file.accounts.isEmpty ? nil : accountLine))
            }
        }

        var targets: [PostTarget] = []
        var measurements: [PartMeasurement] = []
        for account in accounts {
            let target = PostTarget(
                account: account,
                at: file.at?.resolve(now: now, zone: account.timeZone),
                notBefore: file.notBefore?.resolve(now: now, zone: account.timeZone),
                notAfter: file.notAfter?.resolve(now: now, zone: account.timeZone),
                language: file.language ?? account.language
            )
            errors += timeErrors(target, file: file, maxLateness: config.daemon.maxLateness, now: now)

            let network = account.lengthRules
            for (index, part) in file.parts.enumerated() {
                // Mastodon counts the content warning with the text (every part carries it); others ignore it.
                // On LinkedIn a reply (`In-Reply-To:`) is a comment from its first part on: measured as a later part.
                let measured = TextLength.measurement(
                    of: part.text, network: network, mastodon: account.mastodon,
                    contentWarning: file.contentWarning ?? "", part: file.inReplyTo == nil ? index : index + 1)
                let measurement = PartMeasurement(
                    account: account.name, network: network, part: index, line: part.line,
                    length: measured.length, limit: measured.limit, problem: measured.problem
                )
                measurements.append(measurement)
                switch measured.problem {
                case nil:
                    break
                case .tooLong:
                    errors.append(.partTooLong(
                        part: index, partCount: file.parts.count, line: part.line, length: measured.length,
                        limit: measured.limit, account: account.name, network: network
                    ))
                case let problem?:
                    errors.append(.partRefused(
                        part: index, partCount: file.parts.count, line: part.line, account: account.name,
                        network: network, problem: problem
                    ))
                }
            }
            errors += mediaErrors(file, account: account)
            targets.append(target)
        }

        var warnings = file.media.filter { $0.alt == nil }
            .map { PostWarning.missingAltText(path: $0.path, line: $0.line) }
        if let line = file.line(of: .contentWarning) {
            warnings += accounts.filter { $0.network.isRealNetwork && $0.network != .mastodon }
                .map { PostWarning.contentWarningNotSent(account: $0.name, network: $0.network, line: line) }
        }
        let ordered = ordered(unique(errors))
        return PostValidation(
            errors: ordered, targets: ordered.isEmpty ? targets : [], measurements: measurements, warnings: warnings)
    }

    /// `Media:` against one account: how many its network takes, and whether each path (as written; the shell
    /// also checks it with symlinks resolved) is under the account's `media_dirs`.
    private static func mediaErrors(_ file: PostFile, account: Account) -> [PostFileError] {
        guard let first = file.media.first else { return [] }
        var errors: [PostFileError] = []
        let limit = PostMedia.limit(for: account.lengthRules)
        if file.media.count > limit {
            errors.append(.tooManyMedia(
                count: file.media.count, limit: limit, line: first.line, account: account.name,
                network: account.lengthRules))
        }
        if account.network == .threads && account.mediaBaseURL == nil {
            errors.append(.mediaNeedsPublicURL(line: first.line, account: account.name))
        }
        for item in file.media where !PostMedia.isLexicallyUnder(item.path, anyOf: account.mediaDirectories) {
            errors.append(.mediaNotAllowed(path: item.path, line: item.line, account: account.name, resolved: nil))
        }
        return errors
    }

    /// A reversed window and times too far in the past, for one target.
    private static func timeErrors(
        _ target: PostTarget, file: PostFile, maxLateness: TimeInterval, now: Date
    ) -> [PostFileError] {
        var errors: [PostFileError] = []
        // Name the account only when its zone was used to read a time, so the message explains the instant.
        func account(for specs: TimeSpec?...) -> String? {
            specs.contains { $0?.usesDefaultZone == true } ? target.account.name : nil
        }
        if let notBefore = target.notBefore, let notAfter = target.notAfter, notAfter <= notBefore,
           let line = file.line(of: .notAfter) {
            errors.append(.windowReversed(
                notBefore: notBefore, notAfter: notAfter, line: line,
                account: account(for: file.notBefore, file.notAfter)
            ))
        }
        for (header, time, spec) in [(PostHeader.at, target.at, file.at), (.notAfter, target.notAfter, file.notAfter)] {
            guard let time, let line = file.line(of: header) else { continue }
            guard Lateness.isLate(time, now: now, maxLateness: maxLateness) else { continue }
            errors.append(.tooLate(
                header: header, line: line, time: time, now: now, maxLateness: maxLateness, account: account(for: spec)
            ))
        }
        return errors
    }

    private static func unique(_ errors: [PostFileError]) -> [PostFileError] {
        var result: [PostFileError] = []
        for error in errors where !result.contains(error) { result.append(error) }
        return result
    }

    /// File-wide errors first, then by line; the order found is kept among equals.
    private static func ordered(_ errors: [PostFileError]) -> [PostFileError] {
        errors.enumerated()
            .sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }
            .map(\.element)
    }
}

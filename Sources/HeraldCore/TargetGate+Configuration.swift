import Foundation

extension TargetGate {
    /// The gate as heraldd runs it at accept, for `file`'s validated `targets` under `config`: each account's
    /// verdict from `engine`, passed through `amend` (the daemon adds the submitter rule, which needs the spool
    /// file's owner), with `config`'s accounts and support accounts. `herald check` and `herald plan` call this
    /// very function, so they judge a post exactly as the daemon will.
    public static func apply(
        _ file: PostFile, targets: [PostTarget], config: HeraldConfiguration, engine: PolicyEngine, now: Date,
        amend: (Account, PolicyVerdict) -> PolicyVerdict = { $1 }
    ) -> [GatedTarget] {
        let supportAccounts = Set(config.accounts.compactMap(\.supportAccount))
        let gated = apply(targets, account: config.account(named:), supportAccounts: supportAccounts) { account in
            amend(account, engine.evaluate(file, account: account, now: now))
        }
        guard let reason = file.hold else { return gated }
        // `Hold:` asks for an approver where the rules let the post go; a rule's own hold or rejection stands.
        return gated.map { target in
            guard case .go = target.outcome else { return target }
            var held = target
            held.outcome = .hold("Hold: \(reason)")
            return held
        }
    }
}

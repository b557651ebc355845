import Foundation
import HeraldCore

extension CheckReport {
    /// One policy rule hit in `herald check --json`'s `"policy"` array.
    struct PolicyEntry: Encodable {
        var account: String
        var rule: String
        var action: String
        var matched: String
        var line: Int?
        var column: Int?
        var message: String
    }

    /// Runs the policy gate for each account the file goes to (its `Account:` list, or the default account, and
    /// the support account a support post moves to) and adds every hit: to `policy`, and as an error (reject) or a
    /// warning (hold, warn) so that consumers reading only errors and warnings see them too. A reject hit makes the
    /// file not ok.
    mutating func addPolicy(of file: PostFile, config: HeraldConfiguration, now: Date) {
        var names = file.accounts.isEmpty ? [config.daemon.defaultAccount].compactMap { $0 } : file.accounts
        let engine = PolicyEngine(policy: config.policy)
        var index = 0
        while index < names.count {
            defer { index += 1 }
            guard let account = config.account(named: names[index]) else { continue }
            let verdict = engine.evaluate(file, account: account, now: now)
            // A support post moved to the support account is checked there too, as the daemon does.
            if let support = verdict.moveTo, !names.contains(support) { names.append(support) }
            for hit in verdict.hits {
                policy.append(PolicyEntry(
                    account: hit.account, rule: hit.rule.rawValue, action: hit.action.rawValue, matched: hit.matched,
                    line: hit.line, column: hit.column, message: hit.message
                ))
                let position = hit.column.map { "column \($0): " } ?? ""
                let text = "policy \(hit.rule.rawValue) (\(hit.action.rawValue), account \(hit.account)): "
                    + position + hit.message
                if hit.action == .reject {
                    errors.append(Message(line: hit.line, message: text))
                    ok = false
                } else {
                    warnings.append(Message(line: hit.line, message: text))
                }
            }
        }
    }
}

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

    /// Runs the policy gate exactly as the daemon does at accept (``TargetGate``: each target's verdict, support
    /// posts moved to the support account and judged there, embargoes) and adds every hit: to `policy`, and as an
    /// error when it refuses a target (a reject hit on the account the target ends on) or else as a warning (hold,
    /// warn, and the hits of an account a support post moved away from, which the daemon only logs), so consumers
    /// reading only errors and warnings see them too. A refused target makes the file not ok. The submitter rule
    /// needs the spool file's owner and is the daemon's alone.
    mutating func addPolicy(
        of file: PostFile, targets: [PostTarget], config: HeraldConfiguration, now: Date, engine: PolicyEngine
    ) {
        let gated = TargetGate.apply(file, targets: targets, config: config, engine: engine, now: now)
        for target in gated {
            let refused: Bool
            if case .reject = target.outcome { refused = true } else { refused = false }
            for hit in target.hits {
                policy.append(PolicyEntry(
                    account: hit.account, rule: hit.rule.rawValue, action: hit.action.rawValue, matched: hit.matched,
                    line: hit.line, column: hit.column, message: hit.message
                ))
                let position = hit.column.map { "column \($0): " } ?? ""
                var text = "policy \(hit.rule.rawValue) (\(hit.action.rawValue), account \(hit.account)): "
                    + position + hit.message
                if refused && hit.action == .reject && hit.account == target.account {
                    errors.append(Message(line: hit.line, message: text))
                    ok = false
                } else {
                    if hit.account != target.account, let moved = target.movedFrom, moved == hit.account {
                        text += " (not applied: the post moves to \(target.account))"
                    }
                    warnings.append(Message(line: hit.line, message: text))
                }
            }
            // `Hold:` holds without a rule hit: say so too, or the file would look as if it went straight out.
            if let reason = target.hold, !target.hits.contains(where: { $0.action == .hold }) {
                warnings.append(Message(line: file.line(of: .hold),
                                        message: "held for an approver on \(target.account): \(reason)"))
            }
        }
    }
}

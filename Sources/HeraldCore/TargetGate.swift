import Foundation

/// Applies policy verdicts to a post's targets, without I/O: the daemon hands it the validated targets and a
/// way to get each account's verdict (`PolicyEngine.evaluate` plus the submitter check), and carries out what it
/// returns.
///
/// - `reject` refuses the target on that account; `hold` holds it for an approver; `warn` lets it go.
/// - An embargo (`notBefore`) moves an explicit `At:` to the embargo's end, or starts the window there.
/// - Rule 5 (`moveTo`) moves the target to the support account, which is evaluated in its turn; when the post
///   already goes to that account, the moved target is dropped rather than published twice (its hits are kept on
///   the target that remains, so nothing is lost from the log).
/// - An account that is some account's `support_account` is where support posts belong: rule 5's hits there are
///   dropped (the engine sees one account at a time and would refuse a support post on a brand support account).
public enum TargetGate {
    public static func apply(
        _ targets: [PostTarget], account: (String) -> Account?, supportAccounts: Set<String> = [],
        verdict: (Account) -> PolicyVerdict
    ) -> [GatedTarget] {
        func judged(_ account: Account) -> PolicyVerdict {
            let verdict = verdict(account)
            guard supportAccounts.contains(account.name) else { return verdict }
            return PolicyVerdict(hits: verdict.hits.filter { $0.rule != .support }, notBefore: verdict.notBefore,
                                 moveTo: nil)
        }
        var gated: [GatedTarget] = []
        var pending: [(GatedTarget, [PolicyHit])] = []
        for target in targets {
            var first = judged(target.account)
            var current = target.account
            var movedFrom: String?
            var carried: [PolicyHit] = []
            if let support = first.moveTo, support != target.account.name, let moved = account(support) {
                carried = first.hits
                movedFrom = target.account.name
                current = moved
                first = judged(moved)
            }
            let hits = carried + first.hits
            var at = target.at
            var notBefore = target.notBefore
            if let embargo = first.notBefore {
                if let explicit = at {
                    at = max(explicit, embargo)
                } else {
                    notBefore = max(notBefore ?? embargo, embargo)
                }
            }
            let outcome: GatedTarget.Outcome =
                switch first.action {
                case .reject: .reject(reason(first.hits, .reject))
                case .hold: .hold(reason(first.hits, .hold))
                case .warn, nil: .go
                }
            var placed = target
            placed.account = current
            placed.at = at
            placed.notBefore = notBefore
            let item = GatedTarget(placed, outcome: outcome, movedFrom: movedFrom, hits: hits)
            pending.append((item, hits))
        }
        // A moved target whose account the post already names is a duplicate: keep the other, merge the hits.
        for (item, hits) in pending {
            if let index = gated.firstIndex(where: { $0.account == item.account }) {
                gated[index].hits += hits.filter { !gated[index].hits.contains($0) }
                if gated[index].movedFrom == nil { gated[index].movedFrom = item.movedFrom }
                continue
            }
            gated.append(item)
        }
        return gated
    }

    /// `profanity "f**k" (en: fuck); voice "I"` — the hits that carry `action`.
    static func reason(_ hits: [PolicyHit], _ action: PolicyAction) -> String {
        hits.filter { $0.action == action }.map { "\($0.rule.rawValue): \($0.message)" }.joined(separator: "; ")
    }

    /// One line per hit for a `.error` file: `line 4:12: profanity (brand): "f**king": <message>`.
    public static func errorLine(_ hit: PolicyHit) -> String {
        let place =
            switch (hit.line, hit.column) {
            case let (line?, column?): "line \(line):\(column): "
            case let (line?, nil): "line \(line): "
            default: ""
            }
        let rule = "\(hit.rule.rawValue) (\(hit.account), \(hit.action.rawValue))"
        return "\(place)\(rule): \"\(hit.matched)\": \(hit.message)"
    }
}

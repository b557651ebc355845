import Foundation
import HeraldCore
import HeraldEvents
import HeraldStore
import Logging

extension SpoolIntake {
    /// The policy gate for one valid file: each target's verdict (the rules, plus rule 6 against the spool file's
    /// owner as the kernel reported it — never a header), applied by `TargetGate`.
    func gate(
        _ file: PostFile, targets: [PostTarget], ownerUID: UInt32, config: HeraldConfiguration, now: Date
    ) -> [GatedTarget] {
        let engine = policyEngine(config.policy)
        // Resolved only for accounts that restrict submitters (a user database lookup per file otherwise).
        var resolved: Principal?
        return TargetGate.apply(file, targets: targets, config: config, engine: engine, now: now) { account, verdict in
            guard account.submitters != nil else { return verdict }
            let owner = resolved ?? UserDirectory.principal(uid: ownerUID)
            resolved = owner
            guard let hit = engine.checkSubmitter(user: owner.user, groups: owner.groups, account: account) else {
                return verdict
            }
            return PolicyVerdict(hits: verdict.hits + [hit], notBefore: verdict.notBefore, moveTo: verdict.moveTo)
        }
    }

    /// One `policy` entry per rule hit, with `HERALD_RULE`, and one per target moved to a support account.
    func logPolicy(_ gated: [GatedTarget], postID: String, file: String) {
        for target in gated {
            if let from = target.movedFrom {
                events.post(.policy, "post moved to the support account", postID: postID, account: target.account,
                            level: .notice, extra: [
                                "HERALD_RULE": "support", "HERALD_MOVED_FROM": "\(from)",
                                "HERALD_MOVED_TO": "\(target.account)", "HERALD_FILE": "\(file)",
                            ])
            }
        }
        logPolicy(gated.flatMap(\.hits), postID: postID, file: file)
    }

    func logPolicy(_ hits: [PolicyHit], postID: String, file: String) {
        for hit in hits {
            var extra: [String: Logger.MetadataValue] = [
                "HERALD_RULE": "\(hit.rule.rawValue)", "HERALD_ACTION": "\(hit.action.rawValue)",
                "HERALD_MATCHED": "\(hit.matched)", "HERALD_PART": "\(hit.part)", "HERALD_FILE": "\(file)",
                "HERALD_REASON": "\(hit.message)",
            ]
            if let line = hit.line { extra["HERALD_LINE"] = "\(line)" }
            if let column = hit.column { extra["HERALD_COLUMN"] = "\(column)" }
            events.post(.policy, "policy rule hit", postID: postID, account: hit.account,
                        level: hit.action == .warn ? .notice : .warning, extra: extra)
        }
    }

    /// The engine for `configuration`, built once and reused until a reload changes `[policy]`.
    private func policyEngine(_ configuration: PolicyConfiguration) -> PolicyEngine {
        if let cached = policyCache, cached.configuration == configuration { return cached.engine }
        let engine = PolicyEngine(policy: configuration)
        policyCache = (configuration, engine)
        return engine
    }
}

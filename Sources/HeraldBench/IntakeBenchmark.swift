import Foundation
import HeraldCore
import HeraldStore

/// Loading the planner benchmark's 10,000 posts through the store (issue 12), two ways, on real SQLite files:
/// - **inline**: accepted 100 at a time, every batch re-planning the accounts it touches in its own transaction
///   (what heraldd did for every batch before, and still does while that is cheap);
/// - **deferred**: the same batches accepted provisional, then each account settled once (what heraldd does under
///   load, see `PlanPacer`).
/// Both queues' total reach is compared with the one-shot plan of all the posts: deferring must not cost reach.
/// All posts arrive at the instance's `now` (a burst), with the instance's windows.
public enum IntakeBenchmark {
    public struct Report: Sendable, CustomStringConvertible {
        public var posts: Int
        public var accounts: Int
        public var batch: Int
        public var inline: Duration
        public var deferredAccept: Duration
        public var deferredSettle: Duration
        public var reachInline: Double
        public var reachDeferred: Double
        public var reachPlan: Double

        public var description: String {
            func seconds(_ duration: Duration) -> String {
                String(format: "%.2f s", Double(duration.components.seconds)
                    + Double(duration.components.attoseconds) / 1e18)
            }
            func versus(_ reach: Double) -> String { String(format: "%+.3f%%", (reach / reachPlan - 1) * 100) }
            return """
                intake benchmark: \(posts) posts, \(accounts) accounts, batches of \(batch), store on disk
                  inline (re-plan every batch):  \(seconds(inline)), reach \(String(format: "%.1f", reachInline)) \
                (\(versus(reachInline)) vs. the one-shot plan)
                  deferred (settle each account once): accept \(seconds(deferredAccept)) + settle \
                \(seconds(deferredSettle)), reach \(String(format: "%.1f", reachDeferred)) \
                (\(versus(reachDeferred)) vs. the one-shot plan)
                """
        }
    }

    public static func run<C: Clock>(
        clock: C, directory: String, instance: PlannerBenchmark.Instance = PlannerBenchmark.instance(),
        batch: Int = 100
    ) throws -> Report where C.Duration == Duration {
        let context = PlanningContext(planner: Planner(horizon: instance.horizon, freeze: 0),
                                      accounts: instance.accounts)
        let byName = Dictionary(uniqueKeysWithValues: instance.accounts.map { ($0.account.name, $0) })
        // Arrival order: the order a spool would see them in.
        let order = instance.requests.indices.sorted { instance.arrivals[$0] < instance.arrivals[$1] }
        let posts = order.map { index -> NewPost in
            let request = instance.requests[index]
            let target = PostTarget(account: byName[request.account]!.account, notBefore: request.notBefore,
                                    notAfter: request.notAfter, language: "en")
            return NewPost(
                id: request.postID, submitterID: nil, fileName: request.postID + ".post",
                spoolKey: request.postID, ownerUID: 0, content: Array(request.postID.utf8), author: nil,
                kind: .post, language: "en", inReplyTo: nil, parts: [request.postID],
                targets: [GatedTarget(target)]
            )
        }
        let batches = stride(from: 0, to: posts.count, by: batch).map {
            Array(posts[$0..<min($0 + batch, posts.count)])
        }

        let inlineStore = try AppDatabase(path: directory + "/inline.sqlite")
        let inline = try clock.measure {
            for chunk in batches {
                _ = try inlineStore.acceptAll(chunk, now: instance.now, planning: context) { _, _ in nil }
            }
        }
        let deferredStore = try AppDatabase(path: directory + "/deferred.sqlite")
        var marked: [String] = []
        let deferredAccept = try clock.measure {
            for chunk in batches {
                let result = try deferredStore.acceptAll(chunk, now: instance.now, planning: context,
                                                         deferPlanning: true) { _, _ in nil }
                marked += result.deferred.sorted().filter { !marked.contains($0) }
            }
        }
        let deferredSettle = try clock.measure {
            for account in marked { _ = try deferredStore.settle(context, accounts: [account], now: instance.now) }
        }
        let plan = context.planner.plan(posts: instance.requests, accounts: instance.accounts, fixed: [],
                                        now: instance.now)
        func reach(_ store: AppDatabase) throws -> Double {
            try store.queue().reduce(0) { $0 + (byName[$1.account]?.reachModel.reach(at: $1.scheduledAt) ?? 0) }
        }
        return Report(
            posts: posts.count, accounts: instance.accounts.count, batch: batch, inline: inline,
            deferredAccept: deferredAccept, deferredSettle: deferredSettle, reachInline: try reach(inlineStore),
            reachDeferred: try reach(deferredStore), reachPlan: plan.reduce(0) { $0 + ($1.reach ?? 0) }
        )
    }
}

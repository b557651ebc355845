import Foundation
import HeraldCore
import HeraldStore

/// Fills a state database with queued posts for the scale benchmarks (`herald-bench fill`, which `make bench`
/// runs before starting heraldd on a large queue): committing 1,000,000 posts through the spool takes minutes,
/// through the store's own `acceptAll` (the transaction the daemon's intake runs) some seconds.
///
/// Posts go round-robin to `accounts`, each with an explicit time spread evenly from `start` over `spread`
/// seconds (so nothing is planned or due while the benchmark runs), committed `batch` at a time.
public enum QueueFill {
    public static func fill(
        _ database: AppDatabase, accounts: [Account], posts: Int, start: Date, spread: TimeInterval,
        now: Date, batch: Int = 10_000
    ) throws(StoreError) {
        guard !accounts.isEmpty, posts > 0 else { return }
        var first = 0
        while first < posts {
            let last = min(posts, first + batch)
            let chunk = (first..<last).map { index in
                let account = accounts[index % accounts.count]
                let at = start.addingTimeInterval(spread * Double(index) / Double(posts))
                let text = "queued post \(index) for \(account.name)"
                return NewPost(
                    id: String(format: "fill%010d", index), submitterID: nil, fileName: "fill\(index).post",
                    spoolKey: "fill:\(index)", ownerUID: 0, content: Array(text.utf8), author: nil, kind: .post,
                    language: account.language, inReplyTo: nil, parts: [text],
                    targets: [GatedTarget(PostTarget(account: account, at: at, language: account.language))]
                )
            }
            _ = try database.acceptAll(chunk, now: now) { _, _ in nil }
            first = last
        }
    }
}

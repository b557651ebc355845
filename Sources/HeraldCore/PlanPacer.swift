/// When the daemon re-plans the planned accounts whose waiting posts changed (issue 12).
///
/// Re-planning an account costs time in proportion to its waiting posts: the planner's programme runs over the
/// whole window. Re-planning every touched account at every batch of a burst made intake slow down as 1/N of the
/// queue. The pacer keeps the plan the planner's (nothing is approximated) and moves only *when* it is computed:
/// - A batch is planned **inline**, in the transaction that accepts it (a file the planner has no room for is
///   rejected from `incoming/` at once), when the accounts it touches cost little to re-plan (their last measured
///   costs add up to at most ``inlineBudget``) and the planner has time in hand. That is every batch of an
///   ordinary queue.
/// - Otherwise the batch's posts wait at a provisional instant (the end of their window: never early) and their
///   accounts are **marked**. The daemon settles marked accounts one at a time, the longest-marked first.
///
/// The planner's time is a budget: it earns a quarter of the time that passes while it is not working (up to
/// ``inlineBudget`` in hand) and spends what each re-plan takes. While files arrive it only starts with time in
/// hand, so over any stretch of a burst it takes at most a fifth of the time plus one account's re-plan, and
/// intake the rest, however long the queue. With the spool quiet, marked accounts are settled back to back. (Every
/// settle during a burst is overtaken by the next files anyway; only the one after the burst is final, so the
/// share is kept small: intake first, the plan right after.)
///
/// Durations and instants come in as values (the daemon reads a monotonic clock), so tests drive it by hand.
public struct PlanPacer: Sendable, Equatable {
    /// What the daemon should do next about marked accounts.
    public enum Next: Sendable, Equatable {
        /// Nothing is marked.
        case idle
        /// Settle this account now.
        case settle(String)
        /// Marked accounts wait: files are arriving and the planner has spent its time until then.
        case rest(until: ContinuousClock.Instant)
    }

    /// The most a batch's re-plan may be expected to take inline, and the most time the planner holds in hand.
    public var inlineBudget: Duration
    /// Defer every batch, however cheap (the load path on demand, for tests).
    public var defersAll = false
    /// Marked accounts, the longest-marked first.
    public private(set) var marked: [String] = []
    private var isMarked: Set<String> = []
    /// The planner's time in hand at ``earnedAt`` (negative: overspent).
    public private(set) var balance: Duration
    private var earnedAt: ContinuousClock.Instant?
    /// What re-planning each account took last time.
    private var cost: [String: Duration] = [:]

    public init(inlineBudget: Duration = .milliseconds(20)) {
        self.inlineBudget = inlineBudget
        balance = inlineBudget
    }

    /// How much of the time that passes the planner earns: a quarter.
    static let earning = 4

    /// The time in hand at `now`: a quarter of what passed since it was last counted is earned, up to the budget.
    public func balance(at now: ContinuousClock.Instant) -> Duration {
        guard let earnedAt, now > earnedAt else { return balance }
        return min(inlineBudget, balance + (now - earnedAt) / Self.earning)
    }

    /// Whether a batch touching `accounts` may be planned inline at `now`: no account of it waits to be settled
    /// (its provisional posts would turn the inline re-plan into a settle), their last costs fit the budget and the
    /// time in hand. An account never measured costs nothing yet: a new account has no queue.
    public func plansInline(_ accounts: Set<String>, at now: ContinuousClock.Instant) -> Bool {
        if defersAll || accounts.contains(where: isMarked.contains) { return false }
        let expected = accounts.reduce(Duration.zero) { $0 + (cost[$1] ?? .zero) }
        return expected <= inlineBudget && expected <= balance(at: now)
    }

    /// Marks accounts to be settled (already marked ones keep their place).
    public mutating func mark(_ accounts: some Sequence<String>) {
        for account in accounts where isMarked.insert(account).inserted { marked.append(account) }
    }

    /// The next thing to do at `now`; `arriving` says whether files are waiting to be read.
    public func next(at now: ContinuousClock.Instant, arriving: Bool) -> Next {
        guard let first = marked.first else { return .idle }
        let inHand = balance(at: now)
        if arriving, inHand < .zero { return .rest(until: now + (Duration.zero - inHand) * Self.earning) }
        return .settle(first)
    }

    /// Records that re-planning `accounts` (inline or settled) ran from `start` to `end`: they are no longer
    /// marked, each is remembered to cost its share, and the time is spent.
    public mutating func planned(
        _ accounts: Set<String>, from start: ContinuousClock.Instant, to end: ContinuousClock.Instant
    ) {
        let took = end - start
        balance = balance(at: start) - took
        earnedAt = end
        guard !accounts.isEmpty else { return }
        for account in accounts { cost[account] = took / accounts.count }
        marked.removeAll(where: accounts.contains)
        isMarked.subtract(accounts)
    }

    /// Forgets accounts no longer configured.
    public mutating func keep(only accounts: Set<String>) {
        marked.removeAll { !accounts.contains($0) }
        isMarked.formIntersection(accounts)
        cost = cost.filter { accounts.contains($0.key) }
    }
}

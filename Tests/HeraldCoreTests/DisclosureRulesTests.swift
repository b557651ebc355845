import Foundation
import Testing

@testable import HeraldCore

@Suite("Delegated sessions: the pure rules")
struct DisclosureRulesTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func session(every: Int = 10, delegates: [String] = ["team"], hashtag: String = "#team") -> Session {
        Session(name: "show", account: "ceo", start: start, end: start.addingTimeInterval(3600),
                delegates: delegates, announce: "hello", reminder: "reminder", every: every, hashtag: hashtag)
    }

    @Test("positions N, 2N, 3N … are reminders, nothing else", arguments: [2, 3, 10])
    func reminderPositions(every: Int) {
        for position in 1...(every * 5) {
            #expect(DisclosureRules.isReminderPosition(position, every: every) == (position % every == 0))
            #expect(DisclosureRules.nextIsReminder(published: position - 1, every: every) == (position % every == 0))
        }
        #expect(!DisclosureRules.isReminderPosition(0, every: every))
    }

    @Test("the next reminder position follows the published count")
    func nextReminderPosition() {
        #expect(DisclosureRules.nextReminderPosition(published: 0, every: 10) == 10)
        #expect(DisclosureRules.nextReminderPosition(published: 9, every: 10) == 10)
        #expect(DisclosureRules.nextReminderPosition(published: 10, every: 10) == 20)
        #expect(DisclosureRules.nextReminderPosition(published: 19, every: 10) == 20)
    }

    @Test("session state: upcoming before start, active in [start, end), ended from end")
    func states() {
        let session = Self.session()
        #expect(session.state(at: Self.start.addingTimeInterval(-1)) == .upcoming)
        #expect(session.state(at: Self.start) == .active)
        #expect(session.state(at: session.end.addingTimeInterval(-1)) == .active)
        #expect(session.state(at: session.end) == .ended)
        #expect(session.announcementTime == Self.start)
    }

    @Test("only delegates' posts are tagged; the owner's and anonymous posts never are")
    func onlyDelegates() {
        let session = Self.session()
        let team = DisclosureRules.tag("hello", author: "team", session: session, network: .x)
        #expect(team.text == "hello #team")
        #expect(team.decision == .added)
        for author in ["Brian", "teams", nil] as [String?] {
            let other = DisclosureRules.tag("hello", author: author, session: session, network: .x)
            #expect(other.text == "hello")
            #expect(other.decision == nil)
        }
    }

    /// ` #team` is 6 characters: a 274-character post just fits in X's 280, a 275-character one does not.
    @Test("#team is appended exactly when the result fits (279, 280, 281 around X's limit)")
    func tagWhenItFits() {
        let session = Self.session()
        for (length, fits) in [(273, true), (274, true), (275, false), (280, false)] {
            let text = String(repeating: "a", count: length)
            let result = DisclosureRules.tag(text, author: "team", session: session, network: .x)
            #expect(result.decision == (fits ? .added : .dropped), "\(length)")
            #expect(result.text == (fits ? text + " #team" : text), "\(length)")
        }
        #expect(DisclosureRules.fits(String(repeating: "a", count: 279), network: .x))
        #expect(DisclosureRules.fits(String(repeating: "a", count: 280), network: .x))
        #expect(!DisclosureRules.fits(String(repeating: "a", count: 281), network: .x))
        // Other networks, other limits.
        let mastodon = String(repeating: "a", count: 494)
        #expect(DisclosureRules.tag(mastodon, author: "team", session: session, network: .mastodon).decision == .added)
        let bluesky = String(repeating: "a", count: 295)
        #expect(DisclosureRules.tag(bluesky, author: "team", session: session, network: .bluesky).decision == .dropped)
    }

    /// The tag needs 6 weighted characters on X: a text of weighted length 274 takes it (280), 275 does not (281).
    /// CJK characters and emoji weigh 2 and every URL 23, so the same boundary is reached with far fewer characters.
    @Test("#team with exact X counting: CJK, emoji and URLs at 279/280/281 weighted characters after the tag")
    func tagWithExactCounting() {
        let session = Self.session()
        let url = "https://example.com/a/very/long/path/that/still/counts/as/twenty-three"
        let cases: [(String, Int)] = [
            (String(repeating: "漢", count: 136) + "a", 273),  // 279 with the tag
            (String(repeating: "漢", count: 137), 274),  // 280 with the tag
            (String(repeating: "漢", count: 137) + "a", 275),  // 281 with the tag
            (String(repeating: "👍🏽", count: 137), 274),
            (String(repeating: "👍🏽", count: 137) + "!", 275),
            (url + " " + String(repeating: "b", count: 250), 274),  // 23 + 1 + 250
            (url + " " + String(repeating: "b", count: 251), 275),
        ]
        for (text, weighted) in cases {
            #expect(TextLength.measure(text, network: .x) == weighted, "\(text.prefix(12))…")
            let result = DisclosureRules.tag(text, author: "team", session: session, network: .x)
            let fits = weighted + 6 <= 280
            #expect(result.decision == (fits ? .added : .dropped), "\(weighted)")
            #expect(result.text == (fits ? text + " #team" : text))
        }
    }

    @Test("disclosure post ids are deterministic")
    func ids() {
        let session = Self.session()
        #expect(session.disclosurePostID(.announcement) == "s-show-a")
        #expect(session.disclosurePostID(.reminder, position: 20) == "s-show-r20")
        #expect(session.disclosurePostID(.closing) == "s-show-c")
    }

    @Test("half-open spans: back-to-back sessions do not overlap")
    func overlap() {
        let a = Self.session()
        var b = a
        b.start = a.end
        b.end = a.end.addingTimeInterval(60)
        #expect(!a.overlaps(b))
        b.start = a.end.addingTimeInterval(-1)
        #expect(a.overlaps(b) && b.overlaps(a))
    }

    /// Never an announcement of an ended session, a reminder outside its session, a closing of a session gone.
    @Test("stale disclosures")
    func staleness() {
        let states: [SessionState?] = [nil] + SessionState.allCases
        let stale = { (kind: DisclosureKind) in states.filter { DisclosureRules.isStale(kind, sessionState: $0) } }
        #expect(stale(.announcement) == [nil, .ended])
        #expect(stale(.reminder) == states.filter { $0 != .active })
        #expect(stale(.closing) == [nil])
    }

    @Test("pick: a due or (announcement) never-attempted disclosure is claimed; a retry or one in flight waits")
    func pick() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let stamp = now.timeIntervalSince1970
        #expect(DisclosureRules.pick(7, progress: .scheduled(due: stamp, attempts: 0), now: now, forceEarly: false)
            == .claim(7))
        #expect(DisclosureRules.pick(7, progress: .scheduled(due: stamp + 60, attempts: 0), now: now,
                                     forceEarly: false) == .wait(until: now.addingTimeInterval(60)))
        #expect(DisclosureRules.pick(7, progress: .scheduled(due: stamp + 60, attempts: 0), now: now,
                                     forceEarly: true) == .claim(7), "an announcement goes first once started")
        #expect(DisclosureRules.pick(7, progress: .scheduled(due: stamp + 60, attempts: 1), now: now,
                                     forceEarly: true) == .wait(until: now.addingTimeInterval(60)), "a retry waits")
        #expect(DisclosureRules.pick(7, progress: .publishing, now: now, forceEarly: true)
            == .wait(until: now.addingTimeInterval(1)))
        #expect(DisclosureRules.pick(7, progress: .finished, now: now, forceEarly: true) == nil)
    }
}

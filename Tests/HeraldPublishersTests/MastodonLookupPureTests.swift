import Foundation
import HeraldCore
import Testing
@testable import HeraldPublishers

/// The pure parts of the Mastodon look-up after an unknown outcome: HTML content to plain text, and the decision
/// one page of the account's statuses gives.
@Suite struct MastodonLookupPureTests {
    // MARK: - Plain text

    @Test func paragraphsAndBreaksBecomeSpaces() {
        #expect(MastodonPlainText.fromHTML("<p>Line one<br />line two</p><p>Para two</p>")
            == "Line one line two Para two")
        #expect(MastodonPlainText.normalized("Line one\nline two\n\nPara two") == "Line one line two Para two")
    }

    @Test func entitiesAreUnescaped() {
        #expect(MastodonPlainText.fromHTML("<p>a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39; &#x1F600; &nbsp;e</p>")
            == "a <b> & \"c\" 'd' 😀 e")
        #expect(MastodonPlainText.fromHTML("<p>&unknown; &amp</p>") == "&unknown; &amp")
    }

    @Test func linksKeepTheirWholeAddressAndMentionsLoseTheirDomain() {
        let html = """
            <p>See <a href="https://example.com/a/very/long/path/that/is/long?x=1" rel="nofollow"><span \
            class="invisible">https://</span><span class="ellipsis">example.com/a/very/long/path/t</span><span \
            class="invisible">hat/is/long?x=1</span></a> by <span class="h-card"><a \
            href="https://example.social/@alice" class="u-url mention">@<span>alice</span></a></span> <a \
            href="https://fake.social/tags/tag" class="mention hashtag" rel="tag">#<span>tag</span></a></p>
            """
        let text = "See https://example.com/a/very/long/path/that/is/long?x=1 by @alice@example.social #tag"
        #expect(MastodonPlainText.fromHTML(html) == MastodonPlainText.normalized(text))
        #expect(MastodonPlainText.normalized(text).contains("by @alice #tag"))
        #expect(MastodonPlainText.normalized("mail bob@example.com") == "mail bob@example.com")
    }

    @Test func differentTextsStayDifferent() {
        #expect(MastodonPlainText.fromHTML("<p>Part one</p>") != MastodonPlainText.normalized("Part two"))
        #expect(MastodonPlainText.fromHTML("<p>a b</p>") != MastodonPlainText.normalized("ab"))
    }

    // MARK: - Page decisions

    static let due = Date(timeIntervalSince1970: 1_795_442_400)

    static func item(
        _ id: String, _ content: String, minutes: Double, replyTo: String? = nil, spoiler: String = "",
        reblog: Bool = false
    ) -> [String: Any] {
        [
            "id": id, "content": content, "spoiler_text": spoiler,
            "created_at": RFC3339.string(from: due.addingTimeInterval(minutes * 60)).replacingOccurrences(
                of: "Z", with: ".123456Z"),
            "in_reply_to_id": replyTo.map { $0 as Any } ?? NSNull(),
            "reblog": reblog ? ["id": "999"] as Any : NSNull(),
        ]
    }

    static func page(_ items: [[String: Any]]) throws -> MastodonStatusPage {
        let data = try JSONSerialization.data(withJSONObject: items)
        return try #require(MastodonStatusPage(Array(data)))
    }

    static func status(_ text: String, warning: String? = nil) -> OutgoingStatus {
        var status = makeStatus(text: text)
        status.scheduledAt = due
        status.contentWarning = warning
        return status
    }

    @Test func parsesMastodonsFractionalTimestamps() throws {
        let page = try Self.page([Self.item("3", "<p>x</p>", minutes: 1)])
        let created = try #require(page.statuses.first?.createdAt)
        #expect(abs(created.timeIntervalSince(Self.due) - 60.123456) < 0.001)
    }

    @Test func findsTheStatusWithTheSameTextReplyAndWarning() throws {
        let page = try Self.page([
            Self.item("5", "<p>Hello<br />world</p>", minutes: 3, replyTo: "1"),
            Self.item("4", "<p>Hello<br />world</p>", minutes: 2, replyTo: "9"),
            Self.item("3", "<p>Hello<br />world</p>", minutes: 1, replyTo: "1", spoiler: "CW"),
        ])
        let since = Self.due.addingTimeInterval(-300)
        #expect(page.decision(for: Self.status("Hello\nworld"), inReplyTo: "9", since: since, limit: 3)
            == .found("4"))
        #expect(page.decision(for: Self.status("Hello\nworld", warning: "CW"), inReplyTo: "1", since: since,
                              limit: 3) == .found("3"))
        #expect(page.decision(for: Self.status("Hello\nworld"), inReplyTo: nil, since: since, limit: 3)
            == .next(maxID: "3"))
    }

    @Test func reachingTheWindowsStartOrTheEndIsAbsent() throws {
        let since = Self.due.addingTimeInterval(-300)
        let older = try Self.page([
            Self.item("5", "<p>Other</p>", minutes: 3),
            Self.item("4", "<p>Hello</p>", minutes: -10),
        ])
        #expect(older.decision(for: Self.status("Hello"), inReplyTo: nil, since: since, limit: 2) == .absent)
        let short = try Self.page([Self.item("5", "<p>Other</p>", minutes: 3)])
        #expect(short.decision(for: Self.status("Hello"), inReplyTo: nil, since: since, limit: 40) == .absent)
        #expect(try Self.page([]).decision(for: Self.status("Hello"), inReplyTo: nil, since: since, limit: 40)
            == .absent)
    }

    @Test func reblogsAreSkippedButCountForPaging() throws {
        let page = try Self.page([
            Self.item("6", "<p>Hello</p>", minutes: 3, reblog: true),
            Self.item("5", "<p>Other</p>", minutes: 3),
        ])
        #expect(page.statuses.map(\.id) == ["5"])
        #expect(page.decision(for: Self.status("Hello"), inReplyTo: nil, since: Self.due, limit: 2)
            == .next(maxID: "5"))
    }

    @Test func notAListIsNil() {
        #expect(MastodonStatusPage(Array(#"{"error":"nope"}"#.utf8)) == nil)
        #expect(MastodonStatusPage(Array(#"[{"content":"no id"}]"#.utf8)) == nil)
    }
}

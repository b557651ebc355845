import Foundation
import Testing
import HeraldCore
@testable import HeraldPublishers

/// The pure parts of the Threads and LinkedIn publishers: error classification, answers, tokens, URNs.
@Suite struct ThreadsLinkedInPureTests {
    static func response(_ status: Int, _ json: String, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers.map { (name: $0.0, value: $0.1) }, body: Array(json.utf8))
    }

    static func graph(_ status: Int, code: Int, subcode: Int? = nil) -> ThreadsGraphError {
        let sub = subcode.map { ", \"error_subcode\": \($0)" } ?? ""
        return ThreadsGraphError(response(status, #"{"error": {"message": "m", "code": \#(code)\#(sub)}}"#))
    }

    @Test func graphErrorsAreClassifiedByTheirCode() {
        #expect(Self.graph(400, code: 190).outcome(what: "x") == .unauthorized(
            reason: "Threads refused the access token for x (HTTP 400, code 190: m)"))
        for code in [4, 17, 32, 613] {
            guard case .temporary = Self.graph(400, code: code).outcome(what: "x") else {
                Issue.record("code \(code) is a limit")
                continue
            }
        }
        guard case .temporary = Self.graph(400, code: 24, subcode: 4_279_009).outcome(what: "x") else {
            Issue.record("not ready is temporary")
            return
        }
        guard case .temporary = Self.graph(503, code: 2).outcome(what: "x") else {
            Issue.record("5xx is temporary")
            return
        }
        #expect(Self.graph(400, code: 100).outcome(what: "the post") == .permanent(
            reason: "Threads refused the post (HTTP 400, code 100: m)"))
    }

    @Test(arguments: [
        (#"{"status": "FINISHED", "id": "1"}"#, ThreadsContainerStatus.finished),
        (#"{"status": "IN_PROGRESS"}"#, .inProgress), (#"{"status": "PUBLISHED"}"#, .published),
        (#"{"status": "EXPIRED"}"#, .expired),
        (#"{"status": "ERROR", "error_message": "FAILED_DOWNLOADING_IMAGE"}"#, .error("FAILED_DOWNLOADING_IMAGE")),
    ])
    func containerStatuses(_ body: String, _ status: ThreadsContainerStatus) {
        #expect(ThreadsContainerStatus(body: Array(body.utf8)) == status)
    }

    @Test func unknownContainerStatusesAreNotGuessed() {
        #expect(ThreadsContainerStatus(body: Array(#"{"status": "NEW"}"#.utf8)) == nil)
    }

    @Test func publishingLimitsAndWhenTheWindowFrees() throws {
        let body = #"{"data": [{"quota_usage": 250, "config": {"quota_total": 250, "quota_duration": 86400},"#
            + #" "reply_quota_usage": 3, "reply_config": {"quota_total": 1000, "quota_duration": 86400}}]}"#
        let limit = try #require(ThreadsPublishingLimit(body: Array(body.utf8)))
        #expect(!limit.allows(reply: false) && limit.allows(reply: true))
        let now = Date(timeIntervalSince1970: 1_000_000)
        let oldest = now.addingTimeInterval(-80_000)
        #expect(limit.retryAfter(now: now, published: [now.addingTimeInterval(-10), oldest,
                                                       now.addingTimeInterval(-90_000)])
                == oldest.addingTimeInterval(86_400))
        #expect(limit.retryAfter(now: now, published: []) == now.addingTimeInterval(3600))
    }

    @Test func postPagesAreSearchedNewestFirstWithinTheWindow() throws {
        let body = #"{"data": [{"id": "3", "text": "new", "timestamp": "2026-12-04T17:30:00+0000"},"#
            + #" {"id": "2", "text": "target", "timestamp": "2026-12-04T17:20:00+0000"},"#
            + #" {"id": "1", "text": "old", "timestamp": "2026-12-04T17:00:00+0000"}],"#
            + #" "paging": {"cursors": {"after": "c2"}, "next": "https://next"}}"#
        let page = try #require(ThreadsPostPage(Array(body.utf8)))
        let at1715 = try #require(RFC3339.date(from: "2026-12-04T17:15:00Z"))
        let at1725 = try #require(RFC3339.date(from: "2026-12-04T17:25:00Z"))
        #expect(page.decision(text: "target", since: at1715) == .found("2"))
        #expect(page.decision(text: "target", since: at1725) == .absent)
        #expect(page.decision(text: "missing", since: Date(timeIntervalSince1970: 0)) == .next("c2"))
        #expect(ThreadsPostPage.date("2026-12-04T17:30:00+0000") == RFC3339.date(from: "2026-12-04T17:30:00Z"))
    }

    /// Threads renews within 30 days of the expiry, LinkedIn within 14; both at most daily, and at once when the
    /// expiry is unknown.
    @Test func tokensAreRenewedWithinTheirWindowAtMostDaily() {
        let now = Date(timeIntervalSince1970: 1_000_000_000)
        func token(expiresIn days: Double?, triedAgo hours: Double? = nil) -> RenewableToken {
            RenewableToken(accessToken: "t", expiresAt: days.map { now.addingTimeInterval($0 * 86_400) },
                           lastRefreshAttempt: hours.map { now.addingTimeInterval(-$0 * 3600) }, origin: "o")
        }
        let threads = ThreadsAccountState.refreshWithin
        let linkedIn = LinkedInAccountState.refreshWithin
        #expect(!token(expiresIn: 40).needsRefresh(at: now, within: threads))
        #expect(token(expiresIn: 29).needsRefresh(at: now, within: threads))
        #expect(!token(expiresIn: 29).needsRefresh(at: now, within: linkedIn))
        #expect(token(expiresIn: 13).needsRefresh(at: now, within: linkedIn))
        #expect(token(expiresIn: nil).needsRefresh(at: now, within: threads))
        #expect(!token(expiresIn: 29, triedAgo: 23).needsRefresh(at: now, within: threads))
        #expect(token(expiresIn: 29, triedAgo: 25).needsRefresh(at: now, within: threads))
    }

    @Test func linkedInDuplicateRefusalsNameThePost() {
        let body = #"{"status": 422, "code": "DUPLICATE_POST", "message": "Content is a duplicate of "#
            + #"urn:li:share:7012345", "errorDetails": {"inputErrors": [{"code": "DUPLICATE_POST"}]}}"#
        #expect(LinkedInErrorBody(Self.response(422, body)).duplicateOf == "urn:li:share:7012345")
        let other = #"{"status": 422, "message": "ERROR :: /commentary :: field is required"}"#
        #expect(LinkedInErrorBody(Self.response(422, other)).duplicateOf == nil)
    }

    @Test(arguments: [(401, "unauthorized"), (403, "unauthorized"), (429, "temporary"), (500, "temporary"),
                      (503, "temporary"), (422, "permanent"), (426, "permanent"), (404, "permanent")])
    func linkedInErrorsAreClassifiedByStatus(_ status: Int, _ kind: String) {
        let outcome = LinkedInErrorBody(Self.response(status, #"{"status": \#(status), "message": "m"}"#))
            .outcome(what: "the post", retryAfter: nil)
        switch (outcome, kind) {
        case (.unauthorized, "unauthorized"), (.temporary, "temporary"), (.permanent, "permanent"): break
        default: Issue.record("HTTP \(status): \(outcome), expected \(kind)")
        }
    }

    @Test func linkedInCommentsGoOnThePostTheyFollow() {
        #expect(LinkedInURN.commentTarget(of: "urn:li:share:1") == "urn:li:share:1")
        #expect(LinkedInURN.commentTarget(of: "urn:li:ugcPost:9") == "urn:li:ugcPost:9")
        #expect(LinkedInURN.commentTarget(of: "urn:li:comment:(urn:li:share:1,22)") == "urn:li:share:1")
        #expect(LinkedInURN.commentTarget(of: "urn:li:comment:(urn:li:activity:5,22)") == "urn:li:activity:5")
        #expect(LinkedInURN.commentTarget(of: "https://www.linkedin.com/feed/") == nil)
        #expect(LinkedInURN.comment("22", on: "urn:li:share:1") == "urn:li:comment:(urn:li:share:1,22)")
        #expect(LinkedInURN.comment("urn:li:comment:(urn:li:share:1,22)", on: "urn:li:share:1")
                == "urn:li:comment:(urn:li:share:1,22)")
    }

    @Test func linkedInListsAreSearchedByTextAndTime() throws {
        let posts = #"{"elements": [{"id": "urn:li:share:3", "commentary": "new", "createdAt": 3000000},"#
            + #" {"id": "urn:li:share:2", "commentary": "Q\\&A \\(live\\)", "createdAt": 2000000}],"#
            + #" "paging": {"start": 0, "count": 2, "total": 5}}"#
        let page = try #require(LinkedInListPage(Array(posts.utf8)))
        #expect(page.decision(texts: ["Q\\&A \\(live\\)"], since: Date(timeIntervalSince1970: 1000), newestFirst: true)
                == .found("urn:li:share:2"))
        #expect(page.decision(texts: ["Q\\&A \\(live\\)"], since: Date(timeIntervalSince1970: 2500), newestFirst: true)
                == .absent)
        #expect(page.decision(texts: ["gone"], since: Date(timeIntervalSince1970: 0), newestFirst: true) == .next)
        let comments = #"{"elements": [{"$URN": "urn:li:comment:(urn:li:share:1,7)", "message": {"text": "two"},"#
            + #" "created": {"time": 5000}}], "paging": {"start": 0, "count": 10}}"#
        let list = try #require(LinkedInListPage(Array(comments.utf8)))
        #expect(list.decision(texts: ["two"], since: Date(timeIntervalSince1970: 1), newestFirst: false)
                == .found("urn:li:comment:(urn:li:share:1,7)"))
    }
}

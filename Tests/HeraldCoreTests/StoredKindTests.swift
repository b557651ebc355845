import HeraldCore
import Testing

/// Issue 16: a stored post's kind is typed from the post file to the outbox, not passed around as a string.
@Suite("Stored kinds")
struct StoredKindTests {
    @Test("post kinds and disclosures map to what the outbox says and what the session ledger counts")
    func mapping() {
        #expect(StoredKind(PostKind.post) == .post && StoredKind(PostKind.support) == .support)
        #expect(DisclosureKind.allCases.map { StoredKind($0).disclosure } == DisclosureKind.allCases.map { $0 })
        #expect(StoredKind.allCases.map(\.statusKind) == [.post, .post, .announcement, .reminder, .closing])
        #expect(StoredKind.post.disclosure == nil && StoredKind.support.disclosure == nil)
        #expect(StoredKind.allCases.map(\.rawValue) == ["post", "support", "announcement", "reminder", "closing"])
    }
}

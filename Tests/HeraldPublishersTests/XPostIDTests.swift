import Testing
@testable import HeraldPublishers

/// ``XPostID``: `In-Reply-To:` values to X post ids.
struct XPostIDTests {
    @Test(arguments: [
        ("1790000000000000001", "1790000000000000001"),
        ("https://x.com/brand/status/123", "123"),
        ("https://twitter.com/brand/status/456?s=20&t=abc", "456"),
        ("https://www.twitter.com/brand/status/789#reply", "789"),
        ("https://mobile.x.com/brand/status/42/photo/1", "42"),
        ("http://x.com/i/web/status/77", "77"),
        ("  https://X.com/brand/status/5 ", "5"),
    ])
    func addressesAndNumbersGiveTheID(_ value: String, _ id: String) {
        #expect(XPostID.parse(value) == id)
    }

    @Test(arguments: [
        "", "abc", "12a", "-12", "https://example.com/brand/status/12", "https://x.com/brand",
        "https://x.com/brand/status/", "https://x.com/brand/status/12x", "ftp://x.com/brand/status/12",
        "https://bsky.app/profile/a/post/12", "x.com/brand/status/12",
    ])
    func anythingElseIsNoPost(_ value: String) {
        #expect(XPostID.parse(value) == nil)
    }
}

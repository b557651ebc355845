import HeraldTestSupport
import Testing

/// The fake-server launcher (`HeraldTestSupport`): a fake that cannot start fails the test with the reason.
@Suite struct FakeServerTests {
    @Test func aFakeThatExitsBeforeItsPortFailsWithWhatItSaid() async {
        let error = await #expect(throws: FakeServerError.self) {
            try await FakeServer.start("fake_mastodon.py", arguments: ["--token", "t", "--no-such-option"])
        }
        #expect(error?.description.contains("fake_mastodon.py exited with status 2 before printing its port") == true)
        #expect(error?.description.contains("unrecognized arguments: --no-such-option") == true)
    }

    @Test func aMissingScriptIsNamed() async {
        let error = await #expect(throws: FakeServerError.self) { try await FakeServer.start("fake_nothing.py") }
        #expect(error?.description == "fake server not started: Tests/Support/fakes/fake_nothing.py not found")
    }

    @Test func aStartedFakeAnswersItsControlAPI() async throws {
        let fake = try await FakeServer.start("fake_mastodon.py", arguments: ["--token", "t"])
        defer { fake.stop() }
        #expect(fake.port > 0)
        #expect(try await fake.statuses().isEmpty)
    }
}

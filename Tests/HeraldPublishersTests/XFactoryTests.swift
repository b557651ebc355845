import Foundation
import HeraldCore
import Testing
@testable import HeraldPublishers

/// `PublisherFactory` for X accounts: credentials files in both forms, clear errors for missing keys.
@Suite struct XFactoryTests {
    func make(_ secret: String, baseURL: String? = nil) async throws -> any Publisher {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("x-ceo")
            try Data(secret.utf8).write(to: file)
            chmod(file.path, 0o600)
            let account = Account(name: "ceo", network: .x, baseURL: baseURL, credentials: file.path)
            return try PublisherFactory.make(
                for: account, stateDirectory: directory, credentials: CredentialSource(environment: [:]))
        }
    }

    @Test func oauth1KeyValueFileMakesAnXPublisherOnTheDefaultBaseURL() async throws {
        let publisher = try await make("""
            # OAuth 1.0a
            consumer_key = ck
            consumer_secret = "cs"
            access_token = at
            access_token_secret = ats
            """)
        let x = try #require(publisher as? XPublisher)
        #expect(x.baseURL == "https://api.x.com")
        guard case .oauth1(let signer) = x.authorization else { Issue.record("not OAuth 1.0a"); return }
        #expect(signer == OAuth1Signer(consumerKey: "ck", consumerSecret: "cs", token: "at", tokenSecret: "ats"))
    }

    @Test func oauth2JSONFileMakesATokenStoreUnderStateNetworks() async throws {
        let publisher = try await make(#"{"client_id": "cid", "refresh_token": "rt"}"#, baseURL: "http://127.0.0.1:9/")
        let x = try #require(publisher as? XPublisher)
        #expect(x.baseURL == "http://127.0.0.1:9")
        guard case .oauth2(let store) = x.authorization else { Issue.record("not OAuth 2.0"); return }
        #expect(store.file.lastPathComponent == "x-oauth2-tokens.json")
        #expect(store.file.deletingLastPathComponent().path.hasSuffix("/networks/ceo"))
        #expect(store.tokenURL == "http://127.0.0.1:9/2/oauth2/token")
    }

    @Test func aMissingKeyNamesTheAccountAndKeyButNoValue() async throws {
        let expected = PublisherFactoryError.networkCredentials(.missingKey(account: "ceo", key: "access_token_secret"))
        await #expect(throws: expected) {
            _ = try await make("consumer_key = ck\nconsumer_secret = s3cr3t\naccess_token = at\n")
        }
        #expect(expected.description == "account ceo: the credentials have no \"access_token_secret\"")
    }

    @Test func neitherOAuthFormIsAnError() async throws {
        let expected = PublisherFactoryError.networkCredentials(.missingKey(account: "ceo", key: "consumer_key"))
        await #expect(throws: expected) {
            _ = try await make("token = abc\n")
        }
    }

    @Test func malformedLinesAreReportedWithTheirLine() throws {
        #expect(throws: NetworkCredentialsError.malformed(account: "ceo", line: 2, reason: "expected key = value")) {
            _ = try NetworkCredentials(account: "ceo", text: "a = 1\nsecret-without-equals\n")
        }
        let parsed = try NetworkCredentials(account: "ceo", text: "# c\n\n a = \"x y\" \r\nb=2\n")
        #expect(parsed.optional("a") == "x y")
        #expect(parsed.optional("b") == "2")
        #expect(parsed.description == "credentials of ceo (keys: a, b)")
    }
}

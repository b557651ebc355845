import Foundation
import Testing
@testable import HeraldPublishers

/// OAuth 1.0a signing against X's published worked example ("Creating a signature", X developer documentation)
/// and RFC 5849's rules.
@Suite struct XOAuth1SignerTests {
    /// The example's credentials and request. The page's published signature, `hCtSmYh+iHYCEqBWrE7C7hYmtUk=`, is
    /// the one for the base URL `https://api.twitter.com/1.1/statuses/update.json` (the page's later edits
    /// renamed the host in the prose but kept that signature), so that is the URL signed here.
    let signer = OAuth1Signer(
        consumerKey: "xvz1evFS4wEEPTGEFPHBog", consumerSecret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
        token: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
        tokenSecret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE")
    let url = "https://api.twitter.com/1.1/statuses/update.json?include_entities=true"
    let form = [("status", "Hello Ladies + Gentlemen, a signed OAuth request!")]
    let nonce = "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"
    let timestamp = 1_318_622_958

    @Test func workedExampleParameterString() {
        let parameters = OAuth1Signer.queryParameters(of: url) + form
            + signer.oauthParameters(nonce: nonce, timestamp: timestamp)
        #expect(OAuth1Signer.normalizedParameters(parameters) ==
            "include_entities=true&oauth_consumer_key=xvz1evFS4wEEPTGEFPHBog&oauth_nonce="
            + "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg&oauth_signature_method=HMAC-SHA1&oauth_timestamp=1318622958"
            + "&oauth_token=370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb&oauth_version=1.0&status=Hello%20Ladies"
            + "%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21")
    }

    @Test func workedExampleBaseStringAndSignature() {
        let parameters = OAuth1Signer.queryParameters(of: url) + form
            + signer.oauthParameters(nonce: nonce, timestamp: timestamp)
        let base = OAuth1Signer.signatureBaseString(method: "post", url: url, parameters: parameters)
        #expect(base ==
            "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26"
            + "oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"
            + "%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-"
            + "GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B"
            + "%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521")
        #expect(signer.signature(of: base) == "hCtSmYh+iHYCEqBWrE7C7hYmtUk=")
    }

    @Test func workedExampleAuthorizationHeader() {
        let header = signer.authorizationHeader(
            method: "POST", url: url, formParameters: form, nonce: nonce, timestamp: timestamp)
        #expect(header ==
            "OAuth oauth_consumer_key=\"xvz1evFS4wEEPTGEFPHBog\", oauth_nonce=\"kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2"
            + "VS4cg\", oauth_signature=\"hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D\", oauth_signature_method=\"HMAC-SHA1\", "
            + "oauth_timestamp=\"1318622958\", oauth_token=\"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb\", "
            + "oauth_version=\"1.0\"")
    }

    @Test func percentEncodingKeepsOnlyUnreservedCharacters() {
        #expect(OAuth1Signer.percentEncode("AZaz09-._~") == "AZaz09-._~")
        #expect(OAuth1Signer.percentEncode("!*'();:@&=+$,/?#[] %") ==
            "%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D%20%25")
        // UTF-8 bytes, upper-case hex: é (2 bytes), ☃ (3 bytes), 🎉 (4 bytes).
        #expect(OAuth1Signer.percentEncode("é☃🎉") == "%C3%A9%E2%98%83%F0%9F%8E%89")
        #expect(OAuth1Signer.percentEncode("") == "")
    }

    @Test func repeatedNamesAreKeptAndSortedByValue() {
        let normalized = OAuth1Signer.normalizedParameters(
            [("b", "2"), ("a", "z"), ("b", "1"), ("a", "y"), ("a=", "x")])
        // Sorted on the encoded name ("a", "a%3D", "b") then the encoded value.
        #expect(normalized == "a=y&a=z&a%3D=x&b=1&b=2")
    }

    @Test func baseURIDropsQueryFragmentAndDefaultPort() {
        #expect(OAuth1Signer.baseStringURI("HTTPS://API.X.com:443/2/tweets?a=1#f") == "https://api.x.com/2/tweets")
        #expect(OAuth1Signer.baseStringURI("http://127.0.0.1:8080/2/users/me") == "http://127.0.0.1:8080/2/users/me")
        #expect(OAuth1Signer.baseStringURI("http://example.com:80") == "http://example.com/")
    }

    @Test func queryParametersAreDecodedBeforeSigning() {
        let parameters = OAuth1Signer.queryParameters(of: "https://x/y?start_time=2026-11-21T10%3A00%3A00Z&q=a+b&e=")
        #expect(parameters.map(\.0) == ["start_time", "q", "e"])
        #expect(parameters.map(\.1) == ["2026-11-21T10:00:00Z", "a b", ""])
    }

    @Test func signatureChangesWithAnySecret() {
        let base = "GET&https%3A%2F%2Fapi.x.com%2F2%2Fusers%2Fme&"
        var other = signer
        other.tokenSecret = "different"
        #expect(signer.signature(of: base) != other.signature(of: base))
        #expect(signer.signature(of: base) == signer.signature(of: base))
    }
}

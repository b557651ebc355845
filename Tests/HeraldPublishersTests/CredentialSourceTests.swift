import Foundation
import Testing

@testable import HeraldPublishers

@Suite("Credentials")
struct CredentialSourceTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "herald-cred-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String, mode: mode_t) -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        chmod(path, mode)
        return path
    }

    @Test func readsANamedCredentialFromTheCredentialsDirectory() throws {
        _ = write("x-ceo", "s3cret\n", mode: 0o400)
        let source = CredentialSource(environment: ["CREDENTIALS_DIRECTORY": directory])
        #expect(try source.read("x-ceo", account: "ceo") == "s3cret")
    }

    @Test func readsAnAbsolutePathOwnedByTheDaemon() throws {
        let path = write("token", "abc\r\n", mode: 0o600)
        #expect(try CredentialSource(environment: [:]).read(path, account: "brand") == "abc")
    }

    @Test(arguments: [0o640, 0o604, 0o660, 0o644, 0o620])
    func refusesFilesOpenToGroupOrOthers(mode: Int) throws {
        let path = write("open", "abc", mode: mode_t(mode))
        #expect(throws: CredentialError.tooOpen(account: "brand", path: path, mode: UInt32(S_IFREG) | UInt32(mode))) {
            try CredentialSource(environment: [:]).read(path, account: "brand")
        }
        let message = "\(CredentialError.tooOpen(account: "brand", path: path, mode: UInt32(mode)))"
        #expect(message.contains(String(mode, radix: 8)) && message.contains("chmod 600"))
    }

    @Test func refusesAFileOfAnotherUser() throws {
        let path = write("theirs", "abc", mode: 0o600)
        let source = CredentialSource(environment: [:], uid: 4242)
        if geteuid() == 0 {
            // As root, the file belongs to root, which is always accepted.
            #expect(try source.read(path, account: "a") == "abc")
        } else {
            #expect(throws: CredentialError.wrongOwner(account: "a", path: path, uid: geteuid())) {
                try source.read(path, account: "a")
            }
        }
    }

    @Test func aBareNameWithoutCredentialsDirectoryIsAClearError() {
        #expect(throws: CredentialError.noCredentialsDirectory(account: "ceo", name: "x-ceo")) {
            try CredentialSource(environment: [:]).read("x-ceo", account: "ceo")
        }
    }

    @Test(arguments: ["relative/path", "..", "", "a b"])
    func refusesReferencesThatAreNeitherNamesNorAbsolutePaths(reference: String) {
        #expect(throws: CredentialError.badReference(account: "a", reference: reference)) {
            try CredentialSource(environment: ["CREDENTIALS_DIRECTORY": directory]).read(reference, account: "a")
        }
    }

    @Test func missingAndEmptyFilesAreErrorsThatNameThePath() throws {
        let source = CredentialSource(environment: ["CREDENTIALS_DIRECTORY": directory])
        #expect(throws: CredentialError.self) { try source.read("missing", account: "a") }
        let path = write("blank", "\n", mode: 0o600)
        #expect(throws: CredentialError.empty(account: "a", path: path)) { try source.read("blank", account: "a") }
    }

    @Test func theSecretNeverAppearsInAnError() throws {
        let path = write("leaky", "TOPSECRET", mode: 0o644)
        do {
            _ = try CredentialSource(environment: [:]).read(path, account: "a")
            Issue.record("expected a refusal")
        } catch {
            #expect(!error.description.contains("TOPSECRET"))
        }
    }
}

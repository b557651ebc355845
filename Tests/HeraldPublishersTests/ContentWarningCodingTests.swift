import Foundation
import HeraldCore
import Testing
@testable import HeraldPublishers

/// `content_warning` in the JSON forms: exec stdin (always, `null` when absent), the outbox record (only when
/// present), and what older writers left without it.
@Suite struct ContentWarningCodingTests {
    static let now = Date(timeIntervalSince1970: 1_795_442_405.25)

    static func warned() -> OutgoingStatus {
        var status = makeStatus(part: 1, partCount: 2, text: "Part two", inReplyTo: "brand-00000001")
        status.contentWarning = "Spoilers: the ending"
        return status
    }

    @Test func execStdinCarriesItAndNullWithoutIt() async throws {
        try await withTemporaryDirectory { directory async throws in
            let capture = directory.appendingPathComponent("stdin.json")
            let script = try writeScript("cat > \"$1\"\necho ok", in: directory)
            let publisher = ExecPublisher(command: ["/bin/sh", script, capture.path], timeout: 20, killGrace: 5)
            #expect(await publisher.publish(Self.warned(), now: Self.now) == .published(remoteID: "ok"))
            let data = try Data(contentsOf: capture)
            let object = try jsonObject(data)
            #expect(object["content_warning"] as? String == "Spoilers: the ending")
            #expect(try JSONDecoder().decode(OutgoingStatus.self, from: data) == Self.warned())

            #expect(await publisher.publish(makeStatus(), now: Self.now) == .published(remoteID: "ok"))
            let bare = try jsonObject(Data(contentsOf: capture))
            #expect(bare.keys.contains("content_warning") && bare["content_warning"] is NSNull)
        }
    }

    @Test func statusJSONWithoutTheKeyReadsAsNone() throws {
        var object = try jsonObject(JSONEncoder().encode(makeStatus()))
        object.removeValue(forKey: "content_warning")
        let data = try JSONSerialization.data(withJSONObject: object)
        #expect(try JSONDecoder().decode(OutgoingStatus.self, from: data).contentWarning == nil)
    }

    @Test func theOutboxRecordHasItOnlyWhenPresent() async throws {
        try await withTemporaryDirectory { root async throws in
            let outbox = OutboxPublisher(directory: root, account: "brand")
            #expect(await outbox.publish(makeStatus(), now: Self.now) == .published(remoteID: "brand-00000001"))
            var warned = Self.warned()
            warned.seq = 2
            #expect(await outbox.publish(warned, now: Self.now) == .published(remoteID: "brand-00000002"))
            let first = try jsonObject(Data(contentsOf: root.appendingPathComponent("00000001.json")))
            #expect(!first.keys.contains("content_warning"))
            let secondData = try Data(contentsOf: root.appendingPathComponent("00000002.json"))
            #expect(try jsonObject(secondData)["content_warning"] as? String == "Spoilers: the ending")
            #expect(try OutboxRecord.decode(secondData).contentWarning == "Spoilers: the ending")
        }
    }

    @Test func theMastodonBodyHasSpoilerTextOnlyWhenThereIsOne() throws {
        let body = MastodonStatusBody.make(Self.warned(), visibility: .public, spoilerText: "CW")
        let object = try jsonObject(Data(body))
        #expect(object["spoiler_text"] as? String == "CW")
        let bare = try jsonObject(Data(MastodonStatusBody.make(makeStatus(), visibility: .public)))
        #expect(!bare.keys.contains("spoiler_text"))
    }
}

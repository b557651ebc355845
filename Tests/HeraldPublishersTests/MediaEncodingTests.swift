import Foundation
import Testing
@testable import HeraldPublishers

/// `media` in the exec stdin and outbox forms: present only with attachments, so old readers see no change.
@Suite struct MediaEncodingTests {
    @Test func execInputHasMediaOnlyWhenThereIsSome() throws {
        let plain = try jsonObject(ExecPublisher.stdin(for: makeStatus()))
        #expect(plain["media"] == nil)
        var status = makeStatus()
        status.media = [MediaAttachment(path: "/srv/media/a.png", alt: "A"), MediaAttachment(path: "/srv/media/b.gif")]
        let object = try jsonObject(ExecPublisher.stdin(for: status))
        let media = try #require(object["media"] as? [[String: Any]])
        #expect(media.count == 2)
        #expect(media[0]["path"] as? String == "/srv/media/a.png")
        #expect(media[0]["alt"] as? String == "A")
        #expect(media[1]["alt"] is NSNull)
        let decoded = try JSONDecoder().decode(OutgoingStatus.self, from: ExecPublisher.stdin(for: status))
        #expect(decoded == status)
    }

    @Test func outboxRecordsCarryMediaCompatibly() throws {
        var status = makeStatus()
        let plain = OutboxRecord(status: status, id: "brand-00000001", publishedAt: status.scheduledAt)
        #expect(try jsonObject(plain.encoded())["media"] == nil)
        #expect(try OutboxRecord.decode(plain.encoded()).media == [])
        status.media = [MediaAttachment(path: "/srv/media/a.png", alt: "A")]
        let record = OutboxRecord(status: status, id: "brand-00000001", publishedAt: status.scheduledAt)
        #expect(try OutboxRecord.decode(record.encoded()) == record)
        #expect(String(decoding: try record.encoded(), as: UTF8.self)
                .contains(#""media":[{"alt":"A","path":"/srv/media/a.png"}]"#))
    }

    @Test func mimeTypesFollowTheExtension() {
        #expect(MediaAttachment(path: "/a/B.JPG").mimeType == "image/jpeg")
        #expect(MediaAttachment(path: "/a/b.png").mimeType == "image/png")
        #expect(MediaAttachment(path: "/a/b.gif").mimeType == "image/gif")
        #expect(MediaAttachment(path: "/a/b").mimeType == "application/octet-stream")
    }
}

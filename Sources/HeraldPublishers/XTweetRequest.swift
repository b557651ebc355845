import Foundation

/// The JSON body of `POST /2/tweets`: `{"text", "reply": {"in_reply_to_tweet_id"}, "media": {"media_ids"}}`,
/// with `reply` and `media` left out when unused (X refuses an empty `media_ids`).
public struct XTweetRequest: Sendable, Encodable, Equatable {
    public var text: String
    public var inReplyTo: String?
    public var mediaIDs: [String]

    public init(text: String, inReplyTo: String?, mediaIDs: [String]) {
        self.text = text
        self.inReplyTo = inReplyTo
        self.mediaIDs = mediaIDs
    }

    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(self)) ?? Data())
    }

    private enum CodingKeys: String, CodingKey { case text, reply, media }
    private enum ReplyKeys: String, CodingKey { case inReplyToTweetID = "in_reply_to_tweet_id" }
    private enum MediaKeys: String, CodingKey { case mediaIDs = "media_ids" }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        if let inReplyTo {
            var reply = container.nestedContainer(keyedBy: ReplyKeys.self, forKey: .reply)
            try reply.encode(inReplyTo, forKey: .inReplyToTweetID)
        }
        if !mediaIDs.isEmpty {
            var media = container.nestedContainer(keyedBy: MediaKeys.self, forKey: .media)
            try media.encode(mediaIDs, forKey: .mediaIDs)
        }
    }
}

import Foundation

/// What `GET /{container-id}?fields=status,error_message` says of a Threads media container (pure).
public enum ThreadsContainerStatus: Sendable, Equatable {
    /// Still being processed (an image being fetched from its public address).
    case inProgress
    /// Ready to be published.
    case finished
    /// Published: the post exists (its media id is not in this answer).
    case published
    /// Not published within 24 hours: it can no longer be, and nothing was posted.
    case expired
    /// It failed (`error_message`, e.g. the image could not be downloaded).
    case error(String)

    /// Parses the answer's body; nil when it has no status Herald knows.
    public init?(body: [UInt8]) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any],
              let status = object["status"] as? String
        else { return nil }
        switch status {
        case "IN_PROGRESS": self = .inProgress
        case "FINISHED": self = .finished
        case "PUBLISHED": self = .published
        case "EXPIRED": self = .expired
        case "ERROR": self = .error(object["error_message"] as? String ?? "no error message")
        default: return nil
        }
    }
}

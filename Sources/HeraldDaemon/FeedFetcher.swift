import Foundation
import HeraldCore
import HeraldIO
import HeraldPublishers
import HeraldStore

/// Fetches and reads one feed, off the scheduler loop: a conditional GET (`If-None-Match`, `If-Modified-Since`)
/// that follows up to five redirects (the publishers' transport follows none: a redirected POST would be an
/// unrecorded attempt, but a feed's GET is safe to repeat), or a local file read whose modification time and size
/// stand in for an ETag. It never touches the database or the spool; the loop does (`DaemonLoop+Feeds`).
struct FeedFetcher: Sendable {
    let transport: any HTTPTransport
    let now: @Sendable () -> Date

    /// A feed larger than this is refused rather than read (the transport's own cap is 8 MiB).
    static let maximumBytes = 4 << 20
    static let maximumRedirects = 5
    static let userAgent = "herald-feeds/1"
    static let accept = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"

    func poll(_ feed: Feed, record: FeedRecord?) async -> FeedPoll {
        // Validators belong to the source they came from.
        let known = record?.isPrimed(from: feed.source.description) == true ? record : nil
        let outcome: FeedPoll.Outcome =
            switch feed.source {
            case let .url(url): await fetch(url, feed: feed, known: known)
            case let .file(path): read(path, known: known)
            }
        return FeedPoll(feed: feed.name, source: feed.source.description, record: record, outcome: outcome)
    }

    private func fetch(_ address: String, feed: Feed, known: FeedRecord?) async -> FeedPoll.Outcome {
        var url = address
        var movedTo: String?
        var permanent = true
        for _ in 0...Self.maximumRedirects {
            var headers: [(name: String, value: String)] = [
                ("User-Agent", Self.userAgent),
                ("Accept", Self.accept),
            ]
            if let etag = known?.etag { headers.append(("If-None-Match", etag)) }
            if let modified = known?.lastModified { headers.append(("If-Modified-Since", modified)) }
            let request = HTTPRequest(method: "GET", url: url, headers: headers, timeout: feed.timeout)
            let response: HTTPResponse
            switch await transport.send(request) {
            case let .success(received): response = received
            case let .failure(failure): return .failed("cannot fetch \(url): \(failure)", retryAfter: nil)
            }
            switch response.status {
            case 200:
                guard response.body.count <= Self.maximumBytes else {
                    return .failed("the feed is larger than \(Self.maximumBytes >> 20) MiB", retryAfter: nil)
                }
                do {
                    let document = try FeedDocument.parse(response.body)
                    return .document(document, etag: response.header("ETag"),
                                     lastModified: response.header("Last-Modified"), movedTo: movedTo)
                } catch {
                    return .failed("\(url): \(error)", retryAfter: nil)
                }
            case 304:
                return .notModified
            case 301, 302, 303, 307, 308:
                guard let location = response.header("Location"),
                      let next = URL(string: location, relativeTo: URL(string: url))?.absoluteString else {
                    return .failed("\(url): HTTP \(response.status) without a usable Location", retryAfter: nil)
                }
                permanent = permanent && (response.status == 301 || response.status == 308)
                if permanent { movedTo = next }
                url = next
            default:
                let reason = "\(url): HTTP \(response.status)" + Self.snippet(response)
                return .failed(reason, retryAfter: response.retryAfter(now: now()))
            }
        }
        return .failed("\(address): more than \(Self.maximumRedirects) redirects", retryAfter: nil)
    }

    /// A local feed file; its modification time and size are its validator.
    private func read(_ path: String, known: FeedRecord?) -> FeedPoll.Outcome {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return .failed("cannot read \(path): \(String(cString: strerror(errno)))", retryAfter: nil)
        }
        let validator = "file:\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec):\(info.st_size)"
        if known?.etag == validator { return .notModified }
        guard info.st_size <= Self.maximumBytes else {
            return .failed("\(path) is larger than \(Self.maximumBytes >> 20) MiB", retryAfter: nil)
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            return .failed("cannot read \(path): \(String(cString: strerror(errno)))", retryAfter: nil)
        }
        defer { close(fd) }
        let bytes: [UInt8]
        switch DescriptorReader.readAll(fd, limit: Self.maximumBytes, sizeHint: Int(info.st_size)) {
        case let .success(read): bytes = read
        case .failure(.tooLarge):
            return .failed("\(path) is larger than \(Self.maximumBytes >> 20) MiB", retryAfter: nil)
        case let .failure(.failed(code)):
            return .failed("cannot read \(path): \(String(cString: strerror(code)))", retryAfter: nil)
        }
        do {
            return .document(try FeedDocument.parse(bytes), etag: validator, lastModified: nil, movedTo: nil)
        } catch {
            return .failed("\(path): \(error)", retryAfter: nil)
        }
    }

    /// The start of an error body, for the journal (servers often say why).
    private static func snippet(_ response: HTTPResponse) -> String {
        let text = HTMLText.plain(String(decoding: response.body.prefix(400), as: UTF8.self))
        return text.isEmpty ? "" : ": " + String(text.prefix(160))
    }
}

import Foundation
import HeraldCore

/// Reading a large feed (issue 14): a podcast or news feed of thousands of items, near the 4 MiB a poll accepts,
/// parsed, its new items chosen against everything seen, and the chosen ones rendered to fit X. What a poll costs
/// the scheduler loop is the choice and the rendering; the parse runs in the poll's own task.
public enum FeedBenchmark {
    public struct Report: Sendable, CustomStringConvertible {
        public var items: Int
        public var bytes: Int
        public var parse: Duration
        public var select: Duration
        public var render: Duration
        public var rendered: Int

        public var description: String {
            func milliseconds(_ duration: Duration) -> String {
                String(format: "%.1f ms", Double(duration.components.seconds) * 1000
                    + Double(duration.components.attoseconds) / 1e15)
            }
            return """
                feed benchmark: \(items) items, \(bytes >> 10) KiB of RSS
                  parse \(milliseconds(parse)), choose new items \(milliseconds(select)), \
                render \(rendered) to fit X \(milliseconds(render))
                """
        }
    }

    /// An RSS document of `items` items with HTML summaries of about 600 bytes each, newest first.
    public static func document(items: Int) -> [UInt8] {
        var text = #"<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title>"#
        let paragraph = String(repeating: "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", count: 8)
        for index in stride(from: items, to: 0, by: -1) {
            text += "<item><title>Episode \(index): a title of some length</title>"
                + "<link>https://example.com/episodes/\(index)</link><guid>urn:bench:\(index)</guid>"
                + "<pubDate>Tue, 01 Dec 2026 09:00:00 GMT</pubDate>"
                + "<description>&lt;p&gt;\(paragraph) &lt;b&gt;\(index)&lt;/b&gt;&lt;/p&gt;</description></item>\n"
        }
        return Array((text + "</channel></rss>").utf8)
    }

    public static func run<C: Clock>(clock: C, items: Int = 6_000, fresh: Int = 3) throws -> Report
    where C.Duration == Duration {
        let bytes = document(items: items)
        var feed: FeedDocument?
        let parse = try clock.measure { feed = try FeedDocument.parse(bytes) }
        let parsed = feed?.items ?? []
        let seen = Set(parsed.dropFirst(fresh).map(\.guid))
        var selection: FeedSelection?
        let select = clock.measure {
            selection = FeedSelection.select(parsed, seen: seen, primed: true, maxPerPoll: fresh)
        }
        let chosen = selection?.post ?? []
        let template = try FeedTemplate("{title}: {summary} {link}")
        var texts: [String] = []
        let render = clock.measure {
            texts = chosen.map { item in template.fitted(item) { TextLength.fits($0, network: .x) } }
        }
        return Report(items: parsed.count, bytes: bytes.count, parse: parse, select: select, render: render,
                      rendered: texts.count)
    }
}

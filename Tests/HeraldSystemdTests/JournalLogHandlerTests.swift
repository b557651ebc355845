import Logging
import Testing

@testable import HeraldSystemd

@Suite struct JournalLogHandlerTests {
    @Test func writesLinesThroughTheInjectedSink() {
        let lines = Collector<String>()
        var logger = Logger(label: "heraldd") { label in
            JournalLogHandler(label: label, output: .lines { lines.append($0) }, logLevel: .info)
        }
        logger[metadataKey: "herald_account"] = "brand"
        logger.debug("not shown at info")
        logger.info("accepted", metadata: ["herald_event": "accepted", "herald_post_id": "7"])
        logger.warning("two\nlines")
        logger.critical("down", metadata: ["herald_account": "ceo"])
        #expect(
            lines.values == [
                "<6>accepted HERALD_ACCOUNT=brand HERALD_EVENT=accepted HERALD_POST_ID=7",
                #"<4>two\nlines HERALD_ACCOUNT=brand"#,
                "<2>down HERALD_ACCOUNT=ceo",
            ]
        )
    }

    @Test func capturesStructuredEntriesWithSourceLocation() {
        let entries = Collector<JournalEntry>()
        let logger = Logger(label: "herald.intake") { label in
            JournalLogHandler(label: label, output: .entries { entries.append($0) }, logLevel: .trace)
        }
        let line = #line + 1
        logger.notice("published", metadata: ["herald_event": "published"])
        #expect(entries.values.count == 1)
        let entry = entries.values.first
        #expect(entry?.priority == 5)
        #expect(entry?.identifier == "herald.intake")
        #expect(entry?.line == UInt(line))
        #expect(entry?.file.hasSuffix("JournalLogHandlerTests.swift") == true)
        #expect(entry?.function == "capturesStructuredEntriesWithSourceLocation()")
        #expect(entry?.fields == [.init(name: "HERALD_EVENT", value: "published")])
    }

    @Test func metadataProviderAndCallMetadataMerge() {
        let lines = Collector<String>()
        let provider = Logger.MetadataProvider { ["request": "r1", "herald_account": "provided"] }
        var handler = JournalLogHandler(
            label: "t",
            output: .lines { lines.append($0) },
            logLevel: .info,
            metadataProvider: provider
        )
        handler[metadataKey: "herald_account"] = "handler"
        handler[metadataKey: "static"] = "s"
        let logger = Logger(label: "t") { _ in handler }
        logger.info("m", metadata: ["request": "call"])
        #expect(lines.values == ["<6>m HERALD_ACCOUNT=provided REQUEST=call STATIC=s"])
    }

    @Test func handlerValueSemantics() {
        let lines = Collector<String>()
        let first = Logger(label: "t") { label in
            JournalLogHandler(label: label, output: .lines { lines.append($0) }, logLevel: .info)
        }
        var second = first
        second.logLevel = .error
        second[metadataKey: "only"] = "second"
        first.info("one")
        second.info("dropped")
        second.error("two")
        #expect(lines.values == ["<6>one", "<3>two ONLY=second"])
    }

    @Test(arguments: [
        ("debug", Logger.Level.debug), ("DEBUG", .debug), (" trace ", .trace), ("warning", .warning),
        ("critical", .critical), ("verbose", .info), ("", .info),
    ])
    func minimumLevelFromText(text: String, level: Logger.Level) {
        #expect(JournalLogHandler.minimumLevel(text) == level)
    }

    @Test func minimumLevelFallsBackWhenUnset() {
        #expect(JournalLogHandler.minimumLevel(nil) == .info)
        #expect(JournalLogHandler.minimumLevel(nil, fallback: .notice) == .notice)
    }

    @Test func factoryMakesConfiguredHandlers() {
        let lines = Collector<String>()
        let factory = JournalLogHandler.factory(output: .lines { lines.append($0) }, logLevel: .warning)
        let logger = Logger(label: "x") { factory($0, nil) }
        logger.info("dropped")
        logger.warning("kept")
        #expect(lines.values == ["<4>kept"])
        #expect(logger.logLevel == .warning)
    }
}

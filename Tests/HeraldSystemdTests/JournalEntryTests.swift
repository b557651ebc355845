import Logging
import Testing

@testable import HeraldSystemd

@Suite struct JournalEntryTests {
    private func entry(
        _ level: Logger.Level = .info,
        _ message: String = "post accepted",
        metadata: Logger.Metadata = [:],
        error: (any Error)? = nil
    ) -> JournalEntry {
        JournalEntry(
            level: level,
            message: message,
            label: "heraldd",
            metadata: metadata,
            error: error,
            file: "HeraldDaemon/Intake.swift",
            function: "accept(_:)",
            line: 42
        )
    }

    @Test(arguments: [
        (Logger.Level.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
    ])
    func priorities(level: Logger.Level, priority: Int) {
        #expect(JournalEntry.priority(for: level) == priority)
        #expect(entry(level).stderrLine.hasPrefix("<\(priority)>"))
        #expect(entry(level).journalFields[1] == "PRIORITY=\(priority)")
    }

    @Test(arguments: [
        ("herald_event", "HERALD_EVENT"), ("post.id", "POST_ID"), ("HERALD_POST_ID", "HERALD_POST_ID"),
        ("_pid", "PID"), ("__x", "X"), ("2fa", "FIELD_2FA"), ("", "FIELD"), ("_", "FIELD"), ("crème", "CR_ME"),
        ("a-b c", "A_B_C"), ("message_id", "MESSAGE_ID"),
        (String(repeating: "k", count: 80), String(repeating: "K", count: 64)),
    ])
    func fieldNames(key: String, name: String) {
        #expect(JournalEntry.fieldName(for: key) == name)
    }

    @Test func journalFieldsCarryEverything() {
        let fields = entry(
            .warning,
            "first line\nsecond line",
            metadata: ["herald_post_id": "42", "herald_event": "rejected", "message_id": "abc"]
        )
        .journalFields
        #expect(
            fields == [
                "MESSAGE=first line\nsecond line",
                "PRIORITY=4",
                "SYSLOG_IDENTIFIER=heraldd",
                "CODE_FILE=HeraldDaemon/Intake.swift",
                "CODE_LINE=42",
                "CODE_FUNC=accept(_:)",
                "HERALD_EVENT=rejected",
                "HERALD_POST_ID=42",
                "MESSAGE_ID=abc",
            ]
        )
    }

    @Test func metadataCannotOverrideTheEntrysOwnFields() {
        let fields = entry(metadata: ["message": "sneaky", "priority": "0", "syslog_identifier": "x"]).journalFields
        #expect(fields.filter { $0.hasPrefix("MESSAGE=") } == ["MESSAGE=post accepted"])
        #expect(fields.filter { $0.hasPrefix("PRIORITY=") } == ["PRIORITY=6"])
        #expect(fields.suffix(3) == ["META_MESSAGE=sneaky", "META_PRIORITY=0", "META_SYSLOG_IDENTIFIER=x"])
    }

    @Test func nestedValuesAreFlattened() {
        let value: Logger.MetadataValue = [
            "b": ["x", "y"], "a": .stringConvertible(7), "c": ["k": "v"],
        ]
        #expect(JournalEntry.flatten(value) == "[a: 7, b: [x, y], c: [k: v]]")
        let fields = entry(metadata: ["targets": ["brand", "ceo"]]).fields
        #expect(fields == [.init(name: "TARGETS", value: "[brand, ceo]")])
    }

    @Test func stderrLineFormat() {
        let line = entry(
            metadata: ["herald_event": "accepted", "herald_post_id": "42", "herald_account": "brand"]
        )
        .stderrLine
        #expect(line == "<6>post accepted HERALD_ACCOUNT=brand HERALD_EVENT=accepted HERALD_POST_ID=42")
    }

    @Test func stderrLineKeepsOneEntryOnOneLine() {
        let line = entry(
            .error,
            "bad file\nline 3: unknown header\r\0end",
            metadata: ["reason": "unknown header \"Foo\"\nat line 3", "path": "C:\\x", "empty": "", "tab": "a\tb"]
        )
        .stderrLine
        #expect(!line.contains("\n") && !line.contains("\r") && !line.contains("\0"))
        #expect(
            line == #"<3>bad file\nline 3: unknown header\r\0end EMPTY="" PATH="C:\\x" "#
                + #"REASON="unknown header \"Foo\"\nat line 3" TAB="a\tb""#
        )
    }

    @Test func errorsBecomeAnErrorField() {
        struct Boom: Error, CustomStringConvertible {
            var description: String { "boom" }
        }
        #expect(entry(error: Boom()).fields == [.init(name: "ERROR", value: "boom")])
        #expect(entry(metadata: ["error": "mine"], error: Boom()).fields == [.init(name: "ERROR", value: "mine")])
    }
}

import Foundation
import Glibc
import Logging
import Testing

@testable import HeraldSystemd

/// End-to-end checks against a real `systemd-journald`, run privately through ``JournaldSandbox``.
///
/// They need root (mount and PID namespaces) and `/lib/systemd/systemd-journald`; elsewhere they are skipped, and
/// Swift Testing reports them as skipped with the reason below.
@Suite(
    .enabled(
        if: JournaldSandbox.isAvailable,
        "needs root and systemd-journald: \(JournaldSandbox.unavailableReason ?? "")"
    )
)
struct JournaldTests {
    /// The environment variable that turns ``JournaldHelper/logThroughJournalLogHandler()`` on in a child run.
    static let helperVariable = "HERALD_SYSTEMD_TESTS_JOURNAL_HELPER"

    @Test func sandboxCollectsNativeAndStreamEntries() throws {
        let script = """
            echo '<3>stream line at error'
            printf 'MESSAGE=native entry\\nHERALD_EVENT=rejected\\nPRIORITY=4\\n' | logger --journald
            echo "stream: $JOURNAL_STREAM"
            """
        let entries = try JournaldSandbox.run(["/bin/sh", "-c", script], timeout: .seconds(20))
        let stream = try #require(entries.first { $0["MESSAGE"] == "stream line at error" })
        #expect(stream["PRIORITY"] == "3")
        #expect(stream["_TRANSPORT"] == "stdout")
        let native = try #require(entries.first { $0["MESSAGE"] == "native entry" })
        #expect(native["HERALD_EVENT"] == "rejected")
        #expect(native["PRIORITY"] == "4")
        #expect(native["_TRANSPORT"] == "journal")
        #expect(entries.contains { $0["MESSAGE"]?.hasPrefix("stream: ") == true && $0["MESSAGE"] != "stream: " })
    }

    @Test func commandFailureCarriesTheEntries() throws {
        let error = #expect(throws: JournaldSandbox.Failure.self) {
            try JournaldSandbox.run(["/bin/sh", "-c", "echo before failing; exit 3"], timeout: .seconds(20))
        }
        guard case .commandFailed(let status, let entries) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(status == 3)
        #expect(entries.contains { $0["MESSAGE"] == "before failing" })
    }

    @Test func commandIsKilledAtItsTimeout() throws {
        let started = ContinuousClock.now
        let error = #expect(throws: JournaldSandbox.Failure.self) {
            try JournaldSandbox.run(["/bin/sh", "-c", "echo waiting; sleep 30"], timeout: .seconds(1))
        }
        guard case .commandFailed(let status, let entries) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(status == 124)
        #expect(entries.contains { $0["MESSAGE"] == "waiting" })
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    /// Runs this test binary again inside the sandbox, where ``JournaldHelper`` logs through `JournalLogHandler`
    /// with the output it detects, and checks that the structured fields arrived in the journal.
    @Test func journalLogHandlerSendsStructuredEntries() throws {
        let executable = try #require(
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")),
            "cannot find this test binary"
        )
        let entries = try JournaldSandbox.run(
            [executable, "--testing-library", "swift-testing", "--filter", "JournaldHelper"],
            environment: [Self.helperVariable: "1", "HERALD_LOG_LEVEL": "debug"],
            timeout: .seconds(60)
        )
        let native = entries.filter { $0["SYSLOG_IDENTIFIER"] == "herald-journal-test" }
        let detected = entries.first { $0["MESSAGE"]?.hasPrefix("journal-helper-output=") == true }
        #expect(detected?["MESSAGE"] == "journal-helper-output=journal")

        let accepted = try #require(native.first { $0["HERALD_EVENT"] == "accepted" }, "entries: \(entries)")
        #expect(accepted["MESSAGE"] == "post accepted")
        #expect(accepted["PRIORITY"] == "6")
        #expect(accepted["HERALD_POST_ID"] == "post-42")
        #expect(accepted["HERALD_ACCOUNT"] == "brand")
        #expect(accepted["MESSAGE_ID"] == "0f3c1ab5c6c24e4b8a7d0b8e2a5f1c01")
        #expect(accepted["CODE_FILE"]?.hasSuffix("JournaldTests.swift") == true)
        #expect(accepted["CODE_FUNC"] == "logThroughJournalLogHandler()")
        #expect(Int(accepted["CODE_LINE"] ?? "") != nil)
        #expect(accepted["_TRANSPORT"] == "journal")

        let multiLine = try #require(native.first { $0["HERALD_EVENT"] == "rejected" })
        #expect(multiLine["MESSAGE"] == "rejected x.post:\nline 3: unknown header \"Colour\"")
        #expect(multiLine["PRIORITY"] == "3")
        #expect(multiLine["TARGETS"] == "[brand, ceo]")
        #expect(native.filter { $0["MESSAGE"]?.contains("unknown header") == true }.count == 1)

        let debug = try #require(native.first { $0["HERALD_EVENT"] == "debugging" })
        #expect(debug["PRIORITY"] == "7")
    }
}

/// Not a test of its own: the body that ``JournaldTests/journalLogHandlerSendsStructuredEntries()`` runs in a child
/// copy of this binary inside the journald sandbox. Disabled unless that child's environment asks for it.
@Suite(
    .enabled(
        if: ProcessInfo.processInfo.environment[JournaldTests.helperVariable] == "1",
        "runs only inside the journald sandbox, started by JournaldTests"
    )
)
struct JournaldHelper {
    @Test func logThroughJournalLogHandler() {
        let output = JournalLogHandler.Output.detect()
        // Printed to stdout, which the sandbox also records: tells the parent what was detected.
        print("journal-helper-output=\(output.isJournal ? "journal" : "stderr")")
        let logger = Logger(label: "herald-journal-test") { label in
            JournalLogHandler(label: label, output: output)
        }
        logger.info(
            "post accepted",
            metadata: [
                "herald_event": "accepted", "herald_post_id": "post-42", "herald_account": "brand",
                "message_id": "0f3c1ab5c6c24e4b8a7d0b8e2a5f1c01",
            ]
        )
        logger.error(
            "rejected x.post:\nline 3: unknown header \"Colour\"",
            metadata: ["herald_event": "rejected", "targets": ["brand", "ceo"]]
        )
        logger.debug("debug entry", metadata: ["herald_event": "debugging"])
        #expect(output.isJournal)
    }
}

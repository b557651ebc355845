import Foundation
import Testing
@testable import HeraldPublishers
#if canImport(Glibc)
import Glibc
#endif

@Suite struct ExecPublisherTests {
    let now = Date(timeIntervalSince1970: 1_795_442_405)

    func publish(
        _ script: String, in directory: URL, arguments: [String] = [], status: OutgoingStatus = makeStatus(),
        timeout: TimeInterval = 20, killGrace: TimeInterval = 5
    ) async throws -> PublishOutcome {
        // Run through /bin/sh rather than exec'd directly: a script just written can be briefly "busy" (ETXTBSY)
        // while a child spawned concurrently by another test still holds the writer's descriptor.
        let path = try writeScript(script, in: directory)
        let publisher = ExecPublisher(command: ["/bin/sh", path] + arguments, timeout: timeout, killGrace: killGrace)
        return await publisher.publish(status, now: now)
    }

    func permanentReason(_ outcome: PublishOutcome) -> String? {
        if case .permanent(let reason) = outcome { return reason }
        return nil
    }

    func temporaryReason(_ outcome: PublishOutcome) -> String? {
        if case .temporary(let reason, _) = outcome { return reason }
        return nil
    }

    @Test func exitZeroPublishesWithTheTrimmedFirstLine() async throws {
        try await withTemporaryDirectory { directory async throws in
            let outcome = try await publish("cat >/dev/null\nprintf '  remote-42 \\r\\n'", in: directory)
            #expect(outcome == .published(remoteID: "remote-42"))
        }
    }

    @Test func onlyTheFirstLineIsTheID() async throws {
        try await withTemporaryDirectory { directory async throws in
            let outcome = try await publish("printf 'id-1\\nsecond line\\nthird\\n'", in: directory)
            #expect(outcome == .published(remoteID: "id-1"))
        }
    }

    @Test(arguments: ["true", "echo", "printf '   \\nid-on-second-line\\n'"])
    func anEmptyIDIsPermanent(script: String) async throws {
        try await withTemporaryDirectory { directory async throws in
            let outcome = try await publish(script, in: directory)
            #expect(permanentReason(outcome)?.contains("command printed no id") == true, "\(outcome)")
        }
    }

    @Test func exit75IsTemporaryWithStderr() async throws {
        try await withTemporaryDirectory { directory async throws in
            let outcome = try await publish("echo 'rate limited, try later' >&2\nexit 75", in: directory)
            guard case .temporary(let reason, let retryAfter) = outcome else {
                Issue.record("expected temporary, got \(outcome)")
                return
            }
            #expect(retryAfter == nil)
            #expect(reason.contains("75") && reason.contains("rate limited, try later"))
        }
    }

    @Test func exit77IsUnauthorizedWithStderr() async throws {
        try await withTemporaryDirectory { directory async throws in
            let outcome = try await publish("echo 'token revoked' >&2\nexit 77", in: directory)
            #expect(outcome == .unauthorized(reason: "/bin/sh exited with 77 (credentials refused): token revoked"))
        }
    }

    @Test(arguments: [1, 2, 64, 78, 255])
    func otherExitStatusesArePermanentWithStderr(status: Int) async throws {
        try await withTemporaryDirectory { directory async throws in
            let script = "echo first >&2\necho 'forbidden: duplicate' >&2\nexit \(status)"
            let outcome = try await publish(script, in: directory)
            let reason = try #require(permanentReason(outcome), "\(outcome)")
            #expect(reason.contains("exited with \(status)"))
            #expect(reason.contains("first\nforbidden: duplicate"))
        }
    }

    @Test func theReasonCarriesOnlyTheEndOfALongStderr() async throws {
        try await withTemporaryDirectory { directory async throws in
            let script = """
                i=0
                while [ $i -lt 5000 ]; do echo "error line $i" >&2; i=$((i+1)); done
                exit 3
                """
            let reason = try #require(permanentReason(try await publish(script, in: directory)))
            #expect(reason.hasSuffix("error line 4999"))
            #expect(!reason.contains("error line 0\n"))
            #expect(reason.utf8.count <= ExecPublisher.stderrLimit + 200)
            let firstLogged = reason.components(separatedBy: ": ").dropFirst().joined(separator: ": ")
            #expect(firstLogged.hasPrefix("error line "), "cut at a line start: \(firstLogged.prefix(40))")
        }
    }

    @Test func aCommandPastItsTimeoutIsKilledAndTemporary() async throws {
        try await withTemporaryDirectory { directory async throws in
            let start = ContinuousClock.now
            let outcome = try await publish("sleep 300", in: directory, timeout: 0.3, killGrace: 0.3)
            #expect(temporaryReason(outcome)?.contains("timed out") == true, "\(outcome)")
            // Killed, not waited for: far less than the command's 300 s, with room for a loaded CI machine.
            #expect(secondsSince(start) < 120)
        }
    }

    @Test func aCommandIgnoringSIGTERMIsKilledWithItsProcessGroup() async throws {
        try await withTemporaryDirectory { directory async throws in
            let pidFile = directory.appendingPathComponent("helper.pid").path
            let script = """
                trap '' TERM
                sleep 300 &
                echo $! > "$1"
                wait
                sleep 300
                """
            let start = ContinuousClock.now
            let outcome = try await publish(script, in: directory, arguments: [pidFile], timeout: 0.5, killGrace: 0.5)
            #expect(temporaryReason(outcome)?.contains("timed out") == true, "\(outcome)")
            #expect(secondsSince(start) < 120)  // killed with its group, not after the script's 600 s
            let helper = try #require(pid_t(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(
                in: .whitespacesAndNewlines)))
            var stillRunning = isRunning(helper)
            for _ in 0..<50 where stillRunning {
                try await Task.sleep(for: .milliseconds(20))
                stillRunning = isRunning(helper)
            }
            #expect(!stillRunning, "the helper the script started died with it")
        }
    }

    @Test func aCommandThatPublishedJustAsTheTimeoutPassedCountsAsPublished() async throws {
        try await withTemporaryDirectory { directory async throws in
            let script = """
                trap 'echo late-id; exit 0' TERM
                sleep 30 &
                wait
                """
            let outcome = try await publish(script, in: directory, timeout: 0.3, killGrace: 5)
            #expect(outcome == .published(remoteID: "late-id"))
        }
    }

    @Test func aMissingCommandIsPermanent() async throws {
        let publisher = ExecPublisher(command: ["/nonexistent/herald-publish"], timeout: 5)
        let reason = try #require(permanentReason(await publisher.publish(makeStatus(), now: now)))
        #expect(reason.contains("/nonexistent/herald-publish") && reason.contains("No such file"))

        let unknown = ExecPublisher(command: ["herald-no-such-command-in-path"], timeout: 5)
        #expect(permanentReason(await unknown.publish(makeStatus(), now: now)) != nil)
    }

    @Test func aFileThatIsNotExecutableIsPermanent() async throws {
        try await withTemporaryDirectory { directory async throws in
            let path = try writeScript("echo id", in: directory)
            chmod(path, 0o644)
            let outcome = await ExecPublisher(command: [path], timeout: 5).publish(makeStatus(), now: now)
            #expect(permanentReason(outcome)?.contains("Permission denied") == true, "\(outcome)")
        }
    }

    @Test func aCommandThatNeverReadsStdinDoesNotHangOrKillUs() async throws {
        try await withTemporaryDirectory { directory async throws in
            let text = String(repeating: "x", count: 4 << 20)
            let start = ContinuousClock.now
            let published = try await publish("echo id-big", in: directory, status: makeStatus(text: text))
            #expect(published == .published(remoteID: "id-big"))
            let failed = try await publish("echo nope >&2\nexit 1", in: directory, status: makeStatus(text: text))
            #expect(permanentReason(failed)?.contains("nope") == true, "\(failed)")
            // Closes stdin explicitly, then keeps running for a while: the writer must give up, not block.
            let closed = try await publish("exec 0<&-\nsleep 0.2\necho id-closed", in: directory,
                                           status: makeStatus(text: text))
            #expect(closed == .published(remoteID: "id-closed"))
            #expect(secondsSince(start) < 120)  // a blocked writer would never return
        }
    }

    @Test func aLargeStdinArrivesWholeWhileTheCommandWritesALot() async throws {
        try await withTemporaryDirectory { directory async throws in
            let status = makeStatus(text: String(repeating: "é", count: 1 << 20))
            let expected = try ExecPublisher.stdin(for: status).count
            // Floods stderr before reading stdin: a parent that wrote stdin first would deadlock.
            let script = """
                head -c 1000000 /dev/zero | tr '\\0' e >&2
                wc -c | tr -d ' '
                """
            let outcome = try await publish(script, in: directory, status: status)
            #expect(outcome == .published(remoteID: String(expected)))
        }
    }

    @Test func stdinCarriesEveryField() async throws {
        try await withTemporaryDirectory { directory async throws in
            let capture = directory.appendingPathComponent("stdin.json")
            let status = OutgoingStatus(
                postID: "p-77", account: "ceo", part: 1, partCount: 3, seq: 41, text: "Part two / of \"three\"",
                inReplyTo: "1799000000000000001", scheduledAt: Date(timeIntervalSince1970: 1_795_442_400.5),
                author: "team", kind: .announcement, language: "nb", idempotencyKey: "p-77#1")
            let outcome = try await publish(
                "cat > \"$1\"\necho ok", in: directory, arguments: [capture.path], status: status)
            #expect(outcome == .published(remoteID: "ok"))
            let data = try Data(contentsOf: capture)
            #expect(data.last == UInt8(ascii: "\n"))
            let object = try jsonObject(data)
            #expect(Set(object.keys) == [
                "seq", "post_id", "part", "part_count", "in_reply_to", "text", "scheduled_at", "author", "kind",
                "account", "language", "idempotency_key", "content_warning",
            ])
            #expect(isNumber(object["seq"]) && object["seq"] as? Int == 41)
            #expect(object["post_id"] as? String == "p-77")
            #expect(isNumber(object["part"]) && object["part"] as? Int == 1)
            #expect(isNumber(object["part_count"]) && object["part_count"] as? Int == 3)
            #expect(object["in_reply_to"] as? String == "1799000000000000001")
            #expect(object["text"] as? String == "Part two / of \"three\"")
            #expect(object["scheduled_at"] as? String == "2026-11-23T14:00:00.500Z")
            #expect(object["author"] as? String == "team")
            #expect(object["kind"] as? String == "announcement")
            #expect(object["account"] as? String == "ceo")
            #expect(object["language"] as? String == "nb")
            #expect(object["idempotency_key"] as? String == "p-77#1")
            #expect(try JSONDecoder().decode(OutgoingStatus.self, from: data) == status)

            _ = try await publish("cat > \"$1\"\necho ok", in: directory, arguments: [capture.path])
            let nulls = try jsonObject(Data(contentsOf: capture))
            #expect(nulls["in_reply_to"] is NSNull && nulls["author"] is NSNull, "absent optionals are null")
        }
    }

    @Test func anExitIsNoticedEvenWhenALeftoverProcessHoldsStdout() async throws {
        try await withTemporaryDirectory { directory async throws in
            let start = ContinuousClock.now
            let outcome = try await publish("(sleep 100 &)\necho id-bg", in: directory, timeout: 600)
            #expect(outcome == .published(remoteID: "id-bg"))
            #expect(secondsSince(start) < 90)  // not held until the leftover's 100 s are over
        }
    }

    @Test func deathBySignalIsTemporary() async throws {
        try await withTemporaryDirectory { directory async throws in
            let outcome = try await publish("echo dying >&2\nkill -KILL $$", in: directory)
            let reason = try #require(temporaryReason(outcome), "\(outcome)")
            #expect(reason.contains("signal 9") && reason.contains("dying"))
        }
    }

    @Test func theChildGetsNoOtherDescriptorAndDefaultSignals() async throws {
        try await withTemporaryDirectory { directory async throws in
            // A descriptor opened without close-on-exec, as careless code elsewhere in the daemon might.
            let leaky = open(directory.path, O_RDONLY)
            #expect(leaky > 2)
            defer { close(leaky) }
            let script = """
                if [ -e /proc/$$/fd/$1 ]; then echo leaked; else echo clean; fi
                """
            let outcome = try await publish(script, in: directory, arguments: [String(leaky)])
            #expect(outcome == .published(remoteID: "clean"))
        }
    }

    @Test func manyCommandsRunConcurrently() async throws {
        try await withTemporaryDirectory { directory async throws in
            let path = try writeScript("read -r line\necho \"id-$1\"", in: directory)
            let outcomes = await withTaskGroup(of: (Int, PublishOutcome).self) { group in
                for index in 0..<24 {
                    group.addTask {
                        let publisher = ExecPublisher(command: ["/bin/sh", path, String(index)], timeout: 20)
                        return (index, await publisher.publish(makeStatus(seq: index + 1), now: Date()))
                    }
                }
                return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            for index in 0..<24 { #expect(outcomes[index] == .published(remoteID: "id-\(index)")) }
        }
    }

    @Test func resolveIsAlwaysUnknown() async throws {
        let publisher = ExecPublisher(command: ["/bin/true"], timeout: 5)
        #expect(await publisher.resolve(makeStatus()) == .unknown)
    }
}

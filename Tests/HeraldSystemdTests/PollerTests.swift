import Foundation
import Glibc
import Testing

@testable import HeraldSystemd

@Suite struct PollerTests {
    @Test func eventFDWakesAPollerOnAnotherThread() async throws {
        let wake = try EventFD()
        let waiter = Task.detached { try Poller.wait([wake.fd], timeout: .seconds(10)) }
        try await Task.sleep(for: .milliseconds(50))
        try wake.signal()
        // Woken by the eventfd: a timeout would have returned an empty set.
        #expect(try await waiter.value == [wake.fd])
        #expect(try wake.drain() == 1)
        #expect(try wake.drain() == 0)
    }

    @Test func signalsCoalesce() throws {
        let wake = try EventFD()
        try wake.signal()
        try wake.signal()
        try wake.signal()
        #expect(try Poller.wait([wake.fd], timeout: .zero) == [wake.fd])
        #expect(try wake.drain() == 3)
        #expect(try Poller.wait([wake.fd], timeout: .zero).isEmpty)
    }

    @Test func timesOutWithNothingReady() throws {
        let wake = try EventFD()
        let started = ContinuousClock.now
        #expect(try Poller.wait([wake.fd], timeout: .milliseconds(30)).isEmpty)
        #expect(ContinuousClock.now - started >= .milliseconds(30))
    }

    @Test func returnsOnlyTheReadyDescriptorsAndIgnoresNegativeOnes() throws {
        let quiet = try EventFD()
        let loud = try EventFD()
        try loud.signal()
        #expect(try Poller.wait([quiet.fd, -1, loud.fd], timeout: nil) == [loud.fd])
    }

    @Test func hangUpCountsAsReady() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        close(ends[1])
        #expect(try Poller.wait([ends[0]], timeout: .seconds(1)) == [ends[0]])
    }

    @Test func millisecondsRoundUpAndClamp() {
        let now = ContinuousClock.now
        #expect(Poller.milliseconds(until: now, from: now) == 0)
        #expect(Poller.milliseconds(until: now - .seconds(1), from: now) == 0)
        #expect(Poller.milliseconds(until: now + .microseconds(1), from: now) == 1)
        #expect(Poller.milliseconds(until: now + .milliseconds(1500), from: now) == 1500)
        #expect(Poller.milliseconds(until: now + .seconds(100_000_000), from: now) == Int32.max)
    }
}

import Foundation
import Glibc
import Testing

@testable import HeraldSystemd

@Suite struct TimerFDTests {
    /// Waits for the timer armed at `deadline` and reads it. Anything in the machine that sets the wall clock
    /// (systemd booting as PID 1 in another test's namespace resets the kernel's time warp with settimeofday)
    /// cancels the armed timer with ECANCELED: that is `.clockChanged`, and the timer is re-armed, as the daemon
    /// does, a few times at most.
    func waitAndRead(_ timer: TimerFD, deadline: Date) throws -> TimerFD.Wake {
        for _ in 0..<3 {
            #expect(try Poller.wait([timer.fd], timeout: .seconds(5)) == [timer.fd])
            let wake = try timer.read()
            guard wake == .clockChanged else { return wake }
            try timer.arm(at: deadline)
        }
        return try timer.read()
    }

    @Test func firesAtTheArmedAbsoluteTime() throws {
        let timer = try TimerFD()
        #expect(try timer.read() == .nothing)
        let deadline = Date().addingTimeInterval(0.15)
        try timer.arm(at: deadline)
        #expect(try timer.read() == .nothing)
        let wake = try waitAndRead(timer, deadline: deadline)
        #expect(Date() >= deadline)
        #expect(Date().timeIntervalSince(deadline) < 1)
        #expect(wake == .fired(1))
        #expect(try timer.read() == .nothing)
    }

    @Test func disarmStopsIt() throws {
        let timer = try TimerFD()
        try timer.arm(at: Date().addingTimeInterval(0.05))
        try timer.disarm()
        #expect(try Poller.wait([timer.fd], timeout: .milliseconds(200)).isEmpty)
        #expect(try timer.read() == .nothing)
    }

    @Test func disarmDiscardsAPendingExpiration() throws {
        let timer = try TimerFD()
        try timer.arm(at: Date().addingTimeInterval(-1))
        #expect(try Poller.wait([timer.fd], timeout: .seconds(1)) == [timer.fd])
        try timer.disarm()
        #expect(try Poller.wait([timer.fd], timeout: .zero).isEmpty)
        #expect(try timer.read() == .nothing)
    }

    @Test func blockingTimerWaitsInRead() throws {
        let timer = try TimerFD(nonBlocking: false)
        let deadline = Date().addingTimeInterval(0.05)
        try timer.arm(at: deadline)
        var wake = try timer.read()
        for _ in 0..<3 where wake == .clockChanged {  // see waitAndRead
            try timer.arm(at: deadline)
            wake = try timer.read()
        }
        #expect(wake == .fired(1))
    }

    @Test func reArmingReplacesTheDeadline() throws {
        let timer = try TimerFD()
        try timer.arm(at: Date().addingTimeInterval(3600))
        let deadline = Date().addingTimeInterval(0.05)
        try timer.arm(at: deadline)
        #expect(try waitAndRead(timer, deadline: deadline) == .fired(1))
    }

    @Test func pastDatesFireAtOnceEvenTheEpoch() throws {
        let timer = try TimerFD()
        for date in [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -5), Date().addingTimeInterval(-1)] {
            try timer.arm(at: date)
            #expect(try Poller.wait([timer.fd], timeout: .seconds(1)) == [timer.fd])
            #expect(try timer.read() == .fired(1))
        }
    }

    @Test func deadlineConversion() {
        let spec = TimerFD.deadline(for: Date(timeIntervalSince1970: 1_700_000_000.25))
        #expect(spec.tv_sec == 1_700_000_000)
        #expect(abs(spec.tv_nsec - 250_000_000) < 1_000)
        let epoch = TimerFD.deadline(for: Date(timeIntervalSince1970: 0))
        #expect(epoch.tv_sec == 0 && epoch.tv_nsec == 1)
    }

    /// `ECANCELED` comes only after `clock_settime(CLOCK_REALTIME)` while the timer is armed, which would change
    /// the host's clock, so the kernel path is not exercised here; this checks how a read's outcome is
    /// interpreted, including that case.
    @Test func readOutcomes() throws {
        #expect(try TimerFD.wake(readResult: 8, errno: 0, expirations: 3) == .fired(3))
        #expect(try TimerFD.wake(readResult: -1, errno: ECANCELED, expirations: 0) == .clockChanged)
        #expect(try TimerFD.wake(readResult: -1, errno: EAGAIN, expirations: 0) == .nothing)
        #expect(throws: SystemdError.failed(call: "read", errno: EBADF, context: "timerfd")) {
            try TimerFD.wake(readResult: -1, errno: EBADF, expirations: 0)
        }
        #expect(throws: SystemdError.shortTransfer(call: "read", expected: 8, actual: 4)) {
            try TimerFD.wake(readResult: 4, errno: 0, expirations: 0)
        }
    }
}

import Foundation
import Glibc

/// Throw-away Unix users for ownership tests (root only): `author`, `approver` and `other`, all in a `submit`
/// group (as members of herald-submit would be), the approver also in an `approvers` group. Names are unique to
/// the test process and tag, so tests running in parallel never share them; everything is removed on deinit.
final class TestUsers {
    let author: String
    let approver: String
    let other: String
    let submitGroup: String
    let approverGroup: String
    private var created: (users: [String], groups: [String]) = ([], [])

    /// Whether these tests can run: creating users and chowning files needs root.
    static var available: Bool { geteuid() == 0 && access("/usr/sbin/useradd", X_OK) == 0 }

    init(tag: String) throws {
        let prefix = "hp\(getpid() % 100_000)\(tag.prefix(6))"
        author = prefix + "a"
        approver = prefix + "p"
        other = prefix + "o"
        submitGroup = prefix + "s"
        approverGroup = prefix + "g"
        for group in [submitGroup, approverGroup] {
            try Self.run("/usr/sbin/groupadd", [group])
            created.groups.append(group)
        }
        for (user, groups) in [(author, submitGroup), (approver, submitGroup + "," + approverGroup),
                               (other, submitGroup)] {
            try Self.run("/usr/sbin/useradd", ["-M", "-U", "-s", "/usr/sbin/nologin", "-G", groups, user])
            created.users.append(user)
        }
    }

    deinit {
        for user in created.users { try? Self.run("/usr/sbin/userdel", [user]) }
        for group in created.groups { try? Self.run("/usr/sbin/groupdel", [group]) }
    }

    func uid(_ user: String) throws -> uid_t {
        guard let entry = getpwnam(user) else { throw HarnessError("no user \(user)") }
        return entry.pointee.pw_uid
    }

    func gid(ofGroup group: String) throws -> gid_t {
        guard let entry = getgrnam(group) else { throw HarnessError("no group \(group)") }
        return entry.pointee.gr_gid
    }

    private static func run(_ program: String, _ arguments: [String]) throws {
        let pid = try Spawner.spawn(program, arguments, stdout: .devNull, stderr: .devNull)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw HarnessError("\(program) \(arguments) failed (wait status \(status))")
        }
    }
}

extension DaemonHarness {
    /// Lets the test users reach the spool the way the installed layout does: the directories traversable,
    /// `incoming/` sticky and writable by all, `replies/` setgid to the submit group so replies are theirs to read.
    func openSpool(to users: TestUsers) throws {
        for path in [root, spool, rejected] {
            mkdir(path, 0o755)
            chmod(path, 0o755)
        }
        chmod(incoming, 0o1777)
        let replies = spool + "/replies"
        mkdir(replies, 0o2750)
        chown(replies, 0, try users.gid(ofGroup: users.submitGroup))
        chmod(replies, 0o2750)
    }

    /// Drops a post file owned by `user` (chowned before it is renamed into `incoming/`).
    func drop(_ name: String, _ text: String, owner user: String, users: TestUsers) throws {
        let temporary = incoming + "/." + name + ".tmp"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        let uid = try users.uid(user)
        guard chown(temporary, uid, try users.gid(ofGroup: users.submitGroup)) == 0,
              rename(temporary, incoming + "/" + name) == 0
        else { throw HarnessError("drop \(name) as \(user): \(String(cString: strerror(errno)))") }
    }

    /// Runs `herald ARGS --config …` as `user` (setpriv, with the user's groups).
    func cli(as user: String, _ arguments: [String]) async throws -> CLIResult {
        try await run("/usr/bin/setpriv", ["--reuid=\(user)", "--regid=\(user)", "--init-groups", "--", herald]
            + arguments + ["--config", configPath])
    }
}

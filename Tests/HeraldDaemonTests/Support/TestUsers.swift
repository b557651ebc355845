import Foundation
import HeraldTestSupport
import Glibc

/// Unix users for ownership tests (root only), without touching the host's user database: `author`, `approver`
/// and `other`, all in a `submit` group (as members of herald-submit would be), the approver also in an
/// `approvers` group. They exist only in copies of /etc/passwd and /etc/group that heraldd and the CLI see in a
/// private mount namespace (`launcher`), so tests running at the same time (this process's, or the systemd
/// sandbox's check that the host's passwd did not change) never see them. Files are chowned by number.
final class TestUsers {
    let author = "hpauthor"
    let approver = "hpapprover"
    let other = "hpother"
    let submitGroup = "hpsubmit"
    let approverGroup = "hpapprovers"
    /// Far above any real account's uid (and below the 32-bit "nobody" values).
    private static let base: UInt32 = 1_900_000_000
    private let uids: [String: uid_t]
    private let gids: [String: gid_t]
    let passwdPath: String
    let groupPath: String

    /// Whether these tests can run: a mount namespace (tried once: a container may deny it even to root) and
    /// chown need root.
    static let available: Bool = {
        let probe = ["--mount", "--propagation", "private", "--", "/bin/sh", "-c", "mount --bind /etc/group /etc/group"]
        guard geteuid() == 0, access("/usr/bin/unshare", X_OK) == 0,
              let pid = try? Spawner.spawn("/usr/bin/unshare", probe, stdout: .devNull, stderr: .devNull)
        else { return false }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status == 0
    }()

    private let directory: String

    /// Writes the passwd and group copies into a fresh temporary directory (removed on deinit).
    init() throws {
        var template = Array("\(NSTemporaryDirectory())/herald-users.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw HarnessError("mkdtemp: \(String(cString: strerror(errno)))") }
        directory = String(cString: made)
        chmod(directory, 0o755)
        uids = [author: Self.base + 1, approver: Self.base + 2, other: Self.base + 3]
        gids = [author: Self.base + 1, approver: Self.base + 2, other: Self.base + 3, submitGroup: Self.base + 11,
                approverGroup: Self.base + 12]
        passwdPath = directory + "/passwd"
        groupPath = directory + "/group"
        var passwd = try String(contentsOfFile: "/etc/passwd", encoding: .utf8)
        var group = try String(contentsOfFile: "/etc/group", encoding: .utf8)
        if !passwd.hasSuffix("\n") { passwd += "\n" }
        if !group.hasSuffix("\n") { group += "\n" }
        for user in [author, approver, other] {
            passwd += "\(user):x:\(uids[user]!):\(gids[user]!)::/nonexistent:/usr/sbin/nologin\n"
            group += "\(user):x:\(gids[user]!):\n"
        }
        group += "\(submitGroup):x:\(gids[submitGroup]!):\(author),\(approver),\(other)\n"
        group += "\(approverGroup):x:\(gids[approverGroup]!):\(approver)\n"
        try Data(passwd.utf8).write(to: URL(fileURLWithPath: passwdPath))
        try Data(group.utf8).write(to: URL(fileURLWithPath: groupPath))
        chmod(passwdPath, 0o644)
        chmod(groupPath, 0o644)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func uid(_ user: String) throws -> uid_t {
        guard let uid = uids[user] else { throw HarnessError("no test user \(user)") }
        return uid
    }

    func gid(ofGroup group: String) throws -> gid_t {
        guard let gid = gids[group] else { throw HarnessError("no test group \(group)") }
        return gid
    }

    /// Runs the rest of the command line in a private mount namespace where these users exist (exec in place, so
    /// the pid is the command's).
    var launcher: [String] {
        ["/usr/bin/unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
         "mount --bind \"$1\" /etc/passwd && mount --bind \"$2\" /etc/group && shift 2 && exec \"$@\"", "sh",
         passwdPath, groupPath]
    }
}

extension DaemonHarness {
    /// Runs heraldd where `users` exist, and lets them reach the spool the way the installed layout does: the
    /// directories traversable, `incoming/` sticky and writable by all, `replies/` setgid to the submit group so
    /// replies are theirs to read.
    func runWith(_ users: TestUsers) throws {
        launcher = users.launcher
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

    /// Runs `herald ARGS --config …` as `user` (setpriv, with the user's groups), where `users` exist.
    func cli(as user: String, _ arguments: [String], users: TestUsers) async throws -> CLIResult {
        let command = users.launcher + ["/usr/bin/setpriv", "--reuid=\(user)", "--regid=\(user)", "--init-groups",
                                        "--", herald] + arguments + ["--config", configPath]
        return try await run(command[0], Array(command.dropFirst()))
    }
}

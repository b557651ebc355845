import Foundation
import Glibc
import HeraldCore

/// Resolves uids and user names through the system's user database (getpwuid_r, getpwnam_r, getgrouplist,
/// getgrgid_r), so `submitters` and `approvers` are checked against what the kernel says owns a file.
enum UserDirectory {
    /// The principal owning `uid`: its user name and every group it is in. A uid without a passwd entry is
    /// named by its number and has no groups (it can match no list unless the list names that number).
    static func principal(uid: UInt32) -> Principal {
        guard let (name, gid) = account(uid: uid) else { return Principal(uid: uid, user: "\(uid)", groups: []) }
        return Principal(uid: uid, user: name, groups: groups(of: name, primary: gid))
    }

    /// The principal named `user`, or nil when there is no such user.
    static func principal(user: String) -> Principal? {
        var entry = Glibc.passwd()
        var result: UnsafeMutablePointer<Glibc.passwd>?
        var buffer = [CChar](repeating: 0, count: 16384)
        guard getpwnam_r(user, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return Principal(uid: entry.pw_uid, user: user, groups: groups(of: user, primary: entry.pw_gid))
    }

    private static func account(uid: UInt32) -> (String, gid_t)? {
        var entry = Glibc.passwd()
        var result: UnsafeMutablePointer<Glibc.passwd>?
        var buffer = [CChar](repeating: 0, count: 16384)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil,
              let name = entry.pw_name
        else { return nil }
        return (String(cString: name), entry.pw_gid)
    }

    private static func groups(of user: String, primary: gid_t) -> [String] {
        var count: Int32 = 64
        var ids = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(user, primary, &ids, &count) < 0 {
            ids = [gid_t](repeating: 0, count: Int(count))
            guard getgrouplist(user, primary, &ids, &count) >= 0 else { return groupName(primary).map { [$0] } ?? [] }
        }
        return ids.prefix(Int(count)).compactMap(groupName)
    }

    private static func groupName(_ gid: gid_t) -> String? {
        var entry = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 65536)
        guard getgrgid_r(gid, &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.gr_name
        else { return nil }
        return String(cString: name)
    }
}

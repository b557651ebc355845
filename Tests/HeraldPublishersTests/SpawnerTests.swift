import Foundation
import HeraldTestSupport
import Testing

/// The tests' process launcher: children get the three standard descriptors and nothing else.
@Suite struct SpawnerTests {
    /// A descriptor opened without O_CLOEXEC (as Foundation's `Data.write` may) is not inherited: a long-lived
    /// child holding a spool file open for writing would make heraldd wait for a writer that never closes it.
    @Test func childrenInheritOnlyTheStandardDescriptors() async throws {
        try await withTemporaryDirectory { directory in
            let leaky = open(directory.appendingPathComponent("leaky").path, O_WRONLY | O_CREAT, 0o644)
            try #require(leaky >= 0)
            defer { close(leaky) }
            let output = directory.appendingPathComponent("fds").path
            let pid = try Spawner.spawn("/bin/sh", ["-c", "cd /proc/self/fd && echo *"], stdout: .writeFile(output))
            #expect(await Spawner.wait(pid, timeout: .seconds(10)) == .exited(0))
            let listed = try String(contentsOfFile: output, encoding: .utf8)
                .split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            #expect(!listed.contains("\(leaky)"), "fd \(leaky) leaked into the child: \(listed)")
        }
    }
}

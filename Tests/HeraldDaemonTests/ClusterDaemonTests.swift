import Foundation
import HeraldTestSupport
import Testing

/// Several heraldd nodes sharing one PostgreSQL database (issue 17), the real binaries on the tests' own server.
@Suite("Nodes sharing a PostgreSQL database")
struct ClusterDaemonTests {
    static let accounts = (1...6).map { "a\($0)" }

    /// Checks that every post's parts are in the outbox exactly once, in order, each later part replying to the
    /// one before, with no gap or repeat in any account's seqs. Parts are told apart by their text, `post N part
    /// M`; other statuses (a session's) are only counted. Returns the number of statuses found.
    @discardableResult
    static func checkExactlyOnce(_ files: [String: [OutboxFile]], posts: [Int: Int]) -> Int {
        var byText: [String: [OutboxFile]] = [:]
        for (account, list) in files {
            #expect(list.compactMap(\.seq).sorted() == Array(1..<(list.count + 1)),
                    "\(account): seqs without gaps or repeats")
            for file in list { byText[file.text ?? "", default: []].append(file) }
        }
        for (post, parts) in posts {
            let files = (1...parts).map { byText["post \(post) part \($0)"] ?? [] }
            #expect(files.map(\.count) == Array(repeating: 1, count: parts), "post \(post): each part exactly once")
            let found = files.compactMap(\.first)
            guard found.count == parts else { continue }
            for (previous, next) in zip(found, found.dropFirst()) {
                #expect((next.seq ?? 0) > (previous.seq ?? 0), "post \(post): parts in order")
                #expect(next.inReplyTo == previous.json["id"], "post \(post): each part replies to the one before")
            }
        }
        return files.values.map(\.count).reduce(0, +)
    }

    /// Post `index`'s file: `parts` parts reading `post INDEX part N`.
    static func post(_ index: Int, parts: Int, account: String, headers: [String] = ["At: now"]) -> String {
        postText(["Account: \(account)"] + headers,
                 (1...parts).map { "post \(index) part \($0)" }.joined(separator: "\n---\n"))
    }

    @Test("three nodes split six accounts, publish what any spool receives exactly once, and list themselves")
    func threeNodes() async throws {
        let cluster = try ClusterHarness(nodes: 3, accounts: Self.accounts)
        try await cluster.startAll()
        var posts: [Int: Int] = [:]
        for index in 0..<60 {
            let parts = index % 5 == 0 ? 3 : 1
            try cluster.nodes[index % 3].drop("post-\(index).post", Self.post(index, parts: parts,
                                                                             account: Self.accounts[index % 6]))
            posts[index] = parts
        }
        let expected = posts.values.reduce(0, +)
        try await cluster.waitForOutbox(Self.accounts, count: expected, timeout: .seconds(60))
        try await Task.sleep(for: .milliseconds(500))  // anything doubled would show now
        let files = try cluster.outbox(Self.accounts)
        #expect(Self.checkExactlyOnce(files, posts: posts) == expected)

        // Accounts move while shares settle (a node gives back idle ones at its step, another takes them at its
        // own): wait for a moment when every account is held, each by one node, two per node.
        let list = try await cluster.nodes[1].eventually("every account held once, two per node") {
            () async throws -> [JSON]? in
            let list = try await cluster.nodesJSON(1).array ?? []
            let claimed = list.flatMap { $0["claims"]?.array ?? [] }.compactMap { $0["account"]?.string }
            let even = list.allSatisfy { ($0["claims"]?.array ?? []).count == 2 }
            return claimed.sorted() == Self.accounts && even ? list : nil
        }
        #expect(list.compactMap { $0["name"]?.string }.sorted() == ["n1", "n2", "n3"])
        #expect(list.allSatisfy { $0["state"]?.string == "live" }, "\(list)")
        for node in cluster.nodes { #expect(try await node.stop() == .exited(0)) }
    }
}

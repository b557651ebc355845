import Foundation
import HeraldCore
import Testing
@testable import HeraldPublishers

@Suite struct PublisherFactoryTests {
    let state = URL(fileURLWithPath: "/var/lib/herald", isDirectory: true)

    @Test func outboxAccountsWriteUnderStateOutboxName() throws {
        let publisher = try PublisherFactory.make(for: Account(name: "brand", network: .outbox), stateDirectory: state)
        let outbox = try #require(publisher as? OutboxPublisher)
        #expect(outbox.directory.standardizedFileURL.path == "/var/lib/herald/outbox/brand")
        #expect(outbox.account == "brand")
    }

    @Test func execAccountsRunTheirCommandWithTheirTimeout() throws {
        let account = Account(name: "hook", network: .exec, command: ["/usr/local/bin/post", "--quiet"], timeout: 12)
        let exec = try #require(try PublisherFactory.make(for: account, stateDirectory: state) as? ExecPublisher)
        #expect(exec.command == ["/usr/local/bin/post", "--quiet"])
        #expect(exec.timeout == 12)
    }

    @Test func anExecAccountWithoutCommandIsAnErrorNamingIt() {
        #expect(throws: PublisherFactoryError.emptyCommand(account: "hook")) {
            try PublisherFactory.make(for: Account(name: "hook", network: .exec), stateDirectory: state)
        }
        #expect(PublisherFactoryError.emptyCommand(account: "hook").description.contains("hook"))
    }

    @Test(arguments: [Network.x, .mastodon, .bluesky])
    func realNetworksNeedCredentials(network: Network) {
        let error = PublisherFactoryError.missingCredentials(account: "ceo", network: network)
        #expect(throws: error) {
            try PublisherFactory.make(for: Account(name: "ceo", network: network), stateDirectory: state)
        }
        #expect(error.description.contains("ceo") && error.description.contains(network.rawValue))
    }

    @Test(arguments: ["", ".", "..", "a/b"])
    func outboxNamesMustBeDirectoryNames(name: String) {
        #expect(throws: PublisherFactoryError.unusableAccountName(account: name)) {
            try PublisherFactory.make(for: Account(name: name, network: .outbox), stateDirectory: state)
        }
    }
}

import Foundation
import Testing
@testable import HeraldCore

/// Every upstream twitter-text conformance case: weighted lengths (v2, v3) and URL extraction.
@Suite struct TwitterConformanceTests {
    @Test func fixturesAreAllThere() {
        #expect(ConformanceFixtures.weightedLengthCases.count == 44)
        #expect(ConformanceFixtures.urlCases.count == 108)
    }

    @Test(arguments: ConformanceFixtures.weightedLengthCases)
    func weightedLength(_ testCase: WeightedLengthCase) {
        let result = TwitterText.parse(testCase.text, configuration: testCase.configuration)
        #expect(result.weightedLength == testCase.weightedLength)
        #expect(result.isValid == testCase.valid)
        #expect(result.permillage == testCase.permillage)
        #expect(result.displayRange == testCase.displayRangeStart...testCase.displayRangeEnd)
        #expect(result.validRange == testCase.validRangeStart...testCase.validRangeEnd)
        #expect(testCase.text.utf16.count == testCase.textUTF16Length)
    }

    @Test(arguments: ConformanceFixtures.urlCases)
    func extractURLs(_ testCase: URLCase) {
        let found = TwitterText.extractURLs(testCase.text)
        #expect(found.map(\.url) == testCase.urls)
        if let entities = testCase.entities {
            #expect(found.map { [$0.range.lowerBound, $0.range.upperBound] } == entities.map(\.indices))
        }
    }

    /// The built-in configurations are upstream's files.
    @Test(arguments: [("twitter-text-v2", TwitterTextConfiguration.v2), ("twitter-text-v3", .v3)])
    func configurationsMatchUpstream(_ name: String, _ configuration: TwitterTextConfiguration) throws {
        #expect(try ConformanceFixtures.decode(TwitterTextConfiguration.self, from: name) == configuration)
    }

    /// Sources/HeraldCore/TwitterTLDs.swift was generated from the fixture (scripts/gen-tlds.py).
    @Test func tldListMatchesFixture() throws {
        let lists = try ConformanceFixtures.decode([String: [String]].self, from: "twitter_tld_lib")
        let expected = Set(lists.values.joined().map { $0.lowercased() })
        #expect(TwitterTLDs.all == expected)
        #expect(TwitterTLDs.maxScalarCount == expected.map(\.unicodeScalars.count).max())
    }
}

import Foundation
import HeraldCore
import Testing

/// The upstream twitter-text conformance data in Fixtures/ (copied from shared/conformance), decoded.
enum ConformanceFixtures {
    struct Missing: Error, CustomStringConvertible {
        var name: String
        var description: String { "fixture \(name).json is missing from the test bundle" }
    }

    static func data(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw Missing(name: name)
        }
        return try Data(contentsOf: url)
    }

    static func decode<T: Decodable>(_ type: T.Type, from name: String) throws -> T {
        try JSONDecoder().decode(type, from: data(name))
    }

    /// twitter_weighted_length.json: 44 cases, v2, v3 and "default" (which is v3 upstream).
    static let weightedLengthCases: [WeightedLengthCase] =
        (try? decode([WeightedLengthCase].self, from: "twitter_weighted_length")) ?? []

    /// twitter_extract_urls.json: 108 cases, plain lists of URLs and URLs with UTF-16 indices.
    static let urlCases: [URLCase] = (try? decode([URLCase].self, from: "twitter_extract_urls")) ?? []
}

/// One case of twitter_weighted_length.json.
struct WeightedLengthCase: Decodable, Sendable, CustomTestStringConvertible {
    var section: String
    var index: Int
    var config: String
    var description: String
    var text: String
    var textUTF16Length: Int
    var weightedLength: Int
    var valid: Bool
    var permillage: Int
    var displayRangeStart: Int
    var displayRangeEnd: Int
    var validRangeStart: Int
    var validRangeEnd: Int

    var configuration: TwitterTextConfiguration { config == "v2" ? .v2 : .v3 }
    var testDescription: String { "\(config) #\(index) \(description)" }
}

/// One case of twitter_extract_urls.json: `expected` is a list of URLs, or of `{url, indices}` objects.
struct URLCase: Decodable, Sendable, CustomTestStringConvertible {
    struct Entity: Decodable, Sendable, Equatable {
        var url: String
        var indices: [Int]
    }

    var section: String
    var index: Int
    var description: String
    var text: String
    var urls: [String]
    var entities: [Entity]?

    enum CodingKeys: String, CodingKey {
        case section, index, description, text, expected
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        section = try container.decode(String.self, forKey: .section)
        index = try container.decode(Int.self, forKey: .index)
        description = try container.decode(String.self, forKey: .description)
        text = try container.decode(String.self, forKey: .text)
        if let plain = try? container.decode([String].self, forKey: .expected) {
            urls = plain
            entities = nil
        } else {
            let entities = try container.decode([Entity].self, forKey: .expected)
            self.entities = entities
            urls = entities.map(\.url)
        }
    }

    var testDescription: String { "\(section) #\(index) \(description)" }
}

import Foundation
import HeraldCore

/// Learned curves are stored typed (issue 16): 672 IEEE 754 doubles, little-endian, in a BLOB, instead of the CSV
/// text that had to be parsed again for every intake batch. Decoding checks the size and the values, so a damaged
/// row is reported (``LearnedCurves/problems``) rather than dropped without a word.
extension ActivityCurve {
    /// The BLOB form: `count` × 8 bytes.
    var storedBytes: Data {
        var data = Data(capacity: Self.count * 8)
        for value in values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    /// A curve from its BLOB form; the reason it is not one otherwise.
    static func decoding(stored data: Data?) -> Result<ActivityCurve, LearnedCurveProblem> {
        guard let data else { return .failure(.missing) }
        guard data.count == Self.count * 8 else { return .failure(.wrongSize(bytes: data.count)) }
        let bytes = [UInt8](data)
        let values = (0..<Self.count).map { index in
            var bits: UInt64 = 0
            for byte in (0..<8).reversed() { bits = bits << 8 | UInt64(bytes[index * 8 + byte]) }
            return Double(bitPattern: bits)
        }
        do {
            return .success(try ActivityCurve(values: values))
        } catch {
            return .failure(.invalid("\(error)"))
        }
    }
}

/// Why a stored learned curve cannot be used.
public enum LearnedCurveProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// No typed value: a row written before the typed form whose CSV did not parse when it was converted.
    case missing
    case wrongSize(bytes: Int)
    /// Sizes right, values not a curve (negative, not finite).
    case invalid(String)

    public var description: String {
        switch self {
        case .missing: "no readable curve stored (its text did not parse when the database was upgraded)"
        case .wrongSize(let bytes): "stored curve is \(bytes) bytes, not \(ActivityCurve.count * 8)"
        case .invalid(let reason): "stored curve is not an activity curve: \(reason)"
        }
    }
}

/// The learned curves of the database: the usable ones by account, and the accounts whose stored curve is damaged
/// (their posts are planned with the account's audience, and the daemon reports them as degraded).
public struct LearnedCurves: Sendable, Equatable {
    public var curves: [String: ActivityCurve] = [:]
    public var problems: [String: LearnedCurveProblem] = [:]

    public init(curves: [String: ActivityCurve] = [:], problems: [String: LearnedCurveProblem] = [:]) {
        self.curves = curves
        self.problems = problems
    }

    /// One line per damaged curve, with what to do: for `STATUS=`, the journal and the CLI.
    public var problemDescriptions: [String] {
        problems.keys.sorted().map { account in
            "learned curve of \(account): \(problems[account]!); planning with its audience "
                + "(herald learn --account \(account) again, or --reset)"
        }
    }
}

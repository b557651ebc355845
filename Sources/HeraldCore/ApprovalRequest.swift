import Foundation

/// A decision about a held post, as `herald approve` / `herald reject` drop it into `incoming/` (a file named
/// `*.approval`): header lines like a post file, no body.
///
/// ```
/// Approve: 7k2m9x4q1c          (or  Reject: 7k2m9x4q1c)
/// Reason: off-brand tone       (required with Reject)
/// As: alice                    (honoured only in a file owned by root)
/// ```
/// Who decides is the file's owner, as the kernel recorded it — never a header — except for root's `As:`.
public struct ApprovalRequest: Sendable, Equatable {
    public enum Decision: Sendable, Equatable {
        case approve
        case reject(reason: String)
    }

    public var postID: String
    public var decision: Decision
    /// Root acting for a named approver (`herald approve --as USER`).
    public var actingAs: String?

    public init(postID: String, decision: Decision, actingAs: String? = nil) {
        self.postID = postID
        self.decision = decision
        self.actingAs = actingAs
    }

    /// The file suffix the daemon recognises in `incoming/`.
    public static let suffix = ".approval"

    /// Whether a name in `incoming/` is an approval file: `*.approval`, not hidden.
    public static func isCandidate(_ name: String) -> Bool {
        !name.hasPrefix(".") && name.hasSuffix(suffix) && name.count > suffix.count
    }

    /// The file's text.
    public var text: String {
        var lines: [String] = []
        switch decision {
        case .approve: lines.append("Approve: \(postID)")
        case let .reject(reason):
            lines.append("Reject: \(postID)")
            lines.append("Reason: \(Self.oneLine(reason))")
        }
        if let actingAs { lines.append("As: \(actingAs)") }
        return lines.map { $0 + "\n" }.joined()
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// Parses an approval file; the error is a sentence for the reply.
    public static func parse(_ text: String) -> Result<ApprovalRequest, ApprovalRequestError> {
        var fields: [String: String] = [:]
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            guard let colon = line.firstIndex(of: ":") else {
                return .failure(.malformed(line: number + 1, "expected `Name: value`"))
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard ["approve", "reject", "reason", "as"].contains(name) else {
                return .failure(.malformed(line: number + 1, "unknown header \(name)"))
            }
            guard fields[name] == nil else { return .failure(.malformed(line: number + 1, "\(name) given twice")) }
            fields[name] = value
        }
        let actingAs = fields["as"].flatMap { $0.isEmpty ? nil : $0 }
        switch (fields["approve"], fields["reject"]) {
        case let (id?, nil) where !id.isEmpty:
            return .success(ApprovalRequest(postID: id, decision: .approve, actingAs: actingAs))
        case let (nil, id?) where !id.isEmpty:
            guard let reason = fields["reason"], !reason.isEmpty else { return .failure(.missingReason) }
            return .success(ApprovalRequest(postID: id, decision: .reject(reason: reason), actingAs: actingAs))
        default:
            return .failure(.missingDecision)
        }
    }
}

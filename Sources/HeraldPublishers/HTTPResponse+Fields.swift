import Foundation

extension HTTPResponse {
    /// A top-level field of a JSON object body, as text (Graph and Rest.li ids come as strings or as numbers).
    func jsonField(_ name: String) -> String? {
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        return object?[name] as? String ?? (object?[name] as? NSNumber)?.stringValue
    }

    /// When `Retry-After` (in seconds) says to try again, counted from `now`.
    public func retryAfter(now: Date) -> Date? {
        header("Retry-After").flatMap { TimeInterval($0.trimmingCharacters(in: .whitespaces)) }
            .map { now.addingTimeInterval($0) }
    }
}

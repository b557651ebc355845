import Foundation

/// A `multipart/form-data` body (RFC 7578) for media uploads (pure).
public struct MultipartFormBody: Sendable {
    /// Separates the parts; chosen by the caller so bodies are reproducible in tests.
    public var boundary: String
    public private(set) var bytes: [UInt8] = []

    public init(boundary: String) {
        self.boundary = boundary
    }

    /// The `Content-Type` header value announcing the boundary.
    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// Adds a text field.
    public mutating func add(name: String, value: String) {
        append("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quoted(name))\"\r\n")
        append("Content-Type: text/plain; charset=utf-8\r\n\r\n")
        bytes += Array(value.utf8)
        append("\r\n")
    }

    /// Adds a file field.
    public mutating func add(name: String, filename: String, mimeType: String, data: [UInt8]) {
        append("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quoted(name))\"; ")
        append("filename=\"\(Self.quoted(filename))\"\r\nContent-Type: \(mimeType)\r\n\r\n")
        bytes += data
        append("\r\n")
    }

    /// The complete body, closing delimiter included.
    public var finished: [UInt8] { bytes + Array("--\(boundary)--\r\n".utf8) }

    private mutating func append(_ text: String) { bytes += Array(text.utf8) }

    /// Names and file names go inside double quotes: quotes, backslashes and line breaks are percent-encoded as
    /// RFC 7578 suggests, so no name can end its header early.
    static func quoted(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "%22"
            case "\\": result += "%5C"
            case "\r": result += "%0D"
            case "\n": result += "%0A"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

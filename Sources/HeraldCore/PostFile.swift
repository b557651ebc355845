import Foundation

/// A post file as written (DESIGN, "Post files"): headers read and checked for syntax, the body split into thread
/// parts, but not yet checked against the configuration (accounts, limits, times in the past); that is
/// `PostValidator`'s job.
///
/// Line numbers of headers and parts are kept so that later errors can point at the line to fix.
public struct PostFile: Sendable, Equatable {
    /// The `Account:` names in the order given; empty means the configuration's `default_account`.
    public var accounts: [String]
    public var at: TimeSpec?
    public var notBefore: TimeSpec?
    public var notAfter: TimeSpec?
    public var author: String?
    public var id: String?
    /// A well-formed BCP 47 tag as written; nil means the account's language.
    public var language: String?
    public var inReplyTo: String?
    public var kind: PostKind
    /// Whether `---` lines split the body into a thread (`Thread: no` turns it off).
    public var thread: Bool
    /// `Media:` headers in order (files to attach to the first status).
    public var media: [PostMedia] = []
    /// `Content-Warning:` as written (trimmed, never empty), or nil.
    public var contentWarning: String?
    /// `Hold:`: why the post waits for an approver on every account (`yes` gives a standard reason); nil for none.
    public var hold: String?
    /// `Repeat:`: how often the post comes back after each publication; nil for a post published once.
    public var repeatEvery: RepeatInterval?
    /// `Repeat-Until:`, only with `Repeat:`.
    public var repeatUntil: TimeSpec?
    /// `Repeat-Count:`, only with `Repeat:`.
    public var repeatCount: Int?
    /// `X-` headers, by name as first written, values trimmed. Herald keeps them for tools and ignores them.
    public var extensionHeaders: [String: String]
    /// Everything after the blank line, with one trailing newline removed and CRLF read as LF.
    public var body: String
    /// The statuses to publish, in order: one part, or more when the body is a thread.
    public var parts: [PostPart]
    /// The 1-based line of each header present.
    public var headerLines: [PostHeader: Int]
    /// The 1-based line where the body starts (the line after the blank line).
    public var bodyLine: Int

    /// A post file built directly (tools, tests). `parts` nil means the whole body as one part at `bodyLine`.
    public init(
        accounts: [String] = [], at: TimeSpec? = nil, notBefore: TimeSpec? = nil, notAfter: TimeSpec? = nil,
        author: String? = nil, id: String? = nil, language: String? = nil, inReplyTo: String? = nil,
        kind: PostKind = .post, thread: Bool = true, extensionHeaders: [String: String] = [:], body: String,
        parts: [PostPart]? = nil, headerLines: [PostHeader: Int] = [:], bodyLine: Int = 1
    ) {
        self.accounts = accounts
        self.at = at
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.author = author
        self.id = id
        self.language = language
        self.inReplyTo = inReplyTo
        self.kind = kind
        self.thread = thread
        self.extensionHeaders = extensionHeaders
        self.body = body
        self.parts = parts ?? [PostPart(text: body, line: bodyLine)]
        self.headerLines = headerLines
        self.bodyLine = bodyLine
    }

    /// The repeat rule of `Repeat:`, `Repeat-Until:` and `Repeat-Count:`; nil for a post published once.
    public var repeatRule: RepeatRule? {
        repeatEvery.map { RepeatRule(every: $0, until: repeatUntil, count: repeatCount) }
    }

    /// The line `header` was on, if present.
    public func line(of header: PostHeader) -> Int? { headerLines[header] }

    /// The value of an `X-` header, whatever the letter case of `name`.
    public func extensionHeader(named name: String) -> String? {
        let lowered = name.lowercased()
        return extensionHeaders.first { $0.key.lowercased() == lowered }?.value
    }

    /// Parses a post file's raw bytes. Stops at the first problem, reported with its line.
    ///
    /// The bytes must be UTF-8 without NUL; a leading UTF-8 BOM is skipped and CRLF line ends are read as LF
    /// everywhere, the body included, so a file saved on Windows publishes the same text. A line that is empty or
    /// only whitespace ends the headers.
    public static func parse(_ bytes: [UInt8]) throws(PostFileError) -> PostFile {
        let lines = try decodeLines(bytes)
        guard lines.contains(where: { !isBlank($0) }) else {
            throw .emptyBody(line: lines.firstIndex(where: isBlank).map { $0 + 2 } ?? 1)
        }
        guard let blank = lines.firstIndex(where: isBlank) else {
            let firstNonHeader = lines.indices.first { headerSyntaxProblem(lines[$0]) != nil }
            throw .missingBlankLine(line: firstNonHeader.map { $0 + 1 })
        }

        var file = PostFile(body: "", bodyLine: blank + 2)
        var seen: [String: Int] = [:]  // lowercased name → line, to find duplicates
        for index in 0..<blank {
            try file.read(headerLine: lines[index], line: index + 1, seen: &seen)
        }
        if let atLine = file.line(of: .at) {
            if let window = [PostHeader.notBefore, .notAfter].first(where: { file.line(of: $0) != nil }),
               let windowLine = file.line(of: window) {
                throw .atWithWindow(line: atLine, window: window, windowLine: windowLine)
            }
        }
        try file.checkRepeat()
        try file.read(body: lines[(blank + 1)...])
        return file
    }

    // MARK: - Bytes to lines

    /// The file's lines (without their LF) after checking the encoding. A final LF ends the last line rather than
    /// starting an empty one, which is how "one trailing newline removed" falls out.
    private static func decodeLines(_ bytes: [UInt8]) throws(PostFileError) -> [String] {
        var input = bytes[...]
        if input.starts(with: [0xEF, 0xBB, 0xBF]) { input = input.dropFirst(3) }
        var iterator = input.makeIterator()
        var decoder = Unicode.UTF8()
        var scalars = String.UnicodeScalarView()
        var line = 1
        var pendingCR = false
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\0" { throw .nulByte(line: line) }
                if pendingCR && scalar != "\n" { scalars.append("\r") }
                pendingCR = scalar == "\r"
                if scalar == "\n" { line += 1 }
                if !pendingCR { scalars.append(scalar) }
            case .emptyInput:
                break decoding
            case .error:
                throw .invalidUTF8(line: line)
            }
        }
        if pendingCR { scalars.append("\r") }
        // Split by scalars, not Characters: with CRLF gone every LF is a line end.
        var lines = scalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(Substring($0)) }
        if scalars.last == "\n" || scalars.isEmpty { lines.removeLast() }
        return lines
    }

    private static func isBlank(_ line: String) -> Bool { line.allSatisfy(\.isWhitespace) }

    // MARK: - Headers

    /// Why `line` is not `Name: value`, or nil when it is.
    private static func headerSyntaxProblem(_ line: String) -> String? {
        guard let colon = line.firstIndex(of: ":") else { return "no colon" }
        let name = line[..<colon]
        if name.isEmpty { return "empty header name" }
        if name.contains(where: \.isWhitespace) { return "whitespace in the header name" }
        if !name.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) {
            return "the header name must be printable ASCII"
        }
        return nil
    }

    private mutating func read(headerLine text: String, line: Int, seen: inout [String: Int]) throws(PostFileError) {
        if let reason = Self.headerSyntaxProblem(text) {
            throw .malformedHeader(line: line, text: text, reason: reason)
        }
        let colon = text.firstIndex(of: ":")!
        let name = String(text[..<colon])
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        let lowered = name.lowercased()

        let header = PostHeader(name: name)
        guard header != nil || lowered.hasPrefix("x-") else {
            throw .unknownHeader(name: name, line: line, suggestion: PostHeader.suggestion(for: name))
        }
        if header != .media, let firstLine = seen[lowered] {
            throw .duplicateHeader(name: name, line: line, firstLine: firstLine)
        }
        if seen[lowered] == nil { seen[lowered] = line }
        guard let header else {
            extensionHeaders[name] = value
            return
        }
        guard !value.isEmpty else { throw .emptyValue(header: header, line: line) }
        if headerLines[header] == nil { headerLines[header] = line }

        switch header {
        case .account:
            accounts = try Self.accountList(value, line: line)
        case .at:
            at = try Self.time(value, header: header, line: line)
        case .notBefore:
            notBefore = try Self.time(value, header: header, line: line)
        case .notAfter:
            notAfter = try Self.time(value, header: header, line: line)
        case .author:
            author = value
        case .id:
            id = value
        case .language:
            guard LanguageTag.isWellFormed(value) else { throw .invalidLanguage(value: value, line: line) }
            language = value
        case .inReplyTo:
            inReplyTo = value
        case .contentWarning:
            contentWarning = value
        case .kind:
            guard let parsed = PostKind(rawValue: value.lowercased()) else {
                let expected = PostKind.allCases.map(\.rawValue)
                throw .invalidValue(header: header, line: line, value: value, expected: expected)
            }
            kind = parsed
        case .media:
            switch PostMedia.parse(value, line: line) {
            case .success(let item): media.append(item)
            case .failure(let error): throw .invalidMedia(line: line, value: value, reason: error.reason)
            }
        case .hold:
            switch value.lowercased() {
            case "no": hold = nil
            case "yes": hold = "the post file asks for approval"
            default: hold = value
            }
        case .repeatEvery:
            do {
                repeatEvery = try RepeatInterval.parse(value)
            } catch {
                throw .invalidRepeat(line: line, error: error)
            }
        case .repeatUntil:
            repeatUntil = try Self.time(value, header: header, line: line)
        case .repeatCount:
            guard value.allSatisfy({ ("0"..."9").contains($0) }), value.count <= 6, let count = Int(value), count >= 1
            else { throw .invalidRepeatCount(line: line, value: value) }
            repeatCount = count
        case .thread:
            switch value.lowercased() {
            case "yes": thread = true
            case "no": thread = false
            default: throw .invalidValue(header: header, line: line, value: value, expected: ["yes", "no"])
            }
        }
    }

    /// `Repeat-Until:` and `Repeat-Count:` need `Repeat:`; a reply cannot repeat (it would answer one post again
    /// and again).
    private func checkRepeat() throws(PostFileError) {
        guard let repeatLine = line(of: .repeatEvery) else {
            for header in [PostHeader.repeatUntil, .repeatCount] {
                if let line = line(of: header) { throw .repeatBoundWithoutRepeat(header: header, line: line) }
            }
            return
        }
        if let replyLine = line(of: .inReplyTo) { throw .repeatWithReply(line: repeatLine, replyLine: replyLine) }
    }

    private static func accountList(_ value: String, line: Int) throws(PostFileError) -> [String] {
        var names: [String] = []
        for piece in value.split(separator: ",", omittingEmptySubsequences: false) {
            let name = piece.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw .emptyAccountName(line: line) }
            guard !names.contains(name) else { throw .duplicateAccount(name: name, line: line) }
            names.append(name)
        }
        return names
    }

    private static func time(_ value: String, header: PostHeader, line: Int) throws(PostFileError) -> TimeSpec {
        let spec: TimeSpec
        do {
            spec = try TimeSpec.parse(value)
        } catch {
            throw .invalidTime(header: header, line: line, error: error)
        }
        if spec == .now && header != .at { throw .nowNotAllowed(header: header, line: line) }
        return spec
    }

    // MARK: - Body

    private mutating func read(body lines: ArraySlice<String>) throws(PostFileError) {
        body = lines.joined(separator: "\n")
        guard !body.allSatisfy(\.isWhitespace) else { throw .emptyBody(line: bodyLine) }
        guard thread else {
            parts = [PostPart(text: body, line: bodyLine)]
            return
        }

        // Each group of lines between separators, with the separator lines around it for citing empty parts.
        var groups: [(lines: [String], first: Int?, separatorBefore: Int?, separatorAfter: Int?)] = []
        var current: [String] = []
        var currentFirst: Int?
        var separatorBefore: Int?
        for (offset, text) in lines.enumerated() {
            let line = bodyLine + offset
            if text == "---" {
                groups.append((current, currentFirst, separatorBefore, line))
                current = []
                currentFirst = nil
                separatorBefore = line
            } else {
                if currentFirst == nil { currentFirst = line }
                current.append(text)
            }
        }
        groups.append((current, currentFirst, separatorBefore, nil))

        parts = []
        for (index, group) in groups.enumerated() {
            let text = group.lines.joined(separator: "\n")
            let line = group.first ?? group.separatorBefore ?? group.separatorAfter ?? bodyLine
            guard !text.allSatisfy(\.isWhitespace) else { throw .emptyPart(part: index, line: line) }
            parts.append(PostPart(text: text, line: line))
        }
    }
}

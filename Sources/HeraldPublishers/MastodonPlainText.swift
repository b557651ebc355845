import Foundation

/// The plain text Herald compares when it looks a status up on Mastodon (pure).
///
/// Mastodon answers statuses with HTML `content` (its formatter turns newlines into `<p>`/`<br />`, wraps links in
/// spans, shows a remote mention `@alice@example.social` as `@alice`, escapes `<`, `>`, `&`, quotes). Both sides are
/// brought to one form: tags removed (block breaks become spaces), entities unescaped, every `@user@domain` written
/// `@user`, whitespace runs collapsed to one space and the ends trimmed. Two texts that differ only in how they
/// were laid out compare equal; that is all a look-up after an unknown outcome needs.
public enum MastodonPlainText {
    /// `content` HTML as plain text, normalised.
    public static func fromHTML(_ html: String) -> String {
        normalized(unescaped(strippingTags(html)))
    }

    /// A status text as Herald sends it, normalised the way ``fromHTML(_:)`` normalises content.
    public static func normalized(_ text: String) -> String {
        let mentions = text.replacing(/(^|[^\w\/])@(\w+)@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}/) { match in
            "\(match.output.1)@\(match.output.2)"
        }
        return mentions.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The text between tags; `<br>`, `<p>` and `</p>` become a space, so `<p>a</p><p>b</p>` reads `a b`.
    static func strippingTags(_ html: String) -> String {
        var result = ""
        var tag: String?
        for character in html {
            if var open = tag {
                if character == ">" {
                    let name = open.lowercased().drop { $0 == "/" }.prefix { $0.isLetter }
                    if name == "br" || name == "p" { result.append(" ") }
                    tag = nil
                } else {
                    open.append(character)
                    tag = open
                }
            } else if character == "<" {
                tag = ""
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Named entities Mastodon writes (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;`) and numeric ones.
    static func unescaped(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let named: [Substring: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " "]
        return text.replacing(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/) { match -> String in
            let body = match.output.1
            if body.hasPrefix("#") {
                let hex = body.dropFirst().first.map { $0 == "x" || $0 == "X" } ?? false
                let digits = hex ? body.dropFirst(2) : body.dropFirst()
                if let value = UInt32(digits, radix: hex ? 16 : 10), let scalar = Unicode.Scalar(value) {
                    return String(Character(scalar))
                }
                return String(match.output.0)
            }
            return named[body] ?? String(match.output.0)
        }
    }
}

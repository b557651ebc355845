/// The plain text of an HTML fragment, as a post shows it: tags removed (a block such as `<br>`, `<p>` or `<li>`
/// becomes a space, inline ones such as `<b>` nothing, `<script>` and `<style>` vanish with their content),
/// character references decoded, whitespace runs collapsed to one space and the ends trimmed.
///
/// RSS descriptions and Atom `type="html"` carry escaped HTML, which the XML reader has already unescaped once;
/// this takes the second step. It is a reader for summaries, not a sanitizer: nothing it returns is ever rendered
/// as HTML.
public enum HTMLText {
    public static func plain(_ html: String) -> String {
        var output = String.UnicodeScalarView()
        let scalars = Array(html.unicodeScalars)
        var index = 0
        var lastWasSpace = true  // trims the start
        func emit(_ scalar: Unicode.Scalar) {
            if scalar.properties.isWhitespace {
                if !lastWasSpace { output.append(" ") }
                lastWasSpace = true
            } else {
                output.append(scalar)
                lastWasSpace = false
            }
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<", index + 1 < scalars.count,
               scalars[index + 1].properties.isAlphabetic || scalars[index + 1] == "/" || scalars[index + 1] == "!" {
                let (name, end) = tag(scalars, at: index)
                if name == "script" || name == "style" {
                    index = closing(name, scalars, from: end)
                    emit(" ")
                } else {
                    index = end
                    if breaks.contains(name) { emit(" ") }
                }
                continue
            }
            if scalar == "&", let (decoded, end) = reference(scalars, at: index) {
                decoded.unicodeScalars.forEach(emit)
                index = end
                continue
            }
            emit(scalar)
            index += 1
        }
        if output.last == " " { output.removeLast() }
        return String(output)
    }

    /// Elements that separate words: their tags read as a space; other tags (`b`, `a`, `span`) as nothing.
    static let breaks: Set<String> = [
        "br", "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
        "pre", "hr", "table", "tr", "td", "th", "section", "article", "header", "footer", "figure", "figcaption",
        "img", "!--",
    ]

    /// The lowercased name of the tag (or comment) starting at `start`, and the index after its `>`.
    private static func tag(_ scalars: [Unicode.Scalar], at start: Int) -> (String, Int) {
        if scalars[(start + 1)...].starts(with: "!--".unicodeScalars) {
            var index = start + 4
            while index < scalars.count, !scalars[index...].starts(with: "-->".unicodeScalars) { index += 1 }
            return ("!--", min(index + 3, scalars.count))
        }
        var index = start + 1
        var name = String.UnicodeScalarView()
        while index < scalars.count, scalars[index].properties.isAlphabetic || scalars[index].properties.numericType
            != nil {
            name.append(scalars[index])
            index += 1
        }
        var quote: Unicode.Scalar?
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if let open = quote {
                if scalar == open { quote = nil }
            } else if scalar == "\"" || scalar == "'" {
                quote = scalar
            } else if scalar == ">" {
                break
            }
        }
        return (String(name).lowercased(), index)
    }

    /// The index after `</name>`, or the end when it never closes.
    private static func closing(_ name: String, _ scalars: [Unicode.Scalar], from start: Int) -> Int {
        let end = Array("</\(name)".unicodeScalars)
        var index = start
        while index < scalars.count {
            if scalars[index] == "<", index + end.count <= scalars.count,
               String(String.UnicodeScalarView(scalars[index..<(index + end.count)])).lowercased() == "</\(name)" {
                return tag(scalars, at: index).1
            }
            index += 1
        }
        return scalars.count
    }

    /// The HTML character reference at `start` (`&amp;`, `&#8217;`, `&hellip;`) and the index after it.
    private static func reference(_ scalars: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        var end = start + 1
        while end < scalars.count, end - start <= 10, scalars[end] != ";" { end += 1 }
        guard end < scalars.count, scalars[end] == ";" else { return nil }
        let body = String(String.UnicodeScalarView(scalars[(start + 1)..<end]))
        if let scalar = MarkupParser.characterReference(body) { return (String(Character(scalar)), end + 1) }
        guard let named = entities[body] else { return nil }
        return (named, end + 1)
    }

    /// The named references feeds actually use (the XML five plus typography and Latin-1 punctuation).
    static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "hellip": "…", "mdash": "—",
        "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "laquo": "«", "raquo": "»",
        "copy": "©", "reg": "®", "trade": "™", "euro": "€", "pound": "£", "yen": "¥", "cent": "¢", "deg": "°",
        "middot": "·", "bull": "•", "times": "×", "eacute": "é", "egrave": "è", "agrave": "à", "ccedil": "ç",
        "uuml": "ü", "ouml": "ö", "auml": "ä", "szlig": "ß", "iexcl": "¡", "iquest": "¿", "sect": "§",
    ]
}

extension HTMLText {
    /// Plain text with whitespace runs collapsed to one space and the ends trimmed (no markup is read).
    public static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

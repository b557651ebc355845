/// LinkedIn's "little text" format, which the Posts and Comments APIs read `commentary` and `message.text` in.
///
/// The characters `\ | { } @ [ ] ( ) < > # * _ ~` are reserved for little's elements (mentions `@[Name](urn)`,
/// hashtag templates `{hashtag|\#|tag}`) and must be backslash-escaped to be plain text: LinkedIn cuts a post
/// short, silently, at the first one left bare. Herald writes plain text, so every reserved character is escaped,
/// with one exception: a hashtag as people type it, `#` at the start or after a character that is not part of a
/// word, followed by a word (letters, digits, underscores), stays a bare `#` so LinkedIn shows it as a hashtag (an
/// underscore inside it is still escaped). A `#` inside a word or a URL (`page#top`) is plain text, escaped.
public enum LinkedInLittleText {
    /// The reserved characters.
    public static let reserved: Set<Character> = ["\\", "|", "{", "}", "@", "[", "]", "(", ")", "<", ">", "#", "*",
                                                  "_", "~"]

    /// `text` as little text that LinkedIn shows as `text`, hashtags made hashtags.
    public static func escape(_ text: String) -> String {
        let characters = Array(text)
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "#", index + 1 < characters.count, isWord(characters[index + 1]),
               index == 0 || !isWord(characters[index - 1]) {
                result.append("#")
                index += 1
                while index < characters.count, isWord(characters[index]) {
                    if characters[index] == "_" { result.append("\\") }
                    result.append(characters[index])
                    index += 1
                }
                continue
            }
            if reserved.contains(character) { result.append("\\") }
            result.append(character)
            index += 1
        }
        return result
    }

    /// Letters, digits (any script) and the underscore: what a hashtag is made of.
    static func isWord(_ character: Character) -> Bool {
        character == "_" || character.isLetter || character.isNumber
    }
}

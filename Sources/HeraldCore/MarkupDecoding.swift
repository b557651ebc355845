/// Bytes of an XML document to Unicode scalars, in the encoding named by its byte order mark or its XML
/// declaration (XML 1.0, appendix F); UTF-8 when neither says.
///
/// Feeds in the wild are UTF-8 almost always, UTF-16 with a BOM sometimes, and ISO-8859-1 or windows-1252 from
/// older blog engines; anything else is refused by name rather than read as mojibake.
enum MarkupDecoding {
    static func scalars(of bytes: [UInt8]) throws(MarkupError) -> [Unicode.Scalar] {
        if bytes.starts(with: [0xFE, 0xFF]) { return try utf16(bytes.dropFirst(2), bigEndian: true) }
        if bytes.starts(with: [0xFF, 0xFE]) { return try utf16(bytes.dropFirst(2), bigEndian: false) }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        switch declaredEncoding(body)?.lowercased() {
        case nil, "utf-8", "utf8", "us-ascii", "ascii":
            return try utf8(body)
        case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "iso_8859-1":
            return body.map { Unicode.Scalar($0) }
        case "windows-1252", "cp1252":
            return body.map(windows1252)
        case let other?:
            throw .unsupportedEncoding(other)
        }
    }

    /// The `encoding="…"` of an `<?xml …?>` declaration at the very start.
    static func declaredEncoding(_ bytes: ArraySlice<UInt8>) -> String? {
        guard bytes.starts(with: Array("<?xml".utf8)) else { return nil }
        let declaration = bytes.prefix(200).prefix { $0 != UInt8(ascii: ">") }
        let text = String(decoding: declaration, as: UTF8.self)
        guard let key = text.range(of: "encoding") else { return nil }
        let rest = text[key.upperBound...].drop { $0 == " " || $0 == "=" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        return String(rest.dropFirst().prefix { $0 != quote })
    }

    private static func utf8(_ bytes: ArraySlice<UInt8>) throws(MarkupError) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        var decoder = Unicode.UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar): result.append(scalar)
            case .emptyInput: return result
            case .error: throw .badEncoding("UTF-8")
            }
        }
    }

    private static func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) throws(MarkupError) -> [Unicode.Scalar] {
        guard bytes.count % 2 == 0 else { throw .badEncoding("UTF-16") }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var position = bytes.startIndex
        while position < bytes.endIndex {
            let first = UInt16(bytes[position]), second = UInt16(bytes[position + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            position += 2
        }
        var result: [Unicode.Scalar] = []
        var iterator = units.makeIterator()
        var decoder = Unicode.UTF16()
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar): result.append(scalar)
            case .emptyInput: return result
            case .error: throw .badEncoding("UTF-16")
            }
        }
    }

    /// windows-1252: ISO-8859-1 except 0x80–0x9F, which hold typographic characters (curly quotes, dashes, €).
    private static func windows1252(_ byte: UInt8) -> Unicode.Scalar {
        guard (0x80...0x9F).contains(byte) else { return Unicode.Scalar(byte) }
        let table: [UInt32] = [
            0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
            0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
            0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
        ]
        return Unicode.Scalar(table[Int(byte - 0x80)]) ?? Unicode.Scalar(byte)
    }
}

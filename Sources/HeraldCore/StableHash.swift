/// 64-bit FNV-1a over text, as 16 hex digits: stable across runs, machines and Swift versions (unlike `Hasher`),
/// for ids and file names derived from content (an imported row, a feed item) that must come out the same when the
/// same input is seen again, so that seeing it again adds nothing.
public enum StableHash {
    /// The hash of `parts` joined by U+001F (a separator no cell or field contains), as 16 lowercase hex digits.
    public static func hex(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\u{1F}").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// Herald's post ids: ten lowercase Crockford base32 characters (50 random bits), short enough to type into
/// `herald cancel` and free of look-alike letters (no i, l, o, u).
public enum PostIDGenerator {
    private static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    public static func make<R: RandomNumberGenerator>(using generator: inout R) -> String {
        let bits = generator.next()
        return String((0..<10).map { alphabet[Int((bits >> (UInt64($0) * 5)) & 31)] })
    }

    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }
}

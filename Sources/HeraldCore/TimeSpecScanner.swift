/// A cursor over the bytes of a time spec, for `TimeSpec.parse`.
struct TimeSpecScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }
    var rest: String { String(decoding: bytes[index...], as: UTF8.self) }

    /// Consumes `character` if it is next.
    mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(character.value) else { return false }
        index += 1
        return true
    }

    /// Consumes spaces and tabs; returns how many.
    mutating func skipBlanks() -> Int {
        let start = index
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        return index - start
    }

    /// Exactly `count` ASCII digits as a number.
    mutating func digits(_ count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<index + count] {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        index += count
        return value
    }

    /// One or more digits after a decimal point, as a fraction of a second.
    mutating func fraction() -> Double? {
        let start = index
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
        guard index > start else { return nil }
        return Double("0." + String(decoding: bytes[start..<index], as: UTF8.self))
    }

    /// `Z`, `z` or `±HH:MM` as seconds east of UTC; nil when no offset is next.
    mutating func offset(in value: String) throws(TimeSpecError) -> Int? {
        if take("Z") || take("z") { return 0 }
        let sign: Int
        if take("+") {
            sign = 1
        } else if take("-") {
            sign = -1
        } else {
            return nil
        }
        guard let hours = digits(2), take(":"), let minutes = digits(2) else { throw .malformed(value: value) }
        guard hours <= 23, minutes <= 59 else { throw .invalidOffset(value: value) }
        return sign * (hours * 3600 + minutes * 60)
    }
}

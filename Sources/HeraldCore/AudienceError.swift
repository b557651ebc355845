/// Why an audience could not be built from its config tables.
public enum AudienceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A zone that is not a known IANA time zone.
    case unknownZone(String)
    /// A weight that is negative or not a finite number.
    case badWeight(zone: String)
    /// Every weight is zero: nobody would see anything.
    case noPositiveWeight
    /// A curve named for a zone the audience does not have.
    case curveWithoutZone(String)

    public var description: String {
        switch self {
        case .unknownZone(let zone): "unknown time zone \"\(zone)\""
        case .badWeight(let zone): "the weight of \"\(zone)\" must be a number ≥ 0"
        case .noPositiveWeight: "at least one zone weight must be above zero"
        case .curveWithoutZone(let zone): "a curve is given for \"\(zone)\", which is not one of the audience's zones"
        }
    }
}

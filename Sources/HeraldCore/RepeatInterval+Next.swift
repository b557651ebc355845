import Foundation

extension RepeatInterval {
    /// The instant `steps` intervals after `anchor`, the series' first nominal time.
    ///
    /// Minutes and hours add absolute seconds. Days and weeks add calendar days to `anchor`'s wall-clock time in
    /// `zone` and convert back with Herald's DST contract: a time that does not exist that day moves forward by
    /// the gap, an ambiguous one is its first occurrence. Counting from the anchor rather than from the previous
    /// occurrence keeps a 02:30 series at 02:30 on the days after a spring-forward day (stepping from the previous
    /// one would carry the gap's 03:30 on forever).
    public func advance(_ anchor: Date, steps: Int, in zone: TimeZone) -> Date {
        guard isCalendar else { return anchor.addingTimeInterval(nominalSeconds * TimeInterval(steps)) }
        let wall = zone.localDateTime(for: anchor).secondsAsIfUTC
        let days = Int64(amount * (unit == .week ? 7 : 1) * steps)
        // Fractions of a second are kept: a wall-clock conversion works in whole seconds.
        let fraction = anchor.timeIntervalSince1970 - anchor.timeIntervalSince1970.rounded(.down)
        return zone.date(forWallSeconds: wall + days * 86_400).addingTimeInterval(fraction)
    }
}

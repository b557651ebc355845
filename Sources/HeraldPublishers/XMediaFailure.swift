/// A media upload that failed, with the outcome the whole publish attempt takes from it.
struct XMediaFailure: Error, Sendable {
    let outcome: PublishOutcome
}

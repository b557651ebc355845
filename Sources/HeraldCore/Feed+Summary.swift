extension Feed {
    /// One line for `herald check-config`: `blog: https://… -> brand every 30m, at most 3 a poll, held for approval,
    /// template "{title} {link}"`.
    public var summary: String {
        let interval = every.truncatingRemainder(dividingBy: 3600) == 0 ? "\(Int(every / 3600))h"
            : every.truncatingRemainder(dividingBy: 60) == 0 ? "\(Int(every / 60))m" : "\(Int(every))s"
        let holding = hold ? "held for approval" : "not held"
        return "\(name): \(source) -> \(account) every \(interval), at most \(maxPerPoll) a poll, \(holding), "
            + "template \"\(template.text)\""
    }
}

import Foundation
import HeraldCore
import Testing

/// Applying verdicts to a post's targets (the daemon's decisions at accept), with hand-made verdicts: the rules
/// themselves are tested in the Policy*Tests.
@Suite("Applying policy verdicts to targets")
struct TargetGateTests {
    let t0 = Date(timeIntervalSince1970: 1_795_442_400)
    let brand = Account(name: "brand", voice: .brand)
    let help = Account(name: "help", voice: .brand)
    let ceo = Account(name: "ceo", voice: .personal)

    func hit(_ rule: PolicyRule, _ action: PolicyAction, _ account: String, line: Int? = 3, column: Int? = 7)
        -> PolicyHit
    {
        PolicyHit(rule: rule, action: action, account: account, matched: "f**k", part: 0, line: line,
                  column: column, message: "profanity \"f**k\" (en: fuck)")
    }

    func gate(_ targets: [PostTarget], _ verdicts: [String: PolicyVerdict]) -> [GatedTarget] {
        let accounts = [brand, help, ceo]
        return TargetGate.apply(targets, account: { name in accounts.first { $0.name == name } }) { account in
            verdicts[account.name] ?? PolicyVerdict()
        }
    }

    func target(_ account: Account, at: Date? = nil, notBefore: Date? = nil) -> PostTarget {
        PostTarget(account: account, at: at, notBefore: notBefore, language: "en")
    }

    @Test func eachTargetGetsItsOwnAccountsStrongestAction() {
        let gated = gate([target(brand), target(ceo), target(help)], [
            "brand": PolicyVerdict(hits: [hit(.profanity, .reject, "brand"), hit(.voice, .warn, "brand")]),
            "ceo": PolicyVerdict(hits: [hit(.profanity, .warn, "ceo")]),
            "help": PolicyVerdict(hits: [hit(.voice, .hold, "help"), hit(.profanity, .warn, "help")]),
        ])
        #expect(gated.map(\.account) == ["brand", "ceo", "help"])
        #expect(gated[0].outcome == .reject("profanity: profanity \"f**k\" (en: fuck)"))
        #expect(gated[1].outcome == .go)
        #expect(gated[2].outcome == .hold("voice: profanity \"f**k\" (en: fuck)"))
        #expect(gated[0].hits.count == 2)
    }

    @Test func anEmbargoMovesAnExplicitTimeOrStartsTheWindow() {
        let until = t0.addingTimeInterval(3600)
        let embargo = PolicyVerdict(hits: [hit(.embargo, .warn, "brand")], notBefore: until)
        let early = gate([target(brand, at: t0)], ["brand": embargo])
        #expect(early[0].at == until && early[0].outcome == .go)
        let later = gate([target(brand, at: until.addingTimeInterval(60))], ["brand": embargo])
        #expect(later[0].at == until.addingTimeInterval(60))
        let placed = gate([target(brand, notBefore: t0)], ["brand": embargo])
        #expect(placed[0].at == nil && placed[0].notBefore == until)
    }

    @Test func supportPostsMoveToTheSupportAccountOnceAndAreEvaluatedThere() {
        let move = PolicyVerdict(hits: [hit(.support, .warn, "brand")], moveTo: "help")
        let moved = gate([target(brand)], ["brand": move, "help": PolicyVerdict(hits: [hit(.voice, .hold, "help")])])
        #expect(moved.map(\.account) == ["help"])
        #expect(moved[0].movedFrom == "brand")
        #expect(moved[0].outcome == .hold("voice: profanity \"f**k\" (en: fuck)"))
        #expect(moved[0].hits.map(\.rule) == [.support, .voice])
        // Already going to the support account: no second target.
        let both = gate([target(brand), target(help)], ["brand": move])
        #expect(both.map(\.account) == ["help"])
        #expect(both[0].movedFrom == "brand")
        #expect(both[0].hits.map(\.rule) == [.support])
    }

    @Test func supportHitsOnASupportAccountItselfAreDropped() {
        let refuse = PolicyVerdict(hits: [hit(.support, .reject, "help"), hit(.voice, .warn, "help")])
        let accounts = [brand, help]
        let gated = TargetGate.apply([target(help)], account: { name in accounts.first { $0.name == name } },
                                     supportAccounts: ["help"]) { _ in refuse }
        #expect(gated[0].outcome == .go)
        #expect(gated[0].hits.map(\.rule) == [.voice])
        let elsewhere = TargetGate.apply([target(help)], account: { name in accounts.first { $0.name == name } }) { _ in
            refuse
        }
        #expect(elsewhere[0].outcome == .reject("support: profanity \"f**k\" (en: fuck)"))
    }

    @Test func errorLinesNameRuleAccountPlaceAndMatchedText() {
        #expect(TargetGate.errorLine(hit(.profanity, .reject, "brand"))
            == "line 3:7: profanity (brand, reject): \"f**k\": profanity \"f**k\" (en: fuck)")
        #expect(TargetGate.errorLine(hit(.submitters, .reject, "brand", line: nil, column: nil))
            == "submitters (brand, reject): \"f**k\": profanity \"f**k\" (en: fuck)")
    }

    /// Issue 16: the gated target is the validated one with the decision added, so the store gets the account (the
    /// support account after a move), the language and the instants without converting back and forth.
    @Test func theGatedTargetKeepsTheValidatedTargetWithItsLanguage() {
        let move = PolicyVerdict(hits: [hit(.support, .warn, "brand")], moveTo: "help")
        let french = PostTarget(account: brand, notBefore: t0, language: "fr")
        let moved = gate([french], ["brand": move])
        #expect(moved[0].target == PostTarget(account: help, notBefore: t0, language: "fr"))
        #expect(moved[0].hold == nil && moved[0].rejection == nil)
        let refused = gate([target(brand)], ["brand": PolicyVerdict(hits: [hit(.profanity, .reject, "brand")])])
        #expect(refused[0].rejection == "profanity: profanity \"f**k\" (en: fuck)" && refused[0].hold == nil)
    }
}

/// The word lists compiled into Herald (issue 11): the policy gate has them whatever the configuration's location,
/// so a config file with no `policy/` directory beside it still rejects "f**king" on a brand account.
///
/// They were written for Herald by its authors from common knowledge of each language's everyday swear words and
/// insults, not copied from a third-party list (see `etc/herald/policy/README.md`); deliberately modest: words a
/// brand must never publish, not every slur. A policy directory adds to them (`profanity-LANG.txt`) or replaces a
/// language's list (`[policy] replace_builtin`). `herald check-config --words LANG` prints the list in force.
extension ProfanityList {
    /// The languages with a built-in list.
    public static let builtInLanguages = ["en", "fr", "nb"]

    /// The built-in lists by language, parsed once. The texts are valid by construction (a test parses them).
    public static let builtIn: [String: ProfanityList] = {
        var lists: [String: ProfanityList] = [:]
        for (language, text) in builtInText {
            do {
                lists[language] = try parse(text, language: language)
            } catch {
                fatalError("built-in profanity list \(language): \(error)")  // constant text, parsed by a test
            }
        }
        return lists
    }()

    /// The built-in lists' text, in the word-list file format (`ProfanityList.parse`).
    public static let builtInText: [String: String] = [
        "en": """
            # English profanity for Herald's policy gate (rule 1), built in.
            # A trailing * marks a stem that also matches longer words (fuck* matches fucking, fucker, fucks).
            # Use stems only for beginnings that are never innocent: "cock*" would flag "cockpit".
            # Words are compared whole, case- and accent-insensitively, through obfuscations (policy/README.md).
            fuck*
            motherfucker
            motherfuckers
            shit
            shits
            shitty
            shitting
            shithead
            bullshit
            ass
            asshole
            assholes
            arse
            arsehole
            jackass
            dumbass
            bitch
            bitches
            bitching
            bastard
            bastards
            cunt
            cunts
            dick
            dicks
            dickhead
            cock
            cocks
            cocksucker
            prick
            pricks
            piss
            pissed
            twat
            wanker
            wankers
            bollocks
            crap
            crappy
            damn
            goddamn
            slut
            sluts
            whore
            whores
            douchebag
            """,
        "fr": """
            # French profanity for Herald's policy gate (rule 1), built in.
            # Accents are optional in posts and here: "enculé" also matches "encule".
            # A trailing * marks a stem that also matches longer words (encul* matches enculé, enculer, enculés).
            merde
            merdes
            merdique
            emmerde
            emmerder
            emmerdeur
            emmerdeuse
            putain
            pute
            putes
            con
            conne
            connard
            connards
            connasse
            connasses
            salope
            salopes
            salaud
            salauds
            encul*
            bordel
            chier
            foutre
            nique
            niquer
            bâtard
            bâtards
            couille
            couilles
            branleur
            branleurs
            bite
            """,
        "nb": """
            # Norwegian Bokmål profanity for Herald's policy gate (rule 1), built in.
            # æ, ø and å are letters of their own: "jævla" does not match "javla" (so "jaevla" is listed too).
            # A trailing * marks a stem that also matches longer words.
            faen
            faens
            fanden
            jævla
            jævlig
            jævel
            jævler
            jaevla
            helvete
            helvetes
            satan
            satans
            dritt
            drittsekk
            drite
            forpulte
            fitte
            kuk
            pikk
            hore
            horer
            horunge
            rævhøl
            """,
    ]
}

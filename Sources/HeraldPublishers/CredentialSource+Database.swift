import HeraldCore

extension CredentialSource {
    /// What a database password's errors name instead of an account.
    public static let databaseSubject = "[daemon] database_password"

    /// The shared database's password (`[daemon] database_password`, issue 17), read as account secrets are:
    /// a systemd credential name or an absolute path to a file only the daemon's user can read. Nil when the
    /// configuration names no password (a unix socket with peer authentication, or a SQLite state).
    public func databasePassword(for settings: DaemonSettings) throws(CredentialError) -> String? {
        guard settings.database != nil, let reference = settings.databasePassword else { return nil }
        return try read(reference, account: Self.databaseSubject)
    }
}

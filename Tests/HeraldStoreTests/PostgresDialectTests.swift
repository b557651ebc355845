import Testing

@testable import HeraldStore

/// The store's SQL, written once, as PostgreSQL reads it.
@Suite("PostgreSQL dialect")
struct PostgresDialectTests {
    @Test("placeholders are numbered, in order, outside quoted text", arguments: [
        ("SELECT id FROM targets WHERE account = ? AND next_attempt_at <= ?",
         "SELECT id FROM targets WHERE account = $1 AND next_attempt_at <= $2"),
        ("UPDATE t SET a = '?', b = ? WHERE c = \"?\" AND d = ?",
         "UPDATE t SET a = '?', b = $1 WHERE c = \"?\" AND d = $2"),
        ("SELECT 'it''s ?' || ?", "SELECT 'it''s ?' || $1"),
        ("INSERT INTO x VALUES (?,?,?,?,?,?,?,?,?,?,?)",
         "INSERT INTO x VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)"),
    ])
    func placeholders(sqlite: String, postgres: String) {
        #expect(PostgresDialect.rewrite(sqlite) == postgres)
    }

    @Test("SQLite's index hints are dropped")
    func indexHints() {
        #expect(PostgresDialect.rewrite("SELECT id FROM targets INDEXED BY targets_queue_order WHERE a = ?")
            == "SELECT id FROM targets WHERE a = $1")
        #expect(PostgresDialect.rewrite("FROM targets t indexed  by\n targets_history_order JOIN posts p")
            == "FROM targets t JOIN posts p")
        #expect(PostgresDialect.rewrite("FROM posts p INDEXED BY posts_session CROSS JOIN targets t ON t.id = p.id")
            == "FROM posts p JOIN targets t ON t.id = p.id")
    }

    @Test("SQLite's function names with a PostgreSQL twin are renamed, other words are not")
    func functions() {
        #expect(PostgresDialect.rewrite("SELECT group_concat(text, char(10) || '---') FROM p")
            == "SELECT string_agg(text, chr(10) || '---') FROM p")
        #expect(PostgresDialect.rewrite("SELECT IFNULL(a, 0), char_length, group_concat FROM p")
            == "SELECT coalesce(a, 0), char_length, group_concat FROM p")
        #expect(PostgresDialect.rewrite("SELECT 'group_concat(' FROM p") == "SELECT 'group_concat(' FROM p")
    }

    @Test("a translation is kept: the same text gives the same statement")
    func cached() {
        let sql = "SELECT ? FROM targets INDEXED BY targets_due"
        #expect(PostgresDialect.translate(sql) == "SELECT $1 FROM targets")
        #expect(PostgresDialect.translate(sql) == PostgresDialect.translate(sql))
    }
}

/// Scripts run one statement at a time (postgres-nio speaks only the extended protocol).
@Suite("PostgreSQL scripts")
struct PostgresScriptTests {
    @Test("cut at semicolons, never inside quotes or a function body")
    func statements() {
        let script = """
            CREATE TABLE a (t TEXT DEFAULT ';');
            CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO a VALUES ('x;y'); RETURN NULL;
            END $$;
            CREATE INDEX "odd;name" ON a(t);

            """
        #expect(PostgresSession.statements(script) == [
            "CREATE TABLE a (t TEXT DEFAULT ';')",
            "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    INSERT INTO a VALUES ('x;y'); "
                + "RETURN NULL;\nEND $$",
            "CREATE INDEX \"odd;name\" ON a(t)",
        ])
    }
}

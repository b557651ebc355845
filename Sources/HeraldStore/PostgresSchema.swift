/// Herald's schema on PostgreSQL (issue 17): the same tables, indexes and triggers SQLite's migrations build, in
/// PostgreSQL's types (`BIGINT`, `DOUBLE PRECISION`, `BYTEA`, identity keys, PL/pgSQL triggers), recorded under
/// the same migration names.
///
/// PostgreSQL databases start at v14: no Herald database on PostgreSQL predates this file, so its first
/// migration builds v1 through v14's result at once and records all fourteen names. Every later migration is
/// written twice, one entry per backend under one name, so both reach the same schema by the same steps.
enum PostgresSchema {
    /// The migrations SQLite's `AppDatabase.migrator` registers, in order.
    static let landed = [
        "v1", "v2", "v3-policy", "v4-planner", "v5-typed-curves", "v6-post-headers", "v7-queue-order", "v8-scale",
        "v9-pauses", "v10-feeds", "v11-repeats", "v12-notifications", "v13-metrics", "v14-notify-occurrences",
    ]

    /// Migrations after the baseline: (name, PostgreSQL script), in order.
    static let later: [(name: String, sql: String)] = [
        ("v15-cluster", clusterTables(integer: "BIGINT", real: "DOUBLE PRECISION") + queueNotification),
        ("v16-count-deltas", countDeltas),
        ("v17-rate-windows", rateWindows(real: "DOUBLE PRECISION")),
    ]

    /// v17-rate-windows: per account, the end of the publishing rate-limit window the network said was
    /// exhausted, so the account's next holder sends nothing before it either.
    static func rateWindows(real: String) -> String {
        """
        CREATE TABLE rate_windows (
            account TEXT PRIMARY KEY,
            blocked_until \(real) NOT NULL,
            noted_at \(real) NOT NULL
        );
        """
    }

    /// v16-count-deltas: the queue's counts by state become a view over appended deltas. One row per state,
    /// updated by every state change, made every claim and record of every node queue on the same few rows
    /// (and two of them, taking two rows in opposite orders, deadlock); appended rows conflict with nothing.
    /// ``AppDatabase/compactCounts(_:)`` folds them back to one row per state at every cluster step.
    static let countDeltas = """
        ALTER TABLE target_counts RENAME TO target_count_deltas;
        ALTER TABLE target_count_deltas DROP CONSTRAINT target_counts_pkey;
        CREATE INDEX target_count_deltas_state ON target_count_deltas(state);
        CREATE VIEW target_counts AS SELECT state, SUM(n)::BIGINT AS n FROM target_count_deltas GROUP BY state;
        CREATE OR REPLACE FUNCTION target_counts_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
                INSERT INTO target_count_deltas (state, n) VALUES (OLD.state, -1);
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO target_count_deltas (state, n) VALUES (NEW.state, 1);
            END IF;
            RETURN NULL;
        END $$;
        """

    /// v15-cluster's tables in either backend's types (the same columns on both).
    static func clusterTables(integer: String, real: String) -> String {
        """
        CREATE TABLE nodes (
            name TEXT PRIMARY KEY,
            instance TEXT NOT NULL,
            host TEXT NOT NULL,
            pid \(integer) NOT NULL,
            started_at \(real) NOT NULL,
            seen_at \(real) NOT NULL,
            left_at \(real)
        );
        CREATE TABLE account_claims (
            account TEXT PRIMARY KEY,
            node TEXT NOT NULL,
            instance TEXT NOT NULL,
            claimed_at \(real) NOT NULL,
            lease_until \(real) NOT NULL
        );
        CREATE INDEX account_claims_instance ON account_claims(instance);

        """
    }

    /// The channel on which PostgreSQL tells every node that an account has new due work (a post accepted, a
    /// plan moved, a hold approved), with the account as the payload: its holder re-arms its timer at once
    /// instead of at its next rescan. PostgreSQL delivers one notification per account and transaction however
    /// many rows changed, and only once the transaction commits.
    static let queueChannel = "herald_queue"

    static let queueNotification = """
        CREATE FUNCTION herald_queue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('\(queueChannel)', NEW.account);
            RETURN NULL;
        END $$;
        CREATE TRIGGER targets_queue_inserted AFTER INSERT ON targets
            FOR EACH ROW WHEN (NEW.state = 'scheduled') EXECUTE FUNCTION herald_queue_changed();
        CREATE TRIGGER targets_queue_moved AFTER UPDATE OF state, next_attempt_at ON targets
            FOR EACH ROW WHEN (NEW.state = 'scheduled' AND (OLD.state IS DISTINCT FROM NEW.state
                OR OLD.next_attempt_at IS DISTINCT FROM NEW.next_attempt_at))
            EXECUTE FUNCTION herald_queue_changed();
        """

    /// One cluster-wide lock key for schema changes, so nodes starting together migrate one at a time.
    static let migrationLock: Int64 = 0x4845_5241_4C44_0001

    /// Brings the database up to date in one transaction per step; a node that finds the schema current
    /// changes nothing.
    static func migrate(_ session: PostgresSession) throws {
        try session.transaction(begin: "BEGIN") {
            _ = try session.query("SELECT pg_advisory_xact_lock(?)", [migrationLock])
            try session.script("CREATE TABLE IF NOT EXISTS herald_migrations (identifier TEXT PRIMARY KEY)")
            let applied = try recorded(session)
            if !applied.contains(landed[0]) {
                try session.script(baseline)
                for name in landed {
                    _ = try session.query("INSERT INTO herald_migrations (identifier) VALUES (?)", [name])
                }
            }
            for migration in later where !applied.contains(migration.name) {
                try session.script(migration.sql)
                _ = try session.query("INSERT INTO herald_migrations (identifier) VALUES (?)", [migration.name])
            }
        }
    }

    /// The names applied, in order (for tests).
    static func applied(_ session: PostgresSession) throws -> [String] {
        let names = try recorded(session)
        return (landed + later.map(\.name)).filter(names.contains)
    }

    /// The names `herald_migrations` holds.
    private static func recorded(_ session: PostgresSession) throws -> Set<String> {
        Set(try session.column("SELECT identifier FROM herald_migrations").compactMap { String.fromDatabaseValue($0) })
    }

    /// v1 … v14-notify-occurrences, as SQLite has them after its fourteen steps.
    static let baseline = """
        CREATE TABLE posts (
            id TEXT PRIMARY KEY,
            submitter_id TEXT,
            file_name TEXT NOT NULL,
            spool_key TEXT NOT NULL UNIQUE,
            owner_uid BIGINT NOT NULL,
            content BYTEA NOT NULL,
            author TEXT,
            kind TEXT NOT NULL,
            language TEXT,
            in_reply_to TEXT,
            accepted_at DOUBLE PRECISION NOT NULL,
            session TEXT,
            media TEXT,
            content_warning TEXT,
            repeat_every TEXT,
            repeat_until TEXT,
            repeat_count BIGINT
        );
        CREATE INDEX posts_session ON posts(session) WHERE session IS NOT NULL;

        CREATE TABLE post_parts (
            post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
            part BIGINT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (post_id, part)
        );

        CREATE TABLE targets (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
            account TEXT NOT NULL,
            submitter_id TEXT,
            state TEXT NOT NULL,
            fixed BIGINT NOT NULL,
            scheduled_at DOUBLE PRECISION NOT NULL,
            not_before DOUBLE PRECISION,
            not_after DOUBLE PRECISION,
            next_attempt_at DOUBLE PRECISION NOT NULL,
            first_attempt_at DOUBLE PRECISION,
            attempts BIGINT NOT NULL DEFAULT 0,
            parts_total BIGINT NOT NULL,
            parts_done BIGINT NOT NULL DEFAULT 0,
            last_error TEXT,
            finished_at DOUBLE PRECISION,
            hold_until DOUBLE PRECISION,
            held_reason TEXT,
            provisional BIGINT NOT NULL DEFAULT 0,
            occurrence BIGINT,
            repeat_step BIGINT,
            repeat_anchor DOUBLE PRECISION,
            nominal_at DOUBLE PRECISION
        );
        CREATE UNIQUE INDEX targets_submitter_id ON targets(account, submitter_id) WHERE submitter_id IS NOT NULL;
        CREATE INDEX targets_due ON targets(state, account, next_attempt_at);
        CREATE INDEX targets_account ON targets(account, scheduled_at);
        CREATE INDEX targets_held ON targets(hold_until) WHERE state = 'held';
        CREATE INDEX targets_queue_order ON targets(next_attempt_at, id)
            WHERE state IN ('scheduled', 'publishing', 'held');
        CREATE INDEX targets_provisional ON targets(account) WHERE provisional = 1;
        CREATE INDEX targets_post ON targets(post_id);
        CREATE INDEX targets_history_order ON targets(finished_at, id)
            WHERE state IN ('published', 'failed', 'cancelled', 'expired', 'rejected');

        CREATE TABLE statuses (
            account TEXT NOT NULL,
            seq BIGINT NOT NULL,
            target_id BIGINT REFERENCES targets(id),
            part BIGINT NOT NULL,
            kind TEXT NOT NULL,
            remote_id TEXT NOT NULL,
            in_reply_to TEXT,
            published_at DOUBLE PRECISION NOT NULL,
            session TEXT,
            tag TEXT,
            PRIMARY KEY (account, seq)
        );
        CREATE UNIQUE INDEX statuses_target_part ON statuses(target_id, part);
        CREATE INDEX statuses_session ON statuses(session, account) WHERE session IS NOT NULL;

        CREATE TABLE attempts (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            target_id BIGINT NOT NULL REFERENCES targets(id),
            part BIGINT NOT NULL,
            seq BIGINT NOT NULL,
            idempotency_key TEXT NOT NULL,
            started_at DOUBLE PRECISION NOT NULL,
            finished_at DOUBLE PRECISION,
            outcome TEXT,
            detail TEXT,
            session TEXT,
            text TEXT,
            tag TEXT
        );
        CREATE INDEX attempts_in_flight ON attempts(outcome) WHERE outcome IS NULL;
        CREATE INDEX attempts_target ON attempts(target_id);

        CREATE TABLE events (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            at DOUBLE PRECISION NOT NULL,
            post_id TEXT,
            account TEXT,
            event TEXT NOT NULL,
            message TEXT NOT NULL
        );
        CREATE INDEX events_post ON events(post_id);

        CREATE TABLE decisions (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
            account TEXT NOT NULL,
            decision TEXT NOT NULL,
            by_user TEXT NOT NULL,
            by_uid BIGINT NOT NULL,
            reason TEXT,
            at DOUBLE PRECISION NOT NULL
        );
        CREATE INDEX decisions_post ON decisions(post_id);

        CREATE TABLE policy_hits (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
            account TEXT NOT NULL,
            rule TEXT NOT NULL,
            action TEXT NOT NULL,
            matched TEXT NOT NULL,
            part BIGINT NOT NULL,
            line BIGINT,
            col BIGINT,
            message TEXT NOT NULL
        );
        CREATE INDEX policy_hits_post ON policy_hits(post_id);

        CREATE TABLE learned_curves (
            account TEXT PRIMARY KEY,
            curve TEXT NOT NULL,
            posts BIGINT NOT NULL,
            learned_at DOUBLE PRECISION NOT NULL,
            activity BYTEA
        );

        CREATE TABLE target_counts (state TEXT PRIMARY KEY, n BIGINT NOT NULL);
        CREATE FUNCTION target_counts_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
                UPDATE target_counts SET n = n - 1 WHERE state = OLD.state;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO target_counts (state, n) VALUES (NEW.state, 1)
                    ON CONFLICT (state) DO UPDATE SET n = target_counts.n + 1;
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER target_counts_insert AFTER INSERT ON targets
            FOR EACH ROW EXECUTE FUNCTION target_counts_change();
        CREATE TRIGGER target_counts_delete AFTER DELETE ON targets
            FOR EACH ROW EXECUTE FUNCTION target_counts_change();
        CREATE TRIGGER target_counts_update AFTER UPDATE OF state ON targets
            FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION target_counts_change();

        CREATE TABLE account_pauses (
            account TEXT PRIMARY KEY,
            reason TEXT NOT NULL,
            paused_at DOUBLE PRECISION NOT NULL,
            credentials TEXT
        );

        CREATE TABLE feeds (
            name TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            etag TEXT,
            last_modified TEXT,
            primed_at DOUBLE PRECISION,
            polled_at DOUBLE PRECISION,
            last_error TEXT,
            failing_since DOUBLE PRECISION
        );
        CREATE TABLE feed_items (
            feed TEXT NOT NULL,
            guid TEXT NOT NULL,
            first_seen DOUBLE PRECISION NOT NULL,
            last_seen DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (feed, guid)
        );

        CREATE TABLE evergreen_uses (
            account TEXT NOT NULL,
            slot DOUBLE PRECISION NOT NULL,
            file_name TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            submitter_id TEXT NOT NULL,
            used_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (account, slot)
        );

        CREATE TABLE notifications (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            event TEXT NOT NULL,
            at DOUBLE PRECISION NOT NULL,
            account TEXT,
            post_id TEXT,
            reason TEXT NOT NULL,
            text TEXT,
            scheduled_at DOUBLE PRECISION,
            dedupe TEXT UNIQUE,
            routed BIGINT NOT NULL DEFAULT 0
        );
        CREATE INDEX notifications_unrouted ON notifications(id) WHERE routed = 0;
        CREATE TABLE notify_deliveries (
            id TEXT PRIMARY KEY,
            notification_id BIGINT NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
            target TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts BIGINT NOT NULL DEFAULT 0,
            first_attempt_at DOUBLE PRECISION,
            next_attempt_at DOUBLE PRECISION NOT NULL,
            last_error TEXT,
            finished_at DOUBLE PRECISION,
            UNIQUE (notification_id, target)
        );
        CREATE INDEX notify_deliveries_due ON notify_deliveries(next_attempt_at) WHERE state = 'pending';

        CREATE FUNCTION notify_pauses() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO notifications (event, at, account, reason)
            VALUES ('paused', NEW.paused_at, NEW.account, NEW.reason);
            RETURN NULL;
        END $$;
        CREATE TRIGGER notify_pauses AFTER INSERT ON account_pauses
            FOR EACH ROW EXECUTE FUNCTION notify_pauses();

        CREATE FUNCTION notify_post_events() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO notifications (event, at, account, post_id, reason, text, scheduled_at)
            VALUES (
                NEW.event, NEW.at, NEW.account, NEW.post_id, NEW.message,
                (SELECT text FROM post_parts WHERE post_id = NEW.post_id AND part = 0),
                (SELECT scheduled_at FROM targets WHERE post_id = NEW.post_id AND account = NEW.account
                 ORDER BY id DESC LIMIT 1));
            RETURN NULL;
        END $$;
        CREATE TRIGGER notify_post_events AFTER INSERT ON events
            FOR EACH ROW WHEN (NEW.event IN ('held', 'expired', 'rejected'))
            EXECUTE FUNCTION notify_post_events();

        CREATE FUNCTION notify_failed_targets() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO notifications (event, at, account, post_id, reason, text, scheduled_at)
            VALUES (
                'failed', COALESCE(NEW.finished_at, NEW.next_attempt_at), NEW.account, NEW.post_id,
                COALESCE(NEW.last_error, 'failed'),
                (SELECT text FROM post_parts WHERE post_id = NEW.post_id AND part = 0), NEW.scheduled_at);
            RETURN NULL;
        END $$;
        CREATE TRIGGER notify_failed_targets AFTER UPDATE OF state ON targets
            FOR EACH ROW WHEN (NEW.state = 'failed' AND OLD.state IS DISTINCT FROM 'failed')
            EXECUTE FUNCTION notify_failed_targets();

        CREATE TABLE status_metrics (
            account TEXT NOT NULL,
            seq BIGINT NOT NULL,
            age BIGINT NOT NULL,
            fetched_at DOUBLE PRECISION NOT NULL,
            likes BIGINT NOT NULL,
            reposts BIGINT NOT NULL,
            replies BIGINT NOT NULL,
            quotes BIGINT,
            impressions BIGINT,
            PRIMARY KEY (account, seq, age)
        );
        CREATE TABLE metrics_due (
            account TEXT NOT NULL,
            seq BIGINT NOT NULL,
            due_at DOUBLE PRECISION,
            gone_at DOUBLE PRECISION,
            PRIMARY KEY (account, seq)
        );
        CREATE INDEX metrics_due_order ON metrics_due(account, due_at) WHERE due_at IS NOT NULL;
        CREATE FUNCTION statuses_metrics_due() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO metrics_due (account, seq, due_at) VALUES (NEW.account, NEW.seq, NEW.published_at + 3600)
                ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $$;
        CREATE TRIGGER statuses_metrics_due AFTER INSERT ON statuses
            FOR EACH ROW EXECUTE FUNCTION statuses_metrics_due();
        """
}

import Foundation
import GRDB
import HeraldCore

extension AppDatabase {
    /// Migrations in order. A migration that has landed is never edited: add a new one instead.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // One row per accepted spool file. `spool_key` identifies the exact file that was accepted so a
            // crash between commit and unlink cannot accept it twice.
            try db.execute(sql: """
                CREATE TABLE posts (
                    id TEXT PRIMARY KEY,
                    submitter_id TEXT,
                    file_name TEXT NOT NULL,
                    spool_key TEXT NOT NULL UNIQUE,
                    owner_uid INTEGER NOT NULL,
                    content BLOB NOT NULL,
                    author TEXT,
                    kind TEXT NOT NULL,
                    language TEXT,
                    in_reply_to TEXT,
                    accepted_at REAL NOT NULL
                );
                CREATE TABLE post_parts (
                    post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
                    part INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    PRIMARY KEY (post_id, part)
                );
                -- One row per (post, account): what gets scheduled and published.
                CREATE TABLE targets (
                    id INTEGER PRIMARY KEY,
                    post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
                    account TEXT NOT NULL,
                    submitter_id TEXT,
                    state TEXT NOT NULL,
                    fixed INTEGER NOT NULL,
                    scheduled_at REAL NOT NULL,
                    not_before REAL,
                    not_after REAL,
                    next_attempt_at REAL NOT NULL,
                    first_attempt_at REAL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    parts_total INTEGER NOT NULL,
                    parts_done INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    finished_at REAL
                );
                CREATE UNIQUE INDEX targets_submitter_id ON targets(account, submitter_id)
                    WHERE submitter_id IS NOT NULL;
                CREATE INDEX targets_due ON targets(state, account, next_attempt_at);
                CREATE INDEX targets_account ON targets(account, scheduled_at);
                -- Every status that went out, numbered per account (the outbox names files by `seq`).
                CREATE TABLE statuses (
                    account TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    target_id INTEGER REFERENCES targets(id),
                    part INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    remote_id TEXT NOT NULL,
                    in_reply_to TEXT,
                    published_at REAL NOT NULL,
                    PRIMARY KEY (account, seq)
                );
                CREATE UNIQUE INDEX statuses_target_part ON statuses(target_id, part);
                -- Every publish attempt, recorded before the request leaves. `outcome` NULL = in flight.
                CREATE TABLE attempts (
                    id INTEGER PRIMARY KEY,
                    target_id INTEGER NOT NULL REFERENCES targets(id),
                    part INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    idempotency_key TEXT NOT NULL,
                    started_at REAL NOT NULL,
                    finished_at REAL,
                    outcome TEXT,
                    detail TEXT
                );
                CREATE INDEX attempts_in_flight ON attempts(outcome) WHERE outcome IS NULL;
                CREATE TABLE events (
                    id INTEGER PRIMARY KEY,
                    at REAL NOT NULL,
                    post_id TEXT,
                    account TEXT,
                    event TEXT NOT NULL,
                    message TEXT NOT NULL
                );
                CREATE INDEX events_post ON events(post_id);
                """)
        }
        migrator.registerMigration("v2") { db in
            // Delegated sessions. `posts.session` marks the disclosures Herald creates itself (announcement,
            // reminders, closing); `attempts.session`, `.text` and `.tag` keep what a claim decided (the session the
            // status counts in, the exact text with or without `#team`) so that an attempt resolved after a crash is
            // recorded as it was sent; `statuses.session` is the ledger: a session's positions are counted from it,
            // never kept as a separate counter that a crash could leave out of step.
            try db.execute(sql: """
                ALTER TABLE posts ADD COLUMN session TEXT;
                ALTER TABLE attempts ADD COLUMN session TEXT;
                ALTER TABLE attempts ADD COLUMN text TEXT;
                ALTER TABLE attempts ADD COLUMN tag TEXT;
                ALTER TABLE statuses ADD COLUMN session TEXT;
                ALTER TABLE statuses ADD COLUMN tag TEXT;
                CREATE INDEX statuses_session ON statuses(session, account) WHERE session IS NOT NULL;
                """)
        }
        migrator.registerMigration("v3-policy") { db in
            // The policy gate. A target may now be `held` (waiting for an approver), `expired` (held and not
            // approved in time) or `rejected` (by a policy rule on this account while others accepted the post, or
            // by an approver). `hold_until` is when a held target's chance ends (its scheduled time, or the end of its
            // window); the daemon adds `max_lateness` before expiring it. `decisions` keeps who approved or rejected
            // what (user name and kernel-reported uid); `policy_hits` every rule hit recorded at accept.
            try db.execute(sql: """
                ALTER TABLE targets ADD COLUMN hold_until REAL;
                ALTER TABLE targets ADD COLUMN held_reason TEXT;
                CREATE INDEX targets_held ON targets(hold_until) WHERE state = 'held';
                CREATE TABLE decisions (
                    id INTEGER PRIMARY KEY,
                    post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
                    account TEXT NOT NULL,
                    decision TEXT NOT NULL,
                    by_user TEXT NOT NULL,
                    by_uid INTEGER NOT NULL,
                    reason TEXT,
                    at REAL NOT NULL
                );
                CREATE INDEX decisions_post ON decisions(post_id);
                CREATE TABLE policy_hits (
                    id INTEGER PRIMARY KEY,
                    post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
                    account TEXT NOT NULL,
                    rule TEXT NOT NULL,
                    action TEXT NOT NULL,
                    matched TEXT NOT NULL,
                    part INTEGER NOT NULL,
                    line INTEGER,
                    col INTEGER,
                    message TEXT NOT NULL
                );
                CREATE INDEX policy_hits_post ON policy_hits(post_id);
                """)
        }
        migrator.registerMigration("v4-planner") { db in
            // Curves fitted by `herald learn`, one per account, as the CSV `herald audience` and the planner read.
            try db.execute(sql: """
                CREATE TABLE learned_curves (
                    account TEXT PRIMARY KEY,
                    curve TEXT NOT NULL,
                    posts INTEGER NOT NULL,
                    learned_at REAL NOT NULL
                );
                """)
        }
        migrator.registerMigration("v5-typed-curves") { db in
            // Learned curves as 672 little-endian doubles (issue 16) instead of CSV parsed on every intake batch.
            // A CSV that does not parse leaves `activity` NULL: `learnedCurves()` reports it instead of dropping it.
            try db.execute(sql: "ALTER TABLE learned_curves ADD COLUMN activity BLOB")
            for row in try Row.fetchAll(db, sql: "SELECT account, curve FROM learned_curves") {
                guard let curve = try? ActivityCurve(csv: row["curve"]) else { continue }
                try db.execute(sql: "UPDATE learned_curves SET activity = ?, curve = '' WHERE account = ?",
                               arguments: [curve.storedBytes, row["account"] as String])
            }
        }
        migrator.registerMigration("v6-post-headers") { db in
            // `Media:` and `Content-Warning:` in columns of their own (issue 16): a claim used to parse the stored
            // post file again for them. Posts accepted before are converted from their stored files.
            try db.execute(sql: """
                ALTER TABLE posts ADD COLUMN media TEXT;
                ALTER TABLE posts ADD COLUMN content_warning TEXT;
                """)
            for row in try Row.fetchAll(db, sql: "SELECT id, content FROM posts WHERE session IS NULL") {
                let content: Data = row["content"]
                guard let file = try? PostFile.parse(Array(content)) else { continue }  // accepted, so it parses
                try db.execute(sql: "UPDATE posts SET media = ?, content_warning = ? WHERE id = ?",
                               arguments: [try PostMedia.storedColumn(file.media), file.contentWarning,
                                           row["id"] as String])
            }
        }
        migrator.registerMigration("v7-queue-order") { db in
            // `herald queue` pages through the queue soonest first (issue 12): an index in that order, so a page of
            // a million queued posts is read, not sorted.
            try db.execute(sql: """
                CREATE INDEX targets_queue_order ON targets(next_attempt_at, id)
                    WHERE state IN ('scheduled', 'publishing', 'held');
                """)
        }
        migrator.registerMigration("v8-scale") { db in
            // Issue 12. `provisional`: a planned target accepted under load waits at the end of its window until
            // the daemon's planner settles its account (see `settle`); the partial index finds those accounts.
            // `target_counts`: targets per state, kept by triggers, so `STATUS=` after every event reads a row
            // instead of counting a queue of 100,000. `targets_history_order`: `herald history` walks the most
            // recent finished targets instead of sorting all of them. `targets_post`, `attempts_target` and
            // `posts_session`: a post's targets (cancel, withdraw, approve), the attempts a deleted target's foreign
            // key must check and the session posts checked at every start were found by reading the whole table
            // (seconds at start with a million queued).
            try db.execute(sql: """
                ALTER TABLE targets ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX targets_provisional ON targets(account) WHERE provisional = 1;
                CREATE INDEX targets_post ON targets(post_id);
                CREATE INDEX attempts_target ON attempts(target_id);
                CREATE INDEX posts_session ON posts(session) WHERE session IS NOT NULL;
                CREATE INDEX targets_history_order ON targets(finished_at, id)
                    WHERE state IN ('published', 'failed', 'cancelled', 'expired', 'rejected');
                CREATE TABLE target_counts (state TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
                INSERT INTO target_counts (state, n) SELECT state, COUNT(*) FROM targets GROUP BY state;
                CREATE TRIGGER target_counts_insert AFTER INSERT ON targets BEGIN
                    INSERT INTO target_counts (state, n) VALUES (NEW.state, 1)
                        ON CONFLICT(state) DO UPDATE SET n = n + 1;
                END;
                CREATE TRIGGER target_counts_delete AFTER DELETE ON targets BEGIN
                    UPDATE target_counts SET n = n - 1 WHERE state = OLD.state;
                END;
                CREATE TRIGGER target_counts_update AFTER UPDATE OF state ON targets
                WHEN OLD.state IS NOT NEW.state BEGIN
                    UPDATE target_counts SET n = n - 1 WHERE state = OLD.state;
                    INSERT INTO target_counts (state, n) VALUES (NEW.state, 1)
                        ON CONFLICT(state) DO UPDATE SET n = n + 1;
                END;
                """)
        }
        migrator.registerMigration("v9-pauses") { db in
            // Issue 13: an account whose credentials the network refused is paused until new ones arrive; kept
            // here so a restart with the same credentials does not knock on the network's door again.
            // `credentials` is a digest of what the account was paused with (never the secret itself).
            try db.execute(sql: """
                CREATE TABLE account_pauses (
                    account TEXT PRIMARY KEY,
                    reason TEXT NOT NULL,
                    paused_at REAL NOT NULL,
                    credentials TEXT
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v10-feeds") { db in
            // Issue 14: RSS and Atom feeds. `feeds` keeps each feed's validators for the conditional GET, the source
            // it was primed from (another source is a new feed, primed again) and when (NULL: never read yet), the
            // last good poll, and the failure that has lasted since `failing_since` (for `herald feeds`);
            // `feed_items` every item identity seen, so that a restart or a re-ordered feed never posts an item
            // twice. `last_seen` is the last full fetch that still listed the item: items gone for long are
            // forgotten.
            try db.execute(sql: """
                CREATE TABLE feeds (
                    name TEXT PRIMARY KEY,
                    source TEXT NOT NULL,
                    etag TEXT,
                    last_modified TEXT,
                    primed_at REAL,
                    polled_at REAL,
                    last_error TEXT,
                    failing_since REAL
                ) WITHOUT ROWID;
                CREATE TABLE feed_items (
                    feed TEXT NOT NULL,
                    guid TEXT NOT NULL,
                    first_seen REAL NOT NULL,
                    last_seen REAL NOT NULL,
                    PRIMARY KEY (feed, guid)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v11-repeats") { db in
            // Issue 14: repeating posts and evergreen folders. A repeating post's rule is the post's (`repeat_every`
            // as `14d`, `repeat_until` as the `Repeat-Until:` spec, resolved in each account's zone, `repeat_count`
            // publications in all). Each
            // occurrence is a target row of its own (statuses are unique per target and part, and the submitter id
            // stays with the first): `occurrence` counts publications from 1, `repeat_step` counts intervals from
            // `repeat_anchor` (the first nominal time; NULL until the first is published when that is where the
            // slot queue or the planner put it), `nominal_at` is the occurrence's nominal time. NULL for posts
            // published once.
            try db.execute(sql: """
                ALTER TABLE posts ADD COLUMN repeat_every TEXT;
                ALTER TABLE posts ADD COLUMN repeat_until TEXT;
                ALTER TABLE posts ADD COLUMN repeat_count INTEGER;
                ALTER TABLE targets ADD COLUMN occurrence INTEGER;
                ALTER TABLE targets ADD COLUMN repeat_step INTEGER;
                ALTER TABLE targets ADD COLUMN repeat_anchor REAL;
                ALTER TABLE targets ADD COLUMN nominal_at REAL;
                """)
            // Evergreen folders: one row per slot an evergreen file was submitted for, recorded before its post
            // file is written into incoming/ (so a crash in between is finished, not forgotten, and the file's
            // minimum interval counts from then). `submitter_id` is the `Id:` the post file carries.
            try db.execute(sql: """
                CREATE TABLE evergreen_uses (
                    account TEXT NOT NULL,
                    slot REAL NOT NULL,
                    file_name TEXT NOT NULL,
                    content_hash TEXT NOT NULL,
                    submitter_id TEXT NOT NULL,
                    used_at REAL NOT NULL,
                    PRIMARY KEY (account, slot)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v12-notifications") { db in
            // Issue 15: notifications. `notifications` holds the events a `[[notify]]` entry may want, written by
            // triggers in the very transaction that records the event (the `events` row of a failed, held, expired
            // or rejected post, including a missed post that `on_missed` failed; a new `account_pauses` row), so no
            // code path can forget one and a crash cannot separate them. The daemon routes each one to the entries
            // that want it: a `notify_deliveries` row per entry (`id` is the delivery's UUID, the same on every
            // attempt), or deletes it when none does. `dedupe` keeps events the daemon records itself (expiring
            // credentials) from being recorded again after a restart.
            try db.execute(sql: """
                CREATE TABLE notifications (
                    id INTEGER PRIMARY KEY,
                    event TEXT NOT NULL,
                    at REAL NOT NULL,
                    account TEXT,
                    post_id TEXT,
                    reason TEXT NOT NULL,
                    text TEXT,
                    scheduled_at REAL,
                    dedupe TEXT UNIQUE,
                    routed INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX notifications_unrouted ON notifications(id) WHERE routed = 0;
                CREATE TABLE notify_deliveries (
                    id TEXT PRIMARY KEY,
                    notification_id INTEGER NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
                    target TEXT NOT NULL,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    first_attempt_at REAL,
                    next_attempt_at REAL NOT NULL,
                    last_error TEXT,
                    finished_at REAL,
                    UNIQUE (notification_id, target)
                );
                CREATE INDEX notify_deliveries_due ON notify_deliveries(next_attempt_at) WHERE state = 'pending';
                CREATE TRIGGER notify_post_events AFTER INSERT ON events
                WHEN NEW.event IN ('failed', 'held', 'expired', 'rejected')
                    OR (NEW.event = 'missed' AND EXISTS (
                        SELECT 1 FROM targets
                        WHERE post_id = NEW.post_id AND account = NEW.account AND state = 'failed'))
                BEGIN
                    INSERT INTO notifications (event, at, account, post_id, reason, text, scheduled_at)
                    VALUES (
                        CASE NEW.event WHEN 'missed' THEN 'failed' ELSE NEW.event END,
                        NEW.at, NEW.account, NEW.post_id, NEW.message,
                        (SELECT text FROM post_parts WHERE post_id = NEW.post_id AND part = 0),
                        (SELECT scheduled_at FROM targets WHERE post_id = NEW.post_id AND account = NEW.account));
                END;
                CREATE TRIGGER notify_pauses AFTER INSERT ON account_pauses
                BEGIN
                    INSERT INTO notifications (event, at, account, reason)
                    VALUES ('paused', NEW.paused_at, NEW.account, NEW.reason);
                END;
                """)
        }
        migrator.registerMigration("v13-metrics") { db in
            // Issue 15: engagement fetched from the networks at fixed ages (`MetricsSchedule`). `status_metrics`
            // holds one row per status and age. `metrics_due` holds, per status, when its next fetch is due (NULL
            // once the last age is done or the network said the status is gone, `gone_at`); the partial index
            // makes "the statuses of this account due now" and "the account's next due fetch" index walks
            // whatever the history. A trigger schedules every new status at its first age (1 h = 3600 s, the first
            // of `MetricsSchedule.standard.ages`), so publishing code need not know about metrics; statuses
            // published before this migration are scheduled too (a late first fetch counts for the latest age it
            // reached), so an upgraded installation learns from its past.
            try db.execute(sql: """
                CREATE TABLE status_metrics (
                    account TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    age INTEGER NOT NULL,
                    fetched_at REAL NOT NULL,
                    likes INTEGER NOT NULL,
                    reposts INTEGER NOT NULL,
                    replies INTEGER NOT NULL,
                    quotes INTEGER,
                    impressions INTEGER,
                    PRIMARY KEY (account, seq, age)
                ) WITHOUT ROWID;
                CREATE TABLE metrics_due (
                    account TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    due_at REAL,
                    gone_at REAL,
                    PRIMARY KEY (account, seq)
                ) WITHOUT ROWID;
                CREATE INDEX metrics_due_order ON metrics_due(account, due_at) WHERE due_at IS NOT NULL;
                CREATE TRIGGER statuses_metrics_due AFTER INSERT ON statuses BEGIN
                    INSERT OR IGNORE INTO metrics_due (account, seq, due_at)
                        VALUES (NEW.account, NEW.seq, NEW.published_at + 3600);
                END;
                INSERT OR IGNORE INTO metrics_due (account, seq, due_at)
                    SELECT account, seq, published_at + 3600 FROM statuses;
                """)
        }
        migrator.registerMigration("v14-notify-occurrences") { db in
            // v12's trigger told a failure by the post and account alone, which v11 made ambiguous: every occurrence
            // of a repeating post is a target of the same post and account. A missed occurrence was taken for a
            // failure when an earlier one had failed, and a failure carried the first occurrence's time. Failures
            // are now recorded from the target that fails (any path that sets `state = 'failed'`), with its own
            // time and reason; held, expired and rejected concern a post's first target and keep the event.
            try db.execute(sql: """
                DROP TRIGGER notify_post_events;
                CREATE TRIGGER notify_post_events AFTER INSERT ON events
                WHEN NEW.event IN ('held', 'expired', 'rejected')
                BEGIN
                    INSERT INTO notifications (event, at, account, post_id, reason, text, scheduled_at)
                    VALUES (
                        NEW.event, NEW.at, NEW.account, NEW.post_id, NEW.message,
                        (SELECT text FROM post_parts WHERE post_id = NEW.post_id AND part = 0),
                        (SELECT scheduled_at FROM targets WHERE post_id = NEW.post_id AND account = NEW.account
                         ORDER BY id DESC LIMIT 1));
                END;
                CREATE TRIGGER notify_failed_targets AFTER UPDATE OF state ON targets
                WHEN NEW.state = 'failed' AND OLD.state IS NOT 'failed'
                BEGIN
                    INSERT INTO notifications (event, at, account, post_id, reason, text, scheduled_at)
                    VALUES (
                        'failed', COALESCE(NEW.finished_at, NEW.next_attempt_at), NEW.account, NEW.post_id,
                        COALESCE(NEW.last_error, 'failed'),
                        (SELECT text FROM post_parts WHERE post_id = NEW.post_id AND part = 0), NEW.scheduled_at);
                END;
                """)
        }
        migrator.registerMigration("v15-cluster") { db in
            // Issue 17: heraldd nodes sharing one PostgreSQL database split the accounts between them. `nodes`
            // holds each node's heartbeat; `account_claims` which node instance publishes an account, until when
            // (a lease its live holder renews). SQLite has one node and never fills them; the tables are here so
            // that both backends keep one schema.
            try db.execute(sql: PostgresSchema.clusterTables(integer: "INTEGER", real: "REAL"))
        }
        migrator.registerMigration("v16-count-deltas") { _ in
            // PostgreSQL only (`PostgresSchema.countDeltas`): SQLite has one writer, so its one row per state in
            // `target_counts` is never contended. Registered so both backends list the same migrations.
        }
        migrator.registerMigration("v17-rate-windows") { db in
            // Issue 17: an account's exhausted rate-limit window, handed on with the account between nodes.
            try db.execute(sql: PostgresSchema.rateWindows(real: "REAL"))
        }
        return migrator
    }
}

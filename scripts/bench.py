#!/usr/bin/env python3
"""Herald benchmarks (make bench): prints figures against the spine's targets; never fails on a figure.

Measures, for the outbox publisher, on a release build of heraldd:
  - drop-to-published latency for `At: now` (p50, p99 over N posts, one at a time);
  - the rate at which a burst of files dropped at once is accepted;
  - timing precision of `At:` posts (published_at - scheduled_at, p50/p99);
  - idle RSS and wake-ups per second with the burst's posts queued;
and, with herald-bench (the bench-only binary beside heraldd, never installed), the planner on 10,000 posts and a
large feed read, and the due-metrics queries on 1,000 and 100,000 published statuses.

Then the scale rows (issue 12), at BENCH_SCALE=small (the default, about a minute) or BENCH_SCALE=full:
  - planned intake: files for accounts with an audience dropped 1,000 at a time into a growing queue; the rate of
    each thousand, and how long the planner takes to settle after the last;
  - `At: now` drop-to-published with many accounts configured and a large queue (filled by herald-bench fill);
  - start-up with a very large queue: time to READY ("herald ready"), RSS, a metrics scrape's queue read;
  - idle with a large queue: RSS and wake-ups per second.

Last, the cluster row (issue 17): publishes per second with 1, 2 and 3 heraldd nodes sharing one PostgreSQL
database (a private server started by scripts/test-postgres.sh, a fresh database for each node count), 12 outbox
accounts and `--cluster-posts` `At: now` posts dropped round-robin into the nodes' spools; exactly-once is checked
in the shared outbox.
"""
import argparse
import contextlib
import datetime as dt
import glob
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

CONFIG = """
[daemon]
default_account = "bench"
max_lateness = "15m"

[[accounts]]
name = "bench"
network = "outbox"
counts_as = "x"
time_zone = "UTC"
"""


def rfc3339(t):
    return dt.datetime.fromtimestamp(t, dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def tag(i):
    """A unique word for post `i` made of consonants only: digits like 455 read as a word the profanity list
    holds ("ass" in leetspeak), and the policy gate would rightly reject the post."""
    letters = "bcdfghjklmnpqrstvwxz"
    word = ""
    while True:
        i, r = divmod(i, len(letters))
        word = letters[r] + word
        if i == 0:
            return word


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


SCALES = {
    "small": dict(planned_accounts=20, planned_files=5000, latency_accounts=50, latency_queued=10000,
                  latency_posts=300, start_accounts=100, start_posts=100000, idle_queued=10000, idle_seconds=5),
    "full": dict(planned_accounts=200, planned_files=100000, latency_accounts=200, latency_queued=100000,
                 latency_posts=1000, start_accounts=1000, start_posts=1000000, idle_queued=100000, idle_seconds=10),
}


def accounts_config(count, planned):
    """`count` outbox accounts; with `planned`, each has an audience (the planner places their posts)."""
    text = '[daemon]\ndefault_account = "a0000"\nmax_lateness = "15m"\nhorizon = "14d"\n'
    rules = 'audience = "bench"\nmin_gap = "30m"\nmax_per_day = 48\n' if planned else ""
    for i in range(count):
        text += f'\n[[accounts]]\nname = "a{i:04d}"\nnetwork = "outbox"\ncounts_as = "x"\ntime_zone = "UTC"\n{rules}'
    if planned:
        text += '\n[[audiences]]\nname = "bench"\nzones = { "America/New_York" = 0.6, "Europe/Paris" = 0.4 }\n'
    return text


class Daemon:
    def __init__(self, bin_dir, root, config_text=CONFIG, account="bench", fill=None, state=None):
        """Starts heraldd in `root`; `fill` (herald-bench, posts) queues that many posts into the state first;
        `state` is the state directory when not root/state (cluster nodes share one, and so one outbox)."""
        self.root = root
        self.spool = os.path.join(root, "spool")
        self.incoming = os.path.join(self.spool, "incoming")
        self.state = state or os.path.join(root, "state")
        self.outbox = os.path.join(self.state, "outbox", account)
        config = os.path.join(root, "herald.toml")
        with open(config, "w") as f:
            f.write(config_text)
        if fill:
            subprocess.run([fill[0], "fill", "--config", config, "--state", self.state, "--posts", str(fill[1])],
                           check=True)
            # The filler leaves hundreds of MB to write back; heraldd's fsyncs would wait behind them.
            os.sync()
        self.log = open(os.path.join(root, "heraldd.log"), "w+")
        started = time.time()
        self.proc = subprocess.Popen(
            [os.path.join(bin_dir, "heraldd"), "--config", config, "--spool", self.spool, "--state", self.state],
            stderr=self.log, stdout=self.log)
        deadline = time.time() + 300
        while time.time() < deadline and self.proc.poll() is None:
            with open(self.log.name) as f:
                if "herald ready" in f.read():
                    self.ready_after = time.time() - started
                    return
            time.sleep(0.01)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        raise SystemExit("heraldd did not become ready; see " + self.log.name)

    def drop(self, name, text):
        tmp = os.path.join(self.incoming, "." + name + ".tmp")
        with open(tmp, "w") as f:
            f.write(text)
        stamp = time.time()
        os.rename(tmp, os.path.join(self.incoming, name))
        return stamp

    def stage(self, files):
        """Writes (name, text) pairs as dot files in incoming/ (ignored until renamed); returns the names."""
        files = list(files)
        for name, text in files:
            with open(os.path.join(self.incoming, "." + name + ".tmp"), "w") as f:
                f.write(text)
        return [name for name, _ in files]

    def release(self, names):
        """Renames staged files into place, all at once; returns when the first was renamed."""
        start = time.time()
        for name in names:
            os.rename(os.path.join(self.incoming, "." + name + ".tmp"), os.path.join(self.incoming, name))
        return start

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    def threads_switches(self):
        """Context switches per thread id, with the thread's name (a thread that blocks and wakes up switches
        once per wake-up)."""
        counts = {}
        for status in glob.glob(f"/proc/{self.proc.pid}/task/*/status"):
            tid = status.split("/")[-2]
            try:
                with open(status) as f:
                    lines = f.readlines()
                name = next(line.split(None, 1)[1].strip() for line in lines if line.startswith("Name:"))
                counts[tid] = (name, sum(int(line.split()[1]) for line in lines
                                         if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches"))))
            except (FileNotFoundError, StopIteration):
                pass
        return counts

    def wakeups(self, seconds):
        """Wake-ups per second over `seconds`, in total and by thread name."""
        before = self.threads_switches()
        time.sleep(seconds)
        after = self.threads_switches()
        by_thread = {}
        for tid, (name, count) in after.items():
            delta = count - before.get(tid, (name, 0))[1]
            if delta:
                by_thread[name] = by_thread.get(name, 0) + delta / seconds
        return sum(by_thread.values()), by_thread

    def rss_mb(self, field="VmRSS"):
        """Resident memory in MB; field="RssAnon" for the part that is not mapped files (code, libraries)."""
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
        return float("nan")


def wait_for(path, deadline):
    while not os.path.exists(path):
        if time.time() > deadline:
            raise SystemExit("timed out waiting for " + path)
        time.sleep(0.001)  # the latency is read from published_at; a busier poll only steals the CPU it measures


def bench_latency(bin_dir, count, daemon=None):
    root = tempfile.mkdtemp(prefix="herald-bench-")
    daemon = daemon(root) if daemon else Daemon(bin_dir, root)
    try:
        latencies = []
        for i in range(count):
            dropped = daemon.drop(f"lat{i:05d}.post", f"At: now\n\nlatency probe {tag(i)}\n")
            path = os.path.join(daemon.outbox, f"{i + 1:08d}.json")
            wait_for(path, time.time() + 10)
            time.sleep(0.0005)
            with open(path) as f:
                record = json.load(f)
            latencies.append((parse(record["published_at"]) - dropped) * 1000)
        return latencies
    finally:
        daemon.stop()
        shutil.rmtree(root, ignore_errors=True)


def bench_burst_and_idle(bin_dir, count, idle_seconds):
    root = tempfile.mkdtemp(prefix="herald-bench-")
    daemon = Daemon(bin_dir, root)
    try:
        future = rfc3339(time.time() + 30 * 86400)
        names = daemon.stage((f"burst{i:05d}.post", f"At: {future}\n\nburst post {tag(i)}\n") for i in range(count))
        start = daemon.release(names)
        deadline = start + 600
        while any(not n.startswith(".") for n in os.listdir(daemon.incoming)):
            if time.time() > deadline:
                raise SystemExit("burst not accepted within 600 s")
            time.sleep(0.01)
        elapsed = time.time() - start
        time.sleep(2)
        wakeups = daemon.wakeups(idle_seconds)
        return count / elapsed, elapsed, daemon.rss_mb(), wakeups
    finally:
        daemon.stop()
        shutil.rmtree(root, ignore_errors=True)


def bench_precision(bin_dir, count, spacing):
    root = tempfile.mkdtemp(prefix="herald-bench-")
    daemon = Daemon(bin_dir, root)
    try:
        first = time.time() + 3
        for i in range(count):
            daemon.drop(f"at{i:05d}.post", f"At: {rfc3339(first + i * spacing)}\n\nprecision probe {tag(i)}\n")
        last = os.path.join(daemon.outbox, f"{count:08d}.json")
        wait_for(last, first + count * spacing + 30)
        time.sleep(0.05)
        errors = []
        for path in sorted(glob.glob(os.path.join(daemon.outbox, "*.json"))):
            with open(path) as f:
                record = json.load(f)
            errors.append((parse(record["published_at"]) - parse(record["scheduled_at"])) * 1000)
        return errors
    finally:
        daemon.stop()
        shutil.rmtree(root, ignore_errors=True)


def wait_accepted(incoming, deadline):
    """Until no post file is left in incoming/ (accepted or rejected)."""
    while any(name.endswith(".post") and not name.startswith(".") for name in os.listdir(incoming)):
        if time.time() > deadline:
            return False
        time.sleep(0.005)
    return True


def bench_planned_intake(bin_dir, accounts, files, max_seconds):
    """Drops `files` + 3,000 planned files, 1,000 at a time; returns the seconds each thousand took to be accepted
    (fewer when `max_seconds` ran out), and the seconds until the planner had settled after the last."""
    root = tempfile.mkdtemp(prefix="herald-bench-")
    daemon = Daemon(bin_dir, root, accounts_config(accounts, planned=True), account="a0000")
    try:
        times = []
        started = time.time()
        for chunk in range((files + 3000) // 1000):
            names = daemon.stage((f"p{i:06d}.post", f"Account: a{i % accounts:04d}\n\nplanned post {tag(i)}\n")
                                 for i in range(chunk * 1000, chunk * 1000 + 1000))
            begin = daemon.release(names)
            if not wait_accepted(daemon.incoming, started + max_seconds):
                break
            times.append(time.time() - begin)
        accepted_at = time.time()
        settled = None
        if len(times) * 1000 == files + 3000:
            # A planner that places posts while it accepts them has settled already; one that defers says so
            # ("planner settled") once nothing is left to place, after the last acceptance in the log.
            while time.time() < accepted_at + 600:
                with open(daemon.log.name) as f:
                    log = f.read()
                if "planner settled" not in log or log.rfind("planner settled") > log.rfind("accepted"):
                    settled = time.time() - accepted_at
                    break
                time.sleep(0.05)
        return times, settled
    finally:
        daemon.stop()
        shutil.rmtree(root, ignore_errors=True)


def print_planned_intake(accounts, files, times, settled):
    rate = lambda seconds: 1000 / seconds if seconds > 0 else float("inf")
    print(f"planned intake ({accounts} accounts with an audience, min_gap 30m, max_per_day 48, horizon 14d):")
    if len(times) < 3:
        print("  fewer than 3,000 accepted in time")
        return
    empty = statistics.median(rate(t) for t in times[:3])
    print(f"  into an empty queue (median of the first three thousands): {empty:.0f} files/s")
    cumulative = 0.0
    sums = {}
    for index, seconds in enumerate(times):
        cumulative += seconds
        sums[(index + 1) * 1000] = cumulative
    marks = [m for m in sorted({max(1000, n // 1000 * 1000) for n in (files // 8, files // 4, files // 2, files)})
             if m in sums]
    for previous, mark in zip([None] + marks, marks):
        nlogn = (mark * math.log(mark)) / (previous * math.log(previous)) if previous else 0
        growth = (f"  x{sums[mark] / sums[previous]:.2f} for x{mark / previous:.2f} the posts "
                  f"(N log N: x{nlogn:.2f})" if previous else "")
        print(f"  {mark:>7} loaded in {sums[mark]:8.1f} s{growth}")
    if len(times) * 1000 == files + 3000:
        after = statistics.median(rate(t) for t in times[-3:])
        print(f"  the next thousands with {files} waiting (median of three): {after:.0f} files/s = "
              f"{after / empty * 100:.0f}% of the empty rate  [target >= 50%]")
        if settled is not None:
            print(f"  planner settled {settled:.1f} s after the last file was accepted")
    else:
        done = len(times) * 1000
        print(f"  stopped after {sum(times):.0f} s with {done} accepted; last thousand {rate(times[-1]):.0f} files/s")


def bench_scale(bin_dir, scale, max_seconds, rows=("planned", "latency", "start", "idle")):
    s = SCALES[scale]
    bench = os.path.join(bin_dir, "herald-bench")
    print(f"scale rows (BENCH_SCALE={scale}):")
    sys.stdout.flush()
    if "planned" in rows:
        times, settled = bench_planned_intake(bin_dir, s["planned_accounts"], s["planned_files"], max_seconds)
        print_planned_intake(s["planned_accounts"], s["planned_files"], times, settled)
        sys.stdout.flush()
    if "latency" in rows:
        bench_scale_latency(bin_dir, bench, s)
    if "start" in rows:
        bench_scale_start(bin_dir, bench, s)
    if "idle" in rows:
        bench_scale_idle(bin_dir, bench, s)


def bench_scale_latency(bin_dir, bench, s):
    lat = bench_latency(bin_dir, s["latency_posts"], lambda root: Daemon(
        bin_dir, root, accounts_config(s["latency_accounts"], planned=True), account="a0000",
        fill=(bench, s["latency_queued"])))
    print(f"drop-to-published (At: now, {s['latency_accounts']} planned accounts, {s['latency_queued']} queued, "
          f"{len(lat)} posts): p50 {pct(lat, 50):.2f} ms, p99 {pct(lat, 99):.2f} ms  [target p99 <= 5 ms]")
    sys.stdout.flush()


@contextlib.contextmanager
def queued_daemon(bin_dir, bench, accounts, planned, posts):
    """heraldd on a fresh state with `posts` queued by herald-bench fill, stopped and removed afterwards."""
    root = tempfile.mkdtemp(prefix="herald-bench-")
    try:
        daemon = Daemon(bin_dir, root, accounts_config(accounts, planned=planned), account="a0000",
                        fill=(bench, posts))
        try:
            yield daemon
        finally:
            daemon.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)
        sys.stdout.flush()


def bench_scale_start(bin_dir, bench, s):
    with queued_daemon(bin_dir, bench, s["start_accounts"], False, s["start_posts"]) as daemon:
        rss_ready = daemon.rss_mb()
        begin = time.time()
        page = subprocess.run([os.path.join(bin_dir, "herald"), "queue", "--config",
                               os.path.join(daemon.root, "herald.toml"), "--state", daemon.state, "--limit", "100"],
                              capture_output=True, text=True)
        queue_seconds = time.time() - begin
        time.sleep(5)
        print(f"start with {s['start_posts']} queued ({s['start_accounts']} accounts, explicit times): READY in "
              f"{daemon.ready_after:.2f} s [target <= 2 s], RSS {rss_ready:.1f} MB at READY, "
              f"{daemon.rss_mb():.1f} MB 5 s later [target <= 128 MB]; herald queue --limit 100: "
              f"{queue_seconds * 1000:.0f} ms, {len(page.stdout.splitlines())} lines")
        scrape = subprocess.run([bench, "scrape", "--state", daemon.state], capture_output=True, text=True)
        print("  " + (scrape.stdout.strip() or scrape.stderr.strip()) + "  [target <= 50 ms]")


def bench_scale_idle(bin_dir, bench, s):
    with queued_daemon(bin_dir, bench, s["latency_accounts"], True, s["idle_queued"]) as daemon:
        # heraldd hands memory back 2 s after its last burst (start-up included): measure after that.
        time.sleep(5)
        wakeups, by_thread = daemon.wakeups(s["idle_seconds"])
        print(f"idle with {s['idle_queued']} queued ({s['latency_accounts']} planned accounts): "
              f"RSS {daemon.rss_mb():.1f} MB (anonymous {daemon.rss_mb('RssAnon'):.1f} MB) [target <= 40 MB], "
              f"{wakeups:.2f} wake-ups/s [target 0/s from Herald's threads]")
        if by_thread:
            print("  wake-ups by thread: " + ", ".join(f"{name} {rate:.2f}/s"
                                                      for name, rate in sorted(by_thread.items())))


CLUSTER_ACCOUNTS = [f"b{i:02d}" for i in range(1, 13)]


def node_config(url, password_file, node):
    """A cluster node's configuration: the shared database, its own node name, the 12 outbox accounts."""
    text = (f'[daemon]\ndatabase = "{url}"\ndatabase_password = "{password_file}"\nnode = "{node}"\n'
            'lease = "5s"\nmax_lateness = "15m"\n')
    for name in CLUSTER_ACCOUNTS:
        text += f'\n[[accounts]]\nname = "{name}"\nnetwork = "outbox"\ncounts_as = "x"\ntime_zone = "UTC"\n'
    return text


@contextlib.contextmanager
def postgres_server():
    """A private PostgreSQL (scripts/test-postgres.sh) for the cluster row: yields (admin URL, password file,
    major version); stopped and removed afterwards, whatever happened."""
    root = tempfile.mkdtemp(prefix="herald-bench-pg-")
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "test-postgres.sh")
    try:
        started = subprocess.run([script, "start", "--dir", root], capture_output=True, text=True)
        if started.returncode != 0:
            raise SystemExit("bench: scripts/test-postgres.sh start failed: " + started.stderr.strip())
        url = started.stdout.strip().splitlines()[-1]
        password = os.path.join(root, "password")
        version = psql(url, password, "SHOW server_version_num")
        yield url, password, int(version) // 10000
    finally:
        subprocess.run([script, "stop", "--dir", root], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def psql(url, password_file, sql):
    with open(password_file) as f:
        env = dict(os.environ, PGPASSWORD=f.read().strip())
    result = subprocess.run(["psql", url, "-tAc", sql], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"bench: psql {sql!r} failed: {result.stderr.strip()}")
    return result.stdout.strip()


def wait_split(bin_dir, config, count, deadline):
    """Until `herald nodes --json` lists `count` live nodes, every account claimed once and each node holding at
    least its even share (a node that starts first holds everything and gives idle accounts back later)."""
    share = len(CLUSTER_ACCOUNTS) // count
    nodes = []
    while time.time() < deadline:
        result = subprocess.run([os.path.join(bin_dir, "herald"), "nodes", "--json", "--config", config],
                                capture_output=True, text=True)
        if result.returncode == 0:
            nodes = [node for node in json.loads(result.stdout) if node.get("state") == "live"]
            claimed = sorted(claim["account"] for node in nodes for claim in node.get("claims") or [])
            if (len(nodes) == count and claimed == CLUSTER_ACCOUNTS
                    and all(len(node.get("claims") or []) >= share for node in nodes)):
                return
        time.sleep(0.25)
    raise SystemExit(f"bench: the accounts were not split over {count} nodes in time: {nodes}")


def outbox_files(outbox):
    return [os.path.join(outbox, account, name) for account in CLUSTER_ACCOUNTS
            if os.path.isdir(os.path.join(outbox, account))
            for name in os.listdir(os.path.join(outbox, account)) if name.endswith(".json")]


def check_exactly_once(outbox, posts):
    """Fails loudly unless the outbox holds `posts` statuses, no (post_id, part) twice, every post's text once."""
    files = outbox_files(outbox)
    seen = {}
    texts = {}
    for path in files:
        with open(path) as f:
            record = json.load(f)
        key = (record.get("post_id"), record.get("part"))
        seen.setdefault(key, []).append(path)
        texts[record.get("text")] = texts.get(record.get("text"), 0) + 1
    twice = {key: paths for key, paths in seen.items() if len(paths) > 1}
    missing = [i for i in range(posts) if texts.get(f"cluster post {tag(i)}") != 1]
    if len(files) != posts or twice or missing:
        raise SystemExit(f"bench: cluster NOT exactly once: {len(files)} statuses for {posts} posts, "
                         f"{len(twice)} (post_id, part) published more than once (e.g. {list(twice.items())[:3]}), "
                         f"{len(missing)} posts not published exactly once (e.g. {missing[:5]})")


def bench_cluster_run(bin_dir, url, password, count, posts):
    """`count` nodes on the database at `url`; returns publishes per second for `posts` `At: now` posts."""
    root = tempfile.mkdtemp(prefix="herald-bench-")
    state = os.path.join(root, "state")
    outbox = os.path.join(state, "outbox")
    nodes = []
    try:
        for index in range(count):
            name = f"n{index + 1}"
            os.makedirs(os.path.join(root, name))
            nodes.append(Daemon(bin_dir, os.path.join(root, name), node_config(url, password, name), state=state))
        wait_split(bin_dir, os.path.join(nodes[0].root, "herald.toml"), count, time.time() + 120)
        staged = [[] for _ in nodes]
        for i in range(posts):
            node = i % count
            staged[node] += nodes[node].stage([(f"c{i:06d}.post", f"At: now\nAccount: "
                                                f"{CLUSTER_ACCOUNTS[i % len(CLUSTER_ACCOUNTS)]}\n\n"
                                                f"cluster post {tag(i)}\n")])
        start = time.time()
        for i in range(posts):
            name = staged[i % count][i // count]
            incoming = nodes[i % count].incoming
            os.rename(os.path.join(incoming, "." + name + ".tmp"), os.path.join(incoming, name))
        deadline = start + 600
        while len(outbox_files(outbox)) < posts:
            if time.time() > deadline:
                rejected = sum(len(glob.glob(os.path.join(node.spool, "rejected", "*.post"))) for node in nodes)
                raise SystemExit(f"bench: cluster of {count}: {len(outbox_files(outbox))} of {posts} published "
                                 f"within 600 s ({rejected} rejected); logs in {root}/n*/heraldd.log")
            time.sleep(0.05)
        elapsed = time.time() - start
        time.sleep(1)  # anything published twice would show now
        check_exactly_once(outbox, posts)
        return posts / elapsed
    finally:
        for node in nodes:
            node.stop()
        shutil.rmtree(root, ignore_errors=True)


def bench_cluster(bin_dir, posts, counts=(1, 2, 3)):
    with postgres_server() as (url, password, version):
        rates = []
        for count in counts:
            database = f"bench_cluster_{count}"
            psql(url, password, f"CREATE DATABASE {database}")
            rates.append(bench_cluster_run(bin_dir, url.rsplit("/", 1)[0] + "/" + database, password, count, posts))
    figures = ", ".join(f"{count} node{'s' if count > 1 else ''} {rate:.0f} publishes/s"
                        for count, rate in zip(counts, rates))
    print(f"cluster ({len(CLUSTER_ACCOUNTS)} outbox accounts, {posts} posts, PostgreSQL {version} on loopback): "
          f"{figures}  (load average {os.getloadavg()[0]:.2f})")
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="directory holding heraldd and herald-bench")
    parser.add_argument("--latency-posts", type=int, default=1000)
    parser.add_argument("--burst-files", type=int, default=10000)
    parser.add_argument("--precision-posts", type=int, default=200)
    parser.add_argument("--idle-seconds", type=float, default=10)
    parser.add_argument("--scale", choices=sorted(SCALES), default=os.environ.get("BENCH_SCALE") or "small")
    parser.add_argument("--max-planned-seconds", type=float, default=900,
                        help="stop the planned-intake row after this long (a slow build could take hours)")
    parser.add_argument("--cluster-posts", type=int, default=3000,
                        help="posts dropped for each node count of the cluster row")
    parser.add_argument("--only", help="run only some rows: scale (all the scale rows), some of "
                                       "planned,latency,start,idle, and/or cluster")
    args = parser.parse_args()
    for tool in ("heraldd", "herald", "herald-bench"):
        if not os.access(os.path.join(args.bin, tool), os.X_OK):
            raise SystemExit(f"bench: {os.path.join(args.bin, tool)} not found; build it first (make bench does)")

    print(f"heraldd: {args.bin}/heraldd, {os.cpu_count()} cores")
    if args.only:
        rows = [row for row in args.only.split(",") if row != "cluster"]
        if rows:
            rows = ("planned", "latency", "start", "idle") if rows == ["scale"] else rows
            bench_scale(args.bin, args.scale, args.max_planned_seconds, rows)
        if "cluster" in args.only.split(","):
            bench_cluster(args.bin, args.cluster_posts)
        return
    lat = bench_latency(args.bin, args.latency_posts)
    print(f"drop-to-published (At: now, {len(lat)} posts): p50 {pct(lat, 50):.2f} ms, p99 {pct(lat, 99):.2f} ms"
          f"  [target p99 <= 20 ms]")
    rate, elapsed, rss, (wakeups, by_thread) = bench_burst_and_idle(args.bin, args.burst_files, args.idle_seconds)
    print(f"burst: {args.burst_files} files accepted in {elapsed:.2f} s = {rate:.0f} files/s  [target >= 2000/s]")
    print(f"idle with {args.burst_files} queued: RSS {rss:.1f} MB [target <= 30 MB], "
          f"{wakeups:.2f} wake-ups/s over {args.idle_seconds:.0f} s [target ~0/s]")
    if by_thread:
        print("  wake-ups by thread: " + ", ".join(f"{name} {rate:.2f}/s" for name, rate in sorted(by_thread.items()))
              + "  (libdispatch's manager thread runs a 1 s workqueue monitor in every Swift process on Linux)")
    prec = bench_precision(args.bin, args.precision_posts, 0.05)
    print(f"At: precision ({len(prec)} posts, 50 ms apart): p50 {pct(prec, 50):.2f} ms, p99 {pct(prec, 99):.2f} ms"
          f"  [target p99 <= 10 ms]")
    print("planner (10,000 posts, 100 accounts, 14 days) [target <= 200 ms]:")
    sys.stdout.flush()
    subprocess.run([os.path.join(args.bin, "herald-bench"), "planner"], check=True)
    sys.stdout.flush()
    subprocess.run([os.path.join(args.bin, "herald-bench"), "intake"], check=True)
    sys.stdout.flush()
    subprocess.run([os.path.join(args.bin, "herald-bench"), "feed"], check=True)
    sys.stdout.flush()
    subprocess.run([os.path.join(args.bin, "herald-bench"), "metrics"], check=True)
    sys.stdout.flush()
    bench_scale(args.bin, args.scale, args.max_planned_seconds)
    bench_cluster(args.bin, args.cluster_posts)


if __name__ == "__main__":
    sys.exit(main())

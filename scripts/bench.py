#!/usr/bin/env python3
"""Herald benchmarks (make bench): prints figures against the spine's targets; never fails on a figure.

Measures, for the outbox publisher, on a release build of heraldd:
  - drop-to-published latency for `At: now` (p50, p99 over N posts, one at a time);
  - the rate at which a burst of files dropped at once is accepted;
  - timing precision of `At:` posts (published_at - scheduled_at, p50/p99);
  - idle RSS and wake-ups per second with the burst's posts queued;
and, with herald-bench (the bench-only binary beside heraldd, never installed), the planner on 10,000 posts.
"""
import argparse
import datetime as dt
import glob
import json
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


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Daemon:
    def __init__(self, bin_dir, root):
        self.root = root
        self.spool = os.path.join(root, "spool")
        self.incoming = os.path.join(self.spool, "incoming")
        self.state = os.path.join(root, "state")
        self.outbox = os.path.join(self.state, "outbox", "bench")
        config = os.path.join(root, "herald.toml")
        with open(config, "w") as f:
            f.write(CONFIG)
        self.log = open(os.path.join(root, "heraldd.log"), "w+")
        self.proc = subprocess.Popen(
            [os.path.join(bin_dir, "heraldd"), "--config", config, "--spool", self.spool, "--state", self.state],
            stderr=self.log, stdout=self.log)
        deadline = time.time() + 30
        while time.time() < deadline:
            self.log.flush()
            with open(self.log.name) as f:
                if "herald ready" in f.read():
                    return
            time.sleep(0.05)
        raise SystemExit("heraldd did not become ready; see " + self.log.name)

    def drop(self, name, text):
        tmp = os.path.join(self.incoming, "." + name + ".tmp")
        with open(tmp, "w") as f:
            f.write(text)
        stamp = time.time()
        os.rename(tmp, os.path.join(self.incoming, name))
        return stamp

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

    def rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS"):
                    return int(line.split()[1]) / 1024
        return float("nan")


def wait_for(path, deadline):
    while not os.path.exists(path):
        if time.time() > deadline:
            raise SystemExit("timed out waiting for " + path)
        time.sleep(0.0002)


def bench_latency(bin_dir, count):
    root = tempfile.mkdtemp(prefix="herald-bench-")
    daemon = Daemon(bin_dir, root)
    try:
        latencies = []
        for i in range(count):
            dropped = daemon.drop(f"lat{i:05d}.post", f"At: now\n\nlatency probe {i}\n")
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
        names = []
        for i in range(count):
            name = f"burst{i:05d}.post"
            with open(os.path.join(daemon.incoming, "." + name + ".tmp"), "w") as f:
                f.write(f"At: {future}\n\nburst post {i}\n")
            names.append(name)
        start = time.time()
        for name in names:
            os.rename(os.path.join(daemon.incoming, "." + name + ".tmp"), os.path.join(daemon.incoming, name))
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
            daemon.drop(f"at{i:05d}.post", f"At: {rfc3339(first + i * spacing)}\n\nprecision probe {i}\n")
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="directory holding heraldd and herald-bench")
    parser.add_argument("--latency-posts", type=int, default=1000)
    parser.add_argument("--burst-files", type=int, default=10000)
    parser.add_argument("--precision-posts", type=int, default=200)
    parser.add_argument("--idle-seconds", type=float, default=10)
    args = parser.parse_args()
    for tool in ("heraldd", "herald-bench"):
        if not os.access(os.path.join(args.bin, tool), os.X_OK):
            raise SystemExit(f"bench: {os.path.join(args.bin, tool)} not found; build it first (make bench does)")

    print(f"heraldd: {args.bin}/heraldd, {os.cpu_count()} cores")
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


if __name__ == "__main__":
    sys.exit(main())

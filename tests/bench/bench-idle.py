#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sesame idling beside a floor program and OTPClient, in one run.

Run by `build-aux/dev bench -- idle` inside the private test session (its own
D-Bus, gnome-keyring and Xvfb). N accounts (default 300) are first added to
the keyring under a schema of the benchmark's own with sesame-cli. Then each
program is started in turn, round after round, and measured:

- start-up: from spawning it to its first frame with codes (Sesame's
  SESAME_STARTUP_TRACE=1 line "first-codes-frame"; the floor's "first-frame"),
  both stamped with CLOCK_MONOTONIC, the clock this script reads, and the
  process's CPU time until then (steadier than wall time on a busy machine);
- CPU while idle: utime + stime clock ticks (/proc/PID/stat) over CPU_S s,
  after SETTLE_S s;
- resident memory (VmRSS) at the end of that;
- X11 writes while idle: writev calls of all its threads over IDLE_S s,
  counted by strace -f -c attached after the CPU figure was taken.

Environment: SESAME_BENCH_RUNS (3), SESAME_BENCH_ACCOUNTS (300),
SESAME_BENCH_CPU_S (20), SESAME_BENCH_IDLE_S (10), SESAME_BENCH_SETTLE_S (3),
SESAME_BENCH_SESAME (another Sesame binary to measure, e.g. an older build;
SESAME_BENCH_SESAME_TRACE="" when it has no start-up trace).
"""

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

SCHEMA = "io.github.sesame.Bench.Idle"


def env_int(name, default):
    return int(os.environ.get(name, default))


def seed(cli, count):
    env = dict(os.environ, SESAME_KEYRING_SCHEMA=SCHEMA)
    listed = subprocess.run([cli, "list"], env=env, capture_output=True, text=True)
    have = len(listed.stdout.splitlines()) if listed.returncode == 0 else 0
    if have >= count:
        return
    uris = "".join(
        "otpauth://totp/Bench%%20%04d:user%d@example.com?secret=%s&issuer=Bench%%20%04d\n"
        % (i, i, "JBSWY3DPEHPK3PXP" if i % 2 else "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", i)
        for i in range(have, count))
    start = time.monotonic()
    subprocess.run([cli, "add", "-"], input=uris, env=env, text=True, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print("seeded %d accounts in %.1f s" % (count - have, time.monotonic() - start), flush=True)


def ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def smaps(pid):
    """Rss, Pss and anonymous kB of every mapping of pid, summed by what
    maps it: a library (file name without its version), [heap], [anon]."""
    groups = {}
    key = None
    with open("/proc/%d/smaps" % pid) as f:
        for line in f:
            cols = line.split()
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                path = cols[5] if len(cols) > 5 else "[anon]"
                if path.startswith("/"):
                    path = re.sub(r"\.so(\.[0-9.]+)?$", ".so", os.path.basename(path))
                key = groups.setdefault(path, {"Rss": 0, "Pss": 0, "Anonymous": 0})
            elif cols and cols[0][:-1] in ("Rss", "Pss", "Anonymous") and key is not None:
                key[cols[0][:-1]] += int(cols[1])
    return groups


def rollup(pid):
    values = {}
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            cols = line.split()
            if len(cols) == 3 and cols[2] == "kB":
                values[cols[0][:-1]] = int(cols[1])
    return values


def writev_calls(pid, seconds):
    if seconds == 0:
        return 0
    tracer = subprocess.Popen(["strace", "-f", "-c", "-e", "trace=writev", "-p", str(pid)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(seconds)
    tracer.send_signal(signal.SIGINT)
    _, summary = tracer.communicate(timeout=30)
    for line in summary.splitlines():
        cols = line.split()
        if cols and cols[-1] == "writev":
            return int(cols[3])
    return 0


def measure(name, argv, env, word, settle_s, cpu_s, idle_s):
    start = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    first = {}
    seen = threading.Event()

    def read_stderr():
        for line in proc.stderr:
            if word and word in line and not seen.is_set():
                m = re.search(r"monotonic ([0-9.]+) s", line)
                first["s"] = float(m.group(1)) - start if m else time.monotonic() - start
                c = re.search(r"cpu ([0-9.]+) s", line)
                first["cpu"] = float(c.group(1)) if c else None
                seen.set()

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    if word:
        seen.wait(120)
    else:
        time.sleep(5)
    try:
        time.sleep(settle_s)
        t0 = ticks(proc.pid)
        time.sleep(cpu_s)
        cpu = ticks(proc.pid) - t0
        rss = rss_mb(proc.pid)
        maps = smaps(proc.pid)
        totals = rollup(proc.pid)
        writes = writev_calls(proc.pid, idle_s)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return {"start": first.get("s"), "start_cpu": first.get("cpu"), "cpu": cpu, "rss": rss, "writes": writes,
            "smaps": maps, "rollup": totals}


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def print_memory(results):
    """Where Sesame's resident memory goes beside the floor's: smaps_rollup,
    then Rss and Pss summed by library (medians over the runs, MB)."""
    def med(name, get):
        return median([get(m) for m in results[name]]) or 0

    print()
    print("smaps_rollup (MB): | floor | Sesame | difference |")
    for field in ("Rss", "Pss", "Pss_Anon", "Pss_File", "Anonymous", "Private_Dirty", "Shared_Clean"):
        f = med("floor", lambda m: m["rollup"].get(field, 0)) / 1024
        s = med("Sesame", lambda m: m["rollup"].get(field, 0)) / 1024
        print("| %s | %.1f | %.1f | %+.1f |" % (field, f, s, s - f))
    names = set()
    for name in ("floor", "Sesame"):
        for m in results[name]:
            names.update(m["smaps"])
    rows = []
    for lib in names:
        cells = []
        for field in ("Rss", "Pss", "Anonymous"):
            f = med("floor", lambda m: m["smaps"].get(lib, {}).get(field, 0)) / 1024
            s = med("Sesame", lambda m: m["smaps"].get(lib, {}).get(field, 0)) / 1024
            cells.append((f, s))
        rows.append((lib, cells))
    rows.sort(key=lambda r: r[1][0][1] - r[1][0][0], reverse=True)
    print()
    print("by mapping, difference of 0.1 MB or more (MB): | floor Rss | Sesame Rss | Rss difference | "
          "Pss difference | anonymous difference |")
    rest = [0.0, 0.0, 0.0]
    for lib, ((fr, sr), (fp, sp), (fa, sa)) in rows:
        if abs(sr - fr) >= 0.1 or abs(sp - fp) >= 0.1:
            print("| %s | %.1f | %.1f | %+.1f | %+.1f | %+.1f |" % (lib, fr, sr, sr - fr, sp - fp, sa - fa))
        else:
            rest = [rest[0] + sr - fr, rest[1] + sp - fp, rest[2] + sa - fa]
    print("| (the rest) | | | %+.1f | %+.1f | %+.1f |" % tuple(rest))


def main():
    build = os.environ.get("SESAME_BUILD_ROOT") or sys.argv[1]
    runs = env_int("SESAME_BENCH_RUNS", 3)
    accounts = env_int("SESAME_BENCH_ACCOUNTS", 300)
    cpu_s = env_int("SESAME_BENCH_CPU_S", 20)
    idle_s = env_int("SESAME_BENCH_IDLE_S", 10)
    settle_s = env_int("SESAME_BENCH_SETTLE_S", 3)
    sesame = os.environ.get("SESAME_BENCH_SESAME") or os.path.join(build, "src", "app", "sesame")
    cli = os.path.join(build, "src", "cli", "sesame-cli")
    floor = os.path.join(build, "tests", "bench", "bench-floor")

    if not shutil.which("strace"):
        print("strace is not installed (build-aux/dev installs it)", file=sys.stderr)
        return 1
    seed(cli, accounts)

    env = dict(os.environ, SESAME_STARTUP_TRACE="1", SESAME_KEYRING_SCHEMA=SCHEMA)
    # An older Sesame without the start-up trace: SESAME_BENCH_SESAME_TRACE="".
    sesame_word = os.environ.get("SESAME_BENCH_SESAME_TRACE", "first-codes-frame") or None
    programs = [("floor", [floor], "first-frame"), ("Sesame", [sesame], sesame_word)]
    otpclient = shutil.which("otpclient")
    if otpclient:
        programs.append(("OTPClient", [otpclient], None))

    # Untimed first start of each: D-Bus activates the portal, fonts and
    # icons get into the page cache.
    for name, argv, word in programs:
        measure(name, argv, env, word, 0, 0, 0)

    results = {name: [] for name, _, _ in programs}
    for r in range(runs):
        order = programs[r % len(programs):] + programs[:r % len(programs)]
        for name, argv, word in order:
            m = measure(name, argv, env, word, settle_s, cpu_s, idle_s)
            results[name].append(m)
            print("run %d %-9s start %s (cpu %s)  idle cpu %d ticks  rss %.1f MB  writev %d" % (
                r + 1, name, "%.3f s" % m["start"] if m["start"] is not None else "-",
                "%.3f s" % m["start_cpu"] if m["start_cpu"] is not None else "-",
                m["cpu"], m["rss"], m["writes"]), flush=True)

    print()
    print("medians of %d runs, %d accounts in the keyring (Sesame), idle CPU over %d s, "
          "writev over %d s:" % (runs, accounts, cpu_s, idle_s))
    print("| | %s |" % " | ".join(name for name, _, _ in programs))
    print("|---|%s" % ("---:|" * len(programs)))
    floor_m = {k: median([m[k] for m in results["floor"]]) for k in ("start", "start_cpu", "cpu", "rss", "writes")}
    rows = [("first frame with codes (s)", "start", "%.3f"),
            ("CPU until that frame (s)", "start_cpu", "%.3f"),
            ("X11 writes (writev)", "writes", "%.0f"),
            ("CPU (clock ticks)", "cpu", "%.0f"),
            ("resident memory (MB)", "rss", "%.1f")]
    for label, key, fmt in rows:
        cells = []
        for name, _, _ in programs:
            v = median([m[key] for m in results[name]])
            if v is None:
                cells.append("–")
            elif name == "floor" or not floor_m[key]:
                cells.append(fmt % v)
            else:
                cells.append((fmt + " (%.2f×)") % (v, v / floor_m[key]))
        print("| %s | %s |" % (label, " | ".join(cells)))
    print_memory(results)
    s = median([m["start"] for m in results["Sesame"]])
    if s is not None and floor_m["start"] is not None:
        print("Sesame's first codes %+.3f s after the floor's first frame (target: within 0.15 s)"
              % (s - floor_m["start"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

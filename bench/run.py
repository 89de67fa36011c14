#!/usr/bin/env python3
"""Runs every kartka benchmark, and Anki's backend on the same work, and writes the table.

    bash bench/run            # or: python3 bench/run.py [--reuse]

Generates its data in bench/data (decks of 1k, 10k and 100k cards, stores with up to 1.2M simulated reviews
over two years, 1,000 results files; with bench/linear_inputs.py, a 200k-card deck with two warnings a card
and one results file of 100k questions), times whole processes (median wall time of several runs, peak
memory from wait4), and writes bench/results.md, which BENCHMARKS.md quotes.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
KARTKA = ROOT / "target" / "release" / "kartka"
BENCH = ROOT / "bench" / "target" / "release" / "kartka-bench"
NOW = "2027-01-02T09:00:00+00:00"
RUNS = 5


def run(cmd, env=None, stdin=b"", cwd=None):
    """One whole-process run: (wall seconds, peak RSS in MiB)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        env={**os.environ, **(env or {})},
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=cwd,
    )
    proc.stdin.write(stdin)
    proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(map(str, cmd))}")
    return wall, usage.ru_maxrss / 1024


def to_first_question(cmd, env):
    """Milliseconds from start until the first question is printed (plain mode), then the run is ended: what
    a learner waits for, without what a process does after its last answer."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env={**os.environ, **env}, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    for line in proc.stdout:
        if line.startswith(b"Card 1 "):
            break
    ms = (time.perf_counter() - started) * 1000
    proc.stdin.write(b"q\n")
    proc.stdin.close()
    proc.stdout.read()
    if proc.wait() != 0:
        raise SystemExit(f"failed: {' '.join(map(str, cmd))}")
    return ms


def measure(cmd, env=None, stdin=b"", runs=RUNS, cwd=None):
    """Median wall time in ms and the highest peak RSS over `runs` runs, after one warm-up run (and with the
    warm-up's writes flushed, so that its backup or migration does not slow the runs measured)."""
    run(cmd, env, stdin, cwd)
    os.sync()
    results = [run(cmd, env, stdin, cwd) for _ in range(runs)]
    return statistics.median(r[0] for r in results) * 1000, max(r[1] for r in results)


def main():
    reuse = "--reuse" in sys.argv
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT / "bench", check=True)
    if not (reuse and (DATA / "data.json").exists()):
        shutil.rmtree(DATA, ignore_errors=True)
        subprocess.run([str(BENCH), "generate", str(DATA)], check=True)
    if not (DATA / "results-100k" / "one.json").exists():
        subprocess.run([sys.executable, ROOT / "bench" / "linear_inputs.py", DATA, "200000"], check=True)
    data = json.loads((DATA / "data.json").read_text())
    rows = []  # (what, kartka, anki, target)
    work = Path(tempfile.mkdtemp(prefix="kartka-bench-"))

    # 1. Time to the first question: plain mode, answer one card, quit. The day's backup is taken by the
    #    warm-up run, so the figure is the steady state; the first run of a day is measured apart. Deck
    #    files changed in the last two seconds are read and hashed rather than known by their stamp (size,
    #    times, inode): the copies are left to settle first, as a learner's decks are, and the path for a
    #    file just saved is measured apart.
    for size in ["1k", "10k", "100k"]:
        home = work / f"home-{size}"
        shutil.copytree(DATA / f"home-{size}", home)
    time.sleep(2.5)
    for size in ["1k", "10k", "100k"]:
        home = work / f"home-{size}"
        env = {"KARTKA_HOME": str(home), "KARTKA_NOW": NOW}
        ms, mib = measure([KARTKA, "study"], env, b"x\n\nq\n")
        rows.append((f"first question, {size} cards ({data[f'reviews-{size}']:,} reviews)", (ms, mib), None, "≤ 50 ms at 100k" if size == "100k" else ""))
    home = work / "home-100k"
    for deck in (home / "decks").iterdir():
        os.utime(deck)
    ms, mib = measure([KARTKA, "study"], {"KARTKA_HOME": str(home), "KARTKA_NOW": NOW}, b"x\n\nq\n")
    rows.append(("first question, 100k cards, deck files saved in the last 2 s (read and hashed)", (ms, mib), None, ""))
    shutil.rmtree(home / "backups")
    first_of_day = run([KARTKA, "study"], {"KARTKA_HOME": str(home), "KARTKA_NOW": NOW}, b"x\n\nq\n")
    rows.append(("first question, 100k cards, first run of the day (whole run, with its backup)", (first_of_day[0] * 1000, first_of_day[1]), None, ""))
    # The day's backup runs beside the session: time to the first question printed, on the first run of
    # each of five days against later runs the same days.
    env = {"KARTKA_HOME": str(home), "KARTKA_NOW": NOW}
    firsts, others = [], []
    for day in range(5):
        env["KARTKA_NOW"] = f"2027-01-{3 + day:02d}T09:00:00+00:00"
        firsts.append(to_first_question([KARTKA, "study"], env))
        os.sync()
        others.append(statistics.median(to_first_question([KARTKA, "study"], env) for _ in range(3)))
    first_ms, other_ms = statistics.median(firsts), statistics.median(others)
    rows.append(("time to the first question printed, 100k cards: first run of a day / later runs",
                 (first_ms, float("nan")), None, f"{first_ms / other_ms:.2f}× (≤ 1.2×); later runs {other_ms:.0f} ms"))

    # 2. Answer latency, in process: grade, schedule, commit with synchronous=FULL.
    out = subprocess.run([str(BENCH), "latency", str(work / "home-100k"), str(work / "home-100k/decks/bench-0.toml")],
                         check=True, capture_output=True, text=True).stdout
    latency = json.loads(out)

    # 3–6.
    env = {"KARTKA_HOME": str(work / "home-100k"), "KARTKA_NOW": NOW}
    rows.append((f"stats over {data['reviews-100k']:,} reviews", measure([KARTKA, "stats", "--json"], env), None, "≤ 300 ms"))
    rows.append(("check a 100k-card deck (25 MB)", measure([KARTKA, "check", DATA / "deck-100k.toml"]), None, "≤ 1 s"))
    rows.append(("report over 1,000 results", measure([KARTKA, "report", DATA / "results", "--format", "json"]), None, "≤ 1 s"))
    opt_home = work / "home-optimize"
    shutil.copytree(DATA / "home-optimize", opt_home)
    started = time.perf_counter()
    opt = run([KARTKA, "optimize"], {"KARTKA_HOME": str(opt_home), "KARTKA_NOW": NOW})
    rows.append((f"optimize over {data['reviews-optimize']:,} reviews (one run)", (opt[0] * 1000, opt[1]), None, ""))

    # kartka adding cards: loading and checking a new deck of that size.
    kartka_adds = {}
    for size in ["1k", "10k"]:
        deck = work / f"add-{size}.toml"
        shutil.copy(DATA / f"home-{size}" / "decks" / "bench-0.toml", deck)
        kartka_adds[size] = measure([KARTKA, "check", deck])
    kartka_adds["100k"] = rows[-3][1]

    # Inputs on which check and report once took time in the square of their size.
    rows.append(("check, 200k cards with 2 warnings each", measure([KARTKA, "check", DATA / "deck-warn-200000.toml"]), None, "≤ 5 s"))
    rows.append(("report, one 16 MB results file (100k questions)", measure([KARTKA, "report", DATA / "results-100k"]), None, "≤ 1 s"))

    # Anki's backend on the same work, in processes of its own.
    anki = {}
    probe = subprocess.run([sys.executable, "-c", "import anki"], capture_output=True)
    if probe.returncode == 0:
        anki = json.loads(subprocess.run([sys.executable, ROOT / "bench" / "anki_bench.py", work],
                                         check=True, capture_output=True, text=True).stdout)
        for size in ["1k", "10k", "100k"]:
            anki[f"open-{size}"] = measure([sys.executable, ROOT / "bench" / "anki_open.py", work / f"anki-{size}.anki2"])
    else:
        print("Anki's backend is not installed: pip install anki", file=sys.stderr)

    lines = ["| measure | kartka | peak memory | Anki's backend | kartka / Anki | target |", "|---|---|---|---|---|---|"]
    for i, (what, (ms, mib), _, target) in enumerate(rows):
        other = ""
        ratio = ""
        if what.startswith("first question,") and "first run" not in what:
            size = what.split(", ")[1].split(" ")[0]
            if f"open-{size}" in anki:
                a_ms, a_mib = anki[f"open-{size}"]
                other = f"{a_ms:.0f} ms, {a_mib:.0f} MiB (open + first card of the queue)"
                ratio = f"{ms / a_ms:.2f}"
        memory = f"{mib:.0f} MiB" if mib == mib else ""
        lines.append(f"| {what} | {ms:.0f} ms | {memory} | {other} | {ratio} | {target} |")
    a_med, a_p99 = anki.get("answer", (float("nan"), float("nan")))
    lines.append(
        f"| answer latency, median / p99 over 1,000 (grade, schedule, durable commit) | {latency['median_ms']:.2f} / {latency['p99_ms']:.2f} ms | | "
        f"{a_med:.2f} / {a_p99:.2f} ms (build + answer card) | {latency['median_ms'] / a_med:.2f} | ≤ 2 ms median |"
    )
    for size in ["1k", "10k", "100k"]:
        if f"add-{size}" in anki:
            k_ms = kartka_adds[size][0]
            lines.append(
                f"| adding {size} cards (kartka: load and check a new deck; Anki: add notes) | {k_ms:.0f} ms | {kartka_adds[size][1]:.0f} MiB | "
                f"{anki[f'add-{size}']:.0f} ms | {k_ms / anki[f'add-{size}']:.2f} | |"
            )
    table = "\n".join(lines)
    machine = subprocess.run(["bash", "-c", "lscpu | grep 'Model name' | sed 's/Model name: *//'; nproc; free -g | awk '/Mem:/ {print $2}'"],
                             capture_output=True, text=True).stdout.split("\n")
    header = f"Measured {time.strftime('%Y-%m-%d')} on {machine[0].strip()}, {machine[1].strip()} cores, {machine[2].strip()} GiB; median of {RUNS} runs after a warm-up.\n\n"
    (ROOT / "bench" / "results.md").write_text(header + table + "\n")
    print(header + table)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

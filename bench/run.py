#!/usr/bin/env python3
"""Runs every kartka benchmark, and Anki's backend on the same work, and writes the table.

    bash bench/run            # or: python3 bench/run.py [--reuse]
    bash bench/run --only lrs # the class benchmarks alone (kartka sync, report --lrs, class against Ralph)
    bash bench/run --only imports # the import benchmarks alone (Anki packages, Moodle banks; issue 20)

Generates its data in bench/data (decks of 1k, 10k and 100k cards, stores with up to 1.2M simulated reviews
over two years, 1,000 results files; with bench/linear_inputs.py, a 200k-card deck with two warnings a card
and one results file of 100k questions), times whole processes (median wall time of several runs, peak
memory from wait4), and writes bench/results.md, which BENCHMARKS.md quotes. The class benchmarks (`--only lrs`
runs them alone, and rewrites only their part of bench/results.md) run Ralph, a real LRS, installed from PyPI
into bench/target/ralph-5.1.0, on statements built by the bench crate with kartka's xAPI builders.
"""
import base64
import http.server
import json
import multiprocessing
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
# Where cargo builds: CARGO_TARGET_DIR when set (then both crates build there), else each crate's own target/.
TARGET = os.environ.get("CARGO_TARGET_DIR")
KARTKA = Path(TARGET or ROOT / "target") / "release" / "kartka"
BENCH = Path(TARGET or ROOT / "bench" / "target") / "release" / "kartka-bench"
LRS_HEADING = "## Class and LRS"
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


# The class benchmarks (issue 17): a real LRS, Ralph 5.1.0 with its file-system backend, run as tests/support/ralph.rs
# runs it (same two mends, same scopes); `--only lrs` runs these alone.
RALPH_PACKAGES = ["ralph-malph[cli,lrs]==5.1.0", "requests==2.32.3"]
RALPH_SERVER = (
    "import sys, uvicorn\n"
    "from ralph.backends.data.base import BaseOperationType\n"
    "from ralph.backends.lrs.fs import FSLRSBackend\n"
    "import ralph.api.routers.statements as statements\n"
    "FSLRSBackend.default_operation_type = BaseOperationType.APPEND\n"
    "statements.IRI = str\n"
    "uvicorn.run('ralph.api:app', host='127.0.0.1', port=int(sys.argv[1]), log_level='warning')\n"
)
PASSWORD = "bench password"
TEACHER_NOW = "2026-12-01T12:00:00+03:00"
# Study months loaded into Ralph for `kartka class` (files of 10,000 statements, about 11 students each): its
# file-system backend reads its file from the start for every page, so the whole month of 300 students would
# take it tens of minutes (see BENCHMARKS.md); the whole month is served to kartka by a static server instead.
RALPH_STUDY_FILES = 3


def ralph_python():
    """Ralph in a virtual environment of its own under bench/target (installed from PyPI once)."""
    root = ROOT / "bench" / "target" / "ralph-5.1.0"
    venv = root / "venv"
    if not (root / "installed").exists():
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        *RALPH_PACKAGES], check=True)
        (root / "installed").write_text("\n".join(RALPH_PACKAGES) + "\n")
    return venv / "bin" / "python"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def basic(user):
    return "Basic " + base64.b64encode(f"{user}:{PASSWORD}".encode()).decode()


class Ralph:
    """A Ralph server on a free port, with its data, users and log in `folder`."""

    def __init__(self, python, folder, users, page=1000):
        self.folder = Path(folder)
        (self.folder / "data").mkdir(parents=True)
        auth = [{"username": u, "password": PASSWORD, "scopes": scopes, "agent": {"mbox": f"mailto:{u}@example.org"}}
                for u, scopes in users]
        script = ("import bcrypt, json, sys\nusers = json.load(sys.stdin)\nfor u in users:\n"
                  "    u['hash'] = bcrypt.hashpw(u.pop('password').encode(), bcrypt.gensalt(4)).decode()\n"
                  "json.dump(users, open(sys.argv[1], 'w'))\n")
        subprocess.run([python, "-c", script, self.folder / "auth.json"], input=json.dumps(auth).encode(), check=True)
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}/xAPI/"
        self.file = self.folder / "data" / "fs_lrs.jsonl"
        log = open(self.folder / "ralph.log", "ab")
        self.proc = subprocess.Popen(
            [python, "-c", RALPH_SERVER, str(self.port)],
            env={**os.environ, "RALPH_RUNSERVER_BACKEND": "fs",
                 "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.folder / "data"),
                 "RALPH_AUTH_FILE": str(self.folder / "auth.json"), "RALPH_LRS_RESTRICT_BY_SCOPES": "true",
                 "RALPH_LRS_RESTRICT_BY_AUTHORITY": "true", "RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": str(page),
                 "RALPH_APP_DIR": str(self.folder), "XDG_CONFIG_HOME": str(self.folder)},
            cwd=self.folder, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if self.proc.poll() is not None or time.time() > deadline:
                raise SystemExit(f"Ralph did not start: {(self.folder / 'ralph.log').read_text()}")
            time.sleep(0.1)

    def cpu(self):
        """Ralph's CPU seconds so far (user + system)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def post(self, user, body):
        request = urllib.request.Request(f"{self.endpoint}statements", data=body, method="POST", headers={
            "Authorization": basic(user), "Content-Type": "application/json", "X-Experience-API-Version": "1.0.3"})
        with urllib.request.urlopen(request, timeout=3600) as r:
            r.read()

    def stored(self):
        if not self.file.exists():
            return 0
        with open(self.file, "rb") as f:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))

    def stop(self):
        self.proc.kill()
        self.proc.wait()


class Growth(threading.Thread):
    """Watches Ralph's file while statements are sent: when each further 1,000 were stored."""

    def __init__(self, path):
        super().__init__(daemon=True)
        self.path, self.marks, self.done = path, [], threading.Event()

    def run(self):
        started, offset, lines = time.perf_counter(), 0, 0
        while not self.done.wait(0.05):
            if not self.path.exists():
                continue
            with open(self.path, "rb") as f:
                f.seek(offset)
                chunk = f.read()
            offset += len(chunk)
            before, lines = lines, lines + chunk.count(b"\n")
            for mark in range(before // 1000 + 1, lines // 1000 + 1):
                self.marks.append((mark * 1000, time.perf_counter() - started))


def run_cpu(cmd, env=None, stdout=subprocess.DEVNULL):
    """One whole-process run: (wall seconds, peak RSS in MiB, CPU seconds user + system). The peak is measured by
    /usr/bin/time, a small process of its own: a process forked from this one starts with this one's memory
    counted in its `ru_maxrss` (run.py holds tens of MB here), which would hide a small kartka's own peak."""
    with tempfile.NamedTemporaryFile("r") as peak:
        started = time.perf_counter()
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", peak.name, *cmd], env={**os.environ, **(env or {})},
                                stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: {' '.join(map(str, cmd))}")
        return wall, int(peak.read().split()[-1]) / 1024, usage.ru_utime + usage.ru_stime


def measure_cpu(cmd, env=None, runs=RUNS):
    """Median wall and CPU seconds and the highest peak RSS over `runs` runs after a warm-up."""
    run_cpu(cmd, env)
    results = [run_cpu(cmd, env) for _ in range(runs)]
    return (statistics.median(r[0] for r in results), max(r[1] for r in results),
            statistics.median(r[2] for r in results))


def join_class(home, endpoint, user, student):
    home.mkdir(parents=True, exist_ok=True)
    file = home / f"{user}.class.toml"
    file.write_text(f'[class]\nname = "7B"\nlrs = "{endpoint}"\nusername = "{user}"\npassword = "{PASSWORD}"\n'
                    f'student = "{student}"\n')
    subprocess.run([KARTKA, "class", "join", file], env={**os.environ, "KARTKA_HOME": str(home)}, check=True,
                   stdout=subprocess.DEVNULL)


class PageServer(http.server.ThreadingHTTPServer):
    """A static xAPI endpoint: the class's statements in pages of 1,000 with `more` links, whatever the query, as
    Ralph stores them (with `stored` and `authority`). It isolates kartka from Ralph's development backend."""

    def __init__(self, files, authority):
        self.pages = []
        extra = f',"stored":"2026-12-01T00:00:00.000000+00:00","authority":{json.dumps(authority)}}}'
        lines = [line[:-1] + extra for f in files for line in f.read_text().splitlines()]
        for k in range(0, len(lines), 1000):
            more = f"/xAPI/statements?page={k // 1000 + 1}" if k + 1000 < len(lines) else ""
            self.pages.append(('{"statements":[' + ",".join(lines[k:k + 1000]) + f'],"more":"{more}"}}').encode())
        self.statements = len(lines)
        pages = self.pages

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
                body = pages[int(query.get("page", ["0"])[0])]
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)


def serve_pages(files, authority, pipe):
    server = PageServer(files, authority)
    pipe.send((server.server_address[1], server.statements, len(server.pages)))
    server.serve_forever()


class Pages:
    """A [`PageServer`] in a process of its own. Not in this one: a process forked from this one would start with
    its memory counted, and the pages (hundreds of MB) would show in kartka's peak memory from wait4."""

    def __init__(self, files, authority):
        ours, theirs = multiprocessing.get_context("fork").Pipe()
        self.proc = multiprocessing.get_context("fork").Process(target=serve_pages, args=(files, authority, theirs),
                                                                daemon=True)
        self.proc.start()
        port, self.statements, self.pages = ours.recv()
        self.endpoint = f"http://127.0.0.1:{port}/xAPI/"

    def shutdown(self):
        self.proc.kill()
        self.proc.join()


def lrs_rows(work):
    """The class benchmarks: rows of (what, wall ms, peak MiB, kartka's CPU s, Ralph's CPU s or None, notes)."""
    python = ralph_python()
    rows = []
    users = [("7b-s000", ["statements/write", "statements/read/mine"]), ("7b-teacher", ["statements/read"]),
             ("7b-loader", ["all"])]
    ralph = Ralph(python, work / "ralph-sync", users)
    try:
        out = work / "lrs"
        data = json.loads(subprocess.run([BENCH, "lrs", out, ralph.endpoint], check=True, capture_output=True,
                                         text=True).stdout)
        # 1. kartka sync of 10,000 queued study answers, in batches of 50, into an empty Ralph.
        home = out / "send"
        join_class(home, ralph.endpoint, "7b-s000", "Student 000")
        growth = Growth(ralph.file)
        growth.start()
        ralph_before = ralph.cpu()
        wall, mib, cpu = run_cpu([KARTKA, "sync"], {"KARTKA_HOME": str(home)})
        ralph_cpu = ralph.cpu() - ralph_before
        time.sleep(0.2)
        growth.done.set()
        growth.join()
        stored = ralph.stored()
        if stored != data["send-queued"]:
            raise SystemExit(f"Ralph stored {stored} of {data['send-queued']} statements")
        marks = [0.0] + [t for _, t in growth.marks]
        per_k = [b - a for a, b in zip(marks, marks[1:])]
        rows.append((f"sync: {stored:,} queued study answers to Ralph (fs), 200 POSTs of 50 (one run)", wall * 1000, mib, cpu,
                     ralph_cpu, f"{stored / wall:,.0f} statements/s; 1st 1,000 stored in {per_k[0]:.1f} s "
                                f"({1000 / per_k[0]:,.0f}/s), last 1,000 in {per_k[-1]:.1f} s ({1000 / per_k[-1]:,.0f}/s)"))

        # 2. kartka report --lrs over 30 quiz attempts, against kartka report over their 30 results files. The
        #    LRS also holds the 10,000 study statements of part 1, as a class's LRS would.
        ralph.post("7b-loader", (out / "quiz" / "statements.json").read_bytes())
        teacher = out / "teacher"
        join_class(teacher, ralph.endpoint, "7b-teacher", "Ms Teacher")
        env = {"KARTKA_HOME": str(teacher), "KARTKA_NOW": TEACHER_NOW}
        lrs_out = subprocess.run([KARTKA, "report", "--lrs", "--format", "json"], env={**os.environ, **env},
                                 check=True, capture_output=True).stdout
        files_out = subprocess.run([KARTKA, "report", out / "quiz" / "results", "--format", "json"],
                                   env={**os.environ, **env}, check=True, capture_output=True).stdout
        same = "same report" if lrs_out == files_out else "the reports differ"
        ralph_before = ralph.cpu()
        wall, mib, cpu = measure_cpu([KARTKA, "report", "--lrs", "--format", "json"], env)
        ralph_cpu = (ralph.cpu() - ralph_before) / (RUNS + 1)
        rows.append((f"report --lrs: 30 quiz attempts of 30 questions ({data['quiz-statements']:,} statements; "
                     f"Ralph holds {ralph.stored():,})", wall * 1000, mib, cpu, ralph_cpu, same + " as from the files"))
        wall, mib, cpu = measure_cpu([KARTKA, "report", out / "quiz" / "results", "--format", "json"], env)
        rows.append(("report over the same 30 results files", wall * 1000, mib, cpu, None, ""))
    finally:
        ralph.stop()

    # 3. kartka class: a month of study by 300 students. Loaded into a fresh Ralph with an all-scope account in
    #    POSTs of 10,000; `kartka class` then reads pages of 1,000.
    files = sorted((out / "study").glob("batch-*.jsonl"))
    ralph = Ralph(python, work / "ralph-class", users)
    try:
        teacher = out / "teacher-class"
        join_class(teacher, ralph.endpoint, "7b-teacher", "Ms Teacher")
        env = {"KARTKA_HOME": str(teacher), "KARTKA_NOW": TEACHER_NOW}
        loads = []
        for f in files[:RALPH_STUDY_FILES]:
            started = time.perf_counter()
            ralph.post("7b-loader", ("[" + ",".join(f.read_text().splitlines()) + "]").encode())
            loads.append(time.perf_counter() - started)
        loaded = ralph.stored()
        students = len({json.loads(line)["actor"]["account"]["name"] for f in files[:RALPH_STUDY_FILES]
                        for line in f.read_text().splitlines()})
        ralph_before = ralph.cpu()
        out_file = work / "class-ralph.json"
        with open(out_file, "wb") as stdout:
            wall, mib, cpu = run_cpu([KARTKA, "class", "--format", "json"], env, stdout=stdout)
        ralph_cpu = ralph.cpu() - ralph_before
        rows.append((f"class: {students} students' month of study in Ralph (fs), {loaded:,} statements, pages of 1,000 "
                     "(one run)", wall * 1000, mib, cpu, ralph_cpu,
                     f"loading them, POSTs of 10,000: {', '.join(f'{t:.0f}' for t in loads)} s"))
    finally:
        ralph.stop()
    # The same statements, then the whole month, from a static server.
    authority = {"objectType": "Agent", "mbox": "mailto:7b-loader@example.org"}
    for part in (files[:RALPH_STUDY_FILES], files):
        pages = Pages(part, authority)
        try:
            teacher = out / f"teacher-static-{len(part)}"
            join_class(teacher, pages.endpoint, "7b-teacher", "Ms Teacher")
            env = {"KARTKA_HOME": str(teacher), "KARTKA_NOW": TEACHER_NOW}
            note = ""
            if part is not files:
                static_out = subprocess.run([KARTKA, "class", "--format", "json"], env={**os.environ, **env},
                                            check=True, capture_output=True).stdout
                note = "same progress as from Ralph" if static_out == out_file.read_bytes() else "progress differs from Ralph's"
            wall, mib, cpu = measure_cpu([KARTKA, "class", "--format", "json"], env)
            students = 300 if part is files else students
            rows.append((f"class: {students} students, {pages.statements:,} statements, from a static server "
                         f"({pages.pages} pages)", wall * 1000, mib, cpu, None, note))
        finally:
            pages.shutdown()
    return rows


def lrs_table(rows):
    lines = ["| measure | kartka (wall) | peak memory | kartka's CPU | Ralph's CPU | notes |", "|---|---|---|---|---|---|"]
    for what, ms, mib, cpu, ralph_cpu, notes in rows:
        other = f"{ralph_cpu:.2f} s" if ralph_cpu is not None else ""
        wall = f"{ms / 1000:.2f} s" if ms >= 10_000 else f"{ms:.0f} ms"
        lines.append(f"| {what} | {wall} | {mib:.0f} MiB | {cpu:.2f} s | {other} | {notes} |")
    return "\n".join(lines)


def machine_line(what):
    machine = subprocess.run(["bash", "-c", "lscpu | grep 'Model name' | sed 's/Model name: *//'; nproc; free -g | awk '/Mem:/ {print $2}'"],
                             capture_output=True, text=True).stdout.split("\n")
    load = os.getloadavg()[0]
    return (f"Measured {time.strftime('%Y-%m-%d')} on {machine[0].strip()}, {machine[1].strip()} cores, {machine[2].strip()} GiB; "
            f"{what} (load average {load:.1f} at the end).\n\n")


def only_lrs():
    """`--only lrs`: the class benchmarks alone; their part of bench/results.md is replaced, the rest kept."""
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT / "bench", check=True)
    work = Path(tempfile.mkdtemp(prefix="kartka-bench-lrs-"))
    try:
        section = lrs_section(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results = ROOT / "bench" / "results.md"
    kept = results.read_text().split(LRS_HEADING)[0].rstrip("\n") + "\n\n" if results.exists() else ""
    results.write_text(kept + section)
    print(section)


def lrs_section(work):
    rows = lrs_rows(work)
    return f"{LRS_HEADING}\n\n" + machine_line(f"median of {RUNS} runs after a warm-up unless said") + lrs_table(rows) + "\n"


# The import benchmarks (issue 20): packages made by Anki's own backend (bench/import_packages.py), and Moodle
# banks written by kartka's own exporters; `--only imports` runs these alone.
IMPORTS_HEADING = "## Imports (issue 20)"
IMPORT_NOTES = 20_000
BANK_QUESTIONS = 10_000


def bank_deck(path, questions):
    """A synthetic deck of `questions` questions Moodle can hold (choice, short answer, true/false, numerical),
    with HTML and tags, for kartka's GIFT and XML exporters."""
    out = ['[deck]\nid = "bank"\ntitle = "Bank"\n']
    for i in range(questions):
        kind = ("choice", "text", "truefalse", "number")[i % 4]
        out.append(f'[[cards]]\nid = "q{i}"\nkind = "{kind}"\ntags = ["topic{i % 40}", "bank"]\n')
        if kind == "choice":
            out.append(f'prompt = "Which <b>option</b> belongs to question {i}?"\n'
                       f'options = ["Option {i}-a", "Option {i}-b", "Option {i}-c", "Option {i}-d"]\n'
                       f'answer = "Option {i}-{"abcd"[i % 7 % 4]}"\nexplain = "Because of rule {i}."\n')
        elif kind == "text":
            out.append(f'prompt = "Name the <i>thing</i> of question {i}."\nanswer = "thing{i}"\n'
                       f'accept = ["thing {i}"]\n')
        elif kind == "truefalse":
            out.append(f'prompt = "True or false: statement {i} holds."\nanswer = {"true" if i % 8 < 4 else "false"}\n')
        else:
            out.append(f'prompt = "How many units in question {i}?"\nanswer = {i * 7 + 0.5}\n')
    path.write_text("\n".join(out))


def imports_rows(work):
    """Rows of (what, kartka (wall s, peak MiB, CPU s), Anki's (wall s, peak MiB, in-process import s) or None)."""
    data = DATA / "imports"
    if not (data / "packages.json").exists():
        data.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, ROOT / "bench" / "import_packages.py", data, str(IMPORT_NOTES)], check=True)
    made = json.loads((data / "packages.json").read_text())
    rows = []
    out = work / "out.toml"
    anki = subprocess.run([sys.executable, "-c", "import anki"], capture_output=True).returncode == 0
    for name, what in [("current.apkg", "current .apkg (collection.anki21b, zstd)"),
                       ("legacy.apkg", "legacy .apkg (collection.anki21)"),
                       ("history.colpkg", f".colpkg with history ({made['answers']:,} answers), --with-history")]:
        package = data / name
        history = name.endswith("colpkg")
        home = work / "home"
        # Each run writes a new deck (and, with history, into an empty store): the earlier run's are removed.
        script = (f'rm -rf "{out}" "{home}" && exec "{KARTKA}" import "{package}" --out "{out}"'
                  + (" --with-history" if history else ""))
        kartka = measure_cpu(["bash", "-c", script], {"KARTKA_HOME": str(home)})
        other = None
        if anki:
            times = work / f"anki-{name}.json"
            cmd = [sys.executable, ROOT / "bench" / "anki_import.py", package, work / "anki", times]
            wall, mib, _ = measure_cpu(cmd)
            inside = statistics.median(t["seconds"] for t in json.loads(times.read_text())[1:])
            other = (wall, mib, inside)
        rows.append((f"{made['notes']:,} notes, {made['cards']:,} cards: {what}, "
                     f"{made['bytes'][name] / 1e6:.1f} MB", kartka, other))
    deck = work / "bank.toml"
    bank_deck(deck, BANK_QUESTIONS)
    for to, ext, what in [("gift", "gift", "GIFT"), ("moodle-xml", "xml", "Moodle XML")]:
        bank = work / f"bank.{ext}"
        subprocess.run([KARTKA, "export", deck, "--to", to, "--out", bank, "--force"], check=True,
                       capture_output=True)
        script = f'rm -f "{out}" && exec "{KARTKA}" import "{bank}" --out "{out}"'
        kartka = measure_cpu(["bash", "-c", script])
        rows.append((f"{BANK_QUESTIONS:,} questions: {what} bank written by kartka export, "
                     f"{bank.stat().st_size / 1e6:.1f} MB", kartka, None))
    return made, rows


def imports_section(work):
    work.mkdir(parents=True, exist_ok=True)
    made, rows = imports_rows(work)
    lines = ["| import | kartka (wall) | peak memory | kartka's CPU | Anki's backend (whole process) | Anki's peak | "
             "Anki: import call alone | kartka / Anki |", "|---|---|---|---|---|---|---|---|"]
    for what, (wall, mib, cpu), other in rows:
        if other:
            a_wall, a_mib, inside = other
            tail = f"{a_wall:.2f} s | {a_mib:.0f} MiB | {inside:.2f} s | {wall / a_wall:.2f}"
        else:
            tail = " | | | "
        lines.append(f"| {what} | {wall:.2f} s | {mib:.0f} MiB | {cpu:.2f} s | {tail} |")
    load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    header = machine_line(f"median of {RUNS} runs after a warm-up; peak memory from /usr/bin/time") \
        .replace(" at the end).", f" at the end; 1/5/15 minutes {load}).")
    gen = ", ".join(f"{k} {v:.1f} s" for k, v in made["seconds"].items())
    return (f"{IMPORTS_HEADING}\n\n" + header + "\n".join(lines) + "\n\n"
            f"Packages made by Anki's backend in bench/data/imports ({gen}).\n")


def only_imports():
    """`--only imports`: the import benchmarks alone; their part of bench/results.md is replaced, the rest kept."""
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    work = Path(tempfile.mkdtemp(prefix="kartka-bench-imports-"))
    try:
        section = imports_section(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results = ROOT / "bench" / "results.md"
    text = results.read_text() if results.exists() else ""
    if IMPORTS_HEADING in text:
        before, after = text.split(IMPORTS_HEADING, 1)
        rest = after.split("\n## ", 1)
        text = before + section + ("\n## " + rest[1] if len(rest) > 1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section if text else section
    results.write_text(text)
    print(section)


def main():
    if "--only" in sys.argv:
        which = sys.argv[sys.argv.index("--only") + 1]
        if which == "imports":
            return only_imports()
        if which != "lrs":
            raise SystemExit(f"--only {which}: `--only lrs` and `--only imports` are known")
        return only_lrs()
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
    section = lrs_section(work / "class") + "\n" + imports_section(work / "imports")
    (ROOT / "bench" / "results.md").write_text(header + table + "\n\n" + section)
    print(header + table + "\n\n" + section)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A worked example of Moodle's quiz statistics, independent of kartka's Rust code.

Eight students answer six questions of mixed kinds (choice, multi, true/false, order, match, text), each
shown the options in their own shuffled order. Gita sat the quiz twice: only her last attempt counts (the
report's default). This script

  1. grades each answer as kartka grades it (letters read against the options *as shown to the student*),
  2. writes the results files kartka reads to results/ (one per attempt),
  3. computes, straight from Moodle's "Quiz statistics calculations" developer documentation
     (https://docs.moodle.org/dev/Quiz_statistics_calculations), as Moodle's code applies it
     (mod/quiz/report/statistics/classes/calculator.php, question/classes/statistics/questions/calculator.php,
     question/type/*/questiontype.php get_random_guess_score), the test and question statistics, and
  4. prints them as JSON, committed as expected.json.

Run from this directory:  python3 worked_example.py > expected.json
Pure Python standard library; no kartka code is used.
"""

import json
import math
import os
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))

# The questions, as authored (right answers in the deck's own order).
CHOICE = ["Vilnius", "Riga", "Tallinn", "Minsk"]  # right: Vilnius
MULTI = ["2", "3", "5", "9", "15"]  # right: 2, 3, 5 (the primes)
MULTI_RIGHT = ["2", "3", "5"]
ORDER = ["1956", "1969", "1994", "2005"]
PAIRS = [("Lithuania", "Vilnius"), ("Latvia", "Riga"), ("Estonia", "Tallinn")]

# Each attempt: the order options were shown in, and what the student chose, as texts.
# q1: (shown, chosen); q2: (shown, chosen list); q3: typed; q4: (shown, placed order);
# q5: (shown rights, right chosen for each left in turn); q6: (typed, score).
ATTEMPTS = [
    ("Ann", 0, {
        "q1": (["Riga", "Vilnius", "Minsk", "Tallinn"], "Vilnius"),
        "q2": (["9", "2", "15", "5", "3"], ["2", "3", "5"]),
        "q3": "true",
        "q4": (["1994", "1956", "2005", "1969"], ["1956", "1969", "1994", "2005"]),
        "q5": (["Riga", "Tallinn", "Vilnius"], ["Vilnius", "Riga", "Tallinn"]),
        "q6": ("photosynthesis", 1.0),
    }),
    ("Bob", 0, {
        "q1": (["Vilnius", "Tallinn", "Riga", "Minsk"], "Vilnius"),
        "q2": (["2", "3", "5", "9", "15"], ["2", "3"]),
        "q3": "t",
        "q4": (["1956", "1969", "1994", "2005"], ["1956", "1994", "1969", "2005"]),
        "q5": (["Vilnius", "Riga", "Tallinn"], ["Vilnius", "Riga", "Tallinn"]),
        "q6": ("photosynthesis", 1.0),
    }),
    ("Cat", 0, {
        "q1": (["Minsk", "Riga", "Tallinn", "Vilnius"], "Riga"),
        "q2": (["15", "9", "5", "3", "2"], ["2", "3", "5", "9"]),
        "q3": "true",
        "q4": (["2005", "1994", "1969", "1956"], ["1956", "1969", "1994", "2005"]),
        "q5": (["Tallinn", "Vilnius", "Riga"], ["Vilnius", "Tallinn", "Riga"]),
        "q6": ("fotosynthesis", 0.0),
    }),
    ("Dan", 0, {
        "q1": (["Tallinn", "Minsk", "Vilnius", "Riga"], "Vilnius"),
        "q2": (["3", "15", "2", "9", "5"], ["2", "9"]),
        "q3": "false",
        "q4": (["1969", "2005", "1956", "1994"], ["1969", "1956", "1994", "2005"]),
        "q5": (["Riga", "Vilnius", "Tallinn"], ["Vilnius", "Riga", "Tallinn"]),
        "q6": ("photosynthesis", 1.0),
    }),
    ("Eve", 0, {
        "q1": (["Riga", "Minsk", "Vilnius", "Tallinn"], "Riga"),
        "q2": (["5", "2", "3", "15", "9"], ["2"]),
        "q3": "no",
        "q4": (["1994", "2005", "1956", "1969"], ["2005", "1994", "1969", "1956"]),
        "q5": (["Vilnius", "Tallinn", "Riga"], ["Riga", "Vilnius", "Tallinn"]),
        "q6": ("respiration", 0.0),
    }),
    ("Fay", 0, {
        "q1": (["Vilnius", "Riga", "Minsk", "Tallinn"], "Minsk"),
        "q2": (["9", "15", "2", "3", "5"], ["9", "15"]),
        "q3": "true",
        "q4": (["1956", "2005", "1969", "1994"], ["1969", "1956", "1994", "2005"]),
        "q5": (["Tallinn", "Riga", "Vilnius"], ["Riga", "Vilnius", "Tallinn"]),
        "q6": (None, 0.0),
    }),
    # Gita's first attempt: it does not count with the last attempt counting.
    ("Gita", 0, {
        "q1": (["Minsk", "Vilnius", "Riga", "Tallinn"], "Minsk"),
        "q2": (["2", "9", "3", "15", "5"], ["9"]),
        "q3": "false",
        "q4": (["2005", "1969", "1956", "1994"], ["2005", "1994", "1969", "1956"]),
        "q5": (["Vilnius", "Riga", "Tallinn"], ["Tallinn", "Riga", "Vilnius"]),
        "q6": ("chlorophyll", 0.0),
    }),
    ("Gita", 30, {
        "q1": (["Tallinn", "Vilnius", "Minsk", "Riga"], "Vilnius"),
        "q2": (["2", "9", "3", "15", "5"], ["2", "3", "5"]),
        "q3": "yes",
        "q4": (["2005", "1969", "1956", "1994"], ["1956", "1969", "1994", "2005"]),
        "q5": (["Riga", "Vilnius", "Tallinn"], ["Vilnius", "Tallinn", "Riga"]),
        "q6": ("photosynthesis", 1.0),
    }),
    ("Hal", 0, {
        "q1": (["Riga", "Tallinn", "Vilnius", "Minsk"], "Tallinn"),
        "q2": (["3", "5", "9", "2", "15"], ["3", "5", "15"]),
        "q3": "f",
        "q4": (["1969", "1956", "2005", "1994"], ["1969", "1956", "2005", "1994"]),
        "q5": (["Tallinn", "Vilnius", "Riga"], ["Riga", "Vilnius", "Tallinn"]),
        "q6": ("photosynthesis", 1.0),
    }),
]


def letter(i):
    return "abcdefghijklmnopqrstuvwxyz"[i]


def lis_length(seq):
    """Length of the longest strictly increasing subsequence."""
    best = [1] * len(seq)
    for i in range(len(seq)):
        for j in range(i):
            if seq[j] < seq[i]:
                best[i] = max(best[i], best[j] + 1)
    return max(best)


def grade(qid, data):
    """(kind, options shown, answer as typed, expected, correct, score) of one answer."""
    if qid == "q1":
        shown, chosen = data
        right = chosen == "Vilnius"
        return "choice", shown, letter(shown.index(chosen)), "Vilnius", right, 1.0 if right else 0.0
    if qid == "q2":
        shown, chosen = data
        typed = ", ".join(letter(shown.index(c)) for c in chosen)
        hits = sum(c in MULTI_RIGHT for c in chosen)
        misses = len(chosen) - hits
        # Moodle's several-answer grading, as kartka's: each right pick earns 1/3, each wrong costs 1/2.
        score = min(1.0, max(0.0, hits / 3 - misses / 2))
        right = sorted(chosen) == sorted(MULTI_RIGHT)
        return "multi", shown, typed, "; ".join(MULTI_RIGHT), right, score
    if qid == "q3":
        said = data.lower() in ("true", "t", "yes", "y")
        return "truefalse", [], data, "true", said, 1.0 if said else 0.0
    if qid == "q4":
        shown, placed = data
        typed = " ".join(str(shown.index(t) + 1) for t in placed)
        seq = [ORDER.index(t) for t in placed]
        score = (lis_length(seq) - 1) / (len(ORDER) - 1)
        return "order", shown, typed, " → ".join(ORDER), score >= 1.0, score
    if qid == "q5":
        shown, chosen = data
        typed = " ".join(letter(shown.index(c)) for c in chosen)
        good = sum(c == r for c, (_, r) in zip(chosen, PAIRS))
        score = good / len(PAIRS)
        expected = "; ".join(f"{l} → {r}" for l, r in PAIRS)
        return "match", shown, typed, expected, good == len(PAIRS), score
    typed, score = data
    return "text", [], typed, "photosynthesis", score >= 1.0, score


QIDS = ["q1", "q2", "q3", "q4", "q5", "q6"]


def results_file(name, minute, answers):
    questions = []
    for qid in QIDS:
        kind, shown, typed, expected, correct, score = grade(qid, answers[qid])
        questions.append({
            "item": qid,
            "kind": kind,
            "prompt": f"Question {qid}?",
            "options": shown,
            "tags": ["baltic"],
            "answer": typed,
            "expected": expected,
            "correct": correct,
            "score": score,
            "seconds": 10.0,
        })
    total = sum(q["score"] for q in questions)
    unanswered = any(q["answer"] is None for q in questions)
    return {
        "format_version": 1,
        "kartka_version": "0.1.0",
        "deck": {"id": "baltic", "title": "Baltic", "version": 1, "hash": "h"},
        "student": name,
        "started_at": f"2026-11-22T09:{minute:02}:00+03:00",
        "finished_at": f"2026-11-22T09:{minute + 10:02}:00+03:00",
        "seed": "7b",
        "per_student": False,
        "shuffled": True,
        "time_limit": 600 if unanswered else None,
        "ended": "time-limit" if unanswered else "completed",
        "questions": questions,
        "score": total,
        "max_score": float(len(questions)),
    }


# --- Moodle's formulas, from the documentation -------------------------------------------------------

def mean(xs):
    return sum(xs) / len(xs)


def var(xs):
    """Sample variance, S - 1 in the denominator."""
    m = mean(xs)
    return sum((x - m) ** 2 for x in xs) / (len(xs) - 1)


def cov(xs, ys):
    mx, my = mean(xs), mean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / (len(xs) - 1)


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def test_statistics(totals, marks, max_total):
    """Totals and question marks in marks; figures in percent of max_total, as Moodle shows them."""
    s = len(totals)
    pct = [t * 100 / max_total for t in totals]
    m = mean(pct)
    d = [x - m for x in pct]
    m2 = sum(x ** 2 for x in d) / s
    m3 = sum(x ** 3 for x in d) / s
    m4 = sum(x ** 4 for x in d) / s
    k2 = s * m2 / (s - 1)
    k3 = s * s * m3 / ((s - 1) * (s - 2))
    k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
    sd = math.sqrt(sum(x ** 2 for x in d) / (s - 1))
    # Cronbach's alpha in marks (it does not depend on the unit): p/(p-1) (1 - sum V(x_i) / V(X)).
    p = len(marks)
    alpha = p / (p - 1) * (1 - sum(var(col) for col in marks) / var(totals))
    cic = 100 * alpha
    er = 100 * math.sqrt(1 - cic / 100)
    return {
        "attempts": s,
        "mean": m,
        "median": median(pct),
        "sd": sd,
        "skewness": k3 / k2 ** 1.5,
        "kurtosis": k4 / k2 ** 2,
        "cic": cic,
        "error_ratio": er,
        "standard_error": er * sd / 100,
    }


RANDOM_GUESS = {
    "choice": lambda n: 1 / n,  # multichoice, single: mean fraction of the answers
    "multi": lambda n: None,  # multichoice, multiple: Moodle computes none
    "truefalse": lambda n: 0.5,
    "order": lambda n: 0.0,  # qtype_ordering keeps question_type's 0
    "match": lambda n: 1 / n,  # qtype_match: 1 / count(choices)
    "text": lambda n: 0.0,  # shortanswer without a '*' answer
}


def question_statistics(x, totals):
    rest = [t - xi for t, xi in zip(totals, x)]
    vx, vr, c = var(x), var(rest), cov(x, rest)
    cmax = cov(sorted(x), sorted(rest))
    return {
        "facility": mean(x),
        "sd": math.sqrt(vx),
        "discrimination": 100 * c / math.sqrt(vx * vr) if vx * vr > 0 else None,
        "discriminative_efficiency": 100 * c / cmax if cmax else None,
    }


def frequencies(qid, kind, sheets):
    """Options picked, by text, or arrangements given, most frequent first (ties by text)."""
    if kind in ("choice", "multi", "truefalse"):
        if kind == "truefalse":
            options = [("true", True), ("false", False)]
        else:
            seen = []
            for a in sheets:
                for o in a[qid][0]:
                    if o not in seen:
                        seen.append(o)
            options = [(o, o == "Vilnius" if kind == "choice" else o in MULTI_RIGHT) for o in seen]
        counts = Counter()
        for a in sheets:
            if kind == "truefalse":
                counts["true" if a[qid].lower() in ("true", "t", "yes", "y") else "false"] += 1
            elif kind == "choice":
                counts[a[qid][1]] += 1
            else:
                counts.update(a[qid][1])
        return {"options": [{"text": o, "count": counts[o], "right": r} for o, r in options],
                "arrangements": []}
    if kind in ("order", "match"):
        ways = Counter()
        for a in sheets:
            if kind == "order":
                ways[" → ".join(a[qid][1])] += 1
            else:
                ways["; ".join(f"{l} → {c}" for (l, _), c in zip(PAIRS, a[qid][1]))] += 1
        right = " → ".join(ORDER) if kind == "order" else "; ".join(f"{l} → {r}" for l, r in PAIRS)
        top = sorted(ways.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        return {"options": [], "arrangements": [{"text": t, "count": n, "right": t == right} for t, n in top]}
    return {"options": [], "arrangements": []}


def main():
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    files = {}
    for i, (name, minute, answers) in enumerate(ATTEMPTS):
        r = results_file(name, minute, answers)
        path = os.path.join(HERE, "results", f"{i + 1:02}-{name.lower()}-{minute:02}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(r, f, ensure_ascii=False, indent=2)
            f.write("\n")
        files[(name, minute)] = (r, answers)
    # The last attempt of each student counts.
    last = {}
    for (name, minute), v in sorted(files.items()):
        last[name] = v
    counted = [last[n] for n in sorted(last)]
    sheets = [r for r, _ in counted]
    answers = [a for _, a in counted]
    totals = [r["score"] for r in sheets]
    marks = [[r["questions"][j]["score"] for r in sheets] for j in range(len(QIDS))]
    out = {"test": test_statistics(totals, marks, float(len(QIDS))), "questions": []}
    for j, qid in enumerate(QIDS):
        kind = sheets[0]["questions"][j]["kind"]
        q = {"item": qid, "kind": kind}
        q.update(question_statistics(marks[j], totals))
        shown = [len(r["questions"][j]["options"]) for r in sheets]
        guesses = [RANDOM_GUESS[kind](n) for n in shown]
        q["random_guess"] = None if None in guesses else mean(guesses)
        q["scores"] = marks[j]
        q["responses"] = frequencies(qid, kind, answers)
        q["responses"]["unanswered"] = sum(r["questions"][j]["answer"] is None for r in sheets)
        q["responses"]["unread"] = 0
        out["questions"].append(q)
    print(json.dumps(out, ensure_ascii=False, indent=2))


main()

"""Benchmark the reply coach against coaching/data/reply_sentences.jsonl.

Prints precision and recall of "any phrase finding" against the "avoid" label,
overall and per split, per-rule counts, and throughput.

Splits: "dev" and "test" were written before the rules; "holdout" and "holdout2"
were each written blind, after the rules, and first evaluated once without any
tuning. See the coaching report for those first-look figures; the rules were
widened afterwards, so today's holdout numbers are no longer blind.

Run: .venv/bin/python bench/bench_coach.py [--strict]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "coaching" / "data" / "reply_sentences.jsonl"
PRECISION_TARGET = 0.9
RECALL_TARGET = 0.8


def load_rows() -> list[dict[str, Any]]:
    with DATA.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def precision_recall(pairs: list[tuple[bool, bool]]) -> tuple[float, float, int, int, int]:
    """(precision, recall, tp, fp, fn) for (predicted, actual) pairs."""
    tp = sum(1 for pred, gold in pairs if pred and gold)
    fp = sum(1 for pred, gold in pairs if pred and not gold)
    fn = sum(1 for pred, gold in pairs if gold and not pred)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, tp, fp, fn


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from coaching.lint import default_rules, lint_reply

    rows = load_rows()
    reports = [lint_reply(row["text"]) for row in rows]
    pairs = [
        (bool(rep.findings), row["label"] == "avoid")
        for row, rep in zip(rows, reports, strict=True)
    ]

    labels = Counter(row["label"] for row in rows)
    print(f"Reply sentences: {len(rows)} ({labels['avoid']} avoid, {labels['fine']} fine)")
    print(f"Rules: {len(default_rules())} starter rules\n")

    print(f"{'split':<10} {'n':>4} {'precision':>10} {'recall':>8} {'tp':>4} {'fp':>4} {'fn':>4}")
    splits = sorted({row.get("split", "all") for row in rows})
    for split in [*splits, "ALL"]:
        chosen = [
            p for p, row in zip(pairs, rows, strict=True) if split in ("ALL", row.get("split"))
        ]
        precision, recall, tp, fp, fn = precision_recall(chosen)
        figures = f"{precision:>10.3f} {recall:>8.3f} {tp:>4} {fp:>4} {fn:>4}"
        print(f"{split:<10} {len(chosen):>4} {figures}")
    precision, recall, *_ = precision_recall(pairs)
    print(
        f"\nTargets: precision >= {PRECISION_TARGET} "
        f"({'met' if precision >= PRECISION_TARGET else 'MISSED'}), "
        f"recall >= {RECALL_TARGET} ({'met' if recall >= RECALL_TARGET else 'MISSED'})"
    )

    # Per rule: findings on "avoid" rows, findings on "fine" rows (false alarms),
    # and how many rows labelled with that rule it caught.
    on_avoid: Counter[str] = Counter()
    on_fine: Counter[str] = Counter()
    labelled: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    for row, rep in zip(rows, reports, strict=True):
        fired = {f.rule_id for f in rep.findings}
        for rule_id in fired:
            (on_avoid if row["label"] == "avoid" else on_fine)[rule_id] += 1
        if row.get("rule"):
            labelled[row["rule"]] += 1
            caught[row["rule"]] += row["rule"] in fired
    print(f"\n{'rule':<22} {'on avoid':>9} {'on fine':>8} {'labelled':>9} {'caught':>7}")
    for rule in default_rules():
        print(
            f"{rule.id:<22} {on_avoid[rule.id]:>9} {on_fine[rule.id]:>8} "
            f"{labelled[rule.id]:>9} {caught[rule.id]:>7}"
        )
    missed = [
        (row["rule"], row["text"])
        for row, (pred, gold) in zip(rows, pairs, strict=True)
        if gold and not pred
    ]
    false_alarms = [
        row["text"] for row, (pred, gold) in zip(rows, pairs, strict=True) if pred and not gold
    ]
    for title, items in (("Missed", missed), ("False alarms", false_alarms)):
        if items:
            print(f"\n{title}:")
            for item in items:
                print(f"  {item}")

    # Throughput: single sentences, and whole replies of about 120 words.
    texts = [row["text"] for row in rows]
    replies = [" ".join(texts[i : i + 8]) for i in range(0, len(texts) - 8, 8)]
    for name, batch in (("sentences", texts), ("~120-word replies", replies)):
        rounds = 0
        start = time.perf_counter()
        while time.perf_counter() - start < 1.5:
            for text in batch:
                lint_reply(text)
            rounds += 1
        elapsed = time.perf_counter() - start
        words = sum(len(t.split()) for t in batch) / len(batch)
        print(
            f"\nThroughput, {name} (avg {words:.0f} words): {rounds * len(batch) / elapsed:,.0f}/s"
        )

    met = precision >= PRECISION_TARGET and recall >= RECALL_TARGET
    return 0 if met or not args.strict else 1


if __name__ == "__main__":
    raise SystemExit(main())

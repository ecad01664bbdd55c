#!/usr/bin/env python3
"""Checks the review workflow in a Spanwise export pair with Python's standard library only.

Usage: check_review.py EXPORT.json EXPORT.csv

The two files are exports of one document. In the native JSON every claim has a `review` whose
state is one of the five and agrees with the rest of the file: `needs-re-review` exactly when the
claim is detached or its words changed since review; `reviewed`/`approved` only with a reviewer and
a verdict other than `unreviewed`; `approved` only with an approver who is not the reviewer, with a
`reviewStatus` approving that very review; `in-review` only with an assignee. Events and quotes have
no `review`. Every `history` is oldest first, at most 100 steps of a known change, each with a
person and a time. The CSV's `review`, `assignee` and `approvedBy` columns say what the JSON says.
Prints {"claims": n, "steps": n} and exits 0 when everything holds; lists the problems and exits 1
otherwise.
"""
import csv
import io
import json
import sys
from datetime import datetime

STATES = {"open", "in-review", "reviewed", "approved", "needs-re-review"}
CHANGES = {"span", "type", "attrs", "verdict", "note", "assign", "review", "approve", "reopen", "comment", "link", "unlink"}


def is_time(value):
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True
    except ValueError:
        return False


def is_person(value):
    return isinstance(value, dict) and isinstance(value.get("id"), str) and isinstance(value.get("name"), str) and value["id"] and value["name"]


def main(json_path, csv_path):
    with open(json_path, encoding="utf-8") as handle:
        native = json.load(handle)
    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(io.StringIO(handle.read()))}
    problems = []
    claims = steps = 0
    for annotation in native["annotations"]:
        name = annotation["id"]
        review = annotation.get("review")
        history = annotation.get("history", [])
        if not isinstance(history, list) or len(history) > 100:
            problems.append(f"{name}: history is not a list of at most 100 steps")
            history = []
        times = []
        for index, step in enumerate(history):
            steps += 1
            if step.get("change") not in CHANGES or not is_person(step.get("by")) or not is_time(step.get("at")):
                problems.append(f"{name}: history step {index} is not a known change by a person at a time")
            else:
                times.append(step["at"])
        if times != sorted(times):
            problems.append(f"{name}: history is not oldest first")
        row = rows.get(name)
        if annotation["type"] != "claim":
            if review is not None:
                problems.append(f"{name}: a {annotation['type']} has a review")
            if row and (row["review"] or row["assignee"] or row["approvedBy"]):
                problems.append(f"{name}: the CSV gives a {annotation['type']} a review")
            continue
        claims += 1
        if not isinstance(review, dict) or review.get("state") not in STATES:
            problems.append(f"{name}: a claim without a review state")
            continue
        state = review["state"]
        attrs = annotation["attrs"]
        verdict = attrs.get("verdict", "unreviewed")
        changed = annotation["state"] in ("detached", "changed-since-review")
        if (state == "needs-re-review") != (changed and review.get("reviewer") is not None):
            problems.append(f"{name}: state {state} but the export state is {annotation['state']}")
        if state in ("reviewed", "approved") and (verdict == "unreviewed" or not is_person(review.get("reviewer"))):
            problems.append(f"{name}: {state} without a verdict and a reviewer")
        if state == "in-review" and not is_person(review.get("assignee")):
            problems.append(f"{name}: in review without an assignee")
        if state == "approved":
            approver, reviewer, stored = review.get("approvedBy"), review.get("reviewer"), annotation.get("reviewStatus")
            if not is_person(approver) or not is_time(review.get("approvedAt")):
                problems.append(f"{name}: approved without an approver and a time")
            elif approver["id"] == reviewer["id"]:
                problems.append(f"{name}: approved by its own reviewer")
            if not stored or stored.get("state") != "approved" or stored.get("reviewedAt") != review.get("reviewedAt"):
                problems.append(f"{name}: approved without a sign-off of this review")
        elif review.get("approvedBy") is not None:
            problems.append(f"{name}: {state} but with an approver")
        if row is None:
            problems.append(f"{name}: not in the CSV")
            continue
        expected = {
            "review": state,
            "assignee": (review.get("assignee") or {}).get("name", ""),
            "approvedBy": (review.get("approvedBy") or {}).get("name", ""),
        }
        for column, value in expected.items():
            # The CSV neutralises cells a spreadsheet would run as a formula with a leading '.
            if row[column] not in (value, "'" + value):
                problems.append(f"{name}: CSV {column} is {row[column]!r}, the JSON says {value!r}")
    if problems:
        print("\n".join(problems))
        return 1
    print(json.dumps({"claims": claims, "steps": steps}))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))

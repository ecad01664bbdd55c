#!/usr/bin/env python3
"""Checks a Spanwise JSONL export with Python's own string indexing (standard library only).

Usage: check_jsonl.py EXPORT.jsonl UNIT < EXPECTED.json

UNIT is "codepoint" (offsets are Python str indices) or "utf16" (offsets count UTF-16 code
units). EXPECTED is a JSON list with one entry per line of the export: a list of
[label, exact] pairs, one per label in order. For every label the script checks that
text[start:end] is `exact`, that every meta.annotations entry slices to its own `exact`, and
that `label_ids` names, label by label, the meta.annotations entry of that label (same start, end
and label; no id twice in a line).
Prints {"lines": n, "labels": n} and exits 0 when everything matches; lists mismatches and
exits 1 otherwise.
"""
import json
import sys


def span(text, start, end, unit):
    if unit == "codepoint":
        return text[start:end]
    units = text.encode("utf-16-le")
    return units[2 * start:2 * end].decode("utf-16-le")


def check(path, unit, expected):
    errors = []
    with open(path, encoding="utf-8", newline="") as handle:
        raw = handle.read()
    if not raw.endswith("\n"):
        errors.append("the file does not end with a newline")
    lines = raw[:-1].split("\n") if raw else []
    if len(lines) != len(expected):
        errors.append(f"{len(lines)} lines, expected {len(expected)}")
    labels = 0
    for number, (line, expected_labels) in enumerate(zip(lines, expected), start=1):
        record = json.loads(line)
        text = record["text"]
        if record["meta"]["offsetUnit"] != unit:
            errors.append(f"line {number}: offsetUnit {record['meta']['offsetUnit']!r}")
        if len(record["label"]) != len(expected_labels):
            errors.append(f"line {number}: {len(record['label'])} labels, expected {len(expected_labels)}")
        for (start, end, label), (expected_label, exact) in zip(record["label"], expected_labels):
            labels += 1
            got = span(text, start, end, unit)
            if label != expected_label or got != exact:
                errors.append(f"line {number}: [{start}, {end}, {label!r}] is {got!r}, expected {expected_label!r} {exact!r}")
        label_ids = record.get("label_ids")
        if not isinstance(label_ids, list) or len(label_ids) != len(record["label"]):
            errors.append(f"line {number}: label_ids {label_ids!r} does not match the {len(record['label'])} labels")
        else:
            if len(set(label_ids)) != len(label_ids):
                errors.append(f"line {number}: an id is twice in label_ids")
            for (start, end, label), annotation_id in zip(record["label"], label_ids):
                detail = record["meta"]["annotations"].get(annotation_id)
                if detail is None or [detail["start"], detail["end"], detail["label"]] != [start, end, label]:
                    errors.append(f"line {number}: label [{start}, {end}, {label!r}] has id {annotation_id!r}, whose meta is {detail!r}")
        for annotation_id, detail in record["meta"]["annotations"].items():
            got = span(text, detail["start"], detail["end"], unit)
            if got != detail["exact"]:
                errors.append(f"line {number}: meta {annotation_id} is {got!r}, its exact is {detail['exact']!r}")
    return {"lines": len(lines), "labels": labels}, errors


def main():
    summary, errors = check(sys.argv[1], sys.argv[2], json.load(sys.stdin))
    if errors:
        print("\n".join(errors))
        sys.exit(1)
    print(json.dumps(summary, separators=(",", ":")))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Checks a brat export as brat reads it (standard library only).

Usage: check_brat.py DOC.txt DOC.ann

For every T line: each fragment `start end` is a Python str slice of the .txt text that holds no
line break, and the fragment texts joined by one space are the line's text field. Prints
{"entities": n} and exits 0, or lists the problems and exits 1.
"""
import json
import sys


def main():
    with open(sys.argv[1], encoding="utf-8", newline="") as handle:
        text = handle.read()
    with open(sys.argv[2], encoding="utf-8", newline="") as handle:
        lines = handle.read().splitlines()
    errors = []
    entities = 0
    for line in lines:
        if not line.startswith("T"):
            continue
        entities += 1
        entity_id, type_and_spans, field = line.split("\t", 2)
        spans = type_and_spans.split(" ", 1)[1]
        pieces = []
        for fragment in spans.split(";"):
            start, end = (int(value) for value in fragment.split(" "))
            piece = text[start:end]
            if piece.splitlines() != [piece]:
                errors.append(f"{entity_id}: fragment {start} {end} holds a line break: {piece!r}")
            pieces.append(piece)
        if " ".join(pieces) != field:
            errors.append(f"{entity_id}: fragments read {' '.join(pieces)!r}, the line says {field!r}")
    if errors:
        print("\n".join(errors))
        sys.exit(1)
    print(json.dumps({"entities": entities}, separators=(",", ":")))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Checks a brat export as brat reads it (standard library only).

Usage: check_brat.py DOC.txt DOC.ann [DOC.ids.tsv]

For every T line: each fragment `start end` is a Python str slice of the .txt text that holds no
line break, and the fragment texts joined by one space are the line's text field. For every
AnnotatorNotes line: it names a T defined in the file, and its text holds no tab or line break;
a note in the Spanwise format (the note, then " ¦ key: value" per attribute, "¦ " first when
there is no note, "¦" inside a value written "\\¦") is read back here independently of the
exporter. With the .ids.tsv: a "brat_id<TAB>spanwise_id" header, then exactly one row per T and
R line of the .ann, ids escaped (\\t, \\n, \\r, \\\\, \\uXXXX), Spanwise ids of the T rows unique.

Prints {"entities": n, "notes": n, "relations": n} (with the .ids.tsv also "attributes": the
attributes and note each annotation's note carries, by Spanwise id) and exits 0, or lists the
problems and exits 1.
"""
import json
import re
import sys

NOTE_KEYS = {"date", "endDate", "place", "participants", "summary", "speaker", "source",
             "sourceUrl", "archiveUrl", "claimant", "rationale", "evidence"}
LIST_KEYS = {"participants", "evidence"}
PART = re.compile(r"^([A-Za-z]+):(?: (.*))?$", re.S)
ESCAPE = re.compile(r"\\(\\|t|n|r|u[0-9a-fA-F]{4})")


def read_note(text):
    """The note and attributes of a Spanwise-format note, or None for a plain note."""
    if text.startswith("¦ "):
        parts = [""] + text[2:].split(" ¦ ")
    else:
        parts = text.split(" ¦ ")
    if len(parts) < 2:
        return None
    attributes = []
    for part in parts[1:]:
        match = PART.match(part)
        if not match or match.group(1) not in NOTE_KEYS:
            return None
        attributes.append((match.group(1), (match.group(2) or "").replace("\\¦", "¦")))
    return parts[0].replace("\\¦", "¦"), attributes


def unescape_id(field):
    def replace(match):
        code = match.group(1)
        return {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}.get(code) or chr(int(code[1:], 16))
    return ESCAPE.sub(replace, field)


def check_entities(text, lines, errors):
    entities = set()
    for line in lines:
        if not line.startswith("T"):
            continue
        entity_id, type_and_spans, field = line.split("\t", 2)
        entities.add(entity_id)
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
    return entities


def check_notes(lines, entities, errors):
    """Each note's content by the T it annotates: {"note": …, key: value or [values]}."""
    notes = {}
    for line in lines:
        if not line.startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) != 3 or not re.fullmatch(r"AnnotatorNotes T\d+", columns[1]):
            errors.append(f"{columns[0]}: not '#N<TAB>AnnotatorNotes T<N><TAB>text': {line!r}")
            continue
        entity = columns[1].split(" ")[1]
        if entity not in entities:
            errors.append(f"{columns[0]}: annotates {entity}, which is not defined")
        if entity in notes:
            errors.append(f"{columns[0]}: {entity} has a second note")
        parsed = read_note(columns[2])
        content = {}
        if parsed is None:
            content["note"] = columns[2]
        else:
            note, attributes = parsed
            if note:
                content["note"] = note
            for key, value in attributes:
                if key in LIST_KEYS:
                    content.setdefault(key, []).append(value)
                elif key in content:
                    errors.append(f"{columns[0]}: {key} given twice")
                else:
                    content[key] = value
        notes[entity] = content
    return notes


def check_ids(path, brat_ids, errors):
    with open(path, encoding="utf-8", newline="") as handle:
        rows = handle.read().splitlines()
    if not rows or rows[0] != "brat_id\tspanwise_id":
        errors.append(f"ids: the header is {rows[:1]!r}")
    mapping = {}
    for number, row in enumerate(rows[1:], start=2):
        columns = row.split("\t")
        if len(columns) != 2 or not re.fullmatch(r"[TR]\d+", columns[0]):
            errors.append(f"ids line {number}: {row!r}")
            continue
        if columns[0] in mapping:
            errors.append(f"ids line {number}: {columns[0]} listed twice")
        mapping[columns[0]] = unescape_id(columns[1])
    if set(mapping) != brat_ids:
        errors.append(f"ids: rows for {sorted(set(mapping) ^ brat_ids)} do not match the .ann")
    entity_ids = [value for key, value in mapping.items() if key.startswith("T")]
    if len(set(entity_ids)) != len(entity_ids):
        errors.append("ids: two T lines map to the same annotation id")
    return mapping


def main():
    with open(sys.argv[1], encoding="utf-8", newline="") as handle:
        text = handle.read()
    with open(sys.argv[2], encoding="utf-8", newline="") as handle:
        lines = handle.read().splitlines()
    errors = []
    entities = check_entities(text, lines, errors)
    notes = check_notes(lines, entities, errors)
    relations = {line.split("\t", 1)[0] for line in lines if line.startswith("R")}
    summary = {"entities": len(entities), "notes": len(notes), "relations": len(relations)}
    if len(sys.argv) > 3:
        mapping = check_ids(sys.argv[3], entities | relations, errors)
        summary["attributes"] = {mapping.get(entity, entity): content for entity, content in sorted(notes.items())}
    if errors:
        print("\n".join(errors))
        sys.exit(1)
    print(json.dumps(summary, ensure_ascii=False, separators=(",", ":")))


if __name__ == "__main__":
    main()

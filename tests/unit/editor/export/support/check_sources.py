#!/usr/bin/env python3
"""Checks the document sources of a Spanwise export set with Python's own URL parser (standard library only).

Usage: check_sources.py EXPORT.json EXPORT.w3c.jsonld EXPORT.jsonl EXPORT.claimreview.jsonld

The four files are exports of one document. Every URL they carry (the document's source and
fact-check settings, the annotations' sourceUrl and archiveUrl, the W3C targets, the ClaimReview
addresses, appearances and authors) must be an absolute http or https URL with a host and without
whitespace or credentials. The source must be the same in each: the W3C targets are the source URL
(else the document's URN), the jsonl meta.source and the W3C spanwise:document source are the
native export's, every ClaimReview appearance names it, and with a fact-check base URL every
review's url is that page and its sameAs is `<base URL>#claim-<id>`.
Prints {"urls": n, "reviews": n} and exits 0 when everything holds; lists the problems and exits 1
otherwise.
"""
import json
import sys
from urllib.parse import quote, urlsplit


def url_problem(value):
    if not isinstance(value, str):
        return "is not a string"
    if any(ch.isspace() or ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in value):
        return "holds whitespace or a control character"
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        return f"has scheme {parts.scheme!r}"
    if not parts.hostname:
        return "has no host"
    if parts.username is not None or parts.password is not None:
        return "carries credentials"
    return None


def load(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def check(native_path, w3c_path, jsonl_path, claimreview_path):
    errors = []
    urls = 0

    def url(where, value):
        nonlocal urls
        urls += 1
        problem = url_problem(value)
        if problem:
            errors.append(f"{where}: {value!r} {problem}")

    native = json.loads(load(native_path))
    document = native["document"]
    source = document.get("source", {})
    factcheck = document.get("factcheck", {})
    for key in ("url",):
        if key in source:
            url(f"json document.source.{key}", source[key])
    if "baseUrl" in factcheck:
        url("json document.factcheck.baseUrl", factcheck["baseUrl"])
        if "#" in factcheck["baseUrl"]:
            errors.append("json document.factcheck.baseUrl has a fragment")
    if "url" in factcheck.get("organization", {}):
        url("json document.factcheck.organization.url", factcheck["organization"]["url"])
    for annotation in native["annotations"]:
        for key in ("sourceUrl", "archiveUrl"):
            if key in annotation["attrs"]:
                url(f"json {annotation['id']}.attrs.{key}", annotation["attrs"][key])

    w3c = json.loads(load(w3c_path))
    embedded = w3c["spanwise:document"]
    if embedded.get("source", {}) != source:
        errors.append("w3c spanwise:document.source differs from the native export's")
    urn = "urn:spanwise:" + quote(document["id"], safe="")
    if embedded["id"] != urn:
        errors.append(f"w3c spanwise:document.id is {embedded['id']!r}, expected {urn!r}")
    target = source.get("url", urn)
    for item in w3c["first"]["items"]:
        if item.get("motivation") == "linking":
            continue
        if item["target"]["source"] != target:
            errors.append(f"w3c {item['id']}: target.source is {item['target']['source']!r}, expected {target!r}")
        elif "url" in source:
            url(f"w3c {item['id']}.target.source", item["target"]["source"])

    for number, line in enumerate(load(jsonl_path).splitlines(), start=1):
        if json.loads(line)["meta"].get("source", {}) != source:
            errors.append(f"jsonl line {number}: meta.source differs from the native export's")

    reviews = json.loads(load(claimreview_path))
    for review in reviews:
        name = review["identifier"]
        appearance = review["itemReviewed"]["appearance"]
        if appearance["identifier"] != urn or appearance.get("url") != source.get("url"):
            errors.append(f"claimreview {name}: the appearance is not the document and its source URL")
        if "url" in appearance:
            url(f"claimreview {name} appearance.url", appearance["url"])
        if [author["name"] for author in appearance.get("author", [])] != source.get("authors", []):
            errors.append(f"claimreview {name}: the appearance's authors are not the source's")
        if appearance.get("publisher", {}).get("name") != source.get("publisher"):
            errors.append(f"claimreview {name}: the appearance's publisher is not the source's")
        first = review["itemReviewed"].get("firstAppearance")
        if first is not None:
            url(f"claimreview {name} firstAppearance.url", first["url"])
            if "archivedAt" in first:
                url(f"claimreview {name} firstAppearance.archivedAt", first["archivedAt"])
        base = factcheck.get("baseUrl")
        if base is None:
            if "url" in review or review["sameAs"] != name:
                errors.append(f"claimreview {name}: without a base URL, no url and sameAs is the identifier")
            continue
        url(f"claimreview {name} url", review.get("url"))
        url(f"claimreview {name} sameAs", review["sameAs"])
        if review.get("url") != base or not review["sameAs"].startswith(base + "#claim-"):
            errors.append(f"claimreview {name}: url/sameAs are not on the fact-check page {base!r}")
        author = review.get("author", {})
        if author.get("@type") == "Organization" and "url" in author:
            url(f"claimreview {name} author.url", author["url"])
    return {"urls": urls, "reviews": len(reviews)}, errors


def main():
    summary, errors = check(*sys.argv[1:5])
    if errors:
        print("\n".join(errors))
        sys.exit(1)
    print(json.dumps(summary, separators=(",", ":")))


if __name__ == "__main__":
    main()

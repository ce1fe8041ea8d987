#!/usr/bin/env python3
"""Check the gold files of sealed28n against their texts (reads ../*.txt and ./*.json only).

Errors: missing/extra JSON, wrong keys, snippet not exactly once or spanning lines, snippets out of
document order, a lead not among the units, a unit/implied/same_body string not found in the text
(a unit may also be found as the expansion of a shared suffix written once: 广州、深圳市政府 → 深圳市政府
and 广州市政府). Warnings: snippet length outside 6–20.
"""
import json, pathlib, re, sys

HERE = pathlib.Path(__file__).resolve().parent
DOCS = HERE.parent
KEYS = ["doc", "title", "issuer", "place", "doc_no", "heldout", "lead_rule", "clauses", "same_body", "notes", "forms"]
SEP = "[、，,；;]"

def unit_found(u, text):
    if u in text:
        return True
    # shared suffix written once: "<prefix>、…<suffix>" where <prefix><suffix> == u
    for i in range(2, len(u)):
        pre, suf = u[:i], u[i:]
        if re.search(re.escape(pre) + SEP + r"[^\n（）()〔〕\[\]]{0,40}?" + re.escape(suf), text):
            return True
    return False

def main():
    errors, warnings, total = [], [], 0
    stems = sorted(p.stem for p in DOCS.glob("*.txt"))
    jsons = sorted(p.stem for p in HERE.glob("*.json"))
    for s in set(jsons) - set(stems):
        errors.append(f"{s}.json: no text {s}.txt")
    for stem in stems:
        jp = HERE / f"{stem}.json"
        if not jp.exists():
            errors.append(f"{stem}: gold JSON missing"); continue
        text = (DOCS / f"{stem}.txt").read_text(encoding="utf-8")
        g = json.loads(jp.read_text(encoding="utf-8"))
        E = lambda m: errors.append(f"{stem}: {m}")
        if list(g) != KEYS:
            E(f"keys {list(g)} != {KEYS}")
        if g.get("doc") != stem: E("doc != file stem")
        if g.get("heldout") is not True: E("heldout is not true")
        if not g.get("forms"): E("forms empty")
        if g.get("doc_no") and g["doc_no"] not in text: E(f"doc_no {g['doc_no']} not in text")
        if g.get("lead_rule") and g["lead_rule"] not in text: E("lead_rule not in text")
        last = -1
        for k, c in enumerate(g.get("clauses", []), 1):
            total += 1
            sn = c.get("snippet", "")
            if set(c) != {"snippet", "units", "leads", "implied"}: E(f"clause {k}: keys {sorted(c)}")
            if "\n" in sn: E(f"clause {k}: snippet spans lines")
            n = text.count(sn)
            if n != 1: E(f"clause {k}: snippet {sn!r} occurs {n} times")
            else:
                pos = text.index(sn)
                if pos <= last: E(f"clause {k}: snippet out of document order")
                last = pos
            if not 6 <= len(sn) <= 20:
                warnings.append(f"{stem}: clause {k}: snippet {sn!r} has {len(sn)} characters (FORMAT: 6–20)")
            units = c.get("units", [])
            if not units: E(f"clause {k}: no units")
            if len(set(units)) != len(units): E(f"clause {k}: repeated unit")
            for u in units:
                if not unit_found(u, text): E(f"clause {k}: unit {u!r} not in text")
            if not c.get("leads"): E(f"clause {k}: no leads")
            for l in c.get("leads", []):
                if l not in units: E(f"clause {k}: lead {l!r} not among units")
            for u in c.get("implied", []):
                if not unit_found(u, text): E(f"clause {k}: implied {u!r} not in text")
        for a, b in g.get("same_body", {}).items():
            if a not in text or b not in text: E(f"same_body {a!r}→{b!r}: not both in text")
        print(f"{stem}: {len(g.get('clauses', []))} notes")
    for w in warnings: print("WARN", w)
    for e in errors: print("ERROR", e)
    print(f"{len(stems)} documents, {total} notes, {len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Lists the crate's public API, one item per line, from rustdoc's JSON output; with
`--missing-examples`, the public types, enums, traits, modules and free functions whose docs
hold no example (and exits 1 when there are any).

Run through `tools/public_api.sh`, which builds the JSON and diffs the listing with the checked-in
snapshot `docs/public-api.txt`, so that every change to the public API is a visible decision in a
pull request.

    python3 tools/public_api.py target/doc/needmatrix.json
"""
import json
import sys


def render(t):
    """A rustdoc JSON type as Rust source text (the forms this crate's API uses)."""
    if t is None:
        return "()"
    (kind, v), = t.items()
    if kind == "resolved_path":
        # `crate::points::Points` is `Points` to a user: internal module paths are not API.
        path = v["path"].rsplit("::", 1)[-1] if v["path"].startswith("crate::") else v["path"]
        return path + render_args(v.get("args"))
    if kind == "generic":
        return v
    if kind == "primitive":
        return v
    if kind == "borrowed_ref":
        life = (v["lifetime"] + " ") if v.get("lifetime") else ""
        mut = "mut " if v["is_mutable"] else ""
        return f"&{life}{mut}{render(v['type'])}"
    if kind == "slice":
        return f"[{render(v)}]"
    if kind == "array":
        return f"[{render(v['type'])}; {v['len']}]"
    if kind == "tuple":
        return "(" + ", ".join(render(x) for x in v) + ")"
    if kind == "impl_trait":
        return "impl " + " + ".join(render_bound(b) for b in v)
    if kind == "dyn_trait":
        parts = [render_path(p["trait"]) for p in v["traits"]]
        if v.get("lifetime"):
            parts.append(v["lifetime"])
        return "dyn " + " + ".join(parts)
    if kind == "qualified_path":
        trait = render_path(v["trait"]) if v.get("trait") else "?"
        return f"<{render(v['self_type'])} as {trait}>::{v['name']}"
    if kind == "raw_pointer":
        return ("*mut " if v["is_mutable"] else "*const ") + render(v["type"])
    if kind == "function_pointer":
        sig = v["sig"]
        args = ", ".join(render(a) for _, a in sig["inputs"])
        out = sig.get("output")
        return f"fn({args})" + (f" -> {render(out)}" if out else "")
    return f"<{kind}>"


def render_path(p):
    return p["path"] + render_args(p.get("args"))


def render_args(args):
    if not args:
        return ""
    if "angle_bracketed" in args:
        a = args["angle_bracketed"]
        parts = []
        for x in a["args"]:
            if "type" in x:
                parts.append(render(x["type"]))
            elif "lifetime" in x:
                parts.append(x["lifetime"])
            elif "const" in x:
                parts.append(x["const"].get("expr", "?"))
        for c in a.get("constraints", []):
            binding = c.get("binding", {})
            if "equality" in binding:
                eq = binding["equality"]
                value = render(eq["type"]) if "type" in eq else "?"
                parts.append(f"{c['name']} = {value}")
            elif "constraint" in binding:
                parts.append(f"{c['name']}: " + " + ".join(render_bound(b) for b in binding["constraint"]))
        return "<" + ", ".join(parts) + ">" if parts else ""
    if "parenthesized" in args:
        p = args["parenthesized"]
        out = f" -> {render(p['output'])}" if p.get("output") else ""
        return "(" + ", ".join(render(x) for x in p["inputs"]) + ")" + out
    return ""


def render_bound(b):
    if "trait_bound" in b:
        return render_path(b["trait_bound"]["trait"])
    if "outlives" in b:
        return b["outlives"]
    if "use" in b:
        return "use<..>"
    return "?"


def render_generics(g):
    params = []
    for p in g.get("params", []):
        kind = p["kind"]
        if "lifetime" in kind:
            params.append(p["name"])
        elif "type" in kind:
            if kind["type"].get("is_synthetic"):
                continue
            bounds = kind["type"].get("bounds", [])
            params.append(p["name"] + (": " + " + ".join(render_bound(b) for b in bounds) if bounds else ""))
        elif "const" in kind:
            params.append(f"const {p['name']}: {render(kind['const']['type'])}")
    return "<" + ", ".join(params) + ">" if params else ""


def render_fn(name, f):
    sig = f["sig"]
    args = []
    for arg, t in sig["inputs"]:
        if arg == "self":
            r = render(t)
            args.append({"Self": "self", "&Self": "&self", "&mut Self": "&mut self"}.get(r, f"self: {r}"))
        else:
            args.append(f"{arg}: {render(t)}")
    out = f" -> {render(sig['output'])}" if sig.get("output") else ""
    const = "const " if f["header"]["is_const"] else ""
    return f"{const}fn {name}{render_generics(f['generics'])}({', '.join(args)}){out}"


def cfg_of(item):
    """The feature an item is behind, from its attributes, as ` [feature]`."""
    for a in item.get("attrs", []):
        text = a if isinstance(a, str) else json.dumps(a)
        if "feature" in text and "CfgTrace" in text:
            i = text.find('Some(\\"')
            if i >= 0:
                j = text.find('\\")', i)
                return f" [{text[i + 7:j]}]"
    return ""


def main(path):
    doc = json.load(open(path))
    index = doc["index"]
    lines = set()

    def item(i):
        return index.get(str(i))

    def walk_module(mid, prefix, seen):
        if mid in seen:
            return
        seen.add(mid)
        m = item(mid)
        for child in m["inner"]["module"]["items"]:
            it = item(child)
            if it is None or it["visibility"] != "public":
                continue
            if "use" in it["inner"]:
                u = it["inner"]["use"]
                target = item(u["id"]) if u.get("id") is not None else None
                if target is None:
                    lines.add(f"pub use {prefix}::{u['name']} = {u['source']}")
                    continue
                emit(target, f"{prefix}::{u['name']}", seen, cfg_of(it))
            else:
                emit(it, f"{prefix}::{it['name']}", seen, "")

    def emit(it, path, seen, cfg):
        cfg = cfg or cfg_of(it)
        if is_hidden(it):
            return
        (kind, v), = it["inner"].items()
        if kind == "module":
            lines.add(f"pub mod {path}{cfg}")
            walk_module(it["id"], path, seen)
        elif kind in ("struct", "enum"):
            lines.add(f"pub {kind} {path}{render_generics(v['generics'])}{cfg}")
            if kind == "struct":
                s = v["kind"]
                if "plain" in s:
                    for fid in s["plain"]["fields"]:
                        f = item(fid)
                        if f and f["visibility"] == "public":
                            lines.add(f"pub field {path}::{f['name']}: {render(f['inner']['struct_field'])}")
            else:
                for vid in v["variants"]:
                    var = item(vid)
                    lines.add(f"pub variant {path}::{var['name']}")
            if "non_exhaustive" in json.dumps(it.get("attrs", [])):
                lines.add(f"#[non_exhaustive] {path}")
            for iid in v["impls"]:
                emit_impl(item(iid), path)
        elif kind == "function":
            lines.add(f"pub {render_fn(path, v)}{cfg}")
        elif kind == "constant":
            lines.add(f"pub const {path}: {render(v['type'])}{cfg}")
        elif kind == "type_alias":
            lines.add(f"pub type {path}{render_generics(v['generics'])} = {render(v['type'])}{cfg}")
        elif kind == "macro":
            lines.add(f"pub macro {path}{cfg}")
        else:
            lines.add(f"pub {kind} {path}{cfg}")

    def is_hidden(it):
        return "doc(hidden)" in json.dumps(it.get("attrs", [])).replace(" ", "")

    def emit_impl(imp, path):
        if imp is None:
            return
        v = imp["inner"]["impl"]
        if v["is_synthetic"] or v["blanket_impl"] is not None:
            return
        if v["trait"] is None:
            for mid in v["items"]:
                m = item(mid)
                if m is None or m["visibility"] != "public" or is_hidden(m):
                    continue
                (kind, mv), = m["inner"].items()
                if kind == "function":
                    lines.add(f"pub {render_fn(path + '::' + m['name'], mv)}{cfg_of(m)}")
                elif kind == "assoc_const":
                    lines.add(f"pub const {path}::{m['name']}: {render(mv['type'])}")
        else:
            trait = render_path(v["trait"])
            lines.add(f"impl{render_generics(v['generics'])} {trait} for {render(v['for'])}")

    root = doc["root"]
    walk_module(root, index[str(root)]["name"], set())
    for line in sorted(lines):
        print(line)


def missing_examples(path):
    doc = json.load(open(path))
    missing = []
    for item in doc["index"].values():
        if item.get("crate_id") != 0 or item.get("visibility") != "public":
            continue
        (kind, _), = item["inner"].items()
        if kind not in ("struct", "enum", "module", "trait", "type_alias"):
            continue
        if "doc(hidden)" in json.dumps(item.get("attrs", [])).replace(" ", ""):
            continue
        if "```" not in (item.get("docs") or ""):
            span = item.get("span") or {}
            missing.append(f"{kind} {item.get('name')} ({span.get('filename', '?')})")
    for line in sorted(missing):
        print(f"no example: {line}")
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    if sys.argv[1] == "--missing-examples":
        missing_examples(sys.argv[2])
    else:
        main(sys.argv[1])

#!/usr/bin/env python3
"""Finds import cycles between the modules of one Rust crate.

    tools/modcycles.py crates/jointcal/src [--only cli]

A module is a file (`foo/mod.rs` and `foo.rs` are `foo`, `lib.rs` is the crate
root `crate`; inline `mod x { … }` blocks belong to their file). Module A depends
on module B when A's code names a path into B: `use` statements and paths in code
that start with `crate::`, `super::` or `self::`, or with the name of a child module
or of a module brought in by `use`. A child naming its parent through `super::`
is an edge like any other; a parent's `mod x;` declaration is not.

Prints each cycle (a strongly connected component of more than one module) with
the uses that make it, and exits 1 if there is one; 0 otherwise. With `--only
PREFIX`, only cycles that touch a module named PREFIX or PREFIX::… count.
Comments and string literals are ignored. Macros are read as plain code.
"""

import argparse
import os
import re
import sys

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"


def blank_comments_and_strings(src):
    """The source with comments and string/char literals replaced by spaces
    (newlines kept, so line numbers stay true)."""
    out = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif src.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if src.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif src.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif re.match(r'(?:b|c)?r#*"', src[i:i + 40]) and (i == 0 or not re.match(r"\w", src[i - 1])):
            m = re.match(r'(?:b|c)?r(#*)"', src[i:])
            end = '"' + m.group(1)
            j = src.find(end, i + m.end())
            j = n if j < 0 else j + len(end)
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif c == '"' or (c in "bc" and src.startswith('"', i + 1) and (i == 0 or not re.match(r"\w", src[i - 1]))):
            j = i + (1 if c == '"' else 2)
            while j < n and src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            j += 1
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif c == "'":
            m = re.match(r"'(?:\\(?:x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|.)|[^\\'\n])'", src[i:])
            if m:
                out.append(" " * m.end())
                i += m.end()
            else:  # a lifetime or label
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def module_of_file(root, path):
    rel = os.path.relpath(path, root).replace(os.sep, "/")
    if rel in ("lib.rs", "main.rs"):
        return "crate" if rel == "lib.rs" else None
    if rel.startswith("bin/"):
        return None
    parts = rel[:-3].split("/")
    if parts[-1] == "mod":
        parts = parts[:-1]
    return "::".join(parts)


def split(mod):
    return [] if mod == "crate" else mod.split("::")


def join(parts):
    return "::".join(parts) if parts else "crate"


def parse_use_tree(text):
    """`a::{b, c::d as e, f::*}` → [(["a","b"], "b"), (["a","c","d"], "e"), (["a","f","*"], None)]."""
    toks = re.findall(r"::|[{},*]|" + IDENT, text)
    pos = 0

    def tree(prefix):
        nonlocal pos
        out = []
        path = list(prefix)
        while pos < len(toks):
            t = toks[pos]
            if t == "{":
                pos += 1
                while pos < len(toks) and toks[pos] != "}":
                    out += tree(path)
                    if pos < len(toks) and toks[pos] == ",":
                        pos += 1
                pos += 1
                return out
            if t == "::":
                pos += 1
                continue
            if t == "*":
                pos += 1
                return out + [(path + ["*"], None)]
            if t in (",", "}"):
                break
            if t == "as":
                alias = toks[pos + 1] if pos + 1 < len(toks) else None
                pos += 2
                return out + [(path, alias)]
            path.append(t)
            pos += 1
        return out + [(path, path[-1] if path else None)]

    result = []
    while pos < len(toks):
        result += tree([])
        if pos < len(toks) and toks[pos] in (",", "}"):
            pos += 1
    return result


class Crate:
    def __init__(self, root):
        self.root = root
        self.files = {}  # module -> path
        for d, _, names in os.walk(root):
            for name in names:
                if name.endswith(".rs"):
                    p = os.path.join(d, name)
                    m = module_of_file(root, p)
                    if m is not None:
                        self.files[m] = p
        self.modules = set(self.files)
        self.edges = {m: {} for m in self.modules}  # from -> {to: [(line, text)]}

    def owner(self, parts):
        """The file module that holds the item at `parts` (longest known prefix)."""
        for k in range(len(parts), -1, -1):
            name = join(parts[:k])
            if name in self.modules:
                return name
        return None

    def children(self, parts):
        here = join(parts)
        return {m.split("::")[-1] for m in self.modules if m != "crate" and join(split(m)[:-1]) == here}

    def resolve(self, path, scope, imports):
        """Absolute segments of `path` seen from module `scope` (a list), or None if external."""
        if not path:
            return None
        head = path[0]
        if head == "crate":
            return path[1:]
        if head == "self":
            return scope + path[1:]
        if head == "super":
            base, rest = list(scope), list(path)
            while rest and rest[0] == "super":
                base, rest = base[:-1], rest[1:]
            return base + rest
        if head in imports:
            return imports[head] + path[1:]
        if head in self.children(scope):
            return scope + path
        return None

    def scan(self):
        for mod, path in sorted(self.files.items()):
            with open(path, encoding="utf-8") as f:
                code = blank_comments_and_strings(f.read())
            self.scan_file(mod, code)

    def add(self, src_mod, target_parts, line, text):
        if target_parts is None:
            return
        to = self.owner([p for p in target_parts if p != "*"])
        if to and to != src_mod:
            self.edges[src_mod].setdefault(to, []).append((line, text.strip()))

    def scan_file(self, mod, code):
        base = split(mod)
        # Inline modules: the scope at each offset.
        scopes = []  # (start, end, parts)
        for m in re.finditer(r"\bmod\s+(" + IDENT + r")\s*\{", code):
            depth, j = 1, m.end()
            while j < len(code) and depth:
                depth += {"{": 1, "}": -1}.get(code[j], 0)
                j += 1
            scopes.append((m.start(), j, m.group(1)))

        def scope_at(off):
            return base + [name for (s, e, name) in scopes if s <= off < e]

        def line_at(off):
            return code.count("\n", 0, off) + 1

        uses = list(re.finditer(r"\buse\s+([^;]*);", code))
        # Names brought in by `use`, per scope, for relative paths in code.
        imports_by_scope = {}
        for u in uses:
            scope = scope_at(u.start())
            imports = imports_by_scope.setdefault(tuple(scope), {})
            for segs, alias in parse_use_tree(u.group(1)):
                target = self.resolve(segs, scope, {})
                if target is None or not alias or alias == "self":
                    if alias == "self" and target is not None:
                        imports[segs[-2]] = target[:-1]
                    continue
                imports[alias] = target
        for u in uses:
            scope = scope_at(u.start())
            for segs, _ in parse_use_tree(u.group(1)):
                if segs and segs[-1] == "self":
                    segs = segs[:-1]
                self.add(mod, self.resolve(segs, scope, {}), line_at(u.start()), "use " + u.group(1))
        masked = list(code)
        for u in uses:
            masked[u.start():u.end()] = " " * (u.end() - u.start())
        rest = "".join(masked)
        path_re = re.compile(r"(?<![\w:])(" + IDENT + r"(?:\s*::\s*" + IDENT + r")+)")
        for m in path_re.finditer(rest):
            segs = re.split(r"\s*::\s*", m.group(1))
            scope = scope_at(m.start())
            imports = imports_by_scope.get(tuple(scope), {})
            if segs[0] in ("crate", "self", "super"):
                target = self.resolve(segs, scope, {})
            else:
                target = self.resolve(segs, scope, imports)
            self.add(mod, target, line_at(m.start()), m.group(1))


def sccs(nodes, edges):
    """Tarjan's strongly connected components, iteratively."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = 0
    for start in sorted(nodes):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, {}))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on.add(start)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges.get(w, {})))))
                    advanced = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(sorted(comp))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src", help="the crate's src/ folder")
    ap.add_argument("--only", metavar="PREFIX", help="report only cycles that touch PREFIX or PREFIX::…")
    ap.add_argument("--edges", action="store_true", help="also print every dependency found")
    args = ap.parse_args()
    if not os.path.isdir(args.src):
        print(f"error: {args.src} is not a folder", file=sys.stderr)
        return 2
    crate = Crate(args.src)
    crate.scan()
    if args.edges:
        for a in sorted(crate.edges):
            for b in sorted(crate.edges[a]):
                print(f"{a} -> {b}")

    def touches(comp):
        p = args.only
        return p is None or any(m == p or m.startswith(p + "::") for m in comp)

    cycles = [c for c in sccs(crate.modules, crate.edges) if len(c) > 1 and touches(c)]
    where = f" touching {args.only}" if args.only else ""
    if not cycles:
        print(f"no import cycle{where} among {len(crate.modules)} modules of {args.src}")
        return 0
    print(f"{len(cycles)} import cycle(s){where} in {args.src}:")
    for comp in cycles:
        print(f"- {', '.join(comp)}")
        members = set(comp)
        for a in comp:
            for b, uses in sorted(crate.edges[a].items()):
                if b in members:
                    line, text = uses[0]
                    text = re.sub(r"\s+", " ", text)
                    more = f" (+{len(uses) - 1} more)" if len(uses) > 1 else ""
                    print(f"    {a} -> {b}: {os.path.relpath(crate.files[a])}:{line} {text[:80]}{more}")
    return 1


if __name__ == "__main__":
    sys.exit(main())

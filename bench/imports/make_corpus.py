"""Writes an IATI corpus of at least SIZE_MB megabytes from real activity files: their
activities repeated, each copy with its identifiers rewritten (`…-c{n}`), inside one
<iati-activities> root. Streams: memory does not grow with the size.

    python3 bench/imports/make_corpus.py OUT.xml SIZE_MB FILE.xml…
"""
import re
import sys

out, size_mb, files = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
bodies = []
for f in files:
    text = open(f, encoding="utf-8").read()
    # The activities of the file, without its root and declaration.
    for m in re.finditer(r"<iati-activity[\s>].*?</iati-activity>", text, re.S):
        bodies.append(m.group(0))
ident = re.compile(r"(<iati-identifier>)\s*([^<]*?)\s*(</iati-identifier>)")
target = size_mb * 1e6
written = 0
copies = 0
with open(out, "w", encoding="utf-8") as o:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n'
    o.write(head)
    written += len(head.encode())
    while written < target:
        copies += 1
        for b in bodies:
            s = ident.sub(lambda m: f"{m.group(1)}{m.group(2)}-c{copies}{m.group(3)}", b) + "\n"
            o.write(s)
            written += len(s.encode())
    o.write("</iati-activities>\n")
print(f"{out}: {written / 1e6:.0f} MB, {copies} copies of {len(bodies)} activities = {copies * len(bodies)}")

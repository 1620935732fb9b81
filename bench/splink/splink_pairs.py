#!/usr/bin/env python3
"""Splink (v4, DuckDB backend) on the overlap detector's records, with the detector's metrics.

    python3 bench/splink/splink_pairs.py --records R.jsonl --truth T.jsonl \
        [--fit-records F.jsonl] [--threshold 0.5] [--top 100] [--pairs-out P.jsonl] [--json]
    python3 bench/splink/splink_pairs.py --self-test

An unsupervised Fellegi-Sunter model (u by random sampling, m by EM over two blocking
passes, the prior from deterministic rules) scores the candidate pairs of a blocking on
shared features within time buckets; pairs of records that share a lead organization
are never candidates (and are filtered again before ranking). See README.md beside
this file for the comparisons, the blocking and the metric definitions.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import math
import os
import re
import resource
import sys
import tempfile
import time
import unicodedata
import zlib

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

# ---------------------------------------------------------------- parameters

#: Pairs further apart in time than this are not candidates (the detector's default
#: window: it never flags them).
WINDOW_DAYS = 30
#: Start buckets (days): a record is filed under the bucket(s) of width 2 × window
#: that [first_day, first_day + window] touches, so that two records starting at
#: most a window apart share one.
FINE_DAYS = 2 * WINDOW_DAYS
#: Coarse buckets (days) covering a record's whole span, for organization keys only
#: (a long programme and the activities inside it).
COARSE_DAYS = 360
#: A blocking key held by more records than this finds no candidates (the detector's
#: max_block, smaller: Splink pays much more per scored pair).
MAX_BLOCK = 50
#: Text similarity (titles: character trigrams, descriptions: words of 3+ letters,
#: TF-IDF weighted as the detector): slots of the hashed vector and bits of the
#: SimHash signature (see text_signatures). The estimated cosine is within about
#: 0.03 (at 0.9) to 0.06 (at 0.3) of the exact one.
HASH_DIM = 1024
SIG_BITS = 1024
#: Money agrees: amounts within this fraction of the larger, days within MONEY_DAYS,
#: same currency.
MONEY_REL = 0.10
MONEY_DAYS = 90
#: Pairs sampled for the u estimates, and the seed.
U_MAX_PAIRS = 1.5e6
SEED = 42
#: Prior: deterministic rules are assumed to find this share of the true pairs.
PRIOR_RECALL = 0.6

# ---------------------------------------------------------------- text, as the detector


_LATIN = {}
for _chars, _lat in [
    ("аә", "a"), ("б", "b"), ("в", "v"), ("гғ", "g"), ("д", "d"), ("еэ", "e"), ("ж", "zh"),
    ("з", "z"), ("ийі", "i"), ("кқ", "k"), ("л", "l"), ("м", "m"), ("нң", "n"), ("оө", "o"),
    ("п", "p"), ("р", "r"), ("с", "s"), ("т", "t"), ("уүұ", "u"), ("ф", "f"), ("хһ", "kh"),
    ("ц", "ts"), ("ч", "ch"), ("ш", "sh"), ("щ", "shch"), ("ъь", ""), ("ы", "y"), ("ю", "yu"),
    ("я", "ya"),
]:
    for _c in _chars:
        _LATIN[_c] = _lat


_TRANSLATE = str.maketrans({**_LATIN, "ё": "e"})
_NON_ALNUM = re.compile(r"[\W_]+")


def normalize(s: str) -> str:
    """NFKC, case folded, ё as е, Cyrillic in Latin letters, every run of other
    characters than letters and digits one space (crates/jointcal-domain overlap::text)."""
    return _NON_ALNUM.sub(" ", unicodedata.normalize("NFKC", s).casefold().translate(_TRANSLATE)).strip()


_NON_ALNUM_LINES = re.compile(r"(?:[^\w\n]|_)+")


def normalize_many(texts: list[str]) -> list[str]:
    """normalize() of each text, done on all of them at once (one line each)."""
    if not texts:
        return []
    big = "\n".join(t.replace("\n", " ").replace("\r", " ") for t in texts)
    big = _NON_ALNUM_LINES.sub(" ", unicodedata.normalize("NFKC", big).casefold().translate(_TRANSLATE))
    out = [x.strip() for x in big.split("\n")]
    return out if len(out) == len(texts) else [normalize(t) for t in texts]


def grouped_normalized(lists: list[list[str]]) -> list[list[str]]:
    """normalize_many over lists of texts, non-empty results kept, list by list."""
    flat = normalize_many([t for lst in lists for t in lst])
    out, i = [], 0
    for lst in lists:
        out.append([x for x in flat[i:i + len(lst)] if x])
        i += len(lst)
    return out


def trigram_terms(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct character trigrams of each normalized text, each word padded with
    spaces as the detector does ("merke" → " me", "mer", "erk", "rke", "ke "): as
    (text index, code of the three code points) pairs, computed with numpy."""
    s = "\n".join(f" {t} " for t in texts)
    a = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    doc = np.cumsum(a == 10)
    x, y, z = a[:-2], a[1:-1], a[2:]
    # Within one text, and not across words (a space in the middle).
    ok = (x != 10) & (y != 10) & (z != 10) & (y != 32)
    d = doc[:-2][ok]
    c = (x[ok] << 42) | (y[ok] << 21) | z[ok]
    return _distinct(d, c)


def word_terms(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct words of 3 or more characters of each normalized text (the
    detector's description words), as (text index, CRC-32 of the word) pairs."""
    d, c = [], []
    for i, t in enumerate(texts):
        for w in {w for w in t.split() if len(w) >= 3}:
            d.append(i)
            c.append(w)
    codes, uniques = pd.factorize(pd.Series(c, dtype=object)) if c else (np.zeros(0, np.int64), [])
    crc = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in uniques), dtype=np.int64, count=len(uniques))
    return _distinct(np.asarray(d, dtype=np.int64), crc[np.asarray(codes, dtype=np.int64)])


def _distinct(d: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (document, term) pairs, sorted by document; a term becomes a 40-bit
    hash of its code (10^5 distinct terms: a 0.5% chance that two of them collide)."""
    key = np.sort((d.astype(np.uint64) << np.uint64(40)) | (_mix(c) >> np.uint64(24)))
    if len(key):
        key = key[np.concatenate([[True], key[1:] != key[:-1]])]
    return (key >> np.uint64(40)).astype(np.int64), (key & np.uint64((1 << 40) - 1)).astype(np.int64)


def _unique(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """np.unique(x, return_inverse=True, return_counts=True), by one sort (numpy 2's
    np.unique is many times slower on millions of int64)."""
    order = np.argsort(x, kind="stable")
    xs = x[order]
    first = np.ones(len(xs), dtype=bool)
    first[1:] = xs[1:] != xs[:-1]
    group = np.cumsum(first) - 1
    inverse = np.empty(len(x), dtype=np.int64)
    inverse[order] = group
    return xs[first], inverse, np.bincount(group, minlength=int(first.sum()))


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64: a stable hash of int64 codes."""
    z = x.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


# ---------------------------------------------------------------- records → table


def read_jsonl(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def text_signatures(n: int, rows: np.ndarray, terms: np.ndarray) -> pa.Array:
    """SimHash signatures of the n documents' sets of terms ((document, term code)
    pairs, distinct), weighted by TF-IDF (idf = ln((N+1)/df), as the detector), as
    SIG_BITS-bit strings (DuckDB BIT), null for an empty document.

    The unit TF-IDF vector is first hashed into HASH_DIM signed slots (feature
    hashing), then projected on SIG_BITS random hyperplanes; the share of differing
    bits estimates the angle between the two vectors (cosine = cos(pi * H / bits)).
    Comparing two records is then one bit_count(xor(...)) on 128 bytes: a dense
    FLOAT[256] cosine costs ~20 times more in DuckDB's joins, and sparse list
    intersections more still.
    """
    uniq, ids, df = _unique(terms)
    lens = np.bincount(rows, minlength=n)
    idf = np.maximum(0.0, np.log((n + 1) / np.maximum(df, 1)))
    h = _mix(uniq)
    slot = (h % np.uint64(HASH_DIM)).astype(np.int64)
    sign = np.where((h >> np.uint64(63)) == 1, 1.0, -1.0)
    planes = np.random.default_rng(SEED).standard_normal((HASH_DIM, SIG_BITS)).astype(np.float32)
    chars = np.empty((n, SIG_BITS), dtype=np.uint8)
    step = 8192
    for lo in range(0, n, step):
        hi = min(n, lo + step)
        a, b = np.searchsorted(rows, [lo, hi])
        mat = np.bincount((rows[a:b] - lo) * HASH_DIM + slot[ids[a:b]],
                          weights=sign[ids[a:b]] * idf[ids[a:b]], minlength=(hi - lo) * HASH_DIM)
        mat = mat.reshape(hi - lo, HASH_DIM).astype(np.float32)
        chars[lo:hi] = ((mat @ planes) > 0).astype(np.uint8) + 48  # ASCII '0' / '1'
    # One string of '0'/'1' per document (DuckDB casts it to BIT), null if empty:
    # an Arrow string array built from the buffers, without a Python string each.
    valid = lens > 0
    data = chars[valid].tobytes()
    offsets = np.concatenate([[0], np.cumsum(np.where(valid, SIG_BITS, 0))]).astype(np.int32)
    bitmap = np.packbits(valid, bitorder="little").tobytes()
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets.tobytes()), pa.py_buffer(data),
                                       pa.py_buffer(bitmap))


MONEY_ARROW = pa.list_(pa.struct([("org", pa.string()), ("amount", pa.float64()),
                                  ("currency", pa.string()), ("day", pa.int32())]))


def prepare(records: list[dict]) -> pa.Table:
    """One row per record with the columns the comparisons and the blocking need."""
    cols: dict[str, list] = {c: [] for c in [
        "unique_id", "leads", "others", "regions", "places", "target_groups", "kind", "pillars",
        "title_words", "first_day", "last_day", "money_out", "money_in"]}
    titles = grouped_normalized([[t for t in (r.get("titles") or []) if t] for r in records])
    descs = grouped_normalized([[t for t in (r.get("descriptions") or []) if t] for r in records])
    places = grouped_normalized([[t for t in (r.get("places") or []) if t] for r in records])
    title_all, desc_all = [], []
    for r, title_texts, desc_texts, place_names in zip(records, titles, descs, places):
        leads = sorted(set(r.get("leads") or []))
        money = r.get("money") or []
        # Whoever the lead's money comes from or goes to is named by the record.
        others = sorted((set(r.get("others") or []) | {m["org"] for m in money}) - set(leads))
        title = " ".join(title_texts)
        title_all.append(title)
        desc_all.append(" ".join(desc_texts))
        first = int(r["first_day"])
        flows = {"out": [], "in": []}
        for m in money:
            flows.setdefault(m["flow"], []).append(
                {"org": m["org"], "amount": float(m["amount"]), "currency": m.get("currency") or "",
                 "day": int(m["day"])})
        cols["unique_id"].append(str(r["key"]))
        cols["leads"].append(leads)
        cols["others"].append(others)
        cols["regions"].append(sorted(set(r.get("regions") or [])))
        cols["places"].append(sorted(set(place_names)))
        cols["target_groups"].append(sorted(set(r.get("target_groups") or [])))
        cols["kind"].append(r.get("kind") or None)
        cols["pillars"].append(sorted(set(r.get("pillars") or [])))
        cols["title_words"].append(sorted({w for w in title.split() if len(w) >= 4}))
        cols["first_day"].append(first)
        cols["last_day"].append(max(first, int(r.get("last_day", first))))
        cols["money_out"].append(flows["out"])
        cols["money_in"].append(flows["in"])
    # The rarest title word (then the alphabetically first) keys an EM pass.
    wdf: dict[str, int] = {}
    for tw in cols["title_words"]:
        for w in tw:
            wdf[w] = wdf.get(w, 0) + 1
    title_key = [min(tw, key=lambda w: (wdf[w], w)) if tw else None for tw in cols["title_words"]]
    strs = pa.list_(pa.string())
    return pa.table({
        "unique_id": pa.array(cols["unique_id"], pa.string()),
        "leads": pa.array(cols["leads"], strs),
        # A copy of leads that no comparison uses, for the blocking rules (see EM_RULES).
        "lead_set": pa.array(cols["leads"], strs),
        "others": pa.array(cols["others"], strs),
        "regions": pa.array(cols["regions"], strs),
        "places": pa.array(cols["places"], strs),
        "target_groups": pa.array(cols["target_groups"], strs),
        "kind": pa.array(cols["kind"], pa.string()),
        "pillars": pa.array(cols["pillars"], strs),
        # The joined normalized texts (for reading; the comparisons use the signatures).
        "title": pa.array([t or None for t in title_all], pa.string()),
        "description": pa.array([t or None for t in desc_all], pa.string()),
        "title_key": pa.array(title_key, pa.string()),
        "title_words": pa.array(cols["title_words"], strs),
        "title_sig": text_signatures(len(records), *trigram_terms(title_all)),
        "desc_sig": text_signatures(len(records), *word_terms(desc_all)),
        "first_day": pa.array(cols["first_day"], pa.int32()),
        "last_day": pa.array(cols["last_day"], pa.int32()),
        "money_out": pa.array(cols["money_out"], MONEY_ARROW),
        "money_in": pa.array(cols["money_in"], MONEY_ARROW),
    })


def load_table(con: duckdb.DuckDBPyConnection, tbl: pa.Table, name: str) -> None:
    """The records as a DuckDB table, with their blocking keys (README.md, "Blocking"):
    each feature (p: place, rt: region × target group, o: organization, w: title
    word) with the start's time bucket(s); organizations also with the coarse
    buckets of the whole span; keys held by more than MAX_BLOCK records dropped."""
    con.register("__prep", tbl)
    con.execute(f"""CREATE OR REPLACE TABLE {name}_base AS SELECT * REPLACE
        (title_sig::BIT AS title_sig, desc_sig::BIT AS desc_sig) FROM __prep""")
    con.unregister("__prep")
    half = WINDOW_DAYS // 2
    con.execute(f"""
        CREATE OR REPLACE TABLE {name} AS
        WITH f AS (
            SELECT unique_id, 'p:' || x AS f, false AS coarse FROM {name}_base, unnest(places) t(x)
            UNION ALL
            SELECT unique_id, 'rt:' || x || '/' || y, false FROM {name}_base, unnest(regions) t(x),
                unnest(CASE WHEN len(target_groups) = 0 THEN ['*'] ELSE target_groups END) u(y)
            UNION ALL
            SELECT unique_id, 'o:' || x, true FROM {name}_base, unnest(list_concat(leads, others)) t(x)
            UNION ALL
            SELECT unique_id, 'w:' || x, false FROM {name}_base, unnest(title_words) t(x)
        ), k AS (
            SELECT DISTINCT f.unique_id, hash(f.f || '|s' || s.b::VARCHAR) AS key
            FROM f JOIN {name}_base b USING (unique_id),
                unnest([b.first_day // {FINE_DAYS}, (b.first_day + {WINDOW_DAYS}) // {FINE_DAYS}]) s(b)
            UNION ALL
            SELECT f.unique_id, hash(f.f || '|c' || c.b::VARCHAR) AS key
            FROM f JOIN {name}_base b USING (unique_id),
                unnest(generate_series((b.first_day - {half}) // {COARSE_DAYS},
                                       (b.last_day + {half}) // {COARSE_DAYS})) c(b)
            WHERE f.coarse
        ), keep AS (
            SELECT key FROM k GROUP BY key HAVING count(*) BETWEEN 2 AND {MAX_BLOCK}
        ), per AS (
            SELECT unique_id, list(DISTINCT key) AS block_keys FROM k SEMI JOIN keep USING (key)
            GROUP BY unique_id
        )
        SELECT base.* EXCLUDE (title_words), coalesce(per.block_keys, []::UBIGINT[]) AS block_keys
        FROM {name}_base base LEFT JOIN per USING (unique_id)
    """)
    con.execute(f"DROP TABLE {name}_base")


# ---------------------------------------------------------------- the Splink model


def settings_creator():
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator
    from splink.blocking_rule_library import CustomRule

    def lvl(sql: str, label: str, null: bool = False):
        c = cll.CustomLevel(sql, label_for_charts=label)
        return c.configure(is_null_level=True) if null else c

    def differing(col: str) -> str:
        return f"bit_count(xor({col}_l, {col}_r))"

    def cos(col: str, t: float) -> str:
        # cosine >= t  <=>  angle <= acos(t)  <=>  differing bits <= bits * acos(t) / pi
        return f"{differing(col)} <= {int(SIG_BITS * math.acos(t) / math.pi)}"

    gap = "greatest(first_day_l, first_day_r) - least(last_day_l, last_day_r)"

    def shared(a: str, b: str) -> str:
        # How many of a's items b has. list_filter with a lambda is several times
        # faster in DuckDB than list_intersect / list_has_any; Splink does not look
        # inside lambdas for the columns a comparison uses, so each comparison also
        # names its columns outside one (in its null level).
        return f"len(list_filter({a}, lambda x: list_contains({b}, x)))"

    def money_dir(p: str, q: str) -> str:
        # p's money out to q's lead, q's money in from p's lead: amounts within
        # MONEY_REL, days within MONEY_DAYS, same currency.
        return (
            f"len(list_filter(money_out_{p}, lambda o: list_contains(leads_{q}, o.org) AND "
            f"len(list_filter(money_in_{q}, lambda i: list_contains(leads_{p}, i.org) "
            f"AND i.currency = o.currency AND abs(i.amount - o.amount) <= {MONEY_REL} * "
            f"greatest(abs(i.amount), abs(o.amount)) AND abs(i.day - o.day) <= {MONEY_DAYS})) > 0)) > 0"
        )

    comparisons = [
        # Every level names the same expression, the null level first (a null
        # signature gives null): DuckDB then computes it once per pair.
        cl.CustomComparison(output_column_name="title", comparison_levels=[
            lvl(f"{differing('title_sig')} IS NULL", "no title", null=True),
            lvl(cos("title_sig", 0.9), "title cosine >= 0.9"),
            lvl(cos("title_sig", 0.75), "title cosine >= 0.75"),
            lvl(cos("title_sig", 0.6), "title cosine >= 0.6"),
            lvl(cos("title_sig", 0.45), "title cosine >= 0.45"),
            lvl(cos("title_sig", 0.3), "title cosine >= 0.3"),
            cll.ElseLevel(),
        ]),
        cl.CustomComparison(output_column_name="description", comparison_levels=[
            lvl(f"{differing('desc_sig')} IS NULL", "no description", null=True),
            lvl(cos("desc_sig", 0.6), "description cosine >= 0.6"),
            lvl(cos("desc_sig", 0.4), "description cosine >= 0.4"),
            lvl(cos("desc_sig", 0.25), "description cosine >= 0.25"),
            cll.ElseLevel(),
        ]),
        cl.CustomComparison(output_column_name="time", comparison_levels=[
            lvl("first_day_l IS NULL OR first_day_r IS NULL", "no days", null=True),
            lvl("abs(first_day_l - first_day_r) <= 3 AND abs(last_day_l - last_day_r) <= 3",
                "start and end within 3 days"),
            lvl(f"{gap} < 0", "overlapping days"),
            lvl(f"{gap} <= 7", "within a week"),
            lvl(f"{gap} <= {WINDOW_DAYS}", f"within {WINDOW_DAYS} days"),
            lvl(f"{gap} <= 90", "within 90 days"),
            cll.ElseLevel(),
        ]),
        cl.CustomComparison(output_column_name="location", comparison_levels=[
            lvl("(len(regions_l) = 0 AND len(places_l) = 0) OR (len(regions_r) = 0 AND len(places_r) = 0)",
                "no location", null=True),
            lvl(f"{shared('places_l', 'places_r')} > 0", "same place"),
            lvl(f"{shared('regions_l', 'regions_r')} > 0", "same region"),
            cll.ElseLevel(),
        ]),
        cl.CustomComparison(output_column_name="target_groups", comparison_levels=[
            lvl("len(target_groups_l) = 0 OR len(target_groups_r) = 0", "no target group", null=True),
            lvl(f"{shared('target_groups_l', 'target_groups_r')} >= 2", "2+ target groups shared"),
            lvl(f"{shared('target_groups_l', 'target_groups_r')} > 0", "a target group shared"),
            cll.ElseLevel(),
        ]),
        cl.CustomComparison(output_column_name="kind", comparison_levels=[
            lvl("kind_l IS NULL OR kind_r IS NULL", "no kind", null=True),
            lvl("kind_l = kind_r", "same kind"),
            cll.ElseLevel(),
        ]),
        cl.CustomComparison(output_column_name="pillars", comparison_levels=[
            lvl("len(pillars_l) = 0 OR len(pillars_r) = 0", "no pillar", null=True),
            lvl(f"{shared('pillars_l', 'pillars_r')} > 0", "a pillar shared"),
            cll.ElseLevel(),
        ]),
        cl.CustomComparison(output_column_name="names_the_other", comparison_levels=[
            lvl("(len(others_l) = 0 AND len(others_r) = 0) OR leads_l IS NULL OR leads_r IS NULL",
                "no other organization", null=True),
            lvl(f"{shared('others_l', 'leads_r')} > 0 AND {shared('others_r', 'leads_l')} > 0",
                "each names the other's lead"),
            lvl(f"{shared('others_l', 'leads_r')} > 0 OR {shared('others_r', 'leads_l')} > 0",
                "one names the other's lead"),
            cll.ElseLevel(),
        ]),
        cl.CustomComparison(output_column_name="shared_org", comparison_levels=[
            lvl("len(others_l) = 0 OR len(others_r) = 0", "no other organization", null=True),
            lvl(f"{shared('others_l', 'others_r')} > 0", "a third organization shared"),
            cll.ElseLevel(),
        ]),
        # Money is evidence for only (as in the detector): flows that do not agree
        # fall in the else level with the pairs without money, instead of a level
        # of their own that EM, seeing no match there, weighs at minus infinity.
        cl.CustomComparison(output_column_name="money", comparison_levels=[
            lvl("(len(money_out_l) = 0 AND len(money_in_l) = 0) OR (len(money_out_r) = 0 AND len(money_in_r) = 0) "
                "OR leads_l IS NULL OR leads_r IS NULL", "no money on one side", null=True),
            lvl(f"{money_dir('l', 'r')} OR {money_dir('r', 'l')}", "money agrees"),
            cll.ElseLevel(),
        ]),
    ]
    # Candidates: a blocking key in common, no lead in common, and at most the
    # window apart (the detector never flags pairs further apart).
    predict_rule = CustomRule(
        "l.block_keys = r.block_keys AND NOT list_has_any(l.lead_set, r.lead_set) AND "
        f"greatest(l.first_day, r.first_day) - least(l.last_day, r.last_day) <= {WINDOW_DAYS}",
        arrays_to_explode=["block_keys"],
    )
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=[predict_rule],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        max_iterations=25,
        em_convergence=1e-4,
    )


#: EM passes, each a list of alternatives (rule, the equi-join part as GROUP BY
#: expressions, a filter), the first giving at least EM_MIN_PAIRS pairs taken (data
#: without kinds, e.g. IATI, falls back to sectors). A pass estimates m for every
#: comparison whose columns its rule does not name (Splink's rule), so each rule names
#: the columns of the comparisons it blocks on (title_sig, regions, first_day, kind,
#: target_groups); lead_set is a copy of leads that no comparison uses.
_DIFFERENT_LEADS = "NOT list_has_any(l.lead_set, r.lead_set)"
EM_RULES = [
    # Same rarest title word and same regions: estimates time, description, audience,
    # kind and organizations. (On the title word alone the block is dominated by
    # near-identical titles elsewhere and months away, and EM learns that matches
    # are far apart.)
    [(f"l.title_key = r.title_key AND l.regions = r.regions AND l.title_sig IS NOT NULL AND {_DIFFERENT_LEADS}",
      "title_key, regions", "title_key IS NOT NULL"),
     (f"l.title_key = r.title_key AND l.title_sig IS NOT NULL AND {_DIFFERENT_LEADS}",
      "title_key", "title_key IS NOT NULL")],
    # Same kind (else the same target groups, else the same regions), start in the
    # same week: estimates title, description, place and organizations. (On place
    # and time alone the block is dominated by complementary work, another kind at
    # the same place, time and audience, and EM learns that matches have unlike
    # titles.)
    [(f"l.kind = r.kind AND l.first_day // 7 = r.first_day // 7 AND {_DIFFERENT_LEADS}",
      "kind, first_day // 7", "kind IS NOT NULL"),
     (f"l.target_groups = r.target_groups AND l.first_day // 7 = r.first_day // 7 AND {_DIFFERENT_LEADS}",
      "target_groups, first_day // 7", "len(target_groups) > 0"),
     (f"l.regions = r.regions AND l.first_day // 7 = r.first_day // 7 AND {_DIFFERENT_LEADS}",
      "regions, first_day // 7", "len(regions) > 0")],
]
#: A pass alternative with fewer candidate pairs than this is not used.
EM_MIN_PAIRS = 10
#: An EM pass whose rule would give more pairs than this takes a deterministic sample
#: of them (left record's hash modulo m), to bound its time at 100,000 records.
EM_MAX_PAIRS = 150_000

#: Deterministic rules for the prior (probability that two random records match),
#: assumed to find PRIOR_RECALL of the true pairs.
PRIOR_RULES = [
    f"l.title_key = r.title_key AND bit_count(xor(l.title_sig, r.title_sig)) <= {int(SIG_BITS * math.acos(0.7) / math.pi)} "
    f"AND abs(l.first_day - r.first_day) <= {WINDOW_DAYS} AND NOT list_has_any(l.lead_set, r.lead_set)",
]


def train(con, table: str, phase=lambda name: None):
    from splink import DuckDBAPI, Linker

    linker = Linker(table, settings_creator(), db_api=DuckDBAPI(connection=con), set_up_basic_logging=False)
    n_records = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    linker.training.estimate_probability_two_random_records_match(PRIOR_RULES, recall=PRIOR_RECALL)
    phase("prior")
    linker.training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=SEED)
    # A level no sampled pair falls in keeps no u, and Splink would use a made-up
    # default (a weight of a few bits) for it: give it "less than one in the sample"
    # instead (e.g. description cosine in [0.4, 0.6) at 100,000 records).
    sampled = min(U_MAX_PAIRS, n_records * (n_records - 1) / 2)
    for cc in linker._settings_obj.comparisons:
        for cl in cc._comparison_levels_excluding_null:
            if cl._u_probability is None:
                cl.u_probability = 1.0 / max(sampled, 1.0)
    phase("u")
    for i, alternatives in enumerate(EM_RULES):
        for rule, keys, where in alternatives:
            pairs = con.execute(
                f"SELECT coalesce(sum(c * (c - 1) / 2), 0) FROM "
                f"(SELECT count(*) AS c FROM {table} WHERE {where} GROUP BY {keys})").fetchall()[0][0]
            if pairs < EM_MIN_PAIRS:
                continue
            m = math.ceil(pairs / EM_MAX_PAIRS)
            if m > 1:
                rule += f" AND hash(l.unique_id) % {m} = 0"
            linker.training.estimate_parameters_using_expectation_maximisation(rule)
            break
        else:
            print(f"[splink_pairs] EM pass {i + 1}: no rule gives {EM_MIN_PAIRS} pairs, skipped", file=sys.stderr)
        phase(f"em{i + 1}")
    return linker


def predict(con, linker, table: str, trained_on_other: bool, fit_table: str = "fit_records"):
    """Scores the candidate pairs of `table` into the table `scored` (different leads
    only). A model trained on other records is carried over as its JSON settings."""
    from splink import DuckDBAPI, Linker

    if trained_on_other:
        model = linker.misc.save_model_to_json()
        # The prior is per pair: with the same share of records having a match, it
        # scales as 1 / (N - 1). Nothing else is taken from the records predicted on.
        n_fit = con.execute(f"SELECT count(*) FROM {fit_table}").fetchall()[0][0]
        n = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
        if n > 1 and n_fit > 1:
            lam = model["probability_two_random_records_match"] * (n_fit - 1) / (n - 1)
            model["probability_two_random_records_match"] = min(lam, 0.5)
        linker = Linker(table, model, db_api=DuckDBAPI(connection=con), set_up_basic_logging=False)
    pred = linker.inference.predict()
    con.execute(f"""
        CREATE OR REPLACE TABLE scored AS
        SELECT p.unique_id_l AS a, p.unique_id_r AS b, p.match_weight AS w, p.match_probability AS prob
        FROM {pred.physical_name} p
        JOIN {table} l ON l.unique_id = p.unique_id_l
        JOIN {table} r ON r.unique_id = p.unique_id_r
        WHERE NOT list_has_any(l.leads, r.leads)
    """)
    return linker


# ---------------------------------------------------------------- metrics


def metrics(con, truth: list[dict], threshold: float, top: int) -> tuple[dict, list[tuple]]:
    pairs = {}
    for t in truth:
        a, b = sorted((str(t["a"]), str(t["b"])))
        if a != b:
            pairs[(a, b)] = t.get("tag")
    tagged = {p for p, tag in pairs.items() if tag is not None}
    tdf = pd.DataFrame([(a, b) for a, b in pairs], columns=["a", "b"]) if pairs else \
        pd.DataFrame({"a": pd.Series(dtype=str), "b": pd.Series(dtype=str)})
    con.register("__truth", tdf)
    scored, flagged, candidates, tp = con.execute(f"""
        SELECT (SELECT count(*) FROM scored),
               (SELECT count(*) FROM scored WHERE prob >= {threshold}),
               (SELECT count(*) FROM scored s JOIN __truth t ON s.a = t.a AND s.b = t.b),
               (SELECT count(*) FROM scored s JOIN __truth t ON s.a = t.a AND s.b = t.b WHERE s.prob >= {threshold})
    """).fetchall()[0]
    con.unregister("__truth")
    k = len(pairs)
    limit = max(1000, k, top) + len(tagged)
    ranked = con.execute(
        f"SELECT a, b, w, prob FROM scored ORDER BY w DESC, a, b LIMIT {limit}").fetchall()

    def found(lst, n, ok):
        return sum(1 for a, b, *_ in lst[:n] if (a, b) in ok)

    truth_set = set(pairs)
    untagged = truth_set - tagged
    ranked_untagged = [x for x in ranked if (x[0], x[1]) not in tagged]
    precision = tp / flagged if flagged else 0.0
    recall = tp / k if k else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    f100 = found(ranked, top, truth_set)
    f100u = found(ranked_untagged, top, untagged)
    out = {
        "truth": k,
        "pairs_scored": int(scored),
        # Truth pairs among the candidates (what blocking let through), extra.
        "truth_in_candidates": int(candidates),
        "flagged": int(flagged),
        "true_positives": int(tp),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "top": top,
        "found_at_100": f100,
        "recall_at_100": f100 / k if k else 0.0,
        "precision_at_k": found(ranked, k, truth_set) / k if k else 0.0,
        "truth_untagged": len(untagged),
        "found_at_100_untagged": f100u,
        "recall_at_100_untagged": f100u / len(untagged) if untagged else 0.0,
    }
    return out, ranked


# ---------------------------------------------------------------- run


def quiet() -> None:
    logging.getLogger("splink").setLevel(logging.WARNING)
    h = logging.StreamHandler(sys.stderr)
    h.setLevel(logging.WARNING)
    logging.getLogger("splink").addHandler(h)
    logging.getLogger("splink").propagate = False


def run(records_path: str, truth_path: str, fit_path: str | None, threshold: float, top: int,
        pairs_out: str | None = None) -> dict:
    import splink

    quiet()
    records = read_jsonl(records_path)
    truth = read_jsonl(truth_path)
    fit = read_jsonl(fit_path) if fit_path else None

    t0 = time.perf_counter()
    phases = {}

    def phase(name: str, since: list = [t0]) -> None:
        now = time.perf_counter()
        phases[name] = round(now - since[0], 3)
        since[0] = now
        print(f"[splink_pairs] {name}: {phases[name]:.1f} s", file=sys.stderr)

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    load_table(con, prepare(records), "records")
    if fit is not None:
        load_table(con, prepare(fit), "fit_records")
    phase("prepare")
    linker = train(con, "fit_records" if fit is not None else "records", phase)
    predict(con, linker, "records", trained_on_other=fit is not None)
    phase("predict")
    m, ranked = metrics(con, truth, threshold, top)
    phase("rank")
    seconds = time.perf_counter() - t0

    if pairs_out:
        with open(pairs_out, "w", encoding="utf-8") as f:
            for a, b, w, prob in ranked[:1000]:
                f.write(json.dumps({"a": a, "b": b, "score": prob, "match_weight": w}) + "\n")
    con.close()
    return {
        "tool": "splink",
        "splink_version": splink.__version__,
        "duckdb_version": duckdb.__version__,
        "threshold": threshold,
        "records": len(records),
        "fit_records": len(fit) if fit is not None else None,
        **m,
        "seconds": round(seconds, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "phase_seconds": phases,
    }


def table(res: dict) -> str:
    keys = ["records", "fit_records", "truth", "truth_untagged", "pairs_scored", "truth_in_candidates", "flagged",
            "true_positives", "precision", "recall", "f1", "found_at_100", "recall_at_100",
            "precision_at_k", "found_at_100_untagged", "recall_at_100_untagged", "seconds",
            "peak_rss_mb"]
    lines = [f"splink {res['splink_version']} (duckdb {res['duckdb_version']}), threshold {res['threshold']}"]
    for k in keys:
        v = res.get(k)
        if v is None:
            continue
        lines.append(f"  {k:<24} {v:.3f}" if isinstance(v, float) else f"  {k:<24} {v}")
    return "\n".join(lines)


def self_test() -> None:
    sys.dont_write_bytecode = True  # no __pycache__ in the work tree
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import make_sample

    with tempfile.TemporaryDirectory() as d:
        rp, tp = make_sample.write(300, 11, d)
        res = run(rp, tp, None, 0.5, 100)
    print(table(res))
    if res["recall_at_100"] > 0.5:
        print("self-test: 1 passed, 0 failed")
    else:
        print(f"self-test: recall@100 {res['recall_at_100']:.3f} <= 0.5, the setup is broken")
        print("self-test: 0 passed, 1 failed")
        sys.exit(1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records")
    ap.add_argument("--truth")
    ap.add_argument("--fit-records", help="train on these, predict on --records")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--top", type=int, default=100)
    ap.add_argument("--pairs-out", help="write the top 1000 ranked pairs as JSONL {a, b, score, match_weight}")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--self-test", action="store_true", help="run on a generated 300-record sample")
    args = ap.parse_args()
    if args.self_test:
        self_test()
        return
    if not args.records or not args.truth:
        ap.error("--records and --truth are required (or --self-test)")
    res = run(args.records, args.truth, args.fit_records, args.threshold, args.top, args.pairs_out)
    print(json.dumps(res) if args.json else table(res))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Synthetic records.jsonl / truth.jsonl for the Splink benchmark (bench/splink).

Deterministic for a given --n and --seed. Writes N activity records in the format the
Rust side writes (one JSON object per line, see README.md) and the known positive
pairs:

* untagged duplicate pairs: one effort reported by two organizations with different
  leads. The second record's title is the first's with typos, a word moved or
  dropped, sometimes only in the other language; dates a few days apart; the same
  region (usually the same place), overlapping target groups, usually the same kind;
  often the funder names the implementer (and the implementer the funder), often the
  funder's "out" payment matches the implementer's "in" receipt (amount within 5%,
  day within 45 days);
* pairs tagged "same_family": a funder's long programme and one of its implementer's
  shorter activities inside it (partly shared title words, the programme names the
  implementer, money flows between them). Harder, reported separately.

Background records share the same vocabularies (regions, places, target groups, kinds,
title and description words, organizations), so there are plenty of near-misses, and
some planted ones (not in the truth):

* complementary work: another lead's different kind of work and title at the same
  place, dates and audience, the two leads naming each other;
* a near-identical title by another lead in another region, 2 to 13 months away;
* the same lead repeating its own activity (same lead: never a pair).

    python3 bench/splink/make_sample.py --n 1000 --out-dir /tmp/s1k
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random

REGIONS = [
    "KZ-10", "KZ-11", "KZ-15", "KZ-19", "KZ-23", "KZ-27", "KZ-31", "KZ-33", "KZ-35",
    "KZ-39", "KZ-43", "KZ-47", "KZ-55", "KZ-59", "KZ-61", "KZ-62", "KZ-63", "KZ-71",
    "KZ-75", "KZ-79",
]
TARGET_GROUPS = [
    "border_guards", "police", "prosecutors", "judges", "social_workers", "teachers",
    "students", "migrants", "victims", "youth", "women", "ngos", "health_workers",
    "labour_inspectors", "journalists",
]
KINDS = ["training", "conference", "campaign", "research", "coordination_meeting", "assistance", "monitoring"]
PILLARS = ["prevention", "protection", "prosecution", "partnership"]
KIND_WORDS = {
    "training": ["training", "workshop", "course"],
    "conference": ["conference", "forum", "roundtable"],
    "campaign": ["campaign", "awareness", "outreach"],
    "research": ["study", "assessment", "survey"],
    "coordination_meeting": ["coordination", "meeting", "dialogue"],
    "assistance": ["support", "assistance", "services"],
    "monitoring": ["monitoring", "review", "visits"],
}
TARGET_WORDS = {t: t.replace("_", " ") for t in TARGET_GROUPS}
TOPIC_WORDS = (
    "victim identification referral mechanism labour exploitation trafficking migration "
    "shelter legal aid hotline prevention online safety forced labour child protection "
    "border management safe migration reintegration recruitment ethical standards "
    "investigation financial crimes cooperation regional national action plan data "
    "collection case management psychosocial counselling gender violence domestic "
    "remittances vocational skills employment rural communities cross border schools "
    "curriculum media reporting judicial practice witness protection compensation "
    "interagency standard operating procedures early warning returnees documents "
    "consular health screening livelihoods microcredit seasonal workers agriculture "
    "construction domestic workers inspection prosecution guidelines evidence digital "
    "platforms social media hotline youth leaders parents villages districts"
).split()
SYLL = ["ka", "ra", "to", "mi", "ne", "sa", "bo", "lu", "ti", "ze", "ko", "an", "er", "ul", "ay", "ol", "is", "ba", "de", "zh"]
CYR = {
    "a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е", "z": "з", "i": "и", "k": "к",
    "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у",
    "f": "ф", "h": "х", "c": "ц", "y": "ы", "j": "й", "w": "в", "x": "кс", "q": "к",
}


def pseudo_word(rng: random.Random, lo: int = 2, hi: int = 4) -> str:
    return "".join(rng.choice(SYLL) for _ in range(rng.randint(lo, hi)))


def cyrillic(word: str) -> str:
    """A stand-in 'Russian' word for an English one (letters mapped, reversed halves)."""
    w = word[len(word) // 2:] + word[: len(word) // 2]
    return "".join(CYR.get(c, c) for c in w)


def typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.random()
    if op < 0.35:  # swap
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if op < 0.65:  # delete
        return word[:i] + word[i + 1:]
    if op < 0.85:  # replace
        return word[:i] + rng.choice("aeiourstnlk") + word[i + 1:]
    return word[:i] + rng.choice("aeiourstnlk") + word[i:]  # insert


class World:
    def __init__(self, n: int, rng: random.Random):
        self.rng = rng
        n_orgs = max(40, n // 25)
        self.orgs = [f"org-{i:05d}" for i in range(n_orgs)]
        self.org_cum = list(itertools.accumulate(1.0 / (i + 1) ** 0.7 for i in range(n_orgs)))
        self.funders = self.orgs[: max(5, n_orgs // 10)]
        self.places = {r: [pseudo_word(rng, 2, 3).capitalize() for _ in range(6)] for r in REGIONS}
        # Extra topic words so that a large sample is not all one vocabulary.
        extra = sorted({pseudo_word(rng, 3, 4) for _ in range(max(200, n // 50))})
        self.topics = TOPIC_WORDS + extra
        self.desc_vocab = sorted({pseudo_word(rng, 2, 5) for _ in range(4000)})
        self.desc_cum = list(itertools.accumulate(1.0 / (i + 1) ** 0.9 for i in range(len(self.desc_vocab))))

    def lead(self) -> str:
        return self.rng.choices(self.orgs, cum_weights=self.org_cum)[0]

    def other_than(self, taken: set[str]) -> str:
        while True:
            o = self.lead()
            if o not in taken:
                return o


def base_record(w: World, key_hint: int) -> dict:
    rng = w.rng
    kind = rng.choice(KINDS)
    region = rng.choice(REGIONS)
    place = rng.choice(w.places[region]) if rng.random() < 0.7 else None
    targets = sorted(set(rng.sample(TARGET_GROUPS, rng.choice([1, 1, 2, 2, 3]))))
    topic = rng.sample(w.topics, rng.randint(2, 4))
    words = [rng.choice(KIND_WORDS[kind])] + ["on"] + topic + ["for", TARGET_WORDS[targets[0]]]
    if place:
        words += ["in", place]
    first = rng.randint(16800, 20400)
    u = rng.random()
    dur = rng.randint(0, 4) if u < 0.6 else rng.randint(10, 90) if u < 0.85 else rng.randint(180, 1100)
    lead = w.lead()
    others = set()
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
        others.add(w.other_than({lead}))
    titles = [" ".join(words).capitalize()]
    if rng.random() < 0.4:
        titles.append(" ".join(cyrillic(x) for x in words))
    desc_words = topic + rng.choices(w.desc_vocab, cum_weights=w.desc_cum, k=rng.randint(12, 40))
    rng.shuffle(desc_words)
    rec = {
        "key": f"tmp{key_hint}",
        "leads": [lead],
        "others": sorted(others),
        "first_day": first,
        "last_day": first + dur,
        "regions": [region] if rng.random() < 0.95 else [],
        "places": [place] if place else [],
        "target_groups": targets,
        "kind": kind if rng.random() < 0.9 else None,
        "pillars": sorted(set(rng.sample(PILLARS, rng.choice([0, 1, 1, 2])))),
        "titles": titles,
        "descriptions": [" ".join(desc_words).capitalize() + "."] if rng.random() < 0.85 else [],
        "money": [],
    }
    if others and rng.random() < 0.3:
        funder = sorted(others)[0]
        rec["money"].append({"flow": "in", "org": funder, "amount": float(rng.randint(5, 500) * 1000),
                             "currency": "USD", "day": first - rng.randint(0, 60)})
    return rec


def perturb_title(w: World, title: str) -> str:
    rng = w.rng
    words = title.split()
    if len(words) > 3 and rng.random() < 0.5:  # move a word
        i = rng.randrange(len(words))
        x = words.pop(i)
        words.insert(rng.randrange(len(words) + 1), x)
    if len(words) > 4 and rng.random() < 0.3:  # drop a word
        words.pop(rng.randrange(len(words)))
    if rng.random() < 0.3:  # add a word
        words.insert(rng.randrange(len(words) + 1), rng.choice(w.topics))
    for _ in range(rng.choice([0, 1, 1, 2])):
        i = rng.randrange(len(words))
        words[i] = typo(rng, words[i])
    return " ".join(words)


def duplicate_of(w: World, a: dict, key_hint: int) -> dict:
    """B reports A's effort: another lead, similar everything."""
    rng = w.rng
    b = json.loads(json.dumps(a))
    b["key"] = f"tmp{key_hint}"
    lead_b = w.other_than(set(a["leads"]) | set(a["others"]))
    funder_rel = rng.random() < 0.6
    if funder_rel:  # A funds B's lead and names it
        a["others"] = sorted(set(a["others"]) | {lead_b})
        b["others"] = sorted({a["leads"][0]} if rng.random() < 0.6 else set())
        if rng.random() < 0.6:
            amount = float(rng.randint(10, 900) * 1000)
            day = a["first_day"] - rng.randint(0, 60)
            a["money"].append({"flow": "out", "org": lead_b, "amount": amount, "currency": "USD", "day": day})
            b["money"] = [{"flow": "in", "org": a["leads"][0], "amount": round(amount * rng.uniform(0.96, 1.04), 2),
                           "currency": "USD", "day": day + rng.randint(-45, 45)}]
        else:
            b["money"] = []
    else:  # parallel work, sometimes under the same funder
        shared = [o for o in a["others"] if o != lead_b]
        b["others"] = sorted(set(shared[:1]) if rng.random() < 0.5 else {w.other_than({lead_b})})
        b["money"] = []
    b["leads"] = [lead_b]
    b["others"] = sorted(set(b["others"]) - {lead_b})
    shift = rng.randint(-7, 7) if rng.random() < 0.8 else rng.randint(-25, 25)
    dur = a["last_day"] - a["first_day"]
    b["first_day"] = a["first_day"] + shift
    b["last_day"] = b["first_day"] + max(0, dur + rng.randint(-2, 2))
    if rng.random() < 0.4:
        b["places"] = []
    if rng.random() < 0.05:
        b["regions"] = []
    tg = set(a["target_groups"])
    if rng.random() < 0.3:
        tg.add(rng.choice(TARGET_GROUPS))
    if len(tg) > 1 and rng.random() < 0.3:
        tg.discard(sorted(tg)[0])
    b["target_groups"] = sorted(tg)
    if rng.random() < 0.15:
        b["kind"] = rng.choice(KINDS)
    en = perturb_title(w, a["titles"][0])
    u = rng.random()
    if len(a["titles"]) > 1 and u < 0.15:
        b["titles"] = [perturb_title(w, a["titles"][1])]  # only the other language
    elif u < 0.5 and len(a["titles"]) > 1:
        b["titles"] = [en, perturb_title(w, a["titles"][1])]
    else:
        b["titles"] = [en]
    if a["descriptions"] and rng.random() < 0.6:
        words = a["descriptions"][0].rstrip(".").split()
        keep = [x for x in words if rng.random() < 0.6]
        keep += rng.choices(w.desc_vocab, cum_weights=w.desc_cum, k=rng.randint(5, 20))
        rng.shuffle(keep)
        b["descriptions"] = [" ".join(keep).capitalize() + "."]
    elif rng.random() < 0.5:
        b["descriptions"] = []
    else:
        b["descriptions"] = base_record(w, 0)["descriptions"]
    return b


def family_of(w: World, key_hint: int) -> tuple[dict, dict]:
    """A funder's long programme and one implementer activity inside it."""
    rng = w.rng
    prog = base_record(w, key_hint)
    prog["leads"] = [rng.choice(w.funders)]
    impl_lead = w.other_than(set(prog["leads"]))
    prog["others"] = sorted((set(prog["others"]) | {impl_lead}) - set(prog["leads"]))
    prog["last_day"] = prog["first_day"] + rng.randint(365, 1100)
    prog["kind"] = "assistance" if rng.random() < 0.5 else prog["kind"]
    act = base_record(w, key_hint + 1)
    act["leads"] = [impl_lead]
    act["others"] = sorted({prog["leads"][0]} | (set(act["others"]) - {impl_lead}))
    act["first_day"] = rng.randint(prog["first_day"], prog["last_day"] - 30)
    act["last_day"] = act["first_day"] + rng.randint(0, 60)
    act["regions"] = prog["regions"] or act["regions"]
    act["target_groups"] = sorted(set(act["target_groups"]) | set(prog["target_groups"][:1]))
    pt = prog["titles"][0].split()
    mid = pt[2:-1] if len(pt) > 4 else pt
    at = act["titles"][0].split()
    act["titles"] = [" ".join(at[:2] + rng.sample(mid, min(len(mid), 2)) + at[2:])]
    if rng.random() < 0.5:
        amount = float(rng.randint(20, 900) * 1000)
        day = act["first_day"] - rng.randint(0, 60)
        prog["money"].append({"flow": "out", "org": impl_lead, "amount": amount, "currency": "USD", "day": day})
        act["money"] = [{"flow": "in", "org": prog["leads"][0], "amount": amount, "currency": "USD",
                         "day": day + rng.randint(0, 30)}]
    return prog, act


def series_of(w: World, a: dict, key_hint: int) -> dict:
    """The same lead repeating its own activity a few months later (never a pair)."""
    rng = w.rng
    b = json.loads(json.dumps(a))
    b["key"] = f"tmp{key_hint}"
    gap = rng.randint(20, 200)
    b["first_day"] += gap
    b["last_day"] += gap
    b["money"] = []
    return b


def complement_of(w: World, a: dict, key_hint: int) -> dict:
    """Hard negative: another lead's different work at the same place, time and
    audience (a training next to a campaign), the two leads naming each other."""
    rng = w.rng
    b = base_record(w, key_hint)
    lead_b = w.other_than(set(a["leads"]))
    b["leads"] = [lead_b]
    b["others"] = sorted({a["leads"][0]} | (set(b["others"]) - {lead_b}))
    a["others"] = sorted((set(a["others"]) | {lead_b}) - set(a["leads"]))
    b["first_day"] = a["first_day"] + rng.randint(-3, 3)
    b["last_day"] = b["first_day"] + (a["last_day"] - a["first_day"])
    b["regions"], b["places"] = list(a["regions"]), list(a["places"])
    b["target_groups"] = list(a["target_groups"])
    b["kind"] = rng.choice([k for k in KINDS if k != a["kind"]])
    return b


def clone_elsewhere(w: World, a: dict, key_hint: int) -> dict:
    """Hard negative: another lead's activity with a near-identical title in another
    region, months away (a common programme name)."""
    rng = w.rng
    b = base_record(w, key_hint)
    b["titles"] = [perturb_title(w, a["titles"][0])]
    b["kind"] = a["kind"]
    b["target_groups"] = list(a["target_groups"])
    b["regions"] = [rng.choice([r for r in REGIONS if r not in a["regions"]])]
    b["places"] = [rng.choice(w.places[b["regions"][0]])] if rng.random() < 0.5 else []
    gap = rng.choice([-1, 1]) * rng.randint(60, 400)
    b["first_day"] = a["first_day"] + gap
    b["last_day"] = b["first_day"] + (a["last_day"] - a["first_day"])
    return b


def generate(n: int, seed: int, dup_rate: float = 0.2, family_rate: float = 0.04,
             hard_rate: float = 0.1):
    rng = random.Random(seed)
    w = World(n, rng)
    records: list[dict] = []
    pairs: list[tuple[int, int, str | None]] = []
    n_dup = int(n * dup_rate / 2)
    n_fam = int(n * family_rate / 2)
    hint = 0
    for _ in range(n_dup):
        a = base_record(w, hint)
        b = duplicate_of(w, a, hint + 1)
        records += [a, b]
        pairs.append((len(records) - 2, len(records) - 1, None))
        hint += 2
    for _ in range(n_fam):
        a, b = family_of(w, hint)
        records += [a, b]
        pairs.append((len(records) - 2, len(records) - 1, "same_family"))
        hint += 2
    while len(records) < n:
        a = base_record(w, hint)
        records.append(a)
        hint += 1
        u = rng.random()
        if len(records) >= n:
            break
        if u < 0.1:
            records.append(series_of(w, a, hint))
        elif u < 0.1 + hard_rate / 2:
            records.append(complement_of(w, a, hint))
        elif u < 0.1 + hard_rate:
            records.append(clone_elsewhere(w, a, hint))
        else:
            continue
        hint += 1
    records = records[:n]
    order = list(range(len(records)))
    rng.shuffle(order)
    width = len(str(n))
    key_of = {}
    for pos, i in enumerate(order):
        key_of[i] = f"r{pos:0{width}d}"
        records[i]["key"] = key_of[i]
    out = [records[i] for i in order]
    truth = []
    for i, j, tag in pairs:
        a, b = sorted((key_of[i], key_of[j]))
        truth.append({"a": a, "b": b, "tag": tag})
    truth.sort(key=lambda t: (t["a"], t["b"]))
    return out, truth


def write(n: int, seed: int, out_dir: str) -> tuple[str, str]:
    records, truth = generate(n, seed)
    os.makedirs(out_dir, exist_ok=True)
    rp, tp = os.path.join(out_dir, "records.jsonl"), os.path.join(out_dir, "truth.jsonl")
    with open(rp, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(tp, "w", encoding="utf-8") as f:
        for t in truth:
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
    return rp, tp


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="number of records")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out-dir", required=True)
    args = ap.parse_args()
    rp, tp = write(args.n, args.seed, args.out_dir)
    print(f"wrote {rp} and {tp}")


if __name__ == "__main__":
    main()

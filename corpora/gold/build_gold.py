#!/usr/bin/env python3
"""Build the gold files corpora/gold/<stem>.json from the hand annotations.

Standard library only.  Usage (from anywhere):

    python3 corpora/gold/build_gold.py            # build all annotations, print audit
    python3 corpora/gold/build_gold.py --audit    # also list every uncovered token, quote, title, body
    python3 corpora/gold/build_gold.py --check    # build in memory, compare with files on disk

Each annotation item names its span by `text` (exactly as in the original file)
and `anchor` (a longer string of the original that occurs exactly once and contains
`text` exactly once).  Offsets, line/col, sentence index, doc_id and (for
Simplified seeds) norm are computed here; nothing positional is typed by hand.
Any inconsistency stops the build with a message (exit status 1).

Fact lists (§8 order): metrics, dates, organizations, slogans, placeholders,
references; a list missing from an annotation is not annotated for that seed.
The audit covers numerals and gap markers (`excluded`), quotations
(`excluded_quotes`), 《titles》 and body words (`excluded_orgs`).
"""
from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

GOLD = Path(__file__).resolve().parent          # corpora/gold
CORPORA = GOLD.parent                           # corpora
ANNOTATIONS = GOLD / "annotations"

HAN = r"\u3400-\u9fff\uf900-\ufaff"
# inline pinyin after a polyphonic character: 質(zhì) -> 質
PINYIN = re.compile(rf"(?<=[{HAN}])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
TERMINATORS = set("。！？!?")
CLOSERS = set("”’")

APPROX = {None, "more_than", "about", "nearly", "less_than"}
GRANULARITY = {
    "day": r"\d{4}-\d{2}-\d{2}",
    "month": r"\d{4}-\d{2}",
    "year": r"\d{4}",
    "half": r"\d{4}-H[12]",
    "quarter": r"\d{4}-Q[1-4]",
    "range": r"(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|\.\.)/(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|\.\.)",
    "duration": r"P\d+(?:\.\d+)?[YMWD]",
}
PLACEHOLDER_KINDS = {"number", "percent", "name", "date", "missing_value"}
ORG_KINDS = {"party", "government", "judicial", "police", "state", "company", "media", "school", "group", "other"}
SLOGAN_KINDS = {"formula", "campaign", "brand", "motto", "other"}
REFERENCE_KINDS = {"policy", "regulation", "media", "other"}
# the §8 order of the fact lists
KINDS = ("metrics", "dates", "organizations", "slogans", "placeholders", "references")
OPEN_QUOTES, CLOSE_QUOTES = "“‘", "”’"
HAND_ONLY = {"anchor", "note"}                  # kept in the annotation, not in the gold


class GoldError(Exception):
    pass


# ---------------------------------------------------------------- text helpers
def find_all(hay: str, needle: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence."""
    out, k = [], hay.find(needle)
    while k >= 0:
        out.append(k)
        k = hay.find(needle, k + 1)
    return out


def halfwidth(s: str) -> str:
    out = []
    for ch in s:
        o = ord(ch)
        if 0xFF01 <= o <= 0xFF5E and (ch.isalnum() or ch in "％．＋－"):
            out.append(chr(o - 0xFEE0))
        elif ch == "\u3000":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


class Doc:
    def __init__(self, path: Path, ann: dict):
        self.path = path
        self.raw = path.read_bytes()
        try:
            self.text = self.raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise GoldError(f"{path.name}: not UTF-8 ({e})")
        self.ann = ann
        self.pinyin = [(m.start(), m.end()) for m in PINYIN.finditer(self.text)]
        self.interpuncts = self._interpuncts(ann["document"].get("interpuncts", []))
        self.sentences = self._sentences()
        self._sent_starts = [a for a, _ in self.sentences]

    # lost "·" written as "?" (7?9); listed by hand in the document annotation
    def _interpuncts(self, forms: list[str]) -> set[int]:
        pos: set[int] = set()
        for form in forms:
            if form.count("?") != 1:
                raise GoldError(f"{self.path.name}: interpunct form {form!r} must hold exactly one '?'")
            hits = find_all(self.text, form)
            if not hits:
                raise GoldError(f"{self.path.name}: interpunct form {form!r} not found")
            pos.update(h + form.index("?") for h in hits)
        for m in re.finditer(r"(?<=\d)\?(?=\d)", self.text):   # digit?digit is always a lost ·
            if m.start() not in pos:
                raise GoldError(f"{self.path.name}: unlisted lost interpunct at {m.start()}")
        return pos

    # sentences: break at line breaks and after 。！？!? (closing ” ’ stay with the
    # sentence); a '?' that is a lost interpunct is not punctuation.
    def _sentences(self) -> list[tuple[int, int]]:
        t, n = self.text, len(self.text)
        spans, start, i = [], 0, 0
        while i < n:
            c = t[i]
            if c == "\n":
                spans.append((start, i))
                start = i = i + 1
                continue
            if c in TERMINATORS and i not in self.interpuncts:
                j = i + 1
                while j < n and ((t[j] in TERMINATORS and j not in self.interpuncts) or t[j] in CLOSERS):
                    j += 1
                spans.append((start, j))
                start = i = j
                continue
            i += 1
        spans.append((start, n))
        return [(a, b) for a, b in spans if t[a:b].strip()]

    def sentence_of(self, start: int, end: int, where: str) -> int:
        k = bisect.bisect_right(self._sent_starts, start) - 1
        if k < 0 or not (self.sentences[k][0] <= start and end <= self.sentences[k][1]):
            raise GoldError(f"{where}: span [{start},{end}) is not inside one sentence")
        return k

    def line_col(self, start: int) -> tuple[int, int]:
        line = self.text.count("\n", 0, start) + 1
        col = start - (self.text.rfind("\n", 0, start) + 1) + 1
        return line, col

    def reading(self, start: int, end: int) -> str:
        """The span with inline pinyin removed, lost interpuncts restored and
        full-width forms made half-width (everything in norm except t2s)."""
        for a, b in self.pinyin:
            if a < start < b or a < end < b:
                raise GoldError(f"{self.path.name}: span [{start},{end}) cuts a pinyin annotation")
        removed = {i for a, b in self.pinyin if start <= a and b <= end for i in range(a, b)}
        s = "".join("·" if k in self.interpuncts else self.text[k]
                    for k in range(start, end) if k not in removed)
        return halfwidth(s)

    def locate(self, item: dict, where: str) -> tuple[int, int]:
        text, anchor = item.get("text"), item.get("anchor")
        if not text or not anchor:
            raise GoldError(f"{where}: needs both 'text' and 'anchor'")
        hits = find_all(self.text, anchor)
        if len(hits) != 1:
            raise GoldError(f"{where}: anchor {anchor!r} occurs {len(hits)} times (must be exactly once)")
        inner = find_all(anchor, text)
        if len(inner) != 1:
            raise GoldError(f"{where}: text {text!r} occurs {len(inner)} times in anchor {anchor!r}")
        start = hits[0] + inner[0]
        end = start + len(text)
        if self.text[start:end] != text:           # cannot happen, but this is the contract
            raise GoldError(f"{where}: original[start:end] != text")
        return start, end


# ---------------------------------------------------------------- value checks
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
MAGNITUDE = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
NUMBER = re.compile(
    r"^(?:连续|連續)?(?P<pre>约|約|近|将近|接近|超过|逾|不到|不足)?"
    r"(?P<num>[0-9][0-9,]*(?:\.[0-9]+)?|[零〇一二两兩三四五六七八九十]+)?"
    r"(?P<q1>余|餘|多)?(?P<mag>[百千万萬亿億])?(?P<q2>余|餘|多)?")
PRE_APPROX = {"约": "about", "約": "about", "近": "nearly", "将近": "nearly", "接近": "nearly",
              "超过": "more_than", "逾": "more_than", "不到": "less_than", "不足": "less_than"}


def cn_int(s: str) -> int:
    if all(c in CN_DIGITS for c in s):
        return int("".join(str(CN_DIGITS[c]) for c in s))
    total, cur = 0, 0
    for c in s:
        if c in CN_DIGITS:
            cur = CN_DIGITS[c]
        else:                                    # 十
            total += (cur or 1) * MAGNITUDE[c]
            cur = 0
    return total + cur


def parsed_value(norm: str) -> tuple[float | None, str | None]:
    m = NUMBER.match(norm)
    if not m or not (m.group("num") or m.group("mag")):
        return None, None
    num = m.group("num")
    if num is None:
        val = Decimal(1)
    elif num[0].isdigit():
        val = Decimal(num.replace(",", ""))
    else:
        val = Decimal(cn_int(num))
    if m.group("mag"):
        val *= MAGNITUDE[m.group("mag")]
    approx = PRE_APPROX.get(m.group("pre") or "")
    if m.group("q1") or m.group("q2") or re.search(r"(以上|余|多)$", norm):
        approx = "more_than"
    if re.search(r"左右$", norm):
        approx = "about"
    if re.search(r"以下$", norm):
        approx = "less_than"
    return float(val), approx


# ---------------------------------------------------------------- build
def build(ann_path: Path) -> tuple[str, dict, Doc]:
    ann = json.loads(ann_path.read_text(encoding="utf-8"))
    seed = ann["seed"]
    if Path(seed).stem != ann_path.stem:
        raise GoldError(f"{ann_path.name}: seed {seed!r} does not match the file name")
    doc = Doc(CORPORA / seed, ann)
    d = ann["document"]
    doc_id = hashlib.sha256(doc.raw).hexdigest()[:16]
    script = d["script"]
    if script not in ("simplified", "traditional"):
        raise GoldError(f"{seed}: script must be simplified or traditional")
    repairs = []
    if doc.pinyin:
        repairs.append({"kind": "pinyin_annotation", "count": len(doc.pinyin)})
    if doc.interpuncts:
        repairs.append({"kind": "interpunct", "count": len(doc.interpuncts)})
    if script == "traditional":
        repairs.append({"kind": "t2s", "count": d.get("t2s_chars")})
    fw = sum(1 for c in doc.text if 0xFF01 <= ord(c) <= 0xFF5E and c.isalnum())
    if fw:
        repairs.append({"kind": "fullwidth", "count": fw})
    ref = d.get("ref_date")
    if ref is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", ref):
        raise GoldError(f"{seed}: bad ref_date {ref!r}")
    document = {"doc_id": doc_id, "source": f"corpora/{seed}", "encoding": "utf-8", "script": script,
                "repairs": repairs, "title": d["title"], "region": d.get("region"),
                "ref_date": ref, "chars": len(doc.text)}

    out = {"document": document}
    for kind in KINDS:
        if kind not in ann:                              # type not annotated for this seed
            continue
        rows, spans = [], []
        for n, item in enumerate(ann[kind]):
            where = f"{seed} {kind}[{n}] {item.get('text')!r}"
            start, end = doc.locate(item, where)
            reading = doc.reading(start, end)
            norm = item.get("norm")
            if script == "simplified":
                if norm is not None and norm != reading:
                    raise GoldError(f"{where}: hand norm {norm!r} != computed {reading!r}")
                norm = reading
            else:                                           # t2s done by hand (OpenCC t2s)
                if norm is None:
                    raise GoldError(f"{where}: traditional seed needs a hand 'norm'")
                bad = len(norm) != len(reading) or any(
                    a != b for a, b in zip(reading, norm) if not re.match(rf"[{HAN}]", a))
                if bad:
                    raise GoldError(f"{where}: norm {norm!r} does not match reading {reading!r}")
            row = {"doc_id": doc_id, "sentence": doc.sentence_of(start, end, where),
                   "start": start, "end": end}
            if kind == "placeholders":
                row["line"], row["col"] = doc.line_col(start)
            row.update(text=item["text"], norm=norm)
            fields = {k: v for k, v in item.items() if k not in HAND_ONLY | {"text", "norm"}}
            check_fields(kind, fields, norm, ref, start, end, doc, where)
            row.update(fields)
            if kind != "placeholders":
                row.setdefault("scored", True)
            rows.append(row)
            spans.append((start, end, where))
        spans.sort()
        for (a1, b1, w1), (a2, b2, w2) in zip(spans, spans[1:]):
            if a2 < b1:
                raise GoldError(f"overlapping {kind}: {w1} and {w2}")
        rows.sort(key=lambda r: (r["start"], r["end"]))
        out[kind] = rows
    names: dict[str, tuple[str, str]] = {}
    for r in out.get("organizations", []):               # one body, one name, one kind
        prev = names.setdefault(r["name"], (r["kind"], r["text"]))
        if prev[0] != r["kind"]:
            raise GoldError(f"{seed}: organization {r['name']!r} has kinds {prev[0]!r} ({prev[1]!r}) "
                            f"and {r['kind']!r} ({r['text']!r})")
    return seed, out, doc


def check_fields(kind, f, norm, ref, start, end, doc, where):
    if kind == "metrics":
        need = {"value", "unit", "approx", "subject"}
        if need - f.keys():
            raise GoldError(f"{where}: missing {sorted(need - f.keys())}")
        if not isinstance(f["value"], float):
            raise GoldError(f"{where}: value must be a float")
        if f["approx"] not in APPROX:
            raise GoldError(f"{where}: bad approx {f['approx']!r}")
        if f["unit"] not in norm:
            raise GoldError(f"{where}: unit {f['unit']!r} not in {norm!r}")
        val, approx = parsed_value(norm)
        if val is None:
            raise GoldError(f"{where}: cannot read a number in {norm!r}")
        if abs(val - f["value"]) > 1e-9 * max(1.0, abs(val)) or approx != f["approx"]:
            raise GoldError(f"{where}: hand value/approx {f['value']}/{f['approx']} != text {val}/{approx}")
    elif kind == "dates":
        need = {"value", "granularity", "relative", "approx"}
        if need - f.keys():
            raise GoldError(f"{where}: missing {sorted(need - f.keys())}")
        g = f["granularity"]
        if g not in GRANULARITY or not re.fullmatch(GRANULARITY[g], f["value"]):
            raise GoldError(f"{where}: value {f['value']!r} does not fit granularity {g!r}")
        if f["approx"] not in APPROX:
            raise GoldError(f"{where}: bad approx")
        if f["relative"]:
            if ref is None or not f["value"].startswith(ref[:4]):
                raise GoldError(f"{where}: relative date {f['value']} not resolved against ref_date {ref}")
            if re.search(r"\d{4}年", norm):
                raise GoldError(f"{where}: states its year but is marked relative")
    elif kind == "organizations":
        if {"name", "kind"} - f.keys():
            raise GoldError(f"{where}: missing {sorted({'name', 'kind'} - f.keys())}")
        if f["kind"] not in ORG_KINDS:
            raise GoldError(f"{where}: bad kind {f['kind']!r}")
        if not isinstance(f["name"], str) or not f["name"].strip() or f["name"] != f["name"].strip():
            raise GoldError(f"{where}: bad name {f['name']!r}")
        if re.search(r"[“”‘’《》()（）]", norm):
            raise GoldError(f"{where}: an organization span holds no quotation mark or bracket")
    elif kind == "slogans":
        if f.get("kind") not in SLOGAN_KINDS:
            raise GoldError(f"{where}: bad kind {f.get('kind')!r}")
        before, after = doc.text[start - 1:start], doc.text[end:end + 1]
        if doc.text[start] in OPEN_QUOTES + CLOSE_QUOTES or doc.text[end - 1] in OPEN_QUOTES + CLOSE_QUOTES:
            raise GoldError(f"{where}: the span must not include the quotation marks")
        quoted = before + after in ("“”", "‘’")
        if not quoted and f["kind"] != "formula":
            raise GoldError(f"{where}: an unquoted slogan must be a numbered formula (§5)")
    elif kind == "references":
        if f.get("kind") not in REFERENCE_KINDS:
            raise GoldError(f"{where}: bad kind {f.get('kind')!r}")
        if doc.text[start - 1:start] != "《" or doc.text[end:end + 1] != "》":
            raise GoldError(f"{where}: a reference is the whole title inside 《》, without the brackets")
    elif kind == "placeholders":
        need = {"kind", "unit", "subject", "context"}
        if need - f.keys():
            raise GoldError(f"{where}: missing {sorted(need - f.keys())}")
        if f["kind"] not in PLACEHOLDER_KINDS:
            raise GoldError(f"{where}: bad kind {f['kind']!r}")
        ctx = f["context"]
        if not any(a <= start and end <= a + len(ctx) for a in find_all(doc.text, ctx)):
            raise GoldError(f"{where}: context {ctx!r} does not surround the span")


# ---------------------------------------------------------------- audit
MEASURE = "个個项項名人次场場家支件期批条條份篇所户戶年天级級类類套轮輪届屆大方倍元"
AUDIT_TOKENS = [
    ("number", re.compile(r"[0-9０-９][0-9０-９.,，]*")),
    ("cn-number", re.compile(rf"[零〇一二两兩三四五六七八九十百千万萬亿億]+(?=[{MEASURE}])")),
    ("gap", re.compile(r"[*＊×□○〇Ｘ]+|(?<![A-Za-z])[Xx]+(?![A-Za-z])|某某|（\s*）|\[\s*\]|_{2,}|[?？]")),
]
LIST_MARKER = re.compile(r"[一二三四五六七八九十]是|第[一二三四五六七八九十0-9]+")


def audit(doc: Doc, out: dict) -> list[str]:
    covered = [False] * len(doc.text)
    for kind in ("metrics", "dates", "placeholders"):
        for r in out[kind]:
            for i in range(r["start"], r["end"]):
                covered[i] = True
    for a, b in excluded_spans(doc, "excluded"):
        for i in range(a, b):
            covered[i] = True
    for m in LIST_MARKER.finditer(doc.text):
        for i in range(m.start(), m.end()):
            covered[i] = True
    stripped_idx = [i for i in range(len(doc.text))
                    if not any(a <= i < b for a, b in doc.pinyin)]
    reading = "".join(doc.text[i] for i in stripped_idx)
    misses = []
    for label, rx in AUDIT_TOKENS:
        for m in rx.finditer(reading):
            idx = stripped_idx[m.start():m.end()]
            if label == "gap" and m.group() in "?？" and (idx[0] in doc.interpuncts or
                                                       doc.text[idx[0] + 1:idx[0] + 2] in ("\n", "")):
                continue                      # lost interpunct, or a real question mark
            if not all(covered[i] for i in idx):
                a = idx[0]
                misses.append(f"{label} {m.group()!r} line {doc.line_col(a)[0]}: "
                              f"…{doc.text[max(0, a - 12):a + 14]}…".replace("\n", "⏎"))
    return misses + audit_names(doc, out, stripped_idx, reading)


def excluded_spans(doc: Doc, key: str) -> list[tuple[int, int]]:
    """Spans of an exclusion list: `all` (every occurrence of text) or text + anchor;
    each entry needs a reason."""
    spans = []
    for ex in doc.ann.get(key, []):
        where = f"{doc.path.name} {key} {ex.get('text')!r}"
        if not ex.get("reason"):
            raise GoldError(f"{where}: needs a reason")
        if ex.get("all"):
            hits = find_all(doc.text, ex["text"])
            if not hits:
                raise GoldError(f"{where}: not found")
            spans += [(h, h + len(ex["text"])) for h in hits]
        else:
            spans.append(doc.locate(ex, where))
    return spans


# candidate bodies for the organization audit: a body word, Simplified or Traditional
# (matched on the pinyin-free text); each hit must lie inside an organization, a
# reference or a slogan, or be listed in `excluded_orgs`.
BODY = re.compile(
    "党中央|黨中央|中央|国务院|國務院|[市县区省縣區]委|[党工纪监黨紀監]委|发展改革委|發展改革委|政府|"
    "法院|检察院|檢察院|公安|税务局|稅務局|宣传部|宣傳部|组织部|組織部|办公室|辦公室|党校|黨校|学院|學院|"
    "日报|日報|电视台|電視臺|電視台|服务团|服務團|突击队|突擊隊|服务队|服務隊|先锋队|先鋒隊|联盟|聯盟|"
    "公司|纪念馆|紀念館|纪念园|紀念園|故居|工作委员会|工作委員會")


def audit_names(doc: Doc, out: dict, stripped_idx: list[int], reading: str) -> list[str]:
    """Every quotation is a slogan or an organization (exact inner span), lies inside a
    reference, or is listed in `excluded_quotes`; every 《title》 is a reference; every
    body word is covered (see BODY)."""
    t, misses = doc.text, []

    def show(a: int) -> str:
        return f"line {doc.line_col(a)[0]}: …{t[max(0, a - 12):a + 20]}…".replace("\n", "⏎")

    exact = {(r["start"], r["end"]) for k in ("organizations", "slogans") for r in out.get(k, [])}
    refs = [(r["start"], r["end"]) for r in out.get("references", [])]
    named = refs + [(r["start"], r["end"]) for k in ("organizations", "slogans") for r in out.get(k, [])]
    ex_quotes = set(excluded_spans(doc, "excluded_quotes"))
    for op, cl in ("“”", "‘’", "《》"):
        if t.count(op) != t.count(cl):
            misses.append(f"unbalanced {op}{cl}: {t.count(op)} vs {t.count(cl)}")
        for m in re.finditer(f"{op}([^{op}{cl}]*){cl}", t):
            a, b = m.span(1)
            if op == "《":
                if (a, b) not in refs:
                    misses.append(f"title 《{m.group(1)}》 is no reference, {show(a)}")
                continue
            if (a, b) in exact or (a, b) in ex_quotes or any(ra <= a and b <= rb for ra, rb in refs):
                continue
            misses.append(f"quote {op}{m.group(1)}{cl} is neither slogan, organization nor excluded, {show(a)}")
    covered = [False] * len(t)
    for a, b in named + excluded_spans(doc, "excluded_orgs"):
        for i in range(a, b):
            covered[i] = True
    for m in BODY.finditer(reading):
        idx = stripped_idx[m.start():m.end()]
        if not all(covered[i] for i in idx):
            misses.append(f"body {m.group()!r} uncovered, {show(idx[0])}")
    return misses


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--audit", action="store_true", help="list tokens, quotations, titles and body words no item or exclusion covers")
    ap.add_argument("--check", action="store_true", help="do not write; fail if files on disk differ")
    args = ap.parse_args(argv)
    paths = sorted(ANNOTATIONS.glob("*.json"))
    if not paths:
        print("build_gold: no annotations", file=sys.stderr)
        return 1
    status = 0
    try:
        for p in paths:
            seed, out, doc = build(p)
            text = json.dumps(out, ensure_ascii=False, indent=1) + "\n"
            dest = GOLD / f"{Path(seed).stem}.json"
            if args.check:
                if not dest.exists() or dest.read_text(encoding="utf-8") != text:
                    print(f"{dest.name}: out of date", file=sys.stderr)
                    status = 1
            else:
                dest.write_text(text, encoding="utf-8")
            counts = {k: len(out.get(k, [])) for k in KINDS}
            unscored = {k: sum(1 for r in out.get(k, []) if r.get("scored") is False) for k in KINDS}
            misses = audit(doc, out)
            print(f"{dest.name}: {counts['metrics']} metrics ({unscored['metrics']} unscored), "
                  f"{counts['dates']} dates, {counts['placeholders']} placeholders, "
                  f"{counts['organizations']} organizations ({unscored['organizations']} unscored), "
                  f"{counts['slogans']} slogans ({unscored['slogans']} unscored), "
                  f"{counts['references']} references, "
                  f"{len(doc.sentences)} sentences; audit: {len(misses)} uncovered item(s)")
            if args.audit:
                for line in misses:
                    print("   ", line)
    except GoldError as e:
        print(f"build_gold: {e}", file=sys.stderr)
        return 1
    return status


if __name__ == "__main__":
    sys.exit(main())

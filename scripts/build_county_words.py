"""Rebuild `county_words.tsv`: counties whose short name is also a common word.

A county named short with no level word (`德钦特色`, `“富美长兴”`) is a weak cue to the
report's place; when the short name is an everyday word (`乡村振兴`, `共同富裕`, `新兴特色产业`)
it is no cue at all. Source: jieba's bundled dictionary (`jieba/dict.txt`), whose words carry
a part of speech; a short name tagged as a verb, adjective, noun or idiom there (not `ns`
place, `nr` person) is listed with its tag.

    .venv/bin/python scripts/build_county_words.py
"""
from __future__ import annotations

import sys
from pathlib import Path

import jieba

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORD_TAGS = {"v", "vn", "vd", "a", "ad", "an", "b", "d", "i", "l", "n", "nz", "t", "s", "f", "m", "q", "z"}
# words jieba tags as places that reports mostly use as words (江西新建一批…: a verb)
EXTRA = {"新建": "v"}


def main() -> None:
    from pipeline.extractors.regions import divisions

    tags = {}
    for line in (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8").splitlines():
        word, _freq, tag = line.split(" ")
        tags[word] = tag
    shorts = sorted({d.short for d in divisions().values()
                     if d.level == "county" and len(d.short) >= 2 and d.short != d.full})
    rows = [f"{s}\t{EXTRA.get(s) or tags[s]}" for s in shorts if s in EXTRA or tags.get(s) in WORD_TAGS]
    out = ROOT / "pipeline" / "lexicons" / "county_words.tsv"
    out.write_text("# Counties whose short name is also a common word (scripts/build_county_words.py, from jieba's\n"
                   "# dictionary and its part-of-speech tags): never a cue to the report's place when named alone.\n"
                   "# short\tjieba's tag\n" + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{out}: {len(rows)} of {len(shorts)} short names")


if __name__ == "__main__":
    main()

"""Build pipeline/lexicons/char_bigrams.tsv: a character-bigram language model of Chinese
from the word frequencies of jieba's dictionary (the corpus a package ships).

    .venv/bin/python scripts/build_char_bigrams.py

Each word of dict.txt counts `freq` times: every pair of adjacent characters inside it is
a bigram seen `freq` times, every character a unigram; a word's first and last
characters also count as following and preceding a word boundary (`^`, `$`). Rows:
`a b count` for bigrams (a = `^` for a word start, b = `$` for a word end) and `a count`
for unigrams; bigrams seen fewer than MIN_COUNT times are dropped (they add size, not
knowledge). Used by pipeline/normalize/mojibake_gbk.py to rebuild lost bytes.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import jieba

MIN_COUNT = 3
OUT = Path(__file__).resolve().parents[1] / "pipeline" / "lexicons" / "char_bigrams.tsv"


def main() -> None:
    bi: Counter = Counter()
    uni: Counter = Counter()
    for line in (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8").splitlines():
        word, freq, *_ = line.split(" ")
        n = int(freq)
        for c in word:
            uni[c] += n
        for k in range(len(word) - 1):
            bi[word[k:k + 2]] += n
        bi["^" + word[0]] += n
        bi[word[-1] + "$"] += n
    with OUT.open("w", encoding="utf-8") as f:
        f.write(f"# character bigrams from jieba {jieba.__version__} dict.txt (scripts/build_char_bigrams.py)\n")
        for c, n in sorted(uni.items()):
            f.write(f"{c}\t{n}\n")
        for pair, n in sorted(bi.items()):
            if n >= MIN_COUNT:
                f.write(f"{pair[0]}\t{pair[1]}\t{n}\n")
    print(f"{OUT}: {len(uni)} characters, {sum(1 for n in bi.values() if n >= MIN_COUNT)} bigrams, "
          f"{OUT.stat().st_size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()

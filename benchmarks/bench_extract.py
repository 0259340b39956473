"""End-to-end extraction throughput on the seeds, beside bare jieba, rjieba and jionlp.

    .venv/bin/python benchmarks/bench_extract.py [--copies 20] [--no-jionlp] [--no-pkuseg]

Each seed is processed `--copies` times as a separate document by `pipeline.extract`
(read + normalize + all extractors + records; no extractor reads tokens, so extract makes
none), single process; and by `process()`, the spaCy Doc with its tokens and span groups,
once with the default (jieba-compatible, on jieba-rs) tokens and once with pkuseg. In the same
run, on the same clean texts: bare `jieba.lcut`, bare `rjieba` (jieba-rs, the
segmentation floor), zhfacts' tokens alone, pkuseg's bare `cut`, and jionlp's
`extract_time` (a time extractor
people would otherwise reach for). jionlp is not a dependency of zhfacts (it pulls a
GPL library and writes into its own package when imported): it is installed on first
use into benchmarks/.deps with `pip install --target`, away from the project.
Each figure is the best of 3 runs, in CPU time. The copies of a seed hit the caches keyed by
a document's text (its region, its places); the row "every copy a new document" empties them
before each copy, as a batch of distinct reports would. Target (issue 12): end-to-end at least 2.0x bare
jieba.lcut's throughput; the last column shows how far it is from rjieba alone.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPS = Path(__file__).resolve().parent / ".deps"


def timed(fn, runs: int = 3) -> float:
    """Best of `runs`, in CPU seconds of this process: the machine is shared and noisy,
    everything here is single-process and CPU-bound; the minimum is the cost."""
    best = float("inf")
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def clear_text_caches() -> None:
    """Empty the caches keyed by a document's text: a batch of distinct reports never hits them."""
    from pipeline.extractors import document, organizations, regions

    for fn in (document.region, document._region_pick, document.township_place, document._all_mentions,
               document.home_county, regions.local_places,
               regions.known_places, organizations._steps, organizations._plain_steps, organizations._jumps,
               organizations._name_letters):
        fn.cache_clear()


def jionlp_module():
    if not (DEPS / "jionlp").exists():
        print("installing jionlp into benchmarks/.deps (benchmark only) ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", str(DEPS), "jionlp"],
                       check=True, stderr=subprocess.DEVNULL)
    sys.path.append(str(DEPS))  # last: the project's own packages win over the copies there
    import jionlp

    return jionlp


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=10, help="times each seed is processed (per run; best of 3)")
    ap.add_argument("--no-jionlp", action="store_true", help="skip the jionlp comparison")
    ap.add_argument("--no-pkuseg", action="store_true", help="skip the pkuseg rows")
    args = ap.parse_args()

    import jieba
    import rjieba

    from pipeline import extract, read
    from pipeline.extractors import load
    from pipeline.segment import _jieba_cutter, _pkuseg_cutter, user_words

    seeds = sorted((ROOT / "corpora").glob("*.txt"))
    raw = [p.read_bytes() for p in seeds] * args.copies
    clean = [read(p).text for p in seeds] * args.copies
    n_orig = sum(len(b.decode("utf-8")) for b in raw)
    n_clean = sum(len(t) for t in clean)

    # warm up: dictionaries and models load once per process, not per document
    jieba.setLogLevel(60)
    jieba.initialize()
    segmenters = ("jieba",) if args.no_pkuseg else ("jieba", "pkuseg")
    for seg in segmenters:
        load(seg)
        extract(raw[0], segmenter=seg)
    rj = rjieba.Jieba()
    ours = _jieba_cutter(tuple(user_words()))

    rows = []  # (name, seconds): every rate is over the same clean text
    secs = timed(lambda: [jieba.lcut(t) for t in clean])
    rows.append(("bare jieba.lcut", secs))
    jieba_rate = n_clean / secs
    originals = [b.decode("utf-8") for b in raw]
    secs_orig = timed(lambda: [jieba.lcut(t) for t in originals])
    secs = timed(lambda: [rj.cut(t) for t in clean])
    rows.append(("bare rjieba cut (jieba-rs)", secs))
    rjieba_rate = n_clean / secs
    secs = timed(lambda: [ours(t) for t in clean])
    rows.append(("zhfacts tokens (jieba's, on rjieba)", secs))
    if not args.no_pkuseg:
        pk = _pkuseg_cutter(tuple(user_words()))
        secs = timed(lambda: [pk(t) for t in clean])
        rows.append(("bare pkuseg cut", secs))
    secs = timed(lambda: [extract(b) for b in raw])
    rows.append(("zhfacts extract, jieba (end to end)", secs))
    # each copy as a document never seen: the caches keyed by a document's text (its region,
    # its places, the organization walk's tables) are emptied before each one
    secs = timed(lambda: [(clear_text_caches(), extract(b)) for b in raw])
    rows.append(("  same, every copy a new document", secs))
    # issue 3's pipeline alone: metrics, dates and placeholders (no names, slogans, titles)
    with load("jieba").select_pipes(disable=["zhfacts_organizations", "zhfacts_slogans", "zhfacts_references"]):
        secs = timed(lambda: [extract(b) for b in raw])
    rows.append(("  same, metrics+dates+gaps only", secs))
    # the facts need no tokens (extract makes none); the spaCy Doc with its tokens and span
    # groups, as `nlp(text)` gives it, is what the segmenter changes
    from pipeline.extractors import process, to_normalized

    for seg in segmenters:
        secs = timed(lambda: [process(to_normalized(b), segmenter=seg) for b in raw])
        rows.append((f"zhfacts Doc (tokens, span groups), {seg}", secs))
    if not args.no_jionlp:
        jio = jionlp_module()
        base = time.mktime((2024, 8, 31, 0, 0, 0, 0, 0, 0))
        import logging

        logging.disable(logging.ERROR)  # jionlp logs a traceback for each phrase it cannot parse
        jio.ner.extract_time(clean[0][:200], time_base=base)  # warm up
        secs = timed(lambda: [jio.ner.extract_time(t, time_base=base) for t in clean])
        logging.disable(logging.NOTSET)
        rows.append(("jionlp extract_time (dates only)", secs))

    print(f"{len(raw)} documents ({len(seeds)} seeds x {args.copies}), single process; "
          f"{n_clean:,} clean chars ({n_orig:,} in the original files, pinyin included)")
    print(f"{'':44} {'seconds':>8} {'clean chars/s':>14} {'vs jieba':>8} {'vs rjieba':>9}")
    for name, s in rows:
        rate = n_clean / s
        print(f"{name:44} {s:>8.2f} {rate:>14,.0f} {rate / jieba_rate:>8.2f} {rate / rjieba_rate:>9.3f}")
    # the other reading of "the same text": the seed files as they are (pinyin included)
    end_to_end = dict(rows)["zhfacts extract, jieba (end to end)"]
    print(f"\non the original files ({n_orig:,} chars): bare jieba.lcut {n_orig / secs_orig:,.0f} chars/s, "
          f"zhfacts extract {n_orig / end_to_end:,.0f} chars/s = {secs_orig / end_to_end:.2f} of jieba")


if __name__ == "__main__":
    main()

"""`zhfacts report`: one self-contained HTML page (works offline, no CDN) with the batch
at a glance — documents per region and year, metrics by unit, slogans shared across
cities, gaps per draft — each figure linked to its document and sentence.

Charts use matplotlib with a CJK font: its default font draws Chinese as empty boxes.
`use_cjk_font()` picks an installed one (Noto/Source Han, WenQuanYi, Microsoft YaHei,
PingFang …) or else Noto Sans SC, which ships inside a Python dependency.
"""
from __future__ import annotations

import base64
import html
import io
from functools import lru_cache
from pathlib import Path

from pipeline.errors import ZhfactsError

# Installed fonts preferred when present, by platform: Linux (Noto/Source Han, WenQuanYi),
# Windows (Microsoft YaHei, SimHei), macOS (PingFang, Hiragino Sans GB, Heiti).
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
                "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei", "DengXian",
                "PingFang SC", "Hiragino Sans GB", "Heiti SC", "STHeiti", "Noto Serif CJK SC", "AR PL UMing CN")


def _system_cjk_fonts() -> dict[str, str]:
    """Family -> file of the installed fonts that draw Chinese, read now (fontconfig's
    `fc-list :lang=zh` where there is one, else the font folders) and never from
    matplotlib's cache, which may predate a font installed since."""
    import shutil
    import subprocess

    from matplotlib import font_manager

    found: dict[str, str] = {}
    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", ":lang=zh:style=Regular", "family", "file"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            path, _, families = line.partition(": ")
            for family in families.split(","):
                found.setdefault(family.strip(), path)
        return found
    for path in font_manager.findSystemFonts():  # Windows, macOS: read each file's name
        try:
            found.setdefault(font_manager.get_font(path).family_name, path)
        except Exception:  # an unreadable or unsupported font file
            continue
    return found


def _packaged_font() -> str:
    """Noto Sans SC (SIL Open Font License) from the `pylopdf-fonts-zh-cn` dependency:
    charts draw Chinese on any machine, with no system font and no root."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        raise ZhfactsError("no font with Chinese characters found: install one (Debian: fonts-noto-cjk) "
                           "or the package pylopdf-fonts-zh-cn, or charts would show empty boxes") from None
    return str(pylopdf_fonts_zh_cn.sans_path())


@lru_cache(maxsize=None)
def use_cjk_font(system_fonts: bool = True) -> str:
    """Make matplotlib draw Chinese; returns the font family used. An installed system font
    is preferred (unless `system_fonts` is false); otherwise the font that ships with our
    dependencies. Registered by path (`addfont`), so the choice never depends on a stale
    font cache."""
    from matplotlib import font_manager, rcParams

    system = _system_cjk_fonts() if system_fonts else {}
    wanted = next((f for f in CJK_FAMILIES if f in system), None)
    path = system[wanted] if wanted else _packaged_font()
    known = len(font_manager.fontManager.ttflist)
    font_manager.fontManager.addfont(path)  # a collection (.ttc) adds each of its faces
    added = [f.name for f in font_manager.fontManager.ttflist[known:]]
    family = wanted if wanted in added else added[0]
    rcParams["font.sans-serif"] = [family, *rcParams["font.sans-serif"]]
    rcParams["font.family"] = "sans-serif"
    rcParams["axes.unicode_minus"] = False
    return family


def _png(fig) -> str:
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    for ax in fig.axes:  # counts are whole numbers
        for axis in (ax.xaxis, ax.yaxis):
            if axis.get_scale() == "linear" and axis.get_major_formatter().__class__.__name__ == "ScalarFormatter":
                axis.set_major_locator(MaxNLocator(integer=True))

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def charts(frames: dict) -> dict[str, str]:
    """Title -> base64 PNG of each chart the data allows."""
    import matplotlib.pyplot as plt

    use_cjk_font()
    docs, out = frames["documents"], {}
    if len(docs):
        per = docs.assign(year=docs["year"].fillna(0).astype(int).astype(str).replace("0", "未知"),
                          region=docs["region"].fillna("未知")).groupby(["region", "year"]).size().unstack(fill_value=0)
        fig, ax = plt.subplots(figsize=(7, 3.2))
        per.plot.bar(ax=ax, stacked=True)
        ax.set_title("各地区、年度的报告数（documents per region and year）")
        ax.set_xlabel("地区")
        ax.set_ylabel("报告数")
        ax.tick_params(axis="x", rotation=0)
        out["documents per region and year"] = _png(fig)
    metrics = frames["metrics"]
    if len(metrics):
        top = metrics.groupby("unit").size().sort_values(ascending=False).head(12)
        fig, ax = plt.subplots(figsize=(7, 3.2))
        top.plot.bar(ax=ax, color="#4c78a8")
        ax.set_title("按单位统计的指标数（metrics by unit）")
        ax.set_xlabel("单位")
        ax.set_ylabel("指标数")
        ax.tick_params(axis="x", rotation=0)
        out["metrics by unit"] = _png(fig)
    slogans = frames["slogans"].merge(docs[["doc_id", "region"]], on="doc_id")
    if len(slogans):
        shared = slogans.groupby("norm")["region"].nunique().sort_values(ascending=True).tail(12)
        fig, ax = plt.subplots(figsize=(7, 3.6))
        shared.plot.barh(ax=ax, color="#f58518")
        ax.set_title("各地共用的提法（slogans across cities）")
        ax.set_xlabel("提到它的地区数")
        ax.set_ylabel("")
        out["slogans across cities"] = _png(fig)
    gaps = frames["placeholders"].merge(docs[["doc_id", "title"]], on="doc_id")
    if len(gaps):
        per = gaps.groupby(["title", "kind"]).size().unstack(fill_value=0)
        per.index = [t[:16] for t in per.index]
        fig, ax = plt.subplots(figsize=(7, 2.8))
        per.plot.barh(ax=ax, stacked=True)
        ax.set_title("各稿件的空缺（gaps per draft, by kind）")
        ax.set_xlabel("空缺数")
        ax.set_ylabel("")
        out["gaps per draft"] = _png(fig)
    return out


def render(frames: dict) -> str:
    """The page: charts, the largest figures and the gaps, each linked to its sentence."""
    docs, sentences = frames["documents"], frames["sentences"]
    e = html.escape
    parts = [f"<h1>zhfacts: {len(docs)} report(s)</h1>",
             f"<p>{len(frames['metrics'])} metrics, {len(frames['dates'])} dates, "
             f"{len(frames['organizations'])} organizations, {len(frames['slogans'])} slogans, "
             f"{len(frames['placeholders'])} gaps, {len(frames['references'])} references; "
             f"{len(frames['errors'])} file(s) failed.</p>"]
    for title, png in charts(frames).items():
        parts.append(f'<figure><img alt="{e(title)}" src="data:image/png;base64,{png}">'
                     f"<figcaption>{e(title)}</figcaption></figure>")
    titles = dict(zip(docs["doc_id"], docs["title"]))
    linked: set[tuple[str, int]] = set()

    def link(doc_id: str, sentence: int, text: str) -> str:
        linked.add((doc_id, int(sentence)))
        return f'<a href="#s-{doc_id}-{int(sentence)}">{e(str(text))}</a>'

    big = frames["metrics"].sort_values("value", ascending=False).groupby("unit").head(3).head(20)
    rows = "".join(f"<tr><td>{link(m.doc_id, m.sentence, m.text)}</td><td>{m.value:,.0f}</td><td>{e(m.unit)}</td>"
                   f"<td>{e(str(m.subject or ''))}</td><td>{e(titles.get(m.doc_id, ''))}</td></tr>"
                   for m in big.itertuples())
    parts.append("<h2>The largest figures</h2><table><tr><th>figure</th><th>value</th><th>unit</th>"
                 f"<th>subject</th><th>report</th></tr>{rows}</table>")
    gaps = frames["placeholders"]
    if len(gaps):
        rows = "".join(f"<tr><td>{link(p.doc_id, p.sentence, p.text)}</td><td>{e(p.kind)}</td><td>{p.line}:{p.col}</td>"
                       f"<td>{e(str(p.context))}</td><td>{e(titles.get(p.doc_id, ''))}</td></tr>"
                       for p in gaps.itertuples())
        parts.append("<h2>Gaps in drafts</h2><table><tr><th>gap</th><th>kind</th><th>line:col</th>"
                     f"<th>context</th><th>report</th></tr>{rows}</table>")
    parts.append("<h2>Sentences</h2>")
    index = {(s.doc_id, int(s.sentence)): s.text for s in sentences.itertuples()}
    for doc_id, sentence in sorted(linked):
        parts.append(f'<p id="s-{doc_id}-{sentence}"><b>{e(titles.get(doc_id, doc_id))}</b> '
                     f"(sentence {sentence}): {e(index.get((doc_id, sentence), ''))}</p>")
    style = ("body{font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif;max-width:62em;"
             "margin:2em auto;line-height:1.6}table{border-collapse:collapse;margin:1em 0}"
             "td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}figure{margin:1em 0}"
             "img{max-width:100%}p:target{background:#fff3bf}")
    return (f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>zhfacts report</title>'
            f"<style>{style}</style></head><body>{''.join(parts)}</body></html>\n")


def write(db: str | Path, out: str | Path) -> Path:
    from pipeline.store import open_store

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(open_store(db).frames()), encoding="utf-8")
    return out

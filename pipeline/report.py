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


TOP = 12  # bars per chart; the rest are summed into one bar 其他 (others)
OTHERS = "其他"


def top_n(data, n: int = TOP, other: str = OTHERS):
    """The `n` largest rows of a Series (or of a DataFrame, by row total), largest first, and
    the rest summed into one last row `other`: a chart of 300 cities stays readable."""
    import pandas as pd

    totals = data if isinstance(data, pd.Series) else data.sum(axis=1)
    order = totals.sort_values(ascending=False, kind="stable").index
    head, rest = data.loc[order[:n]], data.loc[order[n:]]
    if len(rest):  # a DataFrame sums per column (each year, each kind), a Series to one number
        summed = rest.sum()
        tail = pd.DataFrame([summed], index=[other]) if isinstance(data, pd.DataFrame) else pd.Series({other: summed})
        head = pd.concat([head, tail])
    return head


def draft_labels(paths) -> dict[str, str]:
    """Path -> a short label for a chart: the file name, or as many trailing folders as
    make it unique (four drafts of one city, each its own bar, never merged by title)."""
    from pathlib import PurePath

    paths = list(dict.fromkeys(paths))
    depth = {p: 1 for p in paths}
    while True:
        label = {p: "/".join(PurePath(p).parts[-depth[p]:]) for p in paths}
        seen: dict[str, list[str]] = {}
        for p, lab in label.items():
            seen.setdefault(lab, []).append(p)
        clashes = [p for group in seen.values() if len(group) > 1 for p in group
                   if depth[p] < len(PurePath(p).parts)]
        if not clashes:
            return label
        for p in clashes:
            depth[p] += 1


def _barh(data, title: str, xlabel: str, stacked: bool = False):
    """A horizontal bar chart, largest at the top, the legend (if any) outside on the right."""
    import matplotlib.pyplot as plt

    data = data.iloc[::-1]  # barh draws the first row at the bottom
    fig, ax = plt.subplots(figsize=(7, 1.2 + 0.32 * len(data)))
    data.plot.barh(ax=ax, stacked=stacked, **({} if stacked else {"color": "#4c78a8"}))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    if ax.get_legend() is not None:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return _png(fig)


# the kinds of placeholders (pipeline/extractors/placeholders.py), as the chart's legend says them
GAP_KINDS = {"number": "数字", "percent": "百分比", "date": "日期", "name": "名称", "missing_value": "缺数值"}


def chart_data(frames: dict) -> dict[str, tuple]:
    """Title -> (data, x-axis label, stacked) of each chart the data allows, top TOP rows
    first and the rest as 其他. Drafts are keyed by file path (four drafts of one city with
    one title are four bars), labelled by their shortest unique path ending."""
    docs, out = frames["documents"], {}
    if len(docs):
        years = docs["year"].astype("Int64").astype("string").fillna("未知")
        per = docs.assign(year=years, region=docs["region"].fillna("未知")) \
            .groupby(["region", "year"]).size().unstack(fill_value=0)
        out["各地区、各年份的报告数"] = (top_n(per), "报告数", True)
    metrics = frames["metrics"]
    if len(metrics):
        out["各单位的数据条数"] = (top_n(metrics.groupby("unit").size()), "条数", False)
    slogans = frames["slogans"].merge(docs[["doc_id", "region"]], on="doc_id")
    if len(slogans):
        shared = slogans.groupby("norm")["region"].nunique().sort_values(ascending=False, kind="stable")
        out["各地共用的提法"] = (shared.head(TOP), "提到它的地区数", False)
    gaps = frames["placeholders"].merge(docs[["doc_id", "path"]], on="doc_id")
    if len(gaps):
        per = gaps.assign(path=gaps["path"].fillna(gaps["doc_id"])).groupby(["path", "kind"]).size() \
            .unstack(fill_value=0)
        per = top_n(per).rename(columns=lambda k: GAP_KINDS.get(k, k))
        labels = draft_labels([p for p in per.index if p != OTHERS])
        per.index = [labels.get(p, p) for p in per.index]
        out["各草稿的待填空缺（按类别）"] = (per, "空缺数", True)
    return out


def charts(frames: dict) -> dict[str, str]:
    """Title -> base64 PNG of each chart of `chart_data`: horizontal bars (long Chinese
    names stay readable), legends outside the bars."""
    use_cjk_font()
    return {title: _barh(data, title, xlabel, stacked)
            for title, (data, xlabel, stacked) in chart_data(frames).items()}


def render(frames: dict) -> str:
    """The page: charts, the largest figures and the gaps, each linked to its sentence.
    Text shown is the clean Simplified text (`norm` of a fact, the stored sentence), never
    the original spelling, which may be Traditional with inline pinyin (`質(zhì)量`)."""
    docs, sentences = frames["documents"], frames["sentences"]
    e = html.escape
    parts = [f"<h1>zhfacts：{len(docs)} 份报告</h1>",
             f"<p>数据 {len(frames['metrics'])} 条，日期 {len(frames['dates'])} 个，"
             f"机构 {len(frames['organizations'])} 个，提法 {len(frames['slogans'])} 个，"
             f"待填空缺 {len(frames['placeholders'])} 处，引用文件 {len(frames['references'])} 个；"
             f"{len(frames['errors'])} 个文件导入失败。</p>"]
    for title, png in charts(frames).items():
        parts.append(f'<figure><img alt="{e(title)}" src="data:image/png;base64,{png}">'
                     f"<figcaption>{e(title)}</figcaption></figure>")
    titles = dict(zip(docs["doc_id"], docs["title"]))
    paths = dict(zip(docs["doc_id"], docs["path"]))
    linked: set[tuple[str, int]] = set()

    def link(doc_id: str, sentence: int, text: str) -> str:
        linked.add((doc_id, int(sentence)))
        return f'<a href="#s-{doc_id}-{int(sentence)}">{e(str(text))}</a>'

    def text(value) -> str:
        return "" if value is None or value != value else str(value)  # None / NaN / NA: empty

    big = frames["metrics"].sort_values("value", ascending=False).groupby("unit").head(3).head(20)
    rows = "".join(f"<tr><td>{link(m.doc_id, m.sentence, m.norm)}</td><td>{m.value:,.0f}</td><td>{e(m.unit)}</td>"
                   f"<td>{e(text(m.subject))}</td><td>{e(text(titles.get(m.doc_id)))}</td></tr>"
                   for m in big.itertuples())
    parts.append("<h2>最大的数字</h2><table><tr><th>数字</th><th>数值</th><th>单位</th>"
                 f"<th>统计对象</th><th>报告</th></tr>{rows}</table>")
    gaps = frames["placeholders"]
    if len(gaps):
        rows = "".join(f"<tr><td>{link(p.doc_id, p.sentence, p.norm)}</td><td>{e(p.kind)}</td>"
                       f"<td>{p.line}:{p.col}</td><td>{e(text(p.context))}</td>"
                       f"<td>{e(text(paths.get(p.doc_id)))}</td></tr>"
                       for p in gaps.sort_values(["doc_id", "line", "col"]).itertuples())
        parts.append("<h2>草稿中的待填空缺</h2><table><tr><th>空缺</th><th>类别</th><th>行:列</th>"
                     f"<th>所在分句</th><th>文件</th></tr>{rows}</table>")
    parts.append("<h2>句子</h2>")
    index = {(s.doc_id, int(s.sentence)): s.text for s in sentences.itertuples()}
    for doc_id, sentence in sorted(linked):
        parts.append(f'<p id="s-{doc_id}-{sentence}"><b>{e(titles.get(doc_id, doc_id))}</b> '
                     f"（第 {sentence} 句）：{e(index.get((doc_id, sentence), ''))}</p>")
    style = ("body{font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif;max-width:62em;"
             "margin:2em auto;line-height:1.6}table{border-collapse:collapse;margin:1em 0}"
             "td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}figure{margin:1em 0}"
             "img{max-width:100%}p:target{background:#fff3bf}")
    return (f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>zhfacts 报告</title>'
            f"<style>{style}</style></head><body>{''.join(parts)}</body></html>\n")


def write(db: str | Path, out: str | Path) -> Path:
    from pipeline.store import open_store

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(open_store(db).frames()), encoding="utf-8")
    return out

"""Notebooks run top to bottom; charts draw Chinese; the HTML report in a real browser."""
from __future__ import annotations

import shutil
import subprocess
import sys

import nbformat
import pytest
from conftest import ROOT, SEEDS
from nbclient import NotebookClient

from pipeline.ingest import ingest

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_notebooks_are_kept_without_outputs():
    assert [p.name for p in NOTEBOOKS] == ["01_corpus_overview.ipynb", "02_slogans_and_organizations.ipynb",
                                           "03_draft_gaps.ipynb"]
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_clean(path, tmp_path, monkeypatch):
    # run a copy inside a copy of the project's layout: with no out/facts.sqlite the notebook
    # reads the sample reports into a temporary folder and writes nothing into the project
    work = tmp_path / "project"
    (work / "notebooks").mkdir(parents=True)
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))  # the kernel's temporary folder
    monkeypatch.delenv("ZHFACTS_DB", raising=False)
    shutil.copytree(ROOT / "corpora", work / "corpora", ignore=shutil.ignore_patterns("gold"))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(work / "notebooks")}}).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    assert sorted(p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file()) == sorted(
        p.relative_to(ROOT).as_posix() for p in (ROOT / "corpora").glob("*") if p.is_file())
    out = [o.get("text", "") for o in nb.cells[2].get("outputs", []) if o.get("name") == "stdout"]
    assert "".join(out).startswith(f"{work / 'out' / 'facts.sqlite'} not found; reading the sample reports")
    assert list((tmp_path / "tmp").glob("zhfacts-notebook-*/facts.sqlite"))
    assert any(o.get("data", {}).get("image/png") for c in nb.cells for o in c.get("outputs", []))


@pytest.mark.parametrize("system_fonts, want", [(True, "Noto Sans CJK SC"), (False, "Noto Sans SC")],
                         ids=["system-font", "packaged-font"])
def test_charts_draw_chinese_not_boxes(system_fonts, want):
    """The CJK font has real glyphs for the labels, and they ink differently from the
    default font's empty boxes: with Debian's fonts-noto-cjk (installed by the test set-up)
    and with the font inside the Python dependency that a machine without it uses."""
    import io

    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from pipeline.report import use_cjk_font

    family = use_cjk_font(system_fonts)
    assert family == want
    font = FT2Font(font_manager.findfont(family, fallback_to_default=False))
    assert all(font.get_char_index(ord(ch)) for ch in "各地区报告数党建品牌")

    def ink(fontfamily: str) -> np.ndarray:
        fig = plt.figure(figsize=(3, 1), dpi=100)
        fig.text(0.05, 0.3, "党建品牌", fontsize=28, family=fontfamily)
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        plt.close(fig)
        return plt.imread(io.BytesIO(buf.getvalue()))[..., :3].mean(axis=2) < 0.5

    chinese, boxes = ink(family), ink("DejaVu Sans")
    assert chinese.sum() > 300                  # pixels in the label area
    assert (chinese != boxes).sum() > 200       # not the tofu boxes of a font without them


def test_font_choice_ignores_a_stale_font_cache(monkeypatch):
    """matplotlib's font cache may have been written before the font was installed: the
    choice reads the installed fonts now and registers the file by path."""
    from matplotlib import font_manager

    from pipeline import report

    stale = [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name and " SC" not in f.name]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", stale)
    report.use_cjk_font.cache_clear()
    try:
        assert report.use_cjk_font() == "Noto Sans CJK SC"
        assert font_manager.findfont("Noto Sans CJK SC", fallback_to_default=False).endswith(".ttc")
    finally:
        report.use_cjk_font.cache_clear()


def test_report_in_headless_chromium(tmp_path):
    chromium = shutil.which("chromium")
    assert chromium, "chromium is not installed: `python3.11 scripts/bootstrap.py test` installs it (as root)"
    db = tmp_path / "facts.sqlite"
    ingest([str(p) for p in SEEDS], str(db), jobs=1, progress=False)
    out = tmp_path / "report.html"
    res = subprocess.run([sys.executable, "-m", "pipeline", "report", "--db", str(db),
                          "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    page = out.read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page   # works offline
    assert page.count('<img alt="') == 4
    for sentence_link in ('href="#s-563b7587beab18b5-6"',):
        assert sentence_link in page and 'id="s-563b7587beab18b5-6"' in page
    shot = tmp_path / "report.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    subprocess.run([chromium, *flags, "--window-size=1200,1800", f"--screenshot={shot}", out.as_uri()],
                   capture_output=True, timeout=90)
    assert shot.exists() and shot.stat().st_size > 50_000
    dom = subprocess.run([chromium, *flags, "--dump-dom", out.as_uri()], capture_output=True, text=True,
                         timeout=90).stdout
    assert "<figcaption>各地共用的提法</figcaption>" in dom and "zhfacts：3 份报告" in dom


def test_top_n_sums_the_rest_into_others():
    import pandas as pd

    from pipeline.report import top_n

    counts = pd.Series({"桂林": 5, "南宁": 9, "柳州": 1, "梧州": 2, "北海": 3})
    assert top_n(counts, 3).to_dict() == {"南宁": 9, "桂林": 5, "北海": 3, "其他": 3}
    assert top_n(counts, 5).to_dict() == {"南宁": 9, "桂林": 5, "北海": 3, "梧州": 2, "柳州": 1}
    frame = pd.DataFrame({"2023": [1, 4, 0], "2024": [1, 1, 1]}, index=["桂林", "南宁", "柳州"])
    assert top_n(frame, 1).to_dict("index") == {"南宁": {"2023": 4, "2024": 1}, "其他": {"2023": 1, "2024": 2}}


def test_draft_labels_are_unique_path_endings():
    from pipeline.report import draft_labels

    assert draft_labels(["/r/桂林/v1/稿.txt", "/r/桂林/v2/稿.txt", "/r/南宁/初稿.docx"]) == {
        "/r/桂林/v1/稿.txt": "v1/稿.txt", "/r/桂林/v2/稿.txt": "v2/稿.txt", "/r/南宁/初稿.docx": "初稿.docx"}


def _pinyin_free(text: str) -> bool:
    import re

    return not re.search(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]", text)


def test_report_keys_drafts_by_path_and_shows_clean_text(tmp_path):
    """Four drafts of one report (same title, different files) are four bars and four
    groups of rows in the gap table, each with its path; no pinyin, no Traditional."""
    from pipeline.report import chart_data, render
    from pipeline.store import open_store

    draft = next(p for p in SEEDS if "*" in p.read_text(encoding="utf-8", errors="replace"))
    folder = tmp_path / "drafts"
    paths = []
    for i in range(4):
        (folder / f"v{i}").mkdir(parents=True)
        text = draft.read_text(encoding="utf-8", errors="replace") + f"\n第{i}稿。\n"
        paths.append(folder / f"v{i}" / draft.name)
        paths[-1].write_text(text, encoding="utf-8")
    db = tmp_path / "facts.sqlite"
    ingest([str(p) for p in [*SEEDS, *paths]], str(db), jobs=1, progress=False)
    store = open_store(db)
    frames = store.frames()
    store.close()
    data = chart_data(frames)
    assert list(data) == ["各地区、各年份的报告数", "各单位的数据条数", "各地共用的提法", "各草稿的待填空缺（按类别）"]
    gaps, xlabel, stacked = data["各草稿的待填空缺（按类别）"]
    per_draft = frames["placeholders"].groupby("doc_id").size()
    assert len(gaps) == len(per_draft) == 5 and stacked and xlabel == "空缺数"
    assert {f"v{i}/{draft.name}" for i in range(4)} <= set(gaps.index)
    assert list(gaps.columns) == ["缺数值", "数字", "百分比"]  # the legend: Chinese kinds
    assert sorted(gaps.sum(axis=1).tolist()) == sorted(per_draft.tolist())
    page = render(frames)
    for p in paths:
        assert page.count(f"<td>{p}</td>") == per_draft.max()
    assert "<th>文件</th>" in page and _pinyin_free(page)
    assert not set("黨質與機關開") & set(page)  # the Traditional seed shows in Simplified only

"""zhfacts as a normal package: a wheel built from a clean checkout works from any folder
in a new virtualenv; spaCy finds our components by entry point in a fresh process; the
pre-commit hook installs and runs on a clean repository."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

LOCK = ROOT / "requirements.lock"
BIN = Path(sys.executable).parent
DRAFT = "市直机关共有党组织*个，已配备专职副书记*人。\n全年开展主题党日活动12次。\n"


def _env(**extra) -> dict:
    """The environment of a user's shell: nothing pointing into the checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ZHFACTS_LEXICONS", "VIRTUAL_ENV")}
    return {**env, **extra}


def _run(cmd, **kw) -> subprocess.CompletedProcess:
    res = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    return res


def _clean_checkout(dest: Path) -> Path:
    """The files git knows (tracked, or new and not ignored), as a fresh clone would have."""
    names = _run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT).stdout
    for name in filter(None, names.split("\0")):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    return dest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = _clean_checkout(tmp_path_factory.mktemp("src"))
    dist = tmp_path_factory.mktemp("dist")
    res = _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", dist, src])
    assert res.returncode == 0, res.stderr[-3000:]
    (whl,) = dist.glob("zhfacts-*.whl")
    return whl


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A new virtualenv with the locked dependencies (pkuseg, an optional extra, left out)
    and the wheel."""
    root = tmp_path_factory.mktemp("venv")
    assert _run([sys.executable, "-m", "venv", root]).returncode == 0
    reqs = root / "requirements.txt"
    reqs.write_text("\n".join(ln for ln in LOCK.read_text(encoding="utf-8").splitlines()
                              if not ln.startswith("pkuseg==")) + "\n", encoding="utf-8")
    pip = [root / "bin" / "python", "-m", "pip", "--disable-pip-version-check", "install", "-q"]
    res = _run([*pip, "-r", reqs], env=_env())
    assert res.returncode == 0, res.stderr[-3000:]
    res = _run([*pip, "--no-deps", wheel], env=_env())
    assert res.returncode == 0, res.stderr[-3000:]
    return root


def test_wheel_holds_lexicons_and_entry_points(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        eps = zf.read(entry_points).decode()
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = zf.read(metadata).decode()
    lexicons = sorted(p.name for p in (ROOT / "pipeline" / "lexicons").iterdir() if p.suffix in (".tsv", ".txt"))
    assert {"units.tsv", "bodies.tsv", "legislature_committees.tsv", "region_bodies.tsv"} <= set(lexicons)
    for lexicon in lexicons:  # every data file the extractors read ships in the wheel
        assert f"pipeline/lexicons/{lexicon}" in names
    assert "[spacy_factories]" in eps and "zhfacts_metrics = pipeline.extractors.metrics:make_metrics" in eps
    assert '[spacy_tokenizers]\nzhfacts.ZhTokenizer.v1 = pipeline.segment:create_tokenizer' in eps
    assert "License-Expression: MIT" in meta
    assert "Provides-Extra: pkuseg" in meta and "Requires-Dist: pkuseg==0.0.25; extra == \"pkuseg\"" in meta


def test_installed_wheel_extracts_from_any_folder(venv, tmp_path):
    from pipeline import extract
    from pipeline.facts import as_row

    seed = SEEDS[0]
    res = _run([venv / "bin" / "zhfacts", "extract", seed], cwd=tmp_path, env=_env())
    assert res.returncode == 0, res.stderr[-3000:]
    got = json.loads(res.stdout)
    want = extract(seed)
    assert got["document"]["doc_id"] == want.document.doc_id
    assert got["metrics"] == [as_row(m) for m in want.facts["metrics"]]
    assert got["organizations"] == [as_row(o) for o in want.facts["organizations"]]
    where = _run([venv / "bin" / "python", "-c", "import pipeline; print(pipeline.__file__)"],
                 cwd=tmp_path, env=_env()).stdout
    assert where.startswith(str(venv)), where  # the installed copy, not the checkout
    assert list(tmp_path.iterdir()) == []      # and it wrote nothing where it ran


def test_installed_wheel_without_pkuseg_says_how_to_get_it(venv, tmp_path):
    res = _run([venv / "bin" / "zhfacts", "extract", SEEDS[0], "--segmenter", "pkuseg"], cwd=tmp_path, env=_env())
    assert res.returncode == 2
    assert "the pkuseg segmenter is not installed" in res.stderr
    assert "pip install --no-build-isolation 'zhfacts[pkuseg]'" in res.stderr


SPACY_ROUND_TRIP = """
import spacy, sys
nlp = spacy.blank("zh")
nlp.add_pipe("zhfacts_metrics")          # by name, in a fresh process: the entry point
doc = nlp("服务企业725家")
print([(s.text, s._.value, s._.unit) for s in doc.spans["metrics"]])
nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zhfacts.ZhTokenizer.v1"}}})
for name in ("zhfacts_sentences", "zhfacts_metrics", "zhfacts_dates", "zhfacts_placeholders",
             "zhfacts_organizations", "zhfacts_slogans", "zhfacts_references"):
    nlp.add_pipe(name)
nlp.to_disk(sys.argv[1])
"""

SPACY_LOAD = """
import spacy, sys
nlp = spacy.load(sys.argv[1])
doc = nlp("2024年上半年，桂林市委组织部培训党员1.35万名，已配备专职副书记*人。")
print(nlp.pipe_names)
print({k: [s.text for s in v] for k, v in doc.spans.items()})
"""


@pytest.mark.parametrize("python", ["checkout", "wheel"])
def test_spacy_finds_components_by_entry_point(python, venv, tmp_path):
    exe = Path(sys.executable) if python == "checkout" else venv / "bin" / "python"
    saved = tmp_path / "zh_pipeline"
    first = _run([exe, "-c", SPACY_ROUND_TRIP, saved], cwd=tmp_path, env=_env())
    assert first.returncode == 0, first.stderr[-3000:]
    assert first.stdout.strip() == "[('725家', 725.0, '家')]"
    second = _run([exe, "-c", SPACY_LOAD, saved], cwd=tmp_path, env=_env())  # another fresh process
    assert second.returncode == 0, second.stderr[-3000:]
    names, spans = second.stdout.strip().splitlines()
    assert names == ("['zhfacts_sentences', 'zhfacts_metrics', 'zhfacts_dates', 'zhfacts_placeholders', "
                     "'zhfacts_organizations', 'zhfacts_slogans', 'zhfacts_references']")
    assert spans == ("{'metrics': ['1.35万名'], 'dates': ['2024年上半年'], 'placeholders': ['*人'], "
                     "'organizations': ['桂林市委组织部'], 'slogans': [], 'references': []}")


def test_pre_commit_hook_installs_and_runs(tmp_path):
    """`pre-commit try-repo` of this checkout on a draft with gaps: the hook's environment
    is built from scratch (pip install of the project), it runs, and it fails the commit."""
    repo = tmp_path / "drafts"
    repo.mkdir()
    (repo / "draft.txt").write_text(DRAFT, encoding="utf-8")
    (repo / "clean.txt").write_text("全年开展主题党日活动12次。\n", encoding="utf-8")
    assert _run(["git", "init", "-q"], cwd=repo).returncode == 0
    assert _run(["git", "add", "draft.txt", "clean.txt"], cwd=repo).returncode == 0
    env = _env(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), LANG="C.UTF-8", LC_ALL="C.UTF-8")
    res = _run([BIN / "pre-commit", "try-repo", ROOT, "zhfacts-check", "--files", "draft.txt", "clean.txt"],
               cwd=repo, env=env, timeout=1500)
    out = res.stdout + res.stderr
    assert res.returncode == 1, out[-3000:]
    assert "draft.txt:1:10: ZH-GAP-NUMBER" in out and "draft.txt:1:21: ZH-GAP-NUMBER" in out, out[-3000:]
    assert "clean.txt:" not in out.replace("clean.txt\n", "")

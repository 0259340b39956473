"""`zhfacts check` settings, found like ruff's: the nearest `.zhfacts.toml` or
`[tool.zhfacts.check]` above each file, `--config`, `--select` (IDs and prefixes),
`--disable`, `per-file-ignores`, `fail-level`, `extra-markers`; a broken file or an unknown
rule ID is exit 2 with one line naming the file and the problem."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from pipeline.cli import main

ENGLISH = {"LC_ALL": "C.UTF-8", "LC_MESSAGES": None, "LANG": None}
DRAFT = "覆盖率*%，共△△个单位，培训*名。\n所属40个党支部中，达标30个，占比50%。\n"
#         col 4: ZH-GAP-PERCENT; col 8: △△ (an extra marker); col 16: ZH-GAP-NUMBER; line 2: ZH-SHARE-VS-COUNT


def zhfacts(*args, cwd=None, monkeypatch=None):
    if cwd is not None:
        monkeypatch.chdir(cwd)
    return CliRunner().invoke(main, [str(a) for a in args], env=ENGLISH, catch_exceptions=False)


def found(res) -> list[tuple[str, int, int, str]]:
    return [(f["path"].rsplit("/", 1)[-1], f["line"], f["col"], f["rule"]) for f in json.loads(res.stdout)]


@pytest.fixture
def tree(tmp_path):
    """project/{a/draft.txt, a/b/draft.txt, c/draft.txt}: configs are added by each test."""
    for sub in ("a", "a/b", "c"):
        (tmp_path / sub).mkdir(parents=True)
        (tmp_path / sub / "draft.txt").write_text(DRAFT, encoding="utf-8")
    return tmp_path


def run(tree, *args, monkeypatch):
    return zhfacts("check", "a/draft.txt", "a/b/draft.txt", "c/draft.txt", "--format", "json", *args,
                   cwd=tree, monkeypatch=monkeypatch)


def by_file(res) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in json.loads(res.stdout):
        out.setdefault(f["path"], []).append(f["rule"])
    return out


def test_no_config_every_rule(tree, monkeypatch):
    res = run(tree, monkeypatch=monkeypatch)
    assert res.exit_code == 1
    assert by_file(res)["a/draft.txt"] == ["ZH-GAP-PERCENT", "ZH-GAP-NUMBER", "ZH-SHARE-VS-COUNT"]


def test_nearest_config_above_each_file(tree, monkeypatch):
    (tree / "a" / ".zhfacts.toml").write_text('[check]\ndisable = ["ZH-GAP-PERCENT"]\nextra-markers = ["△△"]\n',
                                              encoding="utf-8")
    (tree / "a" / "b" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")  # no table: skipped
    (tree / "c" / "pyproject.toml").write_text('[tool.zhfacts.check]\nselect = ["ZH-SHARE"]\nfail-level = "warning"\n',
                                               encoding="utf-8")
    res = run(tree, monkeypatch=monkeypatch)
    assert by_file(res) == {
        "a/draft.txt": ["ZH-GAP-NUMBER", "ZH-GAP-NUMBER", "ZH-SHARE-VS-COUNT"],     # △△ at col 8, *名 at col 16
        "a/b/draft.txt": ["ZH-GAP-NUMBER", "ZH-GAP-NUMBER", "ZH-SHARE-VS-COUNT"],   # a's config, from above
        "c/draft.txt": ["ZH-SHARE-VS-COUNT"],                                       # ZH-SHARE* only
    }
    assert [f["col"] for f in json.loads(res.stdout) if f["path"] == "a/draft.txt"] == [8, 16, 17]
    # c's fail-level makes its warning fail on its own
    only_c = zhfacts("check", "c/draft.txt", cwd=tree, monkeypatch=monkeypatch)
    assert only_c.exit_code == 1


def test_zhfacts_toml_wins_over_pyproject_in_one_folder(tree, monkeypatch):
    (tree / "a" / ".zhfacts.toml").write_text('disable = ["ZH-GAP-NUMBER"]\n', encoding="utf-8")  # keys at the top
    (tree / "a" / "pyproject.toml").write_text('[tool.zhfacts.check]\ndisable = ["ZH-GAP-PERCENT"]\n', encoding="utf-8")
    res = zhfacts("check", "a/draft.txt", "--format", "json", cwd=tree, monkeypatch=monkeypatch)
    assert [r for *_, r in found(res)] == ["ZH-GAP-PERCENT", "ZH-SHARE-VS-COUNT"]


def test_config_option_for_every_file(tree, monkeypatch):
    (tree / "a" / ".zhfacts.toml").write_text('disable = ["ZH-GAP-NUMBER"]\n', encoding="utf-8")
    cfg = tree / "ci.toml"
    cfg.write_text('[check]\nselect = ["ZH-GAP-PERCENT"]\n', encoding="utf-8")
    res = run(tree, "--config", cfg, monkeypatch=monkeypatch)
    assert by_file(res) == {p: ["ZH-GAP-PERCENT"] for p in ("a/draft.txt", "a/b/draft.txt", "c/draft.txt")}


def test_select_and_disable_options(tree, monkeypatch):
    (tree / "a" / ".zhfacts.toml").write_text('disable = ["ZH-GAP-PERCENT"]\n', encoding="utf-8")
    # --select replaces the config's selection, --disable adds to its disable list
    res = zhfacts("check", "a/draft.txt", "--format", "json", "--select", "ZH-GAP,ZH-SHARE-VS-COUNT",
                  "--disable", "ZH-SHARE", cwd=tree, monkeypatch=monkeypatch)
    assert [r for *_, r in found(res)] == ["ZH-GAP-NUMBER"]
    res = zhfacts("check", "a/draft.txt", "--format", "json", "--select", "ALL", "--disable", "zh-gap-number",
                  cwd=tree, monkeypatch=monkeypatch)
    assert [r for *_, r in found(res)] == ["ZH-SHARE-VS-COUNT"]


def test_per_file_ignores(tree, monkeypatch):
    (tree / ".zhfacts.toml").write_text(
        '[check]\nfail-level = "warning"\n[check.per-file-ignores]\n"a/b/*.txt" = ["ZH-GAP"]\n'
        '"draft.txt" = ["ZH-SHARE-VS-COUNT"]\n', encoding="utf-8")
    res = run(tree, monkeypatch=monkeypatch)
    assert by_file(res) == {"a/draft.txt": ["ZH-GAP-PERCENT", "ZH-GAP-NUMBER"],   # a name-only glob: every draft.txt
                            "c/draft.txt": ["ZH-GAP-PERCENT", "ZH-GAP-NUMBER"]}   # a/b: nothing left
    # relative to the config's folder, not to where the command runs
    res = zhfacts("check", "b/draft.txt", "--format", "json", cwd=tree / "a", monkeypatch=monkeypatch)
    assert found(res) == []


@pytest.mark.parametrize("content, message", [
    ('disable = ["ZH-GAP-NUMBR"]\n',
     ("{f}: disable: unknown rule ID 'ZH-GAP-NUMBR' (did you mean ZH-GAP-NUMBER?); "
      "`zhfacts check --list-rules` lists them")),
    ('[check]\nselect = ["ZH-FOO"]\n', "{f}: select: unknown rule ID 'ZH-FOO'; `zhfacts check --list-rules` lists them"),
    ('[check.per-file-ignores]\n"*.txt" = ["ZH-GAPS"]\n',
     ("{f}: per-file-ignores '*.txt': unknown rule ID 'ZH-GAPS' (did you mean ZH-GAP-NAME?); "
      "`zhfacts check --list-rules` lists them")),
    ('disable = "ZH-GAP-NUMBER"\n', "{f}: disable must be a list"),
    ('fail_level = "warning"\n',
     "{f}: unknown setting(s): fail_level (known: disable, extra-markers, fail-level, per-file-ignores, select)"),
    ('fail-level = "fatal"\n', "{f}: fail-level must be one of note, warning, error, not 'fatal'"),
    ('disable = ["ZH-GAP-NUMBER"\n', "{f}: invalid TOML: {toml}"),    # tomllib's own words and position
    ('[check\n', "{f}: invalid TOML: {toml}"),
])
def test_broken_config_is_exit_2_with_one_line(tree, monkeypatch, content, message):
    f = tree / "a" / ".zhfacts.toml"
    f.write_text(content, encoding="utf-8")
    res = zhfacts("check", "a/draft.txt", cwd=tree, monkeypatch=monkeypatch)
    assert res.exit_code == 2
    assert res.stdout == ""
    # config files are named as found: from the checked file's folder, resolved
    assert res.stderr.splitlines() == ["zhfacts: error: " + message.format(f=f.resolve(), toml=_toml_error(content)),
                                       "0 findings in 0 files: nothing to fix; 1 file could not be read"]


def _toml_error(content: str) -> str | None:
    import tomllib

    try:
        tomllib.loads(content)
    except tomllib.TOMLDecodeError as err:
        assert "line" in str(err) or "end of document" in str(err)
        return str(err)
    return None


def test_broken_pyproject_names_its_table(tree, monkeypatch):
    f = tree / "a" / "pyproject.toml"
    f.write_text('[tool.zhfacts.check]\ndisable = ["nope"]\n', encoding="utf-8")
    res = zhfacts("check", "a/draft.txt", cwd=tree, monkeypatch=monkeypatch)
    assert res.exit_code == 2
    assert res.stderr.splitlines()[0] == (f"zhfacts: error: {f.resolve()}: [tool.zhfacts.check]: disable: unknown rule "
                                          "ID 'nope'; `zhfacts check --list-rules` lists them")


def test_broken_config_does_not_stop_the_other_files(tree, monkeypatch):
    (tree / "c" / ".zhfacts.toml").write_text("[[[\n", encoding="utf-8")
    res = run(tree, monkeypatch=monkeypatch)
    assert res.exit_code == 2
    assert sorted(by_file(res)) == ["a/b/draft.txt", "a/draft.txt"]
    assert res.stderr.startswith(f"zhfacts: error: {(tree / 'c' / '.zhfacts.toml').resolve()}: invalid TOML:")


@pytest.mark.parametrize("args, message", [
    (["--disable", "ZH-NOPE"], "--disable: unknown rule ID 'ZH-NOPE'; `zhfacts check --list-rules` lists them"),
    (["--select", "ZH-GAP-NUMBER,ZH-SHARE-OVER-10"],
     ("--select: unknown rule ID 'ZH-SHARE-OVER-10' (did you mean ZH-SHARE-OVER-100?); "
      "`zhfacts check --list-rules` lists them")),
    (["--config", "missing.toml"], "missing.toml: no such config file"),
    (["--update-baseline"], "check: --update-baseline needs --baseline FILE"),
])
def test_bad_options_are_exit_2_with_one_line(tree, monkeypatch, args, message):
    res = zhfacts("check", "a/draft.txt", *args, cwd=tree, monkeypatch=monkeypatch)
    assert res.exit_code == 2
    assert res.stderr == f"zhfacts: error: {message}\n"

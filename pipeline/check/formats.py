"""The output formats of `zhfacts check --output-format`, each in its consumer's own terms:

    text        path:line:col: RULE severity: message「context」   (editors, people)
    json        one array of findings                              (scripts)
    json-lines  one finding per line                               (streams, jq -c)
    sarif       SARIF 2.1.0                                        (GitHub code scanning, review tools)
    github      ::error file=…,line=…,col=…::message               (annotations in a GitHub Actions run)
    gitlab      GitLab Code Quality (Code Climate issues)          (merge-request widget)
    junit       JUnit XML, a test suite per file                   (CI test reports)

Each takes the `FileResult`s of one run. Positions everywhere are 1-based and count
characters (Unicode code points) of the original text.
"""
from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

from pipeline import __version__
from pipeline.check.messages import plural, t
from pipeline.check.rules import RULES, SEVERITIES
from pipeline.errors import printable

FORMATS = ("text", "json", "json-lines", "sarif", "github", "gitlab", "junit")


def findings_of(results) -> list:
    return [f for r in results for f in r.findings]


def render(fmt: str, results, lang: str = "en") -> str:
    """The whole output of one run in `fmt` (ends with a newline unless empty)."""
    out = {"text": text, "json": as_json, "json-lines": json_lines, "sarif": sarif, "github": github,
           "gitlab": gitlab, "junit": junit}[fmt](results, lang)
    return out if not out or out.endswith("\n") else out + "\n"


def summary(results, lang: str = "en") -> str:
    """`30 findings in 1 file: 30 errors` — files that could not be read are not counted as checked."""
    found = findings_of(results)
    read = [r for r in results if r.error is None]
    counts = [plural(n, s, lang) for s in reversed(SEVERITIES) if (n := sum(f.severity == s for f in found))]
    if lang == "zh":
        line = t("summary", lang, files=plural(len(read), "file", lang), n=len(found))
    else:
        line = t("summary", lang, findings=plural(len(found), "finding", lang), files=plural(len(read), "file", lang))
    line += t("summary.counts", lang, counts="，".join(counts) if lang == "zh" else ", ".join(counts)) if counts \
        else t("summary.clean", lang)
    if unread := len(results) - len(read):
        line += t("summary.unread", lang, n=plural(unread, "file", lang) if lang == "en" else unread)
    if known := sum(r.baselined for r in results):
        line += t("summary.baselined", lang, n=known)
    return line


# --- for people and scripts ----------------------------------------------------------------

def text_line(f, lang: str = "en") -> str:
    """One finding, one line: a control character in a file name or the text is escaped."""
    sep = "：" if lang == "zh" else ": "
    return printable(f"{f.path}:{f.line}:{f.col}: {f.rule} {t('sev.' + f.severity, lang)}{sep}{f.message}「{f.context}」")


def text(results, lang: str) -> str:
    return "".join(text_line(f, lang) + "\n" for f in findings_of(results))


def as_json(results, lang: str) -> str:
    return json.dumps([f.as_dict() for f in findings_of(results)], ensure_ascii=False, indent=2)


def json_lines(results, lang: str) -> str:
    return "".join(json.dumps(f.as_dict(), ensure_ascii=False) + "\n" for f in findings_of(results))


# --- SARIF 2.1.0 -----------------------------------------------------------------------------

def sarif(results, lang: str) -> str:
    """SARIF 2.1.0, so code-review tools show the gaps inline (`columnKind`: code points, as
    the text output counts); `partialFingerprints` follow a finding across edits."""
    rules = [{"id": r.id, "name": r.id.title().replace("-", ""),
              "shortDescription": {"text": r.summary[lang]}, "fullDescription": {"text": r.explanation[lang]},
              "help": {"text": f"{r.explanation[lang]}\n+ {r.example}\n- {r.near_miss}"},
              "defaultConfiguration": {"level": r.severity}} for r in RULES.values()]
    index = {r.id: i for i, r in enumerate(RULES.values())}
    out = [{
        "ruleId": f.rule, "ruleIndex": index[f.rule], "level": f.severity,
        "message": {"text": f"{f.message}「{f.context}」"},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(f.path)},
            "region": {"startLine": f.line, "startColumn": f.col, "endLine": f.end_line, "endColumn": f.end_col}}}],
        "partialFingerprints": {"zhfactsContext/v1": f.fingerprint},
    } for f in findings_of(results)]
    notifications = [{"level": "error", "message": {"text": r.error}} for r in results if r.error]
    return json.dumps({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "zhfacts", "version": __version__, "rules": rules}},
                  "invocations": [{"executionSuccessful": not notifications,
                                   "toolExecutionNotifications": notifications}],
                  "language": "zh-CN" if lang == "zh" else "en-US",
                  "columnKind": "unicodeCodePoints", "results": out}],
    }, ensure_ascii=False, indent=2)


def _uri(path: str) -> str:
    """The path as a URI: `file:///…` when absolute, else a relative reference
    (percent-encoded UTF-8, so 工作总结.docx survives any consumer)."""
    from pathlib import Path
    from urllib.parse import quote

    if Path(path).is_absolute():
        return Path(path).as_uri()
    return quote(path.replace("\\", "/"), safe="/")


# --- GitHub Actions workflow commands --------------------------------------------------------

GITHUB_LEVEL = {"error": "error", "warning": "warning", "note": "notice"}


def _gh_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def github(results, lang: str) -> str:
    """`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=RULE::message`, one a finding:
    GitHub Actions shows each as an annotation on the changed line."""
    lines = []
    for f in findings_of(results):
        props = (f"file={_gh_prop(f.path)},line={f.line},col={f.col},endLine={f.end_line},"
                 f"endColumn={f.end_col},title={_gh_prop(f.rule)}")
        lines.append(f"::{GITHUB_LEVEL[f.severity]} {props}::{_gh_data(f'{f.message}「{f.context}」')}\n")
    lines += [f"::error title=zhfacts::{_gh_data(r.error)}\n" for r in results if r.error]
    return "".join(lines)


# --- GitLab Code Quality ---------------------------------------------------------------------

GITLAB_SEVERITY = {"error": "major", "warning": "minor", "note": "info"}


def gitlab(results, lang: str) -> str:
    """A JSON array of Code Climate issues, the format of GitLab's `codequality` report
    (`description`, `check_name`, `fingerprint`, `severity`, `location.path`,
    `location.lines.begin` are the fields GitLab requires)."""
    issues = [{
        "type": "issue", "check_name": f.rule, "description": f"{f.message}「{f.context}」",
        "categories": ["Clarity"] if f.rule.startswith("ZH-GAP") else ["Bug Risk"],
        "severity": GITLAB_SEVERITY[f.severity], "fingerprint": f.fingerprint,
        "location": {"path": f.path.replace("\\", "/"), "lines": {"begin": f.line, "end": f.end_line}},
    } for f in findings_of(results)]
    return json.dumps(issues, ensure_ascii=False, indent=2)


# --- JUnit XML -------------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(s: str) -> str:
    """Text XML 1.0 can hold: control characters of a broken draft become U+FFFD."""
    return _NOT_XML.sub("\ufffd", s)


def junit(results, lang: str) -> str:
    """JUnit XML: a test suite per file, a failing test case per finding (a passing one for a
    clean file), an erroring one for a file that could not be read."""
    root = ET.Element("testsuites", name="zhfacts check", tests="0", failures="0", errors="0")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for r in results:
        path = _xml(r.path)
        suite = ET.SubElement(root, "testsuite", name=path, file=path, package="zhfacts")
        if r.error:
            case = ET.SubElement(suite, "testcase", name="read", classname=path)
            ET.SubElement(case, "error", message=_xml(r.error), type="InputError").text = _xml(r.error)
            counts = {"tests": 1, "failures": 0, "errors": 1}
        elif not r.findings:
            ET.SubElement(suite, "testcase", name=t("rule.none", lang), classname=path)
            counts = {"tests": 1, "failures": 0, "errors": 0}
        else:
            for f in r.findings:
                case = ET.SubElement(suite, "testcase", name=f"{f.rule} at {f.line}:{f.col}", classname=path)
                failure = ET.SubElement(case, "failure", message=_xml(f.message), type=f.rule)
                failure.text = _xml(text_line(f, lang))
            counts = {"tests": len(r.findings), "failures": len(r.findings), "errors": 0}
        for k, n in counts.items():
            suite.set(k, str(n))
            totals[k] += n
    for k, n in totals.items():
        root.set(k, str(n))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")

"""Every sentence `zhfacts check` says to a person, in Chinese and in English (`--lang`),
and the choice of language: Chinese when the locale is Chinese, English otherwise.
Rule IDs and severities in machine formats (JSON, SARIF, …) stay the same in both.
"""
from __future__ import annotations

import locale
import os

LANGS = ("zh", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # findings
    "gap.number": {"en": "gap 「{text}」: the figure before 「{unit}」 is missing{subject}",
                   "zh": "空缺「{text}」：「{unit}」前缺少数字{subject}"},
    "gap.percent": {"en": "gap 「{text}」: the percentage is missing{subject}",
                    "zh": "空缺「{text}」：缺少百分比{subject}"},
    "gap.name": {"en": "gap 「{text}」: a name is missing", "zh": "空缺「{text}」：缺少姓名"},
    "gap.date": {"en": "gap 「{text}」: a date is incomplete", "zh": "空缺「{text}」：日期不完整"},
    "gap.missing_value": {"en": "gap 「{text}」: no figure was typed for it", "zh": "空缺「{text}」：缺少数字"},
    "gap.marker": {"en": "gap 「{text}」 (a configured marker)", "zh": "空缺「{text}」（配置的占位符）"},
    "subject": {"en": " ({subject})", "zh": "（{subject}）"},
    "share_over_100": {"en": "share 「{text}」 is over 100% ({word})", "zh": "比例「{text}」超过100%（{word}）"},
    "share_vs_count": {"en": "{word}{share}% but {count} of {total} is {expected:.1f}%",
                       "zh": "{word}{share}%，但{total}{unit}中的{count}{unit}是{expected:.1f}%"},
    "parts_over_total": {"en": "parts add up to {sum} ({parts}), more than the total {total}",
                         "zh": "其中各项合计{sum}（{parts}），超过总数{total}"},
    "part_over_total": {"en": "a part ({part}) is more than the total {total}",
                        "zh": "其中一项（{part}）超过总数{total}"},
    "same_subject": {"en": "「{subject}」 is {text} here but {first} on line {line}",
                     "zh": "「{subject}」此处为{text}，第{line}行为{first}"},
    # severities, in the text format
    "sev.error": {"en": "error", "zh": "错误"},
    "sev.warning": {"en": "warning", "zh": "警告"},
    "sev.note": {"en": "note", "zh": "提示"},
    # the summary line
    "summary": {"en": "{findings} in {files}", "zh": "{files}中发现 {n} 处问题"},
    "summary.counts": {"en": ": {counts}", "zh": "：{counts}"},
    "summary.unread": {"en": "; {n} could not be read", "zh": "；{n} 个文件无法读取"},
    "summary.baselined": {"en": "; {n} more in the baseline", "zh": "；另有 {n} 处已列入基线"},
    "summary.clean": {"en": ": nothing to fix", "zh": "：没有需要修改的地方"},
    "clean_draft": {"en": "0 findings — no gaps found in this draft.", "zh": "0 处问题——这份稿子没有空缺。"},
    "findings_in_draft": {"en": "{n} finding(s): {counts}", "zh": "{n} 处问题：{counts}"},
    # zhfacts rule
    "rule.finds": {"en": "Finds", "zh": "会报告"},
    "rule.silent": {"en": "Stays silent on (a near-miss)", "zh": "不会报告（相近但无误）"},
    "rule.none": {"en": "(no finding)", "zh": "（没有问题）"},
    "rule.config": {"en": "Turn it off: disable = [\"{id}\"] in .zhfacts.toml, or --disable {id}",
                    "zh": "关闭：在 .zhfacts.toml 中写 disable = [\"{id}\"]，或使用 --disable {id}"},
}


def t(key: str, lang: str, **fields) -> str:
    """The message `key` in `lang`, its fields filled in."""
    return MESSAGES[key][lang].format(**fields)


def plural(n: int, word: str, lang: str) -> str:
    """`1 file`, `2 files`; in Chinese `1 个文件` (severities: `30 处错误`)."""
    if lang == "zh":
        zh = {"file": "个文件", "finding": "处问题", "error": "处错误", "warning": "处警告", "note": "处提示"}[word]
        return f"{n} {zh}"
    return f"{n} {word}{'' if n == 1 else 's'}"


def default_lang(environ=os.environ) -> str:
    """`zh` when the locale is Chinese (LC_ALL, then LC_MESSAGES, then LANG, as gettext
    reads them; the system locale when none is set), else `en`."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        name = locale.getlocale()[0] or ""
    except ValueError:
        name = ""
    return "zh" if name.lower().startswith(("zh", "chinese")) else "en"

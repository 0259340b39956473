"""Each repair on small exact cases, including the near-misses it must leave alone."""
from __future__ import annotations

import pytest

from pipeline.normalize import normalize_text, read


def clean(text: str) -> str:
    return normalize_text(text).text


@pytest.mark.parametrize("raw, want", [
    ("質(zhì)量", "质量"),
    ("機(jī)關(guān)黨(dǎng)建", "机关党建"),
    ("黨組(黨委)書(shū)記", "党组（党委）书记"),       # a real parenthesis stays, full-width
    ("中國(guó)(摘選)", "中国（摘选）"),
    ("長(zhǎng)期", "长期"),
    ("重(chóng)新", "重新"),
    ("音樂(lè)", "音乐"),
    ("行(abc)", "行(abc)"),                         # not a reading: left alone
    ("党组(dangwei)", "党组(dangwei)"),
])
def test_inline_pinyin(raw, want):
    assert clean(raw) == want


@pytest.mark.parametrize("raw, want", [
    ("習近平總書記“7?9”重要講話", "习近平总书记“7·9”重要讲话"),
    ("視察廣西“4?27”重要講話", "视察广西“4·27”重要讲话"),
    ("開展“喜迎二十大?建功新時代”主題活動", "开展“喜迎二十大·建功新时代”主题活动"),
    ("怎么办?我们要改", "怎么办？我们要改"),          # a real question
    ("“为什么?”他问", "“为什么？”他问"),
    ("“是否达标?达标了”", "“是否达标？达标了”"),    # a question word before it
])
def test_lost_interpunct(raw, want):
    assert clean(raw) == want


@pytest.mark.parametrize("raw, want", [
    ("共１２３４５人，占比９８．５％", "共12345人，占比98.5%"),
    ("ＡＢＣ公司（简称：ａｂｃ）", "ABC公司（简称：abc）"),   # Chinese punctuation stays
    ("今年1–8月", "今年1—8月"),
    ("2019－2024年", "2019—2024年"),
    ("1月——8月", "1月—8月"),
    ("3~5个", "3—5个"),
    ("2024-08-01", "2024-08-01"),                  # an ASCII hyphen in a date stays
    ("广西,桂林:市委;好!", "广西，桂林：市委；好！"),
    ("共39,000人", "共39,000人"),                   # a thousands separator stays
    ("8:30召开", "8:30召开"),
    ("a,b", "a,b"),
    ("转变了“零抛荒〞的局面，〝两学一做〞", "转变了“零抛荒”的局面，“两学一做”"),  # vertical double primes
])
def test_widths_dashes_punctuation(raw, want):
    assert clean(raw) == want


@pytest.mark.parametrize("raw, want", [
    ("7&middot;9讲话", "7·9讲话"),
    ("&#20013;&#x6587;&amp;", "中文&"),
    ("AT&T公司&unknownentity;", "AT&T公司&unknownentity;"),
    ("机\u200b关\ufeff党\u00ad建", "机关党建"),
    ("第一行\r\n第二行\r第三行", "第一行\n第二行\n第三行"),
    ("控制\x01字符\x1f", "控制字符"),
])
def test_entities_and_invisible(raw, want):
    assert clean(raw) == want


def test_simplified_with_a_few_traditional_names_is_not_converted():
    text = "桂林市直机关工委召开会议，学习《乾隆》一书，" * 5 + "臺灣"
    doc = normalize_text(text)
    assert doc.script == "simplified"
    assert doc.text == text


def test_repairs_are_counted():
    doc = normalize_text("質(zhì)量１２&middot;")
    assert doc.text == "质量12·"
    assert doc.repairs == [
        {"kind": "html_entity", "count": 1},
        {"kind": "pinyin_annotation", "count": 1},
        {"kind": "t2s", "count": 1},
        {"kind": "fullwidth", "count": 1},
    ]


def test_offsets_of_a_traditional_pinyin_span():
    raw = "以高質(zhì)量機(jī)關(guān)黨(dǎng)建引領(lǐng)"
    doc = normalize_text(raw)
    assert doc.text == "以高质量机关党建引领"
    s, e = doc.offsets.span(2, 8)             # 质量机关党建
    assert raw[s:e] == "質(zhì)量機(jī)關(guān)黨(dǎng)建"
    assert raw[slice(*doc.offsets[9])] == "領(lǐng)"


def test_offsets_through_gbk_mojibake():
    clean_text = "中共桂林市委直属机关工作委员会，2024年1—8月。"
    moji = clean_text.encode("utf-8").decode("gbk", errors="replace")
    assert moji == "涓�鍏辨�傛灄甯傚�旂洿灞炴満鍏冲伐浣滃�斿憳浼氾紝2024骞�1鈥�8鏈堛��"
    doc = read(moji.encode("utf-8"))
    assert doc.text == clean_text
    # each character points at the mojibake characters holding its bytes; a mojibake
    # character made of the tail of one and the head of the next belongs to both
    spans = [moji[slice(*doc.offsets[i])] for i in range(len(clean_text))]
    assert spans[:6] == ["涓�", "鍏辨", "辨�傛", "傛灄", "甯傚", "傚�旂"]
    assert spans[-5:] == ["1", "鈥�", "8", "鏈堛", "堛��"]
    assert moji[slice(*doc.offsets.span(2, 6))] == "辨�傛灄甯傚�旂"  # 桂林市委


def _candidates_one_by_one(window):
    """The lost-byte candidates as first written: decode every combination of the lost
    bytes' values, score each character, keep the best (the reference for the faster
    `mojibake_gbk._candidates`)."""
    import itertools

    from pipeline.normalize import mojibake_gbk as g

    def options(j, base):
        y = window[j + 1] if j + 1 < len(window) else None
        return list(base) if y is None else [x for x in base if not g._gbk_pair_valid(x, y)]

    lead = window[0]
    scored, length_of = {}, {}
    for ld in [lead] if lead is not None else options(0, g._LEADS):
        length = g._seq_len(ld)
        if not length or length > len(window):
            continue
        slots = window[1:length]
        if any(s is not None and s not in g._CONT for s in slots):
            continue
        nxt = window[length] if length < len(window) else None
        if nxt is not None and nxt in g._CONT:
            continue
        opts = [[b] if b is not None else options(1 + k, g._CONT) for k, b in enumerate(slots)]
        for tail in itertools.product(*opts):
            try:
                ch = bytes([ld, *tail]).decode("utf-8")
            except UnicodeDecodeError:
                continue
            s = g._plausibility(ch)
            if s > scored.get(ch, -99):
                scored[ch], length_of[ch] = s, length
    if not scored:
        return None
    ranked = sorted(scored, key=scored.__getitem__, reverse=True)[:g._KEEP]
    return tuple(c for c in ranked if length_of[c] == length_of[ranked[0]]), length_of[ranked[0]]


def test_gbk_lost_byte_candidates_match_decoding_each_combination():
    import random

    from pipeline.normalize import mojibake_gbk as g

    rng = random.Random(12)
    cont = lambda: rng.randrange(0x80, 0xC0)  # noqa: E731
    after = lambda: rng.choice([None, rng.randrange(0x20, 0x7F), rng.randrange(0xC2, 0xF5), cont()])  # noqa: E731
    windows = [(0xE4, None, 0xB8, after()), (0xE4, 0xB8, None, after()), (0xE0, None, None, after()),
               (0xED, None, None, after(), None), (None, 0xB8, 0xAA, 0xE7), (None, None, 0x80, 0x41),
               (0xC2, None, 0x41), (0xF0, 0x9F, None, None, 0xE4), (0xE9, None, None)]
    for _ in range(300):
        lead = rng.choice([None, rng.randrange(0xC2, 0xF5)])
        windows.append((lead, *[rng.choice([None, cont()]) for _ in range(3)], after(), after())[:rng.randrange(2, 7)])
    for window in windows:
        assert g._candidates.__wrapped__(window) == _candidates_one_by_one(window), window


def test_gbk_bigram_scores_in_bulk_match_one_by_one():
    """The dynamic programming scores a layer at once; it must give `_cond_logp` exactly."""
    from pipeline.normalize import mojibake_gbk as g

    chars = list("的一是党课建设机关工作\n，。1a“”—设䶮鿿x") + ["\U0001F600"]
    for a in chars:
        assert g._cond_logps(a, chars) == [g._cond_logp(a, b) for b in chars], a
        assert g._cond_logps_before(chars, a) == [g._cond_logp(b, a) for b in chars], a


def _decode_one_by_one(data):
    """GBK repair's decoding as first written, one character at a time (the reference
    for `mojibake_gbk._decode_with_holes`, which decodes whole stretches at once)."""
    from pipeline.normalize import mojibake_gbk as g

    out, i, n, bad = [], 0, len(data), 0
    while i < n:
        b = data[i]
        if b is not None and b < 0x80:
            out.append((chr(b), i, i + 1, None))
            i += 1
            continue
        best = g._best_char(data, i)
        if best is None:
            bad += 1
            if bad > max(2, n // 50):
                return None
            out.append(("\ufffd", i, i + 1, None))
            i += 1
            continue
        cands, length = best
        out.append((cands[0], i, i + length, cands if len(cands) > 1 else None))
        i += length
    return out


def test_gbk_decoding_in_stretches_matches_one_by_one():
    import random

    from pipeline.normalize import mojibake_gbk as g

    rng = random.Random(4)
    text = "中共桂林市委直属机关工作委员会，2024年1—8月。“党课”·×😀 abc"
    for _ in range(2000):
        data = list(text[rng.randrange(len(text)):][:rng.randrange(1, 20)].encode("utf-8"))
        for _ in range(rng.randrange(4)):  # lose some bytes, spoil some
            k = rng.randrange(len(data))
            data[k] = rng.choice([None, None, rng.randrange(256)])
        lost = [k for k, b in enumerate(data) if b is None]
        assert g._decode_with_holes(data, lost) == _decode_one_by_one(data), data


@pytest.mark.parametrize("clean", ["7·", "“7·9”重要讲话", "桂林·阳朔"])
def test_latin1_mojibake_of_a_two_byte_character_alone(clean):
    # `7Â·` is `7·` read as Latin-1: no CJK lead byte in it, the Â (0xC2) gives it away
    doc = read(clean.encode("utf-8").decode("latin-1").encode("utf-8"))
    assert doc.text == clean


@pytest.mark.parametrize("raw, want", [
    ("实现收入☓☓万元，增长╳╳%", "实现收入××万元，增长××%"),
    ("完成情况：✔8个 ✖2个", "完成情况：✔8个 ✖2个"),   # a check mark for an item not done stays
    ("20╳╳年度", "20××年度"),
    ("第Ⅹ章 总则", "第Ⅹ章 总则"),                  # a Roman ten stays
])
def test_cross_marks(raw, want):
    assert clean(raw) == want


@pytest.mark.parametrize("raw, want", [
    ("锚定'两个确保“,实施'1222“工作布局", "锚定“两个确保”，实施“1222”工作布局"),   # a template page's broken pair
    ("他说'好的“", "他说“好的”"),
    ("it's “好”", "it's “好”"),                     # an apostrophe in English stays
    ("'abc“", "'abc“"),                             # no Chinese inside: left alone
])
def test_broken_quotes(raw, want):
    assert clean(raw) == want


@pytest.mark.parametrize("raw, want", [
    ("湧入超過六OO位好友，累計一七三O萬人次，一O七年起", "涌入超过六〇〇位好友，累计一七三〇万人次，一〇七年起"),
    ("ＯＫ，COVID，O型血，一號O線", "OK，COVID，O型血，一号O线"),   # Latin words and a lone O stay
    ("二OO八年，TWO三", "二〇〇八年，TWO三"),                        # (an O inside a Latin word is no zero)
])
def test_latin_zero(raw, want):
    assert clean(raw) == want


@pytest.mark.parametrize("raw, want", [
    ("地⽅稅務局於109年6⽉完成", "地方税务局于109年6月完成"),   # Kangxi radicals from a PDF's text layer
    ("国⺠经济及⻓江⻔户", "国民经济及长江门户"),               # radicals of the supplement
    ("食物及衞生局局長出席會議", "食物及卫生局局长出席会议"),   # Hong Kong's 衞, which t2s keeps
    ("卫生局局长出席会议", "卫生局局长出席会议"),               # Simplified text: nothing to do
])
def test_look_alikes(raw, want):
    assert clean(raw) == want


def test_look_alikes_keep_every_offset():
    doc = normalize_text("地⽅稅務局6⽉")
    assert doc.text == "地方税务局6月"
    assert [doc.original_span(i, i + 1) for i in (1, 6)] == [(1, 2), (6, 7)]


@pytest.mark.parametrize("raw, want", [
    ("內 政 部 103 年 6 月 23 日 召 開 會 議 ， 民 政 處 參 加 。", "内政部 103 年 6 月 23 日召开会议，民政处参加。"),
    ("根 据 《 巡 察 工 作 实 施 方 案 》 的 要 求", "根据《巡察工作实施方案》的要求"),
    ("社区 居委会组织活动，共有 120 人参加。", "社区 居委会组织活动，共有 120 人参加。"),  # a few spaces stay
    ("姓名  张三  王五\n单位  财政局  民政局", "姓名  张三  王五\n单位  财政局  民政局"),   # a table's columns stay
])
def test_letter_spacing(raw, want):
    assert clean(raw) == want


def test_letter_spacing_keeps_every_offset():
    doc = normalize_text("召 开 会 议 ， 民 政 处 参 加 。")
    assert doc.text == "召开会议，民政处参加。"
    assert doc.original_span(5, 8) == (10, 15)  # 民政处 is 民 政 处 in the original


def test_a_document_spaced_throughout_loses_the_spaces_of_its_short_lines_too():
    assert clean("工 作 总 结\n市 财 政 局 召 开 会 议 ， 部 署 全 年 工 作 。\n县 政 府 部 署 。") == \
        "工作总结\n市财政局召开会议，部署全年工作。\n县政府部署。"


def test_look_alikes_come_out_simplified_in_a_simplified_text():
    assert clean("我市⻑江经济带，⾨户开放") == "我市长江经济带，门户开放"

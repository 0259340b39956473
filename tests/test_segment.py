"""The default tokenizer cuts with jieba-rs (rjieba) and must give exactly the tokens of
jieba itself (the Python package, with the same lexicon words), on the seeds and on
text that exercises every rule where the two implementations differ."""
from __future__ import annotations

import logging
import random

import jieba
import pytest
from conftest import SEEDS

from pipeline.segment import USER_WORD_FREQ, JiebaCutter, ZhTokenizer, user_words

# a made-up mixed text: figures, full-width forms, Latin words with ASCII punctuation,
# Traditional characters, rare and astral ideographs, symbols and every kind of space
MIXED = ("2024年1—8月，全市GDP同比增长5.3%，完成投资236.30亿元；ABC公司CEO张三说：“Let's go!”\n"
         "  \t縣委組織部、市委宣传部 联合举办 第3期 培训班（共120人次）#党建+ 50％ ３０名 e-mail: a_b@x.cn\n"
         "😀表情 〇一二 ①②③ Ⅷ ㈠ 𠀀𪚥 㐀中国 鿖鿗 豈更 …… —— ～ 1.2.3 v2.0 C++ C# 100km/h 3:45 PM2.5 H1N1\r\n\r\n"
         "王鑫垚同志在犇淼村开展“三会一课”。\u3000\xa0末尾  ")

# pieces random strings are drawn from: words, single characters and punctuation runs
PIECES = ["中国", "的", "发展", "a", "Z", "1", "0", ".", "-", "_", "%", "+", "#", "&", " ", "，", "\n",
          "\r\n", "\r", "e-mail", "C++", "T恤", "A股", "卡拉OK", "党建", "市委组织部", "万", "亿元", "豈",
          "。", "“", "”", "—", "\t", "x.cn", "3.5%", "张三", "说", "①", "😀", "ｂ", "２", "〇", "々", "？？",
          "...", "……", "\u3000", "ー", "가", "あ", "é", "鑫", "垚", "犇", "小明", "硕士", "毕业", "于",
          "计算所", "一个", "a1", "9x", "..", "--", "1.", "5.3", "v2", "PM2.5", "5G", "0.5%", "㐀", "𠀀", "鿖"]


@pytest.fixture(scope="module")
def cutters():
    words = tuple(user_words())
    jieba.setLogLevel(logging.WARNING)
    reference = jieba.Tokenizer()
    reference.initialize()
    for w in words:
        reference.add_word(w, USER_WORD_FREQ)
    return (lambda text: reference.lcut(text, HMM=True)), JiebaCutter(words)


@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_seed_tokens_equal_jieba(path, cutters, clean_texts):
    jieba_cut, cut = cutters
    for text in (clean_texts[path.name], path.read_text(encoding="utf-8")):  # clean and as filed
        want = jieba_cut(text)
        assert cut(text) == want
        assert len(want) > 1000


def test_mixed_text_tokens_equal_jieba(cutters):
    jieba_cut, cut = cutters
    want = jieba_cut(MIXED)
    assert cut(MIXED) == want
    # the places where jieba-rs alone would differ really are in the text
    assert ["e", "-", "mail"] == want[want.index("e"):want.index("e") + 3]
    assert "1.2" in want and "𠀀" in want and "㐀" in want


def test_random_strings_tokens_equal_jieba(cutters):
    jieba_cut, cut = cutters
    rnd = random.Random(12)
    for _ in range(3000):
        s = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 30)))
        assert cut(s) == jieba_cut(s), s


def test_tokenizer_keeps_text_and_lexicon_words():
    import spacy

    tok = ZhTokenizer(spacy.blank("zh").vocab)
    doc = tok("市委组织部  今年服务企业725家\r\n")
    assert doc.text == "市委组织部  今年服务企业725家\r\n"
    assert [t.text for t in doc][:2] == ["市委组织部", "  "]

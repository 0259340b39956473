"""Input that is not a report gets one clear line naming the file and the reason."""
from __future__ import annotations

import os
import struct
import subprocess
import sys
import zlib

import pytest
from conftest import SEEDS

from pipeline import InputError, read


def png_bytes() -> bytes:
    """A real 1x1 PNG image."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"  \n\t\n", "empty file (only white space)"),
    (png_bytes(), "binary file (PNG image), not a text report"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "binary file (JPEG image), not a text report"),
    (b"PK\x03\x04" + bytes(40), "binary file (ZIP archive (a .docx/.xlsx is a ZIP; use `zhfacts ingest` for .docx)), not a text report"),
    (bytes(range(256)) * 4, "undecodable: not valid UTF-8, GB18030, Big5 or UTF-16 text (binary data or an unknown encoding)"),
])
def test_bad_bytes(data, reason):
    with pytest.raises(InputError) as err:
        read(data, source="x.txt")
    assert str(err.value) == f"x.txt: {reason}"
    assert err.value.source == "x.txt"


def test_random_bytes_are_refused():
    rng = __import__("random").Random(7)
    for _ in range(20):
        data = bytes(rng.randrange(256) for _ in range(3000))
        with pytest.raises(InputError, match="undecodable|binary"):
            read(data, source="r.bin")


def test_truncated_utf8_is_kept_with_a_warning():
    raw = SEEDS[0].read_bytes()
    cut = raw[:1003]
    assert cut[-2:] == "坚".encode("utf-8")[:2]  # the cut falls inside 坚
    doc = read(cut, source="t.txt")
    assert doc.text.endswith("\ufffd")
    assert doc.repairs[0] == {"kind": "undecodable", "count": 1}
    assert doc.warnings == ["truncated UTF-8: the last character is cut"]
    with pytest.raises(InputError, match="^t.txt: 1 undecodable character"):
        read(cut, source="t.txt", strict=True)


def test_huge_file_is_refused_without_reading(tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as f:
        f.truncate(200 * 2**20)  # sparse: 200 MiB without writing them
    with pytest.raises(InputError) as err:
        read(big)
    assert str(err.value) == f"{big}: file too large (200.0 MiB; limit 64 MiB)"


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read(tmp_path)


def run_cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True,
                          text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"}, **kw)


def test_cli_one_line_per_bad_file_and_batch_goes_on(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    image = tmp_path / "photo.png"
    image.write_bytes(png_bytes())
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes(range(256)) * 8)
    out = tmp_path / "out"
    res = run_cli("normalize", str(empty), str(SEEDS[2]), str(image), str(noise), "--out", str(out))
    assert res.returncode == 1
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("zhfacts: error:")]
    assert errors == [
        f"zhfacts: error: {empty}: empty file",
        f"zhfacts: error: {image}: binary file (PNG image), not a text report",
        f"zhfacts: error: {noise}: undecodable: not valid UTF-8, GB18030, Big5 or UTF-16 text "
        "(binary data or an unknown encoding)",
    ]
    assert "Traceback" not in res.stderr
    assert (out / f"{SEEDS[2].stem}.txt").read_text(encoding="utf-8").startswith("以高质量机关党建")


def test_cli_text_and_report():
    res = run_cli("normalize", str(SEEDS[2]))
    assert res.returncode == 0
    assert res.stdout.startswith("以高质量机关党建引领高质量发展！")
    res = run_cli("normalize", "--report", str(SEEDS[2]))
    import json
    rep = json.loads(res.stdout)
    assert rep["encoding"] == "utf-8" and rep["script"] == "traditional"
    assert [r["kind"] for r in rep["repairs"]] == ["pinyin_annotation", "interpunct", "t2s", "punctuation"]
    assert rep["chars"] == 9988 and rep["doc_id"] == "916818bc48c71b24"

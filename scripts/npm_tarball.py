"""An npm package's tarball, read from a file or fetched from the registry, checked against the
sha512 the registry publishes (`npm view PACKAGE@VERSION dist.integrity`): the build scripts'
one way to get the data a lexicon is generated from."""
from __future__ import annotations

import base64
import hashlib
import sys
import urllib.request
from pathlib import Path


def tarball(path: str | None, url: str, sha512: str, what: str) -> bytes:
    """The tarball's bytes (from `path`, else from `url`); exits naming the file when its
    sha512 is not `what`'s."""
    data = Path(path).read_bytes() if path else urllib.request.urlopen(url, timeout=120).read()
    digest = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != sha512:
        sys.exit(f"{path or url}: sha512 {digest} is not {what}'s")
    return data

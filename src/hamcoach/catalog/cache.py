"""The validated catalog as JSON, for the cache under ``$HAMCOACH_HOME/cache``.

Not a pickle: a pickle planted in the cache folder would run its code on the next
command. Reading this file can only build the types that the catalog's own type hints
name (frozen dataclasses, enums, tuples, mappings, text and numbers); anything else in
the file (a wrong shape, a type, a truncated or corrupted file: a checksum covers it) is
:class:`CacheMiss`, and the catalog is read again from its YAML files.
"""

from __future__ import annotations

import json

from hamcoach import typed
from hamcoach.catalog.loader import LoadResult

FORMAT = 1
"""Raised when the encoding below changes, so an older file is a miss."""


class CacheMiss(Exception):
    """The cached file cannot be used; read the catalog afresh."""


def dumps(result: LoadResult) -> bytes:
    """A header line (format, the body's SHA-256), then the catalog as one JSON line."""
    import hashlib

    body = json.dumps(typed.encode(result), ensure_ascii=False).encode()
    header = {"format": FORMAT, "sha256": hashlib.sha256(body).hexdigest()}
    return json.dumps(header).encode() + b"\n" + body


def loads(raw: bytes) -> LoadResult:
    """The cached catalog, or CacheMiss: a file cut short or damaged fails the checksum,
    anything that is not exactly the catalog's own types fails the decoder."""
    import hashlib

    try:
        head, _, body = raw.partition(b"\n")
        header = json.loads(head)
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise CacheMiss("another format")
        if header.get("sha256") != hashlib.sha256(body).hexdigest():
            raise CacheMiss("damaged: the checksum differs")
        result = typed.decoder(LoadResult)(json.loads(body))
    except CacheMiss:
        raise
    except Exception as exc:  # whatever a damaged file makes the decoder raise is a miss
        raise CacheMiss(f"{type(exc).__name__}: {exc}") from None
    if not isinstance(result, LoadResult):
        raise CacheMiss("not a catalog")
    return result

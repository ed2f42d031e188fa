"""Open-data exports written once per public data version and then served from a file.

Building the export reads and formats every delivered line; doing that for each download kept a
worker busy for seconds. The first request after a change streams the export as before and writes
it meanwhile, plain and gzip-compressed, to temporary files that replace the finished ones in one
step (os.replace), so a concurrent request never reads half a file: it either finds the finished one
or builds its own copy. Later requests get the file as it is, gzip-compressed if the client takes
that, so neither the database nor the compressor does any work.

A file's name holds the public data version (partners.public_cache) and the language; older
versions are removed once a newer one is written.
"""

import contextlib
import gzip
import os
import re
import tempfile
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from partners import public_cache

_ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as GZipMiddleware reads Accept-Encoding


def accepts_gzip(request):
    return bool(_ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def directory():
    configured = getattr(settings, "EXPORT_CACHE_DIR", None)
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "dortmund-hilft-exports"


def serve(request, *, name, suffix, chunks, content_type):
    """The export `name` (e.g. "lieferpositionen", suffix ".csv"): from its file, or built by `chunks()`.

    `chunks` is called only when the file for the current version is missing; it returns an iterator
    of str, written out to the client and the file as it goes.
    """
    prefix = f"{name}-{get_language()}-"
    path = directory() / f"{prefix}{public_cache.version()}{suffix}"
    compressed = accepts_gzip(request)
    try:
        file = open(path.with_name(path.name + ".gz") if compressed else path, "rb")  # noqa: SIM115 – the response closes it
    except FileNotFoundError:
        # GZipMiddleware compresses this one on the fly, as it did before the files.
        return StreamingHttpResponse(_write_while_streaming(path, prefix, suffix, chunks()), content_type=content_type)
    response = FileResponse(file, content_type=content_type)
    if compressed:
        response["Content-Encoding"] = "gzip"  # GZipMiddleware leaves a response with an encoding alone
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _write_while_streaming(path, prefix, suffix, chunks):
    path.parent.mkdir(parents=True, exist_ok=True)
    plain = tempfile.NamedTemporaryFile(dir=path.parent, prefix=".building-", delete=False)  # noqa: SIM115
    packed = tempfile.NamedTemporaryFile(dir=path.parent, prefix=".building-", delete=False)  # noqa: SIM115
    try:
        with plain, packed, gzip.GzipFile(fileobj=packed, mode="wb", compresslevel=6, mtime=0) as compressor:
            for chunk in chunks:
                data = chunk.encode()
                plain.write(data)
                compressor.write(data)
                yield data
        os.replace(packed.name, path.with_name(path.name + ".gz"))
        os.replace(plain.name, path)
        _remove_older(path, prefix, suffix)
    finally:
        # A client that went away mid-way leaves its temporary files behind otherwise.
        for leftover in (plain.name, packed.name):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(leftover)


def _remove_older(path, prefix, suffix):
    """Files of other versions; a request still sending one keeps reading it (the inode stays)."""
    for pattern in (f"{prefix}*{suffix}", f"{prefix}*{suffix}.gz"):
        for other in path.parent.glob(pattern):
            if other.name not in (path.name, path.name + ".gz"):
                with contextlib.suppress(FileNotFoundError):
                    other.unlink()

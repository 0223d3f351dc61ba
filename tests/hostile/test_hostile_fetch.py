"""Issue 17.4 (compression bombs) and 17.15 (bogus charsets), on real loopback servers; and a
property test of content decoding."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib

import pytest
from gather_support import Reply, add, fast_settings, snapshots, sources
from hypothesis import given, settings
from hypothesis import strategies as st

from prospect.decode import Inflater, decode_body, inflater_for
from prospect.gather import gather

HTML = "<html><head><title>Ana García</title></head><body><p>Ana García leads logistics at " \
       "Acme and wants to open two new markets next year.</p></body></html>"


def _gz(data: bytes, level: int = 9) -> bytes:
    return gzip.compress(data, compresslevel=level)


def _zero_bomb(size: int) -> bytes:
    """`size` zero bytes, gzipped chunk by chunk (the test never holds them whole)."""
    co = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * (1024 * 1024)
    out = [co.compress(block) for _ in range(size // len(block))]
    return b"".join(out) + co.flush()


def _run(eng, urls, **kw):  # type: ignore[no-untyped-def]
    pid = add(eng, "Ana García", urls)
    gather(eng, [pid], fast_settings(**kw), actor="test")
    return sources(eng, pid)


def test_two_layers_of_gzip_are_refused_before_inflating_anything(eng, sites) -> None:  # type: ignore[no-untyped-def]
    nested = _gz(_gz(b"\0" * (64 * 1024 * 1024)))  # a few KB on the wire, 64 MB inside
    assert len(nested) < 10_000
    site = sites({"/bomb": Reply(200, nested, {"Content-Type": "text/html",
                                               "Content-Encoding": "gzip, gzip"})})
    tracemalloc.start()
    try:
        src = _run(eng, [site.url("/bomb")])[site.url("/bomb")]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert src.status == "error" and "2 layers of content encoding" in src.error
    assert peak < 32 * 1024 * 1024, peak  # nothing near the bomb's size was ever held
    assert snapshots(eng) == []


def test_a_gzip_bomb_is_stopped_at_the_cap_while_streaming(eng, sites) -> None:  # type: ignore[no-untyped-def]
    bomb = _zero_bomb(256 * 1024 * 1024)
    site = sites({"/bomb": Reply(200, bomb, {"Content-Type": "text/html",
                                             "Content-Encoding": "gzip"})})
    tracemalloc.start()
    try:
        src = _run(eng, [site.url("/bomb")], max_bytes=1024 * 1024)[site.url("/bomb")]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert src.status == "error" and "larger than the 1 MB cap" in src.error
    assert peak < 48 * 1024 * 1024, peak


@pytest.mark.parametrize("coding", ["gzip", "x-gzip", "deflate", "deflate-raw", "identity"])
def test_one_layer_of_encoding_is_decoded(eng, sites, coding: str) -> None:  # type: ignore[no-untyped-def]
    raw = HTML.encode()
    if coding in ("gzip", "x-gzip"):
        body = _gz(raw)
    elif coding == "deflate":
        body = zlib.compress(raw)
    elif coding == "deflate-raw":
        co = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        body, coding = co.compress(raw) + co.flush(), "deflate"
    else:
        body = raw
    site = sites({"/p": Reply(200, body, {"Content-Type": "text/html; charset=utf-8",
                                          "Content-Encoding": coding})})
    src = _run(eng, [site.url("/p")])[site.url("/p")]
    assert src.status == "ok", src.error
    assert site.seen[-1].headers.get("accept-encoding") == "gzip, deflate"


def test_a_body_that_is_not_what_its_encoding_says_is_a_clear_error(eng, sites) -> None:  # type: ignore[no-untyped-def]
    site = sites({"/p": Reply(200, b"not gzip at all", {"Content-Type": "text/html",
                                                        "Content-Encoding": "gzip"}),
                  "/br": Reply(200, b"\x0b\x02\x80", {"Content-Type": "text/html",
                                                      "Content-Encoding": "br"})})
    got = _run(eng, [site.url("/p"), site.url("/br")])
    assert got[site.url("/p")].status == "error"
    assert "not valid gzip" in got[site.url("/p")].error
    assert "unsupported content encoding: br" in got[site.url("/br")].error


@pytest.mark.parametrize("charset", ["base64", "rot13", "hex", "zlib", "idna", "undefined",
                                     "utf-7", "unicode_escape", "no-such-codec"])
def test_a_bogus_charset_is_ignored_and_the_page_is_stored(eng, sites, charset: str) -> None:  # type: ignore[no-untyped-def]
    site = sites({"/p": Reply(200, HTML.encode("utf-8"),
                              {"Content-Type": f"text/html; charset={charset}"}),
                  "/m": Reply(200, HTML.replace("<head>", f'<head><meta charset="{charset}">')
                              .encode("utf-8"), {"Content-Type": "text/html"})})
    got = _run(eng, [site.url("/p"), site.url("/m")])
    for path in ("/p", "/m"):
        src = got[site.url(path)]
        assert src.status == "ok", (path, src.status, src.error)
        assert "LookupError" not in (src.error or "")
        assert len(snapshots(eng, site.url(path))) == 1


def test_decode_body_reads_text_under_any_label() -> None:
    for label in ("base64", "rot13", "hex", "zlib", "idna", "undefined", "bz2", "uu"):
        text, enc = decode_body(HTML.encode("utf-8"), f"text/html; charset={label}")
        assert text == HTML and enc == "utf-8"


@settings(max_examples=300, deadline=None)
@given(body=st.binary(max_size=2000), label=st.text(max_size=20),
       meta=st.text(max_size=20))
def test_no_body_or_label_makes_decoding_raise(body: bytes, label: str, meta: str) -> None:
    raw = f'<meta charset="{meta}">'.encode("utf-8", "replace") + body
    text, enc = decode_body(raw, f"text/html; charset={label}")
    assert isinstance(text, str) and enc
    text.encode("utf-8", "surrogatepass")


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=5000), header=st.sampled_from(
    ["gzip", "deflate", "x-gzip", "gzip, gzip", "br", "", "identity", "GZIP , identity"]),
    room=st.integers(0, 10_000), cut=st.integers(1, 700))
def test_no_body_makes_inflating_raise_anything_but_zlib_error(data: bytes, header: str,
                                                                room: int, cut: int) -> None:
    coded = _gz(data) if "gzip" in header.lower() else zlib.compress(data)
    inf = inflater_for(header)
    if inf is None or isinstance(inf, str):
        return
    assert isinstance(inf, Inflater)
    out = b""
    for i in range(0, len(coded), cut):
        out += inf.feed(coded[i:i + cut], room - len(out))
        assert len(out) <= room
        if inf.over:
            break
    assert out == data[:room]
    assert inf.over == (len(data) > room)
    try:  # garbage in: a zlib.error (turned into a clear status by the fetcher), nothing else
        inflater_for(header).feed(data, room)  # type: ignore[union-attr]
    except zlib.error:
        pass

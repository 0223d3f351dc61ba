"""Run one fuzz target (see targets.py) until a finding or a time limit.

    python tools/fuzz/run.py TARGET [-max_total_time=SECONDS] [-artifact_prefix=DIR/] [CORPUS...]

With atheris installed this is coverage-guided fuzzing (libFuzzer; its other -flags work too),
with our own modules instrumented. Without atheris it falls back to random mutations of the
target's seeds (bit flips, inserted markup bytes, cut, duplicated and spliced ranges) and says
so; both modes end with libFuzzer's "Done N runs in T second(s)" line and write a finding to
ARTIFACT_PREFIX + "crash-<sha1>".
"""

from __future__ import annotations

import hashlib
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from targets import TARGETS, Target, seed_inputs  # noqa: E402

TOKENS = [b"<", b">", b"[", b"]", b"(", b")", b"{", b"}", b'"', b"'", b"\\", b"\0", b"\n",
          b"\r\n", b"\xff", b"\xfe", b"\xed\xa0\x80", b"\x1f\x8b\x08", b"<script>", b"</p>",
          b"<meta charset=", b"[[themes]]", b"BEGIN:VCARD\n", b"END:VCARD\n", b"=",
          b"http://", b"&#", b"\xc3\xad", b";", b","]
MAX_LEN = 65536


def _flags(argv: list[str]) -> tuple[dict[str, str], list[str]]:
    flags = {a[1:].split("=", 1)[0]: a.split("=", 1)[1] for a in argv
             if a.startswith("-") and "=" in a}
    return flags, [a for a in argv if not a.startswith("-")]


def _mutate(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(6)
        at = rng.randint(0, len(buf))
        if op == 0 and buf:
            buf[min(at, len(buf) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            buf[at:at] = rng.choice(TOKENS)
        elif op == 2:
            del buf[at:at + rng.randint(1, 64)]
        elif op == 3:
            buf[at:at] = buf[max(at - rng.randint(1, 256), 0):at]
        elif op == 4:
            other = rng.choice(pool)
            cut = rng.randint(0, len(other))
            buf[at:] = other[cut:cut + rng.randint(0, 4096)]
        else:
            buf[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    return bytes(buf[:MAX_LEN])


def _finding(prefix: str, data: bytes) -> None:
    path = Path(f"{prefix}crash-{hashlib.sha1(data).hexdigest()}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"Test unit written to {path}", file=sys.stderr)


def random_mode(target: Target, argv: list[str]) -> int:
    flags, corpus = _flags(argv)
    seconds = float(flags.get("max_total_time", "60"))
    prefix = flags.get("artifact_prefix", "./")
    pool = seed_inputs(target) + [p.read_bytes() for d in corpus for p in Path(d).glob("*")
                                  if p.is_file()]
    rng = random.Random(int(flags.get("seed", "0")) or None)
    print(f"INFO: atheris is not installed: random mutations of {len(pool)} seeds",
          file=sys.stderr)
    start, runs = time.monotonic(), 0
    while time.monotonic() - start < seconds:
        data = _mutate(rng, rng.choice(pool), pool)
        runs += 1
        try:
            target.run(data)
        except Exception:  # noqa: BLE001 - every exception is a finding
            print("=== Uncaught Python exception: ===", file=sys.stderr)
            traceback.print_exc()
            _finding(prefix, data)
            print(f"Done {runs} runs in {int(time.monotonic() - start)} second(s)",
                  file=sys.stderr)
            return 1
        if len(data) < MAX_LEN // 4 and rng.random() < 0.05:
            pool.append(data)  # keep some inputs to build on
    print(f"Done {runs} runs in {int(time.monotonic() - start)} second(s)", file=sys.stderr)
    return 0


def atheris_mode(atheris: object, target: Target, argv: list[str]) -> None:
    with atheris.instrument_imports(include=["prospect"]):  # type: ignore[attr-defined]
        for seed in seed_inputs(target):  # imports the target's modules, instrumented
            try:
                target.run(seed)
            except Exception:  # noqa: BLE001,S110 - the fuzzer will find it again
                pass
    atheris.Setup([sys.argv[0], *argv], target.run)  # type: ignore[attr-defined]
    atheris.Fuzz()  # type: ignore[attr-defined]


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in TARGETS:
        print(f"usage: run.py TARGET [libFuzzer flags] [CORPUS...]; targets: "
              f"{', '.join(TARGETS)}", file=sys.stderr)
        return 2
    target, rest = TARGETS[argv[0]], argv[1:]
    if "--random" not in rest:
        try:
            import atheris
        except ImportError:
            atheris = None
        if atheris is not None:
            atheris_mode(atheris, target, rest)
            return 0
    return random_mode(target, [a for a in rest if a != "--random"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

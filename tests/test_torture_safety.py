"""No surprises from the outside: interrupts, the network, writes outside --out.

These run the real command line in a subprocess, so that signals are real
signals and every file the builder opens is seen by an audit hook.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from events.release import latest

ROOT = Path(__file__).resolve().parents[1]

ARTICLE = ("Libyan security forces arrested three smugglers near the border with Tunisia on "
           "Sunday, the interior ministry said.")


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "EVENTS"))}
    env.update(PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1", HOME=str(tmp / "home"),
               TMPDIR=str(tmp / "tmp"), PYTHONHASHSEED="0")
    (tmp / "home").mkdir(exist_ok=True)
    (tmp / "tmp").mkdir(exist_ok=True)
    return env


def _corpus(folder: Path, n: int = 40) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "a.jsonl").open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"a{i}", "text": f"Item {i}. " + ARTICLE}) + "\n")
    return folder


def _run_build(tmp: Path, corpus: Path, out: Path, patch: str = "") -> subprocess.Popen[str]:
    """Start `events build` in a subprocess, after running `patch` (Python) in it."""
    # A shell that starts a job in the background makes it ignore SIGINT, and
    # Python keeps an ignored SIGINT so: give the build the Ctrl-C of a terminal
    # whatever runs the tests.
    script = textwrap.dedent("""
        import signal, sys, time
        signal.signal(signal.SIGINT, signal.default_int_handler)
        import events.build as b
        {patch}
        from events.cli import main
        sys.exit(main(sys.argv[1:]))
    """).format(patch=textwrap.indent(textwrap.dedent(patch), "").strip())
    return subprocess.Popen(
        [sys.executable, "-c", script, "build", str(corpus), "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(tmp), cwd=tmp)


def _wait_for(proc: subprocess.Popen[str], marker: str, timeout: float = 60) -> None:
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ln = proc.stdout.readline()
        if marker in ln:
            return
        if not ln and proc.poll() is not None:
            raise AssertionError(f"build ended before {marker!r}: {proc.stderr.read()}")  # type: ignore[union-attr]
    raise AssertionError(f"no {marker!r} within {timeout}s")


def _first_release(tmp: Path, corpus: Path, out: Path) -> str:
    p = _run_build(tmp, corpus, out)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    v = latest(out)
    assert v is not None
    return v


SLOW_CODING = """
    real = b.code_batch
    def slow(articles, lex):
        print("CODING", flush=True)
        time.sleep(60)
        return real(articles, lex)
    b.code_batch = slow
"""

SLOW_WRITING = """
    import events.release as r
    real = r.write_parquet
    def slow(df, table, path):
        n = real(df, table, path)
        print("WROTE", path, flush=True)
        time.sleep(60)
        return n
    r.write_parquet = slow
"""


@pytest.mark.parametrize(("patch", "marker"), [(SLOW_CODING, "CODING"), (SLOW_WRITING, "WROTE")],
                         ids=["while-coding", "while-writing-the-release"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_interrupt_stops_cleanly_without_a_partial_release(
        tmp_path: Path, patch: str, marker: str, sig: int) -> None:
    corpus = _corpus(tmp_path / "in")
    out = tmp_path / "out"
    before = _first_release(tmp_path, corpus, out)
    (corpus / "b.jsonl").write_text(json.dumps({"id": "new", "text": ARTICLE}) + "\n")
    proc = _run_build(tmp_path, corpus, out, patch)
    _wait_for(proc, marker)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    last = err.strip().splitlines()[-1]
    assert last.startswith("events: interrupted after reading 41 records and coding "), err
    assert "no partial release is left" in last
    assert latest(out) == before
    assert [p.name for p in (out / "releases").iterdir()] == [before]
    staging = out / ".staging"
    assert not staging.exists() or not any(staging.iterdir())
    assert not (out / ".lock").exists() or _lock_is_free(out)


def _lock_is_free(out: Path) -> bool:
    from filelock import FileLock, Timeout

    try:
        with FileLock(str(out / ".lock"), timeout=0):
            return True
    except Timeout:
        return False


AUDIT = """
    import os, sys, socket
    LOG = []
    WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
    ON = [True]
    def hook(event, args):
        if not ON[0]:
            return
        if event == "open":
            path, mode, flags = args
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or \\
                (isinstance(flags, int) and flags & WRITE_FLAGS)
            if writing and isinstance(path, (str, bytes, os.PathLike)):
                LOG.append(("write", os.fsdecode(path)))
        elif event in ("os.rename", "os.replace", "os.link", "os.symlink"):
            LOG.append(("write", os.fsdecode(args[1])))
        elif event in ("os.remove", "os.rmdir", "os.mkdir", "shutil.rmtree", "os.truncate",
                       "os.chmod", "os.utime"):
            if isinstance(args[0], (str, bytes, os.PathLike)):
                LOG.append(("write", os.fsdecode(args[0])))
        elif event == "sqlite3.connect":
            LOG.append(("write", os.fsdecode(args[0])))
        elif event.startswith("socket.") or event in ("urllib.Request", "http.client.connect"):
            LOG.append(("net", event + " " + repr(args)[:200]))
            raise OSError("network disabled by the test")  # and the attempt fails
    sys.addaudithook(hook)
    import atexit, json
    def dump():
        ON[0] = False  # the log file itself is the test's, not the builder's
        with open(os.environ["AUDIT_LOG"], "w") as f:
            f.write(json.dumps(LOG))
    atexit.register(dump)
"""


def test_builder_writes_only_under_out_and_never_touches_the_network(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in", 5)
    (corpus / "page.html").write_text(
        '<!DOCTYPE html [<!ENTITY e SYSTEM "http://192.0.2.1/secret">]><html><head>'
        '<link rel="stylesheet" href="http://192.0.2.1/style.css">'
        '<script src="https://192.0.2.1/tracker.js"></script>'
        '<meta http-equiv="refresh" content="0; url=http://192.0.2.1/"></head><body>'
        '<img src="http://192.0.2.1/pixel.gif"><iframe src="http://192.0.2.1/frame"></iframe>'
        "<p>&e;</p><p>" + ARTICLE + "</p></body></html>")
    (corpus / "bad.jsonl").write_text('{"id": "../../../../escape", "text": "' + ARTICLE + '"}\n'
                                      "{broken\n")
    out = tmp_path / "work" / "out"
    log = tmp_path / "audit.json"
    env = _env(tmp_path)
    env["AUDIT_LOG"] = str(log)
    script = textwrap.dedent(AUDIT) + textwrap.dedent("""
        from events.cli import main
        sys.exit(main(sys.argv[1:]))
    """)
    (tmp_path / "work").mkdir()
    p = subprocess.run([sys.executable, "-c", script, "build", str(corpus), "--out", str(out)],
                       capture_output=True, text=True, env=env, cwd=tmp_path / "work",
                       timeout=300)
    assert p.returncode == 0, p.stderr
    events = json.loads(log.read_text())
    net = [e for kind, e in events if kind == "net"]
    assert net == [], net
    writes = sorted({e for kind, e in events if kind == "write"})
    outside = [w for w in writes
               if not os.path.realpath(w).startswith(os.path.realpath(out) + os.sep)
               and os.path.realpath(w) != os.path.realpath(out)
               and not w.startswith("/dev/")]
    assert outside == [], outside
    assert any(w.endswith("manifest.json") for w in writes)  # the hook did see the writes
    assert not (tmp_path / "escape").exists()


def test_the_audit_hook_sees_network_and_writes(tmp_path: Path) -> None:
    """The hook of the test above is not blind: it catches a fetch and a stray write."""
    log = tmp_path / "audit.json"
    env = _env(tmp_path)
    env["AUDIT_LOG"] = str(log)
    script = textwrap.dedent(AUDIT) + textwrap.dedent(f"""
        import urllib.request
        try:
            urllib.request.urlopen("http://192.0.2.1/x", timeout=1)
        except Exception:
            pass
        open({str(tmp_path / "stray.txt")!r}, "w").close()
    """)
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                       timeout=60)
    assert p.returncode == 0, p.stderr
    events = json.loads(log.read_text())
    assert any(kind == "net" for kind, _ in events)
    assert ["write", str(tmp_path / "stray.txt")] in events


def test_build_succeeds_with_sockets_disabled_in_process(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*a: object, **k: object) -> None:
        raise OSError("network disabled by the test")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    from events.build import BuildOptions, build

    corpus = _corpus(tmp_path / "in", 3)
    (corpus / "p.html").write_text('<img src="http://192.0.2.1/x.gif"><p>' + ARTICLE + "</p>")
    s = build([corpus], BuildOptions(out=tmp_path / "out"))
    assert s.read == 4 and s.coded == 4 and s.rejected == 0


def test_the_output_root_inside_an_input_folder_is_not_read(tmp_path: Path) -> None:
    from events.build import BuildOptions, build

    corpus = _corpus(tmp_path / "in", 3)
    out = corpus / "output"
    first = build([corpus], BuildOptions(out=out, version="2026.01.0"))
    second = build([corpus], BuildOptions(out=out, version="2026.01.1"))
    assert first.read == second.read == 3
    assert second.rejected == 0 and second.from_cache == 3

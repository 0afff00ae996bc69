"""``holdspace serve`` on a random loopback port, in its own process: Range, HEAD, MIME types,
20 phones downloading an hour-long track at once in bounded memory, traversal attempts, methods
other than GET/HEAD, and Ctrl-C."""

from __future__ import annotations

import hashlib
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from generator.publish import server

from .conftest import REPO, run
from .helpers import make_track

SECRET = "TOP-SECRET-7f3a9c"
LAUNCH = """
import sys
from generator.errors import HoldspaceError
from generator.publish.commands import serve_command
try:
    with serve_command.make_context("serve", sys.argv[1:]) as ctx:
        serve_command.invoke(ctx)
except KeyboardInterrupt:
    print("holdspace: interrupted", file=sys.stderr)
    sys.exit(130)
except HoldspaceError as exc:  # as the CLI prints it
    print(exc, file=sys.stderr)
    sys.exit(exc.exit_code)
"""


@dataclass(frozen=True)
class Served:
    url: str
    port: int
    proc: subprocess.Popen
    site: Path


def start_serving(site: Path, *extra: str) -> Served:
    proc = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, str(site), "--port", "0", *extra],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    ready, _, _ = select.select([proc.stdout], [], [], 30)
    assert ready, "serve printed nothing in 30 s"
    line = proc.stdout.readline()
    assert line.startswith("serving ") and " at http://127.0.0.1:" in line, line
    url = line.split(" at ", 1)[1].split()[0]
    return Served(url, int(url.rsplit(":", 1)[1].strip("/")), proc, site)


def stop(served: Served) -> str:
    """Ctrl-C, then its last words. The wait only catches a hang: on a machine busy with the
    lint tests' encoder, 10 s was once too short for a prompt shutdown."""
    served.proc.send_signal(signal.SIGINT)
    _, err = served.proc.communicate(timeout=60)
    return err


@pytest.fixture(scope="module")
def hour_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A published site with a 60-minute track, a secret file beside it and symlinks out."""
    root = tmp_path_factory.mktemp("serve")
    tracks = root / "tracks"
    tracks.mkdir()
    make_track(tracks, "long", "One Hour", 3600, chapters=[("Start", 0.0), ("Middle", 1800.0)])
    make_track(tracks, "short", "Short", 6)
    site = root / "site"
    result = run("publish", tracks, "-o", site, "--base-url", "http://127.0.0.1:8000/")
    assert result.exit_code == 0, result.output
    (root / "secret.txt").write_text(SECRET)
    (site / "escape.txt").symlink_to(root / "secret.txt")
    (site / "outdir").symlink_to(root)
    (site / "sub").mkdir()
    (site / "sub" / "inner.txt").write_text("inside")
    return site


@pytest.fixture(scope="module")
def served(hour_site: Path) -> Iterator[Served]:
    s = start_serving(hour_site)
    yield s
    stop(s)


def get(url: str, method: str = "GET", **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def raw(port: int, target: bytes, method: bytes = b"GET") -> tuple[int, bytes]:
    """Send a request line exactly as given (no client normalizes it); (status, whole reply)."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(
            method + b" " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        reply = b""
        while chunk := s.recv(65536):
            reply += chunk
    return int(reply.split(b" ", 2)[1]), reply


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_ranges_are_206_with_exactly_the_asked_bytes(served: Served) -> None:
    data = (served.site / "long.mp3").read_bytes()
    size = len(data)
    assert size > 28_000_000
    cases = {
        "bytes=0-0": (0, 1),
        "bytes=0-99": (0, 100),
        "bytes=1000000-1999999": (1_000_000, 2_000_000),
        f"bytes={size - 10}-{size + 500}": (size - 10, size),
        "bytes=28000000-": (28_000_000, size),
        "bytes=-1234": (size - 1234, size),
    }
    for header, (a, b) in cases.items():
        status, headers, body = get(served.url + "long.mp3", Range=header)
        assert status == 206, header
        assert headers["Content-Range"] == f"bytes {a}-{b - 1}/{size}", header
        assert int(headers["Content-Length"]) == b - a
        assert sha(body) == sha(data[a:b]), header
    status, headers, body = get(served.url + "long.mp3")
    assert status == 200 and headers["Accept-Ranges"] == "bytes" and sha(body) == sha(data)


def test_unsatisfiable_ranges_are_416(served: Served) -> None:
    size = (served.site / "long.mp3").stat().st_size
    for header in (f"bytes={size}-", f"bytes={size + 10}-{size + 20}"):
        status, headers, _ = get(served.url + "long.mp3", Range=header)
        assert status == 416, header
        assert headers["Content-Range"] == f"bytes */{size}"


def test_head_says_the_length_and_sends_nothing(served: Served) -> None:
    size = (served.site / "long.mp3").stat().st_size
    status, reply = raw(served.port, b"/long.mp3", b"HEAD")
    head, _, body = reply.partition(b"\r\n\r\n")
    assert status == 200 and body == b""
    assert f"Content-Length: {size}".encode() in head
    assert b"Content-Type: audio/mpeg" in head


@pytest.mark.parametrize(
    ("name", "mime"),
    [
        ("", "text/html"),
        ("long.mp3", "audio/mpeg"),
        ("long.vtt", "text/vtt"),
        ("long.chapters.json", "application/json"),
        ("manifest.webmanifest", "application/manifest+json"),
        ("feed.xml", "application/rss+xml"),
        ("app.js", "text/javascript"),
        ("sw.js", "text/javascript"),
        ("app.css", "text/css"),
        ("icon-192.png", "image/png"),
    ],
)
def test_mime_types(served: Served, name: str, mime: str) -> None:
    status, headers, _ = get(served.url + name, method="HEAD")
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == mime
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("method", [b"POST", b"PUT", b"DELETE", b"PATCH", b"OPTIONS"])
def test_only_get_and_head(served: Served, method: bytes) -> None:
    status, reply = raw(served.port, b"/index.html", method)
    assert status == 405
    assert b"Allow: GET, HEAD" in reply


TRAVERSALS = [
    b"/../secret.txt",
    b"/../../../../etc/passwd",
    b"/%2e%2e/secret.txt",
    b"/%2E%2E/%2e%2e/etc/passwd",
    b"/..%2fsecret.txt",
    b"/%2e%2e%2fsecret.txt",
    b"/sub/..%2f..%2fsecret.txt",
    b"/%2fetc/passwd",
    b"//etc/passwd",
    b"/etc/passwd",
    b"http://127.0.0.1/../secret.txt",
    b"/escape.txt",
    b"/outdir/secret.txt",
    b"/outdir/tracks/long.vtt",
    b"/secret.txt%00.mp3",
    b"/index.html%00",
    b"/index.html\x00",
    b"/..\\secret.txt",
    b"/%5c..%5csecret.txt",
    b"/.holdspace-site.json",
    b"/sub/",
    b"/sub",
    b"/./index.html",
]


@pytest.mark.parametrize("target", TRAVERSALS, ids=[t.decode("latin-1") for t in TRAVERSALS])
def test_nothing_outside_the_site_or_hidden(served: Served, target: bytes) -> None:
    status, reply = raw(served.port, target)
    assert 400 <= status < 500, (target, status)
    assert SECRET.encode() not in reply and b"root:" not in reply


def test_a_file_inside_a_subfolder_is_still_served(served: Served) -> None:
    assert get(served.url + "sub/inner.txt")[2] == b"inside"


def test_twenty_phones_download_an_hour_at_once_in_bounded_memory(served: Served) -> None:
    path = served.site / "long.mp3"
    want = sha(path.read_bytes())
    proc = psutil.Process(served.proc.pid)
    get(served.url + "short.mp3")  # warm up: the first request imports what serving needs
    baseline = proc.memory_info().rss
    peak = baseline
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, proc.memory_info().rss)
            time.sleep(0.02)

    def download(_: int) -> str:
        digest = hashlib.sha256()
        with urllib.request.urlopen(served.url + "long.mp3", timeout=120) as r:
            while block := r.read(1 << 16):
                digest.update(block)
        return digest.hexdigest()

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with ThreadPoolExecutor(20) as pool:
            got = list(pool.map(download, range(20)))
    finally:
        done.set()
        watcher.join()
    assert got == [want] * 20
    grown = (peak - baseline) / 1e6
    assert grown < 40, f"server grew by {grown:.0f} MB for 20 downloads of a 29 MB file"


def test_ctrl_c_is_one_line_even_mid_download(hour_site: Path) -> None:
    s = start_serving(hour_site)
    with socket.create_connection(("127.0.0.1", s.port), timeout=60) as sock:
        sock.sendall(b"GET /long.mp3 HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.recv(1024)  # the download has started; the client stops reading
        err = stop(s)
    assert s.proc.returncode == 130
    assert "Traceback" not in err and "Exception" not in err, err
    assert err.strip().splitlines()[-1] == f"holdspace: stopped serving {hour_site}", err


def test_serve_refuses_a_folder_publish_did_not_make(tmp_path: Path) -> None:
    result = run("serve", tmp_path)
    assert result.exit_code == 2 and "not made by holdspace publish" in result.stderr
    # a folder of tracks: the hint publishes them elsewhere (a tester was told to publish into it)
    (tmp_path / "a.mp3").write_bytes(b"")
    result = run("serve", tmp_path)
    assert result.exit_code == 2 and f"holdspace publish {tmp_path} -o SITE" in result.stderr
    result = run("serve", tmp_path / "missing")
    assert result.exit_code == 2 and "no such folder" in result.stderr
    (tmp_path / "site-class").mkdir()  # a letter out: the folder that is there
    result = run("serve", tmp_path / "site-clas")
    assert f"did you mean '{tmp_path / 'site-class'}'?" in result.stderr
    (tmp_path / "track.yaml").write_text("holdspace: 1\n")
    result = run("serve", tmp_path / "track.yaml")
    assert result.exit_code == 2 and "is a file, not a site" in result.stderr


def test_a_port_in_use_is_one_line(hour_site: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = run("serve", hour_site, "--port", port)
    assert result.exit_code == 2 and "in use" in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("port", ["abc", "70000", "80.5", "８０"])
def test_a_port_that_is_not_a_number_says_what_is(hour_site: Path, port: str) -> None:
    result = run("serve", hour_site, "--port", port)
    assert result.exit_code == 2
    assert f"'{port}' is not a port number; give one from 1 to 65535" in result.stderr


def test_lan_prints_page_and_feed_with_qr_codes(
    hour_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "serve_until_interrupted", lambda httpd: httpd.server_close())
    monkeypatch.setattr(server, "lan_addresses", lambda: [])
    result = run("serve", hour_site, "--lan")
    assert result.exit_code == 2 and "--host" in result.stderr
    result = run("serve", hour_site, "--lan", "--host", "127.0.0.1", "--port", "0")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    url = lines[0].split(" at ", 1)[1].split()[0]
    assert f"page: {url}" in lines
    assert f"podcast feed: {url}feed.xml" in lines
    # the feed names another address (8000): no code to hand out for it, and the note says why
    after_feed = lines[lines.index(f"podcast feed: {url}feed.xml") + 1 :]
    assert _qr_codes(result.stdout) == 1 and "█" not in "".join(after_feed[:1])
    assert "publish again with --base-url" in result.stderr
    with socket.socket() as probe:  # a port free now, for a site published for it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    matched = hour_site.parent / f"site-{port}"
    base = f"http://127.0.0.1:{port}/"
    assert (
        run("publish", hour_site.parent / "tracks", "-o", matched, "--base-url", base).exit_code
        == 0
    )
    result = run("serve", matched, "--lan", "--host", "127.0.0.1", "--port", port)
    assert result.exit_code == 0, result.output
    assert _qr_codes(result.stdout) == 2 and "note:" not in result.stderr  # page and feed


def _qr_codes(text: str) -> int:
    """How many QR codes (runs of lines in block characters) ``text`` holds."""
    runs, inside = 0, False
    for line in text.splitlines():
        runs += "█" in line and not inside
        inside = "█" in line
    return runs


def test_lan_answers_phones_at_the_lan_address_and_this_computer_at_localhost(
    hour_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A README-only tester opened localhost after serve --lan and got nothing: --lan listens on
    every address, names the LAN one for phones and 127.0.0.1 for this computer. (127.0.0.2
    stands in for the Wi-Fi address: a loopback address the test machine surely has.)"""
    answers: dict[str, int] = {}

    def fetch_both(httpd: object) -> None:
        serving = threading.Thread(target=httpd.serve_forever)
        serving.start()
        try:
            for host in ("127.0.0.2", "127.0.0.1"):
                with urllib.request.urlopen(f"http://{host}:{httpd.port}/", timeout=30) as page:
                    answers[host] = page.status
        finally:
            httpd.shutdown()
            serving.join()
            httpd.server_close()

    monkeypatch.setattr(server, "serve_until_interrupted", fetch_both)
    monkeypatch.setattr(server, "lan_addresses", lambda: ["127.0.0.2"])
    result = run("serve", hour_site, "--lan", "--port", "0")
    assert result.exit_code == 0, result.output
    assert answers == {"127.0.0.2": 200, "127.0.0.1": 200}
    first = result.stdout.splitlines()[0]
    port = first.split("127.0.0.2:", 1)[1].split("/")[0]
    assert first.startswith(f"serving {hour_site} at http://127.0.0.2:{port}/, and at ")
    assert f"http://127.0.0.1:{port}/ on this computer" in first
    assert f"page: http://127.0.0.2:{port}/" in result.stdout  # the QR code is the phones' address


def test_lan_addresses_are_private_and_found_without_traffic() -> None:
    import ipaddress

    for address in server.lan_addresses():
        ip = ipaddress.ip_address(address)
        assert ip.is_private and not ip.is_loopback


def test_a_site_without_a_feed_says_so_when_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Published without --base-url, the page works but podcast apps have nothing to add:
    serve says so, with the address to publish again with."""
    monkeypatch.setattr(server, "serve_until_interrupted", lambda httpd: httpd.server_close())
    tracks = tmp_path / "tracks"
    tracks.mkdir()
    make_track(tracks, "short", "Short", 6)
    assert run("publish", tracks, "-o", tmp_path / "site").exit_code == 0
    result = run("serve", tmp_path / "site", "--port", "0")
    assert result.exit_code == 0, result.output
    assert "podcast feed" not in result.stdout
    (note,) = result.stderr.splitlines()
    assert note.startswith("note: no podcast feed:") and "--base-url http://127.0.0.1:" in note
    # a phone cannot reach 127.0.0.1: the note says how phones can (a tester followed it)
    assert note.endswith(
        "for phones on your Wi-Fi, serve with --lan and publish with the address it prints"
    )

"""``holdspace serve``: a published site, read-only, for phones on the same network.

werkzeug does the HTTP: its threaded server streams every response in small blocks (memory stays
bounded however many phones download at once) and ``send_file(conditional=True)`` answers Range
(206, 416), If-Range, ETag and HEAD. This module only decides which file a URL may name: a file
inside SITE, by a plain path; nothing hidden, no folder listing, no way out through ``..``, encoded
slashes or symlinks. It never opens a connection of its own.
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import os
import socket
import struct
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from werkzeug.exceptions import HTTPException
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.utils import send_file
from werkzeug.wrappers import Response

from generator.errors import InputError

log = logging.getLogger(__name__)
TYPES = {
    ".mp3": "audio/mpeg",
    ".vtt": "text/vtt",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/rss+xml",
    ".js": "text/javascript",
    ".css": "text/css",
    ".html": "text/html",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".lrc": "text/plain",
    ".m3u8": "audio/mpegurl",
}
ALLOW = "GET, HEAD"
BAD_RAW = ("%2f", "%5c", "%00", "\\", "\x00")


class SiteApp:
    """WSGI app serving the files of one folder, GET and HEAD only."""

    def __init__(self, root: Path) -> None:
        self.root = Path(os.path.realpath(root))

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        return self.respond(environ)(environ, start_response)

    def respond(self, environ: dict[str, Any]) -> Response:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return _plain("only GET and HEAD here: this site is read-only", 405, Allow=ALLOW)
        path = self.locate(environ)
        if path is None:
            return _plain("not found", 404)
        try:
            response = send_file(
                path, environ, mimetype=TYPES.get(path.suffix.lower(), "application/octet-stream")
            )
        except HTTPException as exc:  # 416 for a range outside the file, with its Content-Range
            return exc.get_response(environ)
        except OSError:  # unreadable, or gone since it was found
            return _plain("not found", 404)
        response.headers["Cache-Control"] = "no-cache"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    def locate(self, environ: dict[str, Any]) -> Path | None:
        """The file a request names, or None: decoded ``..``, encoded ``/`` or ``\\``, NUL,
        hidden names, folders other than the root, and anything resolving outside SITE."""
        raw = str(environ.get("RAW_URI") or environ.get("REQUEST_URI") or "")
        if any(bad in raw.lower() for bad in BAD_RAW):
            return None
        try:
            path = str(environ.get("PATH_INFO", "")).encode("latin-1").decode("utf-8")
        except UnicodeError:
            return None
        if not path.startswith("/") or "\x00" in path or "\\" in path:
            return None
        parts = path[1:].split("/")
        if parts == [""]:
            parts = ["index.html"]
        if any(not p or p.startswith(".") for p in parts):
            return None  # "..", ".", hidden files, empty segments, folder URLs ("x/")
        real = Path(os.path.realpath(self.root.joinpath(*parts)))
        if self.root not in real.parents or not real.is_file():
            return None
        return real


def _plain(text: str, status: int, **headers: str) -> Response:
    return Response(text + "\n", status=status, mimetype="text/plain", headers=headers)


class _QuietHandler(WSGIRequestHandler):
    """Request lines go to the debug log, not the terminal the teacher reads the QR codes on."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        log.debug('"%s" %s %s', self.requestline, code, size)


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def start(root: Path, host: str, port: int) -> BaseWSGIServer:
    """A threaded server listening on ``host:port`` (``port`` 0: any free port), not yet serving.

    The socket is bound here, not by werkzeug (which prints and exits when a port is taken), and
    ``host`` must be an address: a name lookup could ask a DNS server, and serve asks nothing."""
    if host == "localhost":
        host = "127.0.0.1"
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST | socket.AI_PASSIVE
        )[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(f"--host {host}: give an IP address, such as 127.0.0.1") from exc
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(64)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise InputError(
                f"port {port} on {host} is in use: pick another with --port (0 picks a free one)"
            ) from exc
        raise InputError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}): check --host"
        ) from exc
    try:
        return make_server(
            host,
            port,
            SiteApp(root),
            threaded=True,
            request_handler=_QuietHandler,
            fd=sock.fileno(),
        )
    finally:
        sock.close()  # werkzeug keeps its own duplicate of the socket


def serve_until_interrupted(server: BaseWSGIServer) -> None:
    """Serve until Ctrl-C, then raise KeyboardInterrupt for the CLI's one line and exit 130.

    werkzeug's ``serve_forever`` swallows KeyboardInterrupt and returns, and nothing here ever
    calls ``shutdown``, so returning means interrupted. The listening socket is closed first;
    request threads are daemons, so a download cut short prints nothing."""
    try:
        server.serve_forever()
    finally:
        server.server_close()
    raise KeyboardInterrupt


VIRTUAL = ("lo", "docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "tun", "tap", "utun", "wg")


def lan_addresses() -> list[str]:
    """This machine's private IPv4 addresses (Wi-Fi, Ethernet), best guess first, found by asking
    the kernel for each interface's address: no packet is sent and no name is looked up.
    Container bridges and VPN tunnels are left out, and 192.168.x.x (home and venue Wi-Fi) comes
    before 10.x.x.x and 172.16-31.x.x."""
    request = {"linux": 0x8915}.get(sys.platform, 0xC0206921)  # SIOCGIFADDR
    try:
        import fcntl

        names = [name for _, name in socket.if_nameindex() if not name.startswith(VIRTUAL)]
    except (ImportError, OSError, AttributeError):
        return []
    found: list[str] = []
    for name in names:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            try:
                packed = fcntl.ioctl(s.fileno(), request, struct.pack("256s", name.encode()[:15]))
            except OSError:
                continue
        text = socket.inet_ntoa(packed[20:24])
        ip = ipaddress.ip_address(text)
        if ip.is_private and not (ip.is_loopback or ip.is_link_local) and text not in found:
            found.append(text)
    return sorted(found, key=lambda a: (not a.startswith("192.168."), not a.startswith("10.")))


def qr_text(url: str) -> str:
    """A QR code of ``url`` drawn with block characters, for phones' cameras to read off a
    terminal."""
    import io

    import segno

    buffer = io.StringIO()
    segno.make(url, error="m", micro=False).terminal(out=buffer, compact=True, border=2)
    return buffer.getvalue()

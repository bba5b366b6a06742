"""A real load balancer (HAProxy, from Debian's packages) in front of several web servers, as
production runs (docs/deployment.md): used by `make bench --servers N` and by the
kill-a-server test (tests/scaleout/test_kill_a_server.py). One configuration for both."""

import shutil
import subprocess
import tempfile
from pathlib import Path

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"

CONFIG = """
global
    maxconn 1024
defaults
    mode http
    timeout connect 1s
    timeout client 60s
    timeout server 60s
    timeout check 10s
    # A request that got no answer goes again, to another server.
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout
    # Keep connections to the servers open between requests, as gunicorn allows.
    http-reuse safe
frontend site
    bind 127.0.0.1:{port}
    default_backend web
backend web
    balance roundrobin
    option httpchk
    http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host localhost
{servers}
"""


def installed() -> bool:
    return Path(HAPROXY).exists()


def config(port: int, backends: list[str]) -> str:
    """The configuration for a balancer on `port` in front of `backends` ("host:port")."""
    servers = "\n".join(
        f"    server web{number} {backend} check inter 500 fall 2 rise 2"
        for number, backend in enumerate(backends)
    )
    return CONFIG.format(port=port, servers=servers)


def start(port: int, backends: list[str], log) -> subprocess.Popen:
    """Start HAProxy in the foreground (stopped with terminate()); its output goes to `log`."""
    folder = Path(tempfile.mkdtemp(prefix="vru-haproxy-"))
    path = folder / "haproxy.cfg"
    path.write_text(config(port, backends))
    return subprocess.Popen([HAPROXY, "-db", "-f", str(path)], stdout=log, stderr=log)  # noqa: S603

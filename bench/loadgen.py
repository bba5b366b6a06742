"""A small HTTP/1.1 load generator on asyncio streams, run as its own process by run_load.py.

Fixed concurrency, fixed duration, loopback only. Keeps connections alive when the server
allows it and reconnects when it does not (gunicorn's sync workers close after each response).

A flow (`module:async function(connection, path)`) is run over and over by each client. Every
request it makes is timed under a label (`request` unless the flow names one), so a flow of
several requests can report, say, its submissions apart from the pages leading to them. A
flow may append what the server acknowledged to `connection.run["acks"]` for the
scenario's verify step to check against the database.

Prints one JSON object: per label, the latencies in milliseconds and the errors; the
acknowledgements; and the measured time.

    python bench/loadgen.py --port 8123 --path / --concurrency 16 --duration 20
"""

import argparse
import asyncio
import contextlib
import importlib
import json
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

LOOPBACK = "127.0.0.1"
MAX_BODY_BYTES = 20 * 1024 * 1024
DEFAULT_LABEL = "request"
MAX_MESSAGES = 5


class HttpError(Exception):
    pass


class RunOver(Exception):
    """The phase's time is up: the client stops before sending another request."""


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Connection:
    """One client's connection; reopened whenever the server closes it.

    `cookies` is the client's cookie jar; a flow that plays several visitors passes its own
    jar per request. `samples` collects (label, milliseconds) for every completed request,
    `state` is the client's own scratch space (kept from the warm-up into the measured
    phase), and `run` is shared by every client of the run (acknowledgements go in
    `run["acks"]`). Once `deadline` has passed, a request raises RunOver instead of being sent
    (unless it is not `stoppable`), so a long flow does not run past the measured time.
    """

    port: int
    host_header: str = LOOPBACK
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    cookies: dict[str, str] = field(default_factory=dict)
    samples: list[tuple[str, float]] = field(default_factory=list)
    state: dict = field(default_factory=dict)
    run: dict = field(default_factory=dict)
    deadline: float | None = None
    # The label of the request in flight, so a failure is counted against it.
    current_label: str = DEFAULT_LABEL

    def sibling(self) -> "Connection":
        """A second connection for the same client (a double click, a retry), recording its
        samples with this one's."""
        return Connection(
            self.port,
            self.host_header,
            samples=self.samples,
            run=self.run,
            deadline=self.deadline,
        )

    async def request(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        *,
        label: str = DEFAULT_LABEL,
        cookies: dict[str, str] | None = None,
        stoppable: bool = True,
    ) -> Reply:
        """Send one request and read the reply, timing it under `label`. A flow passes
        `stoppable=False` for a request whose answer it must record once it has started (a
        submission), so the run's end never cuts it off between sending and recording."""
        if stoppable and self.deadline is not None and time.monotonic() >= self.deadline:
            raise RunOver
        self.current_label = label
        jar = self.cookies if cookies is None else cookies
        started = time.perf_counter()
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(LOOPBACK, self.port)
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host_header}",
            "Connection: keep-alive",
            "User-Agent: vru-bench",
            # As if a TLS-terminating load balancer were in front, which production assumes.
            "X-Forwarded-Proto: https",
        ]
        if jar:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in jar.items()))
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        if method == "POST":
            # Browsers send Origin with every POST; Django's CSRF check needs it over HTTPS.
            lines.append(f"Origin: https://{self.host_header}")
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await self.writer.drain()
        reply = await self._read_reply(jar)
        if reply.headers.get("connection", "").lower() == "close":
            await self.close()
        self.samples.append((label, (time.perf_counter() - started) * 1000))
        return reply

    async def _read_reply(self, jar: dict[str, str]) -> Reply:
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                name = name.strip().lower()
                if name == "set-cookie":
                    cookie, *attributes = value.strip().split(";")
                    key, _, cookie_value = cookie.partition("=")
                    expired = any(a.strip().lower() == "max-age=0" for a in attributes)
                    if expired or not cookie_value.strip('"'):
                        jar.pop(key.strip(), None)
                    else:
                        jar[key.strip()] = cookie_value
                headers[name] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = await self._read_chunked()
        elif "content-length" in headers:
            length = int(headers["content-length"])
            if length > MAX_BODY_BYTES:
                raise HttpError(f"body too large: {length}")
            body = await self.reader.readexactly(length)
        else:
            body = await self.reader.read(MAX_BODY_BYTES)
            headers["connection"] = "close"
        return Reply(status, headers, body)

    async def _read_chunked(self) -> bytes:
        parts = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def get_ok(connection: Connection, path: str) -> None:
    """The default flow: one GET that must answer 200."""
    reply = await connection.request("GET", path)
    if reply.status != 200:
        raise HttpError(f"GET {path} answered {reply.status}")


@dataclass
class Tally:
    """What every client of one phase adds to."""

    samples: list[tuple[str, float]] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)


async def client_loop(port, flow, path, deadline, tally: Tally, run: dict, state: dict) -> None:
    connection = Connection(port, samples=tally.samples, run=run, state=state, deadline=deadline)
    while time.monotonic() < deadline:
        try:
            await flow(connection, path)
        except RunOver:
            break
        except (OSError, HttpError, asyncio.IncompleteReadError, ValueError) as error:
            label = connection.current_label
            tally.errors[label] = tally.errors.get(label, 0) + 1
            # Failures in the warm-up count too when checking what was stored.
            run["errors"][label] = run["errors"].get(label, 0) + 1
            if len(tally.messages) < MAX_MESSAGES:
                tally.messages.append(f"{label}: {type(error).__name__}: {error}")
            await connection.close()
    await connection.close()


async def run(port, flow, path, concurrency, duration, warmup):
    # Acknowledgements from the warm-up are checked too: they are in the database as well.
    run_state: dict = {"acks": [], "errors": {}, "run_id": uuid.uuid4().hex[:8]}
    states = [{} for _ in range(concurrency)]
    if warmup > 0:
        deadline = time.monotonic() + warmup
        await asyncio.gather(
            *(
                client_loop(port, flow, path, deadline, Tally(), run_state, state)
                for state in states
            )
        )
    tally = Tally()
    started = time.monotonic()
    deadline = started + duration
    await asyncio.gather(
        *(client_loop(port, flow, path, deadline, tally, run_state, state) for state in states)
    )
    elapsed = time.monotonic() - started
    samples: dict[str, list[float]] = {}
    for label, milliseconds in tally.samples:
        samples.setdefault(label, []).append(milliseconds)
    return {
        "elapsed": elapsed,
        "samples": samples,
        "errors": tally.errors,
        "error_messages": tally.messages,
        "acks": run_state["acks"],
        "errors_including_warmup": run_state["errors"],
        "run_id": run_state["run_id"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/")
    parser.add_argument("--flow", default="bench.loadgen:get_ok", help="module:async function")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=2)
    args = parser.parse_args()
    if not 1 <= args.concurrency <= 256 or not 0 < args.duration <= 600:
        parser.error("concurrency must be 1-256 and duration 0-600 s")
    module_name, function_name = args.flow.split(":")
    flow = getattr(importlib.import_module(module_name), function_name)
    result = asyncio.run(
        run(args.port, flow, args.path, args.concurrency, args.duration, args.warmup)
    )
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    # Run as bench.loadgen, not __main__, so flows that import it share its classes (their
    # HttpError must be the one client_loop catches).
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.loadgen import main as imported_main

    imported_main()

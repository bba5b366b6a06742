"""A small HTTP/1.1 load generator on asyncio streams, run as its own process by run_load.py.

Fixed concurrency, fixed duration, loopback only. Keeps connections alive when the server
allows it and reconnects when it does not (gunicorn's sync workers close after each response).
Prints one JSON object: request count, errors and every latency in milliseconds.

    python bench/loadgen.py --port 8123 --scenario home --path / --concurrency 16 --duration 20
"""

import argparse
import asyncio
import contextlib
import importlib
import json
import sys
import time
from dataclasses import dataclass, field

LOOPBACK = "127.0.0.1"
MAX_BODY_BYTES = 20 * 1024 * 1024


class HttpError(Exception):
    pass


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Connection:
    """One client's connection; reopened whenever the server closes it."""

    port: int
    host_header: str = LOOPBACK
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    cookies: dict[str, str] = field(default_factory=dict)

    async def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> Reply:
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
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await self.writer.drain()
        reply = await self._read_reply()
        if reply.headers.get("connection", "").lower() == "close":
            await self.close()
        return reply

    async def _read_reply(self) -> Reply:
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                name = name.strip().lower()
                if name == "set-cookie":
                    cookie = value.strip().split(";", 1)[0]
                    key, _, cookie_value = cookie.partition("=")
                    self.cookies[key] = cookie_value
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


async def client_loop(port, flow, path, deadline, latencies, errors, messages):
    connection = Connection(port)
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            await flow(connection, path)
        except (OSError, HttpError, asyncio.IncompleteReadError, ValueError) as error:
            errors.append(1)
            if len(messages) < 5:
                messages.append(f"{type(error).__name__}: {error}")
            await connection.close()
            continue
        latencies.append((time.perf_counter() - started) * 1000)
    await connection.close()


async def run(port, flow, path, concurrency, duration, warmup):
    if warmup > 0:
        await asyncio.gather(
            *(
                client_loop(port, flow, path, time.monotonic() + warmup, [], [], [])
                for _ in range(concurrency)
            )
        )
    latencies: list[float] = []
    errors: list[int] = []
    messages: list[str] = []
    started = time.monotonic()
    deadline = started + duration
    await asyncio.gather(
        *(
            client_loop(port, flow, path, deadline, latencies, errors, messages)
            for _ in range(concurrency)
        )
    )
    elapsed = time.monotonic() - started
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "error_messages": messages,
        "elapsed": elapsed,
        "latencies_ms": latencies,
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
    main()

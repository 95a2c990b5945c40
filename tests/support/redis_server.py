"""A real redis-server on a free loopback port, for tests. Never the machine's 6379."""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import redis

from desktop.core.broker.redis_binary import find_redis_server
from desktop.core.net import LOOPBACK, free_port
from tests.support.tls import Certificate


@dataclass
class RedisServer:
    port: int
    directory: Path
    process: subprocess.Popen[bytes] | None = None
    #: Serve TLS only, with this certificate (which is also its own CA).
    tls: Certificate | None = None

    @property
    def url(self) -> str:
        if self.tls is not None:
            query = urlencode({"ssl_cert_reqs": "required", "ssl_ca_certs": self.tls.cert})
            return f"rediss://{LOOPBACK}:{self.port}/0?{query}"
        return f"redis://{LOOPBACK}:{self.port}/0"

    def client(self) -> redis.Redis:
        if self.tls is not None:
            return redis.Redis(
                host=LOOPBACK, port=self.port, socket_timeout=5, ssl=True,
                ssl_ca_certs=str(self.tls.cert),
            )  # fmt: skip
        return redis.Redis(host=LOOPBACK, port=self.port, socket_timeout=5)

    def _listen_args(self) -> list[str]:
        if self.tls is None:
            return ["--port", str(self.port)]
        return [
            "--port", "0", "--tls-port", str(self.port),
            "--tls-cert-file", str(self.tls.cert), "--tls-key-file", str(self.tls.key),
            "--tls-ca-cert-file", str(self.tls.cert), "--tls-auth-clients", "no",
        ]  # fmt: skip

    def start(self) -> None:
        binary = find_redis_server()
        self.process = subprocess.Popen(
            [
                str(binary),
                *self._listen_args(),
                "--bind",
                LOOPBACK,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--logfile",
                str(self.directory / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.directory / "redis.log").read_text(errors="replace")
                raise RuntimeError(f"redis-server exited: {log[-2000:]}")
            try:
                if self.client().ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.02)
        raise RuntimeError(f"redis-server on port {self.port} did not answer within 10 s")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


def start_redis(
    directory: Path, port: int | None = None, tls: Certificate | None = None
) -> RedisServer:
    server = RedisServer(port=port or free_port(), directory=directory, tls=tls)
    server.start()
    return server

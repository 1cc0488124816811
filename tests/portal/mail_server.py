"""A small SMTP server for tests, in a thread of the test process, that keeps every
message it receives and can misbehave the ways real relays do.

It speaks just enough SMTP for ``smtplib``: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP,
QUIT. What it does can be changed while it runs:

- ``refuse_mail`` / ``refuse_rcpt``: a reply such as ``(550, "5.7.1 Relaying denied")``
  to every MAIL FROM, or to every RCPT TO (a relay refusing everyone);
- ``refuse_addresses``: the same for some recipients only (a mailbox that does not exist);
- ``answer_after``: seconds to wait before answering the end of DATA, the message already
  kept (a relay that stores a message but answers after the client's timeout);
  ``hang(after=n)`` answers n more messages, then keeps each and answers nothing until
  ``release()`` or ``stop()``;
- ``stop()`` / ``start()``: nobody listening on the port (connection refused).

``messages`` lists every message kept, in order, with its Message-ID.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
import time
from collections import Counter
from dataclasses import dataclass
from email import message_from_bytes, policy


@dataclass(frozen=True)
class Received:
    sender: str
    recipients: tuple[str, ...]
    message_id: str
    occasion: str
    raw: bytes


class _Handler(socketserver.StreamRequestHandler):
    timeout = 30

    def reply(self, code: int, text: str = "OK") -> None:
        self.wfile.write(f"{code} {text}\r\n".encode())

    def handle(self) -> None:
        server: MailServer = self.server.mail_server
        server.connections += 1
        self.reply(220, "test.invalid ESMTP")
        sender, recipients = "", []
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply(250, "test.invalid")
            elif verb == "MAIL":
                if server.refuse_mail:
                    self.reply(*server.refuse_mail)
                    continue
                sender, recipients = _address(command), []
                self.reply(250)
            elif verb == "RCPT":
                address = _address(command)
                refusal = server.refuse_rcpt or server.refuse_addresses.get(address)
                if refusal:
                    self.reply(*refusal)
                    continue
                recipients.append(address)
                self.reply(250)
            elif verb == "DATA":
                self.reply(354, "End data with <CR><LF>.<CR><LF>")
                raw = self._read_data()
                number = server.keep(sender, recipients, raw)
                server.wait_before_answering(number)
                self.reply(250, "Queued")
                sender, recipients = "", []
            elif verb == "RSET":
                sender, recipients = "", []
                self.reply(250)
            elif verb == "NOOP":
                self.reply(250)
            elif verb == "QUIT":
                self.reply(221, "Bye")
                return
            else:
                self.reply(502, "Not implemented")

    def _read_data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)

    def finish(self) -> None:
        with contextlib.suppress(OSError):  # the client hung up first (it timed out)
            super().finish()


def _address(command: str) -> str:
    return command.partition(":")[2].strip().split(" ")[0].strip("<>").lower()


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address) -> None:
        pass  # a client that timed out and hung up is what several tests are about


class MailServer:
    def __init__(self) -> None:
        self.messages: list[Received] = []
        self.connections = 0
        self.refuse_mail: tuple[int, str] | None = None
        self.refuse_rcpt: tuple[int, str] | None = None
        self.refuse_addresses: dict[str, tuple[int, str]] = {}
        self.answer_after = 0.0
        self._lock = threading.Lock()
        self._hang_from: int | None = None  # the first message (1, 2 …) left unanswered
        self._released = threading.Event()
        self._server: _Server | None = None
        self.port = _free_port()

    # --- running ----------------------------------------------------------------------------

    def start(self) -> MailServer:
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.mail_server = self
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        """Stop listening: connecting is refused until ``start()``."""
        self.release()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # --- misbehaving ------------------------------------------------------------------------

    def hang(self, after: int = 0) -> None:
        """Answer ``after`` more messages; keep each one after them and answer nothing
        until ``release()``."""
        self._released.clear()
        self._hang_from = len(self.messages) + after + 1

    def release(self) -> None:
        self._hang_from = None
        self._released.set()

    def behave(self) -> None:
        """Back to a relay that accepts everything at once."""
        self.refuse_mail = self.refuse_rcpt = None
        self.refuse_addresses = {}
        self.answer_after = 0.0
        self.release()

    def wait_before_answering(self, number: int) -> None:
        if self._hang_from is not None and number >= self._hang_from:
            self._released.wait(timeout=60)
        time.sleep(self.answer_after)

    # --- what arrived -----------------------------------------------------------------------

    def keep(self, sender: str, recipients: list[str], raw: bytes) -> int:
        """Keep a message; its number (1, 2 …)."""
        headers = message_from_bytes(raw, policy=policy.SMTP)
        received = Received(
            sender=sender,
            recipients=tuple(recipients),
            message_id=str(headers["Message-ID"] or ""),
            occasion=str(headers["X-Legeportalen-Occasion"] or ""),
            raw=raw,
        )
        with self._lock:
            self.messages.append(received)
            return len(self.messages)

    def per_recipient(self) -> Counter:
        """How many messages each address received."""
        return Counter(address for m in self.messages for address in m.recipients)

    def message_ids(self) -> dict[str, set[str]]:
        """The distinct Message-IDs each address received."""
        found: dict[str, set[str]] = {}
        for message in self.messages:
            for address in message.recipients:
                found.setdefault(address, set()).add(message.message_id)
        return found

    def duplicates(self) -> int:
        """Messages received more than once (same recipients and Message-ID)."""
        return len(self.messages) - len({(m.recipients, m.message_id) for m in self.messages})

    def smtp_options(self, timeout: float) -> dict:
        return {"host": "127.0.0.1", "port": self.port, "timeout": timeout}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]

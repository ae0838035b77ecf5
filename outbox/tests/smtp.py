"""Stand-ins for the external mail server, on loopback: a sink that keeps what it receives, a
tarpit that accepts connections and never answers, and a slow relay that keeps a message
but answers after the client's timeout. Just enough SMTP for Django's SMTP backend."""

import socketserver
import threading
import time
from email import message_from_bytes


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, handler, reply_delay: float = 0.0):
        super().__init__(("127.0.0.1", 0), handler)
        self.received = []  # email.message.Message, in order of arrival
        self.reply_delay = reply_delay  # before answering the end of a message's data

    @property
    def port(self) -> int:
        return self.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


class _SmtpHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 sink ESMTP")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 sink")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                self.server.received.append(message_from_bytes(self._data()))
                time.sleep(self.server.reply_delay)
                self.reply("250 OK queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")

    def _data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)


class _TarpitHandler(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.settimeout(30)
        try:
            while self.request.recv(1024):
                pass
        except OSError:  # TimeoutError included
            pass


def sink() -> _Server:
    return _Server(_SmtpHandler)


def slow_relay(reply_delay: float) -> _Server:
    return _Server(_SmtpHandler, reply_delay=reply_delay)


def tarpit() -> _Server:
    return _Server(_TarpitHandler)

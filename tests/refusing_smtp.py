"""Mail servers on loopback for testing delivery: one that refuses, one that hangs, one that works.

And a port where nothing listens, for a refused connection.
"""

import socket
import threading


def _listening_socket():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    return sock


def closed_port():
    """A loopback port nobody listens on: connecting to it is refused at once."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


class _Server:
    def __init__(self):
        self.sock = _listening_socket()
        self.port = self.sock.getsockname()[1]
        self.sessions = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.sessions += 1
            self.handle(conn)

    def handle(self, conn):
        raise NotImplementedError

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.sock.close()


class RefusingSMTPServer(_Server):
    """Answers every session with 554, as a server that will not take mail from us does."""

    def handle(self, conn):
        with conn:
            conn.sendall(b"554 5.3.2 Service not available\r\n")


class HangingSMTPServer(_Server):
    """Accepts the connection and never says a word, like a mail host behind a dropped route."""

    def __init__(self):
        super().__init__()
        self._open = []

    def handle(self, conn):
        self._open.append(conn)

    def __exit__(self, *exc):
        for conn in self._open:
            conn.close()
        super().__exit__(*exc)


class FakeSMTPServer(_Server):
    """Just enough SMTP to take mail; keeps each message as (sender, recipients, raw bytes)."""

    def __init__(self):
        super().__init__()
        self.messages = []

    def handle(self, conn):
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"220 fake.example ESMTP\r\n")
            sender, recipients = None, []
            for line in lines:
                command = line.decode("ascii", "replace").strip()
                verb = command.split(" ", 1)[0].split(":", 1)[0].upper()
                if verb in ("EHLO", "HELO"):
                    conn.sendall(b"250-fake.example\r\n250 8BITMIME\r\n")
                elif verb == "MAIL":
                    sender, recipients = command.split(":", 1)[1].split()[0].strip("<>"), []
                    conn.sendall(b"250 OK\r\n")
                elif verb == "RCPT":
                    recipients.append(command.split(":", 1)[1].split()[0].strip("<>"))
                    conn.sendall(b"250 OK\r\n")
                elif verb == "DATA":
                    conn.sendall(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    self.messages.append((sender, recipients, self._read_data(lines)))
                    conn.sendall(b"250 OK: queued\r\n")
                elif verb == "QUIT":
                    conn.sendall(b"221 Bye\r\n")
                    return
                else:
                    conn.sendall(b"250 OK\r\n")

    @staticmethod
    def _read_data(lines):
        data = []
        for line in lines:
            if line in (b".\r\n", b".\n"):
                break
            data.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(data)

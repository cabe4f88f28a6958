#!/usr/bin/python3
"""smtpd.py: real SMTP servers on loopback for the mail tests (aiosmtpd).

    smtpd.py MODE DIR [FAILS]
    smtpd.py tls DIR CERT KEY USER PASSWORD

Listens on 127.0.0.1, a free port, and writes that port to DIR/port once
it accepts connections. MODE:

  store     accept every message
  tempfail  answer 451 to the first FAILS attempts at each Message-ID
  permfail  answer 550 to every recipient
  drop      close the connection at the end of DATA, before the reply,
            for the first FAILS attempts at each Message-ID
  dropmid   for the first FAILS DATA commands, answer 354, read one line
            of the message and close the connection: a drop mid-DATA
  silent    accept connections and never say a word
  sink      accept every message and keep nothing (benchmarks)
  tls       offer STARTTLS (CERT, KEY) and AUTH, which it takes only
            under TLS and only for USER and PASSWORD, and accept mail
            only after it; DIR/attempts notes "tls auth=USER" per message

Each accepted message is written to DIR/msg/NNNNNN.eml (the bytes as
received) with a line "NNNNNN RCPT MESSAGE-ID" in DIR/index; each
attempt adds a line "MODE RESULT MESSAGE-ID" to DIR/attempts, and each
connection a line to DIR/connections. Stops on SIGTERM.
"""
import asyncio
import email
import email.policy
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def msgid_of(content):
    msg = email.message_from_bytes(content, policy=email.policy.compat32)
    return (msg.get("Message-ID") or "-").strip()


class Handler:
    def __init__(self, mode, folder, fails):
        self.mode = mode
        self.dir = folder
        self.fails = fails
        self.tries = {}
        self.mid_drops = 0
        self.seq = 0
        os.makedirs(os.path.join(folder, "msg"), exist_ok=True)

    def note(self, name, line):
        with open(os.path.join(self.dir, name), "a") as f:
            f.write(line + "\n")

    async def handle_RCPT(self, server, session, envelope, address, options):
        if self.mode == "tls" and not session.authenticated:
            return "530 5.7.0 Authentication required"
        if self.mode == "permfail":
            self.note("attempts", "permfail 550 -")
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.mode == "sink":
            return "250 OK"
        mid = msgid_of(envelope.content)
        n = self.tries.get(mid, 0) + 1
        self.tries[mid] = n
        if self.mode == "tempfail" and n <= self.fails:
            self.note("attempts", "tempfail 451 " + mid)
            return "451 4.3.0 Try again later, please"
        if self.mode == "drop" and n <= self.fails:
            self.note("attempts", "drop dropped " + mid)
            server.transport.close()
            return "250 never seen"
        if self.mode == "tls":
            self.note("attempts", "tls tls=%s auth=%s %s" % (
                session.ssl is not None,
                session.auth_data.login.decode() if session.auth_data else "-",
                mid))
        self.seq += 1
        name = "%06d" % self.seq
        with open(os.path.join(self.dir, "msg", name + ".eml"), "wb") as f:
            f.write(envelope.content)
        for rcpt in envelope.rcpt_tos:
            self.note("index", "%s %s %s" % (name, rcpt, mid))
        self.note("attempts", "%s 250 %s" % (self.mode, mid))
        return "250 2.0.0 Stored as " + name


class Silent(asyncio.Protocol):
    def __init__(self, folder):
        self.dir = folder

    def connection_made(self, transport):
        self.transport = transport
        with open(os.path.join(self.dir, "connections"), "a") as f:
            f.write("silent\n")

    def data_received(self, data):
        pass


class Counted(SMTP):
    def __init__(self, handler, **kw):
        super().__init__(handler, **kw)
        self.counted = handler

    def connection_made(self, transport):
        self.counted.note("connections", "open")
        super().connection_made(transport)


def authenticator(user, password, folder):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and
              auth_data.login == user.encode() and
              auth_data.password == password.encode())
        with open(os.path.join(folder, "auth"), "a") as f:
            f.write("%s %s %s\n" % (mechanism, session.ssl is not None,
                                    "ok" if ok else "refused"))
        return AuthResult(success=ok, handled=False, auth_data=auth_data)
    return check


class DropMid(Counted):
    """Drops the connection part-way through the message's bytes."""

    async def smtp_DATA(self, arg):
        h = self.counted
        if self.envelope.rcpt_tos and h.mid_drops < h.fails:
            h.mid_drops += 1
            await self.push("354 End data with <CR><LF>.<CR><LF>")
            await self._reader.readline()
            h.note("attempts", "dropmid dropped -")
            self.transport.close()
            return
        await super().smtp_DATA(arg)


async def main():
    mode, folder = sys.argv[1], sys.argv[2]
    fails = int(sys.argv[3]) if len(sys.argv) > 3 and mode != "tls" else 1
    os.makedirs(folder, exist_ok=True)
    loop = asyncio.get_running_loop()
    if mode == "silent":
        server = await loop.create_server(lambda: Silent(folder),
                                          "127.0.0.1", 0)
    elif mode == "tls":
        cert, key, user, password = sys.argv[3:7]
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(cert, key)
        handler = Handler(mode, folder, 0)
        server = await loop.create_server(
            lambda: Counted(handler, decode_data=False,
                            hostname="smtp.test.invalid", tls_context=ctx,
                            auth_require_tls=True,
                            authenticator=authenticator(user, password,
                                                        folder)),
            "127.0.0.1", 0)
    else:
        handler = Handler(mode, folder, fails)
        kind = DropMid if mode == "dropmid" else Counted
        server = await loop.create_server(
            lambda: kind(handler, decode_data=False,
                            hostname="smtp.test.invalid",
                            data_size_limit=10 * 1024 * 1024),
            "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    with open(os.path.join(folder, "port.tmp"), "w") as f:
        f.write("%d\n" % port)
    os.rename(os.path.join(folder, "port.tmp"), os.path.join(folder, "port"))
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    await stop.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())

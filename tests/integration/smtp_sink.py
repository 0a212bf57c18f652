"""A tiny SMTP server on 127.0.0.1 that accepts every message and counts connections.

For the e-mail fan-out test (one SMTP connection per chunk of deliveries) and for
measuring by hand how fast a worker's e-mails leave::

    python -m tests.integration.smtp_sink --port 2525   # prints the counts every 5 s

It speaks just enough SMTP for smtplib (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT).
"""

import argparse
import asyncio
import threading
import time


class SMTPSink:
    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.host, self.port = host, port
        self.connections = 0
        self.messages: list[tuple[str, list[str], bytes]] = []
        self._lock = threading.Lock()
        self._loop = None
        self._server = None
        self._thread = None

    # --- SMTP ---------------------------------------------------------------------------
    async def _session(self, reader, writer):
        with self._lock:
            self.connections += 1
        sender, recipients = "", []

        async def reply(text: str):
            writer.write(text.encode() + b"\r\n")
            await writer.drain()

        await reply("220 sink ESMTP")
        try:
            while line := await reader.readline():
                command = line.decode("latin-1").rstrip("\r\n")
                verb = command[:4].upper()
                if verb == "EHLO":
                    await reply("250-sink\r\n250 8BITMIME")
                elif verb == "HELO":
                    await reply("250 sink")
                elif verb == "MAIL":
                    sender, recipients = command[10:].strip(), []
                    await reply("250 OK")
                elif verb == "RCPT":
                    recipients.append(command[8:].strip().split()[0].strip("<>"))
                    await reply("250 OK")
                elif verb == "DATA":
                    await reply("354 End data with <CR><LF>.<CR><LF>")
                    data = bytearray()
                    while (chunk := await reader.readline()) not in (b".\r\n", b""):
                        data += chunk
                    with self._lock:
                        self.messages.append((sender, recipients, bytes(data)))
                    await reply("250 OK queued")
                elif verb in ("RSET", "NOOP"):
                    await reply("250 OK")
                elif verb == "QUIT":
                    await reply("221 Bye")
                    break
                else:
                    await reply("502 Command not implemented")
        finally:
            writer.close()

    # --- running in a thread -----------------------------------------------------------
    def start(self) -> "SMTPSink":
        ready = threading.Event()

        async def serve():
            self._server = await asyncio.start_server(self._session, self.host, self.port)
            self.port = self._server.sockets[0].getsockname()[1]
            ready.set()
            async with self._server:
                await self._server.serve_forever()

        def run():
            self._loop = asyncio.new_event_loop()
            try:
                self._loop.run_until_complete(serve())
            except asyncio.CancelledError:
                pass
            finally:
                self._loop.close()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("The SMTP sink did not start.")
        return self

    def stop(self) -> None:
        if self._loop is not None and self._server is not None:
            self._loop.call_soon_threadsafe(self._server.close)
            for task in asyncio.all_tasks(self._loop):
                self._loop.call_soon_threadsafe(task.cancel)
            self._thread.join(10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=2525)
    args = parser.parse_args()
    sink = SMTPSink(port=args.port).start()
    print(f"SMTP sink on 127.0.0.1:{sink.port}", flush=True)
    started, first = time.monotonic(), None
    try:
        while True:
            time.sleep(5)
            count = len(sink.messages)
            if count and first is None:
                first = time.monotonic()
            span = f", {time.monotonic() - first:.0f} s since the first" if first else ""
            print(f"{count} messages over {sink.connections} connections{span}", flush=True)
    except KeyboardInterrupt:
        sink.stop()
    return started


if __name__ == "__main__":
    main()

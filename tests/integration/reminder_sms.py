"""An SMS backend for the integration tests, loaded by the worker process (SMS_BACKEND).

It keeps, in the folder named by the environment variable REMINDER_TEST_SMS_DIR:

* ``attempts.log`` — one line (the phone) per call, written first;
* ``sent.log`` — one line per message the "gateway" accepted, written on return;
* ``block_at`` (written by the test) — the call with this number (1, 2, …) blocks before
  it is accepted, after creating ``blocked``, until the test creates ``release``. The test
  kills the worker while it waits: that message was never accepted.

Files, not memory: the worker is another process, and a restarted worker goes on
counting where the killed one stopped, so it never blocks again.
"""

import os
import threading
from pathlib import Path


class BarrierSMSBackend:
    def send(self, phone: str, text: str) -> None:
        folder = Path(os.environ["REMINDER_TEST_SMS_DIR"])
        with (folder / "attempts.log").open("a", encoding="utf-8") as log:
            log.write(phone + "\n")
        attempt = len((folder / "attempts.log").read_text(encoding="utf-8").splitlines())
        block_at = folder / "block_at"
        if block_at.exists() and attempt == int(block_at.read_text()):
            (folder / "blocked").write_text(phone, encoding="utf-8")
            pause = threading.Event()
            while not (folder / "release").exists():
                pause.wait(0.05)
        with (folder / "sent.log").open("a", encoding="utf-8") as log:
            log.write(phone + "\n")

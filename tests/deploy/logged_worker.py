"""`werkplaats worker` with Dramatiq's line per received message switched on.

The worker command logs nothing per message. A test that must tell which worker
process handled which mail starts this instead (`python -m tests.deploy.logged_worker
worker`) and reads lines like `Received message deliver_mail(7) with id '…'.`
"""

from __future__ import annotations

import logging
import sys

from werkplaats.cli import main

if __name__ == "__main__":
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    per_message = logging.getLogger("dramatiq.worker.WorkerThread")
    per_message.setLevel(logging.DEBUG)
    per_message.addHandler(handler)
    main()

"""Actors of the events app (registration mails, badge batches) arrive with their issues.

Job handlers register themselves when their module is imported: importing them here
makes every worker (in-process or `werkplaats worker`) know them.
"""

import events.services.certificate_mail  # noqa: F401  (the "certificates" job)

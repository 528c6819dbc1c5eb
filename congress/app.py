"""What the congress registers when a process starts (listed in
`werkplaats.app.APP_MODULES`): its mail builders and its listeners on `events.hooks`."""

from __future__ import annotations

from congress import choice_listeners, listeners, privacy_listeners, tasks

REGISTERED = (listeners, choice_listeners, privacy_listeners, tasks)

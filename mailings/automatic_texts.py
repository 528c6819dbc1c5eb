"""The subject and body (Markdown with placeholders) of each automatic mail: the
network's own wording, in the recipient's language by default."""

from __future__ import annotations

from mailings.enums import AutomaticMail
from werkplaats.i18n import N_, _

DEFAULT_TEXTS = {
    AutomaticMail.FOLLOWUP: (
        N_("Thank you for coming: {{ evenement }}"),
        N_(
            "Dear {{ voornaam }},\n\n"
            "Thank you for coming to {{ evenement }} on {{ datum }}. Below you find the "
            "publications that belong to this meeting.\n\n"
            "[Download your certificate of attendance]({{ certificaat_link }})\n\n"
            "How was it? Tell us in two minutes, so the next meeting is better still: "
            "[fill in the evaluation]({{ evaluatie_link }})"
        ),
    ),
}


async def automatic_text(kind: AutomaticMail, event_id: int) -> tuple[str, str]:
    """The subject and body an automatic mail of this event is written with."""
    subject, body = DEFAULT_TEXTS[kind]
    return _(subject), _(body)

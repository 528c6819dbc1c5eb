"""The rules an abstract must meet, as field errors in the speaker's language.

Field names are the form's and the API's: `title`, `speakers.0.organisation`,
`co_authors.1.email`, `answers.12`.
"""

from __future__ import annotations

from typing import Any

from congress.views import CallView
from events.services.catalogue.rules import EMAIL_PATTERN
from werkplaats.i18n import _, ngettext

TITLE_LIMIT = 200
TEXT_LIMIT = 2000
PERSON_LIMITS = {"name": 200, "organisation": 200}


def word_count(text: str) -> int:
    return len(text.split())


def _person_errors(prefix: str, person: Any) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not person.name.strip():
        errors[f"{prefix}.name"] = _("Enter the name.")
    email = person.email.strip()
    if not email:
        errors[f"{prefix}.email"] = _("Enter the e-mail address.")
    elif len(email) > 254 or not EMAIL_PATTERN.match(email):
        errors[f"{prefix}.email"] = _("Enter a valid e-mail address, like name@example.nl.")
    if not person.organisation.strip():
        errors[f"{prefix}.organisation"] = _(
            "Enter the organisation (a resident or student without one: write 'inwoner' or "
            "'student')."
        )
    for name, limit in PERSON_LIMITS.items():
        if len(getattr(person, name).strip()) > limit:
            errors[f"{prefix}.{name}"] = _("At most {n} characters.").format(n=limit)
    return errors


def _people_errors(key: str, people: list[Any], *, limit: int, required: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    given = [(i, p) for i, p in enumerate(people) if not p.is_empty]
    if required and not given:
        errors[f"{key}.0.name"] = _("Name at least one speaker.")
    if len(given) > limit:
        errors[key] = ngettext("At most %(num)d person.", "At most %(num)d people.", limit) % {
            "num": limit
        }
    for index, person in given:
        errors.update(_person_errors(f"{key}.{index}", person))
    return errors


def _text_errors(call: CallView, entry: Any) -> dict[str, str]:
    errors: dict[str, str] = {}
    title = entry.title.strip()
    if not title:
        errors["title"] = _("Enter a title.")
    elif len(title) > TITLE_LIMIT:
        errors["title"] = _("At most {n} characters.").format(n=TITLE_LIMIT)
    words = word_count(entry.abstract)
    if not words:
        errors["abstract"] = _("Write the abstract.")
    elif words > call.word_limit:
        errors["abstract"] = _(
            "The abstract has {words} words; at most {limit} are allowed."
        ).format(words=words, limit=call.word_limit)
    for name in ("learning_goals", "target_audience"):
        if len(getattr(entry, name).strip()) > TEXT_LIMIT:
            errors[name] = _("At most {n} characters.").format(n=TEXT_LIMIT)
    return errors


def _answer_errors(call: CallView, answers: dict[str, str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    known = {str(q.id): q for q in call.questions}
    if any(key not in known for key in answers):
        errors["answers"] = _("This question does not belong to this call.")
    for key, question in known.items():
        value = str(answers.get(key, "")).strip()
        if question.required and not value:
            errors[f"answers.{key}"] = _("Answer this question.")
        elif len(value) > question.max_length:
            errors[f"answers.{key}"] = _("At most {n} characters.").format(n=question.max_length)
    return errors


def check_abstract(call: CallView, entry: Any) -> dict[str, str]:
    """Every field error of `entry` against `call`, in the order of the form."""
    errors = _text_errors(call, entry)
    if call.format_of(entry.format) is None:
        errors["format"] = _("Choose one of the formats of this call.")
    if entry.track and call.track_of(entry.track) is None:
        errors["track"] = _("Choose one of the themes of this congress.")
    errors.update(
        _people_errors("speakers", entry.speakers, limit=call.max_speakers, required=True)
    )
    errors.update(
        _people_errors("co_authors", entry.co_authors, limit=call.max_co_authors, required=False)
    )
    errors.update(_answer_errors(call, entry.answers))
    if not entry.publish_consent:
        errors["publish_consent"] = _(
            "We can only consider your abstract if it may be published in the programme."
        )
    return errors

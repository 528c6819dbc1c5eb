"""The registration of a person: the form and API, seats and status under the event's
lock, the personal page, questions."""

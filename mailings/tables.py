"""Publications of the network; mailings and their deliveries come with the mailings issue."""

from __future__ import annotations

from piccolo.columns import Date, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Publication(Table):
    title = Varchar(length=250)
    kind = Varchar(length=30, help_text="handreiking, artikel, column, blog, casuistiekbundel")
    url = Varchar(length=500)
    authors = Varchar(length=300, default="")
    published_on = Date(null=True, default=None)
    summary = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())

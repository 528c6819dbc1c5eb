"""Parameters with the bounds the database can hold.

An id beyond what its column holds (`/api/v1/jobs/9223372036854775808`) reached the
database driver and came back as a 500. These types refuse it as a 400
with the parameter named, before any handler runs, and show the bounds in the schema.
"""

from __future__ import annotations

from typing import Annotated

from litestar.params import PathParameter, QueryParameter
from msgspec import Meta

# Piccolo's primary keys are `serial` on PostgreSQL: a 32-bit integer, 2^31 - 1 at
# most (SQLite's hold 64 bits). A larger id is no row on either, and on PostgreSQL
# it is a driver error (found by schemathesis: 2^53 - 2 was a 500 there).
MAX_ID = 2**31 - 1
MAX_PAGE = 100_000

PathId = Annotated[int, PathParameter(ge=1, le=MAX_ID)]
QueryId = Annotated[int | None, QueryParameter(ge=1, le=MAX_ID)]
Page = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE)]
# A calendar year as a filter: what a programme's records can hold.
QueryYear = Annotated[int | None, QueryParameter(ge=2000, le=2099)]
PathYear = Annotated[int, PathParameter(ge=2000, le=2099)]
# An id in a JSON body.
BodyId = Annotated[int, Meta(ge=1, le=MAX_ID)]

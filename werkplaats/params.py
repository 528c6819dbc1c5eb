"""Parameters with the bounds the database can hold.

An id is a 64-bit column: a number beyond it (`/api/v1/jobs/9223372036854775808`)
reached the database driver and came back as a 500. These types refuse it as a 400
with the parameter named, before any handler runs, and show the bounds in the schema.
"""

from __future__ import annotations

from typing import Annotated

from litestar.params import PathParameter, QueryParameter
from msgspec import Meta

# What a 64-bit id column holds is 2^63 - 1, but a JSON number is a double to most
# clients (and to the schema): 2^53 - 1 is the largest id every client reads exactly.
MAX_ID = 2**53 - 1
MAX_PAGE = 100_000

PathId = Annotated[int, PathParameter(ge=1, le=MAX_ID)]
QueryId = Annotated[int | None, QueryParameter(ge=1, le=MAX_ID)]
Page = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE)]
# A calendar year as a filter: what a programme's records can hold.
QueryYear = Annotated[int | None, QueryParameter(ge=2000, le=2099)]
# An id in a JSON body.
BodyId = Annotated[int, Meta(ge=1, le=MAX_ID)]

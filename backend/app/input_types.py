"""What every value the API takes in is held to: text without control characters, integers that fit a column.

Shared annotated types for the request bodies (each domain's schemas) and the routes' path and query
parameters alike, so the rule is written once. PostgreSQL cannot store a NUL in text, and an integer past
int32 cannot be bound to an Integer column: refused here, such a value answers 422 to the one call that sent
it, instead of a 500 from the database (and, in a batched write, a 500 to every call sharing its batch).

The limits also go into the OpenAPI document (`pattern`, `maximum`), so clients and the API fuzz test see
them; tests/integration/foundation/test_input_bounds.py checks that every input declares one.
"""

from __future__ import annotations

import re
from typing import Annotated

from annotated_types import Ge, Gt, Le
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1

# C0 controls and DEL. A multi-line text may keep tab, line feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The same rules in the JSON Schema dialect of the OpenAPI document.
SINGLE_LINE_PATTERN = r"^[^\u0000-\u001f\u007f]*$"
MULTI_LINE_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$"

# The error type the API's 422 handler words for the reader (app/api/validation_messages.py).
CONTROL_CHARACTER_ERROR = "control_character"


def _refuse(pattern: re.Pattern[str], value: str) -> str:
    found = pattern.search(value)
    if found is not None:
        raise PydanticCustomError(
            CONTROL_CHARACTER_ERROR,
            "must not contain a control character (found U+{code})",
            {"code": f"{ord(found.group()):04X}"},
        )
    return value


def single_line(value: str) -> str:
    """`value`, unless it holds a control character (NUL, tab, line break, escape…)."""
    return _refuse(_CONTROL, value)


def multi_line(value: str) -> str:
    """`value`, unless it holds a control character other than tab and line breaks."""
    return _refuse(_CONTROL_BUT_LINES, value)


# One line of text: names, titles, addresses, keys, search words. Add length limits at the field.
Text = Annotated[str, AfterValidator(single_line), Field(json_schema_extra={"pattern": SINGLE_LINE_PATTERN})]
# Text a person may write on several lines (a reason given to the family).
MultilineText = Annotated[
    str, AfterValidator(multi_line), Field(json_schema_extra={"pattern": MULTI_LINE_PATTERN})
]

# Integers bound to an Integer (int32) column or compared with one.
Int32 = Annotated[int, Ge(INT32_MIN), Le(INT32_MAX)]
# A row's id, or an outside id kept in an Integer column (TMDB, TVDB): positive, int32.
RowId = Annotated[int, Gt(0), Le(INT32_MAX)]
# A page of a listing: its offset ((page - 1) x page size) stays far inside PostgreSQL's bigint.
PageNumber = Annotated[int, Ge(1), Le(INT32_MAX)]

"""A decimal column that keeps every digit on SQLite as well as on PostgreSQL."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models


class ExactDecimalField(models.DecimalField):
    """A `DecimalField` stored exactly on every database.

    SQLite gives a NUMERIC column REAL storage and Django reads it back rounded to 15 significant
    digits, so 123456789012345.67 came back as 123456789012346.00. On SQLite this field is a TEXT
    column holding the fixed-point text of the value; on PostgreSQL it is `numeric(p, s)`. Sums are
    done in Python (see `doingoai.aid.selectors`), so no SQL arithmetic runs on the text.
    """

    def get_internal_type(self) -> str:
        # Not "DecimalField": the SQLite backend would add its 15-digit float converter.
        return "ExactDecimalField"

    def db_type(self, connection: Any) -> str:
        if connection.vendor == "sqlite":
            return "text"
        return f"numeric({self.max_digits}, {self.decimal_places})"

    def cast_db_type(self, connection: Any) -> str:
        return self.db_type(connection)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        value = self.to_python(value)
        if value is None:
            return None
        exponent = Decimal(1).scaleb(-(self.decimal_places or 0))
        fixed = value.quantize(exponent)
        return format(fixed, "f") if connection.vendor == "sqlite" else fixed

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Decimal | None:
        if value is None:
            return None
        return Decimal(str(value)).quantize(Decimal(1).scaleb(-(self.decimal_places or 0)))

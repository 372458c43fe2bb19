"""Vietnamese formats: 15.000 is fifteen thousand and 1,2 is one point two.

Django's own `vi` formats name the separators but set no grouping, so 5217910000000 would show
ungrouped; everything not set here comes from Django's `vi` module.
"""

from __future__ import annotations

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
# Django's own `vi` writes "04:51 Ngày 07 tháng 12 năm 2026", which the admin's lists showed; the
# pages write a day dd/mm/yyyy.
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"

"""Vietnamese formats: 15.000 is fifteen thousand and 1,2 is one point two.

Django's own `vi` formats name the separators but set no grouping, so 5217910000000 would show
ungrouped; everything not set here comes from Django's `vi` module.
"""

from __future__ import annotations

from doingoai.date_fields import DATE_FORMATS

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
# Django's own `vi` writes "04:51 Ngày 07 tháng 12 năm 2026", which the admin's lists showed; the
# pages write a day dd/mm/yyyy.
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
# Django's `vi` sets no input formats, so a plain date box (the admin's) fell back to the American
# month first: 05/12/2026 was saved as 12 May and 22/12/2026 refused. Read days first, as the pages
# do; the first format is also the one the admin's calendar writes into the box.
DATE_INPUT_FORMATS = DATE_FORMATS
DATETIME_INPUT_FORMATS = [f"{day} %H:%M:%S" for day in DATE_FORMATS] + [
    f"{day} %H:%M" for day in DATE_FORMATS
]

# Named formats for English (see dortmund_hilft/formats/__init__.py): day before month and the
# 24-hour clock, as readers in Europe expect; a short date names its month ("29 Nov 2026"), so no one
# reads 03/04 as the 4th of March. The examples show Sunday, 29 November 2026, 14:00.

DATE_FORMAT = "j F Y"  # 29 November 2026
TIME_FORMAT = "H:i"  # 14:00
DATETIME_FORMAT = "j F Y, H:i"  # 29 November 2026, 14:00
YEAR_MONTH_FORMAT = "F Y"  # November 2026
MONTH_DAY_FORMAT = "j F"  # 29 November
SHORT_DATE_FORMAT = "j M Y"  # 29 Nov 2026
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 29 Nov 2026, 14:00

# Names Django does not have.
WEEKDAY_DATE_FORMAT = "l, j F Y"  # Sunday, 29 November 2026
WEEKDAY_DATETIME_FORMAT = "l, j F Y, H:i"  # Sunday, 29 November 2026, 14:00
WEEKDAY_MONTH_DAY_FORMAT = "l, j F"  # Sunday, 29 November
WEEKDAY_SHORT_DATE_FORMAT = "l, j M Y"  # Sunday, 29 Nov 2026
WEEKDAY_SHORT_DATETIME_FORMAT = "l, j M Y, H:i"  # Sunday, 29 Nov 2026, 14:00
SHORT_WEEKDAY_SHORT_DATE_FORMAT = "D, j M Y"  # Sun, 29 Nov 2026
SHORT_WEEKDAY_SHORT_DATETIME_FORMAT = "D, j M Y, H:i"  # Sun, 29 Nov 2026, 14:00
SHORT_WEEKDAY_SHORT_MONTH_DAY_FORMAT = "D, j M"  # Sun, 29 Nov
SHORT_MONTH_DAY_FORMAT = "j M"  # 29 Nov
SHORT_MONTH_DAY_TIME_FORMAT = "j M, H:i"  # 29 Nov, 14:00
SHORT_WEEKDAY_TIME_FORMAT = "D H:i"  # Sun 14:00

# The weeks of the warehouse start on Monday.
FIRST_DAY_OF_WEEK = 1
# What date fields accept. The forms' examples write 24.11.2026 in every language, and the day comes
# before the month here too: Django's English list reads 03/04/2026 as the 4th of March.
DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # 24.11.2026, also how a field shows its value
    "%d/%m/%Y",  # 24/11/2026
    "%Y-%m-%d",  # 2026-11-24
    "%d %b %Y",  # 24 Nov 2026
    "%d %B %Y",  # 24 November 2026
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",  # 24.11.2026 14:30
    "%d.%m.%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",  # 24/11/2026 14:30
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M",  # 2026-11-24 14:30
    "%Y-%m-%d %H:%M:%S",
    "%d %b %Y, %H:%M",  # 24 Nov 2026, 14:30
    "%d %b %Y %H:%M",
]

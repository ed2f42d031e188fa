# Named formats for Turkish (see dortmund_hilft/formats/__init__.py): the weekday follows the date
# ("29 Kasım 2026 Pazar"), a short date is written with dots. The examples show Sunday,
# 29 November 2026, 14:00.

DATE_FORMAT = "j F Y"  # 29 Kasım 2026
TIME_FORMAT = "H:i"  # 14:00
DATETIME_FORMAT = "j F Y H:i"  # 29 Kasım 2026 14:00
YEAR_MONTH_FORMAT = "F Y"  # Kasım 2026
MONTH_DAY_FORMAT = "j F"  # 29 Kasım
SHORT_DATE_FORMAT = "d.m.Y"  # 29.11.2026
SHORT_DATETIME_FORMAT = "d.m.Y H:i"  # 29.11.2026 14:00

# Names Django does not have.
WEEKDAY_DATE_FORMAT = "j F Y l"  # 29 Kasım 2026 Pazar
WEEKDAY_DATETIME_FORMAT = "j F Y l, H:i"  # 29 Kasım 2026 Pazar, 14:00
WEEKDAY_MONTH_DAY_FORMAT = "j F l"  # 29 Kasım Pazar
WEEKDAY_SHORT_DATE_FORMAT = "d.m.Y l"  # 29.11.2026 Pazar
WEEKDAY_SHORT_DATETIME_FORMAT = "d.m.Y l, H:i"  # 29.11.2026 Pazar, 14:00
SHORT_WEEKDAY_SHORT_DATE_FORMAT = "d.m.Y D"  # 29.11.2026 Paz
SHORT_WEEKDAY_SHORT_DATETIME_FORMAT = "d.m.Y D, H:i"  # 29.11.2026 Paz, 14:00
SHORT_WEEKDAY_SHORT_MONTH_DAY_FORMAT = "d.m D"  # 29.11 Paz
SHORT_MONTH_DAY_FORMAT = "d.m"  # 29.11
SHORT_MONTH_DAY_TIME_FORMAT = "d.m H:i"  # 29.11 14:00
SHORT_WEEKDAY_TIME_FORMAT = "D H:i"  # Paz 14:00

# What date fields accept: the forms' examples write 24.11.2026, which Django's Turkish list lacks.
DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # 24.11.2026, also how a field shows its value
    "%d/%m/%Y",  # 24/11/2026
    "%Y-%m-%d",  # 2026-11-24
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",  # 24.11.2026 14:30
    "%d.%m.%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",  # 24/11/2026 14:30
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M",  # 2026-11-24 14:30
    "%Y-%m-%d %H:%M:%S",
]

# Named formats for Ukrainian (see dortmund_hilft/formats/__init__.py), after Django's own uk module:
# the month in the genitive after a day ("E": 29 листопада), "р." after the year. The examples show
# Sunday, 29 November 2026, 14:00.

DATE_FORMAT = "j E Y р."  # 29 листопада 2026 р.
TIME_FORMAT = "H:i"  # 14:00
DATETIME_FORMAT = "j E Y р., H:i"  # 29 листопада 2026 р., 14:00
YEAR_MONTH_FORMAT = "F Y"  # Листопад 2026
MONTH_DAY_FORMAT = "j E"  # 29 листопада
SHORT_DATE_FORMAT = "d.m.Y"  # 29.11.2026
SHORT_DATETIME_FORMAT = "d.m.Y H:i"  # 29.11.2026 14:00

# Names Django does not have.
WEEKDAY_DATE_FORMAT = "l, j E Y р."  # Неділя, 29 листопада 2026 р.
WEEKDAY_DATETIME_FORMAT = "l, j E Y р., H:i"  # Неділя, 29 листопада 2026 р., 14:00
WEEKDAY_MONTH_DAY_FORMAT = "l, j E"  # Неділя, 29 листопада
WEEKDAY_SHORT_DATE_FORMAT = "l, d.m.Y"  # Неділя, 29.11.2026
WEEKDAY_SHORT_DATETIME_FORMAT = "l, d.m.Y H:i"  # Неділя, 29.11.2026 14:00
SHORT_WEEKDAY_SHORT_DATE_FORMAT = "D, d.m.Y"  # Нд, 29.11.2026
SHORT_WEEKDAY_SHORT_DATETIME_FORMAT = "D, d.m.Y H:i"  # Нд, 29.11.2026 14:00
SHORT_WEEKDAY_SHORT_MONTH_DAY_FORMAT = "D, d.m"  # Нд, 29.11
SHORT_MONTH_DAY_FORMAT = "d.m"  # 29.11
SHORT_MONTH_DAY_TIME_FORMAT = "d.m H:i"  # 29.11 14:00
SHORT_WEEKDAY_TIME_FORMAT = "D H:i"  # Нд 14:00

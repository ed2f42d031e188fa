# Named formats for German (see dortmund_hilft/formats/__init__.py); the examples show Sunday,
# 29 November 2026, 14:00.

DATE_FORMAT = "j. F Y"  # 29. November 2026
TIME_FORMAT = "H:i"  # 14:00
DATETIME_FORMAT = "j. F Y, H:i"  # 29. November 2026, 14:00
YEAR_MONTH_FORMAT = "F Y"  # November 2026
MONTH_DAY_FORMAT = "j. F"  # 29. November
SHORT_DATE_FORMAT = "d.m.Y"  # 29.11.2026
SHORT_DATETIME_FORMAT = "d.m.Y H:i"  # 29.11.2026 14:00

# Names Django does not have.
WEEKDAY_DATE_FORMAT = "l, j. F Y"  # Sonntag, 29. November 2026
WEEKDAY_DATETIME_FORMAT = "l, j. F Y, H:i"  # Sonntag, 29. November 2026, 14:00
WEEKDAY_MONTH_DAY_FORMAT = "l, j. F"  # Sonntag, 29. November
WEEKDAY_SHORT_DATE_FORMAT = "l, d.m.Y"  # Sonntag, 29.11.2026
WEEKDAY_SHORT_DATETIME_FORMAT = "l, d.m.Y H:i"  # Sonntag, 29.11.2026 14:00
SHORT_WEEKDAY_SHORT_DATE_FORMAT = "D, d.m.Y"  # So, 29.11.2026
SHORT_WEEKDAY_SHORT_DATETIME_FORMAT = "D, d.m.Y H:i"  # So, 29.11.2026 14:00
SHORT_WEEKDAY_SHORT_MONTH_DAY_FORMAT = "D, d.m."  # So, 29.11.
SHORT_MONTH_DAY_FORMAT = "d.m."  # 29.11.
SHORT_MONTH_DAY_TIME_FORMAT = "d.m. H:i"  # 29.11. 14:00
SHORT_WEEKDAY_TIME_FORMAT = "D H:i"  # So 14:00

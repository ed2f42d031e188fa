"""CSV files the portal writes, safe to open in a spreadsheet.

defusedcsv prefixes a cell that starts with =, +, -, @, | or % with an apostrophe, so Excel and
LibreOffice show it as text instead of running it as a formula. It leaves numbers alone, including
negative ones (a Decimal -1.5 or the text "-1"), so numeric columns stay numeric. It does not look at
a leading tab or carriage return, which some spreadsheets strip before they read a formula; we add
that here.
"""

import csv

from defusedcsv import csv as defusedcsv

_STRIPPED_BY_SPREADSHEETS = ("\t", "\r")


def _neutralise_leading_whitespace(value):
    if isinstance(value, str) and value.startswith(_STRIPPED_BY_SPREADSHEETS):
        return "'" + value
    return value


class _Writer:
    def __init__(self, file):
        self._writer = defusedcsv.writer(file)

    def writerow(self, row):
        return self._writer.writerow([_neutralise_leading_whitespace(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(file):
    return _Writer(file)


class DictWriter(csv.DictWriter):
    def __init__(self, file, fieldnames):
        super().__init__(file, fieldnames)
        self.writer = writer(file)

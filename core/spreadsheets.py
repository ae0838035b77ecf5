"""What the platform writes into spreadsheets (CSV, XLSX) from stored text: never a formula a
spreadsheet would run (OWASP « CSV injection »). A request's text, a feedback comment or a
structure's name may start with =, +, -, @: such a cell gets an apostrophe before it, which
spreadsheets read as « text » and do not show."""

import csv

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value` unchanged, unless it is a text a spreadsheet would read as a formula (a
    number written as text, « -0.77 », is a number, not a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class CsvWriter:
    """The one CSV form the platform writes: what a French spreadsheet opens as it is (UTF-8
    with its byte-order mark, « ; » between columns, CRLF line ends), every cell made safe."""

    def __init__(self, stream):
        stream.write("\ufeff")
        self._writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")

    def writerow(self, cells) -> None:
        self._writer.writerow([safe_cell(cell) for cell in cells])

"""What the platform writes into spreadsheets (CSV, XLSX) from stored text: never a formula a
spreadsheet would run (OWASP « CSV injection »). A request's text, a feedback comment or a
structure's name may start with =, +, -, @: such a cell gets an apostrophe before it, which
spreadsheets read as « text » and do not show."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value` unchanged, unless it is a text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value

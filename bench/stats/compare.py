"""Checks that popsh, sqlite3 and DuckDB give the same control statistics: the same
areas in the same order, every count equal and every rate equal to 1e-9 (relative),
an empty rate where another is empty. Files: CSV, popsh's with its header line.
usage: compare.py POPSH.csv SQLITE.csv DUCKDB.csv; exits 1 naming the first difference."""
import csv
import math
import sys

COUNTS = 15  # area, then the 14 counts; the rates follow


def rows(path, header):
    with open(path, newline="", encoding="utf-8") as f:
        found = list(csv.reader(f))
    return found[1:] if header else found


def same(a, b, column):
    if column < COUNTS:
        return a == b
    if a == "" or b == "":
        return a == b
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)


# popsh adds a line of the feed records no area holds (`unplaced`), which the peers do
# not compute; the areas' own rows are compared.
popsh = [row for row in rows(sys.argv[1], header=True) if row[0] != "unplaced"]
for name, path in (("sqlite3", sys.argv[2]), ("DuckDB", sys.argv[3])):
    peer = rows(path, header=False)
    if len(peer) != len(popsh):
        sys.exit(f"{name} has {len(peer)} rows, popsh {len(popsh)}")
    for line, (mine, theirs) in enumerate(zip(popsh, peer), start=2):
        for column, (a, b) in enumerate(zip(mine, theirs)):
            if len(mine) != len(theirs) or not same(a, b, column):
                sys.exit(f"{name} differs from popsh at {sys.argv[1]}:{line}, column {column + 1}: {b!r} against {a!r}")
print(f"control statistics: popsh, sqlite3 and DuckDB agree ({len(popsh)} areas, {len(popsh[0])} columns)")

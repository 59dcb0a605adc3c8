"""Precision and recall of a dedupe of a FEBRL file: each record's best other record.
A link is right when both records are the same person (rec-N-...); a record is to be
found when its person has another record in the file. args: the links CSV (the two
record ids first), the file deduplicated (all.csv), a label."""
import csv
import sys
from collections import Counter


def person(rec_id):
    return rec_id.strip().split("-")[1]


links, whole, label = sys.argv[1], sys.argv[2], sys.argv[3]
with open(whole, newline="") as f:
    records = Counter(person(r[0]) for r in list(csv.reader(f))[1:])
with open(links, newline="") as f:
    rows = list(csv.reader(f))[1:]
to_find = sum(n for n in records.values() if n > 1)
right = sum(1 for r in rows if person(r[0]) == person(r[1]))
print(f"| {label} | {to_find} | {len(rows)} | {right} | {right / max(len(rows), 1):.4f} | {right / to_find:.4f} |")

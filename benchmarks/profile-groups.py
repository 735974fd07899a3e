#!/usr/bin/env python3
"""Attribute JFR execution samples (the text of `jfr print --events jdk.ExecutionSample`) to groups
of frames, inclusively: a sample counts for a group when any frame of its stack matches.

Usage: python3 benchmarks/profile-groups.py target/profile/bearer.txt
"""
import collections
import re
import sys

GROUPS = [
    ('Spring Security FilterChainProxy (whole security chain)', r'org\.springframework\.security\.web\.FilterChainProxy\.doFilter'),
    ('BearerTokenAuthenticationFilter (resolve + authenticate)', r'BearerTokenAuthenticationFilter\.doFilterInternal'),
    ('  JwtAuthenticationProvider.authenticate', r'JwtAuthenticationProvider\.authenticate'),
    ('  CachingJwtDecoder.decode (the cache)', r'CachingJwtDecoder\.decode'),
    ('  NimbusJwtDecoder.decode (signature check)', r'NimbusJwtDecoder\.decode'),
    ('  WeChatJwtAuthenticationConverter (claims, revocation)', r'WeChatJwtAuthenticationConverter'),
    ('  DefaultBearerTokenResolver.resolve', r'DefaultBearerTokenResolver\.resolve'),
    ('DPoP matcher / filter', r'DPoP'),
    ('StrictHttpFirewall (header value checks)', r'firewall\.StrictHttpFirewall'),
    ('SecurityContext holder / repository filters', r'SecurityContext(Holder)?Filter|SecurityContextRepository'),
    ('AuthorizationFilter', r'AuthorizationFilter\.doFilter'),
    ('any io.github.wechatlogin frame', r'io\.github\.wechatlogin\.'),
    ('DispatcherServlet (controller, JSON)', r'DispatcherServlet\.doDispatch'),
]

path = sys.argv[1]
samples = []
frames = None
for line in open(path):
    s = line.strip()
    if s.startswith('jdk.ExecutionSample'):
        frames = []
    elif frames is not None and s == ']':
        samples.append(frames)
        frames = None
    elif frames is not None and s and not s.startswith(('startTime', 'sampledThread', 'state', 'stackTrace')):
        frames.append(s)

total = len(samples)
print('samples: %d' % total)
for label, pattern in GROUPS:
    rx = re.compile(pattern)
    n = sum(1 for f in samples if any(rx.search(x) for x in f))
    print('%-60s %6d  %5.1f %%' % (label, n, 100.0 * n / max(total, 1)))
print('\ntop frames (self):')
top = collections.Counter(re.sub(r'\s+line:.*', '', f[0]) for f in samples if f)
for frame, n in top.most_common(20):
    print('%6d  %5.1f %%  %s' % (n, 100.0 * n / max(total, 1), frame[:140]))

#!/usr/bin/env python3
"""Attribute the JFR samples of a login load run to groups of frames, inclusively (a sample counts
for a group when any frame of its stack matches): execution samples by count, allocation samples
(jdk.ObjectAllocationSample) by their weight in bytes. Then the top frames of each.

Usage: python3 benchmarks/profile-login-groups.py login-cpu.txt login-alloc.txt
"""
import collections
import re
import sys

GROUPS = [
    ('Tomcat: whole request (Http11Processor.service)', r'Http11Processor\.service'),
    ('Tomcat: socket poller / acceptor', r'NioEndpoint\$Poller|Acceptor\.run'),
    ('Spring Security FilterChainProxy', r'security\.web\.FilterChainProxy\.doFilter'),
    ('  WeChatLoginAuthenticationFilter', r'WeChatLoginAuthenticationFilter\.doFilter'),
    ('    WeChatCodeAuthenticationConverter (body, JSON)', r'WeChatCodeAuthenticationConverter'),
    ('    WeChatAuthenticationProvider.authenticate', r'WeChatAuthenticationProvider\.authenticate'),
    ('      code guard', r'WeChatCodeGuard|InMemoryWeChatCodeGuard'),
    ('      jscode2session exchange (RestClient)', r'RestClientJsCode2SessionExchanger\.exchange'),
    ('        JDK HttpClient send (calling thread)', r'jdk\.internal\.net\.http\.HttpClientImpl\.send'),
    ('        JSON answer parsing', r'WeChatApiCaller\.(read|parse)|tools\.jackson.*readTree'),
    ('      user service', r'WeChatUserService|DefaultWeChatUserService'),
    ('    success handler (tokens + body)', r'WeChatLoginSuccessHandler'),
    ('      JWT encode (Nimbus sign)', r'NimbusJwtEncoder\.encode'),
    ('      refresh token issue + store', r'RefreshTokenStore|JwtWeChatTokenService\.issueRefresh|WeChatRefreshToken'),
    ('    events (publishEvent)', r'publishEvent'),
    ('    observations (Micrometer)', r'micrometer\.observation'),
    ('    SecureRandom', r'SecureRandom'),
    ('JDK HttpClient internals (selector manager, other threads)', r'jdk\.internal\.net\.http\.(HttpClientImpl\$SelectorManager|Http1AsyncReceiver|SocketTube)'),
    ('logging', r'ch\.qos\.logback|org\.apache\.commons\.logging|slf4j'),
    ('GC / JIT not sampled here (Java frames only)', r'$^'),
    ('any io.github.wechatlogin frame', r'io\.github\.wechatlogin\.'),
]


def parse(path, event):
    samples = []
    frames = None
    weight = 1
    for line in open(path):
        s = line.strip()
        if s.startswith(event):
            frames, weight = [], 1
        elif frames is not None and s.startswith('weight ='):
            m = re.search(r'weight = ([\d.]+)\s*(bytes|kB|MB|GB)?', s)
            if m:
                weight = float(m.group(1)) * {'bytes': 1, None: 1, 'kB': 1024, 'MB': 1024 ** 2, 'GB': 1024 ** 3}[m.group(2)]
        elif frames is not None and s == ']':
            samples.append((frames, weight))
            frames = None
        elif frames is not None and s and not re.match(r'(startTime|sampledThread|state|stackTrace|eventThread|objectClass|weight)\b', s):
            frames.append(s)
    return samples


def report(title, samples, unit):
    total = sum(w for _, w in samples)
    print('\n## %s: %d samples, %s' % (title, len(samples), unit(total)))
    for label, pattern in GROUPS:
        rx = re.compile(pattern)
        n = sum(w for f, w in samples if any(rx.search(x) for x in f))
        print('%-62s %12s  %5.1f %%' % (label, unit(n), 100.0 * n / max(total, 1)))
    print('\ntop frames (self):')
    top = collections.Counter()
    for f, w in samples:
        if f:
            top[re.sub(r'\s+line:.*', '', f[0])] += w
    for frame, n in top.most_common(25):
        print('%12s  %5.1f %%  %s' % (unit(n), 100.0 * n / max(total, 1), frame[:140]))
    print('\ntop io.github.wechatlogin / springframework frames nearest the top (first such frame of each stack):')
    near = collections.Counter()
    for f, w in samples:
        for x in f:
            if 'io.github.wechatlogin.' in x or 'org.springframework.' in x:
                near[re.sub(r'\s+line:.*', '', x)] += w
                break
    for frame, n in near.most_common(25):
        print('%12s  %5.1f %%  %s' % (unit(n), 100.0 * n / max(total, 1), frame[:140]))


report('CPU (jdk.ExecutionSample)', parse(sys.argv[1], 'jdk.ExecutionSample'), lambda n: '%d' % n)
if len(sys.argv) > 2:
    report('Allocation (jdk.ObjectAllocationSample, by weight)', parse(sys.argv[2], 'jdk.ObjectAllocationSample'),
           lambda n: '%.1f MB' % (n / 1024 ** 2))

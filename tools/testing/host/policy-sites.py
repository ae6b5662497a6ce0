#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# The panic() and vpanic() calls of a kernel tree that a policy guards:
#   policy-sites.py TREE
# prints "PATH:FUNCTION: CONDITION" for each panic() or vpanic() (6.12.118
# and later: panic() wraps vpanic(), which nmi_panic() calls and modules
# may; not policy_panic(), nor one right after panic_resched_policy())
# whose guarding condition, the nearest "if (", "else if (", "case" or
# "while (" line within the 4 lines above it (or on its own line), names a
# panic policy: "panic" or a limit; or whose function names a policy's
# variable or option (panic_on_*, *_panic, *_PANIC*) before the call.  tools/testing/host/policy-sites.sh
# compares them with the list of sites that need no mark.
import os
import re
import sys

CALL = re.compile(r'(?<![\w.>])v?panic\s*\(')
GUARD = re.compile(r'^\s*(}\s*)?(if|else\s+if|while)\s*\(|^\s*case\b')
POLICY = re.compile(r'panic|\blimit\b|_limit\b', re.I)
# A policy's variable or option named in the function before the call.
POLICY_WORD = re.compile(r'\b(?!(SLAB_PANIC|KERN_PANIC|_LINUX_PANIC_H)\b)'
                         r'(\w*panic_on\w*|[a-z]\w*_panic(?!\s*\()|[A-Z]\w*_PANIC(?!_TIMEOUT)\w*)\b')
FUNC = re.compile(r'^[a-zA-Z_][\w\s\*]*?\b(\w+)\s*\(')
COMMENT = re.compile(r'/\*.*?\*/|//.*$')
STRING = re.compile(r'"(\\.|[^"\\])*"')
SKIP = ('Documentation/', 'tools/', 'scripts/', 'samples/')
# fips=1 is a policy too: its panics need no mark where the rescue
# refuses in FIPS mode as a whole (panic_resched_refusal() tests
# fips_enabled), and are reported where it does not.
FIPS = re.compile(r'\bfips_enabled\b')


def fips_refused(tree):
    try:
        text = open(os.path.join(tree, 'kernel/locking/panic_resched.c')).read()
    except OSError:
        return False
    return bool(re.search(r'if \(fips_enabled\)\s*return "', text))


def scan(tree):
    fips_ok = fips_refused(tree)
    for d, dirs, files in os.walk(tree):
        rel = os.path.relpath(d, tree)
        if rel != '.' and (rel.startswith(SKIP) or '/.' in '/' + rel):
            dirs[:] = []
            continue
        for f in files:
            if not f.endswith(('.c', '.h')):
                continue
            path = os.path.join(d, f)
            try:
                text = open(path, errors='replace').read()
            except OSError:
                continue
            if 'panic' not in text:
                continue
            lines = text.split('\n')
            func = '?'
            fstart = 0
            # Strings hold "panic (" too: blank them out.
            lines = [COMMENT.sub(' ', STRING.sub('""', x)) for x in lines]
            for i, l in enumerate(lines):
                m = FUNC.match(l)
                if m and not l.rstrip().endswith(';') and m.group(1) not in ('if', 'while', 'for', 'switch', 'return'):
                    func = m.group(1)
                    fstart = i
                s = l.lstrip()
                if s.startswith(('*', '/*', '//', '#')) or not CALL.search(l):
                    continue
                # Marked by a panic_resched_policy() call just before it.
                if any('panic_resched_policy(' in x for x in lines[max(0, i - 2):i]):
                    continue
                cond = None
                before = l[:CALL.search(l).start()]
                if GUARD.search(before) or re.search(r'\bif\s*\(', before):
                    cond = before
                else:
                    for j in range(i - 1, max(i - 5, -1), -1):
                        if CALL.search(lines[j]) or lines[j].rstrip().endswith((';', '}')) and not GUARD.search(lines[j]):
                            break
                        if GUARD.search(lines[j]):
                            cond = ' '.join(x.strip() for x in lines[j:i])
                            break
                if cond and FIPS.search(cond) and not POLICY.search(cond):
                    if not fips_ok:
                        print(f'{os.path.relpath(path, tree)}:{func}: {cond.strip()[:120]}')
                    continue
                if cond and POLICY.search(cond):
                    print(f'{os.path.relpath(path, tree)}:{func}: {cond.strip()[:120]}')
                    continue
                # A policy tested earlier in the function, with an early
                # return (check_panic_on_oom()) or a block around the call.
                body = ' '.join(lines[fstart + 1:i])
                w = POLICY_WORD.search(body)
                if w:
                    print(f'{os.path.relpath(path, tree)}:{func}: {w.group(0)} in the function')


scan(sys.argv[1])

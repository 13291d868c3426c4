#!/usr/bin/env python3
"""Instruction mix per sample from two callgrind runs (--dump-instr=yes) that differ by N samples.
usage: mix.py BIN A.cg B.cg N"""
import collections, re, subprocess, sys
binp, fa, fb, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def parse(path):
    cost = collections.Counter(); fnames = {}; fn = None; addr = 0; skip = False
    for line in open(path):
        line = line.rstrip("\n")
        m = re.match(r"c?fn=\((\d+)\)(?: (.*))?", line)
        if m:
            if m.group(2): fnames[m.group(1)] = m.group(2)
            if line.startswith("fn="): fn = fnames[m.group(1)]
            continue
        if line.startswith("calls="): skip = True; continue
        if not line or not (line[0] in "+-*0123456789" or line.startswith("0x")): continue
        parts = line.split()
        a = parts[0]
        if a.startswith("0x"): addr = int(a, 16)
        elif a[0] == "+": addr += int(a[1:], 16 if a[1:].startswith("0x") else 10) if not a[1:].startswith("0x") else int(a[3:], 16)
        elif a[0] == "-": addr -= int(a[1:]) if not a[1:].startswith("0x") else int(a[3:], 16)
        elif a == "*": pass
        else: continue
        if skip: skip = False; continue
        if len(parts) > 1: cost[(fn, addr)] += int(parts[1])
    return cost
A, B = parse(fa), parse(fb)
d = {k: B[k] - A.get(k, 0) for k in B if B[k] - A.get(k, 0) > 0}
dis = {}
for l in subprocess.run(["objdump", "-d", "--no-show-raw-insn", "-M", "intel", binp], capture_output=True, text=True).stdout.splitlines():
    m = re.match(r"\s+([0-9a-f]+):\s+(\S+)\s*(.*)", l)
    if m: dis[int(m.group(1), 16)] = (m.group(2), m.group(3))
def cat(mn, ops):
    if mn.startswith("vfmadd") or mn.startswith("vfnmadd") or mn.startswith("vfmsub") or mn.startswith("vfnmsub"): return "fma"
    if mn in ("vhaddps",): return "hadd"
    if mn.startswith("vbroadcast"): return "broadcast"
    if mn.startswith("vperm") or mn.startswith("vshuf") or mn.startswith("vextract") or mn.startswith("vinsert") or mn.startswith("vunpck") or mn.startswith("vmovhlps") or mn.startswith("vmovshdup") or mn.startswith("vblend"): return "shuffle"
    if mn.startswith("vmov") or mn.startswith("mov"):
        return "store" if re.match(r"\w+ PTR \[", ops) else "load/move"
    if mn.startswith("v"): return "other vector"
    return "scalar/control"
tot = collections.Counter(); perfn = collections.defaultdict(collections.Counter); miss = 0
for (fn, a), c in d.items():
    if a not in dis: miss += c; continue
    mn, ops = dis[a]; k = cat(mn, ops)
    tot[k] += c; perfn[fn][k] += c; perfn[fn]["_all"] += c
print(f"per sample ({n} samples); not disassembled: {miss/n:.0f}")
print("total", round(sum(tot.values())/n), {k: round(v/n) for k, v in tot.most_common()})
for fn, c in sorted(perfn.items(), key=lambda x: -x[1]["_all"]):
    if c["_all"]/n < 5: continue
    print(f"{c['_all']/n:8.0f}  {fn[:110]}")
    print("          ", {k: round(v/n) for k, v in c.most_common() if k != "_all"})

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Make an x86-64 ELF dump of qemu's dump-guest-memory readable by drgn.

    qemu-kimage.py VMCORE END

qemu's ELF dump (without -p) has only physical addresses: each PT_LOAD's
vaddr equals its paddr.  drgn 0.0.22 reads the kernel's own data (the
page tables first of all) through the kernel image mapping, which such a
dump does not have, and fails with "recursive address translation".  This
rewrites VMCORE in place: the RAM segments become physical only (vaddr 0),
and the part of them under the kernel image mapping (__START_KERNEL_map
up to END, the address of vmlinux's _end, KASLR offset and phys_base from
the dump's VMCOREINFO note) is added again at its virtual addresses.  The
new program headers go at the end of the file; the old ones stay unused.
Everything else (the modules, the direct map, vmalloc) drgn translates
through the page tables.
"""
import re
import struct
import sys

START_KERNEL_MAP = 0xffffffff80000000
EHDR = "<16sHHIQQQIHHHHHH"
PHDR = "<IIQQQQQQ"
PT_LOAD, PT_NOTE = 1, 4


def main():
    path, end = sys.argv[1], int(sys.argv[2], 16)
    with open(path, "r+b") as f:
        ehdr = list(struct.unpack(EHDR, f.read(struct.calcsize(EHDR))))
        if ehdr[0][:5] != b"\x7fELF\x02" or ehdr[2] != 62:
            sys.exit("%s: not a 64-bit x86 ELF core" % path)
        phoff, phentsize, phnum = ehdr[5], ehdr[9], ehdr[10]
        f.seek(phoff)
        phs = [list(struct.unpack(PHDR, f.read(phentsize))) for _ in range(phnum)]
        notes = b""
        for p in phs:
            if p[0] == PT_NOTE:
                f.seek(p[2])
                notes += f.read(p[5])
        m = re.search(rb"NUMBER\(phys_base\)=(-?\d+)", notes)
        if not m:
            sys.exit("%s: no VMCOREINFO (boot with -device vmcoreinfo and "
                     "CONFIG_FW_CFG_SYSFS)" % path)
        phys_base = int(m.group(1))
        m = re.search(rb"KERNELOFFSET=([0-9a-f]+)", notes)
        koff = int(m.group(1), 16) if m else 0
        image_end = end + koff - START_KERNEL_MAP + phys_base
        new = []
        for p in phs:
            if p[0] != PT_LOAD:
                continue
            if p[3] != p[4]:
                sys.exit("%s: has virtual addresses already" % path)
            lo, hi = p[4], min(p[4] + p[5], image_end)
            p[3] = 0
            if hi > lo:
                new.append([PT_LOAD, p[1], p[2] + lo - p[4],
                            START_KERNEL_MAP + lo - phys_base, lo,
                            hi - lo, hi - lo, p[7]])
        f.seek(0, 2)
        off = (f.tell() + 7) & ~7
        f.seek(off)
        for p in phs + new:
            f.write(struct.pack(PHDR, *p))
        ehdr[5], ehdr[10] = off, len(phs) + len(new)
        f.seek(0)
        f.write(struct.pack(EHDR, *ehdr))


if __name__ == "__main__":
    main()

#!/usr/bin/env drgn
# SPDX-License-Identifier: GPL-2.0
"""
lock_owners.py - print a kernel's spinlock owner snapshot with drgn

Reproduces /proc/lock_owners (format "version 2") from a vmcore or from the
running kernel, for kernels built with CONFIG_SPINLOCK_OWNER_SNAPSHOT:

    drgn -c VMCORE -s VMLINUX lock_owners.py [options]
    drgn lock_owners.py [options]                  # live, needs /proc/kcore
    python3 lock_owners.py -c VMCORE -s VMLINUX [options]

Written for, and against the API of, drgn 0.0.22 (Debian 12's python3-drgn).

Mirrors, line by line, what the kernel does (see the function named in each
comment):

  lo_show()                   kernel/locking/spinlock_owner_report.c
  spinlock_owner_format()     kernel/locking/spinlock_owner_report.c
  spinlock_owner_symbol()     kernel/locking/spinlock_owner_report.c
  spinlock_owner_read()       kernel/locking/spinlock_owner.c
  spinlock_owner_read_wait()  kernel/locking/spinlock_owner.c
  spinlock_owner_read_leak()  kernel/locking/spinlock_owner.c
  spinlock_owner_counters()   kernel/locking/spinlock_owner.c
  spinlock_owner_ctx()        kernel/locking/spinlock_owner.c
  spinlock_owner_variant_name() kernel/locking/spinlock_owner.c
  get_symbol_pos(), kallsyms_lookup_size_offset(), __sprint_symbol()
                              kernel/kallsyms.c
  find_kallsyms_symbol(), module_address_lookup()
                              kernel/module/kallsyms.c
  jiffies_to_msecs()          kernel/time/time.c
  ptr_to_id(), restricted_pointer()  lib/vsprintf.c   (--lock hashed/proc)

Where the output can differ from what the kernel would have printed:

  * the lock column: by default the raw address, as %px prints it (a dump
    has no reader whose kptr_restrict rights %pK could check); --lock hashed
    prints what %p prints (the kernel's own siphash key is in the dump), and
    --lock proc what a root reader of /proc/lock_owners would have seen
    under the dump's kptr_restrict;
  * ms: measured against the dump's jiffies (the moment of the crash), not
    the moment of a read;
  * symbols of BPF programs, ftrace trampolines and the x86 vsyscall page
    print "-" (the kernel would name them);
  * 32-bit kernels: untested; jiffies_to_msecs() for an HZ that does not
    divide 1000 (e.g. 300) uses the 64-bit formula.
"""

import argparse
import struct
import sys

import drgn
from drgn import FaultError
from drgn.helpers.linux.cpumask import for_each_possible_cpu
from drgn.helpers.linux.list import list_for_each_entry
from drgn.helpers.linux.percpu import per_cpu

# --------------------------------------------------------------------------
# Constants of include/linux/spinlock_owner.h and include/linux/preempt.h.
# The sizes (depth, entry size, leak slots) are checked against the debug
# info below; the masks are the same on every architecture.

SPINLOCK_OWNER_MODE = 0x3
SPINLOCK_OWNER_READ = 0x4
SPINLOCK_OWNER_WRITE = 0x8
SPINLOCK_OWNER_VARIANT_SHIFT = 24
SPINLOCK_OWNER_DEPTH = 16
SPINLOCK_OWNER_HELD_SIZE = 64
SPINLOCK_OWNER_LEAKS = 32
SPINLOCK_OWNER_FREE = 1                 # lock pointer of a free slot
SPINLOCK_OWNER_BUSY = 2                 # leak slot claimed, not yet filled

PREEMPT_MASK = 0x000000FF
SOFTIRQ_MASK = 0x0000FF00
HARDIRQ_MASK = 0x000F0000
NMI_MASK = 0x00F00000
SOFTIRQ_OFFSET = 0x00000100

# What spinlock_owner_read() and _read_leak() keep of the recorded pc.
PC_KEEP = NMI_MASK | HARDIRQ_MASK | SOFTIRQ_MASK | PREEMPT_MASK

HEADER = "cpu ctx state lock symbol variant pid comm ms site\n"
MODULE_STATE_UNFORMED_FALLBACK = 3      # enum module_state, 6.12


def spinlock_owner_ctx(pc):
    """spinlock_owner_ctx(): the context an entry was recorded in."""
    if pc & NMI_MASK:
        return "nmi"
    if pc & HARDIRQ_MASK:
        return "hardirq"
    if pc & SOFTIRQ_OFFSET:
        return "softirq"
    return "task"


_VARIANT_NAMES = (
    ("spin", "spin_irq", "spin_irqsave", "spin_bh"),
    ("read", "read_irq", "read_irqsave", "read_bh"),
    ("write", "write_irq", "write_irqsave", "write_bh"),
)


def spinlock_owner_variant_name(variant):
    """spinlock_owner_variant_name(): READ wins over WRITE, as in C."""
    if variant & SPINLOCK_OWNER_READ:
        kind = 1
    elif variant & SPINLOCK_OWNER_WRITE:
        kind = 2
    else:
        kind = 0
    return _VARIANT_NAMES[kind][variant & SPINLOCK_OWNER_MODE]


def _isgraph(c):
    """isgraph() of lib/ctype.c: Latin-1 161-255 count, 128-160 do not."""
    return 0x21 <= c <= 0x7E or 0xA1 <= c <= 0xFF


def sanitize_comm(raw):
    """The comm as spinlock_owner_format() prints it, as a Latin-1 str."""
    raw = bytes(raw[:15]).split(b"\0", 1)[0]    # comm[TASK_COMM_LEN-1] = 0
    s = "".join(chr(c) if _isgraph(c) else "?" for c in raw)
    return s or "?"


def jiffies_to_msecs(j, hz, bits=64):
    """jiffies_to_msecs() of kernel/time/time.c, for a given HZ.

    The argument is an unsigned long, the result an unsigned int: both
    wrap as in C.
    """
    from math import gcd

    lmask = (1 << bits) - 1
    j &= lmask
    if hz <= 1000 and 1000 % hz == 0:
        r = (1000 // hz) * j
    elif hz > 1000 and hz % 1000 == 0:
        r = ((j + hz // 1000 - 1) & lmask) // (hz // 1000)
    else:
        # DIV_ROUND_UP(j * HZ_TO_MSEC_NUM, HZ_TO_MSEC_DEN), in unsigned long
        # (kernel/time/timeconst.bc reduces 1000/HZ by their gcd).
        g = gcd(hz, 1000)
        num, den = 1000 // g, hz // g
        r = ((((j * num) & lmask) + den - 1) & lmask) // den
    return (r & lmask) & 0xFFFFFFFF


# --------------------------------------------------------------------------
# SipHash-2-4, for --lock hashed: siphash_1u64() of lib/siphash.c.

def _rotl(x, b):
    return ((x << b) | (x >> (64 - b))) & 0xFFFFFFFFFFFFFFFF


def siphash_1u64(first, k0, k1):
    """siphash_1u64(first, key) with key->key[] = {k0, k1}."""
    m64 = 0xFFFFFFFFFFFFFFFF
    v0 = 0x736F6D6570736575 ^ k0
    v1 = 0x646F72616E646F6D ^ k1
    v2 = 0x6C7967656E657261 ^ k0
    v3 = 0x7465646279746573 ^ k1

    def rnd(v0, v1, v2, v3):
        v0 = (v0 + v1) & m64; v1 = _rotl(v1, 13); v1 ^= v0; v0 = _rotl(v0, 32)
        v2 = (v2 + v3) & m64; v3 = _rotl(v3, 16); v3 ^= v2
        v0 = (v0 + v3) & m64; v3 = _rotl(v3, 21); v3 ^= v0
        v2 = (v2 + v1) & m64; v1 = _rotl(v1, 17); v1 ^= v2; v2 = _rotl(v2, 32)
        return v0, v1, v2, v3

    b = 8 << 56                          # (u64)len << 56, len = 8
    v3 ^= first
    v0, v1, v2, v3 = rnd(v0, v1, v2, v3)
    v0, v1, v2, v3 = rnd(v0, v1, v2, v3)
    v0 ^= first
    v3 ^= b
    v0, v1, v2, v3 = rnd(v0, v1, v2, v3)
    v0, v1, v2, v3 = rnd(v0, v1, v2, v3)
    v0 ^= b
    v2 ^= 0xFF
    for _ in range(4):
        v0, v1, v2, v3 = rnd(v0, v1, v2, v3)
    return (v0 ^ v1 ^ v2 ^ v3) & m64


def hash_64(val, bits):
    """hash_64_generic() of include/linux/hash.h (debug_boot_weak_hash)."""
    return ((val * 0x61C8864680B583EB) & 0xFFFFFFFFFFFFFFFF) >> (64 - bits)


# --------------------------------------------------------------------------
# Memory access

class _BlockReader:
    """Reads target memory in page-sized, page-aligned blocks, cached.

    For tables of unknown length (kallsyms names, a module's strtab): a
    read never crosses into a page that was not asked for.
    """

    BLOCK = 4096

    def __init__(self, prog):
        self.prog = prog
        self.blocks = {}

    def _block(self, base):
        b = self.blocks.get(base)
        if b is None:
            b = self.prog.read(base, self.BLOCK)
            self.blocks[base] = b
        return b

    def read(self, addr, size):
        out = bytearray()
        while size > 0:
            base = addr & ~(self.BLOCK - 1)
            off = addr - base
            n = min(size, self.BLOCK - off)
            out += self._block(base)[off:off + n]
            addr += n
            size -= n
        return bytes(out)

    def u8(self, addr):
        return self.read(addr, 1)[0]

    def cstring(self, addr, maxlen=512):
        """A NUL-terminated string, at most maxlen bytes (KSYM_NAME_LEN)."""
        out = bytearray()
        while len(out) < maxlen:
            base = addr & ~(self.BLOCK - 1)
            chunk = self._block(base)[addr - base:]
            nul = chunk.find(b"\0")
            if nul >= 0:
                out += chunk[:nul]
                break
            out += chunk
            addr += len(chunk)
        return bytes(out[:maxlen])


def _find_object(prog, name, filename=None):
    """prog.object(), preferring the definition in @filename (for statics)."""
    if filename is not None:
        try:
            return prog.object(name, filename=filename)
        except LookupError:
            pass
    return prog.object(name)


def _symbol_address(prog, name):
    """The address of a linker or assembler symbol (no DWARF needed)."""
    return prog.symbol(name).address


# --------------------------------------------------------------------------
# kallsyms, read from the target's own tables, so that names, offsets and
# sizes are exactly the kernel's (an ELF st_size is not kallsyms' size: the
# kernel's size runs to the next symbol, padding and __pfx_ included).

class Kallsyms:
    def __init__(self, prog, kconfig=None, symaddr=None):
        self.prog = prog
        self.mem = _BlockReader(prog)
        # name -> address of a linker/assembler symbol; a test may inject it
        self.symaddr = symaddr or (lambda n: _symbol_address(prog, n))
        little = bool(prog.platform.flags & drgn.PlatformFlags.IS_LITTLE_ENDIAN)
        self.bits = 64 if prog.platform.flags & drgn.PlatformFlags.IS_64_BIT else 32
        self.end = "<" if little else ">"
        self.lmask = (1 << self.bits) - 1
        kconfig = kconfig or {}
        self.modules = None
        self.core = False
        try:
            self._init_core(kconfig)
            self.core = True
        except (LookupError, FaultError) as e:
            # CONFIG_KALLSYMS=n: the kernel prints "-" for every address.
            self.core_error = str(e)

    # --- vmlinux --------------------------------------------------------

    def _init_core(self, kconfig):
        prog, sym = self.prog, self.symaddr
        e = self.end
        self.num = struct.unpack(e + "I", prog.read(sym("kallsyms_num_syms"), 4))[0]
        word = "Q" if self.bits == 64 else "I"
        self.relative_base = struct.unpack(
            e + word, prog.read(sym("kallsyms_relative_base"), self.bits // 8))[0]
        raw = prog.read(sym("kallsyms_offsets"), 4 * self.num)
        self.offsets = struct.unpack("%s%di" % (e, self.num), raw)
        self.names_addr = sym("kallsyms_names")
        nmark = (self.num + 255) >> 8
        self.markers = struct.unpack(
            "%s%dI" % (e, nmark), prog.read(sym("kallsyms_markers"), 4 * nmark))
        tidx = struct.unpack(
            "%s256H" % e, prog.read(sym("kallsyms_token_index"), 512))
        ttab = sym("kallsyms_token_table")
        self.tokens = [self.mem.cstring(ttab + i, 256) for i in tidx]
        self.stext, self.etext = sym("_stext"), sym("_etext")
        self.end_ = sym("_end")
        self.sinittext, self.einittext = sym("_sinittext"), sym("_einittext")
        self.init_begin, self.init_end = sym("__init_begin"), sym("__init_end")

        # CONFIG_KALLSYMS_ABSOLUTE_PERCPU: offsets < 0 are relative to
        # relative_base - 1; without it none is negative (a kernel image is
        # far below 2 GiB).
        cfg = kconfig.get("CONFIG_KALLSYMS_ABSOLUTE_PERCPU")
        self.absolute_percpu = (cfg == "y") if cfg is not None else \
            any(o < 0 for o in self.offsets)
        self.addrs = [self._sym_address(i) for i in range(self.num)]
        # CONFIG_KALLSYMS_ALL: without it, scripts/kallsyms keeps only text
        # symbols, none beyond _etext and _einittext.
        cfg = kconfig.get("CONFIG_KALLSYMS_ALL")
        if cfg is not None:
            self.all = cfg == "y"
        else:
            self.all = self.num > 0 and \
                max(self.addrs) > max(self.etext, self.einittext)

    def _sym_address(self, idx):
        """kallsyms_sym_address()"""
        off = self.offsets[idx]
        if not self.absolute_percpu:
            return (self.relative_base + (off & 0xFFFFFFFF)) & self.lmask
        if off >= 0:
            return off
        return (self.relative_base - 1 - off) & self.lmask

    def _is_ksym_addr(self, addr):
        """is_ksym_addr() (without the gate area)."""
        if self.all:
            return (self.stext <= addr < self.end_) or \
                (self.init_begin <= addr < self.init_end)
        return (self.stext <= addr < self.etext) or \
            (self.sinittext <= addr < self.einittext)

    def _get_symbol_pos(self, addr):
        """get_symbol_pos(): (pos, size, offset)"""
        import bisect

        low = max(bisect.bisect_right(self.addrs, addr) - 1, 0)
        while low and self.addrs[low - 1] == self.addrs[low]:
            low -= 1
        start = self.addrs[low]
        end = 0
        i = bisect.bisect_right(self.addrs, start)
        if i < self.num:
            end = self.addrs[i]
        if not end:
            if self.sinittext <= addr < self.einittext:
                end = self.einittext
            elif self.all:
                end = self.end_
            else:
                end = self.etext
        return low, (end - start) & self.lmask, (addr - start) & self.lmask

    def _symbol_name(self, pos):
        """get_symbol_offset() + kallsyms_expand_symbol()"""
        mem = self.mem
        off = self.markers[pos >> 8]
        for _ in range(pos & 0xFF):
            n = mem.u8(self.names_addr + off)
            if n & 0x80:
                n = ((n & 0x7F) | (mem.u8(self.names_addr + off + 1) << 7)) + 1
            off += n + 1
        n = mem.u8(self.names_addr + off)
        off += 1
        if n & 0x80:
            n = (n & 0x7F) | (mem.u8(self.names_addr + off) << 7)
            off += 1
        data = mem.read(self.names_addr + off, n)
        name = b"".join(self.tokens[b] for b in data)
        return name[1:].decode("latin-1")      # the first char is the type

    # --- modules --------------------------------------------------------

    def _load_modules(self):
        """The formed modules, their memory regions and kallsyms."""
        prog = self.prog
        self.modules = []
        try:
            head = prog["modules"]
        except KeyError:
            return                              # CONFIG_MODULES=n
        try:
            unformed = prog["MODULE_STATE_UNFORMED"].value_()
        except KeyError:
            unformed = MODULE_STATE_UNFORMED_FALLBACK
        try:
            ntypes = prog["MOD_MEM_NUM_TYPES"].value_()
            text_types = {prog["MOD_TEXT"].value_(), prog["MOD_INIT_TEXT"].value_()}
        except KeyError:
            ntypes, text_types = 7, {0, 4}
        for mod in list_for_each_entry("struct module", head.address_of_(), "list"):
            if mod.state.value_() == unformed:
                continue
            regions = [(t, mod.mem[t].base.value_(), mod.mem[t].size.value_())
                       for t in range(ntypes)]
            ks = mod.kallsyms
            self.modules.append({
                "name": mod.name.string_().decode("latin-1"),
                "regions": regions,
                "text_types": text_types,
                "symtab": ks.symtab.value_(),
                "num": ks.num_symtab.value_(),
                "strtab": ks.strtab.value_(),
                "syms": None,
            })

    def _module_syms(self, m):
        if m["syms"] is None:
            if self.bits == 64:
                fmt, size = self.end + "IBBHQQ", 24    # Elf64_Sym
                raw = self.prog.read(m["symtab"], size * m["num"])
                m["syms"] = [(name, shndx, value) for name, _, _, shndx, value, _
                             in struct.iter_unpack(fmt, raw)]
            else:
                fmt, size = self.end + "IIIBBH", 16    # Elf32_Sym
                raw = self.prog.read(m["symtab"], size * m["num"])
                m["syms"] = [(name, shndx, value) for name, value, _, _, _, shndx
                             in struct.iter_unpack(fmt, raw)]
        return m["syms"]

    def _module_lookup(self, addr):
        """module_address_lookup() + find_kallsyms_symbol():
        None if no module has @addr, else (modname, name or None, size, off).
        """
        if self.modules is None:
            self._load_modules()
        for m in self.modules:
            # __module_address(): any region of a formed module
            if not any(0 <= addr - base < size for _, base, size in m["regions"]):
                continue
            region = None
            for t, base, size in m["regions"]:
                if not self.all and t not in m["text_types"]:
                    continue
                if 0 <= addr - base < size:
                    region = (base, size)
                    break
            if region is None:
                return (m["name"], None, 0, 0)
            nextval = region[0] + region[1]
            bestval = region[0] - 1
            best = 0
            strtab = m["strtab"]
            for i, (st_name, shndx, value) in enumerate(self._module_syms(m)):
                if i == 0 or shndx == 0:               # SHN_UNDEF
                    continue
                upd_best = value <= addr and value > bestval
                upd_next = value > addr and value < nextval
                if not (upd_best or upd_next):
                    continue
                # Unnamed and mapping symbols (is_mapping_symbol()) skipped.
                head = self.mem.read(strtab + st_name, 2)
                if head[:1] == b"\0" or head[:1] == b"$" or \
                        head == b".L" or head == b"L0":
                    continue
                if upd_best:
                    best, bestval = i, value
                if upd_next:
                    nextval = value
            if not best:
                return (m["name"], None, 0, 0)
            name = self.mem.cstring(strtab + self._module_syms(m)[best][0])
            return (m["name"], name.decode("latin-1"),
                    (nextval - bestval) & self.lmask,
                    (addr - bestval) & self.lmask)
        return None

    # --- what spinlock_owner_symbol() prints ----------------------------

    def lookup(self, addr):
        """kallsyms_lookup_size_offset() and kallsyms_lookup_buildid():
        (name, size, offset, modname) or None."""
        if self.core and self._is_ksym_addr(addr):
            pos, size, off = self._get_symbol_pos(addr)
            return (self._symbol_name(pos), size, off, None)
        r = self._module_lookup(addr)
        if r is None or r[1] is None:
            return None                 # BPF images: not looked up here
        modname, name, size, off = r
        return (name, size, off, modname)

    def symbol(self, addr, offset):
        """spinlock_owner_symbol(): "sym", "sym+0x8/0x40", "sym[mod]"..."""
        r = self.lookup(addr) if addr else None
        if r is None:
            return "-"
        name, size, off, modname = r
        if not name:
            return "0x%x" % addr        # __sprint_symbol() without a name
        s = name
        if off or offset:
            s += "+%#x/%#x" % (off, size)   # the kernel's %#lx: 0 is "0x0"
        if modname:
            s += "[%s]" % modname       # " [mod]" with the space removed
        return s


class ElfSymbols:
    """Fallback symbolizer: drgn's ELF symbols (sizes are st_size, not
    kallsyms' distance to the next symbol; modules only with their debug
    info).  Used with --symbols elf, or when kallsyms cannot be read."""

    def __init__(self, prog, kallsyms=None):
        self.prog = prog
        self.ks = kallsyms

    def symbol(self, addr, offset):
        if not addr:
            return "-"
        try:
            sym = self.prog.symbol(addr)
        except LookupError:
            return "-"
        off = addr - sym.address
        s = sym.name
        if off or offset:
            s += "+%#x/%#x" % (off, sym.size)
        if self.ks is not None:
            r = None
            try:
                r = self.ks._module_lookup(addr)
            except (LookupError, FaultError):
                pass
            if r is not None:
                s += "[%s]" % r[0]
        return s


# --------------------------------------------------------------------------
# HZ: jiffies_to_msecs() needs it, and no debug info has it.

def detect_hz(prog, kconfig, override=None):
    """(hz, how).  In this order: --hz; CONFIG_HZ from the kernel's own
    config (CONFIG_IKCONFIG); else from tick_nsec, which ntp.c sets to
    (tick_usec * 1000 * USER_HZ + adjustments) / HZ: rounding that to the
    nearest HZ cancels adjtimex(ADJ_TICK), and time_freq (<= 500 ppm) is
    far too small to move it to another HZ.  USER_HZ is 100 on every
    architecture this series builds for (alpha's 1024 is not one)."""
    if override:
        return override, "--hz"
    if kconfig and "CONFIG_HZ" in kconfig:
        return int(kconfig["CONFIG_HZ"]), "CONFIG_HZ (IKCONFIG)"
    try:
        tick_nsec = prog["tick_nsec"].value_()
        tick_usec = prog["tick_usec"].value_()
    except KeyError:
        tick_nsec = tick_usec = 0
    if tick_nsec and tick_usec:
        user_hz = 100
        return int(round(tick_usec * 1000 * user_hz / tick_nsec)), \
            "tick_usec * 1000 * USER_HZ / tick_nsec"
    raise SystemExit("lock_owners: cannot tell HZ; give --hz")


def read_kconfig(prog):
    try:
        from drgn.helpers.linux.kconfig import get_kconfig
        return dict(get_kconfig(prog))
    except (ImportError, LookupError, FaultError, OSError, EOFError):
        return {}


# --------------------------------------------------------------------------
# The snapshot

class Entry:
    """struct spinlock_owner_entry"""
    __slots__ = ("lock", "ip", "since", "flags", "pc", "variant", "wait",
                 "leaked", "cpu", "pid", "comm")

    def __init__(self, **kw):
        self.cpu = self.pid = 0
        self.comm = b""
        for k, v in kw.items():
            setattr(self, k, v)


class LockOwners:
    def __init__(self, prog, hz=None, lock_format="raw", symbols="kallsyms",
                 verbose=False, symbolizer=None):
        self.prog = prog
        self.verbose = verbose
        self.bits = 64 if prog.platform.flags & drgn.PlatformFlags.IS_64_BIT else 32
        self.lmask = (1 << self.bits) - 1
        try:
            self.record = prog["spinlock_owner_record"]
        except KeyError:
            raise SystemExit(
                "lock_owners: no spinlock_owner_record in the debug info: "
                "not a CONFIG_SPINLOCK_OWNER_SNAPSHOT kernel, or no vmlinux "
                "with DWARF given (-s)")
        try:
            self.key = prog["spinlock_owner_on"]
        except KeyError:
            self.key = None             # before patch 0013: always on
        self._check_layout()
        self.kconfig = read_kconfig(prog)
        self.hz_arg = hz
        self.hz = None
        self.lock_format = lock_format
        if symbolizer is not None:              # tests
            self.sym = symbolizer
            return
        ks = Kallsyms(prog, self.kconfig)
        if symbols == "elf" or not ks.core:
            if symbols != "elf":
                self._warn("kallsyms unreadable (%s): ELF symbols instead, "
                           "sizes may differ from the kernel's" %
                           getattr(ks, "core_error", "?"))
            self.sym = ElfSymbols(prog, ks)
        else:
            self.sym = ks

    def _warn(self, msg):
        sys.stderr.write("lock_owners: %s\n" % msg)

    def _check_layout(self):
        """The constants above, against the debug info."""
        global SPINLOCK_OWNER_DEPTH, SPINLOCK_OWNER_HELD_SIZE, SPINLOCK_OWNER_LEAKS
        prog = self.prog
        held_t = prog.type("struct spinlock_owner_held")
        if any(m.name == "variant" for m in held_t.members):
            # patches/mainline/: the variant in its own byte, other
            # modes and masks, and 7.3's preempt_count() layout.
            raise SystemExit(
                "lock_owners: this kernel has the mainline series' record "
                "(the variant in its own field), which this tool does not "
                "read yet: use the panic log's snapshot or lx-lock-owners")
        cpu_t = prog.type("struct spinlock_owner_cpu")
        held_m = [m for m in cpu_t.members if m.name == "held"][0]
        depth = drgn.sizeof(held_m.type) // drgn.sizeof(held_t) - 2
        if (depth, drgn.sizeof(held_t)) != (SPINLOCK_OWNER_DEPTH,
                                            SPINLOCK_OWNER_HELD_SIZE):
            self._warn("layout changed: depth %d, entry %d bytes" %
                       (depth, drgn.sizeof(held_t)))
            SPINLOCK_OWNER_DEPTH = depth
            SPINLOCK_OWNER_HELD_SIZE = drgn.sizeof(held_t)
        leaks = self._static("spinlock_owner_leaks")
        SPINLOCK_OWNER_LEAKS = len(leaks)

    def _static(self, name):
        return _find_object(self.prog, name, "kernel/locking/spinlock_owner.c")

    def enabled(self):
        """spinlock_owner_enabled(): the static key, as static_key_enabled()."""
        if self.key is None:
            return True
        return self.key.key.enabled.counter.value_() > 0

    # --- readers ----------------------------------------------------------

    def read(self, cpu, slot):
        """spinlock_owner_read(): slot 0 is the oldest entry.

        The top check uses @top, not @real_top, as the kernel does: under
        the guard (top < 0) every slot whose lock is not FREE is shown.
        The @seq double read matters live only; a dump is still.
        """
        so = per_cpu(self.record, cpu)
        off = (SPINLOCK_OWNER_DEPTH - 1 - slot) * SPINLOCK_OWNER_HELD_SIZE
        h = so.held[1 + off // SPINLOCK_OWNER_HELD_SIZE]
        for _ in range(4):
            if off < so.top.value_():
                return None
            seq = h.seq.value_()
            lock = h.lock.value_()
            if lock == SPINLOCK_OWNER_FREE:
                return None
            v = h.read_()
            if h.seq.value_() != seq:
                continue
            pc = v.pc.value_()
            return Entry(lock=lock, ip=v.ip.value_(), since=v.since.value_(),
                         flags=v.flags.value_(), pc=pc & PC_KEEP,
                         variant=pc >> SPINLOCK_OWNER_VARIANT_SHIFT & 0xF,
                         wait=False, leaked=False)
        return None

    def read_wait(self, cpu):
        """spinlock_owner_read_wait(): pc and variant unmasked, ip 0."""
        so = per_cpu(self.record, cpu)
        seq = so.wait_seq.value_()
        lock = so.wait_lock.value_()
        if not lock:
            return None
        e = Entry(lock=lock, ip=0, flags=0, since=so.wait_since.value_(),
                  pc=so.wait_pc.value_(), variant=so.wait_variant.value_(),
                  wait=True, leaked=False)
        return e if so.wait_seq.value_() == seq else None

    def read_leak(self, leaks, slot):
        """spinlock_owner_read_leak()"""
        l = leaks[slot]
        lock = l.lock.value_()
        if lock in (SPINLOCK_OWNER_FREE, SPINLOCK_OWNER_BUSY):
            return None
        v = l.read_()
        pc = v.pc.value_()
        e = Entry(lock=lock, ip=v.ip.value_(), since=v.since.value_(),
                  flags=v.flags.value_(), pc=pc & PC_KEEP,
                  variant=pc >> SPINLOCK_OWNER_VARIANT_SHIFT & 0xF,
                  cpu=v.cpu.value_(), pid=v.pid.value_(),
                  comm=v.comm.to_bytes_(), wait=False, leaked=True)
        return e if l.lock.value_() == lock else None

    def counters(self):
        """spinlock_owner_counters(): unsigned long sums, as %lu prints."""
        untracked = overflows = unmatched = 0
        for cpu in for_each_possible_cpu(self.prog):
            so = per_cpu(self.record, cpu)
            untracked += so.untracked.value_()
            overflows += so.overflows.value_()
            unmatched += so.unmatched.value_()
        untracked += self._static("spinlock_owner_leaks_untracked").counter.value_()
        stale = self._static("spinlock_owner_stale").counter.value_()
        rescued = self._static("spinlock_owner_rescued").counter.value_()
        m = self.lmask
        return (untracked & m, overflows & m, unmatched & m, stale & m,
                rescued & m)

    # --- the line ---------------------------------------------------------

    def _lock_string(self, lock):
        width = self.bits // 4
        fmt = self.lock_format
        if fmt == "proc":
            # restricted_pointer() for a root reader with CAP_SYSLOG
            try:
                kr = self.prog["kptr_restrict"].value_()
            except KeyError:
                kr = 0
            fmt = "hashed" if kr == 0 else "raw" if kr == 1 else "zero"
        if fmt == "zero":
            return "0" * width
        if fmt == "hashed":
            return self._hashed(lock, width)
        return "%0*x" % (width, lock)

    def _hashed(self, ptr, width):
        """default_pointer() / ptr_to_id() for %p."""
        prog = self.prog
        vsp = "lib/vsprintf.c"
        if getattr(self, "_hash", None) is None:
            try:
                nohash = _find_object(prog, "no_hash_pointers", vsp).value_()
            except LookupError:
                nohash = False
            try:
                weak = _find_object(prog, "debug_boot_weak_hash", vsp).value_()
            except LookupError:
                weak = 0
            filled = bool(_find_object(prog, "filled_random_ptr_key", vsp).value_())
            key = _find_object(prog, "ptr_key", vsp).key
            self._hash = (nohash, weak, filled, key[0].value_(), key[1].value_())
        nohash, weak, filled, k0, k1 = self._hash
        if nohash:
            return "%0*x" % (width, ptr)
        if weak:
            return "%0*x" % (width, hash_64(ptr, 32))
        if not filled:
            return "(____ptrval____)" if width == 16 else "(ptrval)"
        if self.bits != 64:
            raise SystemExit("lock_owners: --lock hashed: 32-bit (siphash_1u32) not done")
        return "%0*x" % (width, siphash_1u64(ptr, k0, k1) & 0xFFFFFFFF)

    def _current(self, cpu):
        """cpu_curr_rcu(cpu): rq->curr, its pid and comm."""
        t = per_cpu(self.prog["runqueues"], cpu).curr
        return t.pid.value_(), self.prog.read(t.comm.address_, 16)

    def format(self, cpu, e, jiffies):
        """spinlock_owner_format(), without the trailing newline."""
        if e.leaked:
            cpu, pid, comm = e.cpu, e.pid, e.comm
        else:
            pid, comm = self._current(cpu)
        if self.hz is None:
            self.hz, how = detect_hz(self.prog, self.kconfig, self.hz_arg)
            if self.verbose:
                self._warn("HZ=%d from %s" % (self.hz, how))
        state = "wait" if e.wait else "leaked" if e.leaked else "held"
        ms = jiffies_to_msecs((jiffies - e.since) & self.lmask, self.hz, self.bits)
        return "%d %s %s %s %s %s %d %s %u %s" % (
            cpu, spinlock_owner_ctx(e.pc), state, self._lock_string(e.lock),
            self.sym.symbol(e.lock, False),
            spinlock_owner_variant_name(e.variant), pid, sanitize_comm(comm),
            ms, self.sym.symbol(e.ip, True))

    def lines(self):
        """lo_show() for every position, in order: header, per possible
        CPU its DEPTH held slots (oldest first) and its wait slot, the leak
        slots, the counters."""
        yield "version 2\n"
        if not self.enabled():
            yield "off\n"
            return
        yield HEADER
        prog = self.prog
        try:
            jiffies = prog["jiffies"].value_()
        except KeyError:
            jiffies = prog["jiffies_64"].value_() & self.lmask
        for cpu in for_each_possible_cpu(prog):
            for slot in range(SPINLOCK_OWNER_DEPTH + 1):
                try:
                    e = self.read(cpu, slot) if slot < SPINLOCK_OWNER_DEPTH \
                        else self.read_wait(cpu)
                    if e is not None:
                        yield self.format(cpu, e, jiffies) + "\n"
                except FaultError as err:
                    self._warn("cpu %d slot %d: %s" % (cpu, slot, err))
        leaks = self._static("spinlock_owner_leaks")
        for slot in range(SPINLOCK_OWNER_LEAKS):
            try:
                e = self.read_leak(leaks, slot)
                if e is not None:
                    yield self.format(0, e, jiffies) + "\n"
            except FaultError as err:
                self._warn("leak slot %d: %s" % (slot, err))
        yield ("untracked %d\noverflows %d\nunmatched %d\nstale %d\n"
               "rescued %d\n" % self.counters())


# --------------------------------------------------------------------------

def _parser():
    p = argparse.ArgumentParser(
        prog="lock_owners.py",
        description="Print the spinlock owner snapshot as /proc/lock_owners")
    p.add_argument("--hz", type=int,
                   help="the kernel's HZ (default: CONFIG_HZ from IKCONFIG, "
                   "else derived from tick_nsec)")
    p.add_argument("--lock", choices=("raw", "hashed", "proc"), default="raw",
                   help="lock column: raw address as %%px (default), %%p's "
                   "hash with the kernel's key, or what %%pK showed root "
                   "under the dump's kptr_restrict")
    p.add_argument("--symbolizer", choices=("kallsyms", "elf"), default="kallsyms",
                   help="symbolize with the kernel's kallsyms (exact, "
                   "default) or drgn's ELF symbols")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="say on stderr where HZ came from")
    # Only without the drgn CLI (python3 lock_owners.py ...):
    p.add_argument("-c", "--core", help="vmcore (standalone use)")
    p.add_argument("-s", "--symbols", action="append", default=[],
                   help="vmlinux and modules with DWARF (standalone use)")
    return p


def main(prog=None, argv=None):
    args = _parser().parse_args(argv)
    if prog is None:
        prog = drgn.Program()
        if args.core:
            prog.set_core_dump(args.core)
        else:
            prog.set_kernel()
        try:
            # As the drgn CLI does: the -s files and whatever it finds.
            prog.load_debug_info(args.symbols, default=True)
        except drgn.MissingDebugInfoError as e:
            sys.stderr.write("lock_owners: %s\n" % e)
    lo = LockOwners(prog, hz=args.hz, lock_format=args.lock,
                    symbols=args.symbolizer, verbose=args.verbose)
    out = "".join(lo.lines())
    # Latin-1: comm bytes 0xa1-0xff pass through as the kernel prints them.
    sys.stdout.buffer.write(out.encode("latin-1"))
    sys.stdout.flush()


if __name__ == "__main__":
    # Under the drgn CLI, "prog" is a global and sys.argv[1:] the script's.
    main(globals().get("prog"), sys.argv[1:])

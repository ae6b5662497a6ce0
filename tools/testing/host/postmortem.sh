#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Post-mortem access to the owner snapshot, end to end: boot the debug
# build (DWARF 5, configs/debuginfo.config) into an ABBA hang
# (tools/testing/postmortem/postmortem-hang.sh), stop the guest when it
# says SOS-DUMP-NOW, write a vmcore with qemu's dump-guest-memory (ELF,
# with the guest's vmcoreinfo), let the guest finish, and read the vmcore
# with tools/drgn/lock_owners.py.  Before the dump, gdb attaches through
# qemu's gdbstub and runs the kernel's lx-lock-owners (CONFIG_GDB_SCRIPTS)
# on the stopped guest.  kdump itself (a crash kernel loaded with
# kexec-tools in the guest) is not used: this is the fallback that drgn
# reads just the same.  Its output must be a
# Each output must be a
# snapshot that lock-owners reads unchanged: the ABBA cycle with both
# pids and both locks, the lock that sos_panic's sleeper leaked (with its
# pid), and every sos_abba and sos_leak line that the guest's own
# /proc/lock_owners showed (the ms column aside: the dump is later).
# One "ok/FAIL postmortem:NAME" line each; the guest's own results too.
# The vmcore (the guest's 1 GiB of RAM) is deleted at the end.
set -euo pipefail
. "$ROOT/scripts/lib.sh"
need_pkgs python3-drgn gcc make binutils gdb

b=${1:-debug}	# another build name for a trial run
out=$BUILD_DIR/$b
if ! grep -qx 'CONFIG_DEBUG_INFO_DWARF5=y' "$out/.config" 2>/dev/null; then
	echo "FAIL postmortem:build: $out has no DWARF 5 debug info (configs/debuginfo.config)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'kill $boot 2>/dev/null || true; rm -rf "$tmp"; rm -f "${vmcore:-}"' EXIT
make -s -C "$ROOT/tools/lock-owners" OUTPUT="$tmp/" > "$tmp/make.log" 2>&1 ||
	{ echo "FAIL postmortem:lock-owners-build: $(tail -1 "$tmp/make.log")"; exit 0; }
lo=$tmp/lock-owners

export RUN_ID=${RUN_ID:-$(date +%Y%m%d-%H%M%S)}
dir=$RESULTS_DIR/$RUN_ID/postmortem-hang
sock=$tmp/monitor.sock
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
rm -f "$dir/console.log"
"$ROOT/scripts/boot" "$b" --test postmortem-hang --monitor "$sock" --gdb "$port" \
	> "$tmp/boot.out" 2> "$tmp/boot.log" &
boot=$!

# monitor COMMAND...: run HMP commands, each to its next prompt.
monitor() {
	/usr/bin/python3 - "$sock" "$@" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
for _ in range(100):
    try:
        s.connect(sys.argv[1])
        break
    except OSError:
        time.sleep(0.1)
s.settimeout(600)
buf = b""
def prompt():
    global buf
    while b"(qemu) " not in buf:
        d = s.recv(65536)
        if not d:
            sys.exit("monitor closed")
        buf += d
    out, buf = buf.split(b"(qemu) ", 1)
    return out
prompt()
for c in sys.argv[2:]:
    s.sendall(c.encode() + b"\n")
    sys.stdout.write(prompt().decode(errors="replace"))
PY
}

# Wait for the guest's signal (or for its end).
i=0
until grep -q 'SOS-DUMP-NOW' "$dir/console.log" 2>/dev/null; do
	if ! kill -0 $boot 2>/dev/null || [ $i -ge 1800 ]; then
		echo "FAIL postmortem:hang: no SOS-DUMP-NOW in $dir/console.log"
		wait $boot || true
		exit 0
	fi
	sleep 0.1
	i=$((i + 1))
done
# gdb stops every vCPU while it is attached; detaching lets them go on.
gdbrc=0
timeout 300 gdb -batch -nx -q -iex "set auto-load safe-path $out" \
	-ex "file $out/vmlinux" -ex "source $out/vmlinux-gdb.py" \
	-ex "target remote 127.0.0.1:$port" \
	-ex "python open('$dir/gdb.txt', 'w').write(gdb.execute('lx-lock-owners', to_string=True))" \
	-ex detach > "$dir/gdb.err" 2>&1 || gdbrc=$?
vmcore=$dir/vmcore
rm -f "$vmcore"
start=$SECONDS
monitor stop "dump-guest-memory $vmcore" cont > "$dir/monitor.log" 2>&1 || true
log "postmortem: dump-guest-memory took $((SECONDS - start))s, $(du -h "$vmcore" 2>/dev/null | cut -f1)"
wait $boot || true

# The guest's own results, judged as scripts/test judges a scenario.
scen=$ROOT/tools/testing/postmortem/postmortem-hang.sh
args=(--name postmortem:guest)
for k in allow line; do
	while IFS= read -r v; do
		[ -z "$v" ] || args+=("--$k" "$v")
	done < <(scenario_meta_all "$scen" $k)
done
"$ROOT/scripts/parse-console" "$dir/console.log" "${args[@]}" > "$tmp/verdict" 2>&1 || true
grep -E '^(ok|FAIL|skip|done) ' "$tmp/verdict" || echo "FAIL postmortem:guest: parse-console said: $(tail -1 "$tmp/verdict")"

# The pids and the guest's sos_abba lines, without the ms column.
P0=$(sed -n 's/.*sos_abba: thread 0 pid \([0-9]*\) .*/\1/p' "$dir/console.log")
P1=$(sed -n 's/.*sos_abba: thread 1 pid \([0-9]*\) .*/\1/p' "$dir/console.log")
sed -n 's/.*SOS-PROC //p' "$dir/console.log" | tr -d '\r' > "$dir/proc.txt"
# A snapshot's lines of the test's locks (by symbol: an interrupt's lock
# on a sos_abba CPU has its comm), the ms column blanked.
ourlines() { awk '$5 ~ /^sos_(abba|leak)/ { $9 = "-"; print }' "$@"; }
ourlines "$dir/proc.txt" > "$tmp/proc-abba"
SL=$(awk '$3 == "leaked" && $5 ~ /^sos_leak\[/ { print $7 }' "$dir/proc.txt")

# check NAME OUTPUT: OUTPUT (a snapshot from a tool) against the guest's.
check() {
	local n=$1 f=$2 rc=0
	"$lo" "$f" > "$tmp/$n.lo" 2>&1 || rc=$?
	if [ $rc = 3 ] && grep -qE "pid $P0 \(sos_abba[^)]*\) holds sos_abba_[ab]" "$tmp/$n.lo" &&
	   grep -qE "pid $P1 \(sos_abba[^)]*\) holds sos_abba_[ab]" "$tmp/$n.lo"; then
		echo "ok postmortem:$n-cycle"
	else
		echo "FAIL postmortem:$n-cycle: lock-owners exit $rc: $(head -3 "$tmp/$n.lo" | tr '\n' ' ')"
	fi
	if grep -qE "^3 task leaked [^ ]+ sos_leak\[sos_panic\] spin $SL sos_sleeper/3 [0-9]+ sos_sleeper_fn\+" "$f"; then
		echo "ok postmortem:$n-leaked"
	else
		echo "FAIL postmortem:$n-leaked: no leaked sos_leak line of pid $SL"
	fi
	ourlines "$f" > "$tmp/$n-abba"
	if [ -s "$tmp/proc-abba" ] && [ "$(sort "$tmp/proc-abba")" = "$(sort "$tmp/$n-abba")" ]; then
		echo "ok postmortem:$n-same-lines"
	else
		echo "FAIL postmortem:$n-same-lines: /proc had $(wc -l < "$tmp/proc-abba") sos_abba/sos_leak lines, $n $(wc -l < "$tmp/$n-abba"); diff: $(diff "$tmp/proc-abba" "$tmp/$n-abba" | head -4 | tr '\n' ' ')"
	fi
}
if [ -z "$P0" ] || [ -z "$P1" ] || [ -z "$SL" ]; then
	echo "FAIL postmortem:pids: no sos_abba thread lines in the console, or no leaked line in its /proc/lock_owners"
	exit 0
fi

if [ $gdbrc = 0 ] && [ -s "$dir/gdb.txt" ]; then
	echo "ok postmortem:gdb-runs"
	check gdb "$dir/gdb.txt"
else
	echo "FAIL postmortem:gdb-runs: exit $gdbrc: $(grep -v '^warning' "$dir/gdb.err" | tail -2 | tr '\n' ' ')"
fi

if [ ! -s "$vmcore" ]; then
	echo "FAIL postmortem:vmcore: no vmcore ($(tr '\n' ' ' < "$dir/monitor.log"))"
	exit 0
fi
echo "ok postmortem:vmcore"

# qemu's ELF dump has only physical addresses (vaddr = paddr); drgn
# 0.0.22 reads the kernel through its image mapping, which the dump lacks.
end=$(nm "$out/vmlinux" | awk '$3 == "_end" { print $1 }')
rc=0
/usr/bin/python3 "$ROOT/tools/drgn/qemu-kimage.py" "$vmcore" "$end" > "$dir/drgn.err" 2>&1 || rc=$?
[ $rc = 0 ] || echo "FAIL postmortem:kimage: $(tail -1 "$dir/drgn.err")"
[ $rc != 0 ] || drgn -q -c "$vmcore" -s "$out/vmlinux" "$ROOT/tools/drgn/lock_owners.py" \
	> "$dir/drgn.txt" 2>> "$dir/drgn.err" || rc=$?
if [ $rc = 0 ]; then
	echo "ok postmortem:drgn-runs"
	check drgn "$dir/drgn.txt"
else
	echo "FAIL postmortem:drgn-runs: exit $rc: $(tail -2 "$dir/drgn.err" | tr '\n' ' ')"
fi
rm -f "$vmcore"


# SPDX-License-Identifier: GPL-2.0
# build: snapshot debug
# part: bad-input
# timeout: 180
# help: /proc/lock_owners read a byte at a time, from the middle, by 64 readers at once, while lock holders exit; opening it for write fails
# The debug build has KASAN: a reader touching a task that has gone away
# would be reported there.
P=/proc/lock_owners
H=/sys/kernel/debug/sos_contend/hold
t_setup contend-module modprobe sos_contend

# same_read NAME COMMAND: COMMAND's output must equal the same bytes cut
# from a whole read.  With no lock held the file does not change between
# two reads, but an interrupt may hold a lock at the instant of one: try
# up to 10 times.
same_read() {
	local n=$1 i
	shift
	for i in 1 2 3 4 5 6 7 8 9 10; do
		cat $P > /tmp/full
		"$@" > /tmp/part 2>/tmp/err
		cat $P > /tmp/full2
		cmp -s /tmp/full /tmp/full2 || continue
		eval "$EXPECT" < /tmp/full > /tmp/want
		if [ -s /tmp/want ] && cmp -s /tmp/part /tmp/want; then
			t_ok "$n"
			return
		fi
	done
	t_fail "$n" "$(cat /tmp/err) $(wc -c < /tmp/part) bytes, not the $(wc -c < /tmp/want) expected"
}
EXPECT=cat same_read bytewise dd if=$P bs=1
EXPECT='tail -c +41 | head -c 50' same_read seek-middle dd if=$P bs=1 skip=40 count=50
EXPECT='tail -c +101' same_read seek-middle-bs7 dd if=$P bs=7 skip=100 iflag=skip_bytes
t_check seek-past-end sh -c "dd if=$P of=/tmp/past bs=1 skip=1000000 2>/dev/null && [ -e /tmp/past ] && [ ! -s /tmp/past ]"

# 64 readers at once, while locks are contended: every copy is whole.
(while [ ! -e /tmp/stop ]; do
	echo "spin 2" > $H & echo "irqsave 2" > $H & echo "write 1" > $H; wait
done) &
i=0
pids=""
while [ $i -lt 64 ]; do
	cat $P > /tmp/r.$i 2>/tmp/r.$i.err &
	pids="$pids $!"
	i=$((i + 1))
done
# shellcheck disable=SC2086
wait $pids
bad=0
i=0
while [ $i -lt 64 ]; do
	{ [ "$(head -1 /tmp/r.$i)" = "version 2" ] && [ "$(tail -1 /tmp/r.$i | cut -d' ' -f1)" = rescued ] &&
		[ ! -s /tmp/r.$i.err ]; } || bad=$((bad + 1))
	i=$((i + 1))
done
t_check 64-readers-whole test $bad = 0
touch /tmp/stop
wait

# Holders that exit while being read: each round, 4 processes hold a lock
# for 3 ms each (the others spin meanwhile) and exit; 2 readers read all
# along.  Their pid and comm must show, and the kernel must not notice.
rm -f /tmp/stop /tmp/seen
(while [ ! -e /tmp/stop ]; do cat $P >> /tmp/seen; done) &
(while [ ! -e /tmp/stop ]; do cat $P > /dev/null; done) &
round=0
while [ $round -lt 30 ]; do
	for v in spin bh raw read; do
		sh -c "echo '$v 3' > $H" &
	done
	round=$((round + 1))
	sleep 0.05
done
sleep 0.5
touch /tmp/stop
wait
t_check exiting-holders-seen grep -qE '^[0-9]+ task (held|wait) [^ ]+ sos_contend_(lock|raw|rw)\[sos_contend\] [a-z_]+ [0-9]+ sh ' /tmp/seen
t_check still-readable sh -c "cat $P | head -1 | grep -qx 'version 2'"
t_setup contend-unload rmmod sos_contend

# Opening for write fails, as root too, and changes nothing: the mode,
# the size of an empty read and the counters stay.  (Whole snapshots may
# differ by a lock an interrupt holds at the instant of a read.)
state() { stat -c '%a %s' $P && tail -5 $P; }
state > /tmp/before
t_fails open-write-root 'Permission denied' sh -c "test -e $P && exec 3>> $P"
t_fails open-rdwr-root 'Permission denied' sh -c "test -e $P && exec 3<> $P"
t_fails open-trunc-root 'Permission denied' sh -c "test -e $P && exec 3> $P"
state > /tmp/after
t_check unchanged sh -c 'grep -q "^400 " /tmp/before && cmp -s /tmp/before /tmp/after'

// SPDX-License-Identifier: GPL-2.0
/*
 * sos_bench: cost of an uncontended lock+unlock pair, per variant.
 * Meant for qemu -icount shift=0,sleep=off, where the guest clock counts
 * guest instructions (1 ns = 1 instruction).  Prints, per variant, the
 * instructions per pair with the cost of the empty loop subtracted: the
 * best of a few rounds, so that a timer interrupt does not count.
 *   insmod sos_bench.ko [iters=1000000] [rounds=3]
 * Loading fails with -EAGAIN on purpose once the figures are printed.
 */
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/spinlock.h>

static unsigned int iters = 1000000;
module_param(iters, uint, 0444);
static unsigned int rounds = 3;
module_param(rounds, uint, 0444);

static DEFINE_SPINLOCK(bench_lock);
static DEFINE_RAW_SPINLOCK(bench_raw_lock);
static DEFINE_RWLOCK(bench_rwlock);

#define BENCH(name, body)						\
static noinline u64 bench_##name(void)					\
{									\
	unsigned long flags __maybe_unused;				\
	unsigned int i;							\
	u64 t0 = ktime_get_ns();					\
									\
	for (i = 0; i < iters; i++) {					\
		body;							\
		barrier();						\
	}								\
	return ktime_get_ns() - t0;					\
}

BENCH(loop, )
BENCH(spin_lock, spin_lock(&bench_lock); spin_unlock(&bench_lock))
BENCH(spin_lock_irq, spin_lock_irq(&bench_lock); spin_unlock_irq(&bench_lock))
BENCH(spin_lock_irqsave, spin_lock_irqsave(&bench_lock, flags);
      spin_unlock_irqrestore(&bench_lock, flags))
BENCH(spin_lock_bh, spin_lock_bh(&bench_lock); spin_unlock_bh(&bench_lock))
BENCH(spin_trylock, if (spin_trylock(&bench_lock)) spin_unlock(&bench_lock))
BENCH(raw_spin_lock, raw_spin_lock(&bench_raw_lock);
      raw_spin_unlock(&bench_raw_lock))
BENCH(read_lock, read_lock(&bench_rwlock); read_unlock(&bench_rwlock))
BENCH(write_lock, write_lock(&bench_rwlock); write_unlock(&bench_rwlock))

static const struct {
	const char *name;
	u64 (*fn)(void);
} benches[] = {
	{ "spin_lock", bench_spin_lock },
	{ "spin_lock_irq", bench_spin_lock_irq },
	{ "spin_lock_irqsave", bench_spin_lock_irqsave },
	{ "spin_lock_bh", bench_spin_lock_bh },
	{ "spin_trylock", bench_spin_trylock },
	{ "raw_spin_lock", bench_raw_spin_lock },
	{ "read_lock", bench_read_lock },
	{ "write_lock", bench_write_lock },
};

static u64 best_of(u64 (*fn)(void))
{
	u64 best = U64_MAX, t;
	unsigned int r;

	for (r = 0; r < rounds; r++) {
		t = fn();
		if (t < best)
			best = t;
	}
	return best;
}

static int __init sos_bench_init(void)
{
	u64 loop, t, tenths;
	unsigned int b;

	if (!iters || !rounds)
		return -EINVAL;
	loop = best_of(bench_loop);
	for (b = 0; b < ARRAY_SIZE(benches); b++) {
		t = best_of(benches[b].fn);
		t = t > loop ? t - loop : 0;
		tenths = div64_u64(t * 10 + iters / 2, iters);
		pr_info("sos_bench: %s %llu.%llu\n", benches[b].name,
			tenths / 10, tenths % 10);
	}
	return -EAGAIN;
}
module_init(sos_bench_init);

MODULE_DESCRIPTION("Instructions per uncontended lock+unlock pair");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0
/*
 * sos_bench: what a spinlock costs, per lock variant.
 *
 * Meant for qemu -icount shift=0,sleep=off, where the guest clock counts
 * guest instructions (1 ns = 1 instruction, summed over all vCPUs).
 * scripts/bench loads it in every kernel variant and tabulates the lines
 * it prints:
 *
 *   sos_bench: pair VARIANT X.Y      instructions per uncontended
 *                                    lock+unlock pair, empty loop
 *                                    subtracted, best of @rounds
 *   sos_bench: nest4 VARIANT X.Y     the same for 4 nested locks taken
 *                                    and released in reverse (4 pairs)
 *   sos_bench: contended VARIANT N   pairs per guest second by two
 *                                    kthreads on two CPUs sharing one
 *                                    lock for @contended_ms guest ms
 *   sos_bench: sizeof TYPE N         lock sizes in this kernel
 *
 *   insmod sos_bench.ko [iters=1000000] [rounds=3] [contended_ms=20]
 *   rmmod sos_bench
 *
 * The figures are printed while the module loads.  (Failing the load on
 * purpose would not do: busybox's insmod retries a failed finit_module()
 * with init_module(), which runs everything twice.)
 */
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/spinlock.h>

static unsigned int iters = 1000000;
module_param(iters, uint, 0444);
MODULE_PARM_DESC(iters, "iterations per uncontended measurement");
static unsigned int rounds = 3;
module_param(rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "rounds per uncontended measurement (best one kept)");
static unsigned int contended_ms = 20;
module_param(contended_ms, uint, 0444);
MODULE_PARM_DESC(contended_ms, "guest milliseconds per contended run, 0 to skip");

static DEFINE_SPINLOCK(bench_lock);
static DEFINE_RAW_SPINLOCK(bench_raw_lock);
static DEFINE_RWLOCK(bench_rwlock);
static DEFINE_SPINLOCK(nest_lock1);
static DEFINE_SPINLOCK(nest_lock2);
static DEFINE_SPINLOCK(nest_lock3);
static DEFINE_RAW_SPINLOCK(nest_raw1);
static DEFINE_RAW_SPINLOCK(nest_raw2);
static DEFINE_RAW_SPINLOCK(nest_raw3);
static DEFINE_RWLOCK(nest_rw1);
static DEFINE_RWLOCK(nest_rw2);
static DEFINE_RWLOCK(nest_rw3);

/* One lock+unlock pair of each variant, on lock @l (a pointer). */
#define PAIR_spin_lock(l)	do { spin_lock(l); spin_unlock(l); } while (0)
#define PAIR_spin_lock_irq(l)	do { spin_lock_irq(l); spin_unlock_irq(l); } while (0)
#define PAIR_spin_lock_irqsave(l) do { spin_lock_irqsave(l, flags);	\
				       spin_unlock_irqrestore(l, flags); } while (0)
#define PAIR_spin_lock_bh(l)	do { spin_lock_bh(l); spin_unlock_bh(l); } while (0)
#define PAIR_spin_trylock(l)	do { if (spin_trylock(l)) spin_unlock(l); } while (0)
#define PAIR_raw_spin_lock(l)	do { raw_spin_lock(l); raw_spin_unlock(l); } while (0)
#define PAIR_read_lock(l)	do { read_lock(l); read_unlock(l); } while (0)
#define PAIR_write_lock(l)	do { write_lock(l); write_unlock(l); } while (0)

/* Four nested locks, released in reverse order; then the shared one. */
#define NEST4(lk, unlk, a, b, c, d)					\
	do { lk(a); lk(b); lk(c); lk(d); unlk(d); unlk(c); unlk(b); unlk(a); } while (0)
#define NEST_spin_lock	NEST4(spin_lock, spin_unlock, &nest_lock1, &nest_lock2, \
			      &nest_lock3, &bench_lock)
#define NEST_spin_lock_irqsave						\
	do {								\
		unsigned long f1, f2, f3, f4;				\
		spin_lock_irqsave(&nest_lock1, f1);			\
		spin_lock_irqsave(&nest_lock2, f2);			\
		spin_lock_irqsave(&nest_lock3, f3);			\
		spin_lock_irqsave(&bench_lock, f4);			\
		spin_unlock_irqrestore(&bench_lock, f4);		\
		spin_unlock_irqrestore(&nest_lock3, f3);		\
		spin_unlock_irqrestore(&nest_lock2, f2);		\
		spin_unlock_irqrestore(&nest_lock1, f1);		\
	} while (0)
#define NEST_spin_lock_bh NEST4(spin_lock_bh, spin_unlock_bh, &nest_lock1, \
				&nest_lock2, &nest_lock3, &bench_lock)
#define NEST_raw_spin_lock NEST4(raw_spin_lock, raw_spin_unlock, &nest_raw1, \
				 &nest_raw2, &nest_raw3, &bench_raw_lock)
#define NEST_read_lock	NEST4(read_lock, read_unlock, &nest_rw1, &nest_rw2, \
			      &nest_rw3, &bench_rwlock)
#define NEST_write_lock	NEST4(write_lock, write_unlock, &nest_rw1, &nest_rw2, \
			      &nest_rw3, &bench_rwlock)

#define LOOP(name, body)						\
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

/* Per variant: the uncontended loop and one pair for the contended run. */
#define VARIANT(name, lock)						\
LOOP(name, PAIR_##name(lock))						\
static noinline void one_##name(void)					\
{									\
	unsigned long flags __maybe_unused;				\
									\
	PAIR_##name(lock);						\
}

LOOP(loop, )
VARIANT(spin_lock, &bench_lock)
VARIANT(spin_lock_irq, &bench_lock)
VARIANT(spin_lock_irqsave, &bench_lock)
VARIANT(spin_lock_bh, &bench_lock)
VARIANT(spin_trylock, &bench_lock)
VARIANT(raw_spin_lock, &bench_raw_lock)
VARIANT(read_lock, &bench_rwlock)
VARIANT(write_lock, &bench_rwlock)
LOOP(nest_spin_lock, NEST_spin_lock)
LOOP(nest_spin_lock_irqsave, NEST_spin_lock_irqsave)
LOOP(nest_spin_lock_bh, NEST_spin_lock_bh)
LOOP(nest_raw_spin_lock, NEST_raw_spin_lock)
LOOP(nest_read_lock, NEST_read_lock)
LOOP(nest_write_lock, NEST_write_lock)

static const struct bench {
	const char *name;
	u64 (*pair)(void);
	u64 (*nest)(void);
	void (*one)(void);
} benches[] = {
#define B(n, nest) { #n, bench_##n, nest, one_##n }
	B(spin_lock, bench_nest_spin_lock),
	B(spin_lock_irq, NULL),
	B(spin_lock_irqsave, bench_nest_spin_lock_irqsave),
	B(spin_lock_bh, bench_nest_spin_lock_bh),
	B(spin_trylock, NULL),
	B(raw_spin_lock, bench_nest_raw_spin_lock),
	B(read_lock, bench_nest_read_lock),
	B(write_lock, bench_nest_write_lock),
#undef B
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

/* Prints "sos_bench: WHAT NAME X.Y": (t - loop) / iters, in tenths. */
static void report(const char *what, const char *name, u64 t, u64 loop)
{
	u64 tenths;

	t = t > loop ? t - loop : 0;
	tenths = div64_u64(t * 10 + iters / 2, iters);
	pr_info("sos_bench: %s %s %llu.%llu\n", what, name, tenths / 10,
		tenths % 10);
}

struct contender {
	struct task_struct *task;
	void (*one)(void);
	u64 pairs;
};

static atomic_t contend_ready;
static DECLARE_COMPLETION(contend_go);
static u64 contend_deadline;

static int contend_fn(void *arg)
{
	struct contender *c = arg;
	u64 n = 0;
	int i;

	atomic_inc(&contend_ready);
	wait_for_completion(&contend_go);
	do {
		for (i = 0; i < 64; i++)
			c->one();
		n += 64;
	} while (ktime_get_ns() < READ_ONCE(contend_deadline));
	c->pairs = n;
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/*
 * Two kthreads bound to two CPUs other than the caller's take turns on
 * one lock for @contended_ms.  Under -icount the guest clock counts the
 * instructions of all vCPUs, so this is pairs per instruction, scaled.
 */
static int contended(const struct bench *b)
{
	struct contender c[2] = { { .one = b->one }, { .one = b->one } };
	unsigned int cpu = 0, i;
	u64 t0;

	atomic_set(&contend_ready, 0);
	reinit_completion(&contend_go);
	for (i = 0; i < 2; i++) {
		cpu = cpumask_next(cpu, cpu_online_mask);
		c[i].task = cpu < nr_cpu_ids ?
			kthread_create(contend_fn, &c[i], "sos_bench/%u", i) :
			ERR_PTR(-ENODEV);
		if (IS_ERR(c[i].task)) {
			/* Let the first one run out at once. */
			WRITE_ONCE(contend_deadline, 0);
			complete_all(&contend_go);
			if (i)
				kthread_stop(c[0].task);
			return PTR_ERR(c[i].task);
		}
		kthread_bind(c[i].task, cpu);
		wake_up_process(c[i].task);
	}
	while (atomic_read(&contend_ready) < 2)
		schedule_timeout_uninterruptible(1);
	t0 = ktime_get_ns();
	WRITE_ONCE(contend_deadline, t0 + (u64)contended_ms * NSEC_PER_MSEC);
	complete_all(&contend_go);
	for (i = 0; i < 2; i++)
		kthread_stop(c[i].task);
	t0 = ktime_get_ns() - t0;
	pr_info("sos_bench: contended %s %llu\n", b->name,
		div64_u64((c[0].pairs + c[1].pairs) * NSEC_PER_SEC, t0));
	return 0;
}

static int __init sos_bench_init(void)
{
	unsigned int b;
	u64 loop;
	int ret;

	if (!iters || !rounds)
		return -EINVAL;
	pr_info("sos_bench: sizeof spinlock_t %zu\n", sizeof(spinlock_t));
	pr_info("sos_bench: sizeof raw_spinlock_t %zu\n", sizeof(raw_spinlock_t));
	pr_info("sos_bench: sizeof rwlock_t %zu\n", sizeof(rwlock_t));
	loop = best_of(bench_loop);
	for (b = 0; b < ARRAY_SIZE(benches); b++)
		report("pair", benches[b].name, best_of(benches[b].pair), loop);
	for (b = 0; b < ARRAY_SIZE(benches); b++)
		if (benches[b].nest)
			report("nest4", benches[b].name, best_of(benches[b].nest),
			       loop);
	for (b = 0; contended_ms && b < ARRAY_SIZE(benches); b++) {
		ret = contended(&benches[b]);
		if (ret) {
			pr_info("sos_bench: contended runs skipped: %d\n", ret);
			break;
		}
	}
	pr_info("sos_bench: done\n");
	return 0;
}
module_init(sos_bench_init);

static void __exit sos_bench_exit(void)
{
}
module_exit(sos_bench_exit);

MODULE_DESCRIPTION("Instructions per lock+unlock pair, per variant");
MODULE_LICENSE("GPL");

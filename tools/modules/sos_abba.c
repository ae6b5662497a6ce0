// SPDX-License-Identifier: GPL-2.0
/*
 * sos_abba: a real ABBA deadlock on two spinlocks, for the lock-owners
 * tool's end-to-end test.  Loading it starts two kthreads bound to two
 * CPUs (default 2 and 3): sos_abba/0 takes sos_abba_a then sos_abba_b,
 * sos_abba/1 takes sos_abba_b then sos_abba_a.  Each takes its first lock,
 * waits until the other holds its own, then spins for good on the second.
 * The deadlock lasts until the machine powers off; the module cannot be
 * unloaded.  Each thread prints "sos_abba: thread N pid P cpu C".
 *
 *   insmod sos_abba.ko [cpu0=2] [cpu1=3]
 */
#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

static unsigned int cpu0 = 2;
module_param(cpu0, uint, 0444);
MODULE_PARM_DESC(cpu0, "CPU of the thread that takes sos_abba_a first");
static unsigned int cpu1 = 3;
module_param(cpu1, uint, 0444);
MODULE_PARM_DESC(cpu1, "CPU of the thread that takes sos_abba_b first");

static DEFINE_SPINLOCK(sos_abba_a);
static DEFINE_SPINLOCK(sos_abba_b);
static atomic_t sos_abba_first = ATOMIC_INIT(0);

static int sos_abba_fn(void *arg)
{
	unsigned long n = (unsigned long)arg;
	spinlock_t *first = n ? &sos_abba_b : &sos_abba_a;
	spinlock_t *second = n ? &sos_abba_a : &sos_abba_b;

	pr_info("sos_abba: thread %lu pid %d cpu %d\n", n,
		current->pid, raw_smp_processor_id());
	spin_lock(first);
	atomic_inc(&sos_abba_first);
	while (atomic_read(&sos_abba_first) < 2)
		cpu_relax();
	spin_lock(second);	/* never returns */
	spin_unlock(second);
	spin_unlock(first);
	return 0;
}

static int __init sos_abba_init(void)
{
	unsigned int cpus[2] = { cpu0, cpu1 };
	struct task_struct *t[2];
	unsigned long n;

	if (cpu0 == cpu1 || cpu0 >= nr_cpu_ids || cpu1 >= nr_cpu_ids ||
	    !cpu_online(cpu0) || !cpu_online(cpu1)) {
		pr_err("sos_abba: cpu0=%u and cpu1=%u must be two online CPUs\n",
		       cpu0, cpu1);
		return -EINVAL;
	}
	/* Both threads exist before either runs: no half a deadlock. */
	for (n = 0; n < 2; n++) {
		t[n] = kthread_create(sos_abba_fn, (void *)n, "sos_abba/%lu", n);
		if (IS_ERR(t[n])) {
			if (n)
				kthread_stop(t[0]);
			return PTR_ERR(t[n]);
		}
		kthread_bind(t[n], cpus[n]);
	}
	wake_up_process(t[0]);
	wake_up_process(t[1]);
	return 0;
}
module_init(sos_abba_init);

MODULE_DESCRIPTION("Two kthreads in an ABBA spinlock deadlock, for testing");
MODULE_LICENSE("GPL");

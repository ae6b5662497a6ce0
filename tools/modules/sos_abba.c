// SPDX-License-Identifier: GPL-2.0
/*
 * sos_abba: a real ABBA deadlock on two spinlocks, for the lock-owners
 * tool's end-to-end test.  Loading it starts two kthreads bound to two
 * CPUs (default 2 and 3): sos_abba/0 takes sos_abba_a then sos_abba_b,
 * sos_abba/1 takes sos_abba_b then sos_abba_a.  Each takes its first lock,
 * waits until the other holds its own, then spins for good on the second.
 * The deadlock lasts until the machine powers off; the module cannot be
 * unloaded.  Each thread prints "sos_abba: thread N pid P cpu C".  With
 * irq=1 each takes its first lock with spin_lock_irq(), so that both spin
 * with interrupts off and only an NMI can stop them (a panic's stop); then
 * most of the system waits for them (IPIs), so panic_ms=N has a third
 * kthread, on another CPU, start the deadlock 200 ms after the load (once
 * insmod has returned) and panic N ms after both threads hold their first
 * lock ("sos_abba: deadlocked").
 *
 *   insmod sos_abba.ko [cpu0=2] [cpu1=3] [irq=1] [panic_ms=N]
 */
#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
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
static bool irq;
module_param(irq, bool, 0444);
MODULE_PARM_DESC(irq, "take the first lock with spin_lock_irq()");
static unsigned int panic_ms;
module_param(panic_ms, uint, 0444);
MODULE_PARM_DESC(panic_ms, "panic this many ms after the deadlock (0: never)");

static DEFINE_SPINLOCK(sos_abba_a);
static DEFINE_SPINLOCK(sos_abba_b);
static atomic_t sos_abba_first = ATOMIC_INIT(0);
static bool sos_abba_go;

static int sos_abba_fn(void *arg)
{
	unsigned long n = (unsigned long)arg;
	spinlock_t *first = n ? &sos_abba_b : &sos_abba_a;
	spinlock_t *second = n ? &sos_abba_a : &sos_abba_b;

	pr_info("sos_abba: thread %lu pid %d cpu %d\n", n,
		current->pid, raw_smp_processor_id());
	while (panic_ms && !READ_ONCE(sos_abba_go))
		msleep(1);
	if (irq)
		spin_lock_irq(first);
	else
		spin_lock(first);
	atomic_inc(&sos_abba_first);
	while (atomic_read(&sos_abba_first) < 2)
		cpu_relax();
	spin_lock(second);	/* never returns */
	spin_unlock(second);
	if (irq)
		spin_unlock_irq(first);
	else
		spin_unlock(first);
	return 0;
}

static int sos_abba_panic_fn(void *unused)
{
	msleep(200);
	/*
	 * From here on, a task of this CPU that waits for CPUs 2 and 3 (an
	 * IPI) with preemption off would never let this thread run again:
	 * no more sleeping.
	 */
	preempt_disable();
	WRITE_ONCE(sos_abba_go, true);
	while (atomic_read(&sos_abba_first) < 2)
		cpu_relax();
	mdelay(panic_ms);
	panic("sos_abba: deadlocked");
}

static int __init sos_abba_init(void)
{
	unsigned int cpus[2] = { cpu0, cpu1 };
	struct task_struct *t[3];
	unsigned long n;
	int pcpu;

	if (cpu0 == cpu1 || cpu0 >= nr_cpu_ids || cpu1 >= nr_cpu_ids ||
	    !cpu_online(cpu0) || !cpu_online(cpu1)) {
		pr_err("sos_abba: cpu0=%u and cpu1=%u must be two online CPUs\n",
		       cpu0, cpu1);
		return -EINVAL;
	}
	if (panic_ms) {
		for_each_online_cpu(pcpu)
			if (pcpu != cpu0 && pcpu != cpu1)
				break;
		if (pcpu >= nr_cpu_ids) {
			pr_err("sos_abba: panic_ms needs a third online CPU\n");
			return -EINVAL;
		}
		t[2] = kthread_create_on_cpu(sos_abba_panic_fn, NULL, pcpu,
					     "sos_abba_p/%u");
		if (IS_ERR(t[2]))
			return PTR_ERR(t[2]);
	}
	/* Both threads exist before either runs: no half a deadlock. */
	for (n = 0; n < 2; n++) {
		t[n] = kthread_create(sos_abba_fn, (void *)n, "sos_abba/%lu", n);
		if (IS_ERR(t[n])) {
			if (n)
				kthread_stop(t[0]);
			if (panic_ms)
				kthread_stop(t[2]);
			return PTR_ERR(t[n]);
		}
		kthread_bind(t[n], cpus[n]);
	}
	wake_up_process(t[0]);
	wake_up_process(t[1]);
	if (panic_ms)
		wake_up_process(t[2]);
	return 0;
}
module_init(sos_abba_init);

MODULE_DESCRIPTION("Two kthreads in an ABBA spinlock deadlock, for testing");
MODULE_LICENSE("GPL");

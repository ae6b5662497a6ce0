// SPDX-License-Identifier: GPL-2.0
/*
 * sos_panic: panics and oopses while holding spinlocks, for panic_resched.
 *
 *   echo CASE > /sys/kernel/debug/sos_panic/trigger
 *       takes the case's locks in the writer's context (or a kthread's)
 *       and panics or oopses holding them.  With panic_resched=1 the
 *       writer is killed (a kthread waits for kthread_stop()) and the
 *       write never returns; run it in the background.
 *   cat /sys/kernel/debug/sos_panic/check
 *       a kthread on the CPU of the last case tries every lock of the
 *       module for up to a second each, then reports each lock as "ok" or
 *       "stuck", and the preempt count and interrupt state it ran with.
 *   echo 'ADDR OFF' > /sys/kernel/debug/sos_panic/symbol
 *   cat /sys/kernel/debug/sos_panic/symbol
 *       ADDR + OFF (hexadecimal) as %pS prints it, for the post-mortem
 *       check of the debuggers' symbol lookup.
 *
 * Cases: spin irqsave irq trylock-irq bh nested rw raw kthread, and
 * irq-disable where the kernel has spin_lock_irq_disable() (rescued);
 * preempt hardirq softirq (refused); oops (an irqsave and a plain lock,
 * given back on exit with oops_release_locks=1); oops-bh (an irqsave and a
 * bh lock: with bottom halves off the oops becomes a panic "in
 * interrupt", rescued); oops-stack (an oops holding a spinlock on its own
 * stack); spinner (a kthread on the last CPU that takes sos_a, or spins on
 * it).  /sys/module/sos_panic/parameters/cases lists the cases that
 * this kernel has.
 *
 *   kthread-stop   kthread_stop() on the kthread of the last "kthread"
 *                  case (freezable, so the freezer must freeze it while it
 *                  is rescued); prints how long it took and what it
 *                  returned.
 *   sleeper        a kthread on the last CPU takes sos_leak and sleeps
 *                  2 s (sleeper_ms=N at load) holding it ("scheduling
 *                  while atomic"); when it wakes it says whether sos_leak
 *                  is still held, and gives it back.
 *   sleeper-spin, sleeper-preempt
 *                  a kthread on the same CPU panics while the sleeper
 *                  sleeps: holding its own sos_b, or inside
 *                  preempt_disable() holding nothing.
 */
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/freezer.h>
#include <linux/hrtimer.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/kthread.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/uaccess.h>
#include <linux/version.h>

#define SOS_NEST	8

static DEFINE_SPINLOCK(sos_a);
static DEFINE_SPINLOCK(sos_b);
static DEFINE_RAW_SPINLOCK(sos_raw);
static DEFINE_RWLOCK(sos_rw1);
static DEFINE_RWLOCK(sos_rw2);
static spinlock_t sos_nest[SOS_NEST] = {
	[0 ... SOS_NEST - 1] = __SPIN_LOCK_UNLOCKED(sos_nest),
};

static DEFINE_SPINLOCK(sos_leak);
static unsigned int sleeper_ms = 2000;
module_param(sleeper_ms, uint, 0444);
MODULE_PARM_DESC(sleeper_ms, "how long the sleeper sleeps holding sos_leak");

/* spin_lock_irq_disable() and its preempt_count() field: 7.x. */
#ifdef HARDIRQ_DISABLE_OFFSET
#define SOS_IRQ_DISABLE_CASE	" irq-disable"
#else
#define SOS_IRQ_DISABLE_CASE	""
#endif
static char cases[] = "spin irqsave irq trylock-irq bh nested rw raw kthread"
	SOS_IRQ_DISABLE_CASE " preempt hardirq softirq oops oops-bh oops-stack";
module_param_string(cases, cases, sizeof(cases), 0444);
MODULE_PARM_DESC(cases, "the cases this kernel has (read-only)");

/* The CPU the last case ran on, where the check runs. */
static int sos_cpu;
/* The kthread of the last "kthread" case, for kthread-stop. */
static struct task_struct *sos_kthread;
static struct dentry *sos_dir;
static struct hrtimer sos_hrtimer;
static struct timer_list sos_timer;

static void sos_panic(const char *what)
{
	sos_cpu = raw_smp_processor_id();
	panic("sos_panic: %s", what);
}

static enum hrtimer_restart sos_hrtimer_fn(struct hrtimer *t)
{
	spin_lock(&sos_b);
	sos_panic("hardirq");
	return HRTIMER_NORESTART;
}

static void sos_timer_fn(struct timer_list *t)
{
	spin_lock(&sos_b);
	sos_panic("softirq");
}

static int sos_kthread_fn(void *unused)
{
	unsigned long flags;

	set_freezable();
	spin_lock_irqsave(&sos_b, flags);
	sos_panic("kthread");
	return 0;
}

static int sos_sleeper_fn(void *unused)
{
	spin_lock(&sos_leak);
	msleep(sleeper_ms);
	pr_info("sos_panic: sleeper woke on CPU%d, sos_leak %s\n",
		raw_smp_processor_id(),
		spin_is_locked(&sos_leak) ? "still held" : "free");
	/* The sleep reset the preempt count spin_lock() raised. */
	preempt_disable();
	if (spin_is_locked(&sos_leak))
		spin_unlock(&sos_leak);
	else
		preempt_enable();
	return 0;
}

static int sos_sleeper_panic_fn(void *data)
{
	if (data) {
		spin_lock(&sos_b);
		sos_panic("sleeper-spin");
	} else {
		preempt_disable();
		sos_panic("sleeper-preempt");
	}
	return 0;
}

/* A kthread on the last CPU, which the sleeper cases use. */
static int sos_start_on_last(int (*fn)(void *), void *data, const char *name)
{
	struct task_struct *t;

	t = kthread_create_on_cpu(fn, data, nr_cpu_ids - 1, name);
	if (IS_ERR(t))
		return PTR_ERR(t);
	sos_cpu = nr_cpu_ids - 1;
	wake_up_process(t);
	return 0;
}

static int sos_kthread_stop(void)
{
	u64 start = ktime_get_ns();
	int ret;

	if (!sos_kthread)
		return -ENOENT;
	ret = kthread_stop(sos_kthread);
	pr_info("sos_panic: kthread_stop returned %d after %llu ms\n", ret,
		div_u64(ktime_get_ns() - start, NSEC_PER_MSEC));
	put_task_struct(sos_kthread);
	sos_kthread = NULL;
	return 0;
}

static noinline void sos_oops_on_stack(void)
{
	spinlock_t lock;

	spin_lock_init(&lock);
	spin_lock(&lock);
	sos_cpu = raw_smp_processor_id();
	*(volatile int *)NULL = 0;
}

static int sos_spinner_fn(void *unused)
{
	spin_lock(&sos_a);
	spin_unlock(&sos_a);
	return 0;
}

static int sos_run(const char *c)
{
	unsigned long flags;
	int i;

	if (!strcmp(c, "spin")) {
		spin_lock(&sos_a);
		sos_panic(c);
	} else if (!strcmp(c, "irqsave")) {
		spin_lock_irqsave(&sos_a, flags);
		sos_panic(c);
	} else if (!strcmp(c, "irq")) {
		spin_lock_irq(&sos_a);
		sos_panic(c);
	} else if (!strcmp(c, "trylock-irq")) {
		/* Free: nothing else takes it between the cases. */
		if (!spin_trylock_irqsave(&sos_a, flags))
			return -EBUSY;
		sos_panic(c);
	} else if (!strcmp(c, "bh")) {
		spin_lock_bh(&sos_a);
		sos_panic(c);
#ifdef HARDIRQ_DISABLE_OFFSET
	} else if (!strcmp(c, "irq-disable")) {
		spin_lock_irq_disable(&sos_a);
		sos_panic(c);
#endif
	} else if (!strcmp(c, "nested")) {
		for (i = 0; i < SOS_NEST; i++)
			spin_lock(&sos_nest[i]);
		spin_unlock(&sos_nest[3]);
		sos_panic(c);
	} else if (!strcmp(c, "rw")) {
		read_lock(&sos_rw1);
		write_lock(&sos_rw2);
		sos_panic(c);
	} else if (!strcmp(c, "raw")) {
		raw_spin_lock(&sos_raw);
		sos_panic(c);
	} else if (!strcmp(c, "kthread")) {
		struct task_struct *t;

		if (sos_kthread)
			return -EBUSY;
		t = kthread_run(sos_kthread_fn, NULL, "sos_panic");
		if (IS_ERR(t))
			return PTR_ERR(t);
		sos_kthread = get_task_struct(t);
	} else if (!strcmp(c, "kthread-stop")) {
		return sos_kthread_stop();
	} else if (!strcmp(c, "sleeper")) {
		return sos_start_on_last(sos_sleeper_fn, NULL, "sos_sleeper/%u");
	} else if (!strcmp(c, "sleeper-spin")) {
		return sos_start_on_last(sos_sleeper_panic_fn, (void *)1,
					 "sos_sleeper_panic/%u");
	} else if (!strcmp(c, "sleeper-preempt")) {
		return sos_start_on_last(sos_sleeper_panic_fn, NULL,
					 "sos_sleeper_panic/%u");
	} else if (!strcmp(c, "oops-stack")) {
		sos_oops_on_stack();
	} else if (!strcmp(c, "preempt")) {
		preempt_disable();
		spin_lock(&sos_a);
		sos_panic(c);
	} else if (!strcmp(c, "hardirq")) {
		hrtimer_start(&sos_hrtimer, ms_to_ktime(1), HRTIMER_MODE_REL_HARD);
	} else if (!strcmp(c, "softirq")) {
		mod_timer(&sos_timer, jiffies + 1);
	} else if (!strcmp(c, "oops")) {
		spin_lock_irqsave(&sos_a, flags);
		spin_lock(&sos_b);
		sos_cpu = raw_smp_processor_id();
		*(volatile int *)NULL = 0;
	} else if (!strcmp(c, "spinner")) {
		/* A waiter for sos_a, spinning for good on the last CPU. */
		struct task_struct *t;

		t = kthread_create_on_cpu(sos_spinner_fn, NULL,
					  nr_cpu_ids - 1, "sos_spinner/%u");
		if (IS_ERR(t))
			return PTR_ERR(t);
		wake_up_process(t);
	} else if (!strcmp(c, "oops-bh")) {
		/* With bottom halves off, x86 makes this oops a panic. */
		spin_lock_irqsave(&sos_a, flags);
		spin_lock_bh(&sos_b);
		sos_cpu = raw_smp_processor_id();
		*(volatile int *)NULL = 0;
	} else {
		return -EINVAL;
	}
	return 0;
}

static ssize_t sos_trigger_write(struct file *file, const char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	char c[24];
	int ret;

	if (len >= sizeof(c))
		return -EINVAL;
	if (copy_from_user(c, ubuf, len))
		return -EFAULT;
	c[len] = '\0';
	strim(c);
	ret = sos_run(c);
	return ret ? ret : len;
}

static const struct file_operations sos_trigger_fops = {
	.write	= sos_trigger_write,
};

static unsigned long sos_symbol_addr;

static ssize_t sos_symbol_write(struct file *file, const char __user *ubuf,
				size_t len, loff_t *ppos)
{
	unsigned long addr, off;
	char c[48];

	if (len >= sizeof(c))
		return -EINVAL;
	if (copy_from_user(c, ubuf, len))
		return -EFAULT;
	c[len] = '\0';
	if (sscanf(c, "%lx %lx", &addr, &off) != 2)
		return -EINVAL;
	sos_symbol_addr = addr + off;
	return len;
}

static int sos_symbol_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%pS\n", (void *)sos_symbol_addr);
	return 0;
}

static int sos_symbol_open(struct inode *inode, struct file *file)
{
	return single_open(file, sos_symbol_show, NULL);
}

static const struct file_operations sos_symbol_fops = {
	.open		= sos_symbol_open,
	.read		= seq_read,
	.write		= sos_symbol_write,
	.llseek		= seq_lseek,
	.release	= single_release,
};

struct sos_check {
	struct completion	done;
	char			buf[512];
	int			len;
};

#define sos_say(k, ...)							\
	((k)->len += scnprintf((k)->buf + (k)->len,			\
			       sizeof((k)->buf) - (k)->len, __VA_ARGS__))

/* Up to a second for each lock; @try takes it (true) and gives it back. */
static void sos_try(struct sos_check *k, const char *name,
		    bool (*try)(void))
{
	int ms;

	for (ms = 0; ms < 1000; ms++) {
		if (try()) {
			sos_say(k, "%s ok\n", name);
			return;
		}
		mdelay(1);
	}
	sos_say(k, "%s stuck\n", name);
}

#define SOS_TRY_SPIN(lock)						\
static bool sos_try_##lock(void)					\
{									\
	if (!spin_trylock(&lock))					\
		return false;						\
	spin_unlock(&lock);						\
	return true;							\
}
SOS_TRY_SPIN(sos_a)
SOS_TRY_SPIN(sos_b)

static bool sos_try_sos_raw(void)
{
	if (!raw_spin_trylock(&sos_raw))
		return false;
	raw_spin_unlock(&sos_raw);
	return true;
}

#define SOS_TRY_RW(lock)						\
static bool sos_try_##lock(void)					\
{									\
	if (!write_trylock(&lock))					\
		return false;						\
	write_unlock(&lock);						\
	return true;							\
}
SOS_TRY_RW(sos_rw1)
SOS_TRY_RW(sos_rw2)

static bool sos_try_nest(void)
{
	int i;

	for (i = 0; i < SOS_NEST; i++) {
		if (!spin_trylock(&sos_nest[i]))
			return false;
		spin_unlock(&sos_nest[i]);
	}
	return true;
}

static int sos_check_fn(void *data)
{
	struct sos_check *k = data;

	sos_say(k, "cpu %d preempt_count %d irqs %s\n", raw_smp_processor_id(),
		preempt_count(), irqs_disabled() ? "off" : "on");
	sos_try(k, "sos_a", sos_try_sos_a);
	sos_try(k, "sos_b", sos_try_sos_b);
	sos_try(k, "sos_raw", sos_try_sos_raw);
	sos_try(k, "sos_rw1", sos_try_sos_rw1);
	sos_try(k, "sos_rw2", sos_try_sos_rw2);
	sos_try(k, "sos_nest", sos_try_nest);
	complete(&k->done);
	return 0;
}

static int sos_check_show(struct seq_file *m, void *v)
{
	struct task_struct *t;
	struct sos_check *k;

	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	init_completion(&k->done);
	t = kthread_create_on_cpu(sos_check_fn, k, sos_cpu, "sos_check/%u");
	if (IS_ERR(t)) {
		kfree(k);
		return PTR_ERR(t);
	}
	wake_up_process(t);
	wait_for_completion(&k->done);
	seq_puts(m, k->buf);
	kfree(k);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sos_check);

static int __init sos_panic_init(void)
{
	/* hrtimer_init() is gone since 7.0; hrtimer_setup() came in 6.13. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
	hrtimer_setup(&sos_hrtimer, sos_hrtimer_fn, CLOCK_MONOTONIC,
		      HRTIMER_MODE_REL_HARD);
#else
	hrtimer_init(&sos_hrtimer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	sos_hrtimer.function = sos_hrtimer_fn;
#endif
	timer_setup(&sos_timer, sos_timer_fn, 0);
	sos_dir = debugfs_create_dir("sos_panic", NULL);
	debugfs_create_file("trigger", 0200, sos_dir, NULL, &sos_trigger_fops);
	debugfs_create_file("check", 0400, sos_dir, NULL, &sos_check_fops);
	debugfs_create_file("symbol", 0600, sos_dir, NULL, &sos_symbol_fops);
	return 0;
}

static void __exit sos_panic_exit(void)
{
	if (sos_kthread)
		sos_kthread_stop();
	debugfs_remove(sos_dir);
	hrtimer_cancel(&sos_hrtimer);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	timer_delete_sync(&sos_timer);
#else
	del_timer_sync(&sos_timer);
#endif
}

module_init(sos_panic_init);
module_exit(sos_panic_exit);
MODULE_DESCRIPTION("Panics and oopses holding spinlocks, for panic_resched");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0
/*
 * sos_contend: spinlock contention on demand, in the manner of LKDTM's
 * SPINLOCKUP (a lock taken from a debugfs write, in the writer's context)
 * but bounded, for the reliability stress and the /proc/lock_owners
 * bad-input checks.
 *
 *   echo "VARIANT MS" > /sys/kernel/debug/sos_contend/hold
 *       takes one of the module's locks with VARIANT (spin irq irqsave bh
 *       raw raw_irq read write), busy-waits MS milliseconds (0 to 10000)
 *       holding it, and gives it back.  Writers that come meanwhile spin
 *       on it: they show as waiters in /proc/lock_owners.  All the spin
 *       variants share one spinlock and read/write one rwlock.
 *       Bad input fails with EINVAL and takes no lock.
 */
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

static DEFINE_SPINLOCK(sos_contend_lock);
static DEFINE_RAW_SPINLOCK(sos_contend_raw);
static DEFINE_RWLOCK(sos_contend_rw);
static struct dentry *sos_contend_dir;

enum sos_variant {
	SOS_SPIN, SOS_IRQ, SOS_IRQSAVE, SOS_BH, SOS_RAW, SOS_RAW_IRQ,
	SOS_READ, SOS_WRITE,
};

static const char * const sos_variants[] = {
	[SOS_SPIN] = "spin", [SOS_IRQ] = "irq", [SOS_IRQSAVE] = "irqsave",
	[SOS_BH] = "bh", [SOS_RAW] = "raw", [SOS_RAW_IRQ] = "raw_irq",
	[SOS_READ] = "read", [SOS_WRITE] = "write",
};

static void sos_contend_hold(enum sos_variant v, unsigned int ms)
{
	unsigned long flags;

	switch (v) {
	case SOS_SPIN:
		spin_lock(&sos_contend_lock);
		mdelay(ms);
		spin_unlock(&sos_contend_lock);
		break;
	case SOS_IRQ:
		spin_lock_irq(&sos_contend_lock);
		mdelay(ms);
		spin_unlock_irq(&sos_contend_lock);
		break;
	case SOS_IRQSAVE:
		spin_lock_irqsave(&sos_contend_lock, flags);
		mdelay(ms);
		spin_unlock_irqrestore(&sos_contend_lock, flags);
		break;
	case SOS_BH:
		spin_lock_bh(&sos_contend_lock);
		mdelay(ms);
		spin_unlock_bh(&sos_contend_lock);
		break;
	case SOS_RAW:
		raw_spin_lock(&sos_contend_raw);
		mdelay(ms);
		raw_spin_unlock(&sos_contend_raw);
		break;
	case SOS_RAW_IRQ:
		raw_spin_lock_irq(&sos_contend_raw);
		mdelay(ms);
		raw_spin_unlock_irq(&sos_contend_raw);
		break;
	case SOS_READ:
		read_lock(&sos_contend_rw);
		mdelay(ms);
		read_unlock(&sos_contend_rw);
		break;
	case SOS_WRITE:
		write_lock(&sos_contend_rw);
		mdelay(ms);
		write_unlock(&sos_contend_rw);
		break;
	}
}

static ssize_t sos_contend_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	char buf[32], *arg;
	unsigned int ms;
	int v;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	arg = strim(buf);
	v = match_string(sos_variants, ARRAY_SIZE(sos_variants), strsep(&arg, " "));
	if (v < 0 || !arg || kstrtouint(skip_spaces(arg), 10, &ms) || ms > 10000)
		return -EINVAL;
	sos_contend_hold(v, ms);
	return count;
}

static const struct file_operations sos_contend_fops = {
	.owner	= THIS_MODULE,
	.write	= sos_contend_write,
};

static int __init sos_contend_init(void)
{
	sos_contend_dir = debugfs_create_dir("sos_contend", NULL);
	debugfs_create_file("hold", 0200, sos_contend_dir, NULL,
			    &sos_contend_fops);
	return 0;
}

static void __exit sos_contend_exit(void)
{
	debugfs_remove_recursive(sos_contend_dir);
}

module_init(sos_contend_init);
module_exit(sos_contend_exit);
MODULE_DESCRIPTION("Bounded spinlock contention on demand");
MODULE_LICENSE("GPL");

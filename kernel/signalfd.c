/*
 * signalfd: a file that reads the caller's pending signals of a mask as
 * struct signalfd_siginfo records instead of having them delivered (the
 * caller blocks them), and that is readable while one of them is pending
 * for the thread that asks. Sending a signal calls fs_poll_wake() (in
 * send_info()), which wakes readers and pollers to look again.
 */
#define pr_fmt(fmt) "signalfd: " fmt

#include <asm/irqflags.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/unistd.h>

#include "signal-internal.h"

#define SFD_NONBLOCK O_NONBLOCK
#define SFD_CLOEXEC  O_CLOEXEC

/* Linux's record: 128 bytes. */
struct signalfd_siginfo {
	u32 ssi_signo;
	s32 ssi_errno;
	s32 ssi_code;
	u32 ssi_pid;
	u32 ssi_uid;
	s32 ssi_fd;
	u32 ssi_tid;
	u32 ssi_band;
	u32 ssi_overrun;
	u32 ssi_trapno;
	s32 ssi_status;
	s32 ssi_int;
	u64 ssi_ptr;
	u64 ssi_utime;
	u64 ssi_stime;
	u64 ssi_addr;
	u16 ssi_addr_lsb;
	u8 pad[46];
};
_Static_assert(sizeof(struct signalfd_siginfo) == 128, "Linux's size");

struct signalfd {
	u64 mask;
};

/* What of the mask is pending for the calling thread. Interrupts off. */
static u64 pending_in(const struct signalfd *s)
{
	struct process *p = current_proc();

	if (!p || !current->sig)
		return 0;
	return pending_for(p, current->sig) & s->mask;
}

static unsigned int signalfd_poll(struct file *f)
{
	unsigned long flags = arch_local_irq_save();
	unsigned int mask = pending_in(f->priv) ? POLLIN : 0;

	arch_local_irq_restore(flags);
	return mask;
}

/* Takes pending signals of the mask into as many records as fit; how many. */
static size_t take(struct signalfd *s, struct signalfd_siginfo *rec, size_t max)
{
	unsigned long flags = arch_local_irq_save();
	size_t n = 0;

	for (; n < max; n++) {
		u64 ready = pending_in(s);
		struct ksiginfo info = { 0 };
		int sig;

		if (!ready)
			break;
		sig = __builtin_ctzll(ready) + 1;
		dequeue_signal(current_proc(), current->sig, sig, &info);
		memset(&rec[n], 0, sizeof(rec[n]));
		rec[n].ssi_signo = (u32)sig;
		rec[n].ssi_code = info.code;
		rec[n].ssi_pid = (u32)info.pid;
		rec[n].ssi_uid = info.uid;
		rec[n].ssi_status = info.status;
		rec[n].ssi_addr = info.addr;
	}
	arch_local_irq_restore(flags);
	return n;
}

static ssize_t signalfd_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	size_t max = n / sizeof(struct signalfd_siginfo), got;

	(void)pos;
	if (!max)
		return -EINVAL;
	for (;;) {
		u64 gen = fs_poll_gen();

		got = take(f->priv, buf, max);
		if (got)
			return (ssize_t)(got * sizeof(struct signalfd_siginfo));
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (signal_pending())
			return -ERESTARTSYS;
		fs_poll_sleep(gen, 0);
	}
}

static void signalfd_release(struct file *f)
{
	kfree(f->priv);
}

/* /proc/PID/fd/N: Linux's name for it. */
static int signalfd_link_name(struct file *f __unused, char *buf, size_t size)
{
	return snprintf(buf, size, "anon_inode:[signalfd]");
}

static const struct file_ops signalfd_fops = {
	.link_name = signalfd_link_name,
	.read = signalfd_read,
	.poll = signalfd_poll,
	.release = signalfd_release,
};

static long sys_signalfd4(unsigned long ufd, unsigned long umask, unsigned long sizemask,
			  unsigned long flags)
{
	struct signalfd *s;
	struct file *f;
	u64 mask;
	int fd;

	if (flags & ~(unsigned long)(SFD_NONBLOCK | SFD_CLOEXEC))
		return -EINVAL;
	if (sizemask != sizeof(u64))
		return -EINVAL;
	if (copy_from_user(&mask, (const void *)umask, sizeof(mask)))
		return -EFAULT;
	mask &= ~UNBLOCKABLE;
	if ((int)ufd != -1) {
		f = fget((int)ufd);
		if (!f)
			return -EBADF;
		if (f->ops != &signalfd_fops) {
			file_put(f);
			return -EINVAL;
		}
		((struct signalfd *)f->priv)->mask = mask;
		file_put(f);
		fs_poll_wake();
		return (long)ufd;
	}
	s = kzalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->mask = mask;
	f = file_alloc(&signalfd_fops, NULL, O_RDWR | (flags & SFD_NONBLOCK));
	if (!f) {
		kfree(s);
		return -ENOMEM;
	}
	f->priv = s;
	fd = fd_install(current_files(), f, 0, flags & SFD_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}
SYSCALL(__NR_signalfd4, signalfd4, sys_signalfd4);

static long sys_signalfd(unsigned long ufd, unsigned long umask, unsigned long sizemask)
{
	return sys_signalfd4(ufd, umask, sizemask, 0);
}
SYSCALL(__NR_signalfd, signalfd, sys_signalfd);

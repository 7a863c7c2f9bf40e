/*
 * Unix98 pseudo-terminals: each open of /dev/ptmx (5:2) makes a pair and
 * returns its master; the slave is /dev/pts/N (136:N) in devpts.
 *
 * The slave is a whole terminal (struct tty: line discipline, termios,
 * sessions, job control) like the console; only its output differs: it
 * goes, after output processing (OPOST), into the pair's output ring for
 * the master to read. What the master writes is the slave's input,
 * byte by byte through the line discipline, so echo comes back to the
 * master. Both directions are bounded: the slave's 4 KiB input ring and
 * the 4 KiB output ring, and a writer waits (or gets EAGAIN) for room.
 *
 * Life cycle, as Linux's: a new pair is locked (TIOCSPTLCK) until
 * unlockpt(). When the last master file goes, the slave hangs up (its
 * reads drain and then give 0, writes fail with EIO, its session leader
 * gets SIGHUP) and its node goes away. When the last slave file goes
 * after one was open, the master reads what is left, then EIO, and polls
 * POLLHUP. The pair, and its number, live until both sides are closed.
 *
 * Locking: every field of a pair, and the table, change with interrupts
 * off, as the tty fields do (tty_ldisc.h).
 */
#define pr_fmt(fmt) "pty: " fmt

#include <asm/irqflags.h>
#include <kernel/compiler.h>
#include <kernel/devpts.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/signal_ext.h>
#include <kernel/tty.h>
#include <kernel/uaccess.h>

#include "tty_ldisc.h"

#define OUT_SIZE 4096 /* a power of two: ring indexes are masked */
#define OUT_MASK (OUT_SIZE - 1)
#define NSIG_MAX 64
/* TIOCGPTPEER's argument: the flags an open of the slave may take. */
#define PEER_FLAGS (O_ACCMODE | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)

struct pty {
	struct tty slave;
	/* The slave's output after OPOST, for the master: tail <= head, free-running. */
	u8 out[OUT_SIZE];
	u32 out_head, out_tail;
	u32 column; /* of the slave's output, for ONOCR */
	int index;
	int refs;	   /* open files of both sides, and /dev/tty calls in flight */
	int masters;	   /* open master files */
	int slaves;	   /* open slave files */
	bool slave_opened; /* ever: from then on a slave-less master reads EIO */
	bool locked;	   /* TIOCSPTLCK: the slave does not open */
	/* Output to read, or the slave gone; room in the slave's input. */
	struct wait_queue master_read_wait;
	struct wait_queue master_write_wait;
};

static struct pty *ptys[PTY_MAX];

static struct pty *pty_of(struct tty *t)
{
	return container_of(t, struct pty, slave);
}

static void pty_get(struct tty *t)
{
	unsigned long flags = arch_local_irq_save();

	pty_of(t)->refs++;
	arch_local_irq_restore(flags);
}

/* The last reference frees the pair and its number. */
static void pty_put(struct tty *t)
{
	struct pty *p = pty_of(t);
	unsigned long flags = arch_local_irq_save();
	bool last = --p->refs == 0;

	if (last)
		ptys[p->index] = NULL;
	arch_local_irq_restore(flags);
	if (!last)
		return;
	tty_unregister(&p->slave);
	kfree(p);
}

/* ---------------------------------------------------------------- slave output */

static u32 out_room(const struct pty *p)
{
	return OUT_SIZE - (p->out_head - p->out_tail);
}

static void out_put(struct pty *p, u8 c)
{
	p->out[p->out_head++ & OUT_MASK] = c;
}

/*
 * OPOST: ONLCR (\n as \r\n), OCRNL (\r as \n), ONOCR (no \r in column
 * 0), ONLRET (\n returns the carriage too) and OLCUC. A byte is taken
 * whole or not at all.
 */
static bool out_char(struct pty *p, u8 c)
{
	const struct termios *tio = &p->slave.termios;
	u32 o = tio->c_oflag;

	if (!(o & OPOST)) {
		if (!out_room(p))
			return false;
		out_put(p, c);
		return true;
	}
	if (c == '\n' && (o & ONLCR)) {
		if (out_room(p) < 2)
			return false;
		out_put(p, '\r');
		out_put(p, '\n');
		p->column = 0;
		return true;
	}
	if (c == '\r' && (o & OCRNL)) {
		c = '\n';
		if (o & ONLRET)
			p->column = 0;
	} else if (c == '\r') {
		if ((o & ONOCR) && !p->column)
			return true;
		p->column = 0;
	} else if (c == '\n') {
		if (o & ONLRET)
			p->column = 0;
	} else if ((o & OLCUC) && c >= 'a' && c <= 'z') {
		c -= 'a' - 'A';
	}
	if (!out_room(p))
		return false;
	if (c == '\b' && p->column)
		p->column--;
	else if (c >= ' ' && c != 0x7f)
		p->column++;
	out_put(p, c);
	return true;
}

static size_t slave_out(struct tty *t, const u8 *buf, size_t n)
{
	struct pty *p = pty_of(t);
	unsigned long flags = arch_local_irq_save();
	size_t done = 0;

	/* Nobody will read it once the master is gone. */
	if (!p->masters)
		done = n;
	while (done < n && out_char(p, buf[done]))
		done++;
	arch_local_irq_restore(flags);
	if (done && p->masters) {
		wake_up_all(&p->master_read_wait);
		fs_poll_wake();
	}
	return done;
}

static bool slave_out_ready(struct tty *t)
{
	return out_room(pty_of(t)) >= 2;
}

static void slave_input_taken(struct tty *t)
{
	wake_up_all(&pty_of(t)->master_write_wait);
	fs_poll_wake();
}

static const struct tty_ops pty_slave_ops = {
	.write = slave_out,
	.write_ready = slave_out_ready,
	.input_taken = slave_input_taken,
	.get = pty_get,
	.put = pty_put,
};

/* ---------------------------------------------------------------- the master */

static bool slave_gone(const struct pty *p)
{
	return p->slave_opened && !p->slaves;
}

static ssize_t ptmx_read(struct file *f, void *buf, size_t n, u64 *pos __unused)
{
	struct pty *p = f->priv;
	u8 *dst = buf;

	for (;;) {
		unsigned long flags = arch_local_irq_save();
		size_t done = 0;

		while (done < n && p->out_tail != p->out_head)
			dst[done++] = p->out[p->out_tail++ & OUT_MASK];
		arch_local_irq_restore(flags);
		if (done) {
			wake_up_all(&p->slave.write_wait);
			fs_poll_wake();
			return done;
		}
		if (slave_gone(p))
			return -EIO;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(&p->master_read_wait,
					     p->out_tail != p->out_head || slave_gone(p)))
			return -ERESTARTSYS;
	}
}

/* The slave's input, through its line discipline: editing, echo, signals. */
static ssize_t ptmx_write(struct file *f, const void *buf, size_t n, u64 *pos __unused)
{
	struct pty *p = f->priv;
	struct tty *t = &p->slave;
	const u8 *src = buf;
	size_t done = 0;

	/*
	 * As Linux's: the input waits in the ring whether or not a slave is
	 * open now, and the next one to open reads it.
	 */
	for (;;) {
		unsigned long flags = arch_local_irq_save();

		while (done < n && !ldisc_input_full(t))
			ldisc_receive(t, src[done++]);
		arch_local_irq_restore(flags);
		if (done == n)
			return done;
		if (f->flags & O_NONBLOCK)
			return done ? (ssize_t)done : -EAGAIN;
		if (wait_event_interruptible(&p->master_write_wait, !ldisc_input_full(t)))
			return done ? (ssize_t)done : -ERESTARTSYS;
	}
}

static unsigned int ptmx_poll(struct file *f)
{
	struct pty *p = f->priv;
	unsigned long flags = arch_local_irq_save();
	unsigned int mask = 0;

	if (p->out_tail != p->out_head)
		mask |= POLLIN;
	if (!ldisc_input_full(&p->slave))
		mask |= POLLOUT;
	if (slave_gone(p))
		mask |= POLLHUP;
	arch_local_irq_restore(flags);
	return mask;
}

static const struct file_ops pts_fops;

/* TIOCGPTPEER: the slave, opened as open() would with flags, on a new descriptor. */
static long open_peer(struct pty *p, unsigned long flags)
{
	struct inode *ino;
	struct file *f;
	int fd, err;

	if ((flags & O_ACCMODE) == O_ACCMODE)
		return -EINVAL;
	flags &= PEER_FLAGS; /* others are ignored, as by open() */
	ino = devpts_pty_inode(p->index);
	if (!ino)
		return -EIO;
	f = file_alloc(&pts_fops, ino, (u32)flags & ~O_CLOEXEC);
	inode_put(ino);
	if (!f)
		return -ENOMEM;
	err = pts_fops.open(f->inode, f);
	if (err) {
		f->ops = NULL; /* never opened: no release */
		file_put(f);
		return err;
	}
	fd = fd_install(current_files(), f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

static int put_int(unsigned long uarg, int v)
{
	return copy_to_user((void *)uarg, &v, sizeof(v)) ? -EFAULT : 0;
}

static int get_int(unsigned long uarg, int *v)
{
	return copy_from_user(v, (const void *)uarg, sizeof(*v)) ? -EFAULT : 0;
}

static long ptmx_flush(struct pty *p, unsigned long arg)
{
	unsigned long flags;

	if (arg > TCIOFLUSH)
		return -EINVAL;
	flags = arch_local_irq_save();
	/* The master's input is the slave's output, and the other way round. */
	if (arg != TCOFLUSH)
		p->out_tail = p->out_head;
	if (arg != TCIFLUSH)
		ldisc_flush_input(&p->slave);
	arch_local_irq_restore(flags);
	wake_up_all(&p->slave.write_wait);
	wake_up_all(&p->slave.read_wait);
	wake_up_all(&p->master_write_wait);
	fs_poll_wake();
	return 0;
}

static long ptmx_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pty *p = f->priv;
	struct tty *t = &p->slave;
	int v, err;

	switch (cmd) {
	case TIOCGPTN:
		return put_int(arg, p->index);
	case TIOCSPTLCK:
		err = get_int(arg, &v);
		if (!err)
			WRITE_ONCE(p->locked, v != 0);
		return err;
	case TIOCGPTLCK:
		return put_int(arg, p->locked);
	case TIOCGPTPEER:
		return open_peer(p, arg);
	case TIOCPKT:
		/* Packet mode is not implemented: only "off" is accepted. */
		err = get_int(arg, &v);
		if (!err && v)
			err = -EINVAL;
		return err;
	case TIOCGPKT:
		return put_int(arg, 0);
	case TIOCSIG:
		if (!arg || arg > NSIG_MAX)
			return -EINVAL;
		if (t->fg_pgrp)
			send_signal_pgrp(t->fg_pgrp, (int)arg);
		return 0;
	/* Settings and the window size are the slave's, with no job control here. */
	case TCGETS:
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return tty_termios_ioctl(t, cmd, arg, false);
	case TIOCGWINSZ:
	case TIOCSWINSZ:
		return tty_winsize_ioctl(t, cmd, arg);
	case TIOCGPGRP:
		return put_int(arg, t->fg_pgrp);
	case TIOCGSID:
		return t->session ? put_int(arg, t->session) : -ENOTTY;
	case FIONREAD:
		return put_int(arg, (int)(p->out_head - p->out_tail));
	case TIOCOUTQ:
		return put_int(arg, (int)(t->head - t->tail));
	case TCFLSH:
		return ptmx_flush(p, arg);
	default:
		return -ENOTTY;
	}
}

static int ptmx_open(struct inode *ino __unused, struct file *f)
{
	struct pty *p = kzalloc(sizeof(*p));
	int index = -1, max = devpts_max_ptys(), err;
	unsigned long flags;

	if (!p)
		return -ENOMEM;
	flags = arch_local_irq_save();
	for (int i = 0; i < max && i < PTY_MAX; i++) {
		if (!ptys[i]) {
			index = i;
			ptys[i] = p;
			break;
		}
	}
	arch_local_irq_restore(flags);
	if (index < 0) {
		kfree(p);
		return -ENOSPC;
	}
	tty_init_std(&p->slave, &pty_slave_ops, MKDEV(PTY_SLAVE_MAJOR, index));
	wait_queue_init(&p->master_read_wait);
	wait_queue_init(&p->master_write_wait);
	p->index = index;
	p->refs = 1;
	p->masters = 1;
	p->locked = true;
	tty_register(&p->slave);
	err = devpts_pty_new(index);
	if (err) {
		p->masters = 0;
		pty_put(&p->slave);
		return err;
	}
	f->priv = p;
	return 0;
}

static void ptmx_release(struct file *f)
{
	struct pty *p = f->priv;
	unsigned long flags = arch_local_irq_save();
	bool last = --p->masters == 0;

	arch_local_irq_restore(flags);
	if (last) {
		devpts_pty_kill(p->index);
		tty_hangup(&p->slave);
	}
	pty_put(&p->slave);
}

static const struct file_ops ptmx_fops = {
	.open = ptmx_open,
	.read = ptmx_read,
	.write = ptmx_write,
	.ioctl = ptmx_ioctl,
	.poll = ptmx_poll,
	.release = ptmx_release,
};

/* ---------------------------------------------------------------- the slave */

/* /dev/pts/N, or any node 136:N: the pair must exist, have its master and be unlocked. */
static int pts_open(struct inode *ino, struct file *f)
{
	u32 index = MINOR(ino->rdev);
	unsigned long flags = arch_local_irq_save();
	struct pty *p = index < PTY_MAX ? ptys[index] : NULL;
	int err = -EIO;

	if (p && p->masters && !p->locked) {
		p->refs++;
		p->slaves++;
		p->slave_opened = true;
		f->priv = p;
		err = 0;
	}
	arch_local_irq_restore(flags);
	if (!err)
		tty_open_ctty(&p->slave, f);
	return err;
}

static void pts_release(struct file *f)
{
	struct pty *p = f->priv;
	unsigned long flags = arch_local_irq_save();
	bool last = --p->slaves == 0;

	arch_local_irq_restore(flags);
	if (last) {
		wake_up_all(&p->master_read_wait);
		wake_up_all(&p->master_write_wait);
		fs_poll_wake();
	}
	pty_put(&p->slave);
}

static ssize_t pts_read(struct file *f, void *buf, size_t n, u64 *pos __unused)
{
	return tty_do_read(&((struct pty *)f->priv)->slave, f, buf, n);
}

static ssize_t pts_write(struct file *f, const void *buf, size_t n, u64 *pos __unused)
{
	return tty_do_write(&((struct pty *)f->priv)->slave, f, buf, n);
}

static long pts_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	return tty_do_ioctl(&((struct pty *)f->priv)->slave, f, cmd, arg);
}

static unsigned int pts_poll(struct file *f)
{
	return tty_do_poll(&((struct pty *)f->priv)->slave);
}

static const struct file_ops pts_fops = {
	.open = pts_open,
	.read = pts_read,
	.write = pts_write,
	.ioctl = pts_ioctl,
	.poll = pts_poll,
	.release = pts_release,
};

void pty_init(void)
{
	int rc;

	rc = chrdev_register(PTMX_MAJOR, PTMX_MINOR, "ptmx", &ptmx_fops);
	if (!rc)
		rc = chrdev_register_major(PTY_SLAVE_MAJOR, "pts", &pts_fops);
	if (rc)
		pr_err("cannot register the pty devices: %d\n", rc);
}

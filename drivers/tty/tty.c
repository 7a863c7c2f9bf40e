/*
 * The device side of every terminal (blocking reads and writes, the
 * ioctls, poll), and the console terminal: one tty over the kernel
 * console, as /dev/console (5,1), with /dev/tty (5,0) for the caller's
 * controlling terminal. n_tty.c is the line discipline that edits the
 * input, tty_session.c holds sessions and job control, pty.c the
 * pseudo-terminals.
 *
 * The ring, termios and session fields are changed only with interrupts
 * off (see tty_ldisc.h). Copies to and from user memory happen with
 * interrupts on, from snapshots.
 */
#define pr_fmt(fmt) "tty: " fmt

#include <asm/irqflags.h>
#include <kernel/compiler.h>
#include <kernel/console.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/printk.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>
#include <kernel/time.h>
#include <kernel/tty.h>
#include <kernel/uaccess.h>

#include "tty_ldisc.h"

#define TTY_MAJOR   5
#define WRITE_CHUNK 256 /* output between checks for ^S */

/* The serial console takes everything; its driver sends "\r\n" for "\n". */
static size_t console_out(struct tty *t __unused, const u8 *buf, size_t n)
{
	console_write((const char *)buf, n);
	return n;
}

static bool console_out_ready(struct tty *t __unused)
{
	return true;
}

static const struct tty_ops console_tty_ops = {
	.write = console_out,
	.write_ready = console_out_ready,
};

/* Linux's defaults: cooked, echoing, ^C/^\/^Z signals, XON/XOFF. */
static struct tty console_tty = {
	.ops = &console_tty_ops,
	.devnum = MKDEV(TTY_MAJOR, 1),
	.termios = {
		.c_iflag = ICRNL | IXON,
		.c_oflag = OPOST | ONLCR,
		.c_cflag = B115200 | CS8 | CREAD | CLOCAL | HUPCL,
		.c_lflag = TTY_STD_LFLAG,
		.c_cc = TTY_STD_CC,
	},
	.winsize = { .ws_row = 24, .ws_col = 80 },
	.read_wait = WAIT_QUEUE_INIT(console_tty.read_wait),
	.write_wait = WAIT_QUEUE_INIT(console_tty.write_wait),
};

/* Linux's pty slave settings: the console's, at 38400 baud and no modem lines. */
void tty_init_std(struct tty *t, const struct tty_ops *ops, u32 devnum)
{
	static const struct termios std = {
		.c_iflag = ICRNL | IXON,
		.c_oflag = OPOST | ONLCR,
		.c_cflag = B38400 | CS8 | CREAD,
		.c_lflag = TTY_STD_LFLAG,
		.c_cc = TTY_STD_CC,
	};

	t->ops = ops;
	t->devnum = devnum;
	t->termios = std;
	list_init(&t->list);
	wait_queue_init(&t->read_wait);
	wait_queue_init(&t->write_wait);
}

/* Interrupt context (or any context): never sleeps. */
void tty_receive(char c)
{
	unsigned long flags = arch_local_irq_save();

	ldisc_receive(&console_tty, (u8)c);
	arch_local_irq_restore(flags);
}

/* ---------------------------------------------------------------- read */

struct read_timer {
	struct timer timer;
	struct tty *tty;
	bool expired;
};

static void read_timer_fn(struct timer *tm)
{
	struct read_timer *rt = container_of(tm, struct read_timer, timer);

	rt->expired = true;
	wake_up_all(&rt->tty->read_wait);
}

static void read_timer_arm(struct read_timer *rt, u8 vtime)
{
	rt->expired = false;
	timer_arm(&rt->timer, clock_ns() + vtime * 100 * NSEC_PER_MSEC);
}

/*
 * Non-canonical completion, POSIX's four cases: MIN 0 TIME 0 returns at
 * once; MIN 0 TIME t waits t for a first byte; MIN m TIME 0 waits for m
 * bytes (fewer if the caller asked for fewer); MIN m TIME t also ends t
 * after the latest byte once one came.
 */
static bool raw_done(size_t done, size_t n, u8 vmin, u8 vtime, bool expired)
{
	if (!vmin)
		return !vtime || done || expired;
	if (done >= MIN((size_t)vmin, n))
		return true;
	return vtime && done && expired;
}

ssize_t tty_do_read(struct tty *t, struct file *f, void *kbuf, size_t n)
{
	struct read_timer rt = { .tty = t };
	bool armed = false;
	size_t done = 0;
	ssize_t ret;

	if (!n)
		return 0;
	timer_init(&rt.timer, read_timer_fn);
	for (;;) {
		unsigned long flags;
		unsigned int gen;
		bool canon, finished;
		size_t before = done;
		u8 vmin, vtime;
		int rc;

		rc = tty_job_control(t, SIGTTIN);
		if (rc) {
			ret = done ? (ssize_t)done : rc;
			break;
		}
		flags = arch_local_irq_save();
		canon = L_FLAG(t, ICANON);
		vmin = t->termios.c_cc[VMIN];
		vtime = t->termios.c_cc[VTIME];
		gen = t->gen;
		if (canon) {
			/* Raw bytes already taken (the mode changed under us) end the read. */
			finished = done || ldisc_readable(t);
			if (!done && finished)
				done = ldisc_take_line(t, kbuf, n);
			/* Hung up: what is left of the input, then end of file. */
			finished |= t->hungup;
		} else {
			size_t got = ldisc_take_raw(t, (u8 *)kbuf + done, n - done);

			done += got;
			finished = raw_done(done, n, vmin, vtime, rt.expired) || t->hungup;
			/* The timer counts from the start (MIN 0) or from the latest byte. */
			if (!finished && vtime && ((!vmin && !armed) || (vmin && got))) {
				read_timer_arm(&rt, vtime);
				armed = true;
			}
		}
		arch_local_irq_restore(flags);
		if (done != before && t->ops->input_taken)
			t->ops->input_taken(t);
		if (finished) {
			ret = done;
			break;
		}
		if (f->flags & O_NONBLOCK) {
			ret = done ? (ssize_t)done : -EAGAIN;
			break;
		}
		/* A signal ends the wait; the signal code restarts the call or fails it with EINTR. */
		if (wait_event_interruptible(&t->read_wait,
					     ldisc_readable(t) || rt.expired || t->gen != gen ||
						     t->hungup)) {
			ret = done ? (ssize_t)done : -ERESTARTSYS;
			break;
		}
	}
	timer_cancel(&rt.timer);
	return ret;
}

/* ---------------------------------------------------------------- write */

ssize_t tty_do_write(struct tty *t, struct file *f, const void *kbuf, size_t n)
{
	const char *s = kbuf;
	size_t done = 0;
	int rc;

	if (L_FLAG(t, TOSTOP)) {
		rc = tty_job_control(t, SIGTTOU);
		if (rc)
			return rc;
	}
	/*
	 * Output processing is the terminal's: the serial console always
	 * sends "\r\n" for "\n", as the default OPOST|ONLCR asks and other
	 * output flags are not applied there; a pty slave applies them.
	 */
	while (done < n) {
		size_t chunk = MIN(n - done, (size_t)WRITE_CHUNK), got;

		if (READ_ONCE(t->hungup))
			return done ? (ssize_t)done : -EIO;
		if (!READ_ONCE(t->stopped)) {
			got = t->ops->write(t, (const u8 *)s + done, chunk);
			done += got;
			if (got)
				continue;
		}
		/* Stopped (^S, TCOOFF), or a pty master that is not reading. */
		if (f->flags & O_NONBLOCK)
			return done ? (ssize_t)done : -EAGAIN;
		if (wait_event_interruptible(&t->write_wait,
					     t->hungup || (!t->stopped && t->ops->write_ready(t))))
			return done ? (ssize_t)done : -ERESTARTSYS;
	}
	return done;
}

/* ---------------------------------------------------------------- ioctl */

static int put_int(unsigned long uarg, int v)
{
	return copy_to_user((void *)uarg, &v, sizeof(v));
}

static int get_int(unsigned long uarg, int *v)
{
	return copy_from_user(v, (const void *)uarg, sizeof(*v));
}

long tty_termios_ioctl(struct tty *t, unsigned int cmd, unsigned long arg, bool job_control)
{
	struct termios tio;
	unsigned long flags;
	int rc;

	if (cmd == TCGETS) {
		flags = arch_local_irq_save();
		tio = t->termios;
		arch_local_irq_restore(flags);
		return copy_to_user((void *)arg, &tio, sizeof(tio)) ? -EFAULT : 0;
	}
	/* TCSETS, TCSETSW (output is never held back: nothing to drain), TCSETSF. */
	if (copy_from_user(&tio, (const void *)arg, sizeof(tio)))
		return -EFAULT;
	rc = job_control ? tty_job_control(t, SIGTTOU) : 0;
	if (rc)
		return rc;
	flags = arch_local_irq_save();
	ldisc_set_termios(t, &tio, cmd == TCSETSF);
	arch_local_irq_restore(flags);
	return 0;
}

long tty_winsize_ioctl(struct tty *t, unsigned int cmd, unsigned long arg)
{
	struct winsize ws;

	if (cmd == TIOCGWINSZ) {
		ws = t->winsize;
		return copy_to_user((void *)arg, &ws, sizeof(ws)) ? -EFAULT : 0;
	}
	if (copy_from_user(&ws, (const void *)arg, sizeof(ws)))
		return -EFAULT;
	if (memcmp(&ws, &t->winsize, sizeof(ws))) {
		t->winsize = ws;
		if (t->fg_pgrp)
			send_signal_pgrp(t->fg_pgrp, SIGWINCH);
	}
	return 0;
}

long tty_do_ioctl(struct tty *t, struct file *f, unsigned int cmd, unsigned long arg)
{
	struct process *p = current_proc();
	unsigned long flags;
	int v, rc;

	/* A hung-up terminal answers nothing, as Linux's. */
	if (t->hungup)
		return cmd == TIOCSPGRP ? -ENOTTY : -EIO;
	switch (cmd) {
	case TCGETS:
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return tty_termios_ioctl(t, cmd, arg, true);
	case TIOCGWINSZ:
	case TIOCSWINSZ:
		return tty_winsize_ioctl(t, cmd, arg);
	case TIOCGPGRP:
		if (!tty_is_ctty(p, t))
			return -ENOTTY;
		return put_int(arg, t->fg_pgrp) ? -EFAULT : 0;
	case TIOCSPGRP:
		return tty_ioctl_setpgrp(t, arg);
	case TIOCGSID:
		if (!tty_is_ctty(p, t))
			return -ENOTTY;
		return put_int(arg, t->session) ? -EFAULT : 0;
	case TIOCSCTTY:
		return tty_ioctl_setctty(t, arg);
	case TIOCNOTTY:
		return tty_ioctl_noctty(t);
	case FIONREAD:
		return put_int(arg, (int)ldisc_readable(t)) ? -EFAULT : 0;
	case TIOCOUTQ:
		return put_int(arg, 0) ? -EFAULT : 0;
	case FIONBIO:
		if (get_int(arg, &v))
			return -EFAULT;
		f->flags = v ? f->flags | O_NONBLOCK : f->flags & ~O_NONBLOCK;
		return 0;
	case TCFLSH:
		if (arg > TCIOFLUSH)
			return -EINVAL;
		rc = tty_job_control(t, SIGTTOU);
		if (rc)
			return rc;
		if (arg != TCOFLUSH) {
			flags = arch_local_irq_save();
			ldisc_flush_input(t);
			arch_local_irq_restore(flags);
			wake_up_all(&t->read_wait);
		}
		return 0;
	case TCXONC:
		if (arg == TCOOFF) {
			t->stopped = true;
		} else if (arg == TCOON) {
			flags = arch_local_irq_save();
			ldisc_start_output(t);
			arch_local_irq_restore(flags);
		} else if (arg == TCIOFF || arg == TCION) {
			u8 c = t->termios.c_cc[arg == TCIOFF ? VSTOP : VSTART];

			if (c)
				t->ops->write(t, &c, 1);
		} else {
			return -EINVAL;
		}
		return 0;
	default:
		return -ENOTTY;
	}
}

unsigned int tty_do_poll(struct tty *t)
{
	unsigned long flags = arch_local_irq_save();
	bool in = ldisc_poll_in(t), out = t->ops->write_ready(t);

	arch_local_irq_restore(flags);
	if (t->hungup)
		return POLLIN | POLLOUT | POLLERR | POLLHUP;
	return (out ? POLLOUT : 0) | (in ? POLLIN : 0);
}

/* ---------------------------------------------------------------- devices */

/*
 * /dev/console is always the console terminal; /dev/tty is whichever
 * terminal controls the caller's session, so its operations look it up
 * each time, and hold it across the call: a pty can go meanwhile.
 */
static struct tty *ctty_get(void)
{
	struct process *p = current_proc();
	unsigned long flags = arch_local_irq_save();
	struct tty *t = p ? p->ctty : NULL;

	if (t && t->ops->get)
		t->ops->get(t);
	arch_local_irq_restore(flags);
	return t;
}

static void ctty_put(struct tty *t)
{
	if (t->ops->put)
		t->ops->put(t);
}

static ssize_t console_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	return tty_do_read(&console_tty, f, buf, n);
}

static ssize_t console_write_op(struct file *f, const void *buf, size_t n, u64 *pos)
{
	return tty_do_write(&console_tty, f, buf, n);
}

static long console_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	return tty_do_ioctl(&console_tty, f, cmd, arg);
}

static unsigned int console_poll(struct file *f)
{
	return tty_do_poll(&console_tty);
}

static int console_open(struct inode *ino, struct file *f)
{
	tty_open_ctty(&console_tty, f);
	return 0;
}

static ssize_t devtty_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	struct tty *t = ctty_get();
	ssize_t ret;

	if (!t)
		return -ENXIO;
	ret = tty_do_read(t, f, buf, n);
	ctty_put(t);
	return ret;
}

static ssize_t devtty_write(struct file *f, const void *buf, size_t n, u64 *pos)
{
	struct tty *t = ctty_get();
	ssize_t ret;

	if (!t)
		return -ENXIO;
	ret = tty_do_write(t, f, buf, n);
	ctty_put(t);
	return ret;
}

static long devtty_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct tty *t = ctty_get();
	long ret;

	if (!t)
		return -ENXIO;
	ret = tty_do_ioctl(t, f, cmd, arg);
	ctty_put(t);
	return ret;
}

static unsigned int devtty_poll(struct file *f)
{
	struct tty *t = ctty_get();
	unsigned int ret;

	if (!t)
		return POLLERR | POLLHUP;
	ret = tty_do_poll(t);
	ctty_put(t);
	return ret;
}

static int devtty_open(struct inode *ino, struct file *f)
{
	struct tty *t = ctty_get();

	if (!t)
		return -ENXIO;
	ctty_put(t);
	return 0;
}

static const struct file_ops console_fops = {
	.open = console_open,
	.read = console_read,
	.write = console_write_op,
	.ioctl = console_ioctl,
	.poll = console_poll,
};

static const struct file_ops devtty_fops = {
	.open = devtty_open,
	.read = devtty_read,
	.write = devtty_write,
	.ioctl = devtty_ioctl,
	.poll = devtty_poll,
};

struct tty *tty_console(void)
{
	return &console_tty;
}

void tty_init(void)
{
	int rc;

	list_init(&console_tty.list);
	tty_register(&console_tty);
	rc = chrdev_register(TTY_MAJOR, 1, "console", &console_fops);
	if (rc)
		pr_err("cannot register /dev/console: %d\n", rc);
	rc = chrdev_register(TTY_MAJOR, 0, "tty", &devtty_fops);
	if (rc)
		pr_err("cannot register /dev/tty: %d\n", rc);
	pr_info("console terminal: %ux%u, canonical input with echo\n",
		console_tty.winsize.ws_col, console_tty.winsize.ws_row);
	pty_init();
}

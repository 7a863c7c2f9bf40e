/*
 * The console terminal: one tty over the kernel console, as /dev/console
 * (5,1) and /dev/tty (5,0). This side holds the files, blocking reads
 * and writes, the ioctls, and sessions with job control; n_tty.c is the
 * line discipline that edits the input.
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
#define CTRL(c)	    ((c)&0x1f)

/* Linux's defaults: cooked, echoing, ^C/^\/^Z signals, XON/XOFF. */
static struct tty console_tty = {
	.termios = {
		.c_iflag = ICRNL | IXON,
		.c_oflag = OPOST | ONLCR,
		.c_cflag = B115200 | CS8 | CREAD | CLOCAL | HUPCL,
		.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
		.c_cc = {
			/* clang-format off */
			[VINTR] = CTRL('C'), [VQUIT] = CTRL('\\'), [VERASE] = 0x7f,
			[VKILL] = CTRL('U'), [VEOF] = CTRL('D'), [VTIME] = 0, [VMIN] = 1,
			[VSTART] = CTRL('Q'), [VSTOP] = CTRL('S'), [VSUSP] = CTRL('Z'),
			[VREPRINT] = CTRL('R'), [VDISCARD] = CTRL('O'),
			[VWERASE] = CTRL('W'), [VLNEXT] = CTRL('V'),
			/* clang-format on */
		},
	},
	.winsize = { .ws_row = 24, .ws_col = 80 },
	.read_wait = WAIT_QUEUE_INIT(console_tty.read_wait),
	.write_wait = WAIT_QUEUE_INIT(console_tty.write_wait),
};

/* Interrupt context (or any context): never sleeps. */
void tty_receive(char c)
{
	unsigned long flags = arch_local_irq_save();

	ldisc_receive(&console_tty, (u8)c);
	arch_local_irq_restore(flags);
}

/* ---------------------------------------------------------------- sessions */

static bool is_ctty(struct process *p, struct tty *t)
{
	return p && p->ctty == t && t->session && p->sid == t->session;
}

struct pgrp_query {
	int pgid, sid;
	bool found, in_session, orphaned;
};

/*
 * A process group is orphaned when no live member has a parent in
 * another group of the same session: nobody there could continue it
 * after a stop, so job control must not stop it.
 */
static int pgrp_visit(struct process *p, void *arg)
{
	struct pgrp_query *q = arg;

	if (p->pgid != q->pgid)
		return 0;
	/*
	 * Until it is reaped a zombie keeps its group in existence, as in
	 * Linux: a shell's tcsetpgrp() to a pipeline whose leader (printf)
	 * has already exited must not fail with ESRCH. Orphaning counts the
	 * living only.
	 */
	q->found = true;
	q->in_session |= p->sid == q->sid;
	if (p->state == PROC_ZOMBIE)
		return 0;
	if (p->parent && p->parent->pgid != q->pgid && p->parent->sid == p->sid)
		q->orphaned = false;
	return 0;
}

static struct pgrp_query pgrp_lookup(int pgid, int sid)
{
	struct pgrp_query q = { .pgid = pgid, .sid = sid, .orphaned = true };

	for_each_process(pgrp_visit, &q);
	return q;
}

static int session_visit(struct process *p, void *arg)
{
	return p->sid == *(int *)arg && p->state != PROC_ZOMBIE;
}

static bool session_alive(int sid)
{
	return sid && for_each_process(session_visit, &sid);
}

/* The terminal is p's session's already, or its session has no one left. */
static bool tty_free_for(struct tty *t, struct process *p)
{
	return t->session == p->sid || !session_alive(t->session);
}

static int ctty_clear_visit(struct process *p, void *arg)
{
	if (p->sid == *(int *)arg && p->ctty == &console_tty)
		p->ctty = NULL;
	return 0;
}

static void session_detach(struct tty *t)
{
	int sid = t->session;
	unsigned long flags = arch_local_irq_save();

	t->session = 0;
	t->fg_pgrp = 0;
	t->gen++;
	arch_local_irq_restore(flags);
	if (sid)
		for_each_process(ctty_clear_visit, &sid);
	wake_up_all(&t->read_wait);
}

static void session_attach(struct tty *t, struct process *p)
{
	unsigned long flags = arch_local_irq_save();

	t->session = p->sid;
	t->fg_pgrp = p->pgid;
	t->gen++;
	p->ctty = t;
	arch_local_irq_restore(flags);
}

/* p is the current process: its thread's mask and its actions decide. */
static bool sig_ignored_or_blocked(struct process *p, int sig)
{
	return signal_blocked_or_ignored(sig);
}

/*
 * A background process touching its controlling terminal: SIGTTIN for a
 * read, SIGTTOU for output and settings. 0 lets it go ahead.
 */
static int job_control(struct tty *t, int sig)
{
	struct process *p = current_proc();
	int fg = READ_ONCE(t->fg_pgrp);

	if (!is_ctty(p, t) || !fg || p->pgid == fg)
		return 0;
	if (sig_ignored_or_blocked(p, sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (pgrp_lookup(p->pgid, p->sid).orphaned)
		return -EIO;
	send_signal_pgrp(p->pgid, sig);
	/* Once continued in the foreground, the call starts over. */
	return -ERESTARTSYS;
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

static ssize_t tty_do_read(struct tty *t, struct file *f, void *kbuf, size_t n)
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
		u8 vmin, vtime;
		int rc;

		rc = job_control(t, SIGTTIN);
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
		} else {
			size_t got = ldisc_take_raw(t, (u8 *)kbuf + done, n - done);

			done += got;
			finished = raw_done(done, n, vmin, vtime, rt.expired);
			/* The timer counts from the start (MIN 0) or from the latest byte. */
			if (!finished && vtime && ((!vmin && !armed) || (vmin && got))) {
				read_timer_arm(&rt, vtime);
				armed = true;
			}
		}
		arch_local_irq_restore(flags);
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
					     ldisc_readable(t) || rt.expired || t->gen != gen)) {
			ret = done ? (ssize_t)done : -ERESTARTSYS;
			break;
		}
	}
	timer_cancel(&rt.timer);
	return ret;
}

/* ---------------------------------------------------------------- write */

static ssize_t tty_do_write(struct tty *t, struct file *f, const void *kbuf, size_t n)
{
	const char *s = kbuf;
	size_t done = 0;
	int rc;

	if (L_FLAG(t, TOSTOP)) {
		rc = job_control(t, SIGTTOU);
		if (rc)
			return rc;
	}
	/*
	 * OPOST/ONLCR: the serial console always sends "\r\n" for "\n", which
	 * is what the default settings ask for; other output flags are not
	 * applied.
	 */
	while (done < n) {
		size_t chunk = MIN(n - done, (size_t)WRITE_CHUNK);

		if (READ_ONCE(t->stopped)) {
			if (f->flags & O_NONBLOCK)
				return done ? (ssize_t)done : -EAGAIN;
			if (wait_event_interruptible(&t->write_wait, !t->stopped))
				return done ? (ssize_t)done : -ERESTARTSYS;
		}
		console_write(s + done, chunk);
		done += chunk;
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

static long ioctl_setpgrp(struct tty *t, unsigned long uarg)
{
	struct process *p = current_proc();
	struct pgrp_query q;
	unsigned long flags;
	int pgrp, rc;

	if (!is_ctty(p, t))
		return -ENOTTY;
	if (get_int(uarg, &pgrp))
		return -EFAULT;
	rc = job_control(t, SIGTTOU);
	if (rc)
		return rc;
	if (pgrp <= 0)
		return -EINVAL;
	q = pgrp_lookup(pgrp, t->session);
	if (!q.found)
		return -ESRCH;
	if (!q.in_session)
		return -EPERM;
	flags = arch_local_irq_save();
	t->fg_pgrp = pgrp;
	t->gen++;
	arch_local_irq_restore(flags);
	wake_up_all(&t->read_wait);
	return 0;
}

/* arg 1 takes the terminal from a session that still has it. */
static long ioctl_setctty(struct tty *t, unsigned long arg)
{
	struct process *p = current_proc();

	if (!p)
		return -EPERM;
	if (is_ctty(p, t))
		return 0;
	if (p->pid != p->sid)
		return -EPERM;
	if (p->ctty && p->ctty != t)
		return -EPERM;
	if (!tty_free_for(t, p)) {
		if (arg != 1)
			return -EPERM;
		session_detach(t);
	}
	session_attach(t, p);
	return 0;
}

static long ioctl_noctty(struct tty *t)
{
	struct process *p = current_proc();
	int fg;

	if (!is_ctty(p, t))
		return -ENOTTY;
	if (p->pid != p->sid) {
		p->ctty = NULL;
		return 0;
	}
	/* The leader gives it up for the whole session, and the foreground hears of it. */
	fg = t->fg_pgrp;
	session_detach(t);
	if (fg) {
		send_signal_pgrp(fg, SIGHUP);
		send_signal_pgrp(fg, SIGCONT);
	}
	return 0;
}

static long tty_do_ioctl(struct tty *t, struct file *f, unsigned int cmd, unsigned long arg)
{
	struct process *p = current_proc();
	struct termios tio;
	struct winsize ws;
	unsigned long flags;
	int v, rc;

	switch (cmd) {
	case TCGETS:
		flags = arch_local_irq_save();
		tio = t->termios;
		arch_local_irq_restore(flags);
		return copy_to_user((void *)arg, &tio, sizeof(tio)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW: /* output is synchronous: nothing to drain */
	case TCSETSF:
		if (copy_from_user(&tio, (const void *)arg, sizeof(tio)))
			return -EFAULT;
		rc = job_control(t, SIGTTOU);
		if (rc)
			return rc;
		flags = arch_local_irq_save();
		ldisc_set_termios(t, &tio, cmd == TCSETSF);
		arch_local_irq_restore(flags);
		return 0;
	case TIOCGWINSZ:
		ws = t->winsize;
		return copy_to_user((void *)arg, &ws, sizeof(ws)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		if (copy_from_user(&ws, (const void *)arg, sizeof(ws)))
			return -EFAULT;
		if (memcmp(&ws, &t->winsize, sizeof(ws))) {
			t->winsize = ws;
			if (t->fg_pgrp)
				send_signal_pgrp(t->fg_pgrp, SIGWINCH);
		}
		return 0;
	case TIOCGPGRP:
		if (!is_ctty(p, t))
			return -ENOTTY;
		return put_int(arg, t->fg_pgrp) ? -EFAULT : 0;
	case TIOCSPGRP:
		return ioctl_setpgrp(t, arg);
	case TIOCGSID:
		if (!is_ctty(p, t))
			return -ENOTTY;
		return put_int(arg, t->session) ? -EFAULT : 0;
	case TIOCSCTTY:
		return ioctl_setctty(t, arg);
	case TIOCNOTTY:
		return ioctl_noctty(t);
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
		rc = job_control(t, SIGTTOU);
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
				console_write((const char *)&c, 1);
		} else {
			return -EINVAL;
		}
		return 0;
	default:
		return -ENOTTY;
	}
}

static unsigned int tty_do_poll(struct tty *t)
{
	unsigned long flags = arch_local_irq_save();
	bool in = ldisc_poll_in(t);

	arch_local_irq_restore(flags);
	return POLLOUT | (in ? POLLIN : 0);
}

/* ---------------------------------------------------------------- devices */

/*
 * /dev/console is always this terminal; /dev/tty is whichever terminal
 * controls the caller's session, so its operations look it up each time.
 */
static struct tty *ctty_of_current(void)
{
	struct process *p = current_proc();

	return p ? p->ctty : NULL;
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

static ssize_t devtty_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	struct tty *t = ctty_of_current();

	return t ? tty_do_read(t, f, buf, n) : -ENXIO;
}

static ssize_t devtty_write(struct file *f, const void *buf, size_t n, u64 *pos)
{
	struct tty *t = ctty_of_current();

	return t ? tty_do_write(t, f, buf, n) : -ENXIO;
}

static long devtty_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct tty *t = ctty_of_current();

	return t ? tty_do_ioctl(t, f, cmd, arg) : -ENXIO;
}

static unsigned int devtty_poll(struct file *f)
{
	struct tty *t = ctty_of_current();

	return t ? tty_do_poll(t) : POLLERR | POLLHUP;
}

/* A session leader with no terminal adopts a free one it opens (unless O_NOCTTY). */
static int console_open(struct inode *ino, struct file *f)
{
	struct process *p = current_proc();
	struct tty *t = &console_tty;

	if (p && !(f->flags & O_NOCTTY) && p->pid == p->sid && !p->ctty && tty_free_for(t, p))
		session_attach(t, p);
	return 0;
}

static int devtty_open(struct inode *ino, struct file *f)
{
	return ctty_of_current() ? 0 : -ENXIO;
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

int tty_foreground(struct tty *t)
{
	return t ? t->fg_pgrp : 0;
}

void tty_session_ended(int sid)
{
	struct tty *t = &console_tty;
	unsigned long flags;

	if (!sid)
		return;
	flags = arch_local_irq_save();
	if (t->session == sid) {
		t->session = 0;
		t->fg_pgrp = 0;
		t->gen++;
	}
	arch_local_irq_restore(flags);
	wake_up_all(&t->read_wait);
}

void tty_init(void)
{
	int rc;

	rc = chrdev_register(TTY_MAJOR, 1, "console", &console_fops);
	if (rc)
		pr_err("cannot register /dev/console: %d\n", rc);
	rc = chrdev_register(TTY_MAJOR, 0, "tty", &devtty_fops);
	if (rc)
		pr_err("cannot register /dev/tty: %d\n", rc);
	pr_info("console terminal: %ux%u, canonical input with echo\n",
		console_tty.winsize.ws_col, console_tty.winsize.ws_row);
}

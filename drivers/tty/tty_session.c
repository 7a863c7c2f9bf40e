/*
 * Sessions and job control, for every terminal: which session a tty
 * controls and its foreground group, acquiring and giving up a
 * controlling terminal, SIGTTIN/SIGTTOU for background processes, and
 * the hang-up when a pty's master goes.
 *
 * A process's ctty is a bare pointer. It stays valid because a terminal
 * that can go away (a pty slave) is unregistered first, and that clears
 * every process's pointer to it (tty_unregister()); after a hang-up no
 * process can take it again (tty_open_ctty(), tty_ioctl_setctty()).
 */
#define pr_fmt(fmt) "tty: " fmt

#include <asm/irqflags.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/proc.h>
#include <kernel/signal.h>
#include <kernel/signal_ext.h>
#include <kernel/tty.h>
#include <kernel/uaccess.h>

#include "tty_ldisc.h"

/* Every terminal, for a session that ends; changed with interrupts off. */
static LIST_HEAD(ttys);

void tty_register(struct tty *t)
{
	unsigned long flags = arch_local_irq_save();

	list_add_tail(&t->list, &ttys);
	arch_local_irq_restore(flags);
}

static int ctty_forget_visit(struct process *p, void *arg)
{
	if (p->ctty == arg)
		p->ctty = NULL;
	return 0;
}

void tty_unregister(struct tty *t)
{
	unsigned long flags = arch_local_irq_save();

	list_del(&t->list);
	for_each_process(ctty_forget_visit, t);
	arch_local_irq_restore(flags);
}

bool tty_is_ctty(struct process *p, struct tty *t)
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

struct ctty_clear {
	int sid;
	struct tty *t;
};

static int ctty_clear_visit(struct process *p, void *arg)
{
	struct ctty_clear *c = arg;

	if (p->sid == c->sid && p->ctty == c->t)
		p->ctty = NULL;
	return 0;
}

static void session_detach(struct tty *t)
{
	struct ctty_clear c = { t->session, t };
	unsigned long flags = arch_local_irq_save();

	t->session = 0;
	t->fg_pgrp = 0;
	t->gen++;
	arch_local_irq_restore(flags);
	if (c.sid)
		for_each_process(ctty_clear_visit, &c);
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

/*
 * A background process touching its controlling terminal: SIGTTIN for a
 * read, SIGTTOU for output and settings. p is the current process: its
 * thread's mask and its actions decide.
 */
int tty_job_control(struct tty *t, int sig)
{
	struct process *p = current_proc();
	int fg = READ_ONCE(t->fg_pgrp);

	if (!tty_is_ctty(p, t) || !fg || p->pgid == fg)
		return 0;
	if (signal_blocked_or_ignored(sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (pgrp_lookup(p->pgid, p->sid).orphaned)
		return -EIO;
	send_signal_pgrp(p->pgid, sig);
	/* Once continued in the foreground, the call starts over. */
	return -ERESTARTSYS;
}

/* A session leader with no terminal adopts a free one it opens (unless O_NOCTTY). */
void tty_open_ctty(struct tty *t, struct file *f)
{
	struct process *p = current_proc();

	if (p && !(f->flags & O_NOCTTY) && p->pid == p->sid && !p->ctty && !t->hungup &&
	    tty_free_for(t, p))
		session_attach(t, p);
}

static int get_int(unsigned long uarg, int *v)
{
	return copy_from_user(v, (const void *)uarg, sizeof(*v));
}

long tty_ioctl_setpgrp(struct tty *t, unsigned long uarg)
{
	struct process *p = current_proc();
	struct pgrp_query q;
	unsigned long flags;
	int pgrp, rc;

	if (!tty_is_ctty(p, t))
		return -ENOTTY;
	if (get_int(uarg, &pgrp))
		return -EFAULT;
	rc = tty_job_control(t, SIGTTOU);
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
long tty_ioctl_setctty(struct tty *t, unsigned long arg)
{
	struct process *p = current_proc();

	if (!p)
		return -EPERM;
	if (tty_is_ctty(p, t))
		return 0;
	if (p->pid != p->sid)
		return -EPERM;
	if (p->ctty && p->ctty != t)
		return -EPERM;
	if (t->hungup)
		return -EIO;
	if (!tty_free_for(t, p)) {
		if (arg != 1)
			return -EPERM;
		session_detach(t);
	}
	session_attach(t, p);
	return 0;
}

long tty_ioctl_noctty(struct tty *t)
{
	struct process *p = current_proc();
	int fg;

	if (!tty_is_ctty(p, t))
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

/*
 * As Linux's hang-up: the session leader gets SIGHUP and SIGCONT (a
 * shell passes SIGHUP on to its jobs), and every member of the session
 * loses the terminal.
 */
void tty_hangup(struct tty *t)
{
	unsigned long flags = arch_local_irq_save();
	int sid = t->session;
	struct process *leader;

	t->hungup = true;
	arch_local_irq_restore(flags);
	session_detach(t);
	/* Looked up and signalled in one go: a preemption could let its parent reap it. */
	flags = arch_local_irq_save();
	leader = sid ? find_process(sid) : NULL;
	if (leader && leader->state != PROC_ZOMBIE) {
		send_signal(leader, SIGHUP);
		send_signal(leader, SIGCONT);
	}
	arch_local_irq_restore(flags);
	wake_up_all(&t->read_wait);
	wake_up_all(&t->write_wait);
	fs_poll_wake();
}

int tty_foreground(struct tty *t)
{
	return t ? t->fg_pgrp : 0;
}

u32 tty_devnum(struct tty *t)
{
	return t ? t->devnum : 0;
}

void tty_session_ended(int sid)
{
	unsigned long flags;
	struct tty *t;

	if (!sid)
		return;
	flags = arch_local_irq_save();
	list_for_each_entry(t, &ttys, list) {
		if (t->session == sid) {
			t->session = 0;
			t->fg_pgrp = 0;
			t->gen++;
			wake_up_all(&t->read_wait);
		}
	}
	arch_local_irq_restore(flags);
}

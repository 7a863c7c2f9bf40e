/*
 * Private to drivers/tty: a terminal's state, shared between the line
 * discipline (n_tty.c: what each received byte does, and what a read
 * takes), the device side (tty.c: files, blocking, ioctls),
 * sessions and job control (tty_session.c) and the terminals themselves
 * (the console in tty.c, pseudo-terminal slaves in pty.c).
 *
 * Every ldisc_* function runs with interrupts off, the caller's job:
 * input is edited from the UART interrupt (or a pty master's write), and
 * on our one CPU that is the whole locking scheme for the ring, termios
 * and the session fields.
 */
#ifndef DRIVERS_TTY_LDISC_H
#define DRIVERS_TTY_LDISC_H

#include <kernel/fs.h>
#include <kernel/list.h>
#include <kernel/sched.h>
#include <kernel/tty.h>
#include <kernel/types.h>

#define TTY_BUF_SIZE 4096 /* a power of two: ring indexes are masked */
#define TTY_BUF_MASK (TTY_BUF_SIZE - 1)
#define CTRL(c)	     ((c)&0x1f)

/* Linux's c_cc defaults: ^C ^\ DEL ^U ^D, MIN 1, ^Q ^S ^Z ^R ^O ^W ^V. */
#define TTY_STD_CC                                                                     \
	{                                                                              \
		[VINTR] = CTRL('C'), [VQUIT] = CTRL('\\'), [VERASE] = 0x7f,            \
		[VKILL] = CTRL('U'), [VEOF] = CTRL('D'), [VTIME] = 0, [VMIN] = 1,      \
		[VSTART] = CTRL('Q'), [VSTOP] = CTRL('S'), [VSUSP] = CTRL('Z'),        \
		[VREPRINT] = CTRL('R'), [VDISCARD] = CTRL('O'), [VWERASE] = CTRL('W'), \
		[VLNEXT] = CTRL('V'),                                                  \
	}
#define TTY_STD_LFLAG (ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN)

struct tty;

/* What differs between terminals: where their output goes, and their lifetime. */
struct tty_ops {
	/*
	 * Output of the line discipline, written data and echo alike: takes
	 * what fits and says how many bytes it took (0: full, try when
	 * write_ready). Any context, interrupts on or off; never sleeps.
	 */
	size_t (*write)(struct tty *t, const u8 *buf, size_t n);
	/* Whether write() takes at least a byte (and a "\r\n" pair) now. */
	bool (*write_ready)(struct tty *t);
	/* A reader took input: room for whoever feeds the ring (a pty master). Optional. */
	void (*input_taken)(struct tty *t);
	/*
	 * A reference across one operation on a tty found through /dev/tty,
	 * which holds none of its own. Optional: the console never goes.
	 */
	void (*get)(struct tty *t);
	void (*put)(struct tty *t);
};

struct tty {
	const struct tty_ops *ops;
	u32 devnum;	       /* its device number, for /proc/PID/stat */
	struct list_head list; /* on the list of terminals (tty_session.c) */
	/*
	 * The other side went (a pty's master closed): reads give what is
	 * left, then 0; writes and most ioctls fail with EIO.
	 */
	bool hungup;
	struct termios termios;
	struct winsize winsize;
	int session; /* sid of the session it controls, 0 if none */
	int fg_pgrp; /* foreground process group, 0 if none */
	/*
	 * Bumped whenever something a sleeping reader decided on changes
	 * (foreground group, termios, a flush), so it wakes and decides again.
	 */
	unsigned int gen;

	/*
	 * The input ring, with free-running indexes tail <= canon_head <=
	 * head. Readers take [tail, canon_head). In canonical mode
	 * [canon_head, head) is the line being edited; otherwise canon_head
	 * follows head.
	 */
	u8 buf[TTY_BUF_SIZE];
	u8 delim[TTY_BUF_SIZE / 8];   /* the byte ends a line */
	u8 eofmark[TTY_BUF_SIZE / 8]; /* the byte is an EOF, never returned */
	u32 head, canon_head, tail;
	bool lnext;   /* the next byte is taken literally (VLNEXT) */
	bool stopped; /* output held by VSTOP (IXON) or TCOOFF */

	struct wait_queue read_wait;
	struct wait_queue write_wait;
};

#define I_FLAG(t, f) ((t)->termios.c_iflag & (f))
#define L_FLAG(t, f) ((t)->termios.c_lflag & (f))

/* One received byte: editing, echo, signal characters. Never sleeps. */
void ldisc_receive(struct tty *t, u8 c);
/* Bytes a reader may take now (a canonical reader: complete lines). */
u32 ldisc_readable(const struct tty *t);
/* At most one line, through its end; an EOF mark is taken but not returned. */
size_t ldisc_take_line(struct tty *t, u8 *buf, size_t n);
size_t ldisc_take_raw(struct tty *t, u8 *buf, size_t n);
/* Whether poll() reports POLLIN: what a read would not block for. */
bool ldisc_poll_in(const struct tty *t);
/* New settings; flush drops the input first (TCSETSF). */
void ldisc_set_termios(struct tty *t, const struct termios *tio, bool flush);
void ldisc_flush_input(struct tty *t);
void ldisc_start_output(struct tty *t);
/*
 * The ring is full for a feeder that can wait (a pty master): it must,
 * until a reader takes some. A canonical ring with no complete line is
 * never full, since no reader could empty it: bytes past the room are
 * dropped there, as from the serial line.
 */
bool ldisc_input_full(const struct tty *t);

/* tty.c: the device side of any terminal. */
void tty_init_std(struct tty *t, const struct tty_ops *ops, u32 devnum);
ssize_t tty_do_read(struct tty *t, struct file *f, void *kbuf, size_t n);
ssize_t tty_do_write(struct tty *t, struct file *f, const void *kbuf, size_t n);
long tty_do_ioctl(struct tty *t, struct file *f, unsigned int cmd, unsigned long arg);
unsigned int tty_do_poll(struct tty *t);
/* TCGETS and TCSETS*, TIOCGWINSZ and TIOCSWINSZ: what a pty master forwards to its slave. */
long tty_termios_ioctl(struct tty *t, unsigned int cmd, unsigned long arg, bool job_control);
long tty_winsize_ioctl(struct tty *t, unsigned int cmd, unsigned long arg);

/* pty.c: /dev/ptmx and the slaves' major. */
void pty_init(void);

/* tty_session.c: sessions, the controlling terminal, job control, hang-up. */
void tty_register(struct tty *t);
/* Off the list; no process keeps it as its controlling terminal. */
void tty_unregister(struct tty *t);
bool tty_is_ctty(struct process *p, struct tty *t);
/* 0 lets the caller go ahead; else SIGTTIN/SIGTTOU was sent (-ERESTARTSYS) or -EIO. */
int tty_job_control(struct tty *t, int sig);
/* open() of t by a session leader without a terminal (unless O_NOCTTY). */
void tty_open_ctty(struct tty *t, struct file *f);
long tty_ioctl_setpgrp(struct tty *t, unsigned long uarg);
long tty_ioctl_setctty(struct tty *t, unsigned long arg);
long tty_ioctl_noctty(struct tty *t);
/*
 * The far side of t went away: its session loses it, the session leader
 * gets SIGHUP and SIGCONT, and every reader and writer wakes to see it.
 */
void tty_hangup(struct tty *t);

#endif

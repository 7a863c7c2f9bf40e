/*
 * Private to drivers/tty: the terminal's state, shared between the line
 * discipline (n_tty.c: what each received byte does, and what a read
 * takes) and the device side (tty.c: files, blocking, ioctls, sessions).
 *
 * Every ldisc_* function runs with interrupts off, the caller's job:
 * input is edited from the UART interrupt, and on our one CPU that is
 * the whole locking scheme for the ring, termios and the session fields.
 */
#ifndef DRIVERS_TTY_LDISC_H
#define DRIVERS_TTY_LDISC_H

#include <kernel/sched.h>
#include <kernel/tty.h>
#include <kernel/types.h>

#define TTY_BUF_SIZE 4096 /* a power of two: ring indexes are masked */
#define TTY_BUF_MASK (TTY_BUF_SIZE - 1)

struct tty {
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

#endif

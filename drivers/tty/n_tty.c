/*
 * The line discipline of every terminal: what each received byte does
 * (canonical editing, echo, the signal and flow-control characters) and
 * what a read may take. Input is edited in place in a 4 KiB ring; this
 * runs in interrupt context (or with interrupts off) and never sleeps.
 * Echo goes out through the terminal's own output operation.
 */
#define pr_fmt(fmt) "tty: " fmt

#include <kernel/compiler.h>
#include <kernel/fs.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/tty.h>

#include "tty_ldisc.h"

/* A c_cc entry of 0 is _POSIX_VDISABLE: it must not match a NUL byte. */
static bool is_cc(const struct tty *t, int idx, u8 c)
{
	return t->termios.c_cc[idx] && t->termios.c_cc[idx] == c;
}

static bool is_ctl(u8 c)
{
	return c < 0x20 || c == 0x7f;
}

static void mark(u8 *map, u32 idx, bool on)
{
	idx &= TTY_BUF_MASK;
	if (on)
		map[idx / 8] |= 1 << (idx % 8);
	else
		map[idx / 8] &= ~(1 << (idx % 8));
}

static bool marked(const u8 *map, u32 idx)
{
	idx &= TTY_BUF_MASK;
	return map[idx / 8] & (1 << (idx % 8));
}

static void poll_wake(struct tty *t)
{
	wake_up_all(&t->read_wait);
	fs_poll_wake();
}

/* ---------------------------------------------------------------- echo */

/* Echo that does not fit (a pty whose master is not reading) is lost. */
static void echo_raw(struct tty *t, const char *s, size_t n)
{
	t->ops->write(t, (const u8 *)s, n);
}

/* Control characters show as ^X under ECHOCTL; tab and newline stay themselves. */
static void echo_char(struct tty *t, u8 c)
{
	char s[2] = { '^', (char)(c ^ 0x40) };

	if (L_FLAG(t, ECHOCTL) && is_ctl(c) && c != '\t' && c != '\n')
		echo_raw(t, s, 2);
	else
		echo_raw(t, (const char *)&c, 1);
}

static unsigned int echo_width(struct tty *t, u8 c)
{
	return L_FLAG(t, ECHOCTL) && is_ctl(c) && c != '\t' ? 2 : 1;
}

/* ---------------------------------------------------------------- input */

/* Room in the ring: a pty master waiting to write goes on. */
static void room_made(struct tty *t)
{
	if (t->ops->input_taken)
		t->ops->input_taken(t);
}

void ldisc_flush_input(struct tty *t)
{
	t->tail = t->canon_head = t->head;
	t->lnext = false;
	t->gen++;
	room_made(t);
}

void ldisc_start_output(struct tty *t)
{
	if (t->stopped) {
		t->stopped = false;
		wake_up_all(&t->write_wait);
	}
}

static void put_byte(struct tty *t, u8 c, bool delim, bool eof)
{
	t->buf[t->head & TTY_BUF_MASK] = c;
	mark(t->delim, t->head, delim);
	mark(t->eofmark, t->head, eof);
	t->head++;
}

/*
 * Room for one more byte. In canonical mode the last slot is kept for a
 * line end, so a full ring can still complete the line a reader waits for.
 */
static bool has_room(struct tty *t, bool line_end)
{
	u32 used = t->head - t->tail;

	if (L_FLAG(t, ICANON) && !line_end)
		return used < TTY_BUF_SIZE - 1;
	return used < TTY_BUF_SIZE;
}

static void commit_line(struct tty *t)
{
	t->canon_head = t->head;
	poll_wake(t);
}

/* Takes the last character of the edited line back, off the screen too if visual. */
static void erase_one(struct tty *t, bool visual)
{
	u8 c;

	do {
		t->head--;
		c = t->buf[t->head & TTY_BUF_MASK];
		/* A UTF-8 character goes as a whole: continuation bytes first. */
	} while (I_FLAG(t, IUTF8) && (c & 0xc0) == 0x80 && t->head != t->canon_head);
	if (visual)
		for (unsigned int w = echo_width(t, c); w; w--)
			echo_raw(t, "\b \b", 3);
}

static u8 last_edited(struct tty *t)
{
	return t->buf[(t->head - 1) & TTY_BUF_MASK];
}

/* VERASE, VWERASE and VKILL: edits that never reach into committed lines. */
static void edit_erase(struct tty *t, u8 c, int kind)
{
	bool echo = L_FLAG(t, ECHO);
	bool visual = echo && L_FLAG(t, ECHOE);

	if (t->head == t->canon_head)
		return;
	if (kind == VERASE) {
		erase_one(t, visual);
	} else if (kind == VWERASE) {
		while (t->head != t->canon_head &&
		       (last_edited(t) == ' ' || last_edited(t) == '\t'))
			erase_one(t, visual);
		while (t->head != t->canon_head &&
		       last_edited(t) != ' ' && last_edited(t) != '\t')
			erase_one(t, visual);
	} else if (visual && L_FLAG(t, ECHOK) && L_FLAG(t, ECHOKE)) {
		while (t->head != t->canon_head)
			erase_one(t, true);
		return;
	} else {
		t->head = t->canon_head;
		if (echo) {
			echo_char(t, c);
			if (L_FLAG(t, ECHOK))
				echo_raw(t, "\n", 1);
		}
		return;
	}
	if (echo && !visual)
		echo_char(t, c);
}

/*
 * Serial terminals disagree on what Backspace sends: while erase is
 * either of DEL and ^H, take the other one as erase too.
 */
static bool is_erase(struct tty *t, u8 c)
{
	u8 erase = t->termios.c_cc[VERASE];

	if (is_cc(t, VERASE, c))
		return true;
	return (erase == 0x7f || erase == '\b') && (c == 0x7f || c == '\b');
}

static void canon_char(struct tty *t, u8 c)
{
	bool iexten = L_FLAG(t, IEXTEN);

	if (is_erase(t, c)) {
		edit_erase(t, c, VERASE);
	} else if (is_cc(t, VKILL, c)) {
		edit_erase(t, c, VKILL);
	} else if (iexten && is_cc(t, VWERASE, c)) {
		edit_erase(t, c, VWERASE);
	} else if (iexten && is_cc(t, VLNEXT, c)) {
		t->lnext = true;
		if (L_FLAG(t, ECHO) && L_FLAG(t, ECHOCTL))
			echo_raw(t, "^\b", 2);
	} else if (iexten && is_cc(t, VREPRINT, c)) {
		if (L_FLAG(t, ECHO)) {
			echo_char(t, c);
			echo_raw(t, "\n", 1);
			for (u32 i = t->canon_head; i != t->head; i++)
				echo_char(t, t->buf[i & TTY_BUF_MASK]);
		}
	} else if (c == '\n') {
		if (!has_room(t, true))
			return;
		if (L_FLAG(t, ECHO) || L_FLAG(t, ECHONL))
			echo_raw(t, "\n", 1);
		put_byte(t, c, true, false);
		commit_line(t);
	} else if (is_cc(t, VEOF, c)) {
		/* Ends the line without a newline; alone on a line it reads as end of file. */
		if (!has_room(t, true))
			return;
		put_byte(t, c, true, true);
		commit_line(t);
	} else if (is_cc(t, VEOL, c) || is_cc(t, VEOL2, c)) {
		if (!has_room(t, true))
			return;
		if (L_FLAG(t, ECHO))
			echo_char(t, c);
		put_byte(t, c, true, false);
		commit_line(t);
	} else if (has_room(t, false)) {
		if (L_FLAG(t, ECHO))
			echo_char(t, c);
		put_byte(t, c, false, false);
	}
}

/* A byte stored with no editing: raw mode, or after VLNEXT. */
static void literal_char(struct tty *t, u8 c)
{
	if (!has_room(t, false))
		return;
	if (L_FLAG(t, ECHO))
		echo_char(t, c);
	put_byte(t, c, false, false);
	if (!L_FLAG(t, ICANON))
		commit_line(t);
}

static void signal_char(struct tty *t, u8 c, int sig)
{
	if (!L_FLAG(t, NOFLSH))
		ldisc_flush_input(t);
	ldisc_start_output(t);
	if (L_FLAG(t, ECHO))
		echo_char(t, c);
	if (t->fg_pgrp)
		send_signal_pgrp(t->fg_pgrp, sig);
	/* Readers the flush left waiting for a line now wait afresh. */
	wake_up_all(&t->read_wait);
}

void ldisc_receive(struct tty *t, u8 c)
{
	if (I_FLAG(t, ISTRIP))
		c &= 0x7f;
	if (t->lnext) {
		t->lnext = false;
		literal_char(t, c);
		return;
	}
	if (I_FLAG(t, IXON)) {
		if (is_cc(t, VSTOP, c)) {
			t->stopped = true;
			return;
		}
		if (is_cc(t, VSTART, c)) {
			ldisc_start_output(t);
			return;
		}
		if (I_FLAG(t, IXANY))
			ldisc_start_output(t);
	}
	if (L_FLAG(t, ISIG)) {
		int sig = is_cc(t, VINTR, c) ? SIGINT :
			  is_cc(t, VQUIT, c) ? SIGQUIT :
					       /* clang-format off */
			  is_cc(t, VSUSP, c) ? SIGTSTP : 0;
		/* clang-format on */

		if (sig) {
			signal_char(t, c, sig);
			return;
		}
	}
	if (c == '\r') {
		if (I_FLAG(t, IGNCR))
			return;
		if (I_FLAG(t, ICRNL))
			c = '\n';
	} else if (c == '\n' && I_FLAG(t, INLCR)) {
		c = '\r';
	}
	if (L_FLAG(t, ICANON))
		canon_char(t, c);
	else
		literal_char(t, c);
}

/* ---------------------------------------------------------------- reading */

u32 ldisc_readable(const struct tty *t)
{
	return t->canon_head - t->tail;
}

size_t ldisc_take_line(struct tty *t, u8 *buf, size_t n)
{
	size_t done = 0;

	while (t->tail != t->canon_head) {
		u32 i = t->tail;

		if (marked(t->eofmark, i)) {
			t->tail++;
			break;
		}
		/* Checked after the EOF test so "abc^D" read in pieces never leaves a lone EOF. */
		if (done == n)
			break;
		buf[done++] = t->buf[i & TTY_BUF_MASK];
		t->tail++;
		if (marked(t->delim, i))
			break;
	}
	return done;
}

size_t ldisc_take_raw(struct tty *t, u8 *buf, size_t n)
{
	size_t done = 0;

	while (t->tail != t->canon_head && done < n)
		buf[done++] = t->buf[t->tail++ & TTY_BUF_MASK];
	return done;
}

bool ldisc_input_full(const struct tty *t)
{
	if (t->head - t->tail < TTY_BUF_SIZE - 1)
		return false;
	return !L_FLAG(t, ICANON) || t->canon_head != t->tail;
}

bool ldisc_poll_in(const struct tty *t)
{
	u32 need = 1;

	/* A full line, or MIN bytes when no timer could end a read sooner. */
	if (!L_FLAG(t, ICANON) && t->termios.c_cc[VMIN] && !t->termios.c_cc[VTIME])
		need = t->termios.c_cc[VMIN];
	return ldisc_readable(t) >= need;
}

void ldisc_set_termios(struct tty *t, const struct termios *tio, bool flush)
{
	bool was_canon = L_FLAG(t, ICANON);

	if (flush)
		ldisc_flush_input(t);
	t->termios = *tio;
	if (was_canon && !L_FLAG(t, ICANON)) {
		/* The line being edited becomes readable bytes. */
		t->canon_head = t->head;
	} else if (!was_canon && L_FLAG(t, ICANON)) {
		/* Type-ahead becomes lines: complete up to its last line end. */
		t->canon_head = t->tail;
		for (u32 i = t->tail; i != t->head; i++) {
			u8 c = t->buf[i & TTY_BUF_MASK];
			bool end = marked(t->eofmark, i) || c == '\n' ||
				   is_cc(t, VEOL, c) || is_cc(t, VEOL2, c);

			mark(t->delim, i, end);
			if (end)
				t->canon_head = i + 1;
		}
	}
	if (!I_FLAG(t, IXON))
		ldisc_start_output(t);
	t->gen++;
	poll_wake(t);
	room_made(t); /* a canonical ring without a line end is never full */
}

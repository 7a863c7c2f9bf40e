/*
 * The console terminal (drivers/tty/tty.c): a line discipline over the
 * serial console with canonical input, echo, and the job-control
 * characters, as /dev/console and /dev/tty.
 */
#ifndef KERNEL_TTY_H
#define KERNEL_TTY_H

#include <kernel/types.h>

struct tty;
struct process;

/* Registers the device files and starts taking input. */
void tty_init(void);
/* One received byte, from the UART interrupt (or a polled console). */
void tty_receive(char c);
/* The console tty; setsid() + open makes it a session's controlling terminal. */
struct tty *tty_console(void);
/* The process group in the foreground of tty, 0 if none. */
int tty_foreground(struct tty *t);
/* A session leader exits: the terminal loses its session. */
void tty_session_ended(int sid);

#endif

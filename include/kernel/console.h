/*
 * Console sinks. printk writes every line to each registered console;
 * early ones (debug port, UART) are registered before anything else.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <kernel/types.h>

struct console {
	const char *name;
	void (*write)(const char *s, size_t n);
	/* Returns a received byte, or -1 when there is none. May be NULL. */
	int (*getc)(void);
	/*
	 * Starts interrupt-driven input into tty_receive(), once the IRQ
	 * layer, the timer and the terminal are up. May be NULL (output only).
	 */
	void (*input_start)(void);
	/*
	 * Waits (bounded) until what was written has left the machine, for
	 * consoles a peer reads asynchronously. May be NULL.
	 */
	void (*flush)(void);
	struct console *next;
};

void register_console(struct console *c);
void console_write(const char *s, size_t n);
int console_getc(void);
/* Before the machine stops: every console's flush. */
void console_flush(void);
/* Calls every console's input_start. */
void console_input_start(void);
/* Writes the log kept so far to c: for a console that appears once boot is under way. */
void console_replay(struct console *c);

/* Drivers with a console to offer. */
void serial8250_console_init(void);
void debugcon_console_init(void);

#endif

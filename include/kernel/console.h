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
	struct console *next;
};

void register_console(struct console *c);
void console_write(const char *s, size_t n);
int console_getc(void);

/* Drivers with a console to offer. */
void serial8250_console_init(void);
void debugcon_console_init(void);

#endif

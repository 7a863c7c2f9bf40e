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
/*
 * Received bytes go to tty_receive() from the UART's interrupt (IRQ 4),
 * or from a 10 ms poll when that IRQ cannot be had. Once the IRQ layer
 * and the timer are up; console getc then sees nothing.
 */
#ifdef CONFIG_SERIAL_8250
void serial8250_enable_rx_irq(void);
#else
static inline void serial8250_enable_rx_irq(void)
{
}
#endif
void debugcon_console_init(void);

#endif

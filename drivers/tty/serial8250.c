/* 16550 UART on COM1 (0x3f8) as a polled console. */
#include <asm/io.h>
#include <kernel/console.h>

#define COM1		0x3f8
#define UART_DATA	0
#define UART_IER	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_SCR	7
#define LSR_DATA_READY	0x01
#define LSR_THR_EMPTY	0x20
#define LCR_DLAB	0x80
#define LCR_8N1		0x03

static void serial_putc(char c)
{
	/* Bounded wait: a missing or stuck UART must not hang printk. */
	for (int i = 0; i < 100000; i++) {
		if (inb(COM1 + UART_LSR) & LSR_THR_EMPTY)
			break;
		cpu_relax();
	}
	outb(COM1 + UART_DATA, (u8)c);
}

static void serial_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

static int serial_getc(void)
{
	if (!(inb(COM1 + UART_LSR) & LSR_DATA_READY))
		return -1;
	return inb(COM1 + UART_DATA);
}

static struct console serial_console = {
	.name = "ttyS0",
	.write = serial_write,
	.getc = serial_getc,
};

void serial8250_console_init(void)
{
	unsigned int div = 115200 / CONFIG_SERIAL_BAUD;	/* >= 1 by the Kconfig range */

	/* No UART answers the scratch register test: leave it out. */
	outb(COM1 + UART_SCR, 0x5a);
	if (inb(COM1 + UART_SCR) != 0x5a)
		return;
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DATA, div & 0xff);
	outb(COM1 + UART_IER, div >> 8);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, 0x07);	/* enable and clear FIFOs */
	outb(COM1 + UART_MCR, 0x03);	/* DTR, RTS */
	register_console(&serial_console);
}

/*
 * 16550 UART on COM1 (0x3f8): a polled console for output, and received
 * bytes for the terminal by interrupt once the IRQ layer is up.
 */
#define pr_fmt(fmt) "ttyS0: " fmt

#include <asm/io.h>
#include <asm/irqflags.h>
#include <kernel/console.h>
#include <kernel/irq.h>
#include <kernel/printk.h>
#include <kernel/time.h>
#include <kernel/tty.h>

#define COM1	       0x3f8
#define COM1_IRQ       4
#define UART_DATA      0
#define UART_IER       1
#define UART_IIR       2 /* read */
#define UART_FCR       2 /* write */
#define UART_LCR       3
#define UART_MCR       4
#define UART_LSR       5
#define UART_SCR       7
#define IER_RX_DATA    0x01
#define MCR_DTR	       0x01
#define MCR_RTS	       0x02
#define MCR_OUT2       0x08 /* gates the UART's interrupt onto the ISA line */
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY  0x20
#define LCR_DLAB       0x80
#define LCR_8N1	       0x03

/* With no interrupt for the UART, how often the receiver is polled. */
#define RX_POLL_NS (10 * NSEC_PER_MSEC)

static bool uart_present;
static struct timer rx_poll_timer;

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

static void serial_input_start(void);

static struct console serial_console = {
	.name = "ttyS0",
	.write = serial_write,
	.getc = serial_getc,
	.input_start = serial_input_start,
};

/*
 * Empties the receive FIFO into the terminal. Emptying it is also what
 * drops the RX interrupt line, which an edge-triggered pin needs before
 * it can signal the next byte. The bound keeps a UART that always claims
 * data (a floating bus reads 0xff) from holding the CPU.
 */
static void serial_rx_drain(void)
{
	for (int i = 0; i < 4096; i++) {
		u8 lsr = inb(COM1 + UART_LSR);

		if (lsr == 0xff || !(lsr & LSR_DATA_READY))
			break;
		tty_receive((char)inb(COM1 + UART_DATA));
	}
}

static void serial_rx_irq(unsigned int irq, void *data)
{
	(void)inb(COM1 + UART_IIR);
	serial_rx_drain();
}

static void serial_rx_poll(struct timer *t)
{
	serial_rx_drain();
	timer_arm(t, clock_ns() + RX_POLL_NS);
}

/*
 * The console's input_start: received bytes go to tty_receive() from the
 * UART's interrupt (IRQ 4), or from a 10 ms poll when that IRQ cannot be
 * had; console getc then sees nothing.
 */
static void serial_input_start(void)
{
	unsigned long flags;
	int rc;

	if (!uart_present)
		return;
	rc = request_irq(COM1_IRQ, serial_rx_irq, "ttyS0", NULL);
	if (rc) {
		/* No I/O APIC, or the line is taken: input still has to work. */
		pr_warn("no IRQ %d (%d); polling the receiver every 10 ms\n", COM1_IRQ, rc);
		timer_init(&rx_poll_timer, serial_rx_poll);
		timer_arm(&rx_poll_timer, clock_ns() + RX_POLL_NS);
		return;
	}
	outb(COM1 + UART_MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
	outb(COM1 + UART_IER, IER_RX_DATA);
	/* Bytes that arrived before IER was set may not raise an edge: take them now. */
	flags = arch_local_irq_save();
	serial_rx_drain();
	arch_local_irq_restore(flags);
}

void serial8250_console_init(void)
{
	unsigned int div = 115200 / CONFIG_SERIAL_BAUD; /* >= 1 by the Kconfig range */

	/* No UART answers the scratch register test: leave it out. */
	outb(COM1 + UART_SCR, 0x5a);
	if (inb(COM1 + UART_SCR) != 0x5a)
		return;
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DATA, div & 0xff);
	outb(COM1 + UART_IER, div >> 8);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, 0x07); /* enable and clear FIFOs, RX trigger at 1 byte */
	outb(COM1 + UART_MCR, MCR_DTR | MCR_RTS);
	uart_present = true;
	register_console(&serial_console);
}

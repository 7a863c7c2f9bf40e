/*
 * The console of a Xen dom0: output with console_io(CONSOLEIO_write),
 * which Xen copies to its own serial line, and input with
 * console_io(CONSOLEIO_read) whenever Xen raises VIRQ_CONSOLE (bytes
 * typed on Xen's serial line while its input is switched to dom0: Ctrl-A
 * three times toggles it). A domU has no console_io on a release Xen; it
 * uses a console ring instead.
 */
#define pr_fmt(fmt) "xen-console: " fmt

#include <asm/xen/hypercall.h>
#include <asm/xen/xen-ops.h>
#include <kernel/console.h>
#include <kernel/irq.h>
#include <kernel/printk.h>
#include <kernel/tty.h>
#include <kernel/xen-events.h>

static void xen_console_write_sink(const char *s, size_t n)
{
	xen_console_write(s, (unsigned int)n);
}

/* Hands everything Xen has buffered to the terminal. */
static void xen_console_irq(unsigned int irq, void *data)
{
	char buf[64];
	long n;

	(void)irq;
	(void)data;
	/* Bounded: Xen's buffer is finite, but do not trust a peer to run dry. */
	for (int round = 0; round < 64; round++) {
		n = HYPERVISOR_console_io(CONSOLEIO_read, sizeof(buf), buf);
		if (n <= 0)
			break;
		for (long i = 0; i < n; i++)
			tty_receive(buf[i]);
	}
}

static void xen_console_input_start(void)
{
	int irq = xen_bind_virq(VIRQ_CONSOLE);

	if (irq < 0 || request_irq((unsigned int)irq, xen_console_irq, "xen-console", NULL)) {
		pr_warn("cannot bind VIRQ_CONSOLE (%d): no console input\n", irq);
		return;
	}
	/* Bytes typed before the binding raised no event: take them now. */
	xen_console_irq((unsigned int)irq, NULL);
}

static struct console xen_console = {
	.name = "xen-console_io",
	.write = xen_console_write_sink,
	.input_start = xen_console_input_start,
};

void xen_console_init(void)
{
	register_console(&xen_console);
}

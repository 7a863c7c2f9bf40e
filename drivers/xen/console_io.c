/*
 * dom0's console through Xen: output is CONSOLEIO_write, input is what
 * Xen's serial driver received while the input focus was on dom0 (Ctrl-A
 * three times switches it): Xen raises VIRQ_CONSOLE, and CONSOLEIO_read
 * hands the bytes over, at most as many as asked for per call.
 */
#define pr_fmt(fmt) "xen-console: " fmt

#include <asm/xen/hypercall.h>
#include <kernel/console.h>
#include <kernel/irq.h>
#include <kernel/printk.h>
#include <kernel/tty.h>
#include <kernel/xen-console.h>
#include <kernel/xen-events.h>

static void console_io_write(const char *s, size_t n)
{
	while (n) {
		unsigned int chunk = n > 1024 ? 1024 : (unsigned int)n;

		if (xen_console_write(s, chunk) < 0)
			return; /* nowhere else to say so */
		s += chunk;
		n -= chunk;
	}
}

static void console_io_input_start(void);

static struct console xen_console_io = {
	.name = "xen-console_io",
	.write = console_io_write,
	.input_start = console_io_input_start,
};

void xen_console_io_register(void)
{
	register_console(&xen_console_io);
}

static void console_virq(unsigned int irq, void *data)
{
	char buf[64];
	long n;

	/* Bounded, so that a peer that never runs dry cannot hold the CPU. */
	for (int round = 0; round < 64; round++) {
		n = HYPERVISOR_console_io(CONSOLEIO_read, sizeof(buf), buf);
		/* Xen never returns more than asked; a bad count is not trusted either way. */
		for (long i = 0; i < n && i < (long)sizeof(buf); i++)
			tty_receive(buf[i]);
		if (n < (long)sizeof(buf))
			break;
	}
}

int xen_console_io_input_init(void)
{
	int irq = xen_bind_virq(VIRQ_CONSOLE);

	if (irq < 0)
		return irq;
	return request_irq((unsigned int)irq, console_virq, "xen-console", NULL);
}

/* The console's input_start: once the terminal exists; bytes typed earlier are taken too. */
static void console_io_input_start(void)
{
	int rc = xen_console_io_input_init();

	if (rc)
		pr_warn("no console input: cannot bind VIRQ_CONSOLE (%d)\n", rc);
	else
		console_virq(0, NULL);
}

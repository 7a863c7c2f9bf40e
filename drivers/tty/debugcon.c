/* QEMU/Bochs debug port 0xe9: a write-only console that works before anything else. */
#include <asm/io.h>
#include <kernel/console.h>

#define DEBUGCON_PORT 0xe9

static void debugcon_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		outb(DEBUGCON_PORT, (u8)s[i]);
}

static struct console debugcon = {
	.name = "debugcon",
	.write = debugcon_write,
};

/*
 * QEMU's debugcon reads back 0xe9 from the port; real hardware reads
 * 0xff, so nothing is registered there.
 */
void debugcon_console_init(void)
{
	if (inb(DEBUGCON_PORT) == DEBUGCON_PORT)
		register_console(&debugcon);
}

/* The list of console sinks and the fan-out to all of them. */
#include <kernel/console.h>
#include <kernel/mm.h>
#include <kernel/printk.h>

static struct console *consoles;

void register_console(struct console *c)
{
	struct console **pp = &consoles;

	while (*pp)
		pp = &(*pp)->next;
	c->next = NULL;
	*pp = c;
}

void console_write(const char *s, size_t n)
{
	for (struct console *c = consoles; c; c = c->next)
		c->write(s, n);
}

int console_getc(void)
{
	for (struct console *c = consoles; c; c = c->next) {
		if (c->getc) {
			int ch = c->getc();

			if (ch >= 0)
				return ch;
		}
	}
	return -1;
}

void console_input_start(void)
{
	for (struct console *c = consoles; c; c = c->next)
		if (c->input_start)
			c->input_start();
}

void console_flush(void)
{
	for (struct console *c = consoles; c; c = c->next)
		if (c->flush)
			c->flush();
}

void console_replay(struct console *c)
{
	enum { CHUNK = 16 * 1024 };
	char *buf = kmalloc(CHUNK);
	size_t n;

	if (!buf)
		return;
	n = log_buf_copy(buf, CHUNK); /* the newest CHUNK bytes */
	c->write(buf, n);
	kfree(buf);
}

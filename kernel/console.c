/* The list of console sinks and the fan-out to all of them. */
#include <kernel/console.h>
#include <kernel/errno.h>
#include <kernel/mm.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/string.h>

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

/*
 * console=: Linux's option, which users pass out of habit (ttyS0,115200,
 * hvc0, tty0; several times). This kernel writes to every console it
 * found and reads from all, so the option chooses nothing; a name of
 * one of Linux's kinds is accepted with a word saying so, anything else
 * is reported as a bad option.
 */
static bool console_name_ok(const char *v)
{
	static const char *const kinds[] = { "ttyS", "hvc", "tty", "ttyUSB", "ttyAMA" };
	size_t n;

	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		n = strlen(kinds[i]);
		if (strncmp(v, kinds[i], n))
			continue;
		while (v[n] >= '0' && v[n] <= '9')
			n++;
		if (v[n] == '\0' || v[n] == ',')
			return true;
	}
	return false;
}

static int parse_console(const char *val)
{
	char names[96] = "";

	if (!val || !console_name_ok(val))
		return -EINVAL;
	for (struct console *c = consoles; c; c = c->next) {
		if (names[0])
			strlcat(names, ", ", sizeof(names));
		strlcat(names, c->name, sizeof(names));
	}
	pr_info("console=%s: every console is used (%s)\n", val, names[0] ? names : "none yet");
	return 0;
}
kernel_param("console", parse_console);

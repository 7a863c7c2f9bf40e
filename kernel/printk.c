/*
 * printk: formats a line with its boot timestamp, keeps it in the log
 * buffer and writes it to every console whose level allows.
 */
#include <asm/irqflags.h>
#include <kernel/console.h>
#include <kernel/errno.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/time.h>

#define LOG_BUF_SIZE (64 * 1024)

static int console_loglevel = CONFIG_LOGLEVEL;
static char log_buf[LOG_BUF_SIZE];
static size_t log_head; /* bytes ever written; the buffer holds the tail */
static bool line_open;	/* the last message did not end in '\n' */

static int parse_loglevel(const char *val)
{
	unsigned long long v;

	if (!val || kstrtoull(val, 10, &v) || v > 7)
		return -EINVAL;
	console_loglevel = (int)v;
	return 0;
}
kernel_param("loglevel", parse_loglevel);

static void log_store(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		log_buf[(log_head + i) % LOG_BUF_SIZE] = s[i];
	log_head += n;
}

size_t log_buf_copy(char *dst, size_t size)
{
	size_t have = log_head < LOG_BUF_SIZE ? log_head : LOG_BUF_SIZE;
	size_t n = have < size ? have : size;
	size_t start = log_head - n;

	for (size_t i = 0; i < n; i++)
		dst[i] = log_buf[(start + i) % LOG_BUF_SIZE];
	return n;
}

int printk_console_level(int level)
{
	int old = console_loglevel;

	console_loglevel = level;
	return old;
}

int vprintk(const char *fmt, va_list ap)
{
	char line[512];
	int level = 6, cont = 0, len = 0, n, text;
	unsigned long flags;
	u64 ns = 0;

	if (fmt[0] == KERN_SOH[0] && fmt[1]) {
		if (fmt[1] == 'c')
			cont = 1;
		else
			level = fmt[1] - '0';
		fmt += 2;
	}

	flags = arch_local_irq_save();
	if (!cont || !line_open) {
		ns = time_ready() ? clock_ns() : 0;

		if (line_open)
			line[len++] = '\n'; /* an unfinished line ends here */
		len += snprintf(line + len, sizeof(line) - len, "[%5llu.%06llu] ",
				(unsigned long long)(ns / 1000000000),
				(unsigned long long)(ns % 1000000000 / 1000));
	}
	text = len;
	n = vsnprintf(line + len, sizeof(line) - len, fmt, ap);
	len += n;
	if (len >= (int)sizeof(line))
		len = sizeof(line) - 1;
	kmsg_store(level, cont && line_open, ns, line + text, (size_t)(len - text));
	line_open = len > 0 && line[len - 1] != '\n';

	log_store(line, len);
	if (level <= console_loglevel || level > 7)
		console_write(line, len);
	arch_local_irq_restore(flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

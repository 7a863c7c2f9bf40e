/* Kernel log: printk with a level prefix, and the pr_* shorthands. */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <stdarg.h>
#include <kernel/compiler.h>
#include <kernel/types.h>

/* A level is a two-byte prefix of the format string, as "\001" "3". */
#define KERN_SOH     "\001"
#define KERN_EMERG   KERN_SOH "0"
#define KERN_ALERT   KERN_SOH "1"
#define KERN_CRIT    KERN_SOH "2"
#define KERN_ERR     KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE  KERN_SOH "5"
#define KERN_INFO    KERN_SOH "6"
#define KERN_DEBUG   KERN_SOH "7"
/* Continues the previous line: no timestamp, no level. */
#define KERN_CONT KERN_SOH "c"

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

__printf(1, 2) int printk(const char *fmt, ...);
int vprintk(const char *fmt, va_list ap);
/* Copies the newest size bytes of the kernel log; returns how many. */
size_t log_buf_copy(char *dst, size_t size);
/* Sets the console's level (1-8); the old one. */
int printk_console_level(int level);
/* kernel/kmsg.c: each message as a record for syslog(2) and /dev/kmsg. */
void kmsg_store(int level, bool cont, u64 ts_ns, const char *s, size_t n);

#define pr_emerg(fmt, ...)  printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)    printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)   printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)   printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)  printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...)   printk(KERN_CONT fmt, ##__VA_ARGS__)

__noreturn __printf(1, 2) void panic(const char *fmt, ...);

#define BUG_ON(cond)                                                          \
	do {                                                                  \
		if (unlikely(cond))                                           \
			panic("BUG: %s at %s:%d", #cond, __FILE__, __LINE__); \
	} while (0)

#endif

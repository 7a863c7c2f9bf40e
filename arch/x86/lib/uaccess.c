/* copy_from_user and friends over the fault-tolerant primitives of usercopy.S. */
#include <kernel/errno.h>
#include <kernel/string.h>
#include <kernel/uaccess.h>

u64 raw_copy_user(void *dst, const void *src, u64 n);
u64 raw_clear_user(void *dst, u64 n);
long raw_strnlen_user(const char *s, u64 max);

int copy_from_user(void *dst, const void *usrc, size_t n)
{
	if (!user_range_ok(usrc, n))
		return -EFAULT;
	return raw_copy_user(dst, usrc, n) ? -EFAULT : 0;
}

int copy_to_user(void *udst, const void *src, size_t n)
{
	if (!user_range_ok(udst, n))
		return -EFAULT;
	return raw_copy_user(udst, src, n) ? -EFAULT : 0;
}

int copy_checked(void *dst, const void *src, size_t n)
{
	return raw_copy_user(dst, src, n) ? -EFAULT : 0;
}

int clear_user(void *udst, size_t n)
{
	if (!user_range_ok(udst, n))
		return -EFAULT;
	return raw_clear_user(udst, n) ? -EFAULT : 0;
}

long strncpy_from_user(char *dst, const char *usrc, size_t max)
{
	unsigned long room = 0x0000800000000000UL - (unsigned long)usrc;
	long len;

	if ((unsigned long)usrc >= 0x0000800000000000UL || !max)
		return -EFAULT;
	len = raw_strnlen_user(usrc, MIN(max, room));
	if (len < 0)
		return -EFAULT;
	if ((size_t)len >= max)
		return -ENAMETOOLONG;
	if ((size_t)len == room)
		return -EFAULT; /* runs off the end of user space */
	if (raw_copy_user(dst, usrc, len))
		return -EFAULT;
	dst[len] = '\0';
	return len;
}

struct extable_entry {
	u64 insn, fixup;
};

extern const struct extable_entry __start___ex_table[], __stop___ex_table[];

u64 search_exception_table(u64 rip);

u64 search_exception_table(u64 rip)
{
	for (const struct extable_entry *e = __start___ex_table; e < __stop___ex_table; e++)
		if (e->insn == rip)
			return e->fixup;
	return 0;
}

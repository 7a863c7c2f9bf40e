/*
 * Copying between kernel and user memory. Every access to a user pointer
 * goes through these: they check the range lies below USER_TOP and catch
 * a fault on the way, so a bad pointer costs the caller -EFAULT, never a
 * panic (arch/x86/lib/usercopy.S; the exception table is searched by
 * arch/x86/lib/uaccess.c for the page-fault handler in arch/x86/kernel/traps.c).
 */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H

#include <kernel/types.h>

/* 0, or -EFAULT when any byte of the range is not accessible. */
int copy_from_user(void *dst, const void *usrc, size_t n);
int copy_to_user(void *udst, const void *src, size_t n);
int clear_user(void *udst, size_t n);
/*
 * Copies a NUL-terminated string of at most max-1 characters into dst.
 * Returns its length, -EFAULT, or -ENAMETOOLONG when no NUL came within
 * max bytes.
 */
long strncpy_from_user(char *dst, const char *usrc, size_t max);

/*
 * Copies between kernel memory and a buffer that is either kernel memory
 * or user memory its caller already checked with user_range_ok() (the
 * buffer of a read or write that goes to a file with user_buffers, see
 * <kernel/fs.h>). A fault on the way costs -EFAULT, as with the above.
 */
int copy_checked(void *dst, const void *src, size_t n);

static inline bool user_range_ok(const void *p, size_t n)
{
	unsigned long a = (unsigned long)p;

	return a + n >= a && a + n <= 0x0000800000000000UL;
}

#endif

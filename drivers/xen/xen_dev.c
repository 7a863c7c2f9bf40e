/*
 * What the dom0 device files share (xen-dev.h): their nodes under
 * /dev/xen and the translation of Xen's error numbers.
 */
#define pr_fmt(fmt) "xen-dev: " fmt

#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#include "xen-dev.h"

int xen_dev_create(const char *name, u32 minor, const struct file_ops *ops)
{
	char path[32];
	int rc;

	rc = chrdev_register(XEN_DEV_MAJOR, minor, name, ops);
	if (rc)
		return rc;
	snprintf(path, sizeof(path), "/dev/xen/%s", name);
	return devnode_create(path, S_IFCHR | 0600, MKDEV(XEN_DEV_MAJOR, minor));
}

/*
 * Every error number Xen defines, as a bit set over 0-127 (its largest is
 * below 100): <xen/errno.h> lists them through XEN_ERRNO when the
 * includer defines it, aliases included (EWOULDBLOCK is EAGAIN).
 */
#define XEN_ERRNO(name, value) | ((value) < 64 ? 1ULL << ((value)&63) : 0)
static const u64 xen_errnos_lo = 0
#include <xen/errno.h>
	;
#define XEN_ERRNO(name, value) | ((value) >= 64 ? 1ULL << ((value)&63) : 0)
static const u64 xen_errnos_hi = 0
#include <xen/errno.h>
	;

/* The identity the pass-through relies on, checked for the ones the tools look at. */
#include <xen/errno.h>
_Static_assert(XEN_EPERM == EPERM && XEN_ENOENT == ENOENT && XEN_ESRCH == ESRCH &&
		       XEN_ENOMEM == ENOMEM && XEN_EACCES == EACCES && XEN_EFAULT == EFAULT &&
		       XEN_EBUSY == EBUSY && XEN_EEXIST == EEXIST && XEN_EINVAL == EINVAL &&
		       XEN_ENOSPC == ENOSPC && XEN_ENOSYS == ENOSYS && XEN_EOPNOTSUPP == EOPNOTSUPP,
	       "Xen's error numbers differ from ours");

#define MAX_ERRNO 4095

long xen_errno(long rc)
{
	unsigned long e = (unsigned long)-rc;

	if (rc >= 0 || rc < -MAX_ERRNO)
		return rc;
	if (e < 64 && (xen_errnos_lo & (1ULL << e)))
		return rc;
	if (e >= 64 && e < 128 && (xen_errnos_hi & (1ULL << (e - 64))))
		return rc;
	pr_warn("hypercall returned %ld, which is no Xen error number; -EIO instead\n", rc);
	return -EIO;
}

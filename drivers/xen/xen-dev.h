/*
 * Linux's Xen device files, which Debian's toolstack opens by path: the
 * hypercall pass-through /dev/xen/privcmd (privcmd.c) and the event
 * channel device /dev/xen/evtchn (evtchn_dev.c). They exist only in dom0.
 * Command numbers and argument structures are libxen-dev's
 * <xen/sys/privcmd.h> and <xen/sys/evtchn.h>; what the two share is
 * xen_dev.c. Documentation/xen-devices.md describes the interface.
 */
#ifndef DRIVERS_XEN_XEN_DEV_H
#define DRIVERS_XEN_XEN_DEV_H

#include <asm/xen/interface.h>
#include <kernel/fs.h>
#include <kernel/ioctl.h>
#include <kernel/xen-devices.h>

#include <xen/sys/evtchn.h>
#include <xen/sys/privcmd.h>

/*
 * Registers ops as (XEN_DEV_MAJOR, minor) and creates /dev/xen/name for
 * it, root's only (mode 0600): 0 or -errno. An initramfs that brings the
 * node itself is fine.
 */
int xen_dev_create(const char *name, u32 minor, const struct file_ops *ops);

/*
 * A hypercall's result as a system call returns it: Xen's negative error
 * numbers are Linux's x86 ones (Xen's <xen/errno.h>), so a known one is
 * passed on unchanged, an unknown one in errno's range becomes -EIO, and
 * anything else (0, a positive value) is the result itself.
 */
long xen_errno(long rc);

#endif

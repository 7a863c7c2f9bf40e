/*
 * Linux's Xen device files, which Debian's toolstack opens by path: the
 * hypercall pass-through /dev/xen/privcmd (privcmd.c), the event
 * channel device /dev/xen/evtchn (evtchn_dev.c), and for grants
 * /dev/xen/gntdev (gntdev.c: other domains' pages into a process) and
 * /dev/xen/gntalloc (gntalloc.c: our pages granted to other domains).
 * They exist only in dom0. Command numbers and argument structures are
 * libxen-dev's <xen/sys/privcmd.h>, <xen/sys/evtchn.h>,
 * <xen/sys/gntdev.h> and <xen/sys/gntalloc.h>; what they share is
 * xen_dev.c. Documentation/xen-devices.md describes the interface.
 */
#ifndef DRIVERS_XEN_XEN_DEV_H
#define DRIVERS_XEN_XEN_DEV_H

#include <asm/xen/interface.h>
#include <kernel/fs.h>
#include <kernel/ioctl.h>
#include <kernel/xen-devices.h>

#include <xen/sys/evtchn.h>
#include <xen/sys/gntalloc.h>
#include <xen/sys/gntdev.h>
#include <xen/sys/privcmd.h>
#include <xen/sys/xenbus_dev.h>

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

#define XEN_DEV_NR_PORTS (64 * 64) /* the 2-level event channel ABI's ports */

/*
 * Whether port is one of ours that an unmap notification may send on
 * (open: unbound, interdomain or IPI), as gntdev and gntalloc check it
 * when they are told (gntdev.c).
 */
bool xen_dev_port_open(u32 port);

#endif

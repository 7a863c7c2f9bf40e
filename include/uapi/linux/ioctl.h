/*
 * <linux/ioctl.h> for libxen-dev's <xen/sys/xenbus_dev.h>, the one header
 * of theirs that asks for it by that name: the kernel gets its own _IOC
 * (<kernel/ioctl.h>), the musl programs in user/ their C library's.
 */
#ifndef UAPI_LINUX_IOCTL_H
#define UAPI_LINUX_IOCTL_H

#if __has_include(<kernel/ioctl.h>)
#include <kernel/ioctl.h>
#else
#include <sys/ioctl.h>
#endif

#endif

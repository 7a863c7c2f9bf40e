/*
 * How Linux numbers ioctl commands (its asm-generic encoding, which x86
 * uses): the command number in bits 0-7, the driver's type letter in
 * 8-15, the argument's size in 16-29 and the direction in 30-31. Headers
 * written for Linux user space (libxen-dev's <xen/sys/...>) build their
 * command numbers from _IOC; a driver compares whole numbers, or takes
 * one apart with the _IOC_* accessors to tell "not mine" from "wrong size".
 */
#ifndef KERNEL_IOCTL_H
#define KERNEL_IOCTL_H

#define _IOC_NRBITS   8
#define _IOC_TYPEBITS 8
#define _IOC_SIZEBITS 14

#define _IOC_NRSHIFT   0
#define _IOC_TYPESHIFT (_IOC_NRSHIFT + _IOC_NRBITS)
#define _IOC_SIZESHIFT (_IOC_TYPESHIFT + _IOC_TYPEBITS)
#define _IOC_DIRSHIFT  (_IOC_SIZESHIFT + _IOC_SIZEBITS)

#define _IOC_NONE  0U
#define _IOC_WRITE 1U
#define _IOC_READ  2U

#define _IOC(dir, type, nr, size)                                                            \
	(((unsigned int)(dir) << _IOC_DIRSHIFT) | ((unsigned int)(type) << _IOC_TYPESHIFT) | \
	 ((unsigned int)(nr) << _IOC_NRSHIFT) | ((unsigned int)(size) << _IOC_SIZESHIFT))

#define _IOC_NR(cmd)   (((cmd) >> _IOC_NRSHIFT) & ((1U << _IOC_NRBITS) - 1))
#define _IOC_TYPE(cmd) (((cmd) >> _IOC_TYPESHIFT) & ((1U << _IOC_TYPEBITS) - 1))
#define _IOC_SIZE(cmd) (((cmd) >> _IOC_SIZESHIFT) & ((1U << _IOC_SIZEBITS) - 1))

#endif

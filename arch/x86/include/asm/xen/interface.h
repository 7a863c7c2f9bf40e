/*
 * The Xen ABI as this kernel uses it: the one place that picks the
 * interface version and pulls in Xen's public headers (Debian's
 * libxen-dev, reached as <xen/...> through build/include/xen).
 *
 * Include this instead of any <xen/...> header. The headers pick their
 * interface from __XEN_INTERFACE_VERSION__, and without it they fall back
 * to the pre-3.0 one, where e.g. __HYPERVISOR_sched_op silently names the
 * old sched_op_compat hypercall. Safe to include from assembly: there only
 * the headers that are plain macros are pulled in.
 */
#ifndef ASM_XEN_INTERFACE_H
#define ASM_XEN_INTERFACE_H

#ifdef __XEN_PUBLIC_XEN_COMPAT_H__
#error "a <xen/...> header was included before <asm/xen/interface.h>"
#endif

/* Xen 4.13's interface: new enough for everything used here. */
#define __XEN_INTERFACE_VERSION__ 0x00040d00

#ifndef __ASSEMBLY__
/* The public headers use the fixed-width types without including them. */
#include <kernel/types.h>
#endif

/* These three are only macros outside their !__ASSEMBLY__ blocks. */
#include <xen/xen.h>
#include <xen/features.h>
#include <xen/elfnote.h>

#ifndef __ASSEMBLY__
#include <xen/callback.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/memory.h>
#include <xen/nmi.h>
#include <xen/physdev.h>
#include <xen/platform.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include <xen/version.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/arch-x86/cpuid.h>
#endif

/*
 * <xen/sched.h> is C only, yet the PV entry needs two of its values to
 * report a crash. Spelled out here and checked against the header below.
 */
#define XEN_ASM_SCHEDOP_shutdown 2
#define XEN_ASM_SHUTDOWN_crash	 3

#ifndef __ASSEMBLY__
_Static_assert(XEN_ASM_SCHEDOP_shutdown == SCHEDOP_shutdown, "SCHEDOP_shutdown");
_Static_assert(XEN_ASM_SHUTDOWN_crash == SHUTDOWN_crash, "SHUTDOWN_crash");
/* The wrappers pass these as unsigned long; both sides must agree on the width. */
_Static_assert(sizeof(xen_ulong_t) == 8 && sizeof(xen_pfn_t) == 8, "64-bit Xen ABI");
#endif

#endif

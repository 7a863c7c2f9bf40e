/*
 * /dev/xen/privcmd: hypercalls on behalf of dom0's toolstack (libxencall
 * and the libraries over it), as Linux's privcmd driver offers them.
 *
 * IOCTL_PRIVCMD_HYPERCALL makes the hypercall the caller names with the
 * caller's five arguments, untouched: most are pointers into the calling
 * process, and Xen reads and writes through them itself, with the page
 * tables the vCPU is on when it enters Xen. Under PV that is the
 * process's kernel-mode top level, which carries the user half as well
 * (mmu_pv.c writes user entries into both copies), so Xen sees the
 * caller's memory as the caller does; under PVH Xen walks the current
 * CR3, which is the process's own table. The kernel never sets CR4.SMAP,
 * so Xen's supervisor-mode accesses to user pages are allowed (with SMAP
 * the call would need STAC around it).
 *
 * Xen does not fault pages in. A page never touched, or one that is
 * read-only for copy-on-write after a fork, fails the hypercall with
 * -EFAULT; that is why libxencall maps its buffers MAP_LOCKED, touches
 * them and marks them MADV_DONTFORK. A bad pointer is the same -EFAULT
 * from Xen and never a fault in this kernel. What is not checked: an
 * argument naming kernel memory, which Xen would use as well. Only root
 * opens the device (mode 0600 and CAP_SYS_ADMIN), as on Linux.
 *
 * IOCTL_PRIVCMD_RESTRICT ties the descriptor to one domain; from then on
 * raw hypercalls are refused (EPERM), since the kernel cannot tell which
 * domain an arbitrary hypercall affects; Linux does the same.
 *
 * The foreign-mapping ioctls (MMAPBATCH_V2, MMAP_RESOURCE) and DM_OP are
 * not implemented yet and fail with EOPNOTSUPP, the error the tools read
 * as "not available here"; mmap of the device is refused by mm/mmap.c.
 */
#define pr_fmt(fmt) "privcmd: " fmt

#include <asm/xen/hypercall.h>
#include <asm/xen/hypervisor.h>
#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/initcall.h>
#include <kernel/mm.h>
#include <kernel/uaccess.h>

#include "xen-dev.h"

struct privcmd_file {
	domid_t restrict_domid; /* DOMID_INVALID: not restricted */
};

static int privcmd_open(struct inode *ino __unused, struct file *f)
{
	struct privcmd_file *p;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	p = kmalloc(sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->restrict_domid = DOMID_INVALID;
	f->priv = p;
	return 0;
}

static void privcmd_release(struct file *f)
{
	kfree(f->priv);
}

static long privcmd_hypercall(struct privcmd_file *p, void *uarg)
{
	privcmd_hypercall_t h;
	long rc;

	if (copy_from_user(&h, uarg, sizeof(h)))
		return -EFAULT;
	if (p->restrict_domid != DOMID_INVALID)
		return -EPERM;
	/* The stub's address is computed from op: it must stay inside the page. */
	if (h.op >= XEN_HYPERCALL_PAGE_STUBS)
		return -EINVAL;
	rc = xen_hypercall_by_number((unsigned int)h.op, h.arg[0], h.arg[1], h.arg[2], h.arg[3],
				     h.arg[4]);
	return xen_errno(rc);
}

/* Once restricted, to one domain for good: another domid is EINVAL, as on Linux. */
static long privcmd_restrict(struct privcmd_file *p, void *uarg)
{
	domid_t dom;

	if (copy_from_user(&dom, uarg, sizeof(dom)))
		return -EFAULT;
	if (dom >= DOMID_FIRST_RESERVED)
		return -EINVAL;
	if (p->restrict_domid == DOMID_INVALID)
		p->restrict_domid = dom;
	else if (p->restrict_domid != dom)
		return -EINVAL;
	return 0;
}

static long privcmd_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct privcmd_file *p = f->priv;

	switch (cmd) {
	case IOCTL_PRIVCMD_HYPERCALL:
		return privcmd_hypercall(p, (void *)arg);
	case IOCTL_PRIVCMD_RESTRICT:
		return privcmd_restrict(p, (void *)arg);
	case IOCTL_PRIVCMD_MMAP:
	case IOCTL_PRIVCMD_MMAPBATCH:
	case IOCTL_PRIVCMD_MMAPBATCH_V2:
	case IOCTL_PRIVCMD_MMAP_RESOURCE:
	case IOCTL_PRIVCMD_DM_OP:
		return -EOPNOTSUPP; /* foreign mappings and device-model calls: the next step */
	default:
		/* IOCTL_PRIVCMD_UNIMPLEMENTED among them: libxencall's probe must fail. */
		return -ENOTTY;
	}
}

static const struct file_ops privcmd_fops = {
	.open = privcmd_open,
	.ioctl = privcmd_ioctl,
	.release = privcmd_release,
};

static int privcmd_init(void)
{
	if (!xen_dom0)
		return 0;
	return xen_dev_create("privcmd", XEN_PRIVCMD_MINOR, &privcmd_fops);
}
initcall(privcmd_init, INITCALL_DRIVER);

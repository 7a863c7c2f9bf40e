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
 * Foreign mappings (libxenforeignmemory): mmap of the device reserves an
 * area with nothing in it (a touch is SIGBUS); IOCTL_PRIVCMD_MMAPBATCH_V2
 * then puts frames of another domain into it, one error code per page,
 * and IOCTL_PRIVCMD_MMAP_RESOURCE a resource of one (its grant table, an
 * ioreq server's pages). How a frame gets into an entry is the backend's
 * business (xen_user_map_ops: mmu_update naming the owner under PV, a
 * frame of our guest-physical window under PVH). The first call on an
 * area must cover all of it; later ones may fill pages left out by an
 * error (-ENOENT: paged out, try again). munmap, exit and a mapping over
 * the area take the frames out again (privcmd_unmap()).
 *
 * IOCTL_PRIVCMD_DM_OP passes a device-model operation on (the dm_op
 * hypercall) with the caller's buffers, which are faulted in first
 * because Xen does not fault pages in.
 */
#define pr_fmt(fmt) "privcmd: " fmt

#include <asm/pgtable.h>
#include <asm/uvm.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/hypervisor.h>
#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/initcall.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/proc.h>
#include <kernel/uaccess.h>
#include <kernel/vm.h>

#include <xen/hvm/dm_op.h>

#include "xen-dev.h"

/* Pages per round of a mapping ioctl: copied in, mapped, errors copied out. */
#define CHUNK 64
/* Linux's limits for DM_OP: buffers per call, bytes per buffer. */
#define DM_OP_MAX_BUFS 16
#define DM_OP_MAX_SIZE 4096
/* io_priv of an area that a mapping ioctl has used: later calls may only fill holes. */
#define AREA_USED ((void *)1)

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

static const struct file_ops privcmd_fops;

/* An area of this device, or NULL. */
static struct vma *privcmd_area(struct mm *mm, u64 addr)
{
	struct vma *v = vma_find(mm, addr);

	return v && (v->flags & VMA_IO) && v->file->ops == &privcmd_fops ? v : NULL;
}

/* Whether any page of [start, end) has an entry (a frame mapped earlier). */
static bool range_has_pages(struct mm *mm, u64 start, u64 end)
{
	for (u64 va = start; va < end; va += PAGE_SIZE) {
		u64 *pte = uvm_pte(mm->pgd, va, false);

		if (pte && (*pte & _PAGE_PRESENT))
			return true;
	}
	return false;
}

/*
 * Checks [addr, addr + n pages) for a mapping ioctl, as Linux does: an
 * area of the device; on its first use the whole area exactly, later a
 * part of it with no page mapped yet. Marks the area used. Under mm_lock().
 */
static int check_area(struct mm *mm, u64 addr, u64 n, bool whole_only)
{
	struct vma *v = privcmd_area(mm, addr);
	u64 end = addr + (n << PAGE_SHIFT);

	if (!v || !IS_ALIGNED(addr, PAGE_SIZE) || end < addr || end > v->end)
		return -EINVAL;
	if (!v->io_priv) {
		if (addr != v->start || end != v->end)
			return -EINVAL;
		v->io_priv = AREA_USED;
		return 0;
	}
	if (whole_only || range_has_pages(mm, addr, end))
		return -EINVAL;
	return 0;
}

/* A domain the descriptor may name: any, or the one it is restricted to. */
static bool domain_allowed(const struct privcmd_file *p, domid_t dom)
{
	return p->restrict_domid == DOMID_INVALID || p->restrict_domid == dom;
}

/*
 * IOCTL_PRIVCMD_MMAPBATCH_V2 (errors in err[]) and the old MMAPBATCH
 * (errors as flags in the top bits of arr[]): frames arr[i] of dom at
 * addr + i pages. Returns 0, or -ENOENT when a page was paged out (the
 * caller retries those), or -errno when the call itself is wrong.
 */
static long privcmd_mmapbatch(struct privcmd_file *p, void *uarg, bool v2)
{
	struct mm *mm = current_proc()->mm;
	privcmd_mmapbatch_v2_t m;
	xen_pfn_t gfns[CHUNK];
	int errs[CHUNK];
	bool paged = false;
	unsigned long flags;
	long rc;

	if (v2) {
		if (copy_from_user(&m, uarg, sizeof(m)))
			return -EFAULT;
	} else {
		privcmd_mmapbatch_t m1;

		if (copy_from_user(&m1, uarg, sizeof(m1)))
			return -EFAULT;
		if (m1.num <= 0)
			return -EINVAL;
		m = (privcmd_mmapbatch_v2_t){ (unsigned int)m1.num, m1.dom, m1.addr, m1.arr, NULL };
	}
	if (!m.num)
		return -EINVAL;
	if (!domain_allowed(p, m.dom))
		return -EPERM;
	flags = mm_lock();
	rc = check_area(mm, m.addr, m.num, false);
	mm_unlock(flags);
	if (rc)
		return rc;
	for (unsigned int i = 0; i < m.num; i += CHUNK) {
		unsigned int n = MIN(m.num - i, CHUNK);
		u64 va = m.addr + ((u64)i << PAGE_SHIFT);
		struct vma *v;

		if (copy_from_user(gfns, m.arr + i, n * sizeof(*gfns)))
			return -EFAULT;
		flags = mm_lock();
		/* Another thread may have unmapped the area meanwhile. */
		v = privcmd_area(mm, va);
		rc = v && va + ((u64)n << PAGE_SHIFT) <= v->end ? 0 : -EINVAL;
		if (!rc)
			rc = xen_user_map_ops->map_frames(mm, va, gfns, n, m.dom,
							  v->prot & PROT_WRITE, errs);
		mm_unlock(flags);
		if (rc < 0)
			return rc;
		for (unsigned int j = 0; j < n; j++) {
			paged |= errs[j] == -ENOENT;
			if (!v2 && errs[j])
				gfns[j] |= errs[j] == -ENOENT ? PRIVCMD_MMAPBATCH_PAGED_ERROR : PRIVCMD_MMAPBATCH_MFN_ERROR;
		}
		if (v2 ? copy_to_user(m.err + i, errs, n * sizeof(*errs)) : copy_to_user((xen_pfn_t *)m.arr + i, gfns, n * sizeof(*gfns)))
			return -EFAULT;
	}
	return paged ? -ENOENT : 0;
}

/*
 * IOCTL_PRIVCMD_MMAP_RESOURCE: with addr and num 0, the resource's size
 * in frames (written to num); otherwise frames idx.. of it mapped over a
 * whole area of the device, all or nothing.
 */
static long privcmd_mmap_resource(struct privcmd_file *p, void *uarg)
{
	privcmd_mmap_resource_t __user *ur = uarg;
	struct mm *mm = current_proc()->mm;
	privcmd_mmap_resource_t r;
	unsigned long flags;
	long rc;

	if (copy_from_user(&r, uarg, sizeof(r)))
		return -EFAULT;
	if (!domain_allowed(p, r.dom))
		return -EPERM;
	if (!r.addr && !r.num) {
		struct xen_mem_acquire_resource q = { .domid = r.dom, .type = (u16)r.type, .id = r.id };

		if (r.type > 0xffff)
			return -EINVAL;
		rc = HYPERVISOR_memory_op(XENMEM_acquire_resource, &q);
		if (rc)
			return xen_errno(rc);
		return copy_to_user(&ur->num, &(u64){ q.nr_frames }, sizeof(u64)) ? -EFAULT : 0;
	}
	if (!r.num || r.num > (USER_TOP >> PAGE_SHIFT) || r.type > 0xffff)
		return -EINVAL;
	flags = mm_lock();
	rc = check_area(mm, r.addr, r.num, true);
	if (!rc) {
		struct vma *v = privcmd_area(mm, r.addr);

		rc = xen_user_map_ops->map_resource(mm, r.addr, r.dom, r.type, r.id, r.idx,
						    (unsigned int)r.num, v->prot & PROT_WRITE);
		if (rc) {
			xen_user_map_ops->unmap_frames(mm, r.addr, r.addr + (r.num << PAGE_SHIFT));
			v->io_priv = NULL; /* nothing in it: the caller may try again */
		}
	}
	mm_unlock(flags);
	return xen_errno(rc);
}

/*
 * IOCTL_PRIVCMD_DM_OP: the dm_op hypercall for dom with the caller's
 * buffers, each at most DM_OP_MAX_SIZE bytes and all of them faulted in
 * (writable ones for writing) so that Xen finds them.
 */
static long privcmd_dm_op(struct privcmd_file *p, void *uarg)
{
	struct mm *mm = current_proc()->mm;
	privcmd_dm_op_buf_t ubufs[DM_OP_MAX_BUFS];
	xen_dm_op_buf_t xbufs[DM_OP_MAX_BUFS];
	privcmd_dm_op_t op;
	long rc;

	if (copy_from_user(&op, uarg, sizeof(op)))
		return -EFAULT;
	if (!domain_allowed(p, op.dom))
		return -EPERM;
	if (!op.num)
		return 0;
	if (op.num > DM_OP_MAX_BUFS)
		return -E2BIG;
	if (copy_from_user(ubufs, op.ubufs, op.num * sizeof(*ubufs)))
		return -EFAULT;
	for (unsigned int i = 0; i < op.num; i++) {
		u64 start = (u64)ubufs[i].uptr;

		if (ubufs[i].size > DM_OP_MAX_SIZE)
			return -E2BIG;
		if (!user_range_ok(ubufs[i].uptr, ubufs[i].size))
			return -EFAULT;
		if (ubufs[i].size &&
		    vm_populate(mm, ALIGN_DOWN(start, PAGE_SIZE),
				ALIGN_UP(start + ubufs[i].size, PAGE_SIZE)) == -ENOMEM)
			return -ENOMEM;
		set_xen_guest_handle(xbufs[i].h, ubufs[i].uptr);
		xbufs[i].size = ubufs[i].size;
	}
	rc = xen_hypercall_by_number(__HYPERVISOR_dm_op, op.dom, op.num, (unsigned long)xbufs, 0,
				     0);
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
	case IOCTL_PRIVCMD_MMAPBATCH:
		return privcmd_mmapbatch(p, (void *)arg, false);
	case IOCTL_PRIVCMD_MMAPBATCH_V2:
		return privcmd_mmapbatch(p, (void *)arg, true);
	case IOCTL_PRIVCMD_MMAP_RESOURCE:
		return privcmd_mmap_resource(p, (void *)arg);
	case IOCTL_PRIVCMD_DM_OP:
		return privcmd_dm_op(p, (void *)arg);
	case IOCTL_PRIVCMD_MMAP:
		/* Ranges of machine frames: nothing in Xen 4.17's tools uses it any more. */
		return -EOPNOTSUPP;
	default:
		/* IOCTL_PRIVCMD_UNIMPLEMENTED among them: libxencall's probe must fail. */
		return -ENOTTY;
	}
}

/* An area for foreign frames, empty until a mapping ioctl fills it. */
static int privcmd_mmap(struct file *f __unused, struct mm *mm __unused, struct vma *v)
{
	v->io_priv = NULL;
	return 0;
}

static void privcmd_unmap(struct file *f __unused, struct mm *mm, struct vma *v __unused,
			  u64 start, u64 end)
{
	xen_user_map_ops->unmap_frames(mm, start, end);
}

static const struct file_ops privcmd_fops = {
	.open = privcmd_open,
	.ioctl = privcmd_ioctl,
	.release = privcmd_release,
	.mmap = privcmd_mmap,
	.unmap = privcmd_unmap,
};

static int privcmd_init(void)
{
	if (!xen_dom0 || !xen_user_map_ops)
		return 0;
	return xen_dev_create("privcmd", XEN_PRIVCMD_MINOR, &privcmd_fops);
}
initcall(privcmd_init, INITCALL_DRIVER);

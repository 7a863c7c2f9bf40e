/*
 * The Xen guest as the architecture code set it up, for drivers/xen: the
 * shared pages, whether we are dom0, and how a domU names its pages to
 * Xen and its peers. Everything else about the backends stays private to
 * arch/x86/xen (xen-ops.h there).
 */
#ifndef ASM_XEN_HYPERVISOR_H
#define ASM_XEN_HYPERVISOR_H

#include <asm/xen/interface.h>
#include <kernel/errno.h>
#include <kernel/types.h>

/* shared_info, mapped by the backend its own way (PV: update_va_mapping; PVH: add_to_physmap). */
extern struct shared_info *xen_shared_info;
/*
 * vCPU 0's vcpu_info: event mask and pending flags, Xen time, CR2. The PV
 * backend moves it into the kernel image (VCPUOP_register_vcpu_info);
 * under PVH it is the one in shared_info.
 */
extern struct vcpu_info *xen_vcpu;
/* The hardware domain (XENFEAT_dom0, SIF_INITDOMAIN): the toolstack's home. */
extern bool xen_dom0;

/*
 * What differs between a PV and a PVH domU below the front-ends: how a
 * page is named to Xen and to the peer (a machine frame under PV, the
 * guest frame itself under PVH) and how the grant table is mapped
 * (GNTTABOP_setup_table and a mapping of machine frames under PV,
 * XENMEM_add_to_physmap into frames of our own under PVH). Set by the
 * backend's domU set-up; grant_table.c uses it.
 */
struct xen_domu_ops {
	u64 (*page_gfn)(u64 pfn);
	/* Maps up to want frames of our grant table; sets *got; NULL on failure. */
	void *(*grant_table_map)(unsigned int want, unsigned int *got);
};
extern const struct xen_domu_ops *xen_domu_ops;

struct mm;

/*
 * Frames of other domains in a process's address space, dom0's privcmd
 * and gntdev mappings: how they get there differs between the backends.
 * Under PV an entry names the machine frame and Xen checks it against
 * the owning domain (mmu_update with that domain as foreigndom, or a
 * grant mapped straight into the entry); under PVH the frame is first
 * placed at a guest-physical frame of our own, from a window above RAM
 * that holds nothing else, and the entry names that. Set by the backend
 * in dom0 (foreign_pv.c, foreign_pvh.c); NULL elsewhere. Callers hold
 * mm_lock() and the entries' area is a device's (VMA_IO).
 */
struct xen_user_map_ops {
	/*
	 * Maps gfns[i] of domain dom at va + i pages of mm; errs[i] is 0 or
	 * -errno per page, a page in error left unmapped. Returns how many
	 * were mapped, or -errno when nothing could be tried.
	 */
	int (*map_frames)(struct mm *mm, u64 va, const xen_pfn_t *gfns, unsigned int n,
			  domid_t dom, bool writable, int *errs);
	/* n frames from frame of resource type/id of dom (XENMEM_acquire_resource) at va: 0 or -errno. */
	int (*map_resource)(struct mm *mm, u64 va, domid_t dom, u32 type, u32 id, u64 frame,
			    unsigned int n, bool writable);
	/* Takes what map_frames and map_resource put in [start, end) out again. */
	void (*unmap_frames)(struct mm *mm, u64 start, u64 end);
	/* Grant ref of dom at va: 0 with *handle set, or -errno (a GNTST_* as an errno). */
	int (*map_grant)(struct mm *mm, u64 va, domid_t dom, grant_ref_t ref, bool readonly,
			 grant_handle_t *handle);
	/* Undoes map_grant; -errno when Xen refuses (the entry is cleared anyway). */
	int (*unmap_grant)(struct mm *mm, u64 va, grant_handle_t handle);
};
extern const struct xen_user_map_ops *xen_user_map_ops;

/* A grant operation's GNTST_* status as an errno, the way Linux's gntdev reports them. */
static inline int xen_gntst_errno(s16 status)
{
	switch (status) {
	case GNTST_okay:
		return 0;
	case GNTST_eagain:
		return -EAGAIN;
	case GNTST_permission_denied:
		return -EPERM;
	case GNTST_no_space:
	case GNTST_no_device_space:
		return -ENOMEM;
	default:
		return -EINVAL;
	}
}

/* What is mapped through them now, for /proc/xen/mappings. */
struct xen_user_map_stats {
	u64 frames;	  /* foreign frames (map_frames, map_resource) */
	u64 grants;	  /* granted pages (map_grant) */
	u64 window_used;  /* PVH: guest-physical frames of the window in use */
	u64 window_pages; /* PVH: the window's size, 0 under PV */
	u64 errors;	  /* pages Xen refused, since boot */
};
extern struct xen_user_map_stats xen_user_map_stats;

struct proc_text;
/* The hypercall counts, for /proc/pvops (arch/x86/xen/enlighten.c). */
void xen_proc_hypercalls(struct proc_text *t);

#endif

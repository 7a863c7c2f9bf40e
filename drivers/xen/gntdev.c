/*
 * /dev/xen/gntdev: pages other domains granted us, mapped into a process
 * (xenstored and xenconsoled map each guest's store and console page
 * through libxengnttab), as Linux's gntdev offers them.
 *
 * A mapping is made in two steps. IOCTL_GNTDEV_MAP_GRANT_REF records a
 * list of (domain, reference) pairs in the file and hands back an index:
 * a file offset that no other list of the file covers. mmap of exactly
 * that offset and length then maps the grants, one page each, through
 * the backend's xen_user_map_ops (PV: Xen writes the entry itself; PVH:
 * the grant is placed at a frame of our window first). Each list can be
 * mmap-ed once. IOCTL_GNTDEV_UNMAP_GRANT_REF takes the list out of the
 * file; pages still mapped stay so until munmap (or exit, or a mapping
 * over them), and the list goes when neither holds it any more.
 *
 * An unmap notification (IOCTL_GNTDEV_SET_UNMAP_NOTIFY) tells the
 * granting domain that we are gone: a byte of the mapped pages is cleared
 * as the page holding it is unmapped (with GNTTABOP_copy, so no kernel
 * mapping of the page is needed), and an event channel is notified when
 * the list goes.
 *
 * Errors, as Linux gives them: a count of 0 or over the file's limit is
 * EINVAL (IOCTL_GNTDEV_SET_MAX_GRANTS above the device's limit: E2BIG);
 * mmap of no list, of a list mapped before, or writable and private is
 * EINVAL; a grant Xen refuses fails the mmap with the errno its status
 * says (xen_gntst_errno), and nothing stays mapped. Unknown commands
 * (the dma-buf ones among them: Linux without CONFIG_XEN_GNTDEV_DMABUF)
 * are ENOTTY.
 *
 * IOCTL_GNTDEV_GRANT_COPY copies between granted pages and this process's
 * memory with GNTTABOP_copy, without mapping anything (qemu's disk
 * back-end uses it). Each segment has a grant on one side or both; a
 * grant side stays within its page, a side in our memory may cross
 * pages. Our side goes through a page of the kernel's (Xen copies to or
 * from that page, the kernel from or to the process), so a bad pointer
 * is EFAULT like any other. Xen's verdict on each segment is written to
 * its status field; the ioctl itself fails only for what Linux refuses
 * up front (EINVAL: no grant side, a grant side past its page, unknown
 * flags) and for memory it cannot read or write (EFAULT).
 */
#define pr_fmt(fmt) "gntdev: " fmt

#include <asm/page.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/hypervisor.h>
#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/initcall.h>
#include <kernel/list.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/proc.h>
#include <kernel/spinlock.h>
#include <kernel/uaccess.h>
#include <kernel/vm.h>
#include <kernel/xen-events.h>

#include "xen-dev.h"

#define GNTDEV_LIMIT 65536 /* grants a file may have listed, at most (Linux's per-request limit) */
#define NO_HANDLE    ((grant_handle_t)~0U)
#define NOTIFY_ALL   (UNMAP_NOTIFY_CLEAR_BYTE | UNMAP_NOTIFY_SEND_EVENT)
#define REFS_CHUNK   32

struct gntdev_page {
	domid_t domid;
	bool in_area; /* covered by the list's mmap-ed area still */
	grant_ref_t ref;
	grant_handle_t handle; /* NO_HANDLE unless mapped */
};

struct gntdev_file;

/*
 * A list of grants and, once mmap-ed, its area. Held by the file while
 * listed and by the area while any page of it is still covered; freed
 * when neither holds it.
 */
struct gntdev_map {
	struct list_head link; /* in the file's maps, ordered by index, while listed */
	struct gntdev_file *file;
	u64 index; /* first page of the file offset */
	u32 count;
	u32 area_pages; /* pages of the area not yet unmapped */
	unsigned int holders;
	bool listed, mmapped, readonly;
	u32 notify_flags;
	u32 notify_offset; /* byte of the list to clear */
	u32 notify_port;
	struct gntdev_page pages[];
};

/* lock protects the list, the limit and every map's holders and notification. */
struct gntdev_file {
	spinlock_t lock;
	struct list_head maps;
	u64 listed; /* grants in the listed maps */
	u32 limit;
};

static const struct file_ops gntdev_fops;
static void *zero_page; /* the source of the byte an unmap notification clears */

/* Drops one holder; the last one sends the notification event and frees the map. */
static void map_put(struct gntdev_map *map)
{
	struct gntdev_file *u = map->file;
	unsigned long flags;
	bool last;

	spin_lock_irqsave(&u->lock, flags);
	last = --map->holders == 0;
	spin_unlock_irqrestore(&u->lock, flags);
	if (!last)
		return;
	if (map->notify_flags & UNMAP_NOTIFY_SEND_EVENT)
		xen_evtchn_notify(map->notify_port);
	kfree(map);
}

/* The listed map at index (any count when count is 0), or NULL; lock held. */
static struct gntdev_map *find_map(struct gntdev_file *u, u64 index, u32 count)
{
	struct gntdev_map *map;

	list_for_each_entry(map, &u->maps, link)
		if (map->index == index && (!count || map->count == count))
			return map;
	return NULL;
}

/* Puts map into the file's list at the lowest index with room for it; lock held. */
static void list_map(struct gntdev_file *u, struct gntdev_map *map)
{
	struct gntdev_map *at;

	map->index = 0;
	list_for_each_entry(at, &u->maps, link) {
		if (map->index + map->count <= at->index)
			break;
		map->index = at->index + at->count;
	}
	list_add_tail(&map->link, &at->link); /* before at, or at the end */
	map->listed = true;
	u->listed += map->count;
}

static void unlist_map(struct gntdev_file *u, struct gntdev_map *map)
{
	list_del(&map->link);
	map->listed = false;
	u->listed -= map->count;
}

static long ioctl_map(struct gntdev_file *u, struct ioctl_gntdev_map_grant_ref *uarg)
{
	struct ioctl_gntdev_map_grant_ref op;
	struct ioctl_gntdev_grant_ref refs[REFS_CHUNK];
	struct gntdev_map *map;
	unsigned long flags;
	long rc;

	if (copy_from_user(&op, uarg, offsetof(struct ioctl_gntdev_map_grant_ref, refs)))
		return -EFAULT;
	if (!op.count || op.count > u->limit)
		return -EINVAL;
	map = kzalloc(sizeof(*map) + op.count * sizeof(map->pages[0]));
	if (!map)
		return -ENOMEM;
	map->file = u;
	map->count = op.count;
	map->holders = 1;
	for (u32 i = 0; i < op.count; i += REFS_CHUNK) {
		u32 n = MIN(op.count - i, (u32)REFS_CHUNK);

		rc = -EFAULT;
		if (copy_from_user(refs, &uarg->refs[i], n * sizeof(refs[0])))
			goto out;
		for (u32 j = 0; j < n; j++) {
			/* A domain id is 16 bits: a wider one would name another domain. */
			rc = -EINVAL;
			if (refs[j].domid > 0xffff)
				goto out;
			map->pages[i + j].domid = (domid_t)refs[j].domid;
			map->pages[i + j].ref = refs[j].ref;
			map->pages[i + j].handle = NO_HANDLE;
		}
	}
	spin_lock_irqsave(&u->lock, flags);
	rc = -ENOMEM; /* Linux's answer when the total is over the limit */
	if (u->listed + op.count <= u->limit) {
		list_map(u, map);
		/* Listed, the map is the file's: another thread may unmap and free it from here on. */
		op.index = map->index << PAGE_SHIFT;
		rc = 0;
	}
	spin_unlock_irqrestore(&u->lock, flags);
	if (rc)
		goto out;
	/* As Linux: an index that cannot be written leaves the map listed; release frees it. */
	if (copy_to_user(&uarg->index, &op.index, sizeof(op.index)))
		return -EFAULT;
	return 0;
out:
	kfree(map);
	return rc;
}

static long ioctl_unmap(struct gntdev_file *u, const void *uarg)
{
	struct ioctl_gntdev_unmap_grant_ref op;
	struct gntdev_map *map;
	unsigned long flags;

	if (copy_from_user(&op, uarg, sizeof(op)))
		return -EFAULT;
	spin_lock_irqsave(&u->lock, flags);
	map = find_map(u, op.index >> PAGE_SHIFT, op.count);
	if (map)
		unlist_map(u, map);
	spin_unlock_irqrestore(&u->lock, flags);
	if (!map)
		return -ENOENT;
	map_put(map);
	return 0;
}

/* Which list the area at vaddr of the caller maps: offset and count. */
static long ioctl_offset_for_vaddr(void *uarg)
{
	struct ioctl_gntdev_get_offset_for_vaddr op;
	struct mm *mm = current_proc()->mm;
	struct gntdev_map *map = NULL;
	unsigned long flags;
	struct vma *v;

	if (copy_from_user(&op, uarg, sizeof(op)))
		return -EFAULT;
	flags = mm_lock();
	v = vma_find(mm, op.vaddr);
	if (v && (v->flags & VMA_IO) && v->file->ops == &gntdev_fops)
		map = v->io_priv;
	if (map) {
		op.offset = map->index << PAGE_SHIFT;
		op.count = map->count;
	}
	mm_unlock(flags);
	if (!map)
		return -EINVAL;
	return copy_to_user(uarg, &op, sizeof(op)) ? -EFAULT : 0;
}

static long ioctl_set_max(struct gntdev_file *u, const void *uarg)
{
	struct ioctl_gntdev_set_max_grants op;
	unsigned long flags;

	if (copy_from_user(&op, uarg, sizeof(op)))
		return -EFAULT;
	if (op.count > GNTDEV_LIMIT)
		return -E2BIG;
	spin_lock_irqsave(&u->lock, flags);
	u->limit = op.count;
	spin_unlock_irqrestore(&u->lock, flags);
	return 0;
}

static long ioctl_notify(struct gntdev_file *u, const void *uarg)
{
	struct ioctl_gntdev_unmap_notify op;
	struct gntdev_map *map;
	unsigned long flags;
	long rc = -ENOENT;

	if (copy_from_user(&op, uarg, sizeof(op)))
		return -EFAULT;
	if (op.action & ~NOTIFY_ALL)
		return -EINVAL;
	if ((op.action & UNMAP_NOTIFY_SEND_EVENT) && !xen_dev_port_open(op.event_channel_port))
		return -EINVAL;
	spin_lock_irqsave(&u->lock, flags);
	list_for_each_entry(map, &u->maps, link) {
		u64 begin = map->index << PAGE_SHIFT, end = (map->index + map->count) << PAGE_SHIFT;

		if (op.index < begin || op.index >= end)
			continue;
		rc = -EINVAL; /* a byte of a read-only mapping is not ours to clear */
		if ((op.action & UNMAP_NOTIFY_CLEAR_BYTE) && map->mmapped && map->readonly)
			break;
		map->notify_flags = op.action;
		map->notify_offset = (u32)(op.index - begin);
		map->notify_port = op.event_channel_port;
		rc = 0;
		break;
	}
	spin_unlock_irqrestore(&u->lock, flags);
	return rc;
}

/* One side of a copy: the grant it names, or the bounce page for our memory. */
static void copy_side(struct gnttab_copy_ptr *ptr, bool gref, u32 ref, u16 domid, u16 offset,
		      u64 bounce_gfn)
{
	if (gref) {
		ptr->u.ref = ref;
		ptr->domid = domid;
		ptr->offset = offset;
	} else {
		ptr->u.gmfn = bounce_gfn;
		ptr->domid = DOMID_SELF;
	}
}

/*
 * One segment of IOCTL_GNTDEV_GRANT_COPY through the bounce page: 0 and
 * Xen's *status, or -errno. A grant side within its page bounds len, and
 * one side at least is a grant, so our side fits the bounce page.
 */
static int copy_segment(const struct ioctl_gntdev_grant_copy_segment *seg, void *bounce,
			s16 *status)
{
	u64 bounce_gfn = xen_domu_ops->page_gfn(virt_to_phys(bounce) >> PAGE_SHIFT);
	bool src_gref = seg->flags & GNTCOPY_source_gref, dst_gref = seg->flags & GNTCOPY_dest_gref;
	struct gnttab_copy op = { .len = seg->len, .flags = seg->flags };

	if (seg->flags & ~(GNTCOPY_source_gref | GNTCOPY_dest_gref) || !(src_gref || dst_gref))
		return -EINVAL;
	if ((src_gref && seg->source.foreign.offset + seg->len > PAGE_SIZE) ||
	    (dst_gref && seg->dest.foreign.offset + seg->len > PAGE_SIZE))
		return -EINVAL;
	copy_side(&op.source, src_gref, seg->source.foreign.ref, seg->source.foreign.domid,
		  seg->source.foreign.offset, bounce_gfn);
	copy_side(&op.dest, dst_gref, seg->dest.foreign.ref, seg->dest.foreign.domid,
		  seg->dest.foreign.offset, bounce_gfn);
	if (!src_gref && copy_from_user(bounce, seg->source.virt, seg->len))
		return -EFAULT;
	if (HYPERVISOR_grant_table_op(GNTTABOP_copy, &op, 1))
		return -EFAULT; /* the hypercall itself failed: nothing was copied */
	if (op.status == GNTST_okay && !dst_gref && copy_to_user(seg->dest.virt, bounce, seg->len))
		return -EFAULT;
	*status = op.status;
	return 0;
}

static long ioctl_grant_copy(const void *uarg)
{
	struct ioctl_gntdev_grant_copy op;
	struct ioctl_gntdev_grant_copy_segment seg, *useg;
	void *bounce;
	long rc = 0;

	if (copy_from_user(&op, uarg, sizeof(op)))
		return -EFAULT;
	bounce = alloc_page_zeroed();
	if (!bounce)
		return -ENOMEM;
	for (unsigned int i = 0; i < op.count && !rc; i++) {
		s16 status;

		useg = op.segments + i;
		if (copy_from_user(&seg, useg, sizeof(seg))) {
			rc = -EFAULT;
			break;
		}
		rc = copy_segment(&seg, bounce, &status);
		if (!rc && copy_to_user(&useg->status, &status, sizeof(status)))
			rc = -EFAULT;
	}
	free_page_va(bounce);
	return rc;
}

static long gntdev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct gntdev_file *u = f->priv;
	void *uarg = (void *)arg;

	switch (cmd) {
	case IOCTL_GNTDEV_MAP_GRANT_REF:
		return ioctl_map(u, uarg);
	case IOCTL_GNTDEV_UNMAP_GRANT_REF:
		return ioctl_unmap(u, uarg);
	case IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR:
		return ioctl_offset_for_vaddr(uarg);
	case IOCTL_GNTDEV_SET_MAX_GRANTS:
		return ioctl_set_max(u, uarg);
	case IOCTL_GNTDEV_SET_UNMAP_NOTIFY:
		return ioctl_notify(u, uarg);
	case IOCTL_GNTDEV_GRANT_COPY:
		return ioctl_grant_copy(uarg);
	default:
		return -ENOTTY;
	}
}

/*
 * Clears the notification byte in the peer's page p while it is still
 * granted to us: a one-byte grant copy from a page of zeros. A failure
 * (the peer revoked the grant meanwhile) leaves nothing to do.
 */
static void clear_notify_byte(const struct gntdev_page *p, u32 offset)
{
	struct gnttab_copy op = {
		.source = { .u.gmfn = xen_domu_ops->page_gfn(virt_to_phys(zero_page) >> PAGE_SHIFT),
			    .domid = DOMID_SELF },
		.dest = { .u.ref = p->ref, .domid = p->domid, .offset = (u16)offset },
		.len = 1,
		.flags = GNTCOPY_dest_gref,
	};

	if (HYPERVISOR_grant_table_op(GNTTABOP_copy, &op, 1) || op.status)
		pr_warn("clearing byte %u of domain %u's reference %u: status %d\n", offset,
			p->domid, p->ref, op.status);
}

/* Page i of the list that area v maps at va. */
static u64 page_of(const struct vma *v, const struct gntdev_map *map, u64 va)
{
	return ((v->file_off + (va - v->start)) >> PAGE_SHIFT) - map->index;
}

static void gntdev_unmap(struct file *f __unused, struct mm *mm, struct vma *v, u64 start, u64 end)
{
	struct gntdev_map *map = v->io_priv;
	unsigned long flags;
	bool done;

	if (!map)
		return;
	for (u64 va = start; va < end; va += PAGE_SIZE) {
		u64 i = page_of(v, map, va);
		struct gntdev_page *p;

		if (i >= map->count || !map->pages[i].in_area)
			continue;
		p = &map->pages[i];
		if (p->handle != NO_HANDLE) {
			if ((map->notify_flags & UNMAP_NOTIFY_CLEAR_BYTE) &&
			    map->notify_offset >> PAGE_SHIFT == i) {
				clear_notify_byte(p, map->notify_offset & (PAGE_SIZE - 1));
				map->notify_flags &= ~UNMAP_NOTIFY_CLEAR_BYTE;
			}
			xen_user_map_ops->unmap_grant(mm, va, p->handle);
			p->handle = NO_HANDLE;
		}
		p->in_area = false;
		map->area_pages--;
	}
	spin_lock_irqsave(&map->file->lock, flags);
	done = map->area_pages == 0;
	spin_unlock_irqrestore(&map->file->lock, flags);
	if (done) {
		v->io_priv = NULL;
		map_put(map);
	}
}

static int gntdev_mmap(struct file *f, struct mm *mm, struct vma *v)
{
	struct gntdev_file *u = f->priv;
	u64 count = (v->end - v->start) >> PAGE_SHIFT;
	struct gntdev_map *map;
	unsigned long flags;
	int rc = 0;

	/* Writes would have to reach the peer's page: a private copy cannot be. */
	if ((v->prot & PROT_WRITE) && !(v->flags & VMA_SHARED))
		return -EINVAL;
	spin_lock_irqsave(&u->lock, flags);
	map = find_map(u, v->file_off >> PAGE_SHIFT, (u32)count);
	if (map && map->mmapped)
		map = NULL;
	if (map) {
		map->mmapped = true;
		map->readonly = !(v->prot & PROT_WRITE);
		map->holders++;
		map->area_pages = map->count;
		for (u32 i = 0; i < map->count; i++)
			map->pages[i].in_area = true;
	}
	spin_unlock_irqrestore(&u->lock, flags);
	if (!map)
		return -EINVAL;
	v->io_priv = map;
	/* On a refusal the area goes again, and gntdev_unmap() takes out what got in. */
	for (u32 i = 0; i < map->count && !rc; i++) {
		struct gntdev_page *p = &map->pages[i];

		rc = xen_user_map_ops->map_grant(mm, v->start + ((u64)i << PAGE_SHIFT), p->domid,
						 p->ref, map->readonly, &p->handle);
		if (rc)
			p->handle = NO_HANDLE;
	}
	return rc;
}

static int gntdev_open(struct inode *ino __unused, struct file *f)
{
	struct gntdev_file *u;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	u = kzalloc(sizeof(*u));
	if (!u)
		return -ENOMEM;
	u->lock = (spinlock_t)SPINLOCK_INIT;
	list_init(&u->maps);
	u->limit = GNTDEV_LIMIT;
	f->priv = u;
	return 0;
}

/* The last descriptor went, and with it every area (each holds the file): the lists go. */
static void gntdev_release(struct file *f)
{
	struct gntdev_file *u = f->priv;
	unsigned long flags;

	for (;;) {
		struct gntdev_map *map = NULL;

		spin_lock_irqsave(&u->lock, flags);
		if (!list_empty(&u->maps)) {
			map = list_first_entry(&u->maps, struct gntdev_map, link);
			unlist_map(u, map);
		}
		spin_unlock_irqrestore(&u->lock, flags);
		if (!map)
			break;
		map_put(map);
	}
	kfree(u);
}

static const struct file_ops gntdev_fops = {
	.open = gntdev_open,
	.ioctl = gntdev_ioctl,
	.mmap = gntdev_mmap,
	.unmap = gntdev_unmap,
	.release = gntdev_release,
};

bool xen_dev_port_open(u32 port)
{
	struct evtchn_status s = { .dom = DOMID_SELF, .port = port };

	if (port >= XEN_DEV_NR_PORTS)
		return false;
	if (HYPERVISOR_event_channel_op(EVTCHNOP_status, &s))
		return false;
	return s.status == EVTCHNSTAT_unbound || s.status == EVTCHNSTAT_interdomain ||
	       s.status == EVTCHNSTAT_ipi;
}

static int gntdev_init(void)
{
	if (!xen_dom0)
		return 0;
	if (!xen_user_map_ops || !xen_domu_ops) {
		pr_err("no way to map grants into processes here: no /dev/xen/gntdev\n");
		return 0;
	}
	zero_page = alloc_page_zeroed();
	if (!zero_page)
		return -ENOMEM;
	return xen_dev_create("gntdev", XEN_GNTDEV_MINOR, &gntdev_fops);
}
initcall(gntdev_init, INITCALL_DRIVER);

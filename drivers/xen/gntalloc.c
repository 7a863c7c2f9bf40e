/*
 * /dev/xen/gntalloc: pages of ours that a process shares with another
 * domain (libxengntshr), as Linux's gntalloc offers them.
 *
 * IOCTL_GNTALLOC_ALLOC_GREF allocates zeroed pages, grants each to the
 * domain named (grant_table.c), and records them in the file under a
 * file offset (the index) that no earlier allocation of the file used;
 * the process learns the references and maps the pages with mmap of that
 * offset. A page lives while the file lists it or an area maps it:
 * IOCTL_GNTALLOC_DEALLOC_GREF (or close) takes it out of the file, munmap
 * (or exit) out of the areas, and the last of them ends the grant. Ending
 * it waits while the peer still maps the page (gnttab_end_access()
 * defers both the reference and the page), so nothing is reused early.
 *
 * An unmap notification (IOCTL_GNTALLOC_SET_UNMAP_NOTIFY) tells the peer
 * that we let go of a page: its byte is cleared and/or an event channel
 * notified as the page's last holder here goes.
 *
 * At most GNTALLOC_LIMIT pages exist at once, over all files (Linux's
 * default): beyond that an allocation fails with ENOSPC. mmap must be
 * shared (EINVAL) and cover pages the file lists, in a row (ENOENT).
 */
#define pr_fmt(fmt) "gntalloc: " fmt

#include <asm/page.h>
#include <asm/xen/hypervisor.h>
#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/initcall.h>
#include <kernel/list.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <kernel/uaccess.h>
#include <kernel/vm.h>
#include <kernel/xen-events.h>
#include <kernel/xen-grant.h>

#include "xen-dev.h"

#define GNTALLOC_LIMIT 1024
#define NOTIFY_ALL     (UNMAP_NOTIFY_CLEAR_BYTE | UNMAP_NOTIFY_SEND_EVENT)

struct gntalloc_gref {
	struct list_head link; /* in its file's grefs, ordered by index, while listed */
	u64 index;	       /* file offset */
	void *page;
	grant_ref_t ref;
	unsigned int holders; /* the file while listed, one per area page mapping it */
	bool listed;
	u32 notify_flags;
	u32 notify_byte; /* offset in the page */
	u32 notify_port;
};

struct gntalloc_file {
	struct list_head grefs;
	u64 next_index;
};

/* What an area maps: grefs[i] at page i from index, NULL once unmapped. */
struct gntalloc_area {
	u64 index;
	u32 count;
	u32 left; /* pages not yet unmapped */
	struct gntalloc_gref *grefs[];
};

/* Protects every file's list, the pages' holders and notifications, and nr_grefs. */
static spinlock_t lock = SPINLOCK_INIT;
static unsigned int nr_grefs;

/* Notifies the peer and ends the grant; the page goes when the peer has let go too. Lock held. */
static void gref_free(struct gntalloc_gref *g)
{
	if (g->notify_flags & UNMAP_NOTIFY_CLEAR_BYTE)
		((u8 *)g->page)[g->notify_byte] = 0;
	if (g->notify_flags & UNMAP_NOTIFY_SEND_EVENT)
		xen_evtchn_notify(g->notify_port);
	gnttab_end_access(g->ref, g->page);
	nr_grefs--;
	kfree(g);
}

static void gref_put(struct gntalloc_gref *g)
{
	if (--g->holders == 0)
		gref_free(g);
}

static void unlist(struct gntalloc_gref *g)
{
	list_del(&g->link);
	g->listed = false;
	gref_put(g);
}

/* The listed gref at index followed by count - 1 more at the next pages, or NULL; lock held. */
static struct gntalloc_gref *find_run(struct gntalloc_file *u, u64 index, u64 count)
{
	struct gntalloc_gref *g, *first = NULL;

	if (!count)
		return NULL;
	list_for_each_entry(g, &u->grefs, link) {
		if (!first && g->index == index)
			first = g;
		if (!first)
			continue;
		if (g->index != index)
			return NULL;
		index += PAGE_SIZE;
		if (--count == 0)
			return first;
	}
	return NULL;
}

static long ioctl_alloc(struct gntalloc_file *u, struct ioctl_gntalloc_alloc_gref *uarg)
{
	struct ioctl_gntalloc_alloc_gref op;
	struct gntalloc_gref **new = NULL;
	unsigned long flags;
	u32 made = 0;
	long rc;

	if (copy_from_user(&op, uarg, offsetof(struct ioctl_gntalloc_alloc_gref, gref_ids)))
		return -EFAULT;
	if (op.count > GNTALLOC_LIMIT)
		return -ENOSPC;
	spin_lock_irqsave(&lock, flags);
	rc = -ENOSPC;
	if (nr_grefs + op.count <= GNTALLOC_LIMIT) {
		nr_grefs += op.count; /* reserved; gref_free() gives each back */
		op.index = u->next_index;
		u->next_index += (u64)op.count << PAGE_SHIFT;
		rc = 0;
	}
	spin_unlock_irqrestore(&lock, flags);
	if (rc)
		return rc;
	rc = -ENOMEM;
	new = kmalloc(op.count * sizeof(*new) + 1);
	if (!new)
		goto out;
	for (; made < op.count; made++) {
		struct gntalloc_gref *g = kzalloc(sizeof(*g));
		int ref;

		if (g)
			g->page = alloc_page_zeroed();
		if (!g || !g->page) {
			kfree(g);
			rc = -ENOMEM;
			goto out;
		}
		ref = gnttab_grant_page(op.domid, g->page, !(op.flags & GNTALLOC_FLAG_WRITABLE));
		if (ref < 0) {
			free_page_va(g->page);
			kfree(g);
			rc = ref;
			goto out;
		}
		g->ref = (grant_ref_t)ref;
		g->index = op.index + ((u64)made << PAGE_SHIFT);
		g->holders = 1;
		new[made] = g;
	}
	/* The references go out before the pages are listed: a fault undoes everything. */
	rc = -EFAULT;
	if (copy_to_user(&uarg->index, &op.index, sizeof(op.index)))
		goto out;
	for (u32 i = 0; i < op.count; i++)
		if (copy_to_user(&uarg->gref_ids[i], &new[i]->ref, sizeof(u32)))
			goto out;
	spin_lock_irqsave(&lock, flags);
	for (u32 i = 0; i < op.count; i++) {
		list_add_tail(&new[i]->link, &u->grefs);
		new[i]->listed = true;
	}
	spin_unlock_irqrestore(&lock, flags);
	kfree(new);
	return 0;
out:
	spin_lock_irqsave(&lock, flags);
	nr_grefs -= op.count - made; /* gref_free() gives back the ones made */
	for (u32 i = 0; i < made; i++)
		gref_free(new[i]); /* nobody has mapped them: ended at once */
	spin_unlock_irqrestore(&lock, flags);
	kfree(new);
	return rc;
}

static long ioctl_dealloc(struct gntalloc_file *u, const void *uarg)
{
	struct ioctl_gntalloc_dealloc_gref op;
	struct gntalloc_gref *g;
	unsigned long flags;

	if (copy_from_user(&op, uarg, sizeof(op)))
		return -EFAULT;
	spin_lock_irqsave(&lock, flags);
	g = find_run(u, op.index, op.count);
	for (u32 i = 0; g && i < op.count; i++) {
		struct gntalloc_gref *next = list_entry(g->link.next, struct gntalloc_gref, link);

		unlist(g);
		g = next;
	}
	spin_unlock_irqrestore(&lock, flags);
	return g ? 0 : -EINVAL;
}

static long ioctl_notify(struct gntalloc_file *u, const void *uarg)
{
	struct ioctl_gntalloc_unmap_notify op;
	struct gntalloc_gref *g;
	unsigned long flags;
	long rc;

	if (copy_from_user(&op, uarg, sizeof(op)))
		return -EFAULT;
	spin_lock_irqsave(&lock, flags);
	g = find_run(u, op.index & ~(u64)(PAGE_SIZE - 1), 1);
	rc = -ENOENT;
	if (!g)
		goto out;
	rc = -EINVAL;
	if (op.action & ~NOTIFY_ALL)
		goto out;
	if ((op.action & UNMAP_NOTIFY_SEND_EVENT) && !xen_dev_port_open(op.event_channel_port))
		goto out;
	g->notify_flags = op.action;
	g->notify_byte = (u32)(op.index & (PAGE_SIZE - 1));
	g->notify_port = op.event_channel_port;
	rc = 0;
out:
	spin_unlock_irqrestore(&lock, flags);
	return rc;
}

static long gntalloc_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct gntalloc_file *u = f->priv;
	void *uarg = (void *)arg;

	switch (cmd) {
	case IOCTL_GNTALLOC_ALLOC_GREF:
		return ioctl_alloc(u, uarg);
	case IOCTL_GNTALLOC_DEALLOC_GREF:
		return ioctl_dealloc(u, uarg);
	case IOCTL_GNTALLOC_SET_UNMAP_NOTIFY:
		return ioctl_notify(u, uarg);
	default:
		return -ENOTTY;
	}
}

static void gntalloc_unmap(struct file *f __unused, struct mm *mm, struct vma *v, u64 start,
			   u64 end)
{
	struct gntalloc_area *a = v->io_priv;
	unsigned long flags;

	if (!a)
		return;
	spin_lock_irqsave(&lock, flags);
	for (u64 va = start; va < end; va += PAGE_SIZE) {
		u64 i = ((v->file_off + (va - v->start)) - a->index) >> PAGE_SHIFT;

		if (i >= a->count || !a->grefs[i])
			continue;
		vm_io_remove(mm, va);
		gref_put(a->grefs[i]);
		a->grefs[i] = NULL;
		a->left--;
	}
	spin_unlock_irqrestore(&lock, flags);
	if (!a->left) {
		v->io_priv = NULL;
		kfree(a);
	}
}

static int gntalloc_mmap(struct file *f, struct mm *mm, struct vma *v)
{
	struct gntalloc_file *u = f->priv;
	u64 count = (v->end - v->start) >> PAGE_SHIFT;
	struct gntalloc_area *a;
	struct gntalloc_gref *g;
	unsigned long flags;

	if (!(v->flags & VMA_SHARED))
		return -EINVAL;
	if (count > GNTALLOC_LIMIT)
		return -ENOENT;
	a = kzalloc(sizeof(*a) + count * sizeof(a->grefs[0]));
	if (!a)
		return -ENOMEM;
	spin_lock_irqsave(&lock, flags);
	g = find_run(u, v->file_off, count);
	for (u32 i = 0; g && i < count; i++) {
		a->grefs[i] = g;
		g->holders++;
		g = list_entry(g->link.next, struct gntalloc_gref, link);
	}
	spin_unlock_irqrestore(&lock, flags);
	if (!a->grefs[0]) {
		kfree(a);
		return -ENOENT;
	}
	a->index = v->file_off;
	a->count = a->left = (u32)count;
	v->io_priv = a;
	/* Our own pages, entered as any page is; on a failure gntalloc_unmap() undoes it all. */
	for (u32 i = 0; i < count; i++)
		if (vm_io_insert(mm, v, v->start + ((u64)i << PAGE_SHIFT), a->grefs[i]->page))
			return -ENOMEM;
	return 0;
}

static int gntalloc_open(struct inode *ino __unused, struct file *f)
{
	struct gntalloc_file *u;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	u = kzalloc(sizeof(*u));
	if (!u)
		return -ENOMEM;
	list_init(&u->grefs);
	f->priv = u;
	return 0;
}

/* The file lets go of every page; pages still mapped by an area (or the peer) stay until then. */
static void gntalloc_release(struct file *f)
{
	struct gntalloc_file *u = f->priv;
	unsigned long flags;

	spin_lock_irqsave(&lock, flags);
	while (!list_empty(&u->grefs))
		unlist(list_first_entry(&u->grefs, struct gntalloc_gref, link));
	spin_unlock_irqrestore(&lock, flags);
	kfree(u);
}

static const struct file_ops gntalloc_fops = {
	.open = gntalloc_open,
	.ioctl = gntalloc_ioctl,
	.mmap = gntalloc_mmap,
	.unmap = gntalloc_unmap,
	.release = gntalloc_release,
};

static int gntalloc_init(void)
{
	int rc;

	if (!xen_dom0)
		return 0;
	rc = gnttab_init();
	if (rc) {
		pr_err("no grant table: no /dev/xen/gntalloc\n");
		return 0;
	}
	return xen_dev_create("gntalloc", XEN_GNTALLOC_MINOR, &gntalloc_fops);
}
initcall(gntalloc_init, INITCALL_DRIVER);

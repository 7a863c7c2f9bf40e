/*
 * Grant tables, version 1: how a domU lets a backend map or copy one of
 * its pages. Entry r of the table (frames Xen owns and we map, set up by
 * GNTTABOP_setup_table) says "domain D may access frame F": we fill in
 * domid and frame, then (write barrier) the flags that make it valid.
 *
 * Ending access is the subtle part. While the backend has the page mapped
 * Xen keeps GTF_reading / GTF_writing set in the entry, and clearing the
 * entry then would leave the backend a mapping we no longer account for.
 * So the flags are replaced by 0 with a compare-and-exchange that only
 * succeeds when neither bit is set; if the peer still maps the page, the
 * reference (and the page behind it, if the caller hands it over) goes to
 * a deferred list that a timer retries, and only then returns to the free
 * list. A reference is never handed out again while a peer may map it.
 * Entries 0-7 are the toolstack's (console, xenstore) and never ours.
 */
#define pr_fmt(fmt) "gnttab: " fmt

#include <asm/barrier.h>
#include <asm/irqflags.h>
#include <asm/page.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/hypervisor.h>
#include <kernel/errno.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <kernel/time.h>
#include <kernel/xen-grant.h>

/*
 * 512 entries a frame. A disk takes up to 1056 references (32 requests in
 * flight of 32 segments and an indirect page each), a network interface
 * 512: 16 frames hold several of each (Xen allows a domU 64 by default).
 */
#define WANT_FRAMES	  16
#define ENTRIES_PER_FRAME (PAGE_SIZE / sizeof(struct grant_entry_v1))
#define RETRY_NS	  (100 * NSEC_PER_MSEC)
#define REF_END		  0xffffffffU

static struct grant_entry_v1 *table;
static unsigned int nr_refs;
static u32 *next_free; /* free list links, one per reference */
static u32 free_head = REF_END;
static unsigned int nr_free;

struct deferred {
	struct deferred *next;
	grant_ref_t ref;
	void *page; /* freed with the reference, or NULL */
	unsigned int tries;
};
static struct deferred *deferred_list;
static struct timer deferred_timer;
static struct gnttab_stats stats;
static spinlock_t lock = SPINLOCK_INIT;

const struct gnttab_stats *gnttab_stats(void)
{
	stats.free = nr_free;
	return &stats;
}

static void put_free(grant_ref_t ref)
{
	next_free[ref] = free_head;
	free_head = ref;
	nr_free++;
}

static void fill_entry(grant_ref_t ref, u16 domid, u64 gfn, bool readonly)
{
	table[ref].domid = domid;
	table[ref].frame = (u32)gfn;
	virt_wmb(); /* domid and frame before the flags that validate them */
	WRITE_ONCE(table[ref].flags, (u16)(GTF_permit_access | (readonly ? GTF_readonly : 0)));
}

int gnttab_grant_access(u16 domid, u64 gfn, bool readonly)
{
	unsigned long flags;
	grant_ref_t ref;

	spin_lock_irqsave(&lock, flags);
	ref = free_head;
	if (ref == REF_END) {
		spin_unlock_irqrestore(&lock, flags);
		return -ENOSPC;
	}
	free_head = next_free[ref];
	nr_free--;
	stats.granted++;
	spin_unlock_irqrestore(&lock, flags);

	fill_entry(ref, domid, gfn, readonly);
	return (int)ref;
}

int gnttab_grant_page(u16 domid, const void *page, bool readonly)
{
	u64 gfn = xen_domu_ops->page_gfn(virt_to_phys(page) >> PAGE_SHIFT);

	if (gfn >> 32)
		return -ERANGE; /* v1 entries hold 32-bit frames */
	return gnttab_grant_access(domid, gfn, readonly);
}

int gnttab_grant_reserved(grant_ref_t ref, u16 domid, const void *page, bool readonly)
{
	u64 gfn = xen_domu_ops->page_gfn(virt_to_phys(page) >> PAGE_SHIFT);

	if (ref >= GNTTAB_NR_RESERVED_ENTRIES || !table)
		return -EINVAL;
	if (gfn >> 32)
		return -ERANGE;
	fill_entry(ref, domid, gfn, readonly);
	return 0;
}

bool gnttab_try_end_access(grant_ref_t ref)
{
	u16 old = READ_ONCE(table[ref].flags);

	for (;;) {
		if (old & (GTF_reading | GTF_writing))
			return false;
		if (__atomic_compare_exchange_n(&table[ref].flags, &old, 0, false, __ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			return true;
		/* old now holds what Xen wrote meanwhile: look again. */
	}
}

static void deferred_retry(struct timer *t)
{
	struct deferred **pp = &deferred_list, *d;
	unsigned long flags;

	spin_lock_irqsave(&lock, flags);
	while ((d = *pp)) {
		if (gnttab_try_end_access(d->ref)) {
			*pp = d->next;
			put_free(d->ref);
			stats.deferred_done++;
			if (d->page)
				free_page_va(d->page);
			kfree(d);
			continue;
		}
		if (++d->tries == 100)
			pr_warn("reference %u: domain %u still maps it after 10 s\n", d->ref,
				table[d->ref].domid);
		pp = &d->next;
	}
	if (deferred_list)
		timer_arm(t, clock_ns() + RETRY_NS);
	spin_unlock_irqrestore(&lock, flags);
}

void gnttab_end_access(grant_ref_t ref, void *page)
{
	unsigned long flags;
	struct deferred *d;

	if (ref < GNTTAB_NR_RESERVED_ENTRIES || ref >= nr_refs) {
		pr_err("end of access to reference %u, which is not ours: ignored\n", ref);
		return;
	}
	spin_lock_irqsave(&lock, flags);
	if (gnttab_try_end_access(ref)) {
		put_free(ref);
		spin_unlock_irqrestore(&lock, flags);
		if (page)
			free_page_va(page);
		return;
	}
	/* The peer still maps it: neither the reference nor the page may be reused yet. */
	stats.deferred++;
	d = kmalloc(sizeof(*d));
	if (!d) {
		/* Leaked for good rather than reused too early. */
		spin_unlock_irqrestore(&lock, flags);
		pr_err("reference %u still mapped and no memory to track it: leaked\n", ref);
		return;
	}
	d->ref = ref;
	d->page = page;
	d->tries = 0;
	d->next = deferred_list;
	deferred_list = d;
	if (!deferred_timer.pending)
		timer_arm(&deferred_timer, clock_ns() + RETRY_NS);
	spin_unlock_irqrestore(&lock, flags);
}

void gnttab_setup(struct grant_entry_v1 *entries, unsigned int n, u32 *free_links)
{
	table = entries;
	next_free = free_links;
	nr_refs = n;
	free_head = REF_END;
	nr_free = 0;
	for (u32 r = nr_refs - 1; r >= GNTTAB_NR_RESERVED_ENTRIES; r--)
		put_free(r);
	timer_init(&deferred_timer, deferred_retry);
}

int gnttab_init(void)
{
	struct grant_entry_v1 *t;
	unsigned int n = 0;
	u32 *links;

	if (table)
		return 0;
	if (!xen_domu_ops) {
		pr_err("no domU mapping layer: not a Xen domU\n");
		return -ENODEV;
	}
	t = xen_domu_ops->grant_table_map(WANT_FRAMES, &n);
	links = t ? kmalloc(n * ENTRIES_PER_FRAME * sizeof(u32)) : NULL;
	if (!t || !links) {
		pr_err("cannot map the grant table or its free list\n");
		kfree(links);
		return -ENOMEM;
	}
	gnttab_setup(t, n * ENTRIES_PER_FRAME, links);
	pr_info("grant table v1: %u frames, %u references\n", n, nr_free);
	return 0;
}

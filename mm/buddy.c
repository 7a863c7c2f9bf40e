/* Buddy page allocator: physical pages handed out in power-of-two blocks. */
#define pr_fmt(fmt) "buddy: " fmt

#include <kernel/compiler.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/types.h>

struct page *page_map;
u64 max_pfn;

/*
 * free_area[o] links the head pages of the free blocks of 2^o pages. Only
 * a block's head carries PG_FREE and its order; the other pages of a free
 * block have no flags, so a merge only has to look at one page.
 */
static struct list_head free_area[MAX_ORDER];
static u64 free_blocks[MAX_ORDER];
static u64 free_total;
static u64 managed_total;
static spinlock_t buddy_lock = SPINLOCK_INIT;
/* Reference counts of user-visible pages (struct page refcount). */
static spinlock_t ref_lock = SPINLOCK_INIT;

static inline unsigned long long ull(u64 v)
{
	return v;
}

/* Caller holds buddy_lock. */
static void add_free_block(struct page *p, unsigned int order)
{
	p->flags = PG_FREE;
	p->order = order;
	list_add(&p->list, &free_area[order]);
	free_blocks[order]++;
}

/* Caller holds buddy_lock. */
static void del_free_block(struct page *p, unsigned int order)
{
	list_del(&p->list);
	p->flags = 0;
	p->order = 0;
	free_blocks[order]--;
}

/*
 * Gives the block at pfn back to the free lists, first merging it with its
 * buddy for as long as that buddy is a whole free block of the same order.
 * Every pfn of the block must already have its flags cleared. Caller holds
 * buddy_lock.
 */
static void merge_and_add(u64 pfn, unsigned int order)
{
	while (order < MAX_ORDER - 1) {
		u64 buddy = pfn ^ (1ULL << order);
		struct page *b;

		/* Blocks never straddle max_pfn, so checking the head is enough. */
		if (buddy >= max_pfn)
			break;
		b = pfn_to_page(buddy);
		if (!(b->flags & PG_FREE) || b->order != order)
			break;
		del_free_block(b, order);
		pfn &= ~(1ULL << order);
		order++;
	}
	add_free_block(pfn_to_page(pfn), order);
}

void buddy_init(struct page *map, u64 nr_pfns)
{
	unsigned long flags;
	unsigned int o;
	u64 pfn;

	spin_lock_irqsave(&buddy_lock, flags);
	memset(map, 0, nr_pfns * sizeof(*map));
	for (pfn = 0; pfn < nr_pfns; pfn++) {
		list_init(&map[pfn].list);
		map[pfn].flags = PG_RESERVED;
	}
	for (o = 0; o < MAX_ORDER; o++) {
		list_init(&free_area[o]);
		free_blocks[o] = 0;
	}
	free_total = 0;
	managed_total = 0;
	page_map = map;
	max_pfn = nr_pfns;
	spin_unlock_irqrestore(&buddy_lock, flags);
}

void buddy_free_range(phys_addr_t start, phys_addr_t end)
{
	unsigned long flags;
	u64 first, last, pfn;
	unsigned int order;

	if (end <= start)
		return;
	/* Written this way so a start just below 2^64 cannot wrap to 0. */
	first = PFN_DOWN(start) + ((start & ~PAGE_MASK) != 0);
	last = PFN_DOWN(end);
	if (last > max_pfn)
		last = max_pfn;
	if (first >= last)
		return;

	spin_lock_irqsave(&buddy_lock, flags);
	/*
	 * Checked before anything is touched: a range that overlaps memory
	 * the allocator already owns would put pages on two lists at once.
	 */
	for (pfn = first; pfn < last; pfn++) {
		struct page *p = pfn_to_page(pfn);

		if (p->flags != PG_RESERVED)
			panic("buddy_free_range: pfn 0x%llx already belongs to the allocator (flags 0x%x)",
			      ull(pfn), p->flags);
	}
	for (pfn = first; pfn < last; pfn++)
		pfn_to_page(pfn)->flags = 0;

	for (pfn = first; pfn < last; pfn += 1ULL << order) {
		order = MAX_ORDER - 1;
		while ((pfn & ((1ULL << order) - 1)) ||
		       pfn + (1ULL << order) > last)
			order--;
		merge_and_add(pfn, order);
	}
	free_total += last - first;
	managed_total += last - first;
	spin_unlock_irqrestore(&buddy_lock, flags);
}

struct page *alloc_pages(unsigned int order)
{
	unsigned long flags;
	struct page *p;
	unsigned int o;

	if (order >= MAX_ORDER)
		return NULL;

	spin_lock_irqsave(&buddy_lock, flags);
	for (o = order; o < MAX_ORDER; o++)
		if (!list_empty(&free_area[o]))
			break;
	if (o == MAX_ORDER) {
		spin_unlock_irqrestore(&buddy_lock, flags);
		return NULL;
	}

	p = list_first_entry(&free_area[o], struct page, list);
	/* Cheap, and stops a scribbled-on list before it spreads. */
	if (p->flags != PG_FREE || p->order != o)
		panic("alloc_pages: pfn 0x%llx on the order %u free list has flags 0x%x order %u",
		      ull(page_to_pfn(p)), o, p->flags, p->order);
	del_free_block(p, o);

	/* Keep the low half each time so the block returned stays aligned. */
	while (o > order) {
		o--;
		add_free_block(p + (1UL << o), o);
	}

	p->flags = PG_HEAD;
	p->order = order;
	p->slab_class = 0;
	p->slab_inuse = 0;
	p->slab_free = NULL;
	p->refcount = 1;
	free_total -= 1ULL << order;
	spin_unlock_irqrestore(&buddy_lock, flags);
	return p;
}

void free_pages(struct page *p, unsigned int order)
{
	unsigned long flags;
	uintptr_t off;
	u64 pfn;

	if (!p)
		return;
	/* Compare addresses, not indices: a wild pointer must not be scaled. */
	off = (uintptr_t)p - (uintptr_t)page_map;
	if (off % sizeof(struct page) || off / sizeof(struct page) >= max_pfn)
		panic("free_pages: %p is not in the page map", p);
	pfn = off / sizeof(struct page);

	if (order >= MAX_ORDER)
		panic("free_pages: pfn 0x%llx freed with order %u", ull(pfn),
		      order);
	if (pfn & ((1ULL << order) - 1))
		panic("free_pages: pfn 0x%llx is not aligned to order %u",
		      ull(pfn), order);

	spin_lock_irqsave(&buddy_lock, flags);
	if (p->flags & PG_FREE)
		panic("free_pages: pfn 0x%llx is already free", ull(pfn));
	if (p->flags & PG_RESERVED)
		panic("free_pages: pfn 0x%llx is reserved", ull(pfn));
	if (p->flags & PG_SLAB)
		panic("free_pages: pfn 0x%llx is still a kmalloc slab",
		      ull(pfn));
	if (!(p->flags & PG_HEAD))
		panic("free_pages: pfn 0x%llx is not the head of an allocated block",
		      ull(pfn));
	if (p->order != order)
		panic("free_pages: pfn 0x%llx was allocated with order %u, freed with order %u",
		      ull(pfn), p->order, order);

	p->flags = 0;
	p->order = 0;
	free_total += 1ULL << order;
	merge_and_add(pfn, order);
	spin_unlock_irqrestore(&buddy_lock, flags);
}

void *alloc_page_zeroed(void)
{
	struct page *p = alloc_pages(0);
	void *va;

	if (!p)
		return NULL;
	va = page_address(p);
	memset(va, 0, PAGE_SIZE);
	return va;
}

void free_page_va(void *va)
{
	phys_addr_t pa;

	if (!va)
		return;
	pa = virt_to_phys(va);
	if (pa & ~PAGE_MASK)
		panic("free_page_va: %p is not page aligned", va);
	if (PFN_DOWN(pa) >= max_pfn)
		panic("free_page_va: %p (pfn 0x%llx) is beyond the page map",
		      va, ull(PFN_DOWN(pa)));
	free_pages(virt_to_page(va), 0);
}

void put_page(struct page *p)
{
	unsigned long flags;
	u32 left;

	spin_lock_irqsave(&ref_lock, flags);
	if (!p->refcount)
		panic("put_page: pfn 0x%llx has no reference left", ull(page_to_pfn(p)));
	left = --p->refcount;
	spin_unlock_irqrestore(&ref_lock, flags);
	if (!left)
		free_pages(p, 0);
}

void get_page_va(void *va)
{
	unsigned long flags;

	spin_lock_irqsave(&ref_lock, flags);
	get_page(virt_to_page(va));
	spin_unlock_irqrestore(&ref_lock, flags);
}

void put_page_va(void *va)
{
	put_page(virt_to_page(va));
}

u64 nr_free_pages(void)
{
	return READ_ONCE(free_total);
}

u64 nr_managed_pages(void)
{
	return READ_ONCE(managed_total);
}

void buddy_free_counts(u64 counts[MAX_ORDER])
{
	unsigned long flags;
	unsigned int o;

	/* Under the lock so the snapshot is one consistent state. */
	spin_lock_irqsave(&buddy_lock, flags);
	for (o = 0; o < MAX_ORDER; o++)
		counts[o] = free_blocks[o];
	spin_unlock_irqrestore(&buddy_lock, flags);
}

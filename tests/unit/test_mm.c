/* Host unit tests for the buddy allocator (mm/buddy.c) and kmalloc (mm/kmalloc.c). */
/*
 * compiler.h defines __always_inline unconditionally; glibc's cdefs.h
 * #undefs it before defining its own, so the kernel header must come first.
 */
#include <kernel/compiler.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/mm.h>

#include "unit.h"

#define ARENA_SIZE  (16UL << 20)
#define NR_PFNS	    (ARENA_SIZE >> PAGE_SHIFT)
#define GRANULE	    16
#define NR_GRANULES (ARENA_SIZE / GRANULE)

/*
 * "Physical memory" is one host allocation: phys 0 is its first byte. It is
 * page aligned so physical and virtual offsets within a page agree, which
 * kmalloc's alignment rules depend on.
 */
static unsigned char *arena;
static struct page *map;

void *phys_to_virt(phys_addr_t pa)
{
	if (pa > ARENA_SIZE) {
		fprintf(stderr, "phys_to_virt(%#llx) outside the arena\n",
			(unsigned long long)pa);
		abort();
	}
	return arena + pa;
}

phys_addr_t virt_to_phys(const void *va)
{
	return (phys_addr_t)((uintptr_t)va - (uintptr_t)arena);
}

/* A fixed-seed generator keeps failures reproducible. */
static uint64_t rng_state;

static void rng_seed(uint64_t seed)
{
	rng_state = seed ? seed : 1;
}

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static uint64_t rng_below(uint64_t n)
{
	return rng() % n;
}

static void shuffle(struct page **v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = rng_below(i);
		struct page *t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

/* The model: which pfns the tests have handed to the allocator. */
static bool model_free[NR_PFNS];

static void setup(void)
{
	if (!arena) {
		arena = aligned_alloc(PAGE_SIZE, ARENA_SIZE);
		map = calloc(NR_PFNS, sizeof(*map));
		if (!arena || !map) {
			fprintf(stderr, "out of host memory\n");
			abort();
		}
	}
	memset(model_free, 0, sizeof(model_free));
	buddy_init(map, NR_PFNS);
}

static void free_range(phys_addr_t start, phys_addr_t end)
{
	for (uint64_t pfn = 0; pfn < NR_PFNS; pfn++)
		if (pfn * PAGE_SIZE >= start && (pfn + 1) * PAGE_SIZE <= end)
			model_free[pfn] = true;
	buddy_free_range(start, end);
}

static uint64_t model_pages(void)
{
	uint64_t n = 0;

	for (uint64_t pfn = 0; pfn < NR_PFNS; pfn++)
		n += model_free[pfn];
	return n;
}

/*
 * With every possible merge done, the free blocks are the largest aligned
 * runs of free pages; that is what a fully coalesced allocator must show.
 */
static void model_counts(uint64_t counts[MAX_ORDER])
{
	memset(counts, 0, MAX_ORDER * sizeof(counts[0]));
	for (uint64_t pfn = 0; pfn < NR_PFNS;) {
		int order;

		if (!model_free[pfn]) {
			pfn++;
			continue;
		}
		for (order = MAX_ORDER - 1; order > 0; order--) {
			uint64_t n = 1ULL << order, i;

			if (pfn % n || pfn + n > NR_PFNS)
				continue;
			for (i = 0; i < n && model_free[pfn + i]; i++)
				;
			if (i == n)
				break;
		}
		counts[order]++;
		pfn += 1ULL << order;
	}
}

static void check_counts(const uint64_t want[MAX_ORDER])
{
	uint64_t got[MAX_ORDER];

	buddy_free_counts(got);
	for (int o = 0; o < MAX_ORDER; o++) {
		if (got[o] != want[o])
			fprintf(stderr, "  order %d:\n", o);
		CHECK_EQ(got[o], want[o]);
	}
}

static void check_coalesced(void)
{
	uint64_t want[MAX_ORDER];

	model_counts(want);
	check_counts(want);
}

/* Holes, unaligned edges, adjacent ranges and ranges past the end. */
static void setup_holes(void)
{
	setup();
	free_range(0x1234, 0x3000); /* pfn 2 only */
	free_range(0x3000, 0x4000); /* pfn 3, merges with pfn 2 */
	free_range(0x5007, 0x123456);
	free_range(0x124000, 0x130000);
	free_range(0x130000, 0x1a0000); /* adjacent to the previous */
	free_range(0x1b0010, 0x1b0ff0); /* less than a page: nothing */
	free_range(0x1c0000, 0x1c0000); /* empty */
	free_range(0x200000, 0x9ff800);
	free_range(0xa01000, ARENA_SIZE + 0x5000); /* clipped to max_pfn */
}

static void test_init_reserved(void)
{
	uint64_t zero[MAX_ORDER] = { 0 };

	setup();
	CHECK_EQ(nr_free_pages(), 0);
	CHECK_EQ(nr_managed_pages(), 0);
	check_counts(zero);
	for (uint64_t pfn = 0; pfn < NR_PFNS; pfn++)
		if (map[pfn].flags != PG_RESERVED) {
			CHECK_EQ(map[pfn].flags, PG_RESERVED);
			break;
		}
	CHECK(alloc_pages(0) == NULL);
	CHECK(alloc_page_zeroed() == NULL);
}

static void test_init_holes(void)
{
	setup_holes();
	CHECK(model_pages() > 0);
	CHECK_EQ(nr_free_pages(), model_pages());
	CHECK_EQ(nr_managed_pages(), model_pages());
	check_coalesced();
	for (uint64_t pfn = 0; pfn < NR_PFNS; pfn++) {
		if (!model_free[pfn] && map[pfn].flags != PG_RESERVED) {
			fprintf(stderr, "  pfn %#llx not reserved\n",
				(unsigned long long)pfn);
			CHECK_EQ(map[pfn].flags, PG_RESERVED);
			break;
		}
	}
	/* Freeing nothing changes nothing. */
	buddy_free_range(0x5000, 0x4000);
	buddy_free_range(0x4001, 0x4fff);
	buddy_free_range(ARENA_SIZE, ARENA_SIZE + 0x10000);
	buddy_free_range(~0ULL - 10, ~0ULL);
	CHECK_EQ(nr_managed_pages(), model_pages());
	check_coalesced();
}

static void test_full_range(void)
{
	uint64_t want[MAX_ORDER] = { 0 };

	setup();
	free_range(0, ARENA_SIZE);
	want[MAX_ORDER - 1] = NR_PFNS >> (MAX_ORDER - 1);
	check_counts(want);
	CHECK_EQ(nr_free_pages(), NR_PFNS);
}

static void test_split_merge(void)
{
	uint64_t want[MAX_ORDER];
	struct page *p;

	setup();
	free_range(0, ARENA_SIZE);
	p = alloc_pages(0);
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_EQ(p->flags, PG_HEAD);
	CHECK_EQ(p->order, 0);
	/* One top block split all the way down leaves one block per order. */
	for (int o = 0; o < MAX_ORDER - 1; o++)
		want[o] = 1;
	want[MAX_ORDER - 1] = (NR_PFNS >> (MAX_ORDER - 1)) - 1;
	check_counts(want);
	CHECK_EQ(nr_free_pages(), NR_PFNS - 1);
	free_pages(p, 0);
	check_coalesced();
	CHECK_EQ(nr_free_pages(), NR_PFNS);
}

static void test_order_too_big(void)
{
	struct page *p;

	setup();
	free_range(0, ARENA_SIZE);
	CHECK(alloc_pages(MAX_ORDER) == NULL);
	CHECK(alloc_pages(MAX_ORDER + 5) == NULL);
	CHECK(alloc_pages(~0u) == NULL);
	CHECK_EQ(nr_free_pages(), NR_PFNS);
	p = alloc_pages(MAX_ORDER - 1);
	CHECK(p != NULL);
	if (p) {
		CHECK_EQ(page_to_pfn(p) % (1 << (MAX_ORDER - 1)), 0);
		free_pages(p, MAX_ORDER - 1);
	}
	check_coalesced();
	free_pages(NULL, 0);
}

static bool page_used[NR_PFNS];
static struct page *allocs[NR_PFNS];

/* Checks a fresh block against the model and marks its pages in use. */
static void claim(struct page *p, unsigned int order)
{
	uint64_t pfn = page_to_pfn(p), n = 1ULL << order;
	bool bad = false;

	CHECK(pfn < NR_PFNS && pfn + n <= NR_PFNS);
	CHECK_EQ(pfn % n, 0);
	CHECK_EQ(p->flags, PG_HEAD);
	CHECK_EQ(p->order, order);
	if (pfn >= NR_PFNS || pfn + n > NR_PFNS)
		return;
	for (uint64_t i = pfn; i < pfn + n; i++) {
		if (page_used[i] || !model_free[i])
			bad = true;
		page_used[i] = true;
	}
	if (bad)
		fprintf(stderr, "  block pfn %#llx order %u overlaps or is not free memory\n",
			(unsigned long long)pfn, order);
	CHECK(!bad);
}

static void test_exhaust_each_order(void)
{
	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		uint64_t initial[MAX_ORDER], left[MAX_ORDER], start;
		size_t n = 0;
		struct page *p;

		setup_holes();
		memset(page_used, 0, sizeof(page_used));
		start = nr_free_pages();
		buddy_free_counts(initial);

		while ((p = alloc_pages(order)) != NULL) {
			claim(p, order);
			allocs[n++] = p;
		}
		CHECK(n > 0);
		CHECK_EQ(nr_free_pages() + (n << order), start);
		buddy_free_counts(left);
		for (unsigned int o = order; o < MAX_ORDER; o++)
			CHECK_EQ(left[o], 0);

		rng_seed(order + 1);
		shuffle(allocs, n);
		for (size_t i = 0; i < n; i++)
			free_pages(allocs[i], order);
		CHECK_EQ(nr_free_pages(), start);
		check_counts(initial);
		check_coalesced();
	}
}

static void test_exhaust_mixed(void)
{
	static unsigned int orders[NR_PFNS];
	uint64_t initial[MAX_ORDER], start;
	size_t n = 0;

	setup_holes();
	memset(page_used, 0, sizeof(page_used));
	start = nr_free_pages();
	buddy_free_counts(initial);
	rng_seed(12345);

	for (;;) {
		unsigned int order = rng_below(MAX_ORDER);
		struct page *p = NULL;

		/* Fall back to smaller orders so memory really runs out. */
		for (int o = order; o >= 0 && !p; o--) {
			p = alloc_pages(o);
			order = o;
		}
		if (!p)
			break;
		claim(p, order);
		orders[n] = order;
		allocs[n++] = p;
	}
	CHECK_EQ(nr_free_pages(), 0);

	/* Shuffle both arrays the same way. */
	for (size_t i = n; i > 1; i--) {
		size_t j = rng_below(i);
		struct page *tp = allocs[i - 1];
		unsigned int to = orders[i - 1];

		allocs[i - 1] = allocs[j];
		allocs[j] = tp;
		orders[i - 1] = orders[j];
		orders[j] = to;
	}
	for (size_t i = 0; i < n; i++) {
		free_pages(allocs[i], orders[i]);
		/* Interleave allocations with frees half of the time. */
		if (i % 2 == 0) {
			struct page *p = alloc_pages(0);

			CHECK(p != NULL);
			if (p)
				free_pages(p, 0);
		}
	}
	CHECK_EQ(nr_free_pages(), start);
	check_counts(initial);
	check_coalesced();
}

static void test_page_zeroed(void)
{
	static void *pages[NR_PFNS];
	size_t n = 0;
	void *va;

	setup();
	free_range(0, ARENA_SIZE);
	va = alloc_page_zeroed();
	CHECK(va != NULL);
	if (!va)
		return;
	CHECK_EQ((uintptr_t)va % PAGE_SIZE, 0);
	CHECK(virt_to_page(va)->flags == PG_HEAD);
	memset(va, 0xff, PAGE_SIZE);
	free_page_va(va);
	free_page_va(NULL);

	while ((va = alloc_page_zeroed()) != NULL) {
		const unsigned char *b = va;
		size_t i;

		for (i = 0; i < PAGE_SIZE && !b[i]; i++)
			;
		CHECK_EQ(i, PAGE_SIZE);
		memset(va, 0xa5, PAGE_SIZE);
		pages[n++] = va;
	}
	CHECK_EQ(n, NR_PFNS);
	CHECK_EQ(nr_free_pages(), 0);
	for (size_t i = 0; i < n; i++)
		free_page_va(pages[i]);
	CHECK_EQ(nr_free_pages(), NR_PFNS);
	check_coalesced();
}

/*
 * kmalloc keeps slabs in static lists across calls, so the buddy allocator
 * under it is set up once; every buddy test above re-initialises freely and
 * must therefore run before the first kmalloc test.
 */
static uint64_t kmalloc_baseline;

static void kmalloc_setup(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	setup_holes();
	/* Leave each class its one cached empty slab up front. */
	for (size_t size = 16; size <= 2048; size *= 2)
		kfree(kmalloc(size));
	kmalloc_baseline = nr_free_pages();
}

/* Which 16-byte granules of the arena are handed out, to catch overlap. */
static uint8_t granule_used[NR_GRANULES / 8];

static bool mark_granules(const void *p, size_t size, bool used)
{
	uint64_t first = virt_to_phys(p) / GRANULE;
	uint64_t n = (size + GRANULE - 1) / GRANULE;
	bool ok = true;

	if (first + n > NR_GRANULES)
		return false;
	for (uint64_t g = first; g < first + n; g++) {
		bool was = granule_used[g / 8] & (1 << (g % 8));

		if (was == used)
			ok = false;
		if (used)
			granule_used[g / 8] |= 1 << (g % 8);
		else
			granule_used[g / 8] &= ~(1 << (g % 8));
	}
	return ok;
}

static size_t expected_class(size_t size)
{
	size_t c = 16;

	while (c < size)
		c *= 2;
	return c;
}

/* User-visible pages are counted: the last put frees, and only the last. */
static void test_page_refcount(void)
{
	struct page *p;
	void *va;
	u64 before;

	setup();
	free_range(0, ARENA_SIZE);
	before = nr_free_pages();
	p = alloc_pages(0);
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_EQ(p->refcount, 1);
	get_page(p);
	va = page_address(p);
	get_page_va(va);
	CHECK_EQ(p->refcount, 3);
	put_page(p);
	put_page_va(va);
	CHECK_EQ(nr_free_pages(), before - 1);
	put_page(p);
	CHECK_EQ(nr_free_pages(), before);
	/* A page freed and handed out again starts from one reference. */
	p = alloc_pages(0);
	CHECK(p != NULL && p->refcount == 1);
	if (p)
		put_page(p);
	CHECK_EQ(nr_free_pages(), before);
}

static void test_kmalloc_classes(void)
{
	static const size_t sizes[] = {
		/* clang-format off */
		0, 1, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128,
		129, 255, 256, 257, 511, 512, 513, 1000, 1023, 1024, 1025,
		2047, 2048,
		/* clang-format on */
	};
	void *objs[ARRAY_SIZE(sizes)];

	kmalloc_setup();
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t want = expected_class(sizes[i]);
		void *p = kmalloc(sizes[i]);
		struct page *page;

		objs[i] = p;
		CHECK(p != NULL);
		if (!p)
			continue;
		CHECK_EQ((uintptr_t)p % 16, 0);
		CHECK_EQ(virt_to_phys(p) % want, 0);
		CHECK_EQ(ksize(p), want);
		page = virt_to_page(p);
		CHECK(page->flags & PG_SLAB);
		CHECK_EQ(16u << page->slab_class, want);
		/* Write the whole usable size; ASan watches the arena edges. */
		memset(p, (int)i + 1, want);
	}
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		const unsigned char *b = objs[i];
		size_t want = expected_class(sizes[i]), j;

		if (!b)
			continue;
		for (j = 0; j < want && b[j] == i + 1; j++)
			;
		CHECK_EQ(j, want);
		kfree(b);
	}
	CHECK_EQ(nr_free_pages(), kmalloc_baseline);
}

static void test_kmalloc_large(void)
{
	static const struct {
		size_t size;
		unsigned int order;
	} cases[] = {
		/* clang-format off */
		{ 2049, 0 }, { 4095, 0 }, { 4096, 0 }, { 4097, 1 },
		{ 8192, 1 }, { 8193, 2 }, { 100000, 5 }, { 1UL << 20, 8 },
		/* clang-format on */
		{ 4UL << 20, 10 },
	};

	kmalloc_setup();
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		uint64_t before = nr_free_pages();
		unsigned char *p = kmalloc(cases[i].size);
		size_t j;

		CHECK(p != NULL);
		if (!p)
			continue;
		CHECK_EQ((uintptr_t)p % PAGE_SIZE, 0);
		CHECK_EQ(ksize(p), PAGE_SIZE << cases[i].order);
		CHECK_EQ(virt_to_page(p)->flags, PG_HEAD);
		CHECK_EQ(virt_to_page(p)->order, cases[i].order);
		CHECK_EQ(before - nr_free_pages(), 1UL << cases[i].order);
		memset(p, 0x5a, ksize(p));
		for (j = 0; j < ksize(p) && p[j] == 0x5a; j++)
			;
		CHECK_EQ(j, ksize(p));
		kfree(p);
		CHECK_EQ(nr_free_pages(), before);
	}
	CHECK(kmalloc((4UL << 20) + 1) == NULL);
	CHECK(kmalloc(64UL << 20) == NULL);
	CHECK(kmalloc(SIZE_MAX) == NULL);
	CHECK(kmalloc(SIZE_MAX - PAGE_SIZE + 2) == NULL);
	CHECK(kzalloc(SIZE_MAX) == NULL);
	CHECK_EQ(nr_free_pages(), kmalloc_baseline);
}

static void test_kfree_null(void)
{
	kmalloc_setup();
	kfree(NULL);
	CHECK_EQ(ksize(NULL), 0);
	CHECK_EQ(nr_free_pages(), kmalloc_baseline);
}

static void test_kzalloc_poison(void)
{
	unsigned char *p, *q;
	size_t i;

	kmalloc_setup();
	for (size_t size = 16; size <= 8192; size *= 2) {
		p = kmalloc(size);
		CHECK(p != NULL);
		if (!p)
			continue;
		memset(p, 0xee, size);
		kfree(p);
		if (size <= 2048) {
			/* Past the free-list link the object is poisoned. */
			for (i = sizeof(void *); i < size && p[i] == 0x6b; i++)
				;
			CHECK_EQ(i, size);
		}
		q = kzalloc(size);
		CHECK(q != NULL);
		if (!q)
			continue;
		/* Same class, most recently freed: very likely the same object. */
		if (size <= 2048)
			CHECK(q == p);
		for (i = 0; i < size && !q[i]; i++)
			;
		CHECK_EQ(i, size);
		kfree(q);
	}
	p = kzalloc(0);
	CHECK(p != NULL);
	CHECK_EQ(ksize(p), 16);
	kfree(p);
	CHECK_EQ(nr_free_pages(), kmalloc_baseline);
}

static void test_kmalloc_no_overlap(void)
{
	enum { N = 3000 };
	static void *objs[N];
	static size_t sizes[N];
	bool ok = true;

	kmalloc_setup();
	memset(granule_used, 0, sizeof(granule_used));
	rng_seed(777);
	for (size_t i = 0; i < N; i++) {
		size_t size = rng_below(10) ? 1 + rng_below(2048) :
					      2049 + rng_below(20000);

		objs[i] = kmalloc(size);
		sizes[i] = size;
		CHECK(objs[i] != NULL);
		if (!objs[i])
			continue;
		if (!mark_granules(objs[i], ksize(objs[i]), true))
			ok = false;
		memset(objs[i], (int)(i & 0xff), ksize(objs[i]));
	}
	CHECK(ok);
	for (size_t i = 0; i < N; i++) {
		const unsigned char *b = objs[i];
		size_t j, n;

		if (!b)
			continue;
		n = ksize(b);
		CHECK(n >= sizes[i]);
		for (j = 0; j < n && b[j] == (i & 0xff); j++)
			;
		if (j != n)
			ok = false;
	}
	CHECK(ok);
	for (size_t i = 0; i < N; i++) {
		if (objs[i])
			mark_granules(objs[i], ksize(objs[i]), false);
		kfree(objs[i]);
	}
	CHECK_EQ(nr_free_pages(), kmalloc_baseline);
}

static void test_slab_pages_returned(void)
{
	enum { N = 3 * (PAGE_SIZE / 16) + 5 };
	static void *objs[N];
	uint64_t before;

	kmalloc_setup();
	before = nr_free_pages();
	for (size_t i = 0; i < N; i++) {
		objs[i] = kmalloc(16);
		CHECK(objs[i] != NULL);
	}
	/* The cached empty slab plus three new ones. */
	CHECK_EQ(before - nr_free_pages(), 3);
	for (size_t i = 0; i < N; i++)
		kfree(objs[i]);
	CHECK_EQ(nr_free_pages(), before);

	/* Freeing in the other order must end the same way. */
	for (size_t i = 0; i < N; i++)
		objs[i] = kmalloc(16);
	for (size_t i = N; i-- > 0;)
		kfree(objs[i]);
	CHECK_EQ(nr_free_pages(), before);
}

static void test_kmalloc_random(void)
{
	/* clang-format off */
	enum { SLOTS = 1024, ROUNDS = 60000 };
	/* clang-format on */
	static unsigned char *slot[SLOTS];
	static size_t slot_size[SLOTS];
	size_t failures = 0;
	bool ok = true;

	kmalloc_setup();
	memset(granule_used, 0, sizeof(granule_used));
	rng_seed(0xdeadbeef);
	for (int r = 0; r < ROUNDS; r++) {
		size_t i = rng_below(SLOTS), size, j;
		uint64_t kind = rng_below(100);

		if (slot[i]) {
			for (j = 0; j < slot_size[i] &&
				    /* clang-format off */
				    slot[i][j] == (unsigned char)(i * 7 + 1); j++)
				/* clang-format on */
				;
			if (j != slot_size[i])
				ok = false;
			if (!mark_granules(slot[i], ksize(slot[i]), false))
				ok = false;
			kfree(slot[i]);
			slot[i] = NULL;
			continue;
		}
		if (kind < 80)
			size = rng_below(2049);
		else if (kind < 97)
			size = 2049 + rng_below(30000);
		else
			size = 32768 + rng_below(200000);
		slot[i] = kmalloc(size);
		if (!slot[i]) {
			failures++;
			continue;
		}
		if ((uintptr_t)slot[i] % 16 || ksize(slot[i]) < size ||
		    !mark_granules(slot[i], ksize(slot[i]), true))
			ok = false;
		slot_size[i] = size;
		memset(slot[i], (unsigned char)(i * 7 + 1), size);
	}
	CHECK(ok);
	for (size_t i = 0; i < SLOTS; i++) {
		kfree(slot[i]);
		slot[i] = NULL;
	}
	if (failures)
		fprintf(stderr, "  (%zu allocations found memory full)\n",
			failures);
	CHECK_EQ(nr_free_pages(), kmalloc_baseline);
}

/* Buddy tests re-initialise the allocator; kmalloc tests must come last. */
static const struct unit_case cases[] = {
	{ "init_reserved", test_init_reserved },
	{ "init_holes", test_init_holes },
	{ "full_range", test_full_range },
	{ "split_merge", test_split_merge },
	{ "order_too_big", test_order_too_big },
	{ "exhaust_each_order", test_exhaust_each_order },
	{ "exhaust_mixed", test_exhaust_mixed },
	{ "page_zeroed", test_page_zeroed },
	{ "page_refcount", test_page_refcount },
	{ "kmalloc_classes", test_kmalloc_classes },
	{ "kmalloc_large", test_kmalloc_large },
	{ "kfree_null", test_kfree_null },
	{ "kzalloc_poison", test_kzalloc_poison },
	{ "kmalloc_no_overlap", test_kmalloc_no_overlap },
	{ "slab_pages_returned", test_slab_pages_returned },
	{ "kmalloc_random", test_kmalloc_random },
};

UNIT_MAIN(cases)

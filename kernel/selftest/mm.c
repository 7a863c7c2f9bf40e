/* Self-tests of the page allocator and kmalloc on the real memory map. */
#include <kernel/mm.h>
#include <kernel/selftest.h>
#include <kernel/string.h>

static int test_buddy(void)
{
	u64 before = nr_free_pages();
	struct page *blocks[MAX_ORDER];

	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		blocks[o] = alloc_pages(o);
		EXPECT(blocks[o]);
		EXPECT(IS_ALIGNED(page_to_pfn(blocks[o]), 1UL << o));
		/* The memory is really there: write every page of the block. */
		for (u64 i = 0; i < (1ULL << o); i++)
			memset((char *)page_address(blocks[o]) + i * PAGE_SIZE, (int)o, PAGE_SIZE);
	}
	EXPECT(nr_free_pages() == before - ((1ULL << MAX_ORDER) - 1));
	EXPECT(alloc_pages(MAX_ORDER) == NULL);
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		free_pages(blocks[o], o);
	EXPECT(nr_free_pages() == before);
	return 0;
}
DEFINE_SELFTEST(buddy, test_buddy, 0);

static int test_kmalloc(void)
{
	void *p[64];
	u64 before;

	kmalloc_shrink();
	before = nr_free_pages();
	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < 64; i++) {
			size_t size = (size_t)(i * 97 + round * 1000) % 9000 + 1;

			p[i] = kmalloc(size);
			EXPECT(p[i]);
			EXPECT(IS_ALIGNED((unsigned long)p[i], 16));
			EXPECT(ksize(p[i]) >= size);
			memset(p[i], i, size);
		}
		for (int i = 0; i < 64; i++) {
			EXPECT(*(unsigned char *)p[i] == i);
			kfree(p[i]);
		}
	}
	kfree(NULL);
	kmalloc_shrink();
	EXPECT(nr_free_pages() == before);
	return 0;
}
DEFINE_SELFTEST(kmalloc, test_kmalloc, 0);

/*
 * Self-tests of the kernel page tables: read-only text, no-execute data
 * and the direct map, read back from the tables the CPU is using.
 */
#include <asm/paravirt.h>
#include <asm/pgtable.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/selftest.h>
#include <kernel/string.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <kernel/vm.h>

extern const char _text[], _etext[], _rodata[], _data[], _end[];

static int test_kernel_protections(void)
{
	u64 *pte;
	static int some_data;
	u32 r[4];
	bool nx;

	cpuid(0x80000001, r);
	nx = r[3] & (1U << 20);

	pte = kernel_lookup_pte((unsigned long)test_kernel_protections);
	EXPECT(pte);
	EXPECT(pte_val(*pte) & _PAGE_PRESENT);
	EXPECT(!(pte_val(*pte) & _PAGE_RW)); /* text read-only */
	EXPECT(!(pte_val(*pte) & _PAGE_NX)); /* and executable */

	pte = kernel_lookup_pte((unsigned long)_rodata);
	EXPECT(pte && !(pte_val(*pte) & _PAGE_RW));
	EXPECT(!nx || (pte_val(*pte) & _PAGE_NX));

	pte = kernel_lookup_pte((unsigned long)&some_data);
	EXPECT(pte && (pte_val(*pte) & _PAGE_RW));
	EXPECT(!nx || (pte_val(*pte) & _PAGE_NX)); /* data not executable */

	EXPECT(read_cr0() & (1UL << 16)); /* WP: ring 0 honours RO */
	EXPECT(read_cr3() == kernel_pgd_phys());
	/* Nothing is mapped at the bottom of the address space. */
	EXPECT(!kernel_lookup_pte(0));
	EXPECT(!kernel_lookup_pte(0x400000));
	return 0;
}
DEFINE_SELFTEST(kernel_protections, test_kernel_protections, 0);

static int test_direct_map(void)
{
	struct page *p = alloc_pages(0);
	u64 *va;

	EXPECT(p);
	va = page_address(p);
	EXPECT((unsigned long)va >= DIRECT_MAP_BASE);
	EXPECT((unsigned long)va < DIRECT_MAP_BASE + DIRECT_MAP_MAX);
	va[0] = 0x1122334455667788ULL;
	/* The kernel image and the direct map alias the same memory. */
	EXPECT(*(volatile u64 *)phys_to_virt(__pa_symbol(_text)) == *(const u64 *)_text);
	EXPECT(virt_to_page(va) == p);
	free_pages(p, 0);
	return 0;
}
DEFINE_SELFTEST(direct_map, test_direct_map, 0);

static int test_tlb_flush(void)
{
	struct page *a = alloc_pages(0), *b = alloc_pages(0);
	unsigned long va = vmap_reserve(PAGE_SIZE);
	u64 *pte;

	EXPECT(a && b && va);
	*(u64 *)page_address(a) = 0xaaaa;
	*(u64 *)page_address(b) = 0xbbbb;
	EXPECT(kernel_map_range(va, page_to_phys(a), PAGE_SIZE, PAGE_KERNEL, false) == 0);
	EXPECT(*(volatile u64 *)va == 0xaaaa);
	pte = kernel_lookup_pte(va);
	EXPECT(pte);
	/* Repoint the mapping; only the flush makes the CPU see it. */
	set_pte(pte, make_pte(page_to_phys(b) | PAGE_KERNEL));
	flush_tlb_one(va);
	EXPECT(*(volatile u64 *)va == 0xbbbb);
	set_pte(pte, make_pte(page_to_phys(a) | PAGE_KERNEL));
	flush_tlb_all();
	EXPECT(*(volatile u64 *)va == 0xaaaa);
	set_pte(pte, 0);
	flush_tlb_one(va);
	free_pages(a, 0);
	free_pages(b, 0);
	return 0;
}
DEFINE_SELFTEST(tlb_flush, test_tlb_flush, 0);

/*
 * A lazy-MMU section: many entries changed inside it must all be there
 * once it ends. (That a batching backend sent them in few calls is its own
 * self-test: arch/x86/xen/selftest_pv.c.)
 */
static int test_lazy_mmu(void)
{
	enum { N = 64 };
	unsigned long va = vmap_reserve(N * PAGE_SIZE);
	struct page *p = alloc_pages(6); /* 64 pages */
	u64 *pte;

	EXPECT(va && p);
	/* Tables for the range exist first, outside the section. */
	EXPECT(kernel_map_range(va, page_to_phys(p), PAGE_SIZE, PAGE_KERNEL, false) == 0);
	lazy_mmu_enter();
	lazy_mmu_enter(); /* nesting: only the outer leave flushes */
	for (int i = 0; i < N; i++)
		EXPECT(kernel_map_range(va + i * PAGE_SIZE, page_to_phys(p) + i * PAGE_SIZE,
					PAGE_SIZE, PAGE_KERNEL, false) == 0);
	lazy_mmu_leave();
	EXPECT(current->lazy_mmu == 1);
	lazy_mmu_leave();
	EXPECT(current->lazy_mmu == 0);
	flush_tlb_all();
	for (int i = 0; i < N; i++)
		*(volatile u64 *)(va + i * PAGE_SIZE) = 0x1000 + i;
	for (int i = 0; i < N; i++)
		EXPECT(((u64 *)page_address(p))[i * PAGE_SIZE / 8] == 0x1000 + (u64)i);
	for (int i = 0; i < N; i++) {
		pte = kernel_lookup_pte(va + i * PAGE_SIZE);
		EXPECT(pte);
		set_pte(pte, 0);
	}
	flush_tlb_all();
	free_pages(p, 6);
	return 0;
}
DEFINE_SELFTEST(lazy_mmu, test_lazy_mmu, 0);

/*
 * Preemption inside a section: another thread, outside any section, maps
 * a page and writes through it at once, which works only if its update is
 * not queued behind ours; ours must have landed when we run again.
 */
static unsigned long other_va;
static struct page *other_page;
static volatile int other_done;

static void lazy_other(void *arg)
{
	(void)arg;
	if (current->lazy_mmu == 0 &&
	    kernel_map_range(other_va, page_to_phys(other_page), PAGE_SIZE, PAGE_KERNEL, false) == 0) {
		/* No TLB flush: a not-present entry is never cached, and a flush would send a queue. */
		*(volatile u64 *)other_va = 0xfeed; /* faults if the update was queued */
		other_done = 1;
	} else {
		other_done = -1;
	}
}

static int test_lazy_mmu_preempt(void)
{
	unsigned long va = vmap_reserve(PAGE_SIZE);
	struct page *p = alloc_pages(0);

	other_va = vmap_reserve(PAGE_SIZE);
	other_page = alloc_pages(0);
	other_done = 0;
	EXPECT(va && p && other_va && other_page);
	/* Tables for both ranges exist first, outside the section. */
	EXPECT(kernel_map_range(va, page_to_phys(p), PAGE_SIZE, PAGE_KERNEL, false) == 0);
	EXPECT(kernel_map_range(other_va, page_to_phys(other_page), PAGE_SIZE, PAGE_KERNEL,
				false) == 0);
	set_pte(kernel_lookup_pte(other_va), 0);
	flush_tlb_one(other_va);

	lazy_mmu_enter();
	EXPECT(kernel_map_range(va, page_to_phys(p), PAGE_SIZE, PAGE_KERNEL, false) == 0);
	EXPECT(kthread_create(lazy_other, NULL, "lazy-other"));
	for (int i = 0; i < 100 && !other_done; i++)
		msleep(2); /* switches away in the middle of the section */
	EXPECT(current->lazy_mmu == 1);
	lazy_mmu_leave();
	EXPECT(other_done == 1);
	EXPECT(*(volatile u64 *)other_va == 0xfeed);
	flush_tlb_one(va);
	*(volatile u64 *)va = 0xbeef;
	EXPECT(((u64 *)page_address(p))[0] == 0xbeef);
	set_pte(kernel_lookup_pte(va), 0);
	set_pte(kernel_lookup_pte(other_va), 0);
	flush_tlb_all();
	free_pages(p, 0);
	free_pages(other_page, 0);
	return 0;
}
DEFINE_SELFTEST(lazy_mmu_preempt, test_lazy_mmu_preempt, 0);

/*
 * A page fault inside a section: a demand-paged user page written from
 * the kernel. The fault handler's update must be in place when the access
 * is retried, or the access faults again forever.
 */
static int test_lazy_mmu_fault(void)
{
	const u64 ua = 0x40000000;
	struct process *p = kzalloc(sizeof(*p));
	struct thread *t = current;
	u64 in = 0x1234567890abcdefULL, out = 0;

	EXPECT(p);
	p->mm = mm_create();
	EXPECT(p->mm);
	EXPECT(vma_map(p->mm, ua, ua + PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, NULL, 0,
		       0) == 0);
	t->proc = p;
	write_cr3(p->mm->pgd);
	lazy_mmu_enter();
	EXPECT(copy_to_user((void *)ua, &in, sizeof(in)) == 0); /* demand fault */
	/* One fault, one page: a queued update would fault again and fill another. */
	EXPECT(p->mm->pages == 1);
	lazy_mmu_leave();
	EXPECT(copy_from_user(&out, (const void *)ua, sizeof(out)) == 0);
	EXPECT(out == in);
	t->proc = NULL;
	write_cr3(kernel_pgd());
	mm_destroy(p->mm);
	kfree(p);
	return 0;
}
DEFINE_SELFTEST(lazy_mmu_fault, test_lazy_mmu_fault, 0);

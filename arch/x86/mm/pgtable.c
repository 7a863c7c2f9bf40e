/*
 * User page tables: allocation with the shared kernel half, walking and
 * freeing the private user half. Table pages are announced to the backend
 * with paravirt_alloc_pt()/paravirt_release_pt() (Xen PV pins them).
 */
#define pr_fmt(fmt) "uvm: " fmt

#include <asm/paravirt.h>
#include <asm/uvm.h>
#include <kernel/mm.h>
#include <kernel/string.h>

#define USER_PGD_ENTRIES 256 /* entries 0-255 cover user space */

static u64 *table(u64 pa)
{
	return phys_to_virt(pa);
}

unsigned int uvm_pgd_order;

u64 uvm_pgd_alloc(void)
{
	struct page *p = alloc_pages(uvm_pgd_order);
	u64 *k = table(kernel_pgd_phys()), *n;

	if (!p)
		return 0;
	n = page_address(p);
	memset(n, 0, PAGE_SIZE << uvm_pgd_order);
	memcpy(n + USER_PGD_ENTRIES, k + USER_PGD_ENTRIES,
	       (PTRS_PER_TABLE - USER_PGD_ENTRIES) * sizeof(u64));
	paravirt_alloc_pt(page_to_pfn(p), PT_LEVEL_P4D);
	if (uvm_pgd_order)
		paravirt_alloc_pt(page_to_pfn(p) + 1, PT_LEVEL_USER_P4D);
	return page_to_phys(p);
}

static void free_level(u64 pa, int level)
{
	u64 *t = table(pa);

	if (level > 1) {
		for (int i = 0; i < PTRS_PER_TABLE; i++) {
			u64 v;

			if (!t[i]) /* empty in every backend's encoding: skip the conversion */
				continue;
			v = pte_val(t[i]);
			if (v & _PAGE_PRESENT)
				free_level(v & PTE_ADDR_MASK, level - 1);
		}
	}
	paravirt_release_pt(pa >> PAGE_SHIFT);
	free_pages(pfn_to_page(pa >> PAGE_SHIFT), 0);
}

void uvm_pgd_free(u64 pgd)
{
	u64 *t = table(pgd);

	/*
	 * The top level goes first: a backend that validates tables (Xen
	 * PV) only lets the lower ones become ordinary pages again once no
	 * pinned table refers to them.
	 */
	if (uvm_pgd_order)
		paravirt_release_pt((pgd >> PAGE_SHIFT) + 1);
	paravirt_release_pt(pgd >> PAGE_SHIFT);
	for (int i = 0; i < USER_PGD_ENTRIES; i++) {
		u64 v;

		if (!t[i])
			continue;
		v = pte_val(t[i]);
		if (v & _PAGE_PRESENT)
			free_level(v & PTE_ADDR_MASK, 3);
	}
	free_pages(pfn_to_page(pgd >> PAGE_SHIFT), uvm_pgd_order);
}

u64 *uvm_pte(u64 pgd, u64 va, bool create)
{
	u64 *t = table(pgd);

	for (int level = 4; level > 1; level--) {
		u64 *e = &t[pt_index(va, level)];
		u64 v = pte_val(*e);

		if (!(v & _PAGE_PRESENT)) {
			struct page *p;

			if (!create)
				return NULL;
			p = alloc_pages(0);
			if (!p)
				return NULL;
			memset(page_address(p), 0, PAGE_SIZE);
			paravirt_alloc_pt(page_to_pfn(p), level - 1);
			v = page_to_phys(p) | _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED;
			set_pte(e, make_pte(v));
		}
		t = table(v & PTE_ADDR_MASK);
	}
	return &t[pt_index(va, 1)];
}

bool cpu_has_nx(void)
{
	static int nx = -1;
	u32 r[4];

	if (nx < 0) {
		cpuid(0x80000001, r);
		nx = !!(r[3] & (1U << 20));
	}
	return nx;
}

u64 uvm_prot_flags(u32 prot, bool nx_ok)
{
	u64 f = _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;

	if (prot & 2) /* PROT_WRITE */
		f |= _PAGE_RW | _PAGE_DIRTY;
	if (!(prot & 4) && nx_ok) /* no PROT_EXEC */
		f |= _PAGE_NX;
	return f;
}

static void walk_level(u64 pa, int level, u64 base, u64 start, u64 end,
		       void (*fn)(u64 *pte, u64 va, void *arg), void *arg)
{
	u64 *t = table(pa);
	u64 span = 1ULL << (PAGE_SHIFT + 9 * (level - 1));
	/* Only the entries the range touches: a one-page walk looks at one per level. */
	int first = start > base ? (int)((start - base) / span) : 0;
	int last = (end - base - 1) / span < PTRS_PER_TABLE ? (int)((end - base - 1) / span) : PTRS_PER_TABLE - 1;

	for (int i = first; i <= last; i++) {
		u64 va = base + i * span, v;

		if (!t[i])
			continue;
		v = pte_val(t[i]);
		if (level == 1) {
			if (v & (_PAGE_PRESENT | _PAGE_PROTNONE))
				fn(&t[i], va, arg);
		} else if (v & _PAGE_PRESENT) {
			walk_level(v & PTE_ADDR_MASK, level - 1, va, start, end, fn, arg);
		}
	}
}

void uvm_walk(u64 pgd, u64 start, u64 end, void (*fn)(u64 *pte, u64 va, void *arg), void *arg)
{
	if (end > USER_TOP)
		end = USER_TOP;
	if (start < end)
		walk_level(pgd, 4, 0, start, end, fn, arg);
}

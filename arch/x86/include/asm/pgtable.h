/*
 * Page-table entries and the kernel's own mappings (arch/x86/mm/).
 * Entries are written only through set_pte() and built with make_pte(),
 * so a PV backend can translate frames and validate updates.
 */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <asm/page.h>
#include <kernel/types.h>

#define _PAGE_PRESENT  (1ULL << 0)
#define _PAGE_RW       (1ULL << 1)
#define _PAGE_USER     (1ULL << 2)
#define _PAGE_PWT      (1ULL << 3)
#define _PAGE_PCD      (1ULL << 4)
#define _PAGE_ACCESSED (1ULL << 5)
#define _PAGE_DIRTY    (1ULL << 6)
#define _PAGE_PSE      (1ULL << 7) /* 2 MiB / 1 GiB page, in a PMD / PUD */
#define _PAGE_GLOBAL   (1ULL << 8)
#define _PAGE_NX       (1ULL << 63)
#define PTE_ADDR_MASK  0x000ffffffffff000ULL

/* Protections for kernel mappings. */
#define PAGE_KERNEL_RX (_PAGE_PRESENT | _PAGE_GLOBAL | _PAGE_ACCESSED)
#define PAGE_KERNEL_RO (_PAGE_PRESENT | _PAGE_GLOBAL | _PAGE_ACCESSED | _PAGE_NX)
#define PAGE_KERNEL    (_PAGE_PRESENT | _PAGE_RW | _PAGE_GLOBAL | _PAGE_ACCESSED | \
		     _PAGE_DIRTY | _PAGE_NX)
#define PAGE_KERNEL_IO (PAGE_KERNEL | _PAGE_PCD | _PAGE_PWT)

/* Levels, as passed to paravirt_alloc_pt(). */
#define PT_LEVEL_PTE 1
#define PT_LEVEL_PMD 2
#define PT_LEVEL_PUD 3
#define PT_LEVEL_P4D 4
/* The user-mode copy of a process's top-level table (the page after it; see uvm.h). */
#define PT_LEVEL_USER_P4D 5

#define PTRS_PER_TABLE 512

static inline unsigned int pt_index(unsigned long va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * (level - 1))) & 511;
}

struct paging_early {
	u64 existing_pgd; /* a top-level table to extend, or 0 for a new one */
	u64 va_offset;	  /* table at physical pa is at virtual pa + this */
	u64 alloc_limit;  /* early table pages come from below this address */
	bool large_pages; /* 2 MiB / 1 GiB pages allowed in the direct map */
};

/* For a backend whose boot-time mappings differ from head.S's (Xen PV). */
void paging_set_early(const struct paging_early *e);

/* Builds the kernel page tables and switches to them (arch/x86/mm/init.c). */
struct boot_info;
void paging_init(struct boot_info *bi);
/* True when [pa, pa + len) lies in the direct map. */
bool direct_map_covers(u64 pa, u64 len);
/* The kernel's top-level table (physical). */
phys_addr_t kernel_pgd_phys(void);

/*
 * Maps [pa, pa + size) at va with the given protection, in the kernel
 * tables, allocating intermediate tables as needed; uses 2 MiB and 1 GiB
 * pages where alignment allows and large is true. 0, -ENOMEM, or -EEXIST
 * when a large page already covers part of the range.
 */
int kernel_map_range(unsigned long va, u64 pa, u64 size, u64 prot, bool large);
/* Returns the entry mapping va at 4 KiB granularity, or NULL. */
u64 *kernel_lookup_pte(unsigned long va);

/* Reserves virtual space in the vmap area (never returned); 0 when full. */
unsigned long vmap_reserve(u64 size);
/* Uncached mapping of device memory in the vmap area; NULL on failure. */
void *ioremap(u64 pa, u64 size);

#endif

/*
 * User page tables on x86 (arch/x86/mm/pgtable.c): the lower half of a
 * process's top-level table is its own; the upper half is copied from the
 * kernel's, whose top-level entries in use (direct map, vmap area, image)
 * are all populated at boot, so they are shared for good. All writes go through set_pte()/make_pte().
 */
#ifndef ASM_UVM_H
#define ASM_UVM_H

#include <asm/pgtable.h>
#include <kernel/types.h>

/* Software bit: a present page made inaccessible by mprotect(PROT_NONE). */
#define _PAGE_PROTNONE (1ULL << 9)

/*
 * log2 of the pages of a process's top level: 0, or 1 when the backend
 * runs user mode on a table of its own without the kernel half (Xen PV:
 * the guest kernel is in ring 3 too, so user mode must not see its
 * mappings). That user-mode copy is the page after the top level, starts
 * empty and is announced as PT_LEVEL_USER_P4D; the backend keeps its user
 * half equal to the top level's.
 */
extern unsigned int uvm_pgd_order;

/* A new top-level table with the kernel half filled in; 0 when out of memory. */
u64 uvm_pgd_alloc(void);
/* Frees the table pages of the user half and the top level (not the pages mapped). */
void uvm_pgd_free(u64 pgd);
/* The last-level entry for va, creating tables when create is set; NULL if none. */
u64 *uvm_pte(u64 pgd, u64 va, bool create);
/* Whether the CPU has no-execute pages (the NX bit is reserved otherwise). */
bool cpu_has_nx(void);
/* PTE flags for a user page with PROT_* protection. */
u64 uvm_prot_flags(u32 prot, bool nx_ok);
/* Calls fn for every entry that maps (or protnone-holds) a page in [start, end). */
void uvm_walk(u64 pgd, u64 start, u64 end, void (*fn)(u64 *pte, u64 va, void *arg), void *arg);

#endif

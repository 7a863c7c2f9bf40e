/*
 * What the files of mm/ share about address spaces and nobody else needs:
 * the area operations madvise and the file mappings build on (the lock,
 * mm_lock(), is in <kernel/vm.h>: device drivers take it too).
 */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include <kernel/types.h>
#include <kernel/vm.h>

/* The area after v on the list, or NULL. */
struct vma *vma_next(struct mm *mm, struct vma *v);
/*
 * The first area that ends above addr: the one holding addr, or the next
 * one up. The list is sorted, so walks start here and stop at the end of
 * their range, and a process with many areas pays only for those below.
 */
struct vma *vma_from(struct mm *mm, u64 addr);
/*
 * Splits areas so that none straddles start or end: the range is then
 * whole areas. -ENOMEM past MAX_MAP_COUNT areas (or out of memory).
 */
int vma_split_range(struct mm *mm, u64 start, u64 end);
/* Joins the areas around [start, end) with neighbours they continue. */
void vma_merge_range(struct mm *mm, u64 start, u64 end);
/*
 * Sets and clears VMA_* flags on the areas in [start, end), splitting
 * those that change (-ENOMEM past MAX_MAP_COUNT areas).
 */
int vma_set_flags(struct mm *mm, u64 start, u64 end, u32 set, u32 clear);
/* Drops the pages mapped in [start, end) of mm; the next touch faults them in again. */
void vm_zap_range(struct mm *mm, u64 start, u64 end);

/* Linux's can_do_mlock(): a limit of 0 locks nothing without CAP_IPC_LOCK. */
bool mlock_can(struct mm *mm);
/* The bytes of mm's locked areas (mlock). */
u64 vm_locked_bytes(const struct mm *mm);
/* Whether more bytes may be locked in mm: RLIMIT_MEMLOCK, unless CAP_IPC_LOCK. */
bool mlock_allowed(struct mm *mm, u64 more);

#endif

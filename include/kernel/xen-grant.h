/*
 * Grant tables v1 (drivers/xen/grant_table.c): letting another domain
 * (a backend) map or copy pages of ours, by reference number.
 */
#ifndef KERNEL_XEN_GRANT_H
#define KERNEL_XEN_GRANT_H

#include <asm/xen/interface.h>
#include <kernel/types.h>

/* Sets up and maps the table (GNTTABOP_setup_table); 0 or -errno. Idempotent. */
int gnttab_init(void);
/* Grants domid access to frame gfn; the reference, or -ENOSPC. */
int gnttab_grant_access(u16 domid, u64 gfn, bool readonly);
/* The same for a page of ours, by its kernel address (direct map or image). */
int gnttab_grant_page(u16 domid, const void *page, bool readonly);
/*
 * Grants domid a page of ours on one of the references every domain
 * keeps for a purpose (GNTTAB_RESERVED_XENSTORE): 0, or -EINVAL for a
 * reference that is not reserved, -ERANGE for a frame v1 cannot hold.
 */
int gnttab_grant_reserved(grant_ref_t ref, u16 domid, const void *page, bool readonly);
/*
 * Revokes the grant if the peer maps it no more (neither GTF_reading nor
 * GTF_writing); true when revoked. The reference stays allocated.
 */
bool gnttab_try_end_access(grant_ref_t ref);
/*
 * Revokes and frees the reference, and then the page (if not NULL, from
 * alloc_page_zeroed). While the peer still maps it, both wait on a
 * deferred list that is retried every 100 ms: neither is reused early.
 */
void gnttab_end_access(grant_ref_t ref, void *page);

struct gnttab_stats {
	unsigned long granted;	     /* grants made */
	unsigned long deferred;	     /* ends that had to wait for the peer */
	unsigned long deferred_done; /* of those, finished since */
	unsigned int free;	     /* references free now */
};
const struct gnttab_stats *gnttab_stats(void);

/* For the unit test: a table in ordinary memory instead of Xen's frames. */
void gnttab_setup(struct grant_entry_v1 *entries, unsigned int n, u32 *free_links);

#endif

/*
 * Encoding pv_ops site replacements (paravirt_encode.c, pure and
 * host-tested) and writing them into kernel text (paravirt_patch.c).
 */
#ifndef ASM_TEXT_PATCHING_H
#define ASM_TEXT_PATCHING_H

#include <kernel/types.h>

#define PV_SITE_MAX 32

enum pv_patch_kind {
	PV_PATCH_INDIRECT, /* left as the compiler emitted it */
	PV_PATCH_INLINE,   /* the backend's instruction bytes */
	PV_PATCH_CALL,	   /* call rel32 to a function */
	PV_PATCH_NOP,	   /* the op does nothing */
};

/*
 * Fills buf[0..site_len) with the replacement for a site at site_addr:
 * the inline bytes, or a call to target, or nothing, padded to site_len
 * with one multi-byte NOP. Returns 0, or -E2BIG when the replacement does
 * not fit the site (nothing is written then), or -ERANGE when target is
 * beyond a rel32 displacement.
 */
int pv_encode_site(u8 *buf, unsigned int site_len, u64 site_addr, enum pv_patch_kind kind,
		   const u8 *insn, unsigned int insn_len, u64 target);

/* Writes one NOP instruction of len bytes (1..8) at buf. */
void pv_encode_nop(u8 *buf, unsigned int len);

#endif

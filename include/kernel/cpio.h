/* The cpio "newc" archive format of an initramfs (lib/cpio.c). */
#ifndef KERNEL_CPIO_H
#define KERNEL_CPIO_H

#include <kernel/types.h>

struct cpio_entry {
	const char *name; /* NUL-terminated inside the archive */
	u32 mode;
	u32 uid, gid;
	u32 nlink;
	u32 mtime;
	const void *data;
	u64 size;
	u64 offset; /* of the header within the archive */
};

/* Called once per entry, the trailer excluded; a non-zero return stops the walk. */
typedef int (*cpio_fn)(const struct cpio_entry *e, void *arg);

/*
 * Walks the archive in buf[0..len). Returns the number of entries, or a
 * negative errno for a malformed archive (bad magic, a header, name or data
 * running past the end, a missing TRAILER!!!), with *err set to a static
 * description and *err_off to the offset where it was found. A callback's
 * non-zero return is passed back as it is.
 */
long cpio_walk(const void *buf, u64 len, cpio_fn fn, void *arg,
	       const char **err, u64 *err_off);

/*
 * Archives one after another, as Linux accepts them (an initramfs with
 * more files appended): cpio_more() skips the zero padding at *pos and
 * tells whether anything follows; cpio_walk_next() walks the archive at
 * *pos like cpio_walk() (offsets are from buf) and on success leaves
 * *pos past its trailer.
 */
bool cpio_more(const void *buf, u64 len, u64 *pos);
long cpio_walk_next(const void *buf, u64 len, u64 *pos, cpio_fn fn, void *arg,
		    const char **err, u64 *err_off);

#endif

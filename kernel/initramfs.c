/*
 * Boot modules as initramfs: each is walked as a newc cpio archive, or
 * several appended to one another. A malformed one is reported with the
 * offset and reason, and left alone.
 */
#define pr_fmt(fmt) "initramfs: " fmt

#include <asm/pgtable.h>
#include <kernel/bootinfo.h>
#include <kernel/cpio.h>
#include <kernel/initramfs.h>
#include <kernel/printk.h>

struct walk_stats {
	u64 files, dirs, bytes;
};

static int count_entry(const struct cpio_entry *e, void *arg)
{
	struct walk_stats *s = arg;

	if ((e->mode & 0170000) == 0040000)
		s->dirs++;
	else
		s->files++;
	s->bytes += e->size;
	return 0;
}

void initramfs_check(const struct boot_info *bi)
{
	if (!bi->nr_modules) {
		pr_info("no boot module\n");
		return;
	}
	for (u32 i = 0; i < bi->nr_modules; i++) {
		const struct boot_module *m = &bi->modules[i];
		struct walk_stats s = { 0 };
		const char *err = NULL;
		u64 off = 0, pos;
		u32 archives;
		long n;

		if (!direct_map_covers(m->base, m->len)) {
			pr_err("module %u at %#llx (%llu bytes) lies outside the memory map; ignored\n",
			       i, (unsigned long long)m->base, (unsigned long long)m->len);
			continue;
		}
		/* Archives appended to the first one add to it (Linux accepts them so). */
		pos = 0;
		archives = 0;
		do {
			n = cpio_walk_next(phys_to_virt(m->base), m->len, &pos, count_entry, &s, &err, &off);
			archives++;
		} while (n >= 0 && cpio_more(phys_to_virt(m->base), m->len, &pos));
		if (n < 0)
			pr_err("module %u (%llu bytes at %#llx) is not a valid newc cpio archive: %s at offset %llu; ignored\n",
			       i, (unsigned long long)m->len, (unsigned long long)m->base,
			       err ? err : "error", (unsigned long long)off);
		else
			pr_info("module %u: cpio archive, %llu files, %llu directories, %llu bytes of data%s\n",
				i, (unsigned long long)s.files, (unsigned long long)s.dirs,
				(unsigned long long)s.bytes, archives > 1 ? " (archives appended)" : "");
	}
}

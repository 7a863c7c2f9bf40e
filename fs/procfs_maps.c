/*
 * procfs: /proc/PID/maps, one line per area as Linux writes it (proc(5)):
 * "start-end perms offset major:minor inode", then, from column 73,
 * the file's path, [heap] or [stack]. Shared anonymous memory is Linux's
 * "/dev/zero (deleted)", a file removed since it was mapped "(deleted)".
 *
 * Files do not remember their names, so a path is found by searching
 * the RAM file systems from the root for the inode (crossing mount
 * points, which ramfs keeps as entries). That costs a walk of the tree
 * per file mapped, paid only by whoever reads the file.
 */
#define pr_fmt(fmt) "procfs: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/string.h>
#include <kernel/vm.h>

#include "fs-internal.h"
#include "procfs-internal.h"

/* The most lines shown: the text is at most 64 KiB anyway. */
#define MAPS_MAX 1024
/* How deep the search for a file's name goes. */
#define SEARCH_DEPTH 12
#define BATCH	     8

struct map_line {
	u64 start, end, off;
	u32 prot, flags;
	struct inode *ino; /* referenced, or NULL */
	bool heap, stack;
};

struct dent {
	u64 ino;
	unsigned int type;
	size_t len;
	char name[NAME_MAX + 1];
};

struct batch {
	struct dent *d;
	int n;
};

static int collect(void *ctx, const char *name, size_t len, u64 ino, unsigned int type)
{
	struct batch *b = ctx;
	struct dent *d;

	if (b->n == BATCH)
		return 1;
	d = &b->d[b->n++];
	d->ino = ino;
	d->type = type;
	d->len = MIN(len, (size_t)NAME_MAX);
	memcpy(d->name, name, d->len);
	d->name[d->len] = '\0';
	return 0;
}

/*
 * Looks for target below dir, whose path (len bytes) is in path; on
 * success the file's path is in path and the result is true.
 */
static bool search(struct inode *dir, struct inode *target, char *path, size_t len, int depth)
{
	struct batch b = { kmalloc(BATCH * sizeof(struct dent)), 0 };
	u64 cookie = 0;
	bool found = false;

	if (!b.d)
		return false;
	do {
		b.n = 0;
		if (dir->iops->readdir(dir, &cookie, collect, &b) < 0)
			break;
		for (int i = 0; i < b.n && !found; i++) {
			struct dent *d = &b.d[i];
			struct inode *child;

			if (name_is_dot(d->name, d->len) || name_is_dotdot(d->name, d->len))
				continue;
			if (d->ino != target->ino && (d->type != DT_DIR || depth == 0))
				continue;
			if (len + 1 + d->len >= PATH_MAX)
				continue;
			child = dir->iops->lookup(dir, d->name, d->len);
			if (IS_ERR(child))
				continue;
			path[len] = '/';
			memcpy(path + len + 1, d->name, d->len + 1);
			if (child == target)
				found = true;
			else if (d->type == DT_DIR && ramfs_is_dir(child))
				found = search(child, target, path, len + 1 + d->len, depth - 1);
			inode_put(child);
		}
	} while (b.n == BATCH && !found);
	kfree(b.d);
	return found;
}

/* Writes the path of a mapped file, or what Linux writes when it has none. */
static void put_file_name(struct proc_text *t, const struct map_line *l, char *path)
{
	struct inode *root = vfs_root();

	if (l->ino->nlink == 0) {
		proc_printf(t, "%s", l->flags & VMA_ANON_SHARED ? "/dev/zero (deleted)" : "(deleted)");
		return;
	}
	path[0] = '\0';
	if (root && ramfs_is_dir(root) && search(root, l->ino, path, 0, SEARCH_DEPTH))
		proc_printf(t, "%s", path);
}

static void show_line(struct proc_text *t, const struct map_line *l, char *path)
{
	u32 dev = l->ino ? l->ino->dev : 0;
	char head[128];
	int n;

	n = snprintf(head, sizeof(head), "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %llu ", (unsigned long long)l->start,
		     (unsigned long long)l->end, l->prot & PROT_READ ? 'r' : '-',
		     l->prot & PROT_WRITE ? 'w' : '-', l->prot & PROT_EXEC ? 'x' : '-',
		     l->flags & VMA_SHARED ? 's' : 'p', (unsigned long long)(l->ino ? l->off : 0),
		     MAJOR(dev), MINOR(dev), (unsigned long long)(l->ino ? l->ino->ino : 0));
	proc_printf(t, "%s", head);
	if (l->ino || l->heap || l->stack) {
		/* Linux pads to 72 columns on a 64-bit machine, then a space: names start at 73. */
		proc_printf(t, "%*s ", n < 72 ? 72 - n : 0, "");
		if (l->ino)
			put_file_name(t, l, path);
		else
			proc_printf(t, "%s", l->heap ? "[heap]" : "[stack]");
	}
	proc_putc(t, '\n');
}

/* Copies p's areas (at most max) into lines under the lock; their number, or -ENOENT. */
static int snapshot(long pid, struct map_line *lines, int max)
{
	unsigned long flags = vfs_lock();
	struct process *p = find_process((int)pid);
	const struct vma *v;
	int n = 0;

	if (!p) {
		vfs_unlock(flags);
		return -ENOENT;
	}
	if (p->mm) {
		list_for_each_entry(v, &p->mm->vmas, list) {
			struct map_line *l = &lines[n];

			if (n == max)
				break;
			l->start = v->start;
			l->end = v->end;
			l->off = v->file_off;
			l->prot = v->prot;
			l->flags = v->flags;
			l->ino = v->file && v->file->inode ? inode_get(v->file->inode) : NULL;
			l->heap = v->flags & VMA_HEAP;
			l->stack = (v->flags & VMA_STACK) && v->end == p->mm->stack_top;
			n++;
		}
	}
	vfs_unlock(flags);
	return n;
}

int proc_pid_maps(struct proc_text *t, long pid)
{
	struct map_line *lines = kmalloc(MAPS_MAX * sizeof(*lines));
	char *path = kmalloc(PATH_MAX);
	int n = -ENOMEM;

	if (!lines || !path)
		goto out;
	n = snapshot(pid, lines, MAPS_MAX);
	for (int i = 0; i < n; i++) {
		show_line(t, &lines[i], path);
		inode_put(lines[i].ino);
	}
out:
	kfree(lines);
	kfree(path);
	return n < 0 ? n : 0;
}

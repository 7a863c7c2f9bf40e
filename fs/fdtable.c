/*
 * Per-process descriptor tables: slots each holding an open file
 * reference, and a close-on-exec bit per slot. A table starts with the
 * NR_OPEN_DEFAULT slots it carries inside itself and grows on demand, in
 * steps that at least double it, up to the caller's RLIMIT_NOFILE: a
 * descriptor number at or above that limit is refused (EMFILE for the
 * lowest free one, EBADF for an explicit one, as dup2 asks).
 *
 * The threads of a process (CLONE_FILES) share a table, and the kernel
 * preempts: every look at the slots is under the file-system lock, and a
 * file used after it is taken with a reference (fget). Growth allocates
 * outside the lock and installs the bigger arrays under it, unless
 * another thread grew the table meanwhile.
 */
#define pr_fmt(fmt) "vfs: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/proc.h>
#include <kernel/resource.h>
#include <kernel/mm.h>
#include <kernel/string.h>

#include "fs-internal.h"

_Static_assert(NR_OPEN_DEFAULT % 64 == 0, "whole close-on-exec words");
_Static_assert(NR_OPEN_MAX % 64 == 0, "whole close-on-exec words");

static inline u64 fd_bit(int fd)
{
	return 1ULL << (fd % 64);
}

static inline u64 *cloexec_word(const struct files *fs, int fd)
{
	return &fs->cloexec[fd / 64];
}

static inline bool fd_in_table(const struct files *fs, int fd)
{
	return fs && fd >= 0 && (unsigned int)fd < fs->max_fds;
}

unsigned int fd_limit(void)
{
	struct process *p = current_proc();
	u64 lim = p ? proc_rlimit(p, RLIMIT_NOFILE) : NR_OPEN_MAX;

	return (unsigned int)MIN(lim, (u64)NR_OPEN_MAX);
}

static void files_init(struct files *fs)
{
	fs->fd = fs->fd_array;
	fs->cloexec = fs->cloexec_array;
	fs->max_fds = NR_OPEN_DEFAULT;
}

struct files *files_alloc(void)
{
	struct files *fs = kzalloc(sizeof(*fs));

	if (fs)
		files_init(fs);
	return fs;
}

/* Frees arrays that are not the table's own. */
static void free_arrays(struct files *fs, struct file **fd, u64 *cloexec)
{
	if (fd != fs->fd_array)
		kfree(fd);
	if (cloexec != fs->cloexec_array)
		kfree(cloexec);
}

/*
 * Makes room for at least nr slots: 0, or -ENOMEM. The slots beyond the
 * old end are empty. Called not under the lock; the threads sharing the
 * table may grow it at the same time.
 */
static int expand(struct files *fs, unsigned int nr)
{
	unsigned int size = ALIGN_UP(MAX(nr, 2 * fs->max_fds), 64U);
	struct file **fd, **old_fd;
	u64 *cloexec, *old_cloexec;
	unsigned long flags;

	if (nr <= fs->max_fds)
		return 0;
	size = MIN(size, (unsigned int)NR_OPEN_MAX);
	fd = kzalloc((size_t)size * sizeof(*fd));
	cloexec = kzalloc(size / 64 * sizeof(u64));
	if (!fd || !cloexec) {
		kfree(fd);
		kfree(cloexec);
		return -ENOMEM;
	}
	flags = vfs_lock();
	/* Another thread sharing the table may have grown it while we allocated. */
	if (fs->max_fds >= size) {
		vfs_unlock(flags);
		kfree(fd);
		kfree(cloexec);
		return 0;
	}
	memcpy(fd, fs->fd, (size_t)fs->max_fds * sizeof(*fd));
	memcpy(cloexec, fs->cloexec, fs->max_fds / 64 * sizeof(u64));
	old_fd = fs->fd;
	old_cloexec = fs->cloexec;
	fs->fd = fd;
	fs->cloexec = cloexec;
	fs->max_fds = size;
	vfs_unlock(flags);
	free_arrays(fs, old_fd, old_cloexec);
	return 0;
}

/* The number of slots up to the highest one in use. */
static unsigned int used_slots(const struct files *fs)
{
	unsigned int n = fs->max_fds;

	while (n > NR_OPEN_DEFAULT && !fs->fd[n - 1])
		n--;
	return n;
}

struct files *files_dup(const struct files *src)
{
	struct files *fs = files_alloc();
	unsigned long flags;
	unsigned int n;

	if (!fs || !src)
		return fs;
	/* A sibling thread may open more meanwhile: those are not copied, as if opened after. */
	n = used_slots(src);
	if (expand(fs, n)) {
		kfree(fs);
		return NULL;
	}
	flags = vfs_lock();
	for (unsigned int i = 0; i < n; i++)
		fs->fd[i] = file_get(src->fd[i]);
	memcpy(fs->cloexec, src->cloexec, ALIGN_UP(n, 64U) / 64 * sizeof(u64));
	vfs_unlock(flags);
	return fs;
}

/* Empties the slots whose close-on-exec bit is set (all of them with all), dropping each file. */
static void close_matching(struct files *fs, bool all)
{
	if (!fs)
		return;
	for (unsigned int i = 0; i < fs->max_fds; i++) {
		unsigned long flags = vfs_lock();
		struct file *f = fs->fd[i];

		if (f && (all || (*cloexec_word(fs, i) & fd_bit(i)))) {
			fs->fd[i] = NULL;
			*cloexec_word(fs, i) &= ~fd_bit(i);
		} else {
			f = NULL;
		}
		vfs_unlock(flags);
		/* Releases may sleep or wake others: not under the lock. */
		if (f)
			filp_close(f, fs);
	}
}

void files_close_all(struct files *fs)
{
	if (!fs)
		return;
	close_matching(fs, true);
	free_arrays(fs, fs->fd, fs->cloexec);
	kfree(fs);
}

void files_close_on_exec(struct files *fs)
{
	close_matching(fs, false);
}

/* Puts f in the empty slot fd, with its close-on-exec bit. Under the lock. */
static void set_slot(struct files *fs, int fd, struct file *f, bool cloexec)
{
	fs->fd[fd] = f;
	if (cloexec)
		*cloexec_word(fs, fd) |= fd_bit(fd);
	else
		*cloexec_word(fs, fd) &= ~fd_bit(fd);
}

int fd_install(struct files *fs, struct file *f, int min, bool cloexec)
{
	unsigned int limit = fd_limit();
	unsigned long flags;
	int fd, err;

	if (!fs || !f || min < 0)
		return -EINVAL;
	for (;;) {
		flags = vfs_lock();
		for (fd = min; (unsigned int)fd < MIN(fs->max_fds, limit); fd++) {
			if (!fs->fd[fd]) {
				set_slot(fs, fd, f, cloexec);
				vfs_unlock(flags);
				return fd;
			}
		}
		vfs_unlock(flags);
		/* Every slot below the limit is taken, or the next free one is past the table. */
		fd = MAX(min, (int)fs->max_fds);
		if ((unsigned int)fd >= limit)
			return -EMFILE;
		err = expand(fs, fd + 1);
		if (err)
			return err;
	}
}

struct file *fd_get(struct files *fs, int fd)
{
	if (!fd_in_table(fs, fd))
		return NULL;
	return fs->fd[fd];
}

struct file *fd_replace(struct files *fs, int fd, struct file *f, bool cloexec)
{
	unsigned long flags;
	struct file *old;
	int err;

	if (!fs || fd < 0 || (unsigned int)fd >= fd_limit())
		return ERR_PTR(-EBADF);
	err = expand(fs, fd + 1);
	if (err)
		return ERR_PTR(err);
	flags = vfs_lock();
	old = fs->fd[fd];
	set_slot(fs, fd, f, cloexec);
	vfs_unlock(flags);
	return old;
}

struct file *fd_remove(struct files *fs, int fd)
{
	unsigned long flags;
	struct file *f;

	if (!fd_in_table(fs, fd))
		return NULL;
	flags = vfs_lock();
	f = fs->fd[fd];
	fs->fd[fd] = NULL;
	*cloexec_word(fs, fd) &= ~fd_bit(fd);
	vfs_unlock(flags);
	return f;
}

int fd_set_cloexec(struct files *fs, int fd, bool on)
{
	unsigned long flags;

	flags = vfs_lock();
	if (!fd_get(fs, fd)) {
		vfs_unlock(flags);
		return -EBADF;
	}
	if (on)
		*cloexec_word(fs, fd) |= fd_bit(fd);
	else
		*cloexec_word(fs, fd) &= ~fd_bit(fd);
	vfs_unlock(flags);
	return 0;
}

int fd_get_cloexec(struct files *fs, int fd)
{
	unsigned long flags = vfs_lock();
	int rc = fd_get(fs, fd) ? !!(*cloexec_word(fs, fd) & fd_bit(fd)) : -EBADF;

	vfs_unlock(flags);
	return rc;
}

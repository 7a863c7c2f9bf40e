/*
 * Per-process descriptor tables: NR_OPEN slots, each an open file
 * reference, and a close-on-exec bit per slot.
 */
#define pr_fmt(fmt) "vfs: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/proc.h>
#include <kernel/resource.h>
#include <kernel/mm.h>

#include "fs-internal.h"

_Static_assert(NR_OPEN <= 64, "one close-on-exec bit per descriptor in a u64");

static inline u64 fd_bit(int fd)
{
	return 1ULL << fd;
}

static inline bool fd_valid(int fd)
{
	return fd >= 0 && fd < NR_OPEN;
}

struct files *files_alloc(void)
{
	return kzalloc(sizeof(struct files));
}

struct files *files_dup(const struct files *src)
{
	struct files *fs = kzalloc(sizeof(*fs));
	unsigned long flags;

	if (!fs || !src)
		return fs;
	flags = vfs_lock();
	for (int i = 0; i < NR_OPEN; i++)
		fs->fd[i] = file_get(src->fd[i]);
	fs->cloexec = src->cloexec;
	vfs_unlock(flags);
	return fs;
}

/* Empties the slots whose bit is set in which, then drops the files. */
static void close_matching(struct files *fs, u64 which)
{
	struct file *victims[NR_OPEN];
	unsigned long flags;
	int n = 0;

	if (!fs)
		return;
	flags = vfs_lock();
	for (int i = 0; i < NR_OPEN; i++) {
		if (!(which & fd_bit(i)) || !fs->fd[i])
			continue;
		victims[n++] = fs->fd[i];
		fs->fd[i] = NULL;
		fs->cloexec &= ~fd_bit(i);
	}
	vfs_unlock(flags);
	/* Releases may sleep or wake others: not under the lock. */
	for (int i = 0; i < n; i++)
		filp_close(victims[i], fs);
}

void files_close_all(struct files *fs)
{
	close_matching(fs, ~0ULL);
	kfree(fs);
}

void files_close_on_exec(struct files *fs)
{
	if (fs)
		close_matching(fs, fs->cloexec);
}

int fd_install(struct files *fs, struct file *f, int min, bool cloexec)
{
	unsigned long flags;
	int fd = -EMFILE, limit = NR_OPEN;

	if (!fs || !f || min < 0)
		return -EINVAL;
	/* RLIMIT_NOFILE of the calling process caps the descriptor numbers. */
	if (current_proc() && proc_rlimit(current_proc(), RLIMIT_NOFILE) < NR_OPEN)
		limit = (int)proc_rlimit(current_proc(), RLIMIT_NOFILE);
	flags = vfs_lock();
	for (int i = min; i < limit; i++) {
		if (!fs->fd[i]) {
			fs->fd[i] = f;
			if (cloexec)
				fs->cloexec |= fd_bit(i);
			else
				fs->cloexec &= ~fd_bit(i);
			fd = i;
			break;
		}
	}
	vfs_unlock(flags);
	return fd;
}

struct file *fd_get(struct files *fs, int fd)
{
	if (!fs || !fd_valid(fd))
		return NULL;
	return fs->fd[fd];
}

struct file *fd_replace(struct files *fs, int fd, struct file *f, bool cloexec)
{
	unsigned long flags;
	struct file *old;

	if (!fs || !fd_valid(fd))
		return ERR_PTR(-EBADF);
	flags = vfs_lock();
	old = fs->fd[fd];
	fs->fd[fd] = f;
	if (cloexec)
		fs->cloexec |= fd_bit(fd);
	else
		fs->cloexec &= ~fd_bit(fd);
	vfs_unlock(flags);
	return old;
}

struct file *fd_remove(struct files *fs, int fd)
{
	unsigned long flags;
	struct file *f;

	if (!fs || !fd_valid(fd))
		return NULL;
	flags = vfs_lock();
	f = fs->fd[fd];
	fs->fd[fd] = NULL;
	fs->cloexec &= ~fd_bit(fd);
	vfs_unlock(flags);
	return f;
}

int fd_set_cloexec(struct files *fs, int fd, bool on)
{
	unsigned long flags;

	if (!fd_get(fs, fd))
		return -EBADF;
	flags = vfs_lock();
	if (on)
		fs->cloexec |= fd_bit(fd);
	else
		fs->cloexec &= ~fd_bit(fd);
	vfs_unlock(flags);
	return 0;
}

int fd_get_cloexec(struct files *fs, int fd)
{
	if (!fd_get(fs, fd))
		return -EBADF;
	return !!(fs->cloexec & fd_bit(fd));
}

/*
 * memfd_create(): a RAM file that no directory names, opened read-write,
 * as shared memory passed by descriptor. It is a ramfs file with its
 * write wrapped to enforce seals: with MFD_ALLOW_SEALING, fcntl's
 * F_ADD_SEALS forbids growing, shrinking or writing from then on, and
 * F_SEAL_SEAL forbids further seals (without it, F_SEAL_SEAL is set from
 * the start). Seals live with the open file: nothing can open the inode
 * again by name, so every descriptor of it shares that file.
 */
#define pr_fmt(fmt) "memfd: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/unistd.h>

#include "fs-internal.h"

#define MFD_CLOEXEC	  0x0001U
#define MFD_ALLOW_SEALING 0x0002U
#define MFD_NOEXEC_SEAL	  0x0008U
#define MFD_EXEC	  0x0010U

#define F_GET_SEALS 1034

#define F_SEAL_SEAL	    0x0001U
#define F_SEAL_SHRINK	    0x0002U
#define F_SEAL_GROW	    0x0004U
#define F_SEAL_WRITE	    0x0008U
#define F_SEAL_FUTURE_WRITE 0x0010U
#define F_SEAL_EXEC	    0x0020U
#define SEALS_ALL                                                                         \
	(F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_FUTURE_WRITE | \
	 F_SEAL_EXEC)

/* The longest name: "memfd:" and it fit in NAME_MAX. */
#define MEMFD_NAME_MAX (NAME_MAX - 6)

struct memfd {
	u32 seals;
	char name[MEMFD_NAME_MAX + 1];
};

/* ramfs's file operations with write checked against the seals. */
static struct file_ops memfd_fops;
static const struct file_ops *ramfs_fops;

static struct memfd *file_memfd(struct file *f)
{
	return f && ramfs_fops && f->ops == &memfd_fops ? f->priv : NULL;
}

static ssize_t memfd_write(struct file *f, const void *buf, size_t n, u64 *pos)
{
	struct memfd *m = f->priv;
	u64 end = ((f->flags & O_APPEND) ? f->inode->size : *pos) + n;

	if (m->seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))
		return -EPERM;
	if ((m->seals & F_SEAL_GROW) && end > f->inode->size)
		return -EPERM;
	return ramfs_fops->write(f, buf, n, pos);
}

static void memfd_release(struct file *f)
{
	kfree(f->priv);
	if (ramfs_fops->release)
		ramfs_fops->release(f);
}

int memfd_may_truncate(struct file *f, u64 size)
{
	struct memfd *m = file_memfd(f);

	if (!m)
		return 0;
	if ((m->seals & F_SEAL_SHRINK) && size < f->inode->size)
		return -EPERM;
	if ((m->seals & F_SEAL_GROW) && size > f->inode->size)
		return -EPERM;
	return 0;
}

long memfd_fcntl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct memfd *m = file_memfd(f);

	if (!m)
		return -EINVAL;
	if (cmd == F_GET_SEALS)
		return m->seals;
	if (arg & ~(unsigned long)SEALS_ALL)
		return -EINVAL;
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return -EPERM;
	if (m->seals & F_SEAL_SEAL)
		return -EPERM;
	m->seals |= (u32)arg;
	return 0;
}

/* /proc/PID/fd/N: as Linux names it, a file no directory holds. */
static int memfd_link_name(struct file *f, char *buf, size_t size)
{
	struct memfd *m = f->priv;

	return snprintf(buf, size, "/memfd:%s (deleted)", m->name);
}

static long sys_memfd_create(unsigned long uname, unsigned long flags)
{
	struct memfd *m;
	struct file *f;
	long len;
	int fd;

	if (flags & ~(unsigned long)(MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_NOEXEC_SEAL | MFD_EXEC))
		return -EINVAL;
	if ((flags & MFD_NOEXEC_SEAL) && (flags & MFD_EXEC))
		return -EINVAL;
	m = kzalloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	len = strncpy_from_user(m->name, (const char *)uname, sizeof(m->name));
	if (len < 0) {
		kfree(m);
		return len == -ENAMETOOLONG ? -EINVAL : len;
	}
	m->seals = flags & MFD_ALLOW_SEALING ? 0 : F_SEAL_SEAL;
	if (flags & MFD_NOEXEC_SEAL)
		m->seals |= F_SEAL_EXEC;
	f = ramfs_anon_file(0);
	if (IS_ERR(f)) {
		kfree(m);
		return PTR_ERR(f);
	}
	if (!ramfs_fops) {
		ramfs_fops = f->ops;
		memfd_fops = *f->ops;
		memfd_fops.write = memfd_write;
		memfd_fops.release = memfd_release;
		memfd_fops.link_name = memfd_link_name;
	}
	f->inode->mode = S_IFREG | 0777;
	f->ops = &memfd_fops;
	f->priv = m;
	fd = fd_install(current_files(), f, 0, flags & MFD_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}
SYSCALL(__NR_memfd_create, memfd_create, sys_memfd_create);

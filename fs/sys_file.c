/*
 * System calls on open files: reading and writing, seeking, descriptors
 * (close, dup, pipe; fcntl is fcntl.c), ioctl and directory listing.
 *
 * Data moves through a kernel buffer of at most RW_CHUNK bytes at a time,
 * so file operations never touch user memory; a fault costs -EFAULT.
 */
#define pr_fmt(fmt) "vfs: " fmt

#include <kernel/blkdev.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>

#include "fs-internal.h"

/* Linux's cap on one read or write: keeps byte counts well inside ssize_t. */
#define MAX_RW_COUNT 0x7ffff000UL
#define UIO_MAXIOV   1024

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define FIONCLEX 0x5450
#define FIOCLEX	 0x5451
#define FIONBIO	 0x5421

struct iovec {
	void *base;
	size_t len;
};

struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;
	u16 d_reclen;
	u8 d_type;
	char d_name[]; /* at offset 19: sizeof() is padded to 24 */
};

#define DIRENT_NAME_OFF __builtin_offsetof(struct linux_dirent64, d_name)

/* ---------------------------------------------------------------- helpers */

struct files *current_files(void)
{
	struct process *p = current_proc();

	return p ? p->files : NULL;
}

struct file *fget_raw(int fd)
{
	struct file *f;
	unsigned long flags = vfs_lock();

	f = file_get(fd_get(current_files(), fd));
	vfs_unlock(flags);
	return f;
}

struct file *fget(int fd)
{
	struct file *f = fget_raw(fd);

	/* An O_PATH descriptor names a file without opening it: EBADF for I/O. */
	if (f && (f->flags & O_PATH)) {
		file_put(f);
		return NULL;
	}
	return f;
}

char *getname(const char *upath, bool allow_empty, int *err)
{
	char *buf = kmalloc(PATH_MAX);
	long n;

	if (!buf) {
		*err = -ENOMEM;
		return NULL;
	}
	n = strncpy_from_user(buf, upath, PATH_MAX);
	if (n == 0 && !allow_empty)
		n = -ENOENT;
	if (n < 0) {
		kfree(buf);
		*err = (int)n;
		return NULL;
	}
	return buf;
}

struct inode *user_path_lookup(const char *upath, bool follow)
{
	struct inode *ino;
	int err;
	char *path = getname(upath, false, &err);

	if (!path)
		return ERR_PTR(err);
	ino = path_lookup_at(NULL, path, follow);
	kfree(path);
	return ino;
}

int dirfd_base(int dirfd, const char *path, struct inode **base)
{
	struct file *f;
	int err = 0;

	*base = NULL;
	if (path[0] == '/' || dirfd == AT_FDCWD)
		return 0;
	f = fget_raw(dirfd);
	if (!f)
		return -EBADF;
	if (!f->inode || !S_ISDIR(f->inode->mode))
		err = -ENOTDIR;
	else
		*base = inode_get(f->inode);
	file_put(f);
	return err;
}

/* Pipes, sockets and terminals have no position. */
static bool unseekable(const struct file *f)
{
	const struct inode *i = f->inode;

	if (!i || S_ISFIFO(i->mode) || (i->mode & S_IFMT) == S_IFSOCK)
		return true;
	return S_ISCHR(i->mode) && MAJOR(i->rdev) != MEM_MAJOR;
}

/* ---------------------------------------------------------------- read, write */

/* Bounce buffers up to this size live on the kernel stack. */
#define SMALL_RW 256

static ssize_t do_read(struct file *f, char *ubuf, size_t count, u64 *pos)
{
	size_t done = 0, chunk;
	ssize_t ret = 0;
	char small[SMALL_RW];
	char *kbuf;

	if ((f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (f->inode && S_ISDIR(f->inode->mode))
		return -EISDIR;
	if (!f->ops || !f->ops->read)
		return -EINVAL;
	count = MIN(count, MAX_RW_COUNT);
	if (!user_range_ok(ubuf, count))
		return -EFAULT;
	if (count == 0)
		return 0;
	if (f->ops->user_buffers)
		return f->ops->read(f, ubuf, count, pos);
	chunk = MIN(count, (size_t)RW_CHUNK);
	/* Small transfers, the common case for terminals and pipes, need no allocation. */
	kbuf = chunk <= SMALL_RW ? small : kmalloc(chunk);
	if (!kbuf)
		return -ENOMEM;
	while (done < count) {
		size_t n = MIN(count - done, chunk);
		u64 before = *pos;

		ret = f->ops->read(f, kbuf, n, pos);
		if (ret <= 0)
			break;
		if (copy_to_user(ubuf + done, kbuf, ret)) {
			/* A file gets the bytes back; a pipe's or a terminal's are gone. */
			*pos = before;
			ret = -EFAULT;
			break;
		}
		done += ret;
		/*
		 * Short: a terminal line, what a pipe held, the end of a file. A
		 * pipe or a terminal gave what it had: asking again could block.
		 * A file with its own lseek (/dev/kmsg) gives one record a read.
		 */
		if ((size_t)ret < n || unseekable(f) || f->ops->llseek)
			break;
	}
	if (kbuf != small)
		kfree(kbuf);
	return done ? (ssize_t)done : ret;
}

static ssize_t do_write(struct file *f, const char *ubuf, size_t count, u64 *pos)
{
	size_t done = 0, chunk;
	ssize_t ret = 0;
	char small[SMALL_RW];
	char *kbuf;

	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (!f->ops || !f->ops->write)
		return -EINVAL;
	count = MIN(count, MAX_RW_COUNT);
	if (!user_range_ok(ubuf, count))
		return -EFAULT;
	if (count == 0)
		return 0;
	ret = file_write_limit(f, *pos, &count);
	if (ret)
		return ret;
	inode_remove_privs(f->inode);
	if (f->ops->user_buffers)
		return f->ops->write(f, ubuf, count, pos);
	chunk = MIN(count, (size_t)RW_CHUNK);
	/* Small transfers, the common case for terminals and pipes, need no allocation. */
	kbuf = chunk <= SMALL_RW ? small : kmalloc(chunk);
	if (!kbuf)
		return -ENOMEM;
	while (done < count) {
		size_t n = MIN(count - done, chunk);

		if (copy_from_user(kbuf, ubuf + done, n)) {
			ret = -EFAULT;
			break;
		}
		ret = f->ops->write(f, kbuf, n, pos);
		if (ret <= 0)
			break;
		done += ret;
		if ((size_t)ret < n)
			break;
	}
	if (kbuf != small)
		kfree(kbuf);
	return done ? (ssize_t)done : ret;
}

static long sys_read(unsigned long fd, unsigned long buf, unsigned long count)
{
	struct file *f = fget((int)fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = do_read(f, (char *)buf, count, &f->pos);
	file_put(f);
	return ret;
}
SYSCALL(__NR_read, read, sys_read);

static long sys_write(unsigned long fd, unsigned long buf, unsigned long count)
{
	struct file *f = fget((int)fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = do_write(f, (const char *)buf, count, &f->pos);
	file_put(f);
	return ret;
}
SYSCALL(__NR_write, write, sys_write);

/* pread64 and pwrite64: at an explicit offset, leaving the file position alone. */
static long positioned_io(unsigned long fd, unsigned long buf, unsigned long count,
			  unsigned long off, bool write)
{
	struct file *f = fget((int)fd);
	u64 pos = off;
	long ret;

	if (!f)
		return -EBADF;
	ret = -EINVAL;
	if ((long)off < 0)
		goto out;
	ret = -ESPIPE;
	if (unseekable(f))
		goto out;
	ret = write ? do_write(f, (const char *)buf, count, &pos) :
		      do_read(f, (char *)buf, count, &pos);
out:
	file_put(f);
	return ret;
}

static long sys_pread64(unsigned long fd, unsigned long buf, unsigned long count,
			unsigned long off)
{
	return positioned_io(fd, buf, count, off, false);
}
SYSCALL(__NR_pread64, pread64, sys_pread64);

static long sys_pwrite64(unsigned long fd, unsigned long buf, unsigned long count,
			 unsigned long off)
{
	return positioned_io(fd, buf, count, off, true);
}
SYSCALL(__NR_pwrite64, pwrite64, sys_pwrite64);

static long do_iov(unsigned long fd, unsigned long uiov, unsigned long cnt, bool write)
{
	struct file *f = fget((int)fd);
	struct iovec *iov = NULL;
	size_t total = 0;
	long ret;

	if (!f)
		return -EBADF;
	ret = -EINVAL;
	if (cnt > UIO_MAXIOV)
		goto out;
	ret = -ENOMEM;
	iov = kmalloc(cnt ? cnt * sizeof(*iov) : 1);
	if (!iov)
		goto out;
	ret = -EFAULT;
	if (copy_from_user(iov, (const void *)uiov, cnt * sizeof(*iov)))
		goto out;
	ret = -EINVAL;
	for (unsigned long i = 0; i < cnt; i++) {
		if (iov[i].len > MAX_RW_COUNT - total)
			goto out;
		total += iov[i].len;
	}
	total = 0;
	ret = 0;
	for (unsigned long i = 0; i < cnt; i++) {
		ssize_t r;

		if (!iov[i].len)
			continue;
		if (write)
			r = do_write(f, iov[i].base, iov[i].len, &f->pos);
		else
			r = do_read(f, iov[i].base, iov[i].len, &f->pos);
		if (r < 0) {
			ret = total ? (long)total : r;
			goto out;
		}
		total += r;
		/* A pipe or terminal that filled one buffer may have no more: do not wait for it. */
		if ((size_t)r < iov[i].len || (!write && unseekable(f)))
			break;
	}
	ret = total;
out:
	kfree(iov);
	file_put(f);
	return ret;
}

static long sys_readv(unsigned long fd, unsigned long uiov, unsigned long cnt)
{
	return do_iov(fd, uiov, cnt, false);
}
SYSCALL(__NR_readv, readv, sys_readv);

static long sys_writev(unsigned long fd, unsigned long uiov, unsigned long cnt)
{
	return do_iov(fd, uiov, cnt, true);
}
SYSCALL(__NR_writev, writev, sys_writev);

/* Copies between two files through the kernel; busybox cat tries it first. */
static long sys_sendfile(unsigned long out_fd, unsigned long in_fd, unsigned long uoff,
			 unsigned long count)
{
	struct file *in = fget((int)in_fd), *out = fget((int)out_fd);
	size_t done = 0;
	char *kbuf = NULL;
	u64 pos = 0, *posp;
	long ret;

	ret = -EBADF;
	if (!in || !out || (in->flags & O_ACCMODE) == O_WRONLY ||
	    (out->flags & O_ACCMODE) == O_RDONLY)
		goto out;
	ret = -EINVAL;
	if (!in->ops || !in->ops->read || !out->ops || !out->ops->write ||
	    (in->inode && S_ISDIR(in->inode->mode)))
		goto out;
	posp = &in->pos;
	if (uoff) {
		ret = -EFAULT;
		if (copy_from_user(&pos, (void *)uoff, sizeof(pos)))
			goto out;
		ret = -EINVAL;
		if ((s64)pos < 0)
			goto out;
		posp = &pos;
	}
	count = MIN(count, MAX_RW_COUNT);
	if (count) {
		ret = file_write_limit(out, out->pos, &count);
		if (ret)
			goto out;
	}
	ret = -ENOMEM;
	kbuf = kmalloc(MIN(count ? count : 1, (size_t)RW_CHUNK));
	if (!kbuf)
		goto out;
	ret = 0;
	while (done < count) {
		size_t n = MIN(count - done, (size_t)RW_CHUNK);
		ssize_t r = in->ops->read(in, kbuf, n, posp), w;

		if (r <= 0) {
			ret = r;
			break;
		}
		w = out->ops->write(out, kbuf, r, &out->pos);
		if (w < 0) {
			ret = w;
			break;
		}
		done += w;
		/* Bytes read but not written are lost to a plain read, as on Linux. */
		if (w < r || (size_t)r < n)
			break;
	}
	if (uoff && copy_to_user((void *)uoff, &pos, sizeof(pos)))
		ret = -EFAULT;
	else if (done)
		ret = done;
out:
	kfree(kbuf);
	file_put(in);
	file_put(out);
	return ret;
}
SYSCALL(__NR_sendfile, sendfile, sys_sendfile);

static long sys_lseek(unsigned long fd, unsigned long uoff, unsigned long whence)
{
	struct file *f = fget((int)fd);
	s64 off = (s64)uoff, base;
	long ret;

	if (!f)
		return -EBADF;
	if (f->ops && f->ops->llseek) {
		ret = f->ops->llseek(f, off, (int)whence);
		goto out;
	}
	ret = -ESPIPE;
	if (unseekable(f))
		goto out;
	ret = -EINVAL;
	if (f->inode && S_ISDIR(f->inode->mode)) {
		/* A directory's position is its readdir cookie (what d_off says). */
		if (whence == SEEK_SET && off >= 0)
			f->dir_cookie = off;
		else if (!(whence == SEEK_CUR && off == 0))
			goto out;
		f->pos = f->dir_cookie;
		ret = (long)f->dir_cookie;
		goto out;
	}
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (s64)f->pos;
		break;
	case SEEK_END:
		if (f->ops && f->ops->size)
			base = (s64)f->ops->size(f);
		else
			base = f->inode ? (s64)f->inode->size : 0;
		break;
	default:
		goto out;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		goto out;
	f->pos = base + off;
	ret = (long)f->pos;
out:
	file_put(f);
	return ret;
}
SYSCALL(__NR_lseek, lseek, sys_lseek);

/* ---------------------------------------------------------------- descriptors */

static long sys_close(unsigned long fd)
{
	struct files *files = current_files();
	struct file *f = fd_remove(files, (int)fd);

	if (!f)
		return -EBADF;
	filp_close(f, files);
	return 0;
}
SYSCALL(__NR_close, close, sys_close);

#define CLOSE_RANGE_UNSHARE (1U << 1)
#define CLOSE_RANGE_CLOEXEC (1U << 2)

/*
 * Closes (or marks close-on-exec) every open descriptor from first to
 * last. CLOSE_RANGE_UNSHARE first gives the caller a private copy of a
 * table it shares with other threads (CLONE_FILES), so theirs stay open.
 */
static long sys_close_range(unsigned long first, unsigned long last, unsigned long flags)
{
	struct process *p = current_proc();
	struct files *files = current_files();
	unsigned int fd;

	if (flags & ~(unsigned long)(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
		return -EINVAL;
	if ((unsigned int)first > (unsigned int)last)
		return -EINVAL;
	if ((flags & CLOSE_RANGE_UNSHARE) && p) {
		if (files_unshare(p))
			return -ENOMEM;
		files = current_files();
	}
	for (fd = (unsigned int)first; files && fd < files->max_fds && fd <= (unsigned int)last; fd++) {
		struct file *f;

		if (flags & CLOSE_RANGE_CLOEXEC) {
			fd_set_cloexec(files, (int)fd, true);
			continue;
		}
		f = fd_remove(files, (int)fd);
		if (f)
			filp_close(f, files);
	}
	return 0;
}
SYSCALL(__NR_close_range, close_range, sys_close_range);

long dup_from(struct file *f, int min, bool cloexec)
{
	int fd = fd_install(current_files(), f, min, cloexec);

	if (fd < 0)
		file_put(f);
	return fd;
}

static long sys_dup(unsigned long oldfd)
{
	struct file *f = fget_raw((int)oldfd);

	return f ? dup_from(f, 0, false) : -EBADF;
}
SYSCALL(__NR_dup, dup, sys_dup);

static long do_dup3(unsigned long oldfd, unsigned long newfd, bool cloexec)
{
	struct files *files = current_files();
	struct file *f = fget_raw((int)oldfd), *old;

	if (!f)
		return -EBADF;
	old = fd_replace(files, (int)newfd, f, cloexec);
	if (IS_ERR(old)) {
		file_put(f);
		return PTR_ERR(old);
	}
	if (old)
		filp_close(old, files);
	return (int)newfd;
}

static long sys_dup2(unsigned long oldfd, unsigned long newfd)
{
	if (oldfd == newfd) {
		struct file *f = fget_raw((int)oldfd);

		if (!f)
			return -EBADF;
		file_put(f);
		return (int)newfd;
	}
	return do_dup3(oldfd, newfd, false);
}
SYSCALL(__NR_dup2, dup2, sys_dup2);

static long sys_dup3(unsigned long oldfd, unsigned long newfd, unsigned long flags)
{
	if (flags & ~(unsigned long)O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return do_dup3(oldfd, newfd, flags & O_CLOEXEC);
}
SYSCALL(__NR_dup3, dup3, sys_dup3);

static long sys_pipe2(unsigned long ufds, unsigned long flags)
{
	struct files *files = current_files();
	struct file *r, *w;
	int fds[2];
	long err;

	if (flags & ~(unsigned long)(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	err = pipe_create(&r, &w, flags);
	if (err)
		return err;
	fds[0] = fd_install(files, r, 0, flags & O_CLOEXEC);
	if (fds[0] < 0) {
		err = fds[0];
		file_put(r);
		file_put(w);
		goto out;
	}
	fds[1] = fd_install(files, w, 0, flags & O_CLOEXEC);
	if (fds[1] < 0) {
		err = fds[1];
		file_put(w);
		file_put(fd_remove(files, fds[0]));
		goto out;
	}
	err = 0;
	if (copy_to_user((void *)ufds, fds, sizeof(fds))) {
		file_put(fd_remove(files, fds[0]));
		file_put(fd_remove(files, fds[1]));
		err = -EFAULT;
	}
out:
	return err;
}
SYSCALL(__NR_pipe2, pipe2, sys_pipe2);

static long sys_pipe(unsigned long ufds)
{
	return sys_pipe2(ufds, 0);
}
SYSCALL(__NR_pipe, pipe, sys_pipe);

static long sys_ioctl(unsigned long fd, unsigned long cmd, unsigned long arg)
{
	struct file *f = fget((int)fd);
	int on;
	long ret;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		ret = fd_set_cloexec(current_files(), (int)fd, cmd == FIOCLEX);
		break;
	case FIONBIO:
		ret = -EFAULT;
		if (copy_from_user(&on, (const void *)arg, sizeof(on)))
			break;
		if (on)
			f->flags |= O_NONBLOCK;
		else
			f->flags &= ~(u32)O_NONBLOCK;
		ret = 0;
		break;
	default:
		ret = f->ops && f->ops->ioctl ? f->ops->ioctl(f, (unsigned int)cmd, arg) : -ENOTTY;
		break;
	}
	file_put(f);
	return ret;
}
SYSCALL(__NR_ioctl, ioctl, sys_ioctl);

/* Files in memory need nothing; a block device flushes its disk's cache. */
static long sys_fsync(unsigned long fd)
{
	struct file *f = fget((int)fd);
	long ret = 0;

	if (!f)
		return -EBADF;
	if (f->ops && f->ops->fsync)
		ret = f->ops->fsync(f);
	file_put(f);
	return ret;
}
SYSCALL(__NR_fsync, fsync, sys_fsync);
SYSCALL(__NR_fdatasync, fdatasync, sys_fsync);

static long sys_sync(void)
{
	blkdev_sync_all();
	return 0;
}
SYSCALL(__NR_sync, sync, sys_sync);

static long sys_ftruncate(unsigned long fd, unsigned long len)
{
	struct file *f = fget((int)fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = -EINVAL;
	if ((long)len < 0 || !f->inode || (f->flags & O_ACCMODE) == O_RDONLY)
		goto out;
	ret = memfd_may_truncate(f, len);
	if (!ret)
		ret = vfs_truncate(f->inode, len);
out:
	file_put(f);
	return ret;
}
SYSCALL(__NR_ftruncate, ftruncate, sys_ftruncate);

/* ---------------------------------------------------------------- getdents64 */

struct dirent_buf {
	char *buf;
	size_t size, used;
	struct linux_dirent64 *last;
	u64 *cookie;
	bool full;
};

static int fill_dirent(void *ctx, const char *name, size_t len, u64 ino, unsigned int type)
{
	struct dirent_buf *db = ctx;
	size_t reclen = ALIGN_UP(DIRENT_NAME_OFF + len + 1, 8);
	struct linux_dirent64 *d;

	if (reclen > db->size - db->used) {
		db->full = true;
		return 1;
	}
	/* The previous entry ends where this one starts: that is its d_off. */
	if (db->last)
		db->last->d_off = (s64)*db->cookie;
	d = (struct linux_dirent64 *)(db->buf + db->used);
	d->d_ino = ino;
	d->d_off = 0;
	d->d_reclen = (u16)reclen;
	d->d_type = (u8)type;
	memcpy(d->d_name, name, len);
	memset(d->d_name + len, 0, reclen - DIRENT_NAME_OFF - len);
	db->last = d;
	db->used += reclen;
	return 0;
}

static long sys_getdents64(unsigned long fd, unsigned long udirp, unsigned long count)
{
	struct file *f = fget((int)fd);
	struct dirent_buf db = { 0 };
	struct inode *dir;
	u64 cookie;
	long ret;

	if (!f)
		return -EBADF;
	dir = f->inode;
	ret = -ENOTDIR;
	if (!dir || !S_ISDIR(dir->mode) || !dir->iops || !dir->iops->readdir)
		goto out;
	ret = -EFAULT;
	if (!user_range_ok((void *)udirp, count))
		goto out;
	db.size = MIN(count, (unsigned long)RW_CHUNK);
	ret = -ENOMEM;
	db.buf = kmalloc(db.size ? db.size : 1);
	if (!db.buf)
		goto out;
	cookie = f->dir_cookie;
	db.cookie = &cookie;
	ret = dir->iops->readdir(dir, &cookie, fill_dirent, &db);
	if (ret < 0)
		goto out;
	ret = -EINVAL;
	if (!db.used && db.full)
		goto out; /* not even one entry fits */
	if (db.last)
		db.last->d_off = (s64)cookie;
	ret = -EFAULT;
	if (copy_to_user((void *)udirp, db.buf, db.used))
		goto out;
	/* Only now are the entries consumed: a fault leaves the position alone. */
	f->dir_cookie = cookie;
	f->pos = cookie;
	ret = db.used;
out:
	kfree(db.buf);
	file_put(f);
	return ret;
}
SYSCALL(__NR_getdents64, getdents64, sys_getdents64);

/*
 * The file system layer: inodes, open files and their operations, the
 * per-process descriptor table, and path lookup (fs/).
 *
 * File operations take kernel buffers; the system-call layer (fs/sys_*.c)
 * copies to and from user memory. Offsets are bytes; errors are negative
 * errno values.
 */
#ifndef KERNEL_FS_H
#define KERNEL_FS_H

#include <kernel/list.h>
#include <kernel/types.h>

struct file;
struct inode;
struct inode_locks;
struct mm;
struct pipe;
struct vma;
struct process;
struct poll_table;

/* Mode bits, as Linux and POSIX define them. */
#define S_IFMT	    0170000
#define S_IFSOCK    0140000
#define S_IFLNK	    0120000
#define S_IFREG	    0100000
#define S_IFBLK	    0060000
#define S_IFDIR	    0040000
#define S_IFCHR	    0020000
#define S_IFIFO	    0010000
#define S_ISDIR(m)  (((m)&S_IFMT) == S_IFDIR)
#define S_ISREG(m)  (((m)&S_IFMT) == S_IFREG)
#define S_ISCHR(m)  (((m)&S_IFMT) == S_IFCHR)
#define S_ISLNK(m)  (((m)&S_IFMT) == S_IFLNK)
#define S_ISFIFO(m) (((m)&S_IFMT) == S_IFIFO)
#define S_ISUID	    04000 /* set-user-id on execution */
#define S_ISGID	    02000 /* set-group-id on execution; a directory's: its entries take its group */
#define S_ISVTX	    01000 /* sticky: in a directory, only owners may remove or rename entries */
#define S_IXGRP	    00010
#define S_IXUGO	    00111

/* open() flags (Linux x86_64 values). */
#define O_ACCMODE   00000003
#define O_RDONLY    00000000
#define O_WRONLY    00000001
#define O_RDWR	    00000002
#define O_CREAT	    00000100
#define O_EXCL	    00000200
#define O_NOCTTY    00000400
#define O_TRUNC	    00001000
#define O_APPEND    00002000
#define O_NONBLOCK  00004000
#define O_DIRECT    00040000 /* on a pipe: packet mode (pipe2) */
#define O_DIRECTORY 00200000
#define O_NOFOLLOW  00400000
#define O_NOATIME   01000000
#define O_CLOEXEC   02000000
#define O_PATH	    010000000 /* a handle on the name only: no I/O (fget_raw) */

#define AT_FDCWD	    (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR	    0x200
#define AT_EMPTY_PATH	    0x1000

/* poll() events. */
#define POLLIN	 0x001
#define POLLPRI	 0x002
#define POLLOUT	 0x004
#define POLLERR	 0x008
#define POLLHUP	 0x010
#define POLLNVAL 0x020

struct file_ops {
	ssize_t (*read)(struct file *f, void *buf, size_t n, u64 *pos);
	ssize_t (*write)(struct file *f, const void *buf, size_t n, u64 *pos);
	/* arg is the raw user argument; the driver copies through uaccess. */
	long (*ioctl)(struct file *f, unsigned int cmd, unsigned long arg);
	/* Returns POLL* bits ready now; drivers call fs_poll_wake() when that changes. */
	unsigned int (*poll)(struct file *f);
	void (*release)(struct file *f);
	/*
	 * Optional: called once by open() after the struct file exists (f->inode
	 * set, f->priv NULL). A negative return fails the open; release is then
	 * not called.
	 */
	int (*open)(struct inode *ino, struct file *f);
	/* Makes written data durable (fsync, fdatasync); NULL: nothing to do. */
	int (*fsync)(struct file *f);
	/* The size SEEK_END counts from, when the inode does not hold it (block devices). */
	u64 (*size)(struct file *f);
	/*
	 * read and write get the caller's buffer itself, range-checked, and
	 * copy with copy_checked(), instead of a kernel copy of it: one copy
	 * less for bulk transfers (block devices).
	 */
	bool user_buffers;
	/* lseek of its own (/dev/kmsg): the new position or -errno; NULL: the usual one. */
	s64 (*llseek)(struct file *f, s64 off, int whence);
	/*
	 * What /proc/PID/fd/N names for a file that no directory holds
	 * (Linux's "anon_inode:[eventfd]", "/memfd:x (deleted)"): its
	 * length, or -errno. NULL: pipes and sockets get "pipe:[INO]" and
	 * "socket:[INO]", other files their path.
	 */
	int (*link_name)(struct file *f, char *buf, size_t size);
	/*
	 * mmap of a device: the area v (VMA_IO, in mm, with the caller's
	 * offset in file_off) exists; the driver checks it and may fill it
	 * now. A negative return fails the mmap, and the area goes again
	 * (unmap is called for it first). Called with mm_lock() held.
	 */
	int (*mmap)(struct file *f, struct mm *mm, struct vma *v);
	/*
	 * Takes the driver's pages out of [start, end) of area v, entries and
	 * TLB included, before that part of the area goes (munmap, exit, a
	 * mapping over it). Must cope with pages that were never put in.
	 * Called with mm_lock() held.
	 */
	void (*unmap)(struct file *f, struct mm *mm, struct vma *v, u64 start, u64 end);
};

struct inode_ops;

struct inode {
	u32 mode; /* S_IF* | permission bits */
	u64 ino;
	u32 nlink;
	u32 uid, gid;
	u64 size;
	u64 atime, mtime, ctime; /* ns since the epoch */
	u32 rdev;		 /* for device nodes: major << 8 | minor */
	u32 dev;		 /* its file system instance, stat's st_dev (0: the root's) */
	int refcount;
	const struct file_ops *fops;
	const struct inode_ops *iops;
	void *data; /* owned by the file system */
	/* A pipe's ring; a FIFO's only while it is open (fs/pipe.c, fs/fifo.c). */
	struct pipe *pipe;
	/* Record locks and leases, NULL when there are none (fs/locks.c, fs/lease.c). */
	struct inode_locks *locks;
	/* Open files reading and writing it, which a lease must not conflict with. */
	u32 nr_readers, nr_writers;
};

/* Directory operations of a file system (ramfs, procfs). */
struct inode_ops {
	/* The child called name (len bytes), with a reference, or an ERR_PTR. */
	struct inode *(*lookup)(struct inode *dir, const char *name, size_t len);
	int (*create)(struct inode *dir, const char *name, size_t len, u32 mode, u32 rdev,
		      struct inode **out);
	int (*link)(struct inode *dir, const char *name, size_t len, struct inode *target);
	int (*unlink)(struct inode *dir, const char *name, size_t len); /* files and empty dirs */
	/*
	 * Directory listing: calls emit(ctx, name, len, ino, type) for entries
	 * from *cookie on, advancing *cookie, until emit returns non-zero.
	 */
	int (*readdir)(struct inode *dir, u64 *cookie,
		       int (*emit)(void *ctx, const char *name, size_t len, u64 ino, unsigned int type),
		       void *ctx);
	int (*readlink)(struct inode *ino, char *buf, size_t size);
	int (*truncate)(struct inode *ino, u64 size);
	/* A new symlink name -> target (NUL-terminated); *out referenced if out. */
	int (*symlink)(struct inode *dir, const char *name, size_t len, const char *target,
		       struct inode **out);
	/* Moves odir/oname to ndir/nname, replacing what is there (same fs). */
	int (*rename)(struct inode *odir, const char *oname, size_t olen,
		      struct inode *ndir, const char *nname, size_t nlen);
	/* The last reference went: free the inode (default: kfree). */
	void (*evict)(struct inode *ino);
	/*
	 * Symlinks that stand for an open file rather than a path
	 * (/proc/PID/fd/N, /proc/PID/exe): that file, referenced, or an
	 * ERR_PTR. Path lookup goes straight to its inode, so a pipe's link
	 * opens the same pipe; readlink still gives the text.
	 */
	struct file *(*link_file)(struct inode *link);
	/*
	 * Regular files that shared mappings can map (mm/filemap.c): the
	 * direct-map address of the page holding bytes from index <<
	 * PAGE_SHIFT, created if it was a hole, with a reference for the
	 * caller (put_page_va()); ERR_PTR(-ENXIO) when the page starts at or
	 * beyond the end of the file, ERR_PTR(-ENOMEM).
	 */
	void *(*map_page)(struct inode *ino, u64 index);
};

/* readdir types: the S_IF* type shifted down (Linux DT_* values). */
#define DT_UNKNOWN   0
#define DT_FIFO	     1
#define DT_CHR	     2
#define DT_DIR	     4
#define DT_BLK	     6
#define DT_REG	     8
#define DT_LNK	     10
#define DT_SOCK	     12
#define IFTODT(mode) (((mode)&S_IFMT) >> 12)

#define NAME_MAX 255
#define PATH_MAX 4096 /* with the terminating NUL */

/* Device numbers as Linux encodes a 32-bit dev_t (minor < 256: major << 8 | minor). */
#define MKDEV(ma, mi) ((((ma)&0xfffU) << 8) | ((mi)&0xffU) | (((mi)&0xfff00U) << 12))
#define MAJOR(dev)    (((dev) >> 8) & 0xfffU)
#define MINOR(dev)    (((dev)&0xffU) | (((dev) >> 12) & 0xfff00U))

/* Who a file's signals (SIGIO) go to: F_SETOWN, F_SETOWN_EX (Linux's F_OWNER_* types). */
#define F_OWNER_TID  0
#define F_OWNER_PID  1
#define F_OWNER_PGRP 2

struct file {
	const struct file_ops *ops;
	struct inode *inode; /* NULL for sockets */
	/*
	 * The directory a file opened by path was found in, referenced (NULL
	 * for directories and files no path names): its name is found there
	 * again by inode number when /proc asks (file_path(), fs/file_path.c).
	 */
	struct inode *dir;
	u64 pos;
	u32 flags; /* O_* given at open */
	int refcount;
	void *priv;
	u64 dir_cookie; /* getdents64 position */
	int owner_pid;	/* F_SETOWN: a pid, or a process group with F_OWNER_PGRP */
	int owner_type; /* F_OWNER_* */
};

#define ERR_PTR(e) ((void *)(long)(e))
#define PTR_ERR(p) ((long)(p))
#define IS_ERR(p)  ((unsigned long)(p) >= (unsigned long)-4095)

/*
 * A descriptor table: max_fds slots, growing on demand up to the
 * caller's RLIMIT_NOFILE (fs/fdtable.c). The first NR_OPEN_DEFAULT
 * slots live in the table itself, enough for most processes.
 */
#define NR_OPEN_DEFAULT 64

struct files {
	struct file **fd;     /* max_fds slots */
	u64 *cloexec;	      /* a close-on-exec bit per slot */
	unsigned int max_fds; /* a multiple of 64 */
	struct file *fd_array[NR_OPEN_DEFAULT];
	u64 cloexec_array[NR_OPEN_DEFAULT / 64];
	unsigned int sharers; /* processes using it besides the first (CLONE_FILES) */
};

/* Inodes and files. */
/* An inode of no file system (pipes, sockets), referenced; NULL without memory. */
struct inode *inode_alloc(u32 mode);
struct inode *inode_get(struct inode *i);
void inode_put(struct inode *i);
struct file *file_alloc(const struct file_ops *ops, struct inode *inode, u32 flags);
struct file *file_get(struct file *f);
void file_put(struct file *f);

/* Descriptor tables (fs/fdtable.c). */
struct files *files_alloc(void);
struct files *files_dup(const struct files *src);
/* Another process shares fs (CLONE_FILES); the last files_put() closes all (kernel/thread_group.c). */
struct files *files_get(struct files *fs);
void files_put(struct files *fs);
/* Gives p a private copy of a table it shares (execve, close_range): 0 or -ENOMEM. */
int files_unshare(struct process *p);
/* Closes every descriptor and frees the table (at exit; NULL is fine). */
void files_close_all(struct files *fs);
void files_close_on_exec(struct files *fs);
/* How many descriptors the calling process may have: its RLIMIT_NOFILE. */
unsigned int fd_limit(void);
/* Lowest free descriptor >= min, installed; or -EMFILE (-ENOMEM). Takes the reference. */
int fd_install(struct files *fs, struct file *f, int min, bool cloexec);
/* The open file at fd (borrowed, no reference), or NULL. */
struct file *fd_get(struct files *fs, int fd);
/* Takes fd out of the table: its file, whose reference the caller puts, or NULL. */
struct file *fd_remove(struct files *fs, int fd);
/* The calling process's table (NULL in a kernel thread). */
struct files *current_files(void);
/*
 * The open file at fd of the calling process, with a reference of its own,
 * or NULL; fget() also says NULL for an O_PATH descriptor, which only the
 * calls on names accept (fstat, fstatfs, fchdir, dup, some of fcntl, a
 * dirfd), and those use fget_raw().
 */
struct file *fget(int fd);
struct file *fget_raw(int fd);

/* Paths (fs/namei.c), relative to the calling process's cwd or root. */
struct inode *path_lookup(const char *path, bool follow);
/* A new inode at path (relative to base, NULL: the cwd), as mknod makes it; *out referenced if out. */
int vfs_mknod(struct inode *base, const char *path, u32 mode, u32 rdev, struct inode **out);
/* The parent directory of path and a pointer to its last component. */
struct inode *path_parent(const char *path, const char **last, size_t *len);

/*
 * Permission checks with the calling process's file-system ids
 * (fs/permission.c): owner, group or other bits; root may read and write
 * anything and search any directory, but execute only what has an x bit.
 * mask is MAY_* bits; 0 or -EACCES.
 */
#define MAY_EXEC  1
#define MAY_WRITE 2
#define MAY_READ  4
int inode_permission(const struct inode *ino, int mask);
/* The flags of the mount ino lives on, as statfs reports them (fs/mount.c). */
#define ST_NOSUID 0x0002 /* execve ignores set-user-id and set-group-id bits */
#define ST_NODEV  0x0004 /* device nodes do not open */
#define ST_NOEXEC 0x0008 /* nothing executes */
unsigned long inode_mount_flags(const struct inode *ino);

/* Kernel-side open/read for exec and init. */
struct file *vfs_open(const char *path, u32 flags, u32 mode, int *err);
/*
 * exec's open for reading: only a regular file the caller may execute is
 * opened (no read permission needed), anything else is EACCES.
 */
struct file *vfs_open_exec(const char *path, int *err);
ssize_t kernel_read(struct file *f, void *buf, size_t n, u64 pos);

/* The root directory (borrowed; inode_get() it to keep it, e.g. as a cwd). */
struct inode *vfs_root(void);

/*
 * poll(): drivers call this when one of their files may have become
 * readable or writable (safe from interrupt context); sleepers re-check.
 */
void fs_poll_wake(void);
/*
 * Waiting for such a wake-up (epoll, eventfd, ...): read the generation
 * with the file's state, under vfs_lock(); if nothing is ready, sleep
 * until a wake-up after it, deadline (0: none) or a rescan interval.
 */
u64 fs_poll_gen(void);
void fs_poll_sleep(u64 gen, u64 deadline);

/* Shared anonymous memory (mmap): a ramfs file of size bytes with no name, opened read-write; or an ERR_PTR. */
struct file *ramfs_anon_file(u64 size);

/* Boot: the root file system, filled from the initramfs cpio archive. */
void vfs_init(void);
void initramfs_unpack(const void *buf, u64 len);

/* Device files: register a character device (major, minor) with its ops. */
int chrdev_register(u32 major, u32 minor, const char *name, const struct file_ops *ops);
/* Every minor of major not registered on its own (the pty slaves, 136:N). */
int chrdev_register_major(u32 major, const char *name, const struct file_ops *ops);
/*
 * A device node for a driver (path absolute, under 48 bytes; missing
 * directories above it are made 0755): at once if the root file system
 * exists, else when vfs_init() builds it. One that exists already is
 * left as it is. 0 or -errno.
 */
int devnode_create(const char *path, u32 mode, u32 rdev);

#endif

/*
 * What the pieces of fs/ share among themselves and nobody else needs:
 * the big file-system lock, inode set-up, the ramfs/procfs entry points,
 * path helpers with an explicit starting directory, and the descriptor
 * table primitives behind dup2() and close().
 */
#ifndef FS_INTERNAL_H
#define FS_INTERNAL_H

#include <kernel/cred.h>
#include <kernel/fs.h>
#include <kernel/types.h>

#ifndef UNIT_TEST
#include <asm/irqflags.h>
#endif

/*
 * One lock for every file-system structure: inode and file reference
 * counts, directory entries, file pages, descriptor tables, pipe rings.
 * With one CPU, turning interrupts off is enough to keep a preempting
 * system call out, and unlike a spinlock it nests, so an operation may
 * drop an inode reference while it holds the lock. Nothing that sleeps
 * runs under it; the longest holder copies one 64 KiB chunk. Host unit
 * tests run single-threaded and cannot touch the interrupt flag.
 */
#ifdef UNIT_TEST
static inline unsigned long vfs_lock(void)
{
	return 0;
}

static inline void vfs_unlock(unsigned long flags)
{
	(void)flags;
}
#else
static inline unsigned long vfs_lock(void)
{
	return arch_local_irq_save();
}

static inline void vfs_unlock(unsigned long flags)
{
	arch_local_irq_restore(flags);
}
#endif

/* Linux errno values <kernel/errno.h> does not list (yet). */
#ifndef EXDEV
#define EXDEV 18
#endif
#ifndef ELOOP
#define ELOOP 40
#endif
#ifndef EDEADLK
#define EDEADLK 35
#endif
#ifndef EOVERFLOW
#define EOVERFLOW 75
#endif

/* Signals the file layer raises that <kernel/signal.h> does not name. */
#ifndef SIGXFSZ
#define SIGXFSZ 25
#endif
#ifndef SIGIO
#define SIGIO 29
#endif

/*
 * Privilege checks of the pipe and lease code (<kernel/cred.h>):
 * fs_capable() is CAP_SYS_RESOURCE (pipe sizes past pipe-max-size),
 * fs_owner_or_capable() the file's owner (by fsuid) or CAP_LEASE.
 */
static inline bool fs_capable(void)
{
	return capable(CAP_SYS_RESOURCE);
}

static inline bool fs_owner_or_capable(const struct inode *ino)
{
	return current_cred()->fsuid == ino->uid || capable(CAP_LEASE);
}

/* Memory devices (/dev/null, /dev/zero): seekable, unlike other devices. */
#define MEM_MAJOR 1

/* Largest read or write handed to a file at once by the system calls. */
#define RW_CHUNK (64 * 1024)

static inline bool name_is_dot(const char *name, size_t len)
{
	return len == 1 && name[0] == '.';
}

static inline bool name_is_dotdot(const char *name, size_t len)
{
	return len == 2 && name[0] == '.' && name[1] == '.';
}

/* inode.c */
u64 fs_now(void);
/* Fills a new inode: a fresh number, one reference, nlink 1, times now. */
void inode_init(struct inode *i, u32 mode);
/*
 * A device number for a new file system instance (stat's st_dev), as Linux
 * gives tmpfs and procfs anonymous ones (major 0): the root file system
 * gets the first, 1.
 */
u32 fs_new_dev(void);
/* A kzalloc'd inode set up by inode_init(); kfree'd on the last put. */
struct inode *inode_alloc(u32 mode);

/* fdtable.c */
/* Puts f at exactly fd; returns what was there (to be put), or an ERR_PTR. */
struct file *fd_replace(struct files *fs, int fd, struct file *f, bool cloexec);
/* Takes fd out of the table; the caller owns the returned reference. */
struct file *fd_remove(struct files *fs, int fd);
int fd_set_cloexec(struct files *fs, int fd, bool on);
int fd_get_cloexec(struct files *fs, int fd);

/* file.c */
struct file *vfs_open_at(struct inode *base, const char *path, u32 flags, u32 mode, int *err);
struct file *vfs_open_inode(struct inode *ino, u32 flags, int *err);
int vfs_truncate(struct inode *ino, u64 size);
/*
 * Closing a descriptor: owner (the table it was in) loses its record
 * locks on the file's inode, then the reference goes. Every path that
 * takes a file out of a table (close, dup2 over it, exec, exit) uses it.
 */
void filp_close(struct file *f, struct files *owner);
/*
 * RLIMIT_FSIZE for a write of *count bytes at pos into a regular file:
 * SIGXFSZ and -EFBIG when pos is at or past the limit, else 0 with *count
 * cut to end at it.
 */
int file_write_limit(struct file *f, u64 pos, size_t *count);

/* poll.c: a timespec timeout as a deadline (poll's meaning), a sigset of sigsetsize bytes. */
int poll_get_timespec(unsigned long uts, u64 *deadline);
int poll_get_sigmask(unsigned long usigmask, unsigned long sigsetsize, u64 *mask);

/* epoll.c, flock.c: an open file's last reference goes; it leaves epoll sets, drops its flock. */
void epoll_file_gone(struct file *f);
void flock_file_gone(struct file *f);
/* memfd.c: fcntl's F_ADD_SEALS and F_GET_SEALS; whether ftruncate to size keeps the seals (0 or -EPERM). */
long memfd_fcntl(struct file *f, unsigned int cmd, unsigned long arg);
int memfd_may_truncate(struct file *f, u64 size);

/* locks.c: record locks go on close (owner's POSIX locks) and with the file (OFD, leases). */
void locks_remove_posix(struct file *f, struct files *owner);
void locks_remove_file(struct file *f);

/* namei.c: base NULL means the caller's cwd; absolute paths ignore it. */
void vfs_set_root(struct inode *root);
struct inode *path_lookup_at(struct inode *base, const char *path, bool follow);
/* The same, and *dirp: the directory a non-directory was found in, referenced (else NULL). */
struct inode *path_lookup_dir_at(struct inode *base, const char *path, bool follow,
				 struct inode **dirp);
struct inode *path_parent_at(struct inode *base, const char *path, const char **last,
			     size_t *len);
/* The absolute path of dir into buf; its length, or -ENOENT / -ENAMETOOLONG. */
int vfs_path_of(struct inode *dir, char *buf, size_t size);
/* What /proc/PID/fd/N names f as, NUL-terminated: its length, or -errno. */
int file_path(struct file *f, char *buf, size_t size);

/*
 * permission.c: the checks behind the system calls, with the caller's
 * file-system ids. Each returns 0 or the errno Linux gives.
 */
/* open() of an existing ino with flags: read and/or write permission (EACCES). */
int may_open(const struct inode *ino, u32 flags);
/* A new name in dir: write and search permission on it (EACCES). */
int may_create(const struct inode *dir);
/* Removing (or renaming away) victim from dir: EACCES, or EPERM by the sticky bit. */
int may_delete(const struct inode *dir, const struct inode *victim);
/* The caller owns ino, or is root (CAP_FOWNER). */
bool inode_owner_or_capable(const struct inode *ino);
/* A new inode in dir gets the caller's fsuid and fsgid, or dir's set-group-id. */
void inode_init_owner(const struct inode *dir, struct inode *ino);
/* A write or truncation by anyone but root clears a regular file's set-id bits. */
void inode_remove_privs(struct inode *ino);

/* vfs.c: the operations on names shared by the system calls and initramfs. */
int vfs_mknod(struct inode *base, const char *path, u32 mode, u32 rdev, struct inode **out);
int vfs_symlink(const char *target, struct inode *base, const char *path);
int vfs_unlink(struct inode *base, const char *path, bool dir);
int vfs_rename(struct inode *obase, const char *opath, struct inode *nbase, const char *npath);
int vfs_link(struct inode *obase, const char *opath, struct inode *nbase, const char *npath,
	     bool follow);

/* ramfs.c */
/* A new instance (the root file system, a tmpfs): its root directory, referenced. */
struct inode *ramfs_new_root(void);
bool ramfs_is_dir(const struct inode *i);
bool inode_is_ramfs(const struct inode *ino);
/*
 * Mounting (fs/mount.c): the entry of the ramfs directory dir that names
 * old names root instead, and cannot be removed or renamed (-EBUSY) until
 * ramfs_uncover() puts covered back. *covered gets the entry's reference
 * to old. -EINVAL if dir is not a ramfs directory, -ENOENT if no entry of
 * it names old.
 */
int ramfs_cover(struct inode *dir, struct inode *old, struct inode *root, struct inode **covered);
/* Undoes ramfs_cover(): the entry names covered again (taking that reference). */
int ramfs_uncover(struct inode *dir, struct inode *root, struct inode *covered);
/* Whether anything outside the tree holds an inode of the instance below root. */
bool ramfs_busy(struct inode *root);

/* devices.c */
const struct file_ops *chrdev_lookup(u32 rdev);

/* pipe.c: flags O_NONBLOCK, O_DIRECT (packets) */
int pipe_create(struct file **rd, struct file **wr, u32 flags);
/* An anonymous pipe's inode (statfs: pipefs). */
bool inode_is_pipefs(const struct inode *ino);

/* procfs.c, sysfs.c: a new instance's root, referenced (fs/pseudofs.h). */
struct inode *procfs_new_root(void);
struct inode *sysfs_new_root(void);
/* xenfs (fs/procfs.c): /proc/xen's files as a file system of their own, under Xen only. */
struct inode *xenfs_new_root(void);
bool xenfs_available(void);

/* devpts.c: the pty slaves' file system (<kernel/devpts.h> is the driver's side). */
struct proc_text;
struct inode *devpts_new_root(void);
void devpts_set_parent(struct inode *root, struct inode *parent);
int devpts_options(char *data);
void devpts_show_options(struct proc_text *t);
bool inode_is_devpts(const struct inode *i);
u32 devpts_magic(void);

/* pseudofs.c: statfs's f_type of a procfs or sysfs inode; 0 for any other. */
u32 pfs_magic(const struct inode *i);

/* mount.c */
/* statfs's f_flags for the file system whose st_dev is dev: its mount's flags as ST_* (Linux's). */
unsigned long mount_st_flags(u32 dev);
/* Whether ino is the root of a mount, "/" included (statx's STATX_ATTR_MOUNT_ROOT). */
bool mount_is_root(const struct inode *ino);
/* Mounts proc on /proc and sysfs on /sys at boot (the directories are made if missing). */
void mount_boot(void);
/* The file system types mount(2) knows, NULL-terminated (/proc/filesystems). */
const char *const *mount_fs_names(void);
/* Whether the type so named can be mounted here (xenfs: only under Xen). */
bool mount_fs_available(const char *name);

/* sys_file.c: helpers of every system call here. */
/* A user path copied into a kmalloc'd PATH_MAX buffer, or NULL with *err set. */
char *getname(const char *upath, bool allow_empty, int *err);
/* The inode a user path (from the cwd or the root) names, referenced, or an ERR_PTR. */
struct inode *user_path_lookup(const char *upath, bool follow);
/* *base: NULL for the cwd (or an absolute path), else dirfd's directory, referenced. */
int dirfd_base(int dirfd, const char *path, struct inode **base);
/* Installs f (a reference the caller gives up) at the lowest free fd >= min. */
long dup_from(struct file *f, int min, bool cloexec);

#endif

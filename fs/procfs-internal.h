/*
 * What the files of procfs share (fs/procfs.c is the tree; each show
 * function writes one file's text): the per-process files
 * (fs/procfs_pid.c), the system-wide ones (fs/procfs_sys.c) and the mount
 * table's (fs/mount.c).
 */
#ifndef FS_PROCFS_INTERNAL_H
#define FS_PROCFS_INTERNAL_H

#include <kernel/proc.h>
#include <kernel/procfs.h>

#include "pseudofs.h"

/* Clock ticks as /proc counts them (sysconf(_SC_CLK_TCK), AT_CLKTCK). */
#define USER_HZ 100

static inline unsigned long long ns_to_clock_t(u64 ns)
{
	return ns / (1000000000ULL / USER_HZ);
}

/* fs/procfs_pid.c: /proc/PID/... of the process key. */
int proc_pid_stat(struct proc_text *t, long pid);
int proc_pid_status(struct proc_text *t, long pid);
int proc_pid_cmdline(struct proc_text *t, long pid);
int proc_pid_comm(struct proc_text *t, long pid);
/* fs/procfs_maps.c: /proc/PID/maps. */
int proc_pid_maps(struct proc_text *t, long pid);

/*
 * Keys below /proc/PID (a descriptor, a thread id) carry the pid in their
 * low bits (pids are below PID_MAX, 2^15) and their own number above.
 */
#define PROC_SUB_SHIFT 15

static inline long proc_sub_key(long pid, long index)
{
	return pid | index << PROC_SUB_SHIFT;
}

static inline int proc_key_pid(long key)
{
	return (int)(key & (PID_MAX - 1));
}

static inline long proc_key_sub(long key)
{
	return key >> PROC_SUB_SHIFT;
}

/* fs/procfs_fd.c: /proc/PID/fd/N, fdinfo/N, exe, task/TID, and /proc/thread-self. */
extern const struct pfs_keys proc_fd_keys;
extern const struct pfs_keys proc_task_keys;
int proc_fd_readlink(long key, char *buf, size_t size);
struct file *proc_fd_link_file(long key);
int proc_fdinfo(struct proc_text *t, long key);
int proc_exe_readlink(long pid, char *buf, size_t size);
struct file *proc_exe_link_file(long pid);
int proc_task_stat(struct proc_text *t, long key);
int proc_task_status(struct proc_text *t, long key);
int proc_task_comm(struct proc_text *t, long key);
int proc_thread_self_readlink(long key, char *buf, size_t size);

/* fs/procfs_sys.c */
int proc_meminfo(struct proc_text *t, long key);
int proc_uptime(struct proc_text *t, long key);
int proc_stat(struct proc_text *t, long key);
int proc_loadavg(struct proc_text *t, long key);
int proc_version(struct proc_text *t, long key);
int proc_filesystems(struct proc_text *t, long key);
int proc_sys_pid_max(struct proc_text *t, long key);
int proc_sys_ostype(struct proc_text *t, long key);
int proc_sys_osrelease(struct proc_text *t, long key);
int proc_sys_version(struct proc_text *t, long key);
int proc_sys_hostname(struct proc_text *t, long key);
int proc_sys_domainname(struct proc_text *t, long key);

/* fs/mount.c: the mount table in fstab format (/proc/mounts, /proc/PID/mounts). */
int proc_mounts(struct proc_text *t, long key);

#endif

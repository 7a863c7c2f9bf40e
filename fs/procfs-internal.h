/*
 * What the files of procfs share (fs/procfs.c is the tree; each show
 * function writes one file's text): the per-process files
 * (fs/procfs_pid.c), the system-wide ones (fs/procfs_sys.c) and the mount
 * table's (fs/mount.c).
 */
#ifndef FS_PROCFS_INTERNAL_H
#define FS_PROCFS_INTERNAL_H

#include <kernel/procfs.h>

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

UNIT_TESTS += ramfs
unit-ramfs-srcs := fs/inode.c fs/file.c fs/fdtable.c fs/namei.c fs/vfs.c fs/ramfs.c \
	fs/pipe.c fs/devices.c fs/blkdev.c fs/initramfs.c fs/poll.c \
	fs/ramfs_mount.c fs/pseudofs.c fs/procfs.c fs/procfs_pid.c fs/procfs_maps.c fs/procfs_fd.c fs/procfs_sys.c fs/sysfs.c fs/mount.c \
	fs/sys_file.c fs/sys_path.c fs/sys_stat.c fs/fcntl.c fs/statfs.c fs/fifo.c \
	fs/locks.c fs/lease.c fs/permission.c fs/devpts.c fs/epoll.c fs/flock.c fs/memfd.c \
	kernel/cred.c lib/cpio.c

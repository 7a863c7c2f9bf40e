/* The initramfs boot module: for now checked and listed; unpacked by the file system later. */
#ifndef KERNEL_INITRAMFS_H
#define KERNEL_INITRAMFS_H

struct boot_info;

/* Validates every boot module as a newc cpio archive and reports what it holds. */
void initramfs_check(const struct boot_info *bi);

#endif

/* Name and version; KERNEL_BUILD_INFO comes from the Makefile. */
#ifndef KERNEL_VERSION_H
#define KERNEL_VERSION_H

#define KERNEL_NAME    "pvkernel"
#define KERNEL_VERSION "0.1"

#ifndef KERNEL_BUILD_INFO
#define KERNEL_BUILD_INFO "unknown"
#endif

#endif

/*
 * The fixed-width names Linux's user-space API headers use (__u16,
 * __u64, ...), for the few such headers other projects ship that we
 * compile against: libxen-dev's <xen/sys/privcmd.h> includes this file.
 * Both the kernel (-Iinclude/uapi) and the musl programs in user/ reach
 * it; it needs nothing but the compiler's <stddef.h> and <stdint.h>
 * (privcmd.h also uses size_t without including anything for it).
 */
#ifndef UAPI_LINUX_TYPES_H
#define UAPI_LINUX_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef uint8_t __u8;
typedef uint16_t __u16;
typedef uint32_t __u32;
typedef uint64_t __u64;
typedef int8_t __s8;
typedef int16_t __s16;
typedef int32_t __s32;
typedef int64_t __s64;

#endif

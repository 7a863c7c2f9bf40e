/* Shared between kernel/signal.c and kernel/signal_extra.c. */
#ifndef KERNEL_SIGNAL_INTERNAL_H
#define KERNEL_SIGNAL_INTERNAL_H

#include <kernel/signal_ext.h>

/* Turns the alternate signal stack off (it could not be used). */
void extra_disable_altstack(struct proc_extra *e);

#endif

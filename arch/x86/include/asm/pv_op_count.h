/* Upper bound of pointer slots in struct pv_ops; checked in paravirt.c. Usable from assembly. */
#ifndef ASM_PV_OP_COUNT_H
#define ASM_PV_OP_COUNT_H

#define PV_MAX_OPS 48

#endif

/* types.h - the fixed-width names the kernel, user programs and mkfs share. */
#ifndef GK_TYPES_H
#define GK_TYPES_H
typedef unsigned int       uint;
typedef unsigned short     ushort;
typedef unsigned char      uchar;
typedef unsigned char      uint8;
typedef unsigned short     uint16;
typedef unsigned int       uint32;
typedef unsigned long long uint64;
typedef long long          int64;
typedef uint64             pte_t;
typedef uint64            *pagetable_t;  /* 512 PTEs */
#endif

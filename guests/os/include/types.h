/* types.h - fixed-width integer names shared by the kernel and user programs. */
#ifndef TYPES_H
#define TYPES_H
typedef unsigned char      uint8;
typedef unsigned short     uint16;
typedef unsigned int       uint32;
typedef unsigned long      uint64;
typedef long               int64;
typedef unsigned long      size_t;
#define NULL ((void *)0)
#endif

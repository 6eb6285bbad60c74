/* shadow-layout.h - the test virtual addresses of shadow-tests (C and assembly). All of them
 * are 4 KiB pages in the second GiB, which no other mapping uses; the kernel itself runs on a
 * gigapage identity map of RAM. */
#ifndef SHADOW_LAYOUT_H
#define SHADOW_LAYOUT_H

#define VA_RO     0x40000000   /* R:            a store faults (15) */
#define VA_NX     0x40001000   /* R W:          a fetch faults (12); holds fetch_page */
#define VA_U      0x40002000   /* U R W X:      S load needs SUM; S fetch always faults */
#define VA_XO     0x40003000   /* X:            a load needs MXR; holds fetch_page */
#define VA_AD     0x40004000   /* R W, A = D = 0: the A/D test page */
#define VA_REMAP  0x40005000   /* R W:          remapped to another page */
#define VA_UCODE  0x40006000   /* U R X:        the U-mode code */
#define VA_UDATA  0x40007000   /* U R W:        the U-mode data */
#define VA_SDATA  0x40008000   /* R W:          an S page U-mode must not touch */

#endif

/* start.S - where every user program begins: exec leaves argc in a0 and argv in a1. */
    .file   "start.S"   /* a fixed name: no temporary file name in the symbol table */
    .section .text.init
    .globl  _start
_start:
    call    main
    call    exit

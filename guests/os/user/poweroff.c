/* poweroff - turns the machine off through the kernel (SBI SRST). */
#include "user.h"

int main(void) { return poweroff(0); }

/* free - prints /proc/meminfo. */
#include "showfile.h"

int main(void) { return show_file("/proc/meminfo"); }

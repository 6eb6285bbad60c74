/* uptime - prints /proc/uptime. */
#include "showfile.h"

int main(void) { return show_file("/proc/uptime"); }

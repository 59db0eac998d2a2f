// A deliberate violation: the guard must reject it.
#include <purple.h>

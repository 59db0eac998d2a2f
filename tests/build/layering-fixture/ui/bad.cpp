// A deliberate violation: the guard must reject it.
#include "protocols/purplebackend.h"

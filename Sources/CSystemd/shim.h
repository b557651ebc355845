#ifndef HERALD_CSYSTEMD_SHIM_H
#define HERALD_CSYSTEMD_SHIM_H

#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#include <sys/inotify.h>
#include <sys/timerfd.h>
#include <sys/eventfd.h>
#include <sys/uio.h>
#include <poll.h>
#include <fcntl.h>
#include <malloc.h>
#include <sys/prctl.h>

/// Drops the ambient capability set (prctl is variadic, which Swift cannot call). heraldd keeps CAP_LEASE in its
/// own effective set; commands it spawns for exec accounts must not inherit it.
static inline int herald_clear_ambient_capabilities(void) {
    return prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
}

#endif

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

#endif

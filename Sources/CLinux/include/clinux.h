// Linux interfaces that Swift's Glibc module does not export: epoll and eventfd.
#ifndef TPV_CLINUX_H
#define TPV_CLINUX_H
#include <sys/epoll.h>
#include <sys/eventfd.h>

// Names the calling thread (visible in top -H and debuggers); at most 15 characters.
void tpv_set_thread_name(const char *name);

// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC (a GNU extension, hidden from Swift).
int tpv_accept_nonblocking(int listener);
#endif

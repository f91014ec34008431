#define _GNU_SOURCE
#include <pthread.h>
#include "clinux.h"

void tpv_set_thread_name(const char *name) {
    char truncated[16];
    int i = 0;
    for (; i < 15 && name[i]; i++) truncated[i] = name[i];
    truncated[i] = 0;
    pthread_setname_np(pthread_self(), truncated);
}

#include <sys/socket.h>

int tpv_accept_nonblocking(int listener) {
    return accept4(listener, 0, 0, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

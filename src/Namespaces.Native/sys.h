/* Raw Linux system calls for a freestanding program: no C library, so one static build runs on glibc and musl
 * systems alike, and nothing between clone and exec touches libc state. x86-64 and arm64 only. */
#ifndef NSEXEC_SYS_H
#define NSEXEC_SYS_H

typedef unsigned long size_t;
typedef long ssize_t;

#if defined(__x86_64__)
enum {
    NR_read = 0, NR_write = 1, NR_close = 3, NR_rt_sigaction = 13, NR_rt_sigprocmask = 14, NR_ioctl = 16, NR_getpid = 39,
    NR_clone = 56, NR_execve = 59, NR_wait4 = 61, NR_kill = 62, NR_chdir = 80, NR_getppid = 110,
    NR_setgroups = 116, NR_setresuid = 117, NR_setresgid = 119, NR_rt_sigtimedwait = 128, NR_statfs = 137,
    NR_prctl = 157, NR_chroot = 161, NR_mount = 165, NR_umount2 = 166, NR_getdents64 = 217, NR_exit_group = 231,
    NR_openat = 257, NR_unshare = 272, NR_ppoll = 271, NR_signalfd4 = 289, NR_pipe2 = 293, NR_setns = 308,
};

static inline long sys6(long n, long a, long b, long c, long d, long e, long f)
{
    long ret;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
    return ret;
}
#elif defined(__aarch64__)
enum {
    NR_dup3 = 24, NR_ioctl = 29, NR_umount2 = 39, NR_mount = 40, NR_statfs = 43, NR_chdir = 49, NR_chroot = 51, NR_openat = 56,
    NR_close = 57, NR_pipe2 = 59, NR_getdents64 = 61, NR_read = 63, NR_write = 64, NR_ppoll = 73, NR_signalfd4 = 74,
    NR_exit_group = 94, NR_unshare = 97, NR_kill = 129, NR_rt_sigaction = 134, NR_rt_sigprocmask = 135,
    NR_rt_sigtimedwait = 137, NR_setresuid = 147, NR_setresgid = 149, NR_setgroups = 159, NR_prctl = 167,
    NR_getpid = 172, NR_getppid = 173, NR_clone = 220, NR_execve = 221, NR_wait4 = 260, NR_setns = 268,
};

static inline long sys6(long n, long a, long b, long c, long d, long e, long f)
{
    register long x8 __asm__("x8") = n;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory");
    return x0;
}
#else
#error "nsexec is built for x86-64 and arm64 only"
#endif

/* When the kernel's headers are at hand, prove the numbers above against them. */
#if __has_include(<asm/unistd.h>)
#include <asm/unistd.h>
_Static_assert(NR_openat == __NR_openat && NR_setns == __NR_setns && NR_unshare == __NR_unshare, "syscall numbers");
_Static_assert(NR_clone == __NR_clone && NR_wait4 == __NR_wait4 && NR_rt_sigtimedwait == __NR_rt_sigtimedwait, "syscall numbers");
_Static_assert(NR_mount == __NR_mount && NR_umount2 == __NR_umount2 && NR_getdents64 == __NR_getdents64, "syscall numbers");
_Static_assert(NR_setresuid == __NR_setresuid && NR_setresgid == __NR_setresgid && NR_setgroups == __NR_setgroups, "syscall numbers");
_Static_assert(NR_prctl == __NR_prctl && NR_ppoll == __NR_ppoll && NR_pipe2 == __NR_pipe2 && NR_statfs == __NR_statfs, "syscall numbers");
_Static_assert(NR_execve == __NR_execve && NR_chroot == __NR_chroot && NR_rt_sigaction == __NR_rt_sigaction, "syscall numbers");
_Static_assert(NR_signalfd4 == __NR_signalfd4 && NR_getppid == __NR_getppid && NR_ioctl == __NR_ioctl, "syscall numbers");
#endif

#define sys0(n) sys6((n), 0, 0, 0, 0, 0, 0)
#define sys1(n, a) sys6((n), (long)(a), 0, 0, 0, 0, 0)
#define sys2(n, a, b) sys6((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define sys3(n, a, b, c) sys6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sys4(n, a, b, c, d) sys6((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define sys5(n, a, b, c, d, e) sys6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

/* The kernel ABI values used (the same on both architectures). */
#define AT_FDCWD (-100)
#define O_RDONLY 0
#define O_WRONLY 1
#define O_CLOEXEC 0x80000
#define O_NONBLOCK 0x800
#define EINTR 4
#define ENOENT 2
#define EACCES 13
#define EINVAL 22
#define ECHILD 10
#define EPERM 1
#define ESRCH 3
#define SIGKILL 9
#define SIGPIPE 13
#define SIGCHLD 17
#define CLONE_NEWNS 0x00020000
#define CLONE_PARENT 0x00008000
#define CLONE_NEWUSER 0x10000000
#define NS_GET_NSTYPE 0xb703 /* linux/nsfs.h: _IO(0xb7, 3) */
#define CLONE_NEWPID 0x20000000
#define MS_RDONLY 1
#define MS_NOSUID 2
#define MS_NODEV 4
#define MS_NOEXEC 8
#define MS_BIND 4096
#define MS_REC 16384
#define MS_PRIVATE (1 << 18)
#define MS_SLAVE (1 << 19)
#define MNT_DETACH 2
#define PR_SET_PDEATHSIG 1
#define PR_SET_NAME 15
#define SIG_BLOCK 0
#define SIG_SETMASK 2
#define WNOHANG 1
#define WALL 0x40000000
#define POLLIN 0x1
#define POLLERR 0x8
#define POLLHUP 0x10

struct pollfd {
    int fd;
    short events;
    short revents;
};

#endif

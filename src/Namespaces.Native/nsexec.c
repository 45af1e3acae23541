/*
 * nsexec: what must run in a child of a .NET process between clone and exec. A .NET process is multithreaded, so it
 * can neither join a user or time namespace nor be a pid namespace's init; this single-threaded program can.
 *
 *   nsexec [option]... [-- program [argument]...]
 *
 *   -l PATH   lifeline: the read end of a pipe whose write end only the parent holds; exit if the parent is gone
 *   -P PID    the parent's pid: after PR_SET_PDEATHSIG, getppid() must still give it (else the parent died first)
 *   -s PATH   status pipe (opened write-only, close-on-exec): records of struct report, then EOF at exec
 *   -o PATH   open PATH (the parent's /proc/PID/timens_offsets-to-be: /proc/self/timens_offsets) before joining
 *   -j PATH   join the namespace file PATH (setns), in the order given (mount last): all but the user namespace
 *             (what gives EPERM is left for later), then the user namespace, then what was left (nsenter's order)
 *   -I        after joining, take uid and gid 0 of the user namespace joined (setresgid, setresuid): unshare of a user
 *             namespace needs the creator's ids mapped in its parent, and host root is not mapped in most
 *   -X TEXT   uid_map of the user namespace -u creates: written by a mapper (see start_mapper)
 *   -S        write "deny" to its setgroups (between the two maps, as the kernel requires)
 *   -Y TEXT   its gid_map
 *   -u HEX    unshare(2) these CLONE_NEW* flags after joining
 *   -M HEX    after -u with CLONE_NEWNS: mount("/", MS_REC | HEX) (MS_PRIVATE or MS_SLAVE)
 *   -t TEXT   write TEXT to the file -o opened (clock offsets of the time namespace just unshared)
 *   -H        hold: report "ready" with the pid of the process that holds the namespaces and wait, reaping, until
 *             killed; with CLONE_NEWPID in -u that process is the new namespace's init, forked with CLONE_PARENT
 *             so that it is the .NET process's own child, and this process exits
 *   -p        fork after joining (the child is in the pid namespace joined); this process forwards signals to it
 *             and exits as it does
 *   -n NAME   `ip netns exec NAME`: a private mount namespace, /sys for the network namespace, the files of /etc/netns/NAME bound over /etc
 *   -m        a private mount namespace with a fresh /proc (unshare --mount-proc)
 *   -r DIR    chroot(DIR) (after the mounts)
 *   -d DIR    chdir(DIR) (after chroot)
 *   -G GID    setgroups(none), setresgid(GID)
 *   -U UID    setresuid(UID)
 *   -k        the program gets PR_SET_PDEATHSIG(SIGKILL): it dies with the thread that started it
 *
 * Every step that fails writes {'E', stage, errno, argument index} and exits 127; the parent turns it into an
 * exception. Only system calls, so every step is async-signal-safe.
 */
#include "sys.h"

/* The one record the parent reads; kept in step with Processes/NativeReport.cs. */
struct report {
    int kind;     /* 'O' everything opened (the parent may let go of its descriptors), 'R' ready, 'E' error */
    int stage;    /* enum stage */
    int error;    /* errno */
    int value;    /* 'R': the holder's pid; 'E': the index of the argument that failed (-j: which namespace) */
};

enum stage {
    STAGE_USAGE = 1, STAGE_LIFELINE, STAGE_PARENT_GONE, STAGE_STATUS, STAGE_OPEN_NAMESPACE, STAGE_SETNS, STAGE_UNSHARE,
    STAGE_PROPAGATION, STAGE_OPEN_OFFSETS, STAGE_WRITE_OFFSETS, STAGE_FORK, STAGE_NETNS_MOUNTS, STAGE_SYSFS,
    STAGE_MOUNT_PROC, STAGE_CHROOT, STAGE_CHDIR, STAGE_SETGID, STAGE_SETUID, STAGE_PDEATHSIG, STAGE_EXEC,
    STAGE_CREATOR, STAGE_ID_MAP,
};

#define MAX_JOIN 8

static int status_fd = -1;
static int lifeline_fd = -1;

void *memset(void *d, int c, size_t n)
{
    unsigned char *p = d;
    while (n--) {
        *p++ = (unsigned char)c;
    }
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    unsigned char *p = d;
    const unsigned char *q = s;
    while (n--) {
        *p++ = *q++;
    }
    return d;
}

static size_t length(const char *s)
{
    size_t n = 0;
    while (s[n]) {
        n++;
    }
    return n;
}

static int same(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static __attribute__((noreturn)) void leave(int code)
{
    for (;;) {
        sys1(NR_exit_group, code);
    }
}

static void report(int kind, int stage, int error, int value)
{
    struct report r = { kind, stage, error, value };
    if (status_fd >= 0) {
        long rc;
        do {
            rc = sys3(NR_write, status_fd, &r, sizeof r);
        } while (rc == -EINTR);
    }
}

static __attribute__((noreturn)) void fail(int stage, long rc, int value)
{
    report('E', stage, (int)-rc, value);
    leave(127);
}

static long open_path(const char *path, int flags)
{
    long rc;
    do {
        rc = sys4(NR_openat, AT_FDCWD, path, flags | O_CLOEXEC, 0);
    } while (rc == -EINTR);
    return rc;
}

static unsigned long parse_number(const char *s, int base, int stage, int index)
{
    unsigned long n = 0;
    if (!*s) {
        fail(stage, -EINVAL, index);
    }
    for (; *s; s++) {
        int digit = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : 99;
        if (digit >= base) {
            fail(stage, -EINVAL, index);
        }
        n = n * (unsigned long)base + (unsigned long)digit;
    }
    return n;
}

/* Whether the parent (the holder of the lifeline's write end) is gone: then POLLHUP. */
static int parent_gone(int fd)
{
    struct pollfd p = { fd, 0, 0 };
    struct { long sec, nsec; } zero = { 0, 0 };
    long rc;
    do {
        rc = sys5(NR_ppoll, &p, 1, &zero, 0, 8);
    } while (rc == -EINTR);
    return rc > 0 && (p.revents & POLLHUP);
}

/*
 * PR_SET_PDEATHSIG, then the checks that close the race with a parent that died before it. getppid(): once the
 * dying parent's thread has handed us to another reaper, the signal will not come (a SIGKILLed .NET process can
 * reparent us before its last thread closes its descriptors). The lifeline: for a process in a new pid namespace,
 * where getppid() reads 0.
 */
static void die_with_parent(int fd, long parent)
{
    long rc = sys2(NR_prctl, PR_SET_PDEATHSIG, SIGKILL);
    if (rc < 0) {
        fail(STAGE_PDEATHSIG, rc, 0);
    }
    if ((parent > 0 && sys0(NR_getppid) != parent) || (fd >= 0 && parent_gone(fd))) {
        fail(STAGE_PARENT_GONE, -ESRCH, 0);
    }
}

static long fork_process(unsigned long flags)
{
    return sys5(NR_clone, flags | SIGCHLD, 0, 0, 0, 0);
}

static void block_all_signals(void)
{
    unsigned long all = ~0UL;
    sys4(NR_rt_sigprocmask, SIG_SETMASK, &all, 0, 8);
}

static void unblock_all_signals(void)
{
    unsigned long none = 0;
    sys4(NR_rt_sigprocmask, SIG_SETMASK, &none, 0, 8);
}

/*
 * A pid namespace's init (or a holder of namespaces): reap whatever dies, until SIGKILL or until the lifeline
 * hangs up, the proof that the .NET process is gone even if PR_SET_PDEATHSIG was armed too late to fire.
 */
static __attribute__((noreturn)) void hold(int lifeline)
{
    unsigned long chld = 1UL << (SIGCHLD - 1);
    block_all_signals();
    long sfd = sys4(NR_signalfd4, -1, &chld, 8, O_CLOEXEC | O_NONBLOCK);
    struct { long sec, nsec; } tick = { 0, 100000000 }; /* without a signalfd: look every 100 ms */
    for (;;) {
        while (sys4(NR_wait4, -1, 0, WNOHANG | WALL, 0) > 0) {
        }
        struct pollfd p[2] = { { lifeline, 0, 0 }, { (int)sfd, POLLIN, 0 } };
        sys5(NR_ppoll, p, sfd >= 0 ? 2 : 1, sfd >= 0 ? 0 : &tick, 0, 8);
        if (lifeline >= 0 && (p[0].revents & (POLLHUP | POLLERR))) {
            leave(0);
        }
        if (sfd >= 0 && (p[1].revents & POLLIN)) {
            char info[128];
            sys3(NR_read, sfd, info, sizeof info);
        }
    }
}

/* The parent side of -p: pass every signal on to the child and leave as it leaves (nsenter does the same). */
static __attribute__((noreturn)) void forward(long child)
{
    unsigned long all = ~0UL;
    int status = 0;
    block_all_signals();
    for (;;) {
        long rc = sys4(NR_wait4, child, &status, WNOHANG | WALL, 0);
        if (rc == child) {
            break;
        }
        if (rc < 0 && rc != -EINTR) {
            leave(127);
        }
        long sig = sys4(NR_rt_sigtimedwait, &all, 0, 0, 8);
        if (sig > 0 && sig != SIGCHLD) {
            sys2(NR_kill, child, sig);
        }
    }
    int termsig = status & 0x7f;
    if (termsig == 0) {
        leave((status >> 8) & 0xff);
    }
    /* Killed by a signal: die of the same one, so the parent's Process sees what happened. */
    unsigned long action[4] = { 0, 0, 0, 0 }; /* SIG_DFL, whatever the architecture's layout */
    unsigned long others = ~(1UL << (termsig - 1));
    sys4(NR_rt_sigaction, termsig, action, 0, 8);
    sys4(NR_rt_sigprocmask, SIG_SETMASK, &others, 0, 8);
    sys2(NR_kill, sys0(NR_getpid), termsig);
    leave(128 + termsig);
}

/* -X, -S, -Y: what the mapper writes, and this process's /proc/PID, opened before any mount namespace is joined. */
struct id_maps {
    const char *uid, *gid;
    int uid_index, gid_index, deny_index; /* argv indexes; 0: not given */
    int proc;
};

/* One write(2) of the whole text: these files take a single write. */
static void write_proc_file(int dir, const char *name, const char *text, int index)
{
    long fd;
    do {
        fd = sys4(NR_openat, dir, name, O_WRONLY | O_CLOEXEC, 0);
    } while (fd == -EINTR);
    if (fd < 0) {
        fail(STAGE_ID_MAP, fd, index);
    }
    long n = (long)length(text), rc;
    do {
        rc = sys3(NR_write, fd, text, n);
    } while (rc == -EINTR);
    if (rc >= 0 && rc != n) {
        rc = -EINVAL;
    }
    if (rc < 0) {
        fail(STAGE_ID_MAP, rc, index);
    }
    sys1(NR_close, fd);
}

/*
 * The kernel takes a user namespace's uid_map, setgroups and gid_map only from an opener that stands in it or in its
 * parent, with CAP_SETUID/CAP_SETGID (and CAP_SYS_ADMIN) over the parent (kernel/user_namespace.c: map_write,
 * new_idmap_permitted). Once this process has unshared, it has no capability over the parent; the .NET process stands
 * in an ancestor when the parent is a set's. So a mapper forked before unshare stays in the parent and writes them
 * when told. Forked before -I: with host root's fsuid it owns our /proc files, which -I's change of credentials makes
 * those of (init's) root. It dies with this process: EOF on its pipe. Returns its pid; *go is the pipe's write end.
 */
static long start_mapper(const struct id_maps *maps, int *go)
{
    int p[2];
    long rc = sys2(NR_pipe2, p, O_CLOEXEC);
    if (rc < 0) {
        fail(STAGE_ID_MAP, rc, 0);
    }
    /* Exit signal 0: an inherited SIGCHLD = SIG_IGN cannot make the kernel reap it before wait4 (__WALL) does. */
    long pid = sys5(NR_clone, 0, 0, 0, 0, 0);
    if (pid < 0) {
        fail(STAGE_ID_MAP, pid, 0);
    }
    if (pid > 0) {
        sys1(NR_close, p[0]);
        *go = p[1];
        return pid;
    }
    sys1(NR_close, p[1]);
    sys2(NR_prctl, PR_SET_NAME, "nsexec-mapper");
    char byte;
    do {
        rc = sys3(NR_read, p[0], &byte, 1);
    } while (rc == -EINTR);
    if (rc != 1) {
        leave(0); /* the helper failed or died before unsharing: nothing to map */
    }
    if (maps->uid_index) {
        write_proc_file(maps->proc, "uid_map", maps->uid, maps->uid_index);
    }
    if (maps->deny_index) {
        write_proc_file(maps->proc, "setgroups", "deny", maps->deny_index);
    }
    if (maps->gid_index) {
        write_proc_file(maps->proc, "gid_map", maps->gid, maps->gid_index);
    }
    leave(0);
}

/* After unshare: let the mapper write, and wait for it. A mapper that failed has reported; one killed has not. */
static void finish_mapper(long mapper, int go)
{
    unsigned long pipe = 1UL << (SIGPIPE - 1), old = 0;
    char byte = 1;
    long rc;
    /* A dead mapper gives EPIPE, not a SIGPIPE that would kill this process before it says why. */
    sys4(NR_rt_sigprocmask, SIG_BLOCK, &pipe, &old, 8);
    do {
        rc = sys3(NR_write, go, &byte, 1);
    } while (rc == -EINTR);
    sys1(NR_close, go);
    int status = 0;
    do {
        rc = sys4(NR_wait4, mapper, &status, WALL, 0);
    } while (rc == -EINTR);
    if (rc == mapper && status == 0) {
        sys4(NR_rt_sigprocmask, SIG_SETMASK, &old, 0, 8);
        return;
    }
    if (rc == mapper && (status & 0x7f) == 0 && ((status >> 8) & 0xff) == 127) {
        leave(127);
    }
    fail(STAGE_ID_MAP, -ECHILD, 0);
}

/* -I: uid and gid 0 of the user namespace joined, so that the user namespace unshared next has a mapped owner. */
static void become_root(int index, int lifeline, long parent)
{
    /* EPERM: setgroups is denied in the joined namespace; the groups kept do not matter to unshare. */
    long rc = sys2(NR_setgroups, 0, 0);
    if (rc < 0 && rc != -EPERM) {
        fail(STAGE_CREATOR, rc, index);
    }
    rc = sys3(NR_setresgid, 0, 0, 0);
    if (rc < 0) {
        fail(STAGE_CREATOR, rc, index);
    }
    rc = sys3(NR_setresuid, 0, 0, 0);
    if (rc < 0) {
        fail(STAGE_CREATOR, rc, index);
    }
    die_with_parent(lifeline, parent); /* a change of credentials cleared PR_SET_PDEATHSIG */
}

struct dirent64 {
    unsigned long ino;
    long off;
    unsigned short reclen;
    unsigned char type;
    char name[];
};

static int join_path(char *out, size_t size, const char *a, const char *b, const char *c)
{
    size_t n = 0;
    const char *parts[3] = { a, b, c };
    for (int i = 0; i < 3; i++) {
        for (const char *s = parts[i]; s && *s; s++) {
            if (n + 1 >= size) {
                return 0;
            }
            out[n++] = *s;
        }
    }
    out[n] = 0;
    return 1;
}

/* iproute2's netns_switch after setns: /sys for this network namespace, /etc/netns/NAME/ * bound over /etc/ *. */
static void netns_mounts(const char *name, int index)
{
    long rc;
    unsigned long flags = 0;
    if (sys2(NR_umount2, "/sys", MNT_DETACH) < 0) {
        long st[15];
        /* Not unmountable: mount over it, read-only if it was (a read-only sysfs cannot be shadowed read-write). */
        if (sys2(NR_statfs, "/sys", st) == 0 && (st[10] & MS_RDONLY)) {
            flags = MS_RDONLY;
        }
    }
    rc = sys5(NR_mount, name, "/sys", "sysfs", flags, 0);
    if (rc < 0) {
        fail(STAGE_SYSFS, rc, index);
    }
    char dir[512];
    if (!join_path(dir, sizeof dir, "/etc/netns/", name, 0)) {
        fail(STAGE_NETNS_MOUNTS, -EINVAL, index);
    }
    long fd = open_path(dir, O_RDONLY);
    if (fd < 0) {
        return; /* no /etc/netns/NAME: nothing to bind, as for ip */
    }
    char buffer[4096] __attribute__((aligned(8)));
    for (;;) {
        long n = sys3(NR_getdents64, fd, buffer, sizeof buffer);
        if (n <= 0) {
            break;
        }
        for (long at = 0; at < n;) {
            struct dirent64 *e = (struct dirent64 *)(buffer + at);
            at += e->reclen;
            if (same(e->name, ".") || same(e->name, "..")) {
                continue;
            }
            char source[1024], target[1024];
            if (!join_path(source, sizeof source, dir, "/", e->name) || !join_path(target, sizeof target, "/etc/", e->name, 0)) {
                continue;
            }
            rc = sys5(NR_mount, source, target, "none", MS_BIND, 0);
            if (rc < 0) {
                sys1(NR_close, fd);
                fail(STAGE_NETNS_MOUNTS, rc, index);
            }
        }
    }
    sys1(NR_close, fd);
}

static const char *env_value(char **envp, const char *name)
{
    size_t n = length(name);
    for (; *envp; envp++) {
        const char *e = *envp;
        size_t i = 0;
        while (i < n && e[i] == name[i]) {
            i++;
        }
        if (i == n && e[n] == '=') {
            return e + n + 1;
        }
    }
    return 0;
}

/* execvp without the shell fallback: a name without '/' is looked up in PATH, the first EACCES wins over ENOENT. */
static __attribute__((noreturn)) void exec_program(char **argv, char **envp, int index)
{
    const char *file = argv[0];
    long rc = -ENOENT;
    for (const char *s = file; *s; s++) {
        if (*s == '/') {
            rc = sys3(NR_execve, file, argv, envp);
            fail(STAGE_EXEC, rc, index);
        }
    }
    const char *path = env_value(envp, "PATH");
    if (!path) {
        path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    }
    int seen_eacces = 0;
    while (*path) {
        const char *end = path;
        while (*end && *end != ':') {
            end++;
        }
        char candidate[4096];
        size_t n = (size_t)(end - path);
        if (n == 0) {
            candidate[n++] = '.';
        } else if (n < sizeof candidate) {
            memcpy(candidate, path, n);
        }
        if (n + 1 + length(file) < sizeof candidate) {
            candidate[n] = '/';
            memcpy(candidate + n + 1, file, length(file) + 1);
            rc = sys3(NR_execve, candidate, argv, envp);
            if (rc == -EACCES) {
                seen_eacces = 1;
            }
        }
        path = *end ? end + 1 : end;
    }
    fail(STAGE_EXEC, seen_eacces ? -EACCES : rc, index);
}

__attribute__((used)) void start_c(long *stack)
{
    int argc = (int)stack[0];
    char **argv = (char **)(stack + 1);
    char **envp = argv + argc + 1;
    /* exec'd as /proc/self/fd/N, the kernel would name it "N" in ps */
    sys2(NR_prctl, PR_SET_NAME, "nsexec");

    const char *join[MAX_JOIN];
    int join_index[MAX_JOIN];
    int joins = 0, fork_into_pid = 0, holding = 0, mount_proc = 0, kill_with_parent = 0;
    int netns_index = 0, uid_index = 0, gid_index = 0, program_index = 0, creator_index = 0;
    struct id_maps maps = { 0, 0, 0, 0, 0, -1 };
    unsigned long unshare_flags = 0, propagation = 0;
    long uid = -1, gid = -1, offsets_fd = -1;
    const char *offsets = 0, *netns = 0, *root = 0, *cwd = 0;
    char **program = 0;
    int parent_fd = -1;
    long parent_pid = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (same(a, "--")) {
            program = argv + i + 1;
            program_index = i + 1;
            break;
        }
        if (a[0] != '-' || !a[1] || a[2]) {
            fail(STAGE_USAGE, -EINVAL, i);
        }
        char option = a[1];
        if (option == 'p') { fork_into_pid = 1; continue; }
        if (option == 'H') { holding = 1; continue; }
        if (option == 'm') { mount_proc = 1; continue; }
        if (option == 'k') { kill_with_parent = 1; continue; }
        if (option == 'I') { creator_index = i; continue; }
        if (option == 'S') { maps.deny_index = i; continue; }
        if (++i >= argc) {
            fail(STAGE_USAGE, -EINVAL, i - 1);
        }
        const char *v = argv[i];
        long rc;
        switch (option) {
        case 'l':
            rc = open_path(v, O_RDONLY | O_NONBLOCK);
            if (rc < 0) {
                fail(STAGE_LIFELINE, rc, i);
            }
            lifeline_fd = parent_fd = (int)rc;
            /* Until the program runs, this process dies with the thread that started it. */
            die_with_parent(lifeline_fd, parent_pid);
            break;
        case 'P':
            parent_pid = (long)parse_number(v, 10, STAGE_USAGE, i);
            break;
        case 's':
            rc = open_path(v, O_WRONLY | O_NONBLOCK);
            if (rc < 0) {
                fail(STAGE_STATUS, rc, i);
            }
            status_fd = (int)rc;
            break;
        case 'o':
            offsets_fd = open_path(v, O_WRONLY);
            if (offsets_fd < 0) {
                fail(STAGE_OPEN_OFFSETS, offsets_fd, i);
            }
            break;
        case 'j':
            if (joins == MAX_JOIN) {
                fail(STAGE_USAGE, -EINVAL, i);
            }
            join_index[joins] = i;
            join[joins++] = v;
            break;
        case 'u': unshare_flags = parse_number(v, 16, STAGE_USAGE, i); break;
        case 'M': propagation = parse_number(v, 16, STAGE_USAGE, i); break;
        case 't': offsets = v; break;
        case 'X': maps.uid = v; maps.uid_index = i; break;
        case 'Y': maps.gid = v; maps.gid_index = i; break;
        case 'n': netns = v; netns_index = i; break;
        case 'r': root = v; break;
        case 'd': cwd = v; break;
        case 'U': uid = (long)parse_number(v, 10, STAGE_USAGE, i); uid_index = i; break;
        case 'G': gid = (long)parse_number(v, 10, STAGE_USAGE, i); gid_index = i; break;
        default: fail(STAGE_USAGE, -EINVAL, i - 1);
        }
    }
    if (!holding && (!program || !program[0])) {
        fail(STAGE_USAGE, -EINVAL, argc);
    }
    int mapping = maps.uid_index || maps.gid_index || maps.deny_index;
    if (mapping && !(unshare_flags & CLONE_NEWUSER)) {
        fail(STAGE_USAGE, -EINVAL, maps.uid_index ? maps.uid_index : maps.gid_index ? maps.gid_index : maps.deny_index);
    }
    if (mapping) {
        long rc = open_path("/proc/self", O_RDONLY);
        if (rc < 0) {
            fail(STAGE_ID_MAP, rc, 0);
        }
        maps.proc = (int)rc;
    }

    /* Open every namespace first: once a mount namespace is joined, /proc may show another pid namespace. */
    int fds[MAX_JOIN];
    for (int j = 0; j < joins; j++) {
        long rc = open_path(join[j], O_RDONLY);
        if (rc < 0) {
            fail(STAGE_OPEN_NAMESPACE, rc, join_index[j]);
        }
        fds[j] = (int)rc;
    }
    report('O', 0, 0, 0);

    /* As nsenter does: first everything but the user namespace, in the order given, leaving for later what we may
     * not join yet (EPERM). While we still stand in our own user namespace we keep our capabilities over namespaces
     * that its descendants do not own (a net kept from the parent when a user namespace was unshared inside a set).
     * Then the user namespace, then what needed its capabilities (a caller without privilege that owns it). */
    int is_user[MAX_JOIN];
    for (int j = 0; j < joins; j++) {
        is_user[j] = sys2(NR_ioctl, fds[j], NS_GET_NSTYPE) == CLONE_NEWUSER;
    }
    for (int step = 0; step < 3; step++) {
        for (int j = 0; j < joins; j++) {
            if (fds[j] < 0 || (step == 0 && is_user[j]) || (step == 1 && !is_user[j])) {
                continue;
            }
            long rc = sys2(NR_setns, fds[j], 0);
            if (rc < 0) {
                if (step == 0 && rc == -EPERM) {
                    continue;
                }
                fail(STAGE_SETNS, rc, join_index[j]);
            }
            sys1(NR_close, fds[j]);
            fds[j] = -1;
        }
    }
    long mapper = 0;
    int go = -1;
    if (mapping) {
        mapper = start_mapper(&maps, &go);
    }
    if (creator_index) {
        become_root(creator_index, lifeline_fd, parent_pid);
    }
    if (unshare_flags) {
        long rc = sys1(NR_unshare, unshare_flags);
        if (rc < 0) {
            fail(STAGE_UNSHARE, rc, 0);
        }
        if (mapper) {
            finish_mapper(mapper, go);
            sys1(NR_close, maps.proc);
        }
        if ((unshare_flags & CLONE_NEWNS) && propagation) {
            rc = sys5(NR_mount, "none", "/", 0, MS_REC | propagation, 0);
            if (rc < 0) {
                fail(STAGE_PROPAGATION, rc, 0);
            }
        }
    }
    if (offsets) {
        long rc = sys3(NR_write, offsets_fd, offsets, length(offsets));
        if (rc < 0) {
            fail(STAGE_WRITE_OFFSETS, rc, 0);
        }
        sys1(NR_close, offsets_fd);
    }

    if (holding) {
        if (unshare_flags & CLONE_NEWPID) {
            /* The init is the .NET process's own child (CLONE_PARENT): it dies with the thread that started this
             * process, and the parent reaps it. This process has done its part. */
            long init = fork_process(CLONE_PARENT);
            if (init < 0) {
                fail(STAGE_FORK, init, 0);
            }
            if (init == 0) {
                sys2(NR_prctl, PR_SET_NAME, "nsexec-init");
                die_with_parent(lifeline_fd, 0); /* getppid() reads 0 in the new pid namespace */
                sys1(NR_close, status_fd);
                hold(lifeline_fd);
            }
            report('R', 0, 0, (int)init);
            leave(0);
        }
        report('R', 0, 0, (int)sys0(NR_getpid));
        hold(lifeline_fd);
    }

    if (fork_into_pid) {
        int alive[2];
        long rc = sys2(NR_pipe2, alive, O_CLOEXEC);
        if (rc < 0) {
            fail(STAGE_FORK, rc, 0);
        }
        long child = fork_process(0);
        if (child < 0) {
            fail(STAGE_FORK, child, 0);
        }
        if (child > 0) {
            /* Only the child keeps the status pipe (EOF at its exec) and the standard streams. */
            sys1(NR_close, status_fd);
            sys1(NR_close, alive[0]);
            for (int fd = 0; fd < 3; fd++) {
                sys1(NR_close, fd);
            }
            forward(child);
        }
        sys1(NR_close, alive[1]);
        /* The child dies with this process (Process.Kill kills this one), which dies with the .NET thread. */
        parent_fd = alive[0];
        parent_pid = 0; /* the helper, invisible from the pid namespace joined */
        die_with_parent(parent_fd, 0);
    }

    if (netns || mount_proc) {
        long rc = sys1(NR_unshare, CLONE_NEWNS);
        if (rc < 0) {
            fail(netns ? STAGE_NETNS_MOUNTS : STAGE_MOUNT_PROC, rc, netns ? netns_index : 0);
        }
        rc = sys5(NR_mount, "none", "/", 0, MS_REC | (netns ? MS_SLAVE : MS_PRIVATE), 0);
        if (rc < 0) {
            fail(STAGE_PROPAGATION, rc, 0);
        }
        if (netns) {
            netns_mounts(netns, netns_index);
        }
    }
    if (root) {
        long rc = sys1(NR_chroot, root);
        if (rc < 0) {
            fail(STAGE_CHROOT, rc, 0);
        }
        if (!cwd) {
            cwd = "/";
        }
    }
    if (mount_proc) {
        long rc = sys5(NR_mount, "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, 0);
        if (rc < 0) {
            fail(STAGE_MOUNT_PROC, rc, 0);
        }
    }
    if (cwd) {
        long rc = sys1(NR_chdir, cwd);
        if (rc < 0) {
            fail(STAGE_CHDIR, rc, 0);
        }
    }
    if (gid >= 0) {
        /* EPERM: setgroups is denied in this user namespace, and there are no groups to drop. */
        long rc = sys2(NR_setgroups, 0, 0);
        if (rc < 0 && rc != -EPERM) {
            fail(STAGE_SETGID, rc, gid_index);
        }
        rc = sys3(NR_setresgid, gid, gid, gid);
        if (rc < 0) {
            fail(STAGE_SETGID, rc, gid_index);
        }
    }
    if (uid >= 0) {
        long rc = sys3(NR_setresuid, uid, uid, uid);
        if (rc < 0) {
            fail(STAGE_SETUID, rc, uid_index);
        }
    }
    /* A change of credentials clears PR_SET_PDEATHSIG: set it last (or clear what -l set). */
    if (kill_with_parent || fork_into_pid) {
        die_with_parent(parent_fd, parent_pid);
    } else {
        sys2(NR_prctl, PR_SET_PDEATHSIG, 0);
    }
    if (lifeline_fd >= 0) {
        sys1(NR_close, lifeline_fd);
    }
    unblock_all_signals();
    exec_program(program, envp, program_index);
}

#if defined(__x86_64__)
__asm__(".text\n.global _start\n_start:\n\txor %rbp, %rbp\n\tmov %rsp, %rdi\n\tand $-16, %rsp\n\tcall start_c\n\thlt\n");
#else
__asm__(".text\n.global _start\n_start:\n\tmov x29, #0\n\tmov x30, #0\n\tmov x0, sp\n\tbl start_c\n\tbrk #0\n");
#endif

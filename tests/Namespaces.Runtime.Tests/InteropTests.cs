using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Namespaces.Testing;
using Namespaces.Tests.Support;
using Xunit;

namespace Namespaces.Tests;

/// <summary>The interop layer agrees with the C library and the kernel of this machine: struct layouts, errno numbers, link lengths.</summary>
/// <remarks>Serial: gcc and the programs it builds are child processes, and starting them loads assemblies (new fds) that a leak count running meanwhile would see.</remarks>
[Collection(SerialCollection.Name)]
public sealed class InteropTests
{
    [Fact]
    public void Structs_HaveTheSizeAndOffsetsOfTheCLibrarysHeaders()
    {
        Kernel.RequireProgram("gcc", "gcc");
        Dictionary<string, long> c = CompileAndRun("""
            #define _GNU_SOURCE
            #include <stdio.h>
            #include <stddef.h>
            #include <sys/statfs.h>
            #include <sys/statvfs.h>
            #include <sys/stat.h>
            #include <net/if.h>
            int main(void)
            {
                printf("statfs %zu\n", sizeof(struct statfs));
                printf("statfs.f_type %zu\n", offsetof(struct statfs, f_type));
                printf("statvfs %zu\n", sizeof(struct statvfs));
                printf("statvfs.f_flag %zu\n", offsetof(struct statvfs, f_flag));
                printf("statx %zu\n", sizeof(struct statx));
                printf("statx.stx_ino %zu\n", offsetof(struct statx, stx_ino));
                printf("ifreq %zu\n", sizeof(struct ifreq));
                printf("ifreq.ifr_flags %zu\n", offsetof(struct ifreq, ifr_flags));
                return 0;
            }
            """);

        var managed = new Dictionary<string, long>
        {
            ["statfs"] = Unsafe.SizeOf<Interop.StatFs>(),
            ["statfs.f_type"] = Marshal.OffsetOf<Interop.StatFs>(nameof(Interop.StatFs.Type)),
            ["statvfs"] = Unsafe.SizeOf<Interop.StatVfs>(),
            ["statvfs.f_flag"] = Marshal.OffsetOf<Interop.StatVfs>(nameof(Interop.StatVfs.Flags)),
            ["statx"] = Unsafe.SizeOf<Interop.Statx>(),
            ["statx.stx_ino"] = Marshal.OffsetOf<Interop.Statx>(nameof(Interop.Statx.Inode)),
            ["ifreq"] = Unsafe.SizeOf<Interop.IfReq>(),
            ["ifreq.ifr_flags"] = Marshal.OffsetOf<Interop.IfReq>(nameof(Interop.IfReq.Flags)),
        };
        Assert.Equal(c.OrderBy(p => p.Key), managed.OrderBy(p => p.Key));
    }

    [Fact]
    public void ErrorNumbers_AreThoseOfThisMachinesErrnoHeader()
    {
        Kernel.RequireProgram("gcc", "gcc");
        Interop.Error[] errors = Enum.GetValues<Interop.Error>().Where(e => e != Interop.Error.SUCCESS).ToArray();
        // Each name's number as <errno.h> (linux/errno.h beneath it) defines it; -1 for a name it does not know.
        string prints = string.Concat(errors.Select(e => $"#ifdef {e}\n    printf(\"{e} %d\\n\", {e});\n#else\n    printf(\"{e} -1\\n\");\n#endif\n"));
        Dictionary<string, long> header = CompileAndRun("#include <stdio.h>\n#include <errno.h>\nint main(void)\n{\n" + prints + "    return 0;\n}\n");

        string[] wrong = errors.Where(e => header[e.ToString()] != (int)e).Select(e => $"{e} = {(int)e}, errno.h says {header[e.ToString()]}").ToArray();
        Assert.Empty(wrong);
        Assert.True(errors.Length > 120, "the enum holds the kernel's whole list");
    }

    [Theory]
    [InlineData(1, "EPERM")]
    [InlineData(36, "ENAMETOOLONG")] // not in the old table of 19 names: it said "errno 36"
    [InlineData(95, "EOPNOTSUPP")]
    [InlineData(200, "errno 200")]
    public void ErrnoName_NamesEveryErrnoTheKernelDefines(int errno, string name)
    {
        var error = new NamespaceException("test", errno, NS.Net);
        Assert.Equal(name, error.ErrnoName);
        Assert.Equal(errno, error.Errno);
    }

    [Fact]
    public void ReadLink_ReturnsALinkLongerThan256BytesWhole()
    {
        using var directory = new TempDirectory();
        string target = "/" + string.Join("/", Enumerable.Repeat(new string('d', 60), 20)); // 1,220 bytes
        string link = directory.Combine("long");
        File.CreateSymbolicLink(link, target);

        Assert.Equal(Interop.Error.SUCCESS, Interop.ReadLink(link, out string? read));
        Assert.Equal(target, read);
        Assert.Equal(Interop.Error.ENOENT, Interop.ReadLink(directory.Combine("missing"), out string? none));
        Assert.Null(none);
    }

    [Fact]
    public void Wrappers_ReturnTheErrnoAndAnInvalidHandle_OnFailure()
    {
        Assert.Equal(Interop.Error.ENOENT, Interop.Open("/nonexistent/file", Interop.OpenFlags.O_RDONLY, out Microsoft.Win32.SafeHandles.SafeFileHandle handle));
        Assert.True(handle.IsInvalid);
        using var directory = new TempDirectory();
        Assert.Equal(Interop.Error.ENOENT, Interop.Unlink(directory.Combine("missing")));
        Assert.Equal(Interop.Error.EINVAL, Interop.Unmount(directory.Path, Interop.UnmountFlags.MNT_DETACH)); // not a mount point
        Assert.Equal(Interop.Error.ESRCH, Interop.Kill(int.MaxValue, 0));
    }

    private static Dictionary<string, long> CompileAndRun(string source)
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.Combine("layout.c"), source);
        (int built, string errors) = Kernel.Run("gcc", "-o", directory.Combine("layout"), directory.Combine("layout.c"));
        Assert.True(built == 0, "gcc failed: " + errors);
        (int ran, string output) = Kernel.Run(directory.Combine("layout"));
        Assert.True(ran == 0, output);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(f => f[0], f => long.Parse(f[1], CultureInfo.InvariantCulture));
    }
}

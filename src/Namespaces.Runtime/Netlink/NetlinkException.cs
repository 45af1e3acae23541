using System;

namespace Namespaces.Netlink;

/// <summary>
/// The kernel refused a NETLINK_ROUTE request. <see cref="NamespaceException.Errno"/> is its errno and
/// <see cref="KernelMessage"/> the reason it gave in its extended ACK (NETLINK_EXT_ACK), e.g. "Unknown device type";
/// the message names the operation, the link and the network namespace, and says what usually helps.
/// </summary>
public sealed class NetlinkException : NamespaceException
{
    /// <summary>Creates an exception for a refused request.</summary>
    /// <param name="message">What failed and what to do about it.</param>
    /// <param name="errno">The kernel's error number.</param>
    /// <param name="kernelMessage">The kernel's extended-ACK message, when it sent one.</param>
    public NetlinkException(string message, int errno, string? kernelMessage)
        : base(message, errno, NS.Net)
    {
        KernelMessage = kernelMessage;
    }

    /// <summary>The kernel's own words (NLMSGERR_ATTR_MSG), or <see langword="null"/> when it gave none.</summary>
    public string? KernelMessage { get; }

    /// <summary>The exception for a refused request; <paramref name="detail"/> is what the client itself found wrong, if anything.</summary>
    internal static NetlinkException For(in NetlinkOperation operation, string networkNamespace, Interop.Error error, string? kernelMessage, string? detail = null)
    {
        string said = (kernelMessage is null ? "" : $" The kernel said: \"{kernelMessage}\".") + (detail is null ? "" : $" {detail}.");
        string hint = error switch
        {
            Interop.Error.EEXIST => " It exists already: choose another name, delete it first, or use ReplaceRoute for a route.",
            Interop.Error.ENODEV => " There is no such link in that namespace: GetLinks() lists the links there are.",
            Interop.Error.EPERM => " Changing links, addresses and routes needs CAP_NET_ADMIN in the user namespace that owns the network namespace: run as root.",
            Interop.Error.ENETUNREACH => " The gateway is not inside the subnet of an address on a link that is up: add such an address first, or pass onLink: true with a device.",
            Interop.Error.EOPNOTSUPP => " This kernel has no driver for that kind of link (it was built without it, or its module is not loaded).",
            Interop.Error.EADDRNOTAVAIL => " That address is not on that link: GetAddresses() lists the addresses there are.",
            Interop.Error.ESRCH => " There is no such route: GetRoutes() lists the routes there are.",
            Interop.Error.EINTR => $" The kernel flagged each of {NetlinkSocket.MaxDumpAttempts} dumps in a row interrupted (NLM_F_DUMP_INTR: the table changed while it was read): retry when it changes less.",
            Interop.Error.EAGAIN => $" The kernel did not answer within {NetlinkSocket.ReceiveTimeout.TotalSeconds:0} s.",
            Interop.Error.EMFILE or Interop.Error.ENFILE => " The descriptor table is full: close descriptors or raise the limit (ulimit -n).",
            _ => "",
        };
        return new NetlinkException($"{operation.Describe()} in {networkNamespace} failed: {error.Describe()}.{said}{hint}", (int)error, kernelMessage);
    }
}

/// <summary>
/// What a request does, kept as its parts (references only, nothing formatted or boxed) so that a request that succeeds
/// allocates nothing for its error message: "Adding veth pair 'veth0' (peer 'eth0' in net:[4026532281])".
/// </summary>
internal readonly struct NetlinkOperation(string action, object? subject = null, int prefixLength = -1, string? relation = null, object? other = null, NamespaceSet? otherSet = null)
{
    public string Describe()
    {
        var text = new System.Text.StringBuilder(action);
        if (subject is not null)
        {
            text.Append(" '").Append(subject).Append(prefixLength >= 0 ? $"/{prefixLength}" : "").Append('\'');
        }

        if (relation is not null)
        {
            text.Append(" (").Append(relation);
            if (other is not null)
            {
                text.Append(" '").Append(other).Append('\'');
            }

            if (otherSet is not null)
            {
                text.Append(other is null ? " " : " in ").Append(otherSet.IsDisposed ? "a disposed set" : otherSet.Id(NS.Net));
            }

            text.Append(')');
        }
        return text.ToString();
    }
}

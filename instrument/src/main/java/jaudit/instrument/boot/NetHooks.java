package jaudit.instrument.boot;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Adapters for the socket funnels: connects, binds, datagrams and Unix-domain sockets. */
public final class NetHooks {
    private static final String NET = "sun/nio/ch/Net";
    /** The name of the socket a JVM's attach listener waits on: {@code .java_pid<pid>}. */
    private static final String ATTACH_SOCKET = ".java_pid";

    private NetHooks() {
    }

    @Hook(owner = NET, method = "connect",
            descriptor = "(Ljava/net/ProtocolFamily;Ljava/io/FileDescriptor;Ljava/net/InetAddress;I)I", args = {2, 3})
    public static void connect(InetAddress address, int port) {
        if (Bridge.active) {
            EventRaiser.raise("net.connect", hostOf(address), port, address == null ? null : address.getHostAddress());
        }
    }

    @Hook(owner = NET, method = "bind",
            descriptor = "(Ljava/net/ProtocolFamily;Ljava/io/FileDescriptor;Ljava/net/InetAddress;I)V", args = {2, 3})
    public static void listen(InetAddress address, int port) {
        if (Bridge.active && !(port == 0
                && datagram(EventRaiser.callerOfNamed(NET.replace('/', '.'))))) {
            // A datagram socket binds an ephemeral port to send from: a client, not a listener.
            EventRaiser.raise("net.listen", hostOf(address), port, address == null ? null : address.getHostAddress());
        }
    }

    @Hook(owner = "sun/nio/ch/DatagramChannelImpl", method = "send",
            descriptor = "(Ljava/nio/ByteBuffer;Ljava/net/SocketAddress;)I", args = 1)
    public static void datagramSend(SocketAddress target) {
        if (Bridge.active && target instanceof InetSocketAddress address) {
            EventRaiser.raise("net.connect", address.getHostString(), address.getPort(),
                    address.getAddress() == null ? null : address.getAddress().getHostAddress());
        }
    }

    /** Binding a Unix-domain socket creates its file, then listens there. */
    @Hook(owner = "sun/nio/ch/UnixDomainSockets", method = "bind",
            descriptor = "(Ljava/io/FileDescriptor;Ljava/nio/file/Path;)V", args = 1)
    public static void unixBind(Object path) {
        if (Bridge.active) {
            EventRaiser.raise("file.write", String.valueOf(path), "socket");
            EventRaiser.raise("net.listen", "unix:" + path, 0);
        }
    }

    @Hook(owner = "sun/nio/ch/UnixDomainSockets", method = "connect",
            descriptor = "(Ljava/io/FileDescriptor;Ljava/nio/file/Path;)I", args = 1)
    public static void unixConnect(Object path) {
        if (Bridge.active) {
            String name = String.valueOf(path);
            if (name.substring(name.lastIndexOf('/') + 1).startsWith(ATTACH_SOCKET)) {
                // A JVM's attach listener runs any diagnostic command sent to it, heap dumps and agent loads included.
                EventRaiser.raise("jvm.diagnostic", "attach", name);
            }
            EventRaiser.raise("net.connect", "unix:" + path, 0);
        }
    }

    private static boolean datagram(Class<?> caller) {
        return caller != null && caller.getName().equals("sun.nio.ch.DatagramChannelImpl");
    }

    /** The name the address was looked up by, else its IP; never a reverse lookup. */
    private static String hostOf(InetAddress address) {
        if (address == null) {
            return null;
        }
        String text = address.toString();
        int slash = text.indexOf('/');
        return slash > 0 ? text.substring(0, slash) : address.getHostAddress();
    }
}

package fi.agreementregistry.api.storage.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoThreadFactory;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.MongoExceptionHandler;
import de.bwaldvogel.mongo.wire.MongoWireMessageEncoder;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.MongoWireReplyEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * mongo-java-server's wire protocol on a Unix domain socket instead of a TCP port. {@code MongoServer} cannot do it:
 * it hard-codes {@code NioServerSocketChannel} (TCP), a {@code ChannelInitializer<SocketChannel>} and an
 * {@code InetSocketAddress} local address. So this is its {@code bind}/{@code shutdownNow} with the same public
 * pipeline handlers on Netty's {@link NioServerDomainSocketChannel} (NIO domain sockets, JDK 16+, no native library).
 * <p>
 * Who may connect: whoever may open the socket file (it is 0600 in a 0700 folder, so this OS user and root), and of
 * those only peers running as the socket's owner: each new connection's peer credentials ({@code SO_PEERCRED}) are
 * checked and any other user, root included, is disconnected before a byte is read.
 */
final class DomainSocketServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DomainSocketServer.class);

    private final MongoBackend backend;
    private final Path socket;
    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final ChannelGroup clients;
    private final Channel listener;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean peerCheckUnsupportedLogged = new AtomicBoolean();
    /** The socket file's owner, i.e. this process's user; {@code null} until bound (nobody is let in before). */
    private volatile UserPrincipal owner;

    /** Binds {@code socket} (which must not exist), makes it owner-only and serves {@code backend} on it. */
    DomainSocketServer(MongoBackend backend, Path socket) {
        this.backend = backend;
        this.socket = socket;
        this.acceptor = new NioEventLoopGroup(1, new MongoThreadFactory("embedded-mongo-accept-"));
        this.workers = new NioEventLoopGroup(0, new MongoThreadFactory("embedded-mongo-worker-"));
        this.clients = new DefaultChannelGroup("embedded-mongo-clients", workers.next());
        Channel bound;
        try {
            bound = new ServerBootstrap()
                    .group(acceptor, workers)
                    .channel(NioServerDomainSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            if (!fromOwner(channel)) {
                                channel.close();
                                return;
                            }
                            channel.pipeline().addLast(new MongoWireReplyEncoder(), new MongoWireMessageEncoder(),
                                    new MongoWireProtocolHandler(), new MongoDatabaseHandler(backend, clients),
                                    new MongoExceptionHandler());
                        }
                    })
                    .bind(UnixDomainSocketAddress.of(socket)).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            shutDownLoops();
            throw e;
        }
        this.listener = bound;
        // bind(2) makes the socket with the umask's permissions; connecting needs write permission on it.
        OwnerOnly.restrict(socket, OwnerOnly.FILE);
        try {
            owner = Files.getOwner(socket);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Cannot read the owner of " + socket, e);
        }
    }

    Path socket() {
        return socket;
    }

    /** The peer runs as the user who owns the socket (this process's user). */
    private boolean fromOwner(Channel channel) {
        UserPrincipal owner = this.owner;
        UnixDomainPrincipal peer;
        try {
            peer = channel.config().getOption(NioChannelOption.of(ExtendedSocketOptions.SO_PEERCRED));
        } catch (UnsupportedOperationException e) {
            // No peer credentials on this platform: the socket file's permissions are the only guard.
            if (peerCheckUnsupportedLogged.compareAndSet(false, true)) {
                log.warn("This platform gives no peer credentials on {}: only its file permissions guard it", socket);
            }
            return true;
        } catch (Exception e) {
            log.warn("Refused a connection to the embedded database: cannot tell who it is from ({})", e.toString());
            return false;
        }
        if (owner == null || peer == null || !owner.equals(peer.user())) {
            log.warn("Refused a connection to the embedded database from OS user {} (only {} may connect)",
                    peer == null ? "?" : peer.user().getName(), owner == null ? "?" : owner.getName());
            return false;
        }
        return true;
    }

    /** Stops listening (Netty deletes the socket file), closes the clients, then the backend. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        listener.close().syncUninterruptibly();
        clients.close().syncUninterruptibly();
        shutDownLoops();
        backend.close();
    }

    private void shutDownLoops() {
        acceptor.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        acceptor.terminationFuture().syncUninterruptibly();
        workers.terminationFuture().syncUninterruptibly();
    }

    @Override
    public String toString() {
        return "DomainSocketServer[" + socket + "]";
    }
}

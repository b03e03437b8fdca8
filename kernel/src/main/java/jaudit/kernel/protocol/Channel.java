package jaudit.kernel.protocol;

import java.util.ArrayList;
import java.util.List;
import jaudit.kernel.log.Log;
import org.zeromq.ZMQ;

/**
 * A ZeroMQ socket that speaks Jupyter messages. Not thread-safe, like the socket under it: each
 * channel is used by the one thread that owns it.
 */
public final class Channel {
    private final String name;
    private final ZMQ.Socket socket;
    private final WireCodec codec;

    public Channel(String name, ZMQ.Socket socket, WireCodec codec) {
        this.name = name;
        this.socket = socket;
        this.codec = codec;
    }

    public String name() {
        return name;
    }

    public ZMQ.Socket socket() {
        return socket;
    }

    /**
     * Waits up to {@code timeoutMillis} (negative: forever) for the next message. Returns a result
     * holding either the message or why the frames were refused; null on timeout.
     */
    public Received receive(int timeoutMillis) {
        List<byte[]> frames = receiveFrames(timeoutMillis);
        if (frames == null) {
            return null;
        }
        try {
            return new Received(codec.decode(frames), null);
        } catch (MalformedMessageException e) {
            Log.warn(name + ": dropped a message: " + e.getMessage());
            return new Received(null, e);
        }
    }

    private List<byte[]> receiveFrames(int timeoutMillis) {
        socket.setReceiveTimeOut(timeoutMillis < 0 ? -1 : timeoutMillis);
        byte[] first = socket.recv(0);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }

    public void send(Message message) {
        List<byte[]> frames = codec.encode(message);
        for (int i = 0; i < frames.size(); i++) {
            boolean more = i < frames.size() - 1;
            socket.send(frames.get(i), more ? ZMQ.SNDMORE : 0);
        }
    }

    /** What a receive produced: a message, or the reason the frames were dropped. */
    public record Received(Message message, MalformedMessageException refusal) {
    }
}

package jaudit.kernel.protocol;

import org.zeromq.ZMQ;

/** Echoes every heartbeat ping on its own thread, so a busy cell never looks like a dead kernel. */
public final class Heartbeat implements Runnable {
    private final ZMQ.Socket socket;

    public Heartbeat(ZMQ.Socket socket) {
        this.socket = socket;
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            byte[] ping;
            try {
                ping = socket.recv(0);
            } catch (RuntimeException e) {
                return;
            }
            if (ping == null) {
                continue;
            }
            boolean more = socket.hasReceiveMore();
            socket.send(ping, more ? ZMQ.SNDMORE : 0);
            while (more) {
                byte[] frame = socket.recv(0);
                more = socket.hasReceiveMore();
                socket.send(frame, more ? ZMQ.SNDMORE : 0);
            }
        }
    }
}

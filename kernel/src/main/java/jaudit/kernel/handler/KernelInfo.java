package jaudit.kernel.handler;

import jaudit.kernel.request.Request;
import jaudit.kernel.request.RequestHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jaudit.kernel.protocol.Session;

/** kernel_info_reply: who the kernel is. Answered without waiting for JShell. */
public final class KernelInfo implements RequestHandler {
    static final String IMPLEMENTATION = "jaudit";
    static final String VERSION = versionOfJar();

    private final ObjectNode content;

    public KernelInfo(Session session) {
        content = session.object();
        content.put("status", "ok");
        content.put("protocol_version", Session.PROTOCOL_VERSION);
        content.put("implementation", IMPLEMENTATION);
        content.put("implementation_version", VERSION);
        String javaVersion = Runtime.version().toString();
        content.put("banner", "jaudit " + VERSION + " - Java " + javaVersion + " under an audit policy ("
                + System.getProperty("java.vm.name") + ")");
        ObjectNode language = content.putObject("language_info");
        language.put("name", "java");
        language.put("version", javaVersion);
        language.put("mimetype", "text/x-java");
        language.put("file_extension", ".java");
        language.put("pygments_lexer", "java");
        language.put("codemirror_mode", "text/x-java");
        content.putArray("help_links")
                .add(link(session, "Java " + Runtime.version().feature() + " API",
                        "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/docs/api/"))
                .add(link(session, "JShell guide",
                        "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature()
                                + "/jshell/introduction-jshell.html"));
        // JEP 92 optional features: the spec names "debugger" and "kernel subshells"; jaudit has subshells.
        content.putArray("supported_features").add("kernel subshells");
        content.put("debugger", false);
    }

    private static ObjectNode link(Session session, String text, String url) {
        ObjectNode link = session.object();
        link.put("text", text);
        link.put("url", url);
        return link;
    }

    private static String versionOfJar() {
        String version = KernelInfo.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @Override
    public void handle(Request request) {
        request.reply(content.deepCopy());
    }
}

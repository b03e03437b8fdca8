package jaudit.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("unchecked")
class AuditPolicyTest {
    @TempDir
    Path work;

    private AuditPolicy parse(Map<String, ?> json) throws PolicyException {
        return AuditPolicy.parse(json, work, Path.of("/home/someone"));
    }

    private static List<Object> args(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    void dotMeansTheWorkingDirectoryAndTildeTheHome() throws Exception {
        AuditPolicy policy = parse(Map.of("roots", List.of(".", "~/data")));
        assertEquals(List.of(work.toRealPath(), Path.of("/home/someone/data")), policy.roots());
    }

    @Test
    void unknownKeysWrongTypesAndRelativeRootsAreRejectedByName() {
        assertTrue(assertThrows(PolicyException.class, () -> parse(Map.of("rootz", List.of())))
                .getMessage().contains("unknown key 'rootz'"));
        assertTrue(assertThrows(PolicyException.class, () -> parse(Map.of("enabled", "yes")))
                .getMessage().contains("'enabled' must be true or false"));
        assertTrue(assertThrows(PolicyException.class, () -> parse(Map.of("roots", List.of("data"))))
                .getMessage().contains("'roots' entry 'data' is relative"));
        assertTrue(assertThrows(PolicyException.class, () -> parse(Map.of("net", List.of("no-port"))))
                .getMessage().contains("host:port"));
    }

    @Test
    void writesAreJudgedByTheParentDirectoryWithSymlinksResolved() throws Exception {
        Path inside = Files.createDirectory(work.resolve("inside"));
        Path outside = Files.createTempDirectory("jaudit-outside");
        Path sneaky = Files.createSymbolicLink(inside.resolve("link"), outside);
        AuditPolicy policy = parse(Map.of("roots", List.of(inside.toString())));
        assertEquals(Optional.empty(), Auditor.violation(policy, "file.write", args(inside + "/a.txt", "write")));
        assertEquals(Optional.empty(), Auditor.violation(policy, "file.mkdir", args(inside + "/new/")));
        assertTrue(Auditor.violation(policy, "file.write", args(sneaky + "/a.txt", "write")).isPresent());
        assertTrue(Auditor.violation(policy, "file.delete", args(outside + "/b.txt")).isPresent());
        assertTrue(Auditor.violation(policy, "file.move", args(inside + "/a", outside + "/b")).isPresent());
        assertEquals(Optional.empty(), Auditor.violation(policy, "file.copy", args("/etc/hostname", inside + "/c")));
    }

    @Test
    void aCellResolvesAFolderOnceUntilANameChangesAndEachCellMeetsTheTreeAfresh() throws Exception {
        Path inside = Files.createDirectory(work.resolve("inside"));
        Path outside = Files.createDirectory(work.resolve("outside"));
        Path data = Files.createDirectory(inside.resolve("data"));
        AuditPolicy policy = parse(Map.of("roots", List.of(inside.toString())));
        FolderResolutions cell = new FolderResolutions();
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), Auditor.violation(policy, "file.write", args(data + "/" + i + ".txt", "write"), cell));
        }
        // The cell deletes the folder and links its name outside: the delete is judged first.
        assertEquals(Optional.empty(), Auditor.violation(policy, "file.delete", args(data.toString()), cell));
        Files.delete(data);
        Files.createSymbolicLink(data, outside);
        assertTrue(Auditor.violation(policy, "file.write", args(data + "/3.txt", "write"), cell).isPresent());
        assertTrue(Auditor.violation(policy, "file.write", args(data + "/3.txt", "write"), new FolderResolutions())
                .isPresent());
    }

    @Test
    void writesToDevicesThatDiscardAndToTheOwnConsoleAreNoWritesOutsideTheRoots() throws Exception {
        AuditPolicy policy = parse(Map.of("roots", List.of(work.toString())));
        for (String sink : List.of("/dev/null", "/dev/zero", "/dev/stdout", "/dev/stderr", "/proc/self/fd/1")) {
            assertEquals(Optional.empty(), Auditor.violation(policy, "file.write", args(sink, "write")), sink);
        }
        assertTrue(Auditor.violation(policy, "file.write", args("/dev/sda", "write")).isPresent());
        assertTrue(Auditor.violation(policy, "file.attr", args("/dev/null", "permissions")).isPresent());
        assertTrue(Auditor.violation(policy, "file.delete", args("/dev/null")).isPresent());
    }

    @Test
    void aLinkMustSitInARootAndLeadIntoOne() throws Exception {
        Path inside = Files.createDirectories(work.resolve("inside/sub"));
        AuditPolicy policy = parse(Map.of("roots", List.of(work.resolve("inside").toString())));
        assertEquals(Optional.empty(), Auditor.violation(policy, "file.link", args(inside + "/l", inside + "/t.txt")));
        assertEquals(Optional.empty(), Auditor.violation(policy, "file.link", args(inside + "/l", "../t.txt")));
        assertTrue(Auditor.violation(policy, "file.link", args(inside + "/l", "/etc/passwd")).isPresent());
        assertTrue(Auditor.violation(policy, "file.link", args(inside + "/l", "../../../etc")).isPresent());
        assertTrue(Auditor.violation(policy, "file.link", args("/etc/l", inside + "/t.txt")).isPresent());
    }

    @Test
    void nativeCallsAreDeniedOnlyWhileCallsAreMonitored() throws Exception {
        assertTrue(Auditor.violation(parse(Map.of()), "native.call", args("cell", "com.example.Fast.hash")).isPresent());
        assertEquals(Optional.empty(), Auditor.violation(parse(Map.of("monitor_calls", false)), "native.call",
                args("cell", "com.example.Fast.hash")));
    }

    @Test
    void replacingEveryPropertyAtOnceIsASensitiveChange() throws Exception {
        assertTrue(Auditor.violation(parse(Map.of()), "sys.property", args("*", null)).isPresent());
        assertEquals(Optional.empty(), Auditor.violation(parse(Map.of()), "sys.property", args("my.key", "v")));
    }

    @Test
    void aNarrowerSourceReplacesOnlyTheKeysItNames() throws Exception {
        AuditPolicy base = parse(Map.of("roots", List.of("."), "net", List.of("localhost:*"), "data", Map.of("a", 1)));
        AuditPolicy cell = base.with(Map.of("net", List.of()), work, Path.of("/home/someone"));
        assertEquals(base.roots(), cell.roots());
        assertEquals(Optional.of(List.of()), cell.net());
        assertEquals(Map.of("a", 1), cell.data());
        assertThrows(UnsupportedOperationException.class, () -> ((Map<String, Object>) cell.data()).put("b", 2));
    }

    @Test
    void allowRulesMatchByGlobAndTheProgramByPathOrName() throws Exception {
        AuditPolicy policy = parse(Map.of("allow", List.of(
                Map.of("event", "process.start", "args", List.of("echo")),
                Map.of("event", "net.connect", "args", List.of("*.example.com", "443")),
                Map.of("event", "native.call", "callee", "com.sun.jna.*"))));
        assertEquals(Optional.of(0), Auditor.allowedBy(policy, "process.start", args("/bin/echo hi", null)));
        assertEquals(Optional.empty(), Auditor.allowedBy(policy, "process.start", args("ls -l", null)));
        assertEquals(Optional.empty(), Auditor.allowedBy(policy, "process.start", args("echo.sh", null)));
        assertEquals(Optional.of(1), Auditor.allowedBy(policy, "net.connect", args("api.example.com", 443, "1.2.3.4")));
        assertEquals(Optional.empty(), Auditor.allowedBy(policy, "net.connect", args("api.example.com", 80, null)));
        assertEquals(Optional.of(2), Auditor.allowedBy(policy, "native.call", args("cell", "com.sun.jna.Native.invoke")));
        assertEquals(Optional.empty(), Auditor.allowedBy(policy, "native.call", args("cell", "org.Other.call")));
    }

    @Test
    void hostKeysAreCheckedByName() {
        assertTrue(assertThrows(PolicyException.class, () -> parse(Map.of("on_call", "x.Calls", "host_classpath",
                List.of("/opt/h.jar"), "monitor_calls", false))).getMessage().contains("'on_call' needs 'monitor_calls'"));
        assertTrue(assertThrows(PolicyException.class, () -> parse(Map.of("before_deny", "x.Deny")))
                .getMessage().contains("needs 'host_classpath'"));
        assertTrue(assertThrows(PolicyException.class, () -> parse(Map.of("log", work.resolve("audit.jsonl").toString())))
                .getMessage().contains("inside a writable root"));
        assertTrue(assertThrows(PolicyException.class, () -> parse(Map.of("allow", List.of(Map.of("event", "no.such")))))
                .getMessage().contains("'allow' entry 0"));
        assertTrue(assertThrows(PolicyException.class, () -> parse(Map.of("ask_timeout", -1)))
                .getMessage().contains("'ask_timeout'"));
    }

    @Test
    void processesExitAndTheGuardAreDeniedWhileDisabledPoliciesAllowEverything() throws Exception {
        AuditPolicy policy = parse(Map.of());
        for (String event : List.of("process.start", "runtime.exit", "sys.stream", "audit.config", "native.load")) {
            assertTrue(Auditor.violation(policy, event, args("x", null)).isPresent(), event);
        }
        AuditPolicy off = parse(Map.of("enabled", false));
        assertEquals(Optional.empty(), Auditor.violation(off, "process.start", args("ls", null)));
    }

    @Test
    void propertiesAndReflectionAreDeniedOnlyForSensitiveTargets() throws Exception {
        AuditPolicy policy = parse(Map.of());
        assertTrue(Auditor.violation(policy, "sys.property", args("user.dir", "/")).isPresent());
        assertTrue(Auditor.violation(policy, "sys.property", args("java.security.manager", "x")).isPresent());
        assertFalse(Auditor.violation(policy, "sys.property", args("my.setting", "1")).isPresent());
        assertTrue(Auditor.violation(policy, "reflect.access", args("jaudit.kernel.Kernel")).isPresent());
        assertTrue(Auditor.violation(policy, "reflect.access", args("jdk.internal.misc.Unsafe")).isPresent());
        assertTrue(Auditor.violation(policy, "reflect.access", args("java.lang.JauditBridge")).isPresent());
        assertFalse(Auditor.violation(policy, "reflect.access", args("sun.misc.Unsafe")).isPresent());
        assertFalse(Auditor.violation(policy, "sys.property", args("sun.net.http.allowRestrictedHeaders", "true")).isPresent());
        assertTrue(Auditor.violation(policy, "sys.property", args("sun.boot.library.path", "/tmp")).isPresent());
        assertFalse(Auditor.violation(policy, "reflect.access", args("REPL.$JShell$3$Item")).isPresent());
    }

    @Test
    void theNetListAllowsOnlyMatchingHostPortPatterns() throws Exception {
        assertFalse(Auditor.violation(parse(Map.of()), "net.connect", args("example.com", 443)).isPresent());
        AuditPolicy listed = parse(Map.of("net", List.of("*.example.com:443", "localhost:*")));
        assertFalse(Auditor.violation(listed, "net.connect", args("api.example.com", 443, "1.2.3.4")).isPresent());
        assertFalse(Auditor.violation(listed, "net.listen", args("localhost", 8888, "127.0.0.1")).isPresent());
        assertTrue(Auditor.violation(listed, "net.connect", args("api.example.com", 80, "1.2.3.4")).isPresent());
        AuditPolicy none = parse(Map.of("net", List.of()));
        assertTrue(Auditor.violation(none, "net.connect", args("localhost", 80, "127.0.0.1")).isPresent());
    }

    @Test
    void everyNegotiableEventNamesThePolicyKeyThatWidensItAndNoOtherDoes() {
        assertEquals(AuditEvents.ALL.size(), AuditEvents.BY_NAME.size());
        for (AuditEvents.Event e : AuditEvents.ALL) {
            assertFalse(e.args().isEmpty(), e.name());
            assertEquals(e.negotiable(), e.key() != null, e.name());
            assertTrue(e.key() == null || PolicyKeys.ALL.contains(e.key()), e.name());
            assertEquals(e.rule() == AuditEvents.Rule.PARENT_IN_ROOTS || e.rule() == AuditEvents.Rule.LINK_IN_ROOTS
                    || e.rule() == AuditEvents.Rule.READ_IN_ROOTS,
                    !e.paths().isEmpty(), e.name());
        }
        assertFalse(AuditEvents.BY_NAME.get("audit.config").negotiable());
    }

    @Test
    void aDenialShowsTheNamedArgumentsAndKeepsTheHiddenOnesForTheRules() {
        AuditEvents.Event connect = AuditEvents.BY_NAME.get("net.connect");
        assertEquals(List.of("example.com", 443), connect.shown(args("example.com", 443, "93.184.216.34")));
        assertEquals(List.of("address"), connect.hidden());
        AuditEvents.Event write = AuditEvents.BY_NAME.get("file.write");
        assertEquals(args("/tmp/x", "write"), write.shown(args("/tmp/x", "write")));
    }

    @Test
    void whatANewKernelspecStatesReadsBackAsTheStandardPolicy() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Map<String, Object> kernelJson = PolicyKeys.inKernelJson(tmp);
        assertEquals(java.util.Set.of("enabled", "roots"), kernelJson.keySet());
        assertEquals(AuditPolicy.standard(work), parse(kernelJson));
    }

    @Test
    void everyKeyIsShownAndAnUnknownKeyIsRefusedNamingTheKnownOnes() {
        AuditPolicy standard = AuditPolicy.standard(work);
        for (PolicyKey<?> key : PolicyKeys.ALL) {
            assertEquals(key, PolicyKeys.BY_NAME.get(key.name()));
            key.shown(standard);
        }
        assertEquals(false, PolicyKeys.ASK.shown(standard));
        String message = assertThrows(PolicyException.class, () -> parse(Map.of("rootz", List.of()))).getMessage();
        assertTrue(message.contains("unknown key 'rootz'") && message.contains("read_roots"), message);
    }

    @Test
    void theAgentKeyHoldsPolicyKeysReadWhenTheKernelspecIsAndNothingElse() throws Exception {
        AuditPolicy policy = parse(Map.of("agent", Map.of("net", List.of(), "maven", List.of())));
        assertEquals(Map.of("net", List.of(), "maven", List.of()), policy.get(PolicyKeys.AGENT));
        AuditPolicy forAgents = policy.with(policy.get(PolicyKeys.AGENT), work, work);
        assertEquals(java.util.Optional.of(List.of()), forAgents.get(PolicyKeys.NET));
        assertEquals(Map.of(), parse(Map.of()).get(PolicyKeys.AGENT));
        String typo = assertThrows(PolicyException.class, () -> parse(Map.of("agent", Map.of("nett", List.of()))))
                .getMessage();
        assertTrue(typo.contains("agent") && typo.contains("nett"), typo);
        String nested = assertThrows(PolicyException.class, () -> parse(Map.of("agent", Map.of("agent", Map.of()))))
                .getMessage();
        assertTrue(nested.contains("\"agent\" itself"), nested);
        String notObject = assertThrows(PolicyException.class, () -> parse(Map.of("agent", List.of()))).getMessage();
        assertTrue(notObject.contains("object of policy keys"), notObject);
    }

    @Test
    void askIsTrueFalseOrHost() throws Exception {
        assertEquals(Ask.PERSON, parse(Map.of("ask", true)).ask());
        assertEquals(Ask.NOBODY, parse(Map.of("ask", false)).ask());
        assertEquals(Ask.HOST, parse(Map.of("ask", "host")).ask());
        assertEquals("host", PolicyKeys.ASK.shown(parse(Map.of("ask", "host"))));
        assertTrue(assertThrows(PolicyException.class, () -> parse(Map.of("ask", "yes"))).getMessage()
                .contains("'ask' must be true or false, or \"host\""));
    }

    @Test
    void theMavenListAllowsCentralAndTheLocalRepositoryForAnyCoordinateByDefault() throws Exception {
        AuditPolicy standard = parse(Map.of());
        String central = "https://repo.maven.apache.org/maven2/";
        assertFalse(Auditor.violation(standard, "dependency.resolve", args("org.x:lib:1.0", central)).isPresent());
        assertFalse(Auditor.violation(standard, "dependency.resolve", args("org.x:lib:1.0", "local")).isPresent());
        assertTrue(Auditor.violation(standard, "dependency.resolve", args("org.x:lib:1.0", "https://jitpack.io/"))
                .isPresent());
        AuditPolicy none = parse(Map.of("maven", List.of()));
        assertTrue(Auditor.violation(none, "dependency.resolve", args("org.x:lib:1.0", "local")).isPresent());
    }

    @Test
    void mavenCoordinatePatternsMatchGroupArtifactAndOptionallyTheVersion() throws Exception {
        AuditPolicy policy = parse(Map.of("maven", List.of("https://repo.maven.apache.org/maven2*",
                "org.apache.*:*", "com.example:tool:1.*")));
        String central = "https://repo.maven.apache.org/maven2/";
        assertFalse(Auditor.violation(policy, "dependency.resolve", args("org.apache.commons:commons-csv:1.14.1", central))
                .isPresent());
        assertFalse(Auditor.violation(policy, "dependency.resolve", args("com.example:tool:jar:linux:1.2", central))
                .isPresent());
        assertTrue(Auditor.violation(policy, "dependency.resolve", args("com.example:tool:2.0", central)).isPresent());
        assertTrue(Auditor.violation(policy, "dependency.resolve", args("commons-io:commons-io:2.18.0", central))
                .isPresent());
    }

    @Test
    void aMavenListOfCoordinatesWithoutARepositoryOrWithABadEntryIsRefused() {
        assertTrue(assertThrows(PolicyException.class, () -> parse(Map.of("maven", List.of("org.apache.*:*"))))
                .getMessage().contains("no repository"));
        assertTrue(assertThrows(PolicyException.class, () -> parse(Map.of("maven", List.of("local", "commons"))))
                .getMessage().contains("not 'commons'"));
    }

    @Test
    void readRootsLimitReadsOnlyWhenPresentAndLeaveTheWriteRootsAndTheJvmsOwnFilesReadable() throws Exception {
        Path shared = Files.createDirectories(work.resolve("shared"));
        AuditPolicy open = parse(Map.of("roots", List.of(".")));
        assertFalse(Auditor.violation(open, "file.read", args("/home/someone/.ssh/id_rsa", "read")).isPresent());
        AuditPolicy limited = parse(Map.of("roots", List.of("."), "read_roots", List.of(shared.toString())));
        assertEquals(Optional.of(List.of(shared.toRealPath())), limited.readRoots());
        assertTrue(Auditor.violation(limited, "file.read", args("/home/someone/.ssh/id_rsa", "read")).isPresent());
        assertFalse(Auditor.violation(limited, "file.read", args(shared.resolve("a.csv").toString(), "read")).isPresent());
        assertFalse(Auditor.violation(limited, "file.read", args(work.resolve("notes.txt").toString(), "read")).isPresent());
        assertFalse(Auditor.violation(limited, "file.read", args(System.getProperty("java.home") + "/lib/tzdb.dat", "read"))
                .isPresent());
        assertFalse(Auditor.violation(limited, "file.read", args("/dev/urandom", "read")).isPresent());
        assertTrue(assertThrows(PolicyException.class, () -> parse(Map.of("read_roots", List.of("rel"))))
                .getMessage().contains("'read_roots' entry 'rel' is relative"));
    }
}

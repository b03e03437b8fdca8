package jaudit.kernel.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jaudit.policy.AuditContext;
import jaudit.policy.AuditDeniedException;
import jaudit.policy.AuditPolicy;
import jaudit.policy.Prompt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate asks its deciders in order (on_call, the rules, the allow list, session approvals,
 * before_deny, ask): the first that allows wins, and a step is never consulted after one before it
 * decided.
 */
class AuditGateTest {
    @TempDir
    Path root;
    private final AuditLog log = new AuditLog(new ObjectMapper());
    private final List<String> questions = new ArrayList<>();
    private final List<String> hostQuestions = new ArrayList<>();
    private String personAnswers = null;
    private String hostAnswers = null;
    private final AuditGate gate = new AuditGate(frame -> Optional.empty(), new HostCallbacks(), log,
            (cell, event, args, where, message, timeout) -> {
                hostQuestions.add(event + " " + args);
                return Optional.ofNullable(hostAnswers);
            });

    private AuditContext cell(Map<String, Object> json) throws Exception {
        Map<String, Object> policy = new HashMap<>(json);
        policy.putIfAbsent("roots", List.of(root.toString()));
        Prompt prompt = (question, timeout) -> {
            questions.add(question);
            return Optional.ofNullable(personAnswers);
        };
        return new AuditContext(AuditPolicy.parse(policy, root, root), "In[1]", "cell", 1, prompt);
    }

    private static Map<String, Object> callbacks(String beforeDeny) {
        Map<String, Object> json = new HashMap<>();
        json.put("before_deny", ScriptedBeforeDeny.class.getName());
        json.put("host_classpath", List.of(classes().toString()));
        json.put("data", Map.of("before_deny", beforeDeny, "on_call", "RAISE"));
        return json;
    }

    private static Path classes() {
        try {
            return Path.of(ScriptedBeforeDeny.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void write(AuditContext cell, String path) {
        gate.accept(cell, new Object[] {"file.write", path, "write"});
    }

    /** The decision and decider the log recorded last. */
    private String lastRecord() {
        List<ObjectNode> latest = log.latest(1);
        return latest.isEmpty() ? "none" : latest.get(0).path("decision").asText() + " by " + latest.get(0).path("by").asText();
    }

    @Test
    void whatTheRulesAllowPassesUnrecordedAndNothingLaterIsAsked() throws Exception {
        AuditContext cell = cell(Map.of("ask", true));
        write(cell, root.resolve("inside.txt").toString());
        assertEquals("none", lastRecord());
        assertEquals(List.of(), questions);
    }

    @Test
    void theAllowListDecidesBeforeBeforeDenyAndAsk() throws Exception {
        Map<String, Object> json = callbacks("throw");
        json.put("allow", List.of(Map.of("event", "file.write", "args", List.of("/elsewhere/*"))));
        json.put("ask", true);
        write(cell(json), "/elsewhere/out.txt");
        assertEquals("allowed by allow[0]", lastRecord());
        assertEquals(List.of(), questions);
    }

    @Test
    void beforeDenyIsAskedWhenNoAllowRuleMatchesAndItsYesStands() throws Exception {
        Map<String, Object> json = callbacks("allow");
        json.put("ask", true);
        write(cell(json), "/elsewhere/out.txt");
        assertEquals("allowed by before_deny " + ScriptedBeforeDeny.class.getName(), lastRecord());
        assertEquals(List.of(), questions);
    }

    @Test
    void whenBeforeDenyDeclinesThePersonIsAskedAndTheirAnswerIsRecorded() throws Exception {
        Map<String, Object> json = callbacks("decline");
        json.put("ask", true);
        personAnswers = "once";
        write(cell(json), "/elsewhere/out.txt");
        assertEquals("allowed by ask: allowed once", lastRecord());
        assertEquals(1, questions.size());
        assertTrue(questions.get(0).contains("file.write blocked"), questions.get(0));
    }

    @Test
    void aSessionApprovalIsConsultedBeforeBeforeDenyAndSpareTheQuestion() throws Exception {
        personAnswers = "session";
        AuditContext asking = cell(Map.of("ask", true));
        write(asking, "/elsewhere/out.txt");
        assertEquals("allowed by ask: allowed for this session", lastRecord());
        personAnswers = null;
        Map<String, Object> json = callbacks("throw");
        json.put("ask", true);
        write(cell(json), "/elsewhere/out.txt");
        assertEquals("allowed by ask: allowed for this session", lastRecord());
        assertEquals(1, questions.size());
    }

    @Test
    void aBeforeDenyThatDeclinesAndNoAskDeniesRecordingTheDecline() throws Exception {
        AuditContext cell = cell(callbacks("decline"));
        AuditDeniedException denied = assertThrows(AuditDeniedException.class, () -> write(cell, "/elsewhere/out.txt"));
        assertEquals("file.write", denied.event());
        assertEquals("denied by rule, before_deny " + ScriptedBeforeDeny.class.getName() + " declined", lastRecord());
    }

    @Test
    void aBeforeDenyThatThrowsFailsTheCellWithItsExceptionAndIsRecordedAsAnError() throws Exception {
        AuditContext cell = cell(callbacks("throw"));
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> write(cell, "/elsewhere/out.txt"));
        assertTrue(thrown.getMessage().contains("before_deny was asked"));
        assertTrue(lastRecord().startsWith("error by before_deny"), lastRecord());
    }

    @Test
    void theHostIsAskedOverTheCommWhenAskIsHostAndItsDenialIsRecorded() throws Exception {
        hostAnswers = "deny";
        AuditContext cell = cell(Map.of("ask", "host"));
        assertThrows(AuditDeniedException.class, () -> write(cell, "/elsewhere/out.txt"));
        assertEquals("denied by ask host: denied", lastRecord());
        assertEquals(List.of("file.write [/elsewhere/out.txt, write]"), hostQuestions);
        assertEquals(List.of(), questions);
        hostAnswers = null;
        assertThrows(AuditDeniedException.class, () -> write(cell, "/elsewhere/other.txt"));
        assertEquals("denied by ask host: no answer within 60 s", lastRecord());
    }

    @Test
    void nothingNegotiatesAnEventThatIsKeptFromCells() throws Exception {
        Map<String, Object> json = callbacks("throw");
        json.put("allow", List.of(Map.of("event", "audit.config")));
        json.put("ask", true);
        personAnswers = "once";
        AuditContext cell = cell(json);
        assertThrows(AuditDeniedException.class, () -> gate.accept(cell, new Object[] {"audit.config", "enter a policy"}));
        assertEquals("denied by rule", lastRecord());
        assertEquals(List.of(), questions);
    }

    @Test
    void onCallDecidesANativeCallBeforeTheRules() throws Exception {
        Map<String, Object> json = new HashMap<>();
        json.put("on_call", ScriptedOnCall.class.getName());
        json.put("host_classpath", List.of(classes().toString()));
        json.put("data", Map.of("on_call", "SUPPRESS"));
        gate.accept(cell(json), new Object[] {"native.call", "cell", "com.example.Lib.run", null});
        assertEquals("allowed by on_call " + ScriptedOnCall.class.getName() + ": SUPPRESS", lastRecord());
    }

    @Test
    void eachCellsDenialsAreKeptUntilTaken() throws Exception {
        AuditContext first = cell(Map.of());
        AuditContext second = cell(Map.of());
        assertThrows(AuditDeniedException.class, () -> write(first, "/elsewhere/a.txt"));
        assertThrows(AuditDeniedException.class, () -> write(first, "/elsewhere/b.txt"));
        assertEquals(List.of("file.write /elsewhere/a.txt write", "file.write /elsewhere/b.txt write"),
                gate.takeDenials(first).stream().map(Denial::toString).toList());
        assertEquals(List.of(), gate.takeDenials(first));
        assertEquals(List.of(), gate.takeDenials(second));
    }

    @Test
    void askTimeoutIsTheWaitReported() throws Exception {
        AuditContext cell = cell(Map.of("ask", true, "ask_timeout", 2));
        assertEquals(Duration.ofSeconds(2), cell.policy().askTimeout());
        assertThrows(AuditDeniedException.class, () -> write(cell, "/elsewhere/a.txt"));
        assertEquals("denied by ask: no answer within 2 s", lastRecord());
    }

    @Test
    void aLibrarysNativeCodeExtractedUnderARandomNameIsAllowedByTheRuleTheDenialNames() throws Exception {
        String firstRun = "/tmp/sqlite-3.46.1.3-0f8e2c1a-5b7d-4e2f-9a6c-3d1e8b7f4a2c-libsqlitejdbc.so";
        String nextRun = "/tmp/sqlite-3.46.1.3-7c9d0e1f-2a3b-4c5d-8e9f-0a1b2c3d4e5f-libsqlitejdbc.so";
        AuditDeniedException denied = assertThrows(AuditDeniedException.class,
                () -> gate.accept(cell(Map.of()), new Object[] {"native.load", firstRun}));
        String rule = "{\"event\": \"native.load\", \"args\": [\"/tmp/sqlite-3.46.1.3-*-libsqlitejdbc.so\"]}";
        assertTrue(denied.getMessage().contains("to allow: add " + rule), denied.getMessage());
        AuditContext allowed = cell(Map.of("allow", List.of(new ObjectMapper().readValue(rule, Map.class))));
        gate.accept(allowed, new Object[] {"native.load", nextRun});
        assertEquals("allowed by allow[0]", lastRecord());
    }
}

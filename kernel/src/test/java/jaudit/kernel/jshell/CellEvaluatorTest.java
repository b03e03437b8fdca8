package jaudit.kernel.jshell;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jaudit.instrument.TransformerChain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CellEvaluatorTest {
    private static CellEvaluator cells;
    private static CodeInsight insight;

    @BeforeAll
    static void start() {
        cells = CellEvaluator.start(TransformerChain.standard());
        insight = new CodeInsight(cells);
    }

    private static long heapAfterCollection() throws InterruptedException {
        java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Test
    void aLongSessionDoesNotKeepTheCompilationsOfItsCellsAfterTheClassPathGrew() throws Exception {
        // JShell starts a new pool of compiler contexts whenever the class path grows (%maven, %jars).
        cells.addToClasspath(List.of(java.nio.file.Files.createTempDirectory("jaudit-classes")), "%jars (test)");
        cells.evaluate("List<Integer> numbers = new ArrayList<>(List.of(1, 2, 3));", "In[100]");
        for (int i = 0; i < 40; i++) {
            cells.evaluate("int warm" + i + " = " + i + ";\nnumbers.stream().map(x -> x + " + i + ").toList()", "In[101]");
        }
        long before = heapAfterCollection();
        for (int i = 0; i < 300; i++) {
            cells.evaluate("int n" + i + " = " + i + ";\nnumbers.stream().map(x -> x * n" + i + ").toList()", "In[102]");
        }
        long grown = heapAfterCollection() - before;
        // 300 declarations and their wrappers take a few MB; each kept compilation would take hundreds of KB.
        assertTrue(grown < 48L << 20, "the heap grew by " + (grown >> 20) + " MB over 300 cells");
    }

    @Test
    void aCellEndingInAnExpressionYieldsItsValue() {
        CellResult result = cells.evaluate("int a = 20;\nint b = 22;\na + b", "In[1]");
        assertEquals("42", result.text());
    }

    @Test
    void declarationsAndStatementsYieldNoValue() {
        assertTrue(cells.evaluate("int quiet = 1;", "In[2]").value().isEmpty());
        assertTrue(cells.evaluate("System.out.print(\"\");", "In[3]").value().isEmpty());
    }

    @Test
    void definitionsSurviveAcrossCellsAndCanBeRedefined() {
        cells.evaluate("String greet(String n) { return \"hi \" + n; }", "In[4]");
        assertEquals("\"hi bob\"", cells.evaluate("greet(\"bob\")", "In[5]").text());
        cells.evaluate("String greet(String n) { return \"hello \" + n; }", "In[6]");
        assertEquals("\"hello bob\"", cells.evaluate("greet(\"bob\")", "In[7]").text());
    }

    @Test
    void aRuntimeExceptionNamesItsClassAndTheCellLines() {
        cells.evaluate("int divide(int x) {\n  int zero = 0;\n  return x / zero;\n}", "In[8]");
        CellResult result = cells.evaluate("// comment\nint r = 1;\ndivide(r)", "In[9]");
        CellError error = result.error().orElseThrow();
        assertEquals("java.lang.ArithmeticException", error.ename());
        assertEquals("/ by zero", error.evalue());
        assertEquals(List.of("java.lang.ArithmeticException: / by zero",
                "\tat divide (In[8], line 3)",
                "\tat (In[9], line 3)"), error.traceback());
    }

    @Test
    void tracebacksHideKernelAndReflectionFramesButKeepLibraryFrames() {
        CellError error = cells.evaluate("Integer.parseInt(\"x\")", "In[10]").error().orElseThrow();
        assertEquals("java.lang.NumberFormatException", error.ename());
        assertTrue(error.traceback().stream().anyMatch(l -> l.contains("java.lang.Integer.parseInt")));
        assertFalse(error.traceback().stream().anyMatch(l -> l.contains("jdk.jshell") || l.contains("jaudit.")
                || l.contains("reflect")), String.join("\n", error.traceback()));
    }

    @Test
    void aCompileErrorPointsAtTheCellLineAndColumn() {
        CellError error = cells.evaluate("int ok = 1;\nint bad = missing + 1;", "In[11]").error().orElseThrow();
        assertEquals("CompilationError", error.ename());
        assertEquals("cannot find symbol", error.evalue());
        assertTrue(error.traceback().get(0).startsWith("In[11], line 2, column 11: cannot find symbol"),
                error.traceback().get(0));
        assertEquals("    int bad = missing + 1;", error.traceback().get(1));
        assertEquals("              ^", error.traceback().get(2));
    }

    @Test
    void evaluationStopsAtTheFirstFailingSnippet() {
        cells.evaluate("int counter = 0;", "In[12]");
        cells.evaluate("counter = 1;\nInteger.parseInt(\"no\");\ncounter = 2;", "In[13]");
        assertEquals("1", cells.evaluate("counter", "In[14]").text());
    }

    @Test
    void cellsCannotSeeTheKernelsOwnLibraries() {
        CellError error = cells.evaluate("com.fasterxml.jackson.databind.ObjectMapper m = null;", "In[15]").error()
                .orElseThrow();
        assertEquals("CompilationError", error.ename());
    }

    @Test
    void completionReplacesThePartialNameInTheSnippetUnderTheCursor() {
        String code = "int x = 1;\nSystem.out.pri";
        CodeInsight.Completions c = insight.complete(code, code.length());
        assertTrue(c.matches().contains("println("), c.matches().toString());
        assertEquals(code.length() - 3, c.start());
        assertEquals(code.length(), c.end());
    }

    @Test
    void inspectionShowsTheSignature() {
        assertTrue(insight.inspect("Math.max", 8).contains("Math.max(int a, int b)"));
    }

    @Test
    void completenessFollowsOpenBlocks() {
        assertEquals("complete", insight.isComplete("int y = 1").status());
        assertEquals("incomplete", insight.isComplete("class A {").status());
        assertEquals("    ", insight.isComplete("class A {").indent());
        assertEquals("incomplete", insight.isComplete("for (int i = 0; i < 3; i++) {\n  if (i > 1) {").status());
        assertEquals("        ",
                insight.isComplete("for (int i = 0; i < 3; i++) {\n  if (i > 1) {").indent());
    }

    @Test
    void codeThatCannotParseIsInvalidWhereverItStands() {
        assertEquals("invalid", insight.isComplete("import = 7q;").status());
        assertEquals("invalid", insight.isComplete("int a = 1;\nint 3x = 1;\nint b = 2;").status());
        assertEquals("invalid", insight.isComplete("1 1").status());
    }

    @Test
    void everySnippetKindThatParsesIsComplete() {
        for (String code : List.of("import static java.lang.Math.max;", "record R(int a) { }",
                "<T> T id(T t) { return t; }", "var list = new ArrayList<String>();", "a < b", "y++",
                "x -> x", "\"text\"", "int.class", "label: for (;;) { break label; }",
                "switch (1) { case 1 -> 2; default -> 3; }", "/* note */ import java.util.*;")) {
            assertEquals("complete", insight.isComplete(code).status(), code);
        }
    }

    private static long snippets() {
        return cells.shell().snippets().count();
    }

    @Test
    void aRunOfStatementsCompilesOnceAndDeclarationsKeepSnippetsOfTheirOwn() {
        cells.evaluate("List<Integer> runBag = new ArrayList<>();", "In[40]");
        long before = snippets();
        CellResult result = cells.evaluate("runBag.add(1);\nrunBag.add(2);\nfor (int i = 0; i < 3; i++) runBag.add(i);\n"
                + "int runCount = runBag.size();\nrunBag.add(runCount);\nrunBag.add(7);\nrunBag", "In[41]");
        assertEquals("[1, 2, 0, 1, 2, 5, 7]", result.text());
        // one block for the first three, the declaration, one block for the next two and the closing expression
        assertEquals(3, snippets() - before);
        assertEquals("5", cells.evaluate("runCount", "In[42]").text());
    }

    @Test
    void statementsBeforeAnUncompilableOneStillRunAndTheErrorNamesItsOwnLine() {
        cells.evaluate("List<Integer> halfBag = new ArrayList<>();", "In[43]");
        CellError error = cells.evaluate("halfBag.add(1);\nhalfBag.add(2);\nhalfBag.add(nowhere);\nhalfBag.add(3);", "In[44]")
                .error().orElseThrow();
        assertEquals("CompilationError", error.ename());
        assertTrue(error.traceback().get(0).startsWith("In[44], line 3, column 13: cannot find symbol"),
                error.traceback().get(0));
        assertEquals("[1, 2]", cells.evaluate("halfBag", "In[45]").text());
    }

    @Test
    void aThrowingStatementInARunStopsTheRestAndNamesItsCellLine() {
        cells.evaluate("List<Integer> stopBag = new ArrayList<>();", "In[46]");
        CellError error = cells.evaluate("stopBag.add(1);\n// why not\nInteger.parseInt(\"x\");\nstopBag.add(2);\nstopBag.add(3);",
                "In[47]").error().orElseThrow();
        assertEquals("java.lang.NumberFormatException", error.ename());
        assertTrue(error.traceback().contains("\tat (In[47], line 3)"), String.join("\n", error.traceback()));
        assertEquals("[1]", cells.evaluate("stopBag", "In[48]").text());
    }

    @Test
    void aClosingExpressionCompilesWithTheStatementsBeforeItAndKeepsNoTemporaryVariable() {
        cells.evaluate("List<String> words = new ArrayList<>();", "In[49]");
        long before = snippets();
        CellResult result = cells.evaluate("words.add(\"a\");\nwords.add(\"b\");\nString.join(\"-\", words)", "In[50]");
        assertEquals("\"a-b\"", result.text());
        assertEquals(1, snippets() - before);
        assertTrue(cells.shell().variables().noneMatch(v -> v.name().startsWith("$")));
        assertEquals("true", cells.evaluate("words.add(\"c\");", "In[51]").text());
        assertEquals("'x'", cells.evaluate("'x'", "In[52]").text());
        assertEquals("null", cells.evaluate("words.isEmpty() ? \"\" : null", "In[53]").text());
    }

    @Test
    void aClosingVoidCallShowsNoValueAndAClosingCheckedCallNeedsNoTry() {
        assertTrue(cells.evaluate("int side = 1;\nSystem.out.print(\"\")", "In[54]").value().isEmpty());
        assertEquals("0", cells.evaluate("Thread.sleep(1);\nFiles.size(Files.createTempFile(\"cell\", \".txt\"))", "In[55]")
                .text());
    }

    @Test
    void anExceptionInTheClosingExpressionNamesItsLineOnce() {
        CellError error = cells.evaluate("int seen = 2;\nSystem.out.print(\"\");\nInteger.parseInt(\"x\" + seen)", "In[56]")
                .error().orElseThrow();
        assertEquals("java.lang.NumberFormatException", error.ename());
        assertEquals(1, error.traceback().stream().filter(l -> l.contains("In[56]")).count(),
                String.join("\n", error.traceback()));
        assertTrue(error.traceback().contains("\tat (In[56], line 3)"), String.join("\n", error.traceback()));
    }

    @Test
    void aClosingExpressionThatDoesNotCompileIsReportedAsJShellWouldAlone() {
        CellError error = cells.evaluate("System.out.print(\"\");\nmissingName + 1", "In[57]").error().orElseThrow();
        assertEquals("CompilationError", error.ename());
        assertTrue(error.traceback().get(0).startsWith("In[57], line 2, column 1: cannot find symbol"),
                error.traceback().get(0));
    }

    @Test
    void aCellOfDeclarationsDefinesEachInOrderAndLaterCellsSeeThemAll() {
        CellResult result = cells.evaluate("import java.time.Duration;\n"
                + "record Sample(String name, double value) {}\n"
                + "List<Sample> samples = List.of(new Sample(\"a\", 1.5), new Sample(\"b\", 2.5));\n"
                + "double sum(List<Sample> all) { return all.stream().mapToDouble(Sample::value).sum(); }\n"
                + "double total = sum(samples);\n"
                + "String label = \"total \" + total;\n"
                + "Duration pause = Duration.ofMillis((long) total);\n"
                + "label + \" \" + pause", "In[60]");
        assertEquals("\"total 4.0 PT0.004S\"", result.text());
        assertEquals("4.0", cells.evaluate("sum(samples)", "In[61]").text());
        assertEquals("Sample[name=c, value=1.0]", cells.evaluate("new Sample(\"c\", 1)", "In[62]").text());
    }

    @Test
    void aMethodRedefinedInALaterCellChangesWhatACellOfDeclarationsBuiltOnIt() {
        cells.evaluate("int base() { return 1; }\nint scaled() { return base() * 10; }\nint first = scaled();", "In[63]");
        cells.evaluate("int base() { return 2; }", "In[64]");
        assertEquals("20", cells.evaluate("scaled()", "In[65]").text());
        assertEquals("10", cells.evaluate("first", "In[66]").text());
    }

    @Test
    void rerunningACellOfDeclarationsReplacesThem() {
        cells.evaluate("int rerun = 1;\nString rerunText() { return \"one\"; }\nint rerunTwice = rerun * 2;", "In[67]");
        cells.evaluate("int rerun = 5;\nString rerunText() { return \"five\"; }\nint rerunTwice = rerun * 2;", "In[68]");
        assertEquals("\"five 10\"", cells.evaluate("rerunText() + \" \" + rerunTwice", "In[69]").text());
    }

    @Test
    void aThrowingInitializerStopsTheCellAfterTheDeclarationsBeforeItRan() {
        CellError error = cells.evaluate("int beforeThrow = 1;\nint throwing = Integer.parseInt(\"x\");\n"
                + "int afterThrow = 3;\nvoid afterThrowMethod() {}", "In[70]").error().orElseThrow();
        assertEquals("java.lang.NumberFormatException", error.ename());
        assertTrue(error.traceback().contains("\tat (In[70], line 2)"), String.join("\n", error.traceback()));
        assertEquals("1", cells.evaluate("beforeThrow", "In[71]").text());
        assertEquals("0", cells.evaluate("throwing", "In[71]").text());
        assertNotFound(72, "afterThrow", "afterThrowMethod()");
    }

    /** Each name, evaluated alone, is a compile error: it was never declared. */
    private static void assertNotFound(int executionCount, String... names) {
        for (String name : names) {
            CellError missing = cells.evaluate(name, "In[" + executionCount + "]").error().orElseThrow();
            assertTrue(missing.evalue().startsWith("cannot find symbol"), missing.evalue());
        }
    }

    @Test
    void aDeclarationThatDoesNotCompileNamesItsLineAndTheOnesBeforeItStand() {
        CellError error = cells.evaluate("int okFirst = 1;\nString okSecond = \"two\";\nint broken = okSecond;\n"
                + "int neverMade = 4;", "In[73]").error().orElseThrow();
        assertEquals("CompilationError", error.ename());
        assertTrue(error.traceback().get(0).startsWith("In[73], line 3, column 14: incompatible types"),
                error.traceback().get(0));
        assertEquals("\"two\"", cells.evaluate("okSecond", "In[74]").text());
        assertTrue(cells.evaluate("neverMade", "In[75]").failed());
    }

    @Test
    void aDeclarationNamingWhatIsNotYetDeclaredIsNotedAndTheCellGoesOn() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream kernelErr = System.err;
        CellResult result;
        System.setErr(new PrintStream(err, true, UTF_8));
        try {
            result = cells.evaluate("int beforeNote = 1;\nint noted() { return notYetThere(); }\n"
                    + "int afterNote = 2;\nbeforeNote + afterNote", "In[76]");
        } finally {
            System.setErr(kernelErr);
        }
        assertEquals("3", result.text());
        assertTrue(err.toString(UTF_8)
                .contains("Note: noted cannot be used until method notYetThere() is declared"), err.toString());
        cells.evaluate("int notYetThere() { return 7; }", "In[77]");
        assertEquals("7", cells.evaluate("noted()", "In[78]").text());
    }

    private long snippetsMadeBy(String cell, int executionCount) {
        long before = snippets();
        CellResult result = cells.evaluate(cell, "In[" + executionCount + "]");
        assertFalse(result.failed(), () -> result.error().orElseThrow().traceback().toString());
        return snippets() - before;
    }

    @Test
    void typedDeclarationsOfACellCompileTogetherWhateverTheirNumber() {
        StringBuilder ten = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            ten.append("long many").append(i).append(" = ").append(i).append(" * 3L;\n");
        }
        long forThree = snippetsMadeBy("int few0 = 1;\nString few1 = \"b\";\nint[][] few2 = {{1}, {2, 3}};", 80);
        long forTen = snippetsMadeBy(ten.toString(), 81);
        assertEquals(forThree, forTen);
        assertTrue(forTen <= 3, "a class, its import and one block, not one snippet each: " + forTen);
        assertEquals("27", cells.evaluate("many9", "In[82]").text());
        assertEquals("3", cells.evaluate("few2[0].length + few2[1].length", "In[82]").text());
    }

    @Test
    void typedDeclarationsRunInOrderWithTheStatementsAroundThemAndLaterCellsUseAndAssignThem() {
        CellResult result = cells.evaluate("int heldA = 1;\nString heldB = \"b\" + heldA;\n"
                + "List<Integer> heldC = new ArrayList<>(List.of(heldA));\nheldC.add(2);\n"
                + "Map<String, List<Integer>> heldD = Map.of(heldB, heldC);\nheldD.toString()", "In[83]");
        assertEquals("\"{b1=[1, 2]}\"", result.text());
        assertEquals("10", cells.evaluate("int timesTen() { return heldA * 10; }\ntimesTen()", "In[84]").text());
        cells.evaluate("heldA = 5;", "In[85]");
        assertEquals("50", cells.evaluate("timesTen()", "In[86]").text());
        List<String> offered = insight.complete("held", 4).matches();
        assertTrue(offered.containsAll(List.of("heldA", "heldB", "heldC", "heldD")), offered.toString());
        assertEquals("heldC:java.util.List<java.lang.Integer>", insight.inspect("heldC", 5));
    }

    @Test
    void rerunningACellOfTypedDeclarationsGivesThemTheNewValuesWhereverTheyAreUsed() {
        String cell = "int againA = %d;\nString againB = \"v\" + againA;\nint[] againC = {againA, againA};\n"
                + "boolean againD;";
        cells.evaluate(cell.formatted(1), "In[87]");
        cells.evaluate("String showAgain() { return againB + againC.length + againD; }", "In[88]");
        cells.evaluate("againD = true;", "In[89]");
        cells.evaluate(cell.formatted(2), "In[90]");
        assertEquals("\"v22false\"", cells.evaluate("showAgain()", "In[91]").text());
    }

    @Test
    void aTypedDeclarationRedeclaredAnotherWayReachesWhatUsedIt() {
        cells.evaluate("int otherA = 1;\nint otherB = 2;\nint otherC = 3;", "In[92]");
        cells.evaluate("String showOther() { return otherA + \" \" + otherB; }", "In[93]");
        cells.evaluate("var otherA = List.of(\"now a list\");", "In[94]");
        assertEquals("\"[now a list] 2\"", cells.evaluate("showOther()", "In[95]").text());
        cells.evaluate("String otherB = \"text\";", "In[96]");
        assertEquals("\"[now a list] text\"", cells.evaluate("showOther()", "In[97]").text());
        assertEquals("3", cells.evaluate("otherC", "In[98]").text());
    }

    @Test
    void typedDeclarationsKeepTheirValuesWhenALaterImportMakesJShellRecompile() {
        cells.evaluate("int keptA = 41;\nString keptB = \"kept\";\nList<String> keptC = new ArrayList<>();\n"
                + "keptC.add(keptB);", "In[99]");
        cells.evaluate("import java.time.*;", "In[100]");
        assertEquals("\"41 [kept]\"", cells.evaluate("keptA + \" \" + keptC", "In[101]").text());
    }

    @Test
    void aTypedDeclarationUsingOneDeclaredAfterItInItsCellIsAnErrorAsInJShell() {
        CellError error = cells.evaluate("int usesLater = declaredLater + 1;\nint declaredLater = 2;\nint third = 3;", "In[102]")
                .error().orElseThrow();
        assertTrue(error.traceback().get(0).startsWith("In[102], line 1, column 17: cannot find symbol"),
                error.traceback().get(0));
        assertTrue(cells.evaluate("usesLater", "In[103]").failed());
    }

    @Test
    void aTypedRedeclarationReadingItsOwnNameSeesTheNewVariableAsInJShell() {
        cells.evaluate("int counted = 5;\nint countedB = 1;\nint countedC = 1;", "In[104]");
        cells.evaluate("int counted = counted + 1;\nint countedB = 2;\nint countedC = 2;", "In[105]");
        assertEquals("1", cells.evaluate("counted", "In[106]").text());
    }

    @Test
    void typedDeclarationsNamingATypeThatDoesNotExistReportItAtItsLine() {
        CellError error = cells.evaluate("int fineFirst = 1;\nLisst<String> misspelt = null;\nint fineThird = 3;", "In[107]")
                .error().orElseThrow();
        assertTrue(error.traceback().get(0).startsWith("In[107], line 2, column 1: cannot find symbol"),
                error.traceback().get(0));
        assertEquals("1", cells.evaluate("fineFirst", "In[108]").text());
        assertTrue(cells.evaluate("fineThird", "In[109]").failed());
    }

    @Test
    void methodsAndRecordsOfACellCompileWithItsVariablesWhateverTheirNumber() {
        long forThree = snippetsMadeBy("int smallA = 1;\nint smallTwice(int x) {\n    return 2 * x;\n}\n"
                + "record SmallPair(int a, int b) {}\nsmallTwice(smallA)", 110);
        StringBuilder twelve = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            twelve.append("int bigV").append(i).append(" = ").append(i).append(";\n")
                    .append("int bigF").append(i).append("(int x) {\n    return x + bigV").append(i).append(";\n}\n")
                    .append("record BigR").append(i).append("(int a) {\n    int twice() { return 2 * a; }\n}\n")
                    .append("System.out.print(bigF").append(i).append("(1) + new BigR").append(i).append("(2).twice());\n");
        }
        long forTwelve = snippetsMadeBy(twelve.toString(), 111);
        assertEquals(forThree, forTwelve);
        assertTrue(forTwelve <= 3, "a class, its import and one block, not one snippet each: " + forTwelve);
        assertEquals("13", cells.evaluate("bigF3(10)", "In[112]").text());
        assertEquals("BigR2[a=5]", cells.evaluate("new BigR2(5)", "In[112]").text());
        assertEquals("12", cells.evaluate("new BigR1(bigF3(3)).twice()", "In[112]").text());
    }

    @Test
    void aRecordRedefinedInALaterCellReachesTheMethodsOfItsCellThatTookIt() {
        cells.evaluate("record Spot(int x, int y) {}\nint sumOf(Spot s) { return s.x() + s.y(); }\n"
                + "String describe(Spot s) { return \"spot \" + sumOf(s); }", "In[113]");
        cells.evaluate("record Spot(int x, int y, int z) {\n    Spot(int x, int y) { this(x, y, 100); }\n}", "In[114]");
        assertEquals("\"spot 3\"", cells.evaluate("describe(new Spot(1, 2, 3))", "In[115]").text());
        assertEquals("Spot[x=1, y=2, z=100]", cells.evaluate("new Spot(1, 2)", "In[115]").text());
    }

    @Test
    void aStatementCallingAMethodDeclaredLaterInItsCellIsAnErrorAsInJShell() {
        CellError error = cells.evaluate("int early = later();\nint later() { return 1; }\nint third = 3;", "In[116]")
                .error().orElseThrow();
        assertTrue(error.traceback().get(0).startsWith("In[116], line 1, column 13: cannot find symbol"),
                error.traceback().get(0));
        assertTrue(cells.evaluate("later()", "In[117]").failed());
    }

    @Test
    void anExceptionInAMethodOfACellOfDeclarationsNamesTheMethodAndItsCellLine() {
        CellError error = cells.evaluate("int okBefore = 1;\nint divides(int x) {\n    return 10 / x;\n}\n"
                + "record Wrapped(int v) {\n    int inverse() { return divides(v); }\n}\nnew Wrapped(0).inverse()", "In[118]")
                .error().orElseThrow();
        assertEquals("java.lang.ArithmeticException", error.ename());
        String traceback = String.join("\n", error.traceback());
        assertTrue(traceback.contains("\tat divides (In[118], line 3)"), traceback);
        assertTrue(traceback.contains("\tat Wrapped.inverse (In[118], line 6)"), traceback);
        assertTrue(traceback.contains("\tat (In[118], line 8)"), traceback);
    }

    @Test
    void completionAndInspectionSeeTheMethodsAndRecordsOfACellOfDeclarations() {
        cells.evaluate("int seenCount = 2;\nString seenLabel(int n) { return \"n\" + n; }\n"
                + "record SeenPoint(int x) {}", "In[119]");
        List<String> offered = insight.complete("seen", 4).matches();
        assertTrue(offered.containsAll(List.of("seenCount", "seenLabel(")), offered.toString());
        assertTrue(insight.complete("new Seen", 8).matches().contains("SeenPoint("));
        String shown = insight.inspect("seenLabel(", 10);
        assertTrue(shown.contains("String seenLabel(int n)") && !shown.contains("$Vars$"), shown);
    }

    @Test
    void aRerunThatThrowsBeforeItsMethodKeepsTheMethodItWouldHaveReplaced() {
        cells.evaluate("int keptA = 1;\nString keptM() { return \"one\"; }\nint keptB = 2;", "In[120]");
        CellError error = cells.evaluate("int keptA = Integer.parseInt(\"x\");\nString keptM() { return \"two\"; }\n"
                + "int keptB = 3;", "In[121]").error().orElseThrow();
        assertEquals("java.lang.NumberFormatException", error.ename());
        assertEquals("\"one 0 2\"", cells.evaluate("keptM() + \" \" + keptA + \" \" + keptB", "In[122]").text());
        cells.evaluate("int keptA = 4;\nString keptM() { return \"three\"; }\nint keptB = 5;", "In[123]");
        assertEquals("\"three 4 5\"", cells.evaluate("keptM() + \" \" + keptA + \" \" + keptB", "In[124]").text());
    }

    @Test
    void aMethodOfACellOfDeclarationsNamingAnEarlierCellsVariableSeesItsRedeclaration() {
        cells.evaluate("int outsideV = 2;", "In[125]");
        cells.evaluate("long twiceOutside() { return outsideV * 2; }\nint helperB() { return 1; }\n"
                + "int helperC() { return 2; }", "In[126]");
        cells.evaluate("long outsideV = 5_000_000_000L;", "In[127]");
        assertEquals("10000000000", cells.evaluate("twiceOutside()", "In[128]").text());
    }

    @Test
    void heldValuesSurviveALaterCellDeclaringANameTheirMethodsUseLocally() {
        cells.evaluate("List<String> survivors = new ArrayList<>(List.of(\"a\"));\n"
                + "int localUse() { int scratch = 3; return scratch; }\nint survivorsCount = 7;", "In[129]");
        cells.evaluate("int scratch = 9;", "In[130]");
        cells.evaluate("void localUse(String s) {}", "In[131]");
        assertEquals("\"[a] 7 3\"", cells.evaluate("survivors + \" \" + survivorsCount + \" \" + localUse()", "In[132]")
                .text());
    }

    @Test
    void varDeclarationsNamingNothingOfTheirCellAreHeldByOneClassDeclaredOnce() {
        String cell = "var greetings = new ArrayList<String>();\n"
                + "var lengths = new TreeMap<String, Integer>();\n"
                + "int bonus = 2;\n"
                + "for (String w : List.of(\"hi\", \"hello\")) { greetings.add(w); lengths.put(w, w.length() + bonus); }\n"
                + "String summary = greetings + \" \" + lengths;";
        assertEquals(3, snippetsMadeBy(cell, 150), "the class, its import and one block");
        assertEquals("\"[hi, hello] {hello=7, hi=4}\"", cells.evaluate("summary", "In[151]").text());
        assertEquals("\"hello\"", cells.evaluate("greetings.get(1)", "In[152]").text(),
                "the field has the type JShell told, not Object");
        assertEquals("lengths:java.util.TreeMap<java.lang.String,java.lang.Integer>", insight.inspect("lengths", 7));
    }

    @Test
    void varDeclarationsTellingPrimitiveAndGenericTypesTogetherAreHeldWithEachItsOwnType() {
        String cell = "var oddCount = 7;\nvar oddRatio = 2.5;\nvar oddWords = List.of(\"a\", \"b\");\n"
                + "var oddIndex = new TreeMap<String, List<Integer>>();\nint oddBase = 1;";
        assertEquals(3, snippetsMadeBy(cell, 155), "the class, its import and one block");
        assertEquals("3", cells.evaluate("oddCount / 2", "In[156]").text(), "an int, not an Integer or a double");
        assertEquals("oddCount:int", insight.inspect("oddCount", 8));
        assertEquals("oddRatio:double", insight.inspect("oddRatio", 8));
        assertEquals("oddIndex:java.util.TreeMap<java.lang.String,java.util.List<java.lang.Integer>>",
                insight.inspect("oddIndex", 8));
        assertTrue(cells.evaluate("oddCount = null;", "In[157]").failed(), "a primitive field takes no null");
    }

    @Test
    void rerunningACellOfRecordsAndMethodsLeavesNoClassesThatHoldNothing() {
        String cell = "record Rerun(int n) {}\nint rerunTwice(Rerun r) { return 2 * r.n(); }\n"
                + "int rerunBase = %d;\nint rerunResult = rerunTwice(new Rerun(rerunBase));";
        cells.evaluate(cell.formatted(1), "In[162]");
        long classes = activeClasses();
        for (int run = 2; run <= 6; run++) {
            cells.evaluate(cell.formatted(run), "In[162]");
        }
        assertEquals("12", cells.evaluate("rerunResult", "In[163]").text());
        assertTrue(activeClasses() <= classes + 1, "each rerun takes the name of the class the last one emptied: "
                + classes + " then " + activeClasses());
    }

    private static long activeClasses() {
        return cells.shell().types().filter(t -> cells.shell().status(t).isActive()).count();
    }

    @Test
    void aStaticImportTheUserWroteStaysBesideAHeldVariableOfTheSameName() {
        cells.evaluate("import static java.lang.Math.floorMod;", "In[158]");
        cells.evaluate("int floorMod = 5;\nint floorBase = 1;\nint floorTop = 9;", "In[159]");
        assertEquals("2", cells.evaluate("floorMod(-1, 3)", "In[160]").text(), "Math.floorMod is still imported");
        assertEquals("15", cells.evaluate("floorMod + floorBase + floorTop", "In[161]").text());
    }

    @Test
    void aCellEndingInADeclarationOfAGenericTypeIsNotTriedAsAValue() {
        assertEquals(1, snippetsMadeBy("Map<String, List<Integer>> byName = new HashMap<>();", 153),
                "JShell's variable alone, no block that reads it as comparisons first");
        assertEquals("0", cells.evaluate("byName.size()", "In[154]").text());
    }

    @Test
    void aVarDeclarationIsHeldWithTheRestOnceJShellTellsItsType() {
        String cell = "record Fruit%1$d(String name, int qty) {}\n"
                + "int totalQty%1$d(List<Fruit%1$d> all) { return all.stream().mapToInt(Fruit%1$d::qty).sum(); }\n"
                + "var fruits%1$d = List.of(new Fruit%1$d(\"apple\", 3), new Fruit%1$d(\"pear\", 2));\n"
                + "Map<String, Integer> byName%1$d = new TreeMap<>();\n"
                + "for (var f : fruits%1$d) byName%1$d.put(f.name(), f.qty());\n"
                + "var names%1$d = String.join(\",\", byName%1$d.keySet());\n"
                + "int counted%1$d = totalQty%1$d(fruits%1$d);\n"
                + "names%1$d + \" \" + counted%1$d";
        long snippets = snippetsMadeBy(cell.formatted(1), 133);
        assertTrue(snippets <= 5, "a class and its import, declared again with the vars' types, and one block: "
                + snippets);
        assertEquals("\"apple,pear 5\"", cells.evaluate(cell.formatted(2), "In[134]").text());
        assertEquals("5", cells.evaluate("totalQty2(fruits2)", "In[135]").text());
        assertEquals("fruits2:java.util.List<Fruit2>", insight.inspect("fruits2", 7));
        cells.evaluate("var firstVar = List.of(1, 2);\nvar secondVar = firstVar.size();\nint thirdVar = 3;\n"
                + "int fourthVar() { return 4; }\nint fifthVar = 5;", "In[135]");
        assertTrue(cells.shell().variables().anyMatch(v -> v.name().equals("secondVar")),
                "a var naming another var of its run is JShell's own");
        assertEquals("\"2 2 4\"", cells.evaluate("secondVar + \" \" + firstVar.get(1) + \" \" + fourthVar()", "In[135]")
                .text());
    }

    @Test
    void aVarWhoseTypeNamesARecordOfItsCellIsGoneOnceTheRecordIsDeclaredAnewAsInJShell() {
        cells.evaluate("record Crate(int n) {}\nvar crates = List.of(new Crate(1));\nint crateCount = 1;\n"
                + "String crateLabel() { return \"c\" + crateCount; }", "In[143]");
        assertEquals("\"[Crate[n=1]]\"", cells.evaluate("String.valueOf(crates)", "In[144]").text());
        cells.evaluate("record Crate(int n, int m) {}", "In[145]");
        CellError gone = cells.evaluate("String.valueOf(crates)", "In[146]").error().orElseThrow();
        assertTrue(String.join("\n", gone.traceback()).contains("crates"), String.join("\n", gone.traceback()));
        assertEquals("\"c1\"", cells.evaluate("crateLabel()", "In[147]").text());
        cells.evaluate("var crates = List.of(new Crate(1, 2));", "In[148]");
        assertEquals("\"[Crate[n=1, m=2]]\"", cells.evaluate("String.valueOf(crates)", "In[149]").text());
    }

    @Test
    void aFailingVarDeclarationStopsTheCellAfterTheDeclarationsBeforeIt() {
        CellError error = cells.evaluate("int beforeVar = 1;\nString beforeVarM() { return \"m\"; }\n"
                + "var failingVar = Integer.parseInt(\"x\");\nint afterVar = 2;\nString afterVarM() { return \"late\"; }", "In[136]")
                .error().orElseThrow();
        assertEquals("java.lang.NumberFormatException", error.ename());
        assertEquals("\"m1\"", cells.evaluate("beforeVarM() + beforeVar", "In[137]").text());
        assertNotFound(138, "afterVar", "afterVarM()");
    }

    @Test
    void aBlockAfterAVarThatDoesNotCompileGoesOnSnippetBySnippetWithoutRunningWhatRanAgain() {
        cells.evaluate("int[] blockRuns = {0};", "In[139]");
        CellError error = cells.evaluate("int firstRun = ++blockRuns[0];\nvar between = 2;\n"
                + "int secondRun = firstRun + between;\nint broken = notDeclaredAnywhere;\nint neverRun = 4;", "In[140]")
                .error().orElseThrow();
        assertTrue(error.traceback().get(0).startsWith("In[140], line 4, column 14: cannot find symbol"),
                error.traceback().get(0));
        assertEquals("\"1 1 3\"", cells.evaluate("blockRuns[0] + \" \" + firstRun + \" \" + secondRun", "In[141]").text());
        assertTrue(cells.evaluate("neverRun", "In[142]").failed());
    }
}

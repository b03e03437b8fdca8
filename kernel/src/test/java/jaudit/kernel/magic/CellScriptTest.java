package jaudit.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class CellScriptTest {
    /** Java ends between statements unless a text block is open: enough to tell the cases apart here. */
    private static final Predicate<String> NO_OPEN_TEXT_BLOCK = code -> code.split("\"\"\"", -1).length % 2 == 1;

    private static List<CellScript.Part> parse(String code) throws MagicException {
        return CellScript.parse(code, NO_OPEN_TEXT_BLOCK);
    }

    @Test
    void lineMagicsSplitTheCellAndJavaKeepsItsCellLineNumbers() throws Exception {
        List<CellScript.Part> parts = parse("// deps\n%maven a:b:1\nint x = 1;\n%time x++;\nx");
        assertEquals(List.of(CellScript.Part.java("// deps"),
                CellScript.Part.magic(new MagicCall("maven", "a:b:1", Optional.empty(), 1)),
                CellScript.Part.java("\n\nint x = 1;"),
                CellScript.Part.magic(new MagicCall("time", "x++;", Optional.empty(), 3)),
                CellScript.Part.java("\n\n\n\nx")), parts);
    }

    @Test
    void aCellMagicOwnsTheCellAfterItsFirstLine() throws Exception {
        List<CellScript.Part> parts = parse("\n%%time  quick\nint a = 1;\n%not a magic here");
        MagicCall call = parts.get(0).magic().orElseThrow();
        assertEquals("time", call.name());
        assertEquals("quick", call.args());
        assertEquals(Optional.of("\n\nint a = 1;\n%not a magic here"), call.body());
        assertEquals(1, parts.size());
    }

    @Test
    void aPercentLineInsideOpenJavaStaysJava() throws Exception {
        List<CellScript.Part> parts = parse("String t = \"\"\"\n%text\n\"\"\";");
        assertEquals(List.of(CellScript.Part.java("String t = \"\"\"\n%text\n\"\"\";")), parts);
    }

    @Test
    void aCellMagicBelowTheFirstLineIsAUsageError() {
        MagicException e = assertThrows(MagicException.class, () -> parse("int a = 1;\n%%time"));
        assertEquals("UsageError", e.ename());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void theRegistryCompletesMagicNamesAndNamesTheKnownOnesForAnUnknownOne() {
        MagicRegistry registry = new MagicRegistry(List.of(new ClassPathMagic("jars"), new ClassPathMagic("classpath"),
                new TimeMagic(), new LsMagic()));
        MagicRegistry.Completion completion = registry.complete("int a;\n  %cl", 12).orElseThrow();
        assertEquals(List.of("%classpath"), completion.matches());
        assertEquals(9, completion.start());
        assertEquals(List.of("%%time"), registry.complete("%%t", 3).orElseThrow().matches());
        assertTrue(registry.complete("int a = 5 % 3", 13).isEmpty());
        assertEquals("%foo (known: %jars, %classpath, %time, %lsmagic, %%time)", registry.unknown("%foo").getMessage());
    }
}

package jaudit.kernel.jshell;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What one snippet of a cell is to the runs the cell is cut into, as javac's parser sees it.
 *
 * @param plain one statement that declares nothing a later snippet could see (a call, an assignment,
 *     a loop...): it can share a block with its neighbours
 * @param variables the names of the variables it declares, if it declares any
 * @param typed the declaration, when the snippet declares one variable with its type written out and
 *     no modifiers: a field of a cell variables class can hold it; null otherwise
 * @param inferred the declaration, when the snippet declares one variable with {@code var} and no
 *     modifiers: a field can hold it once JShell has told its type; null otherwise
 * @param member the method or type the snippet declares, when it declares one without modifiers or
 *     annotations: a member of a cell variables class can hold it; null otherwise
 * @param names every simple name the snippet uses (variables, methods, types; not those after a dot)
 */
record SnippetShape(boolean plain, Set<String> variables, TypedVariable typed, TypedVariable inferred, Member member,
        Set<String> names) {
    static final SnippetShape OTHER = new SnippetShape(false, Set.of(), null, null, null, Set.of());

    /** This {@code var} declaration with the type JShell told for it written out, as a field can hold it. */
    SnippetShape typedAs(String type) {
        TypedVariable v = inferred;
        return new SnippetShape(false, variables, new TypedVariable(v.name(), type, Set.of(), v.typeStart(),
                v.nameStart(), v.end(), v.initialized(), -1, true), null, null, names);
    }

    /**
     * Whether it declares variables only JShell can hold ({@code var}, modifiers, several at once):
     * a held run goes on past it, JShell declaring them in their turn.
     */
    boolean jshellVariables() {
        return !plain && typed == null && member == null && !variables.isEmpty();
    }

    /** Whether a cell variables class can keep what it declares: a variable with its type written out, a method or a type. */
    boolean holdable() {
        return typed != null || member != null;
    }

    /** The names the snippet declares, whatever their kind. */
    Set<String> declared() {
        if (member == null) {
            return variables;
        }
        Set<String> declared = new LinkedHashSet<>(variables);
        declared.add(member.name());
        return declared;
    }

    /**
     * One variable declared with its written type, positions counted in the snippet's cell text.
     *
     * @param typeNames the simple names the type is built from ({@code Map}, {@code String} for
     *     {@code Map<String, List<Item>>}: also {@code List}, {@code Item})
     * @param typeStart where the type begins
     * @param nameStart where the variable's name begins
     * @param end where the declaration ends, after its semicolon
     * @param initialized whether it has an initializer
     * @param bareArrayAt where an initializer of the form {@code {1, 2}} begins (only a declaration may
     *     write an array so; an assignment needs {@code new int[] {1, 2}}), or -1
     * @param told whether the cell wrote {@code var} and the type is the one JShell told
     */
    record TypedVariable(String name, String type, Set<String> typeNames, int typeStart, int nameStart, int end,
            boolean initialized, int bareArrayAt, boolean told) {
        /** Its initializer in the snippet's text, between the equals sign and the semicolon; null if it has none. */
        String initializerIn(String snippet) {
            int equals = snippet.indexOf('=', nameStart + name.length());
            return equals < 0 || equals >= end ? null : snippet.substring(equals + 1, end - 1);
        }
    }

    /**
     * A method or a class, record, interface or enum, positions counted in the snippet's cell text.
     *
     * @param key what makes a redeclaration replace it, as in JShell: a method's name and parameter
     *     types ({@code f(int,String)}), a type's name
     * @param type whether it declares a type rather than a method
     * @param start where the declaration itself begins, after any comment before it
     */
    record Member(String name, String key, boolean type, int start) {
    }
}

package jaudit.kernel.jshell;

import java.util.Set;

/**
 * What one snippet of a cell is to the runs the cell is cut into, as javac's parser sees it.
 *
 * @param plain one statement that declares nothing a later snippet could see (a call, an assignment,
 *     a loop...): it can share a block with its neighbours
 * @param variables the names of the variables it declares, if it declares any
 * @param typed the declaration, when the snippet declares one variable with its type written out and
 *     no modifiers: a field of a cell variables class can hold it; null otherwise
 * @param names every simple name the snippet uses (variables, methods, types; not those after a dot)
 */
record SnippetShape(boolean plain, Set<String> variables, TypedVariable typed, Set<String> names) {
    static final SnippetShape OTHER = new SnippetShape(false, Set.of(), null, Set.of());

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
     */
    record TypedVariable(String name, String type, Set<String> typeNames, int typeStart, int nameStart, int end,
            boolean initialized, int bareArrayAt) {
    }
}

package jaudit.kernel.deps;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * XML that may hold several elements side by side, as a {@code %%loadFromPOM} cell does, with
 * comments between them and an XML declaration first: its top-level elements, found with the JDK's
 * streaming parser, and where each stands in the text, so that each can be read again on its own
 * lines.
 *
 * @param text     the text, its line breaks made {@code \n} (the lines stay the same)
 * @param elements the top-level elements, in the order of the text
 */
record XmlFragment(String text, List<Element> elements) {
    /**
     * A top-level element.
     *
     * @param name  its local name
     * @param start where its start tag's {@code <} is in the text
     * @param end   where it ends in the text, just after the {@code >} of its end tag
     */
    record Element(String name, int start, int end) {
    }

    private static final Pattern DECLARATION = Pattern.compile("\\A<\\?xml\\s[^>]*\\?>");
    // Several elements are not a document: the parser reads them inside this one, put after the declaration.
    private static final String OPEN = "<fragment>";
    private static final String CLOSE = "</fragment>";
    private static final String PARSER_PREFIX = "Message: ";

    /**
     * Reads the text's top-level structure.
     *
     * @throws XMLStreamException when it is not well-formed, or has text outside any element; the
     *                            message gives the line and column in the text and what is wrong
     */
    static XmlFragment parse(String xml) throws XMLStreamException {
        String text = xml.replace("\r\n", "\n").replace('\r', '\n');
        Matcher declaration = DECLARATION.matcher(text);
        int split = declaration.find() ? declaration.end() : 0;
        String input = text.substring(0, split) + OPEN + text.substring(split) + CLOSE;
        Positions positions = new Positions(text, input, split);

        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            XMLStreamReader reader = factory.createXMLStreamReader(new StringReader(input));
            try {
                return new XmlFragment(text, elements(reader, positions, split));
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            // The parser's own errors have a place in the wrapped text, given first in their message too.
            if (e.getLocation() == null) {
                throw e;
            }
            String message = e.getMessage();
            int at = message.indexOf(PARSER_PREFIX);
            throw new XMLStreamException(positions.describe(positions.offset(e.getLocation())) + ": "
                    + (at < 0 ? message : message.substring(at + PARSER_PREFIX.length())), e);
        }
    }

    private static List<Element> elements(XMLStreamReader reader, Positions positions, int split)
            throws XMLStreamException {
        List<Element> elements = new ArrayList<>();
        int depth = 0;
        // Where the last top-level markup ended: an element starts after it, past white space.
        int after = split;
        String name = null;
        while (reader.hasNext()) {
            int event = reader.next();
            boolean top = depth == 1;
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    if (top) {
                        name = reader.getLocalName();
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    depth--;
                    if (depth == 1) {
                        int end = positions.offset(reader.getLocation());
                        elements.add(new Element(name, positions.skipSpace(after), end));
                        after = end;
                    }
                }
                case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> {
                    if (top) {
                        after = positions.offset(reader.getLocation());
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                    if (top && !reader.isWhiteSpace()) {
                        throw new XMLStreamException(positions.describe(positions.skipSpace(after))
                                + ": text outside any element: '" + reader.getText().strip() + "'");
                    }
                }
                default -> {
                }
            }
        }
        return List.copyOf(elements);
    }

    /**
     * The text with only these elements left where they stand: everything else is a space, except
     * line breaks, so that what reads the result sees the elements at their lines.
     */
    String only(List<Element> kept) {
        char[] blank = text.toCharArray();
        int from = 0;
        for (Element element : kept) {
            blankBetween(blank, from, element.start());
            from = element.end();
        }
        blankBetween(blank, from, blank.length);
        return new String(blank);
    }

    private static void blankBetween(char[] text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text[i] != '\n') {
                text[i] = ' ';
            }
        }
    }

    /** The parser's positions (line and column in the wrapped text) as offsets in the text, and back. */
    private record Positions(String text, int[] inputLines, int split) {
        Positions(String text, String input, int split) {
            this(text, lineStarts(input), split);
        }

        int offset(Location location) {
            int line = location.getLineNumber();
            if (line < 1 || line > inputLines.length) {
                return -1;
            }
            int offset = inputLines[line - 1] + Math.max(location.getColumnNumber(), 1) - 1;
            return offset <= split ? offset : Math.max(split, Math.min(offset - OPEN.length(), text.length()));
        }

        int skipSpace(int offset) {
            int i = offset;
            while (i < text.length() && " \t\n".indexOf(text.charAt(i)) >= 0) {
                i++;
            }
            return i;
        }

        String describe(int offset) {
            if (offset < 0) {
                return "at an unknown place";
            }
            int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
            long line = text.substring(0, lineStart).chars().filter(c -> c == '\n').count() + 1;
            return "line " + line + ", column " + (offset - lineStart + 1);
        }

        private static int[] lineStarts(String input) {
            List<Integer> starts = new ArrayList<>(List.of(0));
            for (int i = 0; i < input.length(); i++) {
                if (input.charAt(i) == '\n') {
                    starts.add(i + 1);
                }
            }
            return starts.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}

package jaudit.kernel.deps;

import java.io.IOException;
import java.io.StringReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.model.Model;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.codehaus.plexus.util.xml.pull.XmlPullParserException;

/**
 * The body of a {@code %%loadFromPOM} cell, read with Maven's own model reader: a whole
 * {@code <project>}, or a fragment of one (a {@code <dependencies>} block, {@code <repositories>},
 * bare {@code <dependency>} elements, any other children of {@code <project>}), which is wrapped into
 * a minimal project first. The wrapping adds no line breaks, so the reader's line numbers are the
 * cell's.
 */
record PomText(String xml, Model model) {
    /** The coordinate a fragment's wrapping project gets. */
    static final String FRAGMENT_GROUP = "jaudit";
    static final String FRAGMENT_ARTIFACT = "loadFromPOM";
    static final String FRAGMENT_VERSION = "0";

    private static final Pattern DECLARATION = Pattern.compile("^\\s*<\\?xml[^>]*\\?>");
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern FIRST_ELEMENT = Pattern.compile("<\\s*([A-Za-z_][\\w.:-]*)");

    /**
     * The text as a whole POM ({@code xml}, fragments wrapped, the lines of the text kept) and the
     * model it describes, strictly read (an unknown element is an error).
     */
    static PomText read(String text) throws ResolutionException {
        String body = text == null ? "" : text.replace("\uFEFF", "");
        Matcher first = FIRST_ELEMENT.matcher(COMMENT.matcher(DECLARATION.matcher(body).replaceFirst("")).replaceAll(""));
        if (!first.find()) {
            throw new ResolutionException("The POM is empty: give a <project>, a <dependencies> block,"
                    + " <repositories> or <dependency> elements");
        }
        String element = first.group(1);
        String xml;
        if (element.equals("project")) {
            xml = body;
        } else {
            // The declaration may only open a document, so it goes when the text is wrapped.
            String inner = DECLARATION.matcher(body).replaceFirst("");
            if (element.equals("dependency")) {
                inner = "<dependencies>" + inner + "</dependencies>";
            }
            xml = "<project><modelVersion>4.0.0</modelVersion><groupId>" + FRAGMENT_GROUP + "</groupId><artifactId>"
                    + FRAGMENT_ARTIFACT + "</artifactId><version>" + FRAGMENT_VERSION + "</version>" + inner
                    + "</project>";
        }
        try {
            return new PomText(xml, new MavenXpp3Reader().read(new StringReader(xml), true));
        } catch (XmlPullParserException e) {
            throw new ResolutionException("The POM is not valid: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ResolutionException("The POM could not be read: " + e.getMessage(), e);
        }
    }
}

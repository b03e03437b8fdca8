package jaudit.kernel.deps;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamException;
import jaudit.kernel.deps.XmlFragment.Element;
import org.apache.maven.model.Model;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.apache.maven.model.io.xpp3.MavenXpp3Writer;
import org.codehaus.plexus.util.xml.pull.XmlPullParserException;

/**
 * The body of a {@code %%loadFromPOM} cell, read with Maven's own model reader: a whole
 * {@code <project>}, or parts of one side by side, in any order, as JJava takes them:
 * {@code <dependency>} and {@code <repository>} elements, bare or in {@code <dependencies>} and
 * {@code <repositories>} blocks (as many as the cell has), and any other children of
 * {@code <project>}. A fragment's dependencies and repositories keep the cell's order, and it gets
 * the coordinate {@code jaudit:loadFromPOM:pom:0} unless it gives its own. Each part is read where it
 * stands in the cell, so the reader's line numbers are the cell's.
 */
record PomText(String xml, Model model) {
    /** The coordinate a fragment's project gets. */
    static final String FRAGMENT_GROUP = "jaudit";
    static final String FRAGMENT_ARTIFACT = "loadFromPOM";
    static final String FRAGMENT_VERSION = "0";

    private static final String PROJECT = "project";
    /** The elements a fragment may give bare, and the block that holds them in a project. */
    private static final Map<String, String> LISTED =
            Map.of("dependency", "dependencies", "repository", "repositories");

    /**
     * The text as a whole POM ({@code xml}: the text itself, or the fragment put together) and the
     * model it describes, strictly read (an unknown element is an error).
     */
    static PomText read(String text) throws ResolutionException {
        XmlFragment fragment;
        try {
            fragment = XmlFragment.parse(text == null ? "" : text.replace("\uFEFF", ""));
        } catch (XMLStreamException e) {
            throw new ResolutionException("The POM is not well-formed XML: " + e.getMessage(), e);
        }
        List<Element> elements = fragment.elements();
        if (elements.isEmpty()) {
            throw new ResolutionException("The POM is empty: give a <project>, or <dependency> and <repository>"
                    + " elements, bare or in <dependencies> and <repositories>");
        }
        if (elements.stream().anyMatch(e -> e.name().equals(PROJECT))) {
            if (elements.size() > 1) {
                throw new ResolutionException("The POM has a <project> and other elements beside it ("
                        + String.join(", ", elements.stream().map(e -> "<" + e.name() + ">").toList())
                        + "): give one <project>, or parts of one without it");
            }
            return new PomText(fragment.text(), parse(fragment.text()));
        }
        // Only the other parts are read together: two blocks of one kind would be a duplicated tag.
        Model model = parse(wrapped(fragment.only(elements.stream().filter(e -> !listed(e)).toList()), PROJECT));
        for (Element element : elements) {
            if (listed(element)) {
                String kept = fragment.only(List.of(element));
                String list = LISTED.get(element.name());
                Model part = parse(wrapped(list == null ? kept : wrapped(kept, list), PROJECT));
                part.getDependencies().forEach(model::addDependency);
                part.getRepositories().forEach(model::addRepository);
            }
        }
        if (model.getModelVersion() == null) {
            model.setModelVersion("4.0.0");
        }
        if (model.getGroupId() == null) {
            model.setGroupId(FRAGMENT_GROUP);
        }
        if (model.getArtifactId() == null) {
            model.setArtifactId(FRAGMENT_ARTIFACT);
        }
        if (model.getVersion() == null) {
            model.setVersion(FRAGMENT_VERSION);
        }
        return new PomText(write(model), model);
    }

    private static boolean listed(Element element) {
        return LISTED.containsKey(element.name()) || LISTED.containsValue(element.name());
    }

    /** The text inside an element; no line breaks are added, so the text's lines stay where they were. */
    private static String wrapped(String text, String element) {
        return "<" + element + ">" + text + "</" + element + ">";
    }

    private static Model parse(String xml) throws ResolutionException {
        try {
            return new MavenXpp3Reader().read(new StringReader(xml), true);
        } catch (XmlPullParserException e) {
            throw new ResolutionException("The POM is not valid: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ResolutionException("The POM could not be read: " + e.getMessage(), e);
        }
    }

    private static String write(Model model) {
        StringWriter xml = new StringWriter();
        try {
            new MavenXpp3Writer().write(xml, model);
        } catch (IOException e) {
            // A StringWriter does not fail.
            throw new UncheckedIOException(e);
        }
        return xml.toString();
    }
}

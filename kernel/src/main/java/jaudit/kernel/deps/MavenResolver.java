package jaudit.kernel.deps;

import eu.maveniverse.maven.mima.context.Context;
import eu.maveniverse.maven.mima.context.ContextOverrides;
import eu.maveniverse.maven.mima.context.Runtime;
import eu.maveniverse.maven.mima.context.Runtimes;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.maven.model.Model;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.eclipse.aether.DefaultRepositoryCache;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.collection.DependencyCollectionException;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.repository.LocalArtifactRequest;
import org.eclipse.aether.repository.LocalArtifactResult;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.repository.WorkspaceReader;
import org.eclipse.aether.repository.WorkspaceRepository;
import org.eclipse.aether.resolution.ArtifactDescriptorPolicy;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.graph.transformer.ConflictResolver;

/**
 * Resolves Maven artifacts and their runtime dependencies into local jar files, for the
 * {@code %maven} and {@code %%loadFromPOM} magics. Built once per kernel on MIMA (Apache Maven
 * Resolver), from the user's Maven environment the way {@code mvn} reads it:
 * <ul>
 *   <li>the user settings {@code ~/.m2/settings.xml} (and the global settings of the Maven
 *       installation named by {@code maven.home} or {@code MAVEN_HOME}): mirrors, proxies, servers'
 *       credentials, active profiles' repositories, {@code <offline>} and {@code <localRepository>};
 *   <li>the local repository: the one given, else the system property {@code maven.repo.local}, else
 *       the settings' {@code localRepository}, else {@code ~/.m2/repository};
 *   <li>offline mode when asked for or when the settings say {@code <offline>true</offline>}; an
 *       artifact already in the local repository resolves without the network either way;
 *   <li>Maven Central as the remote repository, plus those {@link #addRepository added}.
 * </ul>
 * A resolution reads the graph's POMs from {@link #repositories()} only: repositories that
 * dependencies' POMs (or their parents) declare are ignored, and a transfer listener refuses any
 * transfer elsewhere. Then the {@link Check} sees every artifact with the repository its file will
 * come from, and only then are the files downloaded. Methods are synchronized: one resolution at a
 * time.
 */
public final class MavenResolver implements AutoCloseable {
    private static final RepositoryPolicy ENABLED =
            new RepositoryPolicy(true, RepositoryPolicy.UPDATE_POLICY_DAILY, RepositoryPolicy.CHECKSUM_POLICY_WARN);

    private final Context context;
    private final boolean offline;
    private final List<RemoteRepository> configured;

    /**
     * The kernel's resolver: {@code ~/.m2/settings.xml}, the local repository it names (or
     * {@code ~/.m2/repository}), online unless the settings say offline.
     *
     * @throws ResolutionException when the settings cannot be read
     */
    public MavenResolver() throws ResolutionException {
        this(null, null, false);
    }

    /**
     * A resolver with its own settings and local repository (for tests, or a kernel told where).
     *
     * @param userSettings    the settings file to read instead of {@code ~/.m2/settings.xml} (and then
     *                        no global settings); it need not exist; null for the default
     * @param localRepository the local repository; null for the default (see the class comment)
     * @param offline         never use the network (the settings' {@code <offline>} can also say so)
     * @throws ResolutionException when the settings cannot be read
     */
    public MavenResolver(Path userSettings, Path localRepository, boolean offline) throws ResolutionException {
        Settings settings = readSettings(userSettings);
        this.offline = offline || settings.isOffline();
        ContextOverrides.Builder overrides = ContextOverrides.create()
                .withUserSettings(true)
                .withEffectiveSettings(settings)
                .offline(this.offline)
                .ignoreArtifactDescriptorRepositories(true);
        if (userSettings != null) {
            overrides.withUserSettingsXmlOverride(userSettings.toAbsolutePath());
        }
        if (localRepository != null) {
            overrides.withLocalRepositoryOverride(localRepository.toAbsolutePath());
        }
        try {
            this.context = runtime().create(overrides.build());
        } catch (RuntimeException e) {
            throw new ResolutionException("Could not set up Maven resolution: " + e.getMessage(), e);
        }
        this.configured = new ArrayList<>(context.contextOverrides().getRepositories());
    }

    /** True when resolution never uses the network. */
    public boolean offline() {
        return offline;
    }

    /** The local repository that resolved artifacts are downloaded into and served from. */
    public Path localRepository() {
        return context.repositorySystemSession().getLocalRepository().getBasedir().toPath();
    }

    /**
     * The local repository as the {@link Check} receives it for files that need no download: its
     * {@code file:} URL ending in a slash, e.g. {@code file:///home/me/.m2/repository/}.
     */
    public String localRepositoryUrl() {
        return TransferGate.withSlash(localRepository().toUri().toString());
    }

    /**
     * Adds a remote repository (releases and snapshots) to later resolutions, after those already
     * there; one with the same id is replaced. The settings' mirrors apply to it too.
     *
     * @throws IllegalArgumentException when the id is blank or the URL is not an absolute
     *                                  {@code http:}, {@code https:} or {@code file:} URL
     */
    public synchronized void addRepository(String id, String url) {
        RemoteRepository repository = remoteRepository(id, url);
        configured.removeIf(r -> r.getId().equals(repository.getId()));
        configured.add(repository);
    }

    /**
     * The remote repositories resolutions use, in the order they are tried, after the settings'
     * mirrors are applied (a mirror of several stands once for all of them): exactly the URLs
     * requests go to, so a policy can be checked against each before anything is downloaded.
     */
    public synchronized List<Repository> repositories() {
        return effective(configured).stream().map(r -> new Repository(r.getId(), r.getUrl())).toList();
    }

    /**
     * Resolves artifacts and their transitive runtime dependencies (scopes compile and runtime;
     * test, provided and optional dependencies of dependencies are left out), mediating version
     * conflicts as Maven does: the version nearest to the request wins, the first declared on a tie.
     *
     * @param coordinates {@code groupId:artifactId:version},
     *                    {@code groupId:artifactId:extension:version} or
     *                    {@code groupId:artifactId:extension:classifier:version}
     * @param check       asked about every artifact before its file is downloaded (see {@link Check});
     *                    its exception propagates unchanged and nothing is downloaded after it
     * @param progress    receives one line per file downloaded, {@code Downloaded
     *                    org.apache.commons:commons-csv:1.14.1 (52 kB) from central}, and after the
     *                    graph is read one line per repository POMs came from, {@code Downloaded 7
     *                    POMs (45 kB) from central}; nothing for what the local repository serves
     * @return the jar files in class-path order, their coordinates and the conflicts settled
     * @throws ResolutionException for a bad coordinate, or when an artifact cannot be found or
     *                             downloaded; the message names the artifact and the repository
     */
    public synchronized Resolution resolve(List<String> coordinates, Check check, Consumer<String> progress)
            throws ResolutionException {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(progress, "progress");
        if (coordinates.isEmpty()) {
            throw new ResolutionException("No Maven coordinate given: expected " + Coordinates.FORMS);
        }
        List<Dependency> dependencies = new ArrayList<>();
        for (String coordinate : coordinates) {
            dependencies.add(new Dependency(Coordinates.parse(coordinate), JavaScopes.COMPILE));
        }
        List<RemoteRepository> repositories = effective(configured);
        CollectRequest request = new CollectRequest(dependencies, List.of(), repositories);
        String what = String.join(", ", coordinates.stream().map(String::strip).toList());
        return run(what, request, repositories, null, check, progress);
    }

    /**
     * Resolves the dependencies a POM declares, for {@code %%loadFromPOM}. The text is a whole
     * {@code <project>}, or a fragment: {@code <dependency>} and {@code <repository>} elements, bare or
     * in {@code <dependencies>} and {@code <repositories>}, in any order, and any other children of
     * {@code <project>}. It is read with
     * Maven's model reader (strictly: an unknown element is an error) and built with Maven's model
     * builder, so a whole POM's {@code ${properties}}, parent, {@code <dependencyManagement>} and
     * imported BOMs apply. Each dependency's scope, exclusions and optional flag are honoured as in
     * a Maven project: its own test, provided and system dependencies are left out, its optional
     * ones are kept (optional means "not for my dependents"). The repositories the text declares
     * (not those of its parent) are used for this resolution only, after {@link #repositories()};
     * each is first passed to the check, with the POM's coordinate ({@code groupId:artifactId:pom:version},
     * for a fragment {@code jaudit:loadFromPOM:pom:0}) and its URL after mirrors.
     *
     * @see #resolve(List, Check, Consumer) for the check, the progress lines and the result
     */
    public synchronized Resolution resolvePom(String pomText, Check check, Consumer<String> progress)
            throws ResolutionException {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(progress, "progress");
        PomText pomCell = PomText.read(pomText);
        Model model = pomCell.model();
        String pomCoordinate = pomCoordinate(model);
        List<RemoteRepository> declared = new ArrayList<>();
        for (org.apache.maven.model.Repository r : model.getRepositories()) {
            RemoteRepository repository;
            try {
                repository = remoteRepository(r.getId(), r.getUrl(), r.getReleases() == null
                        || r.getReleases().isEnabled(), r.getSnapshots() == null || r.getSnapshots().isEnabled());
            } catch (IllegalArgumentException e) {
                throw new ResolutionException("The POM's repository is not usable: " + e.getMessage(), e);
            }
            for (RemoteRepository known : configured) {
                if (known.getId().equals(repository.getId()) && !known.getUrl().equals(repository.getUrl())) {
                    throw new ResolutionException("The POM declares the repository '" + repository.getId() + "' as "
                            + repository.getUrl() + ", but '" + known.getId() + "' is already " + known.getUrl()
                            + ": give it another id");
                }
            }
            if (configured.stream().noneMatch(known -> known.getId().equals(repository.getId()))) {
                declared.add(repository);
            }
        }
        for (RemoteRepository repository : effective(declared)) {
            check.check(pomCoordinate, repository.getUrl());
        }
        List<RemoteRepository> repositories = effective(Stream.concat(configured.stream(), declared.stream()).toList());

        Path folder = null;
        try {
            // A folder of its own, so that the parent's default relativePath (../pom.xml) finds nothing.
            folder = Files.createTempDirectory("jaudit-pom");
            Path pom = Files.createDirectory(folder.resolve("cell")).resolve("pom.xml");
            // A whole POM as given, so that the model builder's line numbers are the cell's; a fragment put together.
            Files.writeString(pom, pomCell.xml(), StandardCharsets.UTF_8);
            Artifact root = new DefaultArtifact(PomText.FRAGMENT_GROUP, PomText.FRAGMENT_ARTIFACT, "pom",
                    PomText.FRAGMENT_VERSION);
            CollectRequest request = new CollectRequest(new Dependency(root, JavaScopes.COMPILE), repositories);
            String what = "the POM's dependencies";
            return run(what, request, repositories, new OnePom(root, pom.toFile()), check, progress);
        } catch (IOException e) {
            throw new ResolutionException("Could not write the POM to a temporary file: " + e.getMessage(), e);
        } finally {
            deleteTree(folder);
        }
    }

    /** Shuts the repository system down (its download threads). */
    @Override
    public void close() {
        context.close();
    }

    private Resolution run(String what, CollectRequest request, List<RemoteRepository> repositories,
            WorkspaceReader workspace, Check check, Consumer<String> progress) throws ResolutionException {
        Set<String> allowed = new LinkedHashSet<>();
        repositories.forEach(r -> allowed.add(TransferGate.withSlash(r.getUrl())));
        // Downloads run on several threads; the caller sees one line at a time.
        Object lock = new Object();
        Consumer<String> lines = line -> {
            synchronized (lock) {
                progress.accept(line);
            }
        };
        TransferGate gate = new TransferGate(allowed, lines);
        DefaultRepositorySystemSession session = new DefaultRepositorySystemSession(context.repositorySystemSession());
        // Nothing remembered between resolutions: a repository added since, or a POM cell edited, counts.
        session.setCache(new DefaultRepositoryCache());
        session.setIgnoreArtifactDescriptorRepositories(true);
        session.setTransferListener(gate);
        session.setRepositoryListener(new DescriptorWarnings(lines));
        session.setWorkspaceReader(workspace);
        if (workspace instanceof OnePom cell) {
            // Dependencies' missing or invalid POMs are warnings, as in Maven; the cell's own is an error.
            ArtifactDescriptorPolicy lenient = session.getArtifactDescriptorPolicy();
            String cellPom = Coordinates.format(cell.artifact());
            session.setArtifactDescriptorPolicy((s, r) -> lenient == null || cellPom.equals(Coordinates.format(r.getArtifact()))
                    ? ArtifactDescriptorPolicy.STRICT : lenient.getPolicy(s, r));
        }
        // Keep mediation's losers in the graph, marked with their winner, to report conflicts.
        session.setConfigProperty(ConflictResolver.CONFIG_PROP_VERBOSE, ConflictResolver.Verbosity.STANDARD);
        RepositorySystem system = context.repositorySystem();

        DependencyNode root;
        try {
            root = system.collectDependencies(session, request).getRoot();
        } catch (DependencyCollectionException e) {
            throw Failures.of(what, e, gate.refusal());
        }
        gate.graphCollected();

        ClasspathOrder order = new ClasspathOrder(root);
        String localUrl = localRepositoryUrl();
        List<ArtifactRequest> downloads = new ArrayList<>();
        for (DependencyNode node : order.nodes()) {
            Artifact artifact = node.getArtifact();
            if ("pom".equals(artifact.getExtension())) {
                continue;
            }
            String coordinate = Coordinates.format(artifact);
            List<RemoteRepository> from = source(session, artifact, node.getRepositories());
            Set<String> urls = new LinkedHashSet<>();
            if (from == null) {
                check.check(coordinate, localUrl);
                urls.add(localUrl);
                from = node.getRepositories();
            } else {
                for (RemoteRepository repository : from) {
                    check.check(coordinate, repository.getUrl());
                    urls.add(TransferGate.withSlash(repository.getUrl()));
                }
            }
            gate.approve(coordinate, urls);
            downloads.add(new ArtifactRequest(artifact, from, null));
        }

        List<ArtifactResult> results;
        try {
            results = system.resolveArtifacts(session, downloads);
        } catch (ArtifactResolutionException e) {
            throw Failures.of(what, e, gate.refusal());
        }
        List<Path> classpath = new ArrayList<>();
        List<String> coordinates = new ArrayList<>();
        for (ArtifactResult result : results) {
            classpath.add(result.getArtifact().getFile().toPath());
            coordinates.add(Coordinates.format(result.getArtifact()));
        }
        return new Resolution(classpath, coordinates, order.conflicts());
    }

    /**
     * Where the artifact's file will come from: null when the local repository has it (no download;
     * for a snapshot only offline, since online a newer one may be fetched), else the repository its
     * POM came from, else (the POM was installed locally, without a record of its origin) every
     * repository of the node, as the resolver tries them all.
     */
    private static List<RemoteRepository> source(RepositorySystemSession session, Artifact artifact,
            List<RemoteRepository> repositories) {
        LocalArtifactResult local = session.getLocalRepositoryManager()
                .find(session, new LocalArtifactRequest(artifact, repositories, null));
        if (local.isAvailable() && (!artifact.isSnapshot() || session.isOffline())) {
            return null;
        }
        Artifact pomArtifact = new DefaultArtifact(artifact.getGroupId(), artifact.getArtifactId(), "pom",
                artifact.getVersion());
        LocalArtifactResult pom = session.getLocalRepositoryManager()
                .find(session, new LocalArtifactRequest(pomArtifact, repositories, null));
        return pom.getRepository() != null ? List.of(pom.getRepository()) : repositories;
    }

    /** The repositories as requests reach them: mirrors, proxies and credentials applied. */
    private List<RemoteRepository> effective(List<RemoteRepository> bare) {
        return context.repositorySystem().newResolutionRepositories(context.repositorySystemSession(), bare);
    }

    private static RemoteRepository remoteRepository(String id, String url) {
        return remoteRepository(id, url, true, true);
    }

    private static RemoteRepository remoteRepository(String id, String url, boolean releases, boolean snapshots) {
        if (id == null || id.isBlank() || !id.strip().matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("Bad repository id '" + id + "' for " + url
                    + ": expected letters, digits, '.', '_' or '-'");
        }
        String expected = "Bad repository URL '" + url + "' for '" + id.strip()
                + "': expected an absolute http://, https:// or file: URL";
        if (url == null) {
            throw new IllegalArgumentException(expected);
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean web = (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
            boolean file = scheme.equals("file") && uri.getPath() != null && uri.getPath().startsWith("/");
            if (!web && !file) {
                throw new IllegalArgumentException(expected);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(expected + " (" + e.getMessage() + ")", e);
        }
        RepositoryPolicy disabled = new RepositoryPolicy(false, null, null);
        return new RemoteRepository.Builder(id.strip(), "default", url.strip())
                .setReleasePolicy(releases ? ENABLED : disabled)
                .setSnapshotPolicy(snapshots ? ENABLED : disabled)
                .build();
    }

    private static String pomCoordinate(Model model) {
        String group = model.getGroupId() != null ? model.getGroupId()
                : model.getParent() != null ? model.getParent().getGroupId() : null;
        String version = model.getVersion() != null ? model.getVersion()
                : model.getParent() != null ? model.getParent().getVersion() : null;
        if (group == null || model.getArtifactId() == null || version == null) {
            return PomText.FRAGMENT_GROUP + ":" + PomText.FRAGMENT_ARTIFACT + ":pom:" + PomText.FRAGMENT_VERSION;
        }
        return group + ":" + model.getArtifactId() + ":pom:" + version;
    }

    /** The user's settings, merged over the global ones, interpolated as Maven does. */
    private static Settings readSettings(Path userSettings) throws ResolutionException {
        DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest();
        Properties properties = new Properties();
        System.getenv().forEach((name, value) -> properties.setProperty("env." + name, value));
        properties.putAll(System.getProperties());
        request.setSystemProperties(properties);
        if (userSettings != null) {
            request.setUserSettingsFile(userSettings.toAbsolutePath().toFile());
        } else {
            request.setUserSettingsFile(new File(System.getProperty("user.home"), ".m2/settings.xml"));
            String mavenHome = System.getProperty("maven.home", System.getenv("MAVEN_HOME"));
            if (mavenHome != null && !mavenHome.isBlank()) {
                request.setGlobalSettingsFile(new File(mavenHome, "conf/settings.xml"));
            }
        }
        try {
            return new DefaultSettingsBuilderFactory().newInstance().build(request).getEffectiveSettings();
        } catch (SettingsBuildingException e) {
            throw new ResolutionException("The Maven settings are not valid: " + e.getMessage(), e);
        }
    }

    /** MIMA's runtime, found through the kernel's own class loader (not the thread's). */
    private static Runtime runtime() {
        for (Runtime runtime : ServiceLoader.load(Runtime.class, MavenResolver.class.getClassLoader())) {
            Runtimes.INSTANCE.registerRuntime(runtime);
        }
        return Runtimes.INSTANCE.getRuntime();
    }

    private static void deleteTree(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }

    /** Serves the one POM a {@code %%loadFromPOM} cell gives, as if a project of the build. */
    private record OnePom(Artifact artifact, File file) implements WorkspaceReader {
        private static final WorkspaceRepository REPOSITORY = new WorkspaceRepository("loadFromPOM");

        @Override
        public WorkspaceRepository getRepository() {
            return REPOSITORY;
        }

        @Override
        public File findArtifact(Artifact wanted) {
            boolean same = wanted.getGroupId().equals(artifact.getGroupId())
                    && wanted.getArtifactId().equals(artifact.getArtifactId())
                    && wanted.getVersion().equals(artifact.getVersion())
                    && "pom".equals(wanted.getExtension()) && wanted.getClassifier().isEmpty();
            return same ? file : null;
        }

        @Override
        public List<String> findVersions(Artifact wanted) {
            return findArtifact(wanted) == null ? List.of() : List.of(artifact.getVersion());
        }
    }
}

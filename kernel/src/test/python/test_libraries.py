"""Widely used libraries from Maven Central, each doing in a notebook cell what it does on a plain JVM.

One row per library: the %maven coordinates, a cell a notebook user would write, and what the cell
shows. Every cell runs under the kernelspec's default policy (roots "." and the temp dir, network
open), plus the allow rules a row names when the library really does something the default denies.
What each row expects is what the same code prints in plain jshell on JDK 17 and 25 with the jars on
--class-path. A library cell that ends normally shows no denial (no "jaudit: N denial(s)" line either).

The rows share one kernel per JDK, as the cells of one notebook do, so each library arrives with its own
%maven after the earlier ones have run: a JDBC driver added after DriverManager was first used must
still be found, as it is on a JVM started with every jar on its class path. Logging frameworks come
first, before the libraries that log through SLF4J, as on such a JVM the framework is there when they
first log.
HTTP clients talk to a server of the test's own on 127.0.0.1; its port replaces {port} in the cell.
The first run downloads the jars into ~/.m2; without Maven Central the %maven cell fails and the
assertion shows the kernel's error.
"""
import base64
import json
import http.server
import re
import struct
import threading
from dataclasses import dataclass

import pytest

from audit_kernel import execute
from conftest import KERNELS, Kernel, kinds


@dataclass(frozen=True)
class Library:
    name: str                # the test's id: the library and what its cell does
    maven: str               # what %maven resolves
    code: str                # the cell; {port} is the test server's port
    shows: tuple             # text the cell's output (stdout and stderr) shows, in this order
    png: tuple = None        # (width, height) of the PNG the cell's value displays
    allow: tuple = ()        # allow rules the cell needs beyond the default policy


LIBRARIES = [
    # --- logging frameworks first: their output must reach the notebook's streams -----------------
    Library("log4j2_logs_to_the_notebook_by_default_and_through_a_configured_console_appender",
            "org.apache.logging.log4j:log4j-core:2.25.3",
            r'''
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
var log4j = LogManager.getLogger("notebook");
log4j.error("disk almost full: {}%", 93);
log4j.info("hidden at the default level");
var log4jConfig = ConfigurationBuilderFactory.newConfigurationBuilder();
log4jConfig.add(log4jConfig.newAppender("cell", "Console")
        .add(log4jConfig.newLayout("PatternLayout").addAttribute("pattern", "%-5level %logger - %msg%n")));
log4jConfig.add(log4jConfig.newRootLogger(Level.INFO).add(log4jConfig.newAppenderRef("cell")));
Configurator.reconfigure(log4jConfig.build());
log4j.info("loaded {} rows", 3);
''',
            shows=(" ERROR disk almost full: 93%\n", "INFO  notebook - loaded 3 rows\n")),

    Library("slf4j_with_logback_logs_to_the_notebook",
            "ch.qos.logback:logback-classic:1.5.18",
            r'''
import org.slf4j.LoggerFactory;
var slf4j = LoggerFactory.getLogger("notebook");
slf4j.info("loaded {} rows", 3);
slf4j.warn("{} rows had no date", 1);
System.out.println(slf4j.getClass().getName());
''',
            shows=(" INFO notebook -- loaded 3 rows\n", " WARN notebook -- 1 rows had no date\n",
                   "ch.qos.logback.classic.Logger")),

    # --- JDBC ---------------------------------------------------------------------------------------
    Library("h2_in_memory_database_through_DriverManager",
            "com.h2database:h2:2.2.224",
            r'''
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:t")) {
    h2.createStatement().execute("create table city(name varchar(20), people int)");
    h2.createStatement().execute("insert into city values ('Oslo', 709000), ('Bergen', 291000)");
    ResultSet rows = h2.createStatement().executeQuery("select name, people from city order by people desc");
    while (rows.next()) System.out.println(rows.getString(1) + " " + rows.getInt(2));
    System.out.println(h2.getMetaData().getDatabaseProductName());
}
''',
            shows=("Oslo 709000\nBergen 291000\nH2\n",)),

    Library("hsqldb_in_memory_database_through_DriverManager",
            "org.hsqldb:hsqldb:2.7.4",
            r'''
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
try (Connection hsql = DriverManager.getConnection("jdbc:hsqldb:mem:t", "SA", "")) {
    hsql.createStatement().execute("create table city(name varchar(20), people int)");
    hsql.createStatement().execute("insert into city values ('Oslo', 709000), ('Bergen', 291000)");
    ResultSet rows = hsql.createStatement().executeQuery("select name, people from city order by people desc");
    while (rows.next()) System.out.println(rows.getString(1) + " " + rows.getInt(2));
    System.out.println(hsql.getMetaData().getDatabaseProductName());
}
''',
            shows=("Oslo 709000\nBergen 291000\nHSQL Database Engine\n",)),

    # sqlite-jdbc extracts its native library to the temp dir and loads it, calls the driver's native
    # methods, and runs `uname -o` to tell the C library apart: what the default policy denies and these
    # rules allow.
    Library("sqlite_jdbc_loads_its_native_library_when_allowed",
            "org.xerial:sqlite-jdbc:3.50.3.0",
            r'''
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
try (Connection lite = DriverManager.getConnection("jdbc:sqlite::memory:")) {
    lite.createStatement().execute("create table city(name text, people integer)");
    lite.createStatement().execute("insert into city values ('Oslo', 709000), ('Bergen', 291000)");
    ResultSet rows = lite.createStatement().executeQuery("select name, people from city order by people desc");
    while (rows.next()) System.out.println(rows.getString(1) + " " + rows.getInt(2));
    System.out.println(lite.getMetaData().getDatabaseProductName());
}
''',
            shows=("Oslo 709000\nBergen 291000\nSQLite\n",),
            allow=({"event": "native.load", "args": ["*sqlite*"]},
                   {"event": "native.call", "callee": "org.sqlite.core.NativeDB.*"},
                   {"event": "process.start", "args": ["uname"]})),

    # --- JSON, YAML, CSV ----------------------------------------------------------------------------
    Library("jackson_finds_the_java_time_module_with_findAndRegisterModules",
            "com.fasterxml.jackson.core:jackson-databind:2.20.1 "
            "com.fasterxml.jackson.datatype:jackson-datatype-jsr310:2.20.1",
            r'''
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.LocalDate;
record Trip(String city, LocalDate day) {}
var mapper = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
String tripJson = mapper.writeValueAsString(new Trip("Oslo", LocalDate.of(2024, 3, 1)));
System.out.println(tripJson);
System.out.println(mapper.readValue(tripJson, Trip.class));
''',
            shows=('{"city":"Oslo","day":"2024-03-01"}\nTrip[city=Oslo, day=2024-03-01]\n',)),

    Library("gson_fromJson_fills_a_class_and_a_generic_map",
            "com.google.code.gson:gson:2.13.2",
            r'''
import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
class Reading { String station; double[] temps; }
var gson = new Gson();
Reading reading = gson.fromJson("{\"station\": \"Blindern\", \"temps\": [3.5, 4.0, -1.25]}", Reading.class);
Map<String, Integer> counts = gson.fromJson("{\"a\": 1, \"b\": 2}", new TypeToken<Map<String, Integer>>() {}.getType());
System.out.println(reading.station + " " + Arrays.toString(reading.temps) + " " + counts);
System.out.println(gson.toJson(reading));
''',
            shows=('Blindern [3.5, 4.0, -1.25] {a=1, b=2}\n{"station":"Blindern","temps":[3.5,4.0,-1.25]}\n',)),

    Library("snakeyaml_loads_and_dumps_a_document",
            "org.yaml:snakeyaml:2.4",
            r'''
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.DumperOptions;
Map<String, Object> config = new Yaml().load("name: survey\nyear: 2024\ntags: [fjord, glacier]\nowner: {first: Ada, last: Lovelace}\n");
System.out.println(config);
var dumper = new DumperOptions();
dumper.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
System.out.print(new Yaml(dumper).dump(Map.of("threshold", List.of(0.5, 0.75))));
''',
            shows=("{name=survey, year=2024, tags=[fjord, glacier], owner={first=Ada, last=Lovelace}}\n"
                   "threshold:\n- 0.5\n- 0.75\n",)),

    Library("commons_csv_writes_a_file_in_the_notebook_folder_and_reads_it_back",
            "org.apache.commons:commons-csv:1.14.1",
            r'''
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
try (var csvOut = new CSVPrinter(Files.newBufferedWriter(Path.of("cities.csv")), CSVFormat.DEFAULT.builder().setHeader("city", "people").build())) {
    csvOut.printRecord("Oslo", 709000);
    csvOut.printRecord("Bergen, Vestland", 291000);
}
var header = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
List<CSVRecord> cityRows = header.parse(Files.newBufferedReader(Path.of("cities.csv"))).getRecords();
System.out.println(cityRows.get(1).get("city") + "; total " + cityRows.stream().mapToLong(r -> Long.parseLong(r.get("people"))).sum());
System.out.print(Files.readString(Path.of("cities.csv")));
''',
            shows=('Bergen, Vestland; total 1000000\ncity,people\r\nOslo,709000\r\n"Bergen, Vestland",291000\r\n',)),

    Library("protobuf_struct_from_json_with_JsonFormat_and_back",
            "com.google.protobuf:protobuf-java:4.31.1 com.google.protobuf:protobuf-java-util:4.31.1",
            r'''
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
var proto = Struct.newBuilder();
JsonFormat.parser().merge("{\"city\": \"Oslo\", \"people\": 709000, \"coastal\": true}", proto);
System.out.println(proto.getFieldsOrThrow("city").getStringValue() + " " + proto.getFieldsOrThrow("people").getNumberValue());
System.out.println(JsonFormat.printer().omittingInsignificantWhitespace().print(proto));
System.out.println(Struct.parseFrom(proto.build().toByteArray()).equals(proto.build()));
System.out.println(Timestamps.toString(Timestamps.fromMillis(1700000000000L)));
''',
            shows=("Oslo 709000.0\n", "true\n2023-11-14T22:13:20Z\n")),

    # --- reflection-heavy serializers -----------------------------------------------------------------
    Library("kryo_round_trips_an_object_graph_of_a_class_defined_in_a_cell",
            "com.esotericsoftware:kryo:5.6.2",
            r'''
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
class Station { String name; double[] temps; List<String> tags = new ArrayList<>(); }
var kryo = new Kryo();
kryo.register(Station.class);
kryo.register(double[].class);
kryo.register(ArrayList.class);
var station = new Station();
station.name = "Blindern";
station.temps = new double[] {3.5, -1.25};
station.tags.add("oslo");
var kryoBytes = new ByteArrayOutputStream();
try (var kryoOut = new Output(kryoBytes)) { kryo.writeObject(kryoOut, station); }
Station back = kryo.readObject(new Input(kryoBytes.toByteArray()), Station.class);
System.out.println(back.name + " " + Arrays.toString(back.temps) + " " + back.tags);
''',
            shows=("Blindern [3.5, -1.25] [oslo]\n",)),

    Library("xstream_writes_and_reads_xml_of_a_class_defined_in_a_cell",
            "com.thoughtworks.xstream:xstream:1.4.21",
            r'''
import com.thoughtworks.xstream.XStream;
class Fjord { String name; int lengthKm; List<String> villages = new ArrayList<>(); }
var xstream = new XStream();
xstream.alias("fjord", Fjord.class);
xstream.allowTypes(new Class[] {Fjord.class});
var fjord = new Fjord();
fjord.name = "Sognefjord";
fjord.lengthKm = 205;
fjord.villages.add("Balestrand");
String fjordXml = xstream.toXML(fjord);
System.out.println(fjordXml);
Fjord parsed = (Fjord) xstream.fromXML(fjordXml);
System.out.println(parsed.name + " " + parsed.lengthKm + " " + parsed.villages);
''',
            shows=("<fjord>\n  <name>Sognefjord</name>\n  <lengthKm>205</lengthKm>\n  <villages>\n"
                   "    <string>Balestrand</string>\n  </villages>\n</fjord>\nSognefjord 205 [Balestrand]\n",)),

    # --- Kotlin-built jars, HTTP clients against a local server, HTML ---------------------------------
    Library("kotlin_stdlib_collections_and_strings_called_from_java",
            "org.jetbrains.kotlin:kotlin-stdlib:2.1.21",
            r'''
import kotlin.collections.CollectionsKt;
import kotlin.text.StringsKt;
List<String> fruit = CollectionsKt.listOf("kiwi", "apple", "fig");
System.out.println(CollectionsKt.sorted(fruit) + " " + CollectionsKt.reversed(fruit));
System.out.println(CollectionsKt.joinToString(fruit, " | ", "<", ">", -1, "...", null));
System.out.println(StringsKt.padStart("7", 3, '0') + " " + StringsKt.substringAfter("key=value", "=", "none"));
''',
            shows=("[apple, fig, kiwi] [fig, apple, kiwi]\n<kiwi | apple | fig>\n007 value\n",)),

    Library("okhttp_gets_from_a_local_server",
            "com.squareup.okhttp3:okhttp-jvm:5.5.1",
            r'''
import okhttp3.OkHttpClient;
import okhttp3.Request;
var okhttp = new OkHttpClient();
var okRequest = new Request.Builder().url("http://127.0.0.1:{port}/hello?name=okhttp").build();
try (var okResponse = okhttp.newCall(okRequest).execute()) {
    System.out.println(okResponse.code() + " " + okResponse.header("Content-Type") + " " + okResponse.body().string());
}
okhttp.dispatcher().executorService().shutdown();
okhttp.connectionPool().evictAll();
''',
            shows=("200 text/plain; charset=utf-8 hello okhttp\n",)),

    Library("apache_httpclient5_gets_from_a_local_server",
            "org.apache.httpcomponents.client5:httpclient5:5.5",
            r'''
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
try (var apache = HttpClients.createDefault()) {
    String answer = apache.execute(new HttpGet("http://127.0.0.1:{port}/hello?name=httpclient5"),
            response -> response.getCode() + " " + EntityUtils.toString(response.getEntity()));
    System.out.println(answer);
}
''',
            shows=("200 hello httpclient5\n",)),

    Library("jsoup_parses_html_and_resolves_links",
            "org.jsoup:jsoup:1.21.1",
            r'''
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
var page = Jsoup.parse("<html><head><title>Fjords</title></head><body><ul><li><a href='/geiranger'>Geiranger</a><li><a href='naeroy'>Naeroy</a></ul>", "https://example.org/west/");
System.out.println(page.title());
for (Element link : page.select("li > a")) System.out.println(link.text() + " -> " + link.absUrl("href"));
''',
            shows=("Fjords\nGeiranger -> https://example.org/geiranger\nNaeroy -> https://example.org/west/naeroy\n",)),

    Library("jsoup_connects_to_a_local_server",
            "org.jsoup:jsoup:1.21.1",
            r'''
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
var fetched = Jsoup.connect("http://127.0.0.1:{port}/fjords.html").get();
System.out.println(fetched.title());
for (Element item : fetched.select("li")) System.out.println(item.text());
''',
            shows=("Fjords\nSognefjord\nHardangerfjord\n",)),

    # --- a test framework ---------------------------------------------------------------------------
    Library("junit5_runs_a_test_class_defined_in_a_cell_through_the_platform_launcher",
            "org.junit.platform:junit-platform-launcher:1.13.4 org.junit.jupiter:junit-jupiter-engine:5.13.4",
            r'''
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assertions;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.engine.discovery.DiscoverySelectors;
class CalculatorTest {
    @Test void adds() { Assertions.assertEquals(4, 2 + 2); }
    @Test void divides() { Assertions.assertEquals(2.5, 5 / 2.0); }
    @Test void failsOnPurpose() { Assertions.assertEquals(5, 2 + 2, "two and two"); }
}
var junit = new SummaryGeneratingListener();
LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(DiscoverySelectors.selectClass(CalculatorTest.class)).build(), junit);
System.out.println(junit.getSummary().getTestsFoundCount() + " tests, " + junit.getSummary().getTestsSucceededCount()
        + " passed, " + junit.getSummary().getTestsFailedCount() + " failed");
junit.getSummary().getFailures().forEach(f -> System.out.println(f.getTestIdentifier().getDisplayName() + ": " + f.getException().getMessage()));
''',
            shows=("3 tests, 2 passed, 1 failed\nfailsOnPurpose(): two and two ==> expected: <5> but was: <4>\n",)),

    # --- data frames, statistics and ML, charts -------------------------------------------------------
    Library("tablesaw_reads_csv_and_summarizes_by_group",
            "tech.tablesaw:tablesaw-core:0.44.4",
            r'''
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;
import tech.tablesaw.aggregate.AggregateFunctions;
String citiesCsv = "city,country,people\nOslo,NO,709000\nBergen,NO,291000\nStockholm,SE,984000\nGothenburg,SE,604000\n";
Table cities = Table.read().usingOptions(CsvReadOptions.builder(new StringReader(citiesCsv)).tableName("cities"));
System.out.println(cities.shape());
System.out.println(cities.summarize("people", AggregateFunctions.sum, AggregateFunctions.mean).by("country"));
System.out.println(cities.sortDescendingOn("people").first(1).getString(0, "city"));
''',
            shows=("cities: 4 rows X 3 cols\n", " country  |  Sum [people]  |  Mean [people]  |\n",
                   "      NO  |       1000000  |         500000  |\n      SE  |       1588000  |         794000  |\nStockholm\n")),

    Library("commons_math3_fits_a_regression_and_clusters_points",
            "org.apache.commons:commons-math3:3.6.1",
            r'''
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;
var regression = new SimpleRegression();
regression.addData(new double[][] {{1, 2.1}, {2, 3.9}, {3, 6.2}, {4, 7.8}, {5, 10.1}});
System.out.printf(Locale.ROOT, "y = %.3f x + %.3f, r2 = %.4f%n", regression.getSlope(), regression.getIntercept(), regression.getRSquare());
var clusterer = new KMeansPlusPlusClusterer<DoublePoint>(2, 100, new EuclideanDistance(), new JDKRandomGenerator(7));
var clusters = clusterer.cluster(List.of(new DoublePoint(new double[] {1.0}), new DoublePoint(new double[] {1.2}),
        new DoublePoint(new double[] {0.8}), new DoublePoint(new double[] {10.0}), new DoublePoint(new double[] {10.5})));
System.out.println(clusters.stream().map(c -> c.getPoints().size()).sorted().toList());
''',
            shows=("y = 1.990 x + 0.050, r2 = 0.9973\n[2, 3]\n",)),

    Library("xchart_renders_a_chart_as_the_cells_png",
            "org.knowm.xchart:xchart:3.8.8",
            r'''
import org.knowm.xchart.QuickChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.BitmapEncoder;
XYChart growth = QuickChart.getChart("Growth", "year", "people", "Oslo", new double[] {2000, 2010, 2020}, new double[] {507, 586, 693});
var growthImage = BitmapEncoder.getBufferedImage(growth);
System.out.println(growthImage.getWidth() + "x" + growthImage.getHeight());
growth
''',
            shows=("600x400\n",), png=(600, 400)),

    Library("jfreechart_draws_a_bar_chart_image",
            "org.jfree:jfreechart:1.5.5",
            r'''
import org.jfree.chart.ChartFactory;
import org.jfree.data.category.DefaultCategoryDataset;
var bars = new DefaultCategoryDataset();
bars.addValue(709, "people", "Oslo");
bars.addValue(291, "people", "Bergen");
bars.addValue(213, "people", "Trondheim");
var barImage = ChartFactory.createBarChart("Cities", "city", "thousands", bars).createBufferedImage(480, 320);
System.out.println(barImage.getWidth() + "x" + barImage.getHeight());
barImage
''',
            shows=("480x320\n",), png=(480, 320)),

    # --- general-purpose utilities --------------------------------------------------------------------
    Library("guava_splits_indexes_hashes_and_caches",
            "com.google.guava:guava:33.4.8-jre",
            r'''
import com.google.common.base.Splitter;
import com.google.common.collect.Multimaps;
import com.google.common.hash.Hashing;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import java.nio.charset.StandardCharsets;
List<String> words = Splitter.on(',').trimResults().omitEmptyStrings().splitToList("fjord, glacier,, fell ,fjell");
System.out.println(Multimaps.index(words, String::length));
System.out.println(Hashing.sha256().hashString("jaudit", StandardCharsets.UTF_8).toString().substring(0, 16));
var lengths = CacheBuilder.newBuilder().maximumSize(10).recordStats().build(CacheLoader.from(String::length));
lengths.getUnchecked("fjord");
lengths.getUnchecked("fjord");
System.out.println(lengths.stats().hitCount() + " hit, " + lengths.stats().missCount() + " miss");
''',
            shows=("{5=[fjord, fjell], 7=[glacier], 4=[fell]}\n49c5f64995410a1a\n1 hit, 1 miss\n",)),

    Library("caffeine_loading_cache_counts_hits_and_misses",
            "com.github.ben-manes.caffeine:caffeine:3.2.2",
            r'''
import com.github.benmanes.caffeine.cache.Caffeine;
var squares = Caffeine.newBuilder().maximumSize(100).recordStats().build((Integer n) -> n * n);
System.out.println(squares.get(12) + " " + squares.get(12) + " " + squares.getAll(List.of(2, 3)));
System.out.println(squares.stats().hitCount() + " hit, " + squares.stats().missCount() + " misses");
''',
            shows=("144 144 {2=4, 3=9}\n1 hit, 3 misses\n",)),

    Library("commons_lang3_string_utilities_and_reflection_to_string",
            "org.apache.commons:commons-lang3:3.17.0",
            r'''
import org.apache.commons.lang3.StringUtils;
import org.apache.commons.lang3.builder.ToStringBuilder;
import org.apache.commons.lang3.builder.ToStringStyle;
class Pier { String harbour = "Bergen"; int berths = 12; }
System.out.println(StringUtils.abbreviate("Geirangerfjord", 10) + " " + StringUtils.capitalize("oslo") + " "
        + StringUtils.leftPad("7", 3, '0') + " " + StringUtils.getLevenshteinDistance("fjord", "fjell"));
System.out.println(ToStringBuilder.reflectionToString(new Pier(), ToStringStyle.NO_CLASS_NAME_STYLE));
''',
            shows=("Geirang... Oslo 007 3\n[berths=12,harbour=Bergen]\n",)),

    Library("classgraph_scans_a_package_of_a_jar_from_maven",
            "io.github.classgraph:classgraph:4.8.180",
            r'''
import io.github.classgraph.ClassGraph;
try (var scan = new ClassGraph().enableClassInfo().acceptPackages("io.github.classgraph").scan()) {
    System.out.println(scan.getAllClasses().size() + " classes, from "
            + scan.getClasspathURIs().stream().filter(u -> u.toString().endsWith("/classgraph-4.8.180.jar")).count() + " classgraph jar");
    System.out.println(scan.getClassesImplementing("java.lang.Comparable").getNames());
}
''',
            shows=("63 classes, from 1 classgraph jar\n[io.github.classgraph.AnnotationEnumValue, io.github.classgraph.AnnotationInfo, "
                   "io.github.classgraph.AnnotationParameterValue, io.github.classgraph.ArrayClassInfo, "
                   "io.github.classgraph.ClassInfo, io.github.classgraph.FieldInfo, io.github.classgraph.MethodInfo, "
                   "io.github.classgraph.ModuleInfo, io.github.classgraph.ModuleRef, io.github.classgraph.PackageInfo, "
                   "io.github.classgraph.Resource]\n",)),
]


def notebook_kernel(name, folder):
    """A kernel started from the installed kernelspec (so under its default policy) in a folder of its own,
    as a notebook's kernel starts in the notebook's folder."""
    return Kernel(name, cwd=folder)


@pytest.fixture(scope="module", params=KERNELS)
def notebook(request, tmp_path_factory):
    k = notebook_kernel(request.param, tmp_path_factory.mktemp("notebook"))
    yield k
    k.stop()


FJORDS_HTML = b"<html><head><title>Fjords</title></head><body><ul><li>Sognefjord</li><li>Hardangerfjord</li></ul></body></html>"


class Pages(http.server.BaseHTTPRequestHandler):
    """/hello?name=X answers "hello X" as text; /fjords.html is a small page."""

    def do_GET(self):
        if self.path.startswith("/hello?name="):
            self.answer("text/plain; charset=utf-8", ("hello " + self.path.split("=", 1)[1]).encode())
        elif self.path == "/fjords.html":
            self.answer("text/html; charset=utf-8", FJORDS_HTML)
        else:
            self.send_error(404)

    def answer(self, content_type, body):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1]
    httpd.shutdown()


def streams(outputs):
    return "".join(m["content"]["text"] for m in kinds(outputs, "stream"))


def png_size(data):
    raw = base64.b64decode(data)
    assert raw[:8] == b"\x89PNG\r\n\x1a\n", raw[:16]
    return struct.unpack(">II", raw[16:24])


DENIAL_LINE = re.compile(r"^jaudit: \d+ denials? during this cell.*$", re.M)


@pytest.mark.parametrize("library", LIBRARIES, ids=[library.name for library in LIBRARIES])
def test_a_library_from_maven_central_works_in_a_cell_as_on_a_plain_jvm(notebook, server, library):
    metadata = {"audit": {"allow": list(library.allow)}} if library.allow else {}
    reply, outputs = execute(notebook, f"%maven {library.maven}", timeout=600)
    assert reply["status"] == "ok", (f"%maven {library.maven} failed (no download from Maven Central?): "
                                     f"{reply['ename']}: {reply['evalue']}\n{streams(outputs)}")

    reply, outputs = execute(notebook, library.code.replace("{port}", str(server)), metadata, timeout=180)
    text = streams(outputs)
    assert reply["status"] == "ok", (f"{reply['ename']}: {reply['evalue']}\n--- traceback:\n"
                                     + "\n".join(reply.get("traceback", [])) + f"\n--- output:\n{text}")
    position = 0
    for expected in library.shows:
        found = text.find(expected, position)
        assert found >= 0, f"expected {expected!r} in the output, in order; the cell showed:\n{text}"
        position = found + len(expected)
    assert not DENIAL_LINE.search(text), f"the library met a denial it swallowed:\n{text}"
    if library.png:
        shown = [m["content"]["data"] for m in kinds(outputs, "execute_result", "display_data")]
        pngs = [d["image/png"] for d in shown if "image/png" in d]
        assert pngs, f"no image/png among {[list(d) for d in shown]}"
        assert png_size(pngs[0]) == library.png


SQLITE = next(library for library in LIBRARIES if library.name.startswith("sqlite"))


@pytest.mark.parametrize("kernel_name", KERNELS)
def test_a_libraries_native_code_is_denied_with_one_line_naming_the_rules_that_make_it_work(kernel_name,
                                                                                            tmp_path_factory):
    # A library that extracts and loads its own native code is what the guard is for; the denial must
    # tell the user, in its "to allow" line, every rule the library needs, good for the next run too.
    denied = notebook_kernel(kernel_name, tmp_path_factory.mktemp("sqlite-denied"))
    try:
        reply, outputs = execute(denied, f"%maven {SQLITE.maven}", timeout=600)
        assert reply["status"] == "ok", f"%maven {SQLITE.maven} failed: {reply.get('evalue')}\n{streams(outputs)}"
        reply, _ = execute(denied, SQLITE.code)
    finally:
        denied.stop()
    assert reply["status"] == "error"
    text = "\n".join(reply["traceback"])
    assert "Audit: native.load blocked by the audit policy with args: [/tmp/sqlite-" in text, text
    to_allow = [line for line in text.splitlines() if line.strip().startswith("to allow: ")]
    assert len(to_allow) == 1, text
    assert re.search(r'\{"event": "native\.load", "args": \["/tmp/sqlite-[0-9.]+-\*-libsqlitejdbc\.so"\]\} and, '
                     r'for the calls into it, \{"event": "native\.call", "callee": "org\.sqlite\.\*"\} to "allow"',
                     to_allow[0]), to_allow[0]
    rules = [json.loads(rule) for rule in re.findall(r'\{"event": [^{}]*\}', to_allow[0])]

    allowed = notebook_kernel(kernel_name, tmp_path_factory.mktemp("sqlite-allowed"))
    try:
        execute(allowed, f"%maven {SQLITE.maven}", timeout=600)
        reply, outputs = execute(allowed, SQLITE.code, {"audit": {"allow": rules}})
    finally:
        allowed.stop()
    assert reply["status"] == "ok", (reply.get("evalue"), streams(outputs))
    assert SQLITE.shows[0] in streams(outputs)

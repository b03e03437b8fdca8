"""Dependencies from Maven Central with %maven, %mavenRepo and %%loadFromPOM, judged under the host's
`maven` policy. Each kernel gets settings and a local repository of its own through MAVEN_ARGS, as
mvn reads them, so its local repository starts empty and the first resolution really downloads."""
import hashlib
import json
import os
import shutil

import pytest

from audit_kernel import build_jar, execute
from conftest import KERNELS, Kernel, kinds, stdout

CSV = "org.apache.commons:commons-csv:1.14.1"
CENTRAL = "https://repo.maven.apache.org/maven2/"


class HomeKernel(Kernel):
    """A kernel whose Maven settings and local repository are under a folder of the test's."""

    def __init__(self, name, home, cwd):
        maven_args = f"-s {settings_file(home)} -Dmaven.repo.local={local_repository(home)}"
        super().__init__(name, cwd, env={**os.environ, "MAVEN_ARGS": maven_args})


def local_repository(home):
    return home / ".m2" / "repository"


def settings_file(home):
    return home / ".m2" / "settings.xml"


def file_repository(root, coordinate, jar):
    """A Maven repository in a folder holding one artifact (its POM and `jar`, with their SHA-1 checksums);
    returns its `file:` URL."""
    group, artifact, version = coordinate.split(":")
    folder = root.joinpath(*group.split("."), artifact, version)
    folder.mkdir(parents=True)
    base = f"{artifact}-{version}"
    (folder / f"{base}.pom").write_text(f"<project><modelVersion>4.0.0</modelVersion><groupId>{group}</groupId>"
                                        f"<artifactId>{artifact}</artifactId><version>{version}</version></project>\n")
    shutil.copyfile(jar, folder / f"{base}.jar")
    for name in (f"{base}.pom", f"{base}.jar"):
        (folder / f"{name}.sha1").write_text(hashlib.sha1((folder / name).read_bytes()).hexdigest())
    return root.as_uri() + "/"


def greeter_repository(kernel_name, tmp_path, group):
    """A file repository with `group`:greeter:1.0, whose class `group`.Greeter has greet(who)."""
    package = group.replace(".", "/")
    jar = build_jar(kernel_name, tmp_path / "greeter", {
        f"{package}/Greeter.java": f"package {group};\n"
                                   "public class Greeter { public static String greet(String who) { return \"hello \" + who; } }\n"})
    return file_repository(tmp_path / "repository", f"{group}:greeter:1.0", jar)


@pytest.fixture(scope="module", params=KERNELS)
def maven(request, tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    work = tmp_path_factory.mktemp("work")
    k = HomeKernel(request.param, home, work)
    k.home, k.work = home, work
    yield k
    k.stop()


def test_maven_resolves_an_artifact_with_its_dependencies_and_later_cells_use_it(maven):
    reply, outputs = maven.run(f"// the CSV library first\n%maven {CSV}\n"
                               "import org.apache.commons.csv.*;\n"
                               "var rows = CSVFormat.DEFAULT.builder().setHeader().build()"
                               ".parse(new StringReader(\"city,people\\nOslo,709000\\n\")).getRecords();\n"
                               "rows.get(0).get(\"city\")", timeout=240)
    assert reply["status"] == "ok", reply
    text = stdout(outputs)
    assert f"Downloaded {CSV}" in text and "from central" in text
    assert "commons-io:commons-io" in text and "commons-codec:commons-codec" in text
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == '"Oslo"'
    assert (local_repository(maven.home) / "org/apache/commons/commons-csv/1.14.1/commons-csv-1.14.1.jar").exists()
    reply, outputs = maven.run("%audit")
    assert "commons-csv-1.14.1.jar" in kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"]
    assert f"%maven {CSV}" in kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"]


def test_maven_code_runs_under_the_cells_policy(maven):
    maven.run(f"%maven {CSV}", timeout=240)
    reply, _ = maven.run('org.apache.commons.io.FileUtils.writeStringToFile(new File("/etc/jaudit-maven.txt"), "x", '
                         '"UTF-8")')
    assert reply["status"] == "error"
    assert reply["evalue"].startswith("Audit: file.write blocked")


def test_conflicting_versions_are_mediated_nearest_first_and_reported(maven):
    reply, outputs = maven.run(f"%maven {CSV} commons-io:commons-io:2.11.0", timeout=240)
    assert reply["status"] == "ok", reply
    assert "Version conflict: commons-io:commons-io: 2.11.0 chosen" in stdout(outputs)


def test_load_from_pom_takes_a_dependencies_block(maven):
    reply, outputs = maven.run("%%loadFromPOM\n<dependencies>\n  <dependency>\n"
                               "    <groupId>org.apache.commons</groupId>\n    <artifactId>commons-lang3</artifactId>\n"
                               "    <version>3.17.0</version>\n  </dependency>\n</dependencies>", timeout=240)
    assert reply["status"] == "ok", reply
    reply, outputs = maven.run('org.apache.commons.lang3.StringUtils.capitalize("pom")')
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == '"Pom"'


def test_load_from_pom_takes_bare_repository_elements_before_the_dependencies_as_beams_notebooks_do(maven, tmp_path):
    url = greeter_repository(maven.name, tmp_path, "org.example.beamstyle")
    cell = ("%%loadFromPOM\n"
            f"<repository>\n  <id>notebook-libs</id>\n  <url>{url}</url>\n</repository>\n"
            "<dependency>\n  <groupId>org.example.beamstyle</groupId>\n  <artifactId>greeter</artifactId>\n"
            "  <version>1.0</version>\n</dependency>\n"
            "<dependency>\n  <groupId>org.apache.commons</groupId>\n  <artifactId>commons-csv</artifactId>\n"
            "  <version>1.14.1</version>\n</dependency>\n")
    reply, outputs = execute(maven, cell, {"audit": {"maven": [CENTRAL + "*", "local", url + "*"]}}, timeout=240)
    assert reply["status"] == "ok", reply
    assert "Downloaded org.example.beamstyle:greeter:1.0 (" in stdout(outputs)
    assert "from notebook-libs" in stdout(outputs)
    assert "Added to the class path: org.example.beamstyle:greeter:1.0, org.apache.commons:commons-csv:1.14.1" \
        in stdout(outputs)
    reply, outputs = maven.run("org.example.beamstyle.Greeter.greet(org.apache.commons.csv.CSVFormat.RFC4180"
                               ".getDelimiterString())")
    assert reply["status"] == "ok", reply
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == '"hello ,"'


def test_a_repository_a_pom_fragment_declares_is_judged_before_it_is_used(maven, tmp_path):
    url = greeter_repository(maven.name, tmp_path, "org.example.judged")
    # JJava's other form: an XML declaration, a comment, then the blocks, dependencies first.
    cell = ("%%loadFromPOM\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- the greeter, from its own repository -->\n"
            "<dependencies>\n  <dependency>\n    <groupId>org.example.judged</groupId>\n"
            "    <artifactId>greeter</artifactId>\n    <version>1.0</version>\n  </dependency>\n</dependencies>\n"
            f"<repositories>\n  <repository>\n    <id>judged</id>\n    <url>{url}</url>\n  </repository>\n"
            "</repositories>\n")
    # The kernel's own maven list: Central and the local repository.
    reply, _ = maven.run(cell)
    assert reply["status"] == "error"
    assert reply["evalue"].startswith("Audit: dependency.resolve blocked by the audit policy with args: "
                                      f"[jaudit:loadFromPOM:pom:0, {url}]"), reply["evalue"]
    assert not (local_repository(maven.home) / "org/example/judged").exists()
    reply, _ = maven.run("org.example.judged.Greeter.class")
    assert reply["status"] == "error" and reply["ename"] == "CompilationError"

    reply, outputs = execute(maven, cell, {"audit": {"maven": [CENTRAL + "*", "local", url + "*"]}}, timeout=240)
    assert reply["status"] == "ok", reply
    assert "Added to the class path: org.example.judged:greeter:1.0" in stdout(outputs)
    reply, outputs = maven.run('org.example.judged.Greeter.greet("judged")')
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == '"hello judged"'


def test_a_malformed_pom_fragment_says_what_is_wrong_and_adds_nothing(maven):
    reply, _ = maven.run("%%loadFromPOM\n<repository>\n  <id>confluent</id>\n"
                         "<dependency><groupId>org.apache.commons</groupId><artifactId>commons-collections4</artifactId>"
                         "<version>4.4</version></dependency>\n")
    assert reply["status"] == "error" and reply["ename"] == "ResolutionError"
    assert reply["evalue"].startswith("%%loadFromPOM: The POM is not well-formed XML: line "), reply["evalue"]
    assert 'The element type "repository" must be terminated by the matching end-tag "</repository>"' in reply["evalue"]
    assert not (local_repository(maven.home) / "org/apache/commons/commons-collections4").exists()
    reply, _ = maven.run("%%loadFromPOM\n<dependency><groupId>org.apache.commons</groupId></dependency>\ncommons-collections4")
    assert reply["status"] == "error" and reply["ename"] == "ResolutionError"
    assert reply["evalue"] == ("%%loadFromPOM: The POM is not well-formed XML: line 2, column 1: "
                               "text outside any element: 'commons-collections4'")
    reply, _ = maven.run("org.apache.commons.collections4.Bag.class")
    assert reply["status"] == "error" and reply["ename"] == "CompilationError"


def test_a_bad_coordinate_fails_naming_it_and_adds_nothing(maven):
    reply, _ = maven.run("%maven commons-csv")
    assert reply["status"] == "error" and reply["ename"] == "ResolutionError"
    assert "'commons-csv'" in reply["evalue"] and "groupId:artifactId:version" in reply["evalue"]
    reply, _ = maven.run("%maven org.example.nothing:no-such-artifact:9.9.9", timeout=120)
    assert reply["status"] == "error" and reply["ename"] == "ResolutionError"
    assert "org.example.nothing:no-such-artifact:9.9.9" in reply["evalue"]


def test_an_unreachable_repository_fails_naming_the_coordinate_and_the_repository(maven):
    # A kernel of its own: the repository stays in its session.
    k = HomeKernel(maven.name, maven.home, maven.work)
    try:
        dead = {"maven": ["https://repo.maven.apache.org/maven2*", "http://127.0.0.1:9/*", "local"]}
        reply, outputs = execute(k, "%mavenRepo dead http://127.0.0.1:9/repo", {"audit": dead})
        assert reply["status"] == "ok", reply
        assert "dead http://127.0.0.1:9/repo" in stdout(outputs)
        reply, _ = execute(k, "%maven org.example.only.there:lib:1.0", {"audit": dead}, timeout=120)
        assert reply["status"] == "error" and reply["ename"] == "ResolutionError"
        assert "org.example.only.there:lib" in reply["evalue"] and "127.0.0.1:9" in reply["evalue"]
        reply, _ = k.run("org.example.only.there.Lib.class")
        assert reply["status"] == "error" and reply["ename"] == "CompilationError"
        reply, _ = k.run("%maven org.example.only.there:lib:1.0")
        assert reply["status"] == "error"
        assert reply["evalue"].startswith("Audit: dependency.resolve blocked by the audit policy with args: "
                                          "[org.example.only.there:lib:1.0, http://127.0.0.1:9/repo]"), reply["evalue"]
    finally:
        k.stop()


def test_an_empty_maven_policy_refuses_resolution_as_a_denial_before_any_download(maven, tmp_path):
    log = tmp_path / "audit.jsonl"
    policy = {"maven": [], "roots": ["."], "log": str(log)}
    reply, _ = execute(maven, "%maven org.apache.commons:commons-text:1.13.0", {"audit": policy})
    assert reply["status"] == "error"
    assert reply["evalue"].startswith("Audit: dependency.resolve blocked by the audit policy with args: "
                                      f"[org.apache.commons:commons-text:1.13.0, {CENTRAL}]")
    assert "to allow: add the repository URL" in reply["evalue"]
    assert not (local_repository(maven.home) / "org/apache/commons/commons-text").exists()
    record = json.loads(log.read_text().splitlines()[-1])
    assert record["event"] == "dependency.resolve" and record["decision"] == "denied"
    assert record["args"] == ["org.apache.commons:commons-text:1.13.0", CENTRAL]
    assert record["frame"] == f"In[{reply['execution_count']}], line 1"


def test_the_person_can_allow_a_refused_resolution_when_asked(maven):
    prompts = []

    def answer(msg):
        prompts.append(msg["content"]["prompt"])
        maven.kc.input("o")
    reply, _ = execute(maven, "%maven org.json:json:20240303", {"audit": {"maven": [], "ask": True}},
                       allow_stdin=True, stdin_hook=answer, timeout=240)
    assert reply["status"] == "ok", reply
    assert prompts and all(p.startswith("Audit: dependency.resolve blocked") and "[o]nce" in p for p in prompts)
    reply, outputs = maven.run('new org.json.JSONObject("{\\"a\\": 1}").getInt("a")')
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "1"


def test_coordinate_patterns_apply_to_every_artifact_of_the_graph(maven):
    policy = {"maven": ["https://repo.maven.apache.org/maven2*", "local", "org.apache.commons:*"]}
    reply, _ = execute(maven, "%maven org.apache.commons:commons-text:1.13.0", {"audit": policy}, timeout=240)
    assert reply["status"] == "ok", reply
    reply, _ = execute(maven, "%maven com.google.code.gson:gson:2.11.0", {"audit": policy}, timeout=240)
    assert reply["status"] == "error"
    assert "com.google.code.gson:gson:2.11.0 matches no coordinate pattern" in reply["evalue"]


def test_an_allow_rule_lets_one_artifact_through_an_empty_maven_list(maven):
    policy = {"maven": [], "allow": [{"event": "dependency.resolve", "args": ["org.apache.commons:commons-csv:*"]}]}
    reply, _ = execute(maven, f"%maven {CSV}", {"audit": policy}, timeout=240)
    assert reply["status"] == "error"
    assert "commons-io:commons-io" in reply["evalue"]
    policy["allow"].append({"event": "dependency.resolve", "args": ["commons-*"]})
    reply, _ = execute(maven, f"%maven {CSV}", {"audit": policy}, timeout=240)
    assert reply["status"] == "ok", reply


def test_a_maven_policy_naming_artifacts_but_no_repository_is_refused(maven):
    reply, _ = execute(maven, "1", {"audit": {"maven": ["org.apache.commons:*"]}})
    assert reply["status"] == "error" and reply["ename"] == "AuditPolicyError"
    assert "'maven'" in reply["evalue"] and "no repository" in reply["evalue"]


def test_offline_settings_serve_what_the_local_repository_has_without_the_network(maven, tmp_path):
    maven.run(f"%maven {CSV}", timeout=240)
    settings = settings_file(maven.home)
    settings.parent.mkdir(exist_ok=True)
    settings.write_text("<settings><offline>true</offline></settings>")
    try:
        offline = HomeKernel(maven.name, maven.home, maven.work)
        try:
            reply, outputs = offline.run(f"%maven {CSV}\norg.apache.commons.csv.CSVFormat.RFC4180.getDelimiterString()")
            assert reply["status"] == "ok", reply
            assert "Downloaded" not in stdout(outputs)
            assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == '","'
            reply, _ = offline.run("%maven org.apache.commons:commons-math3:3.6.1")
            assert reply["status"] == "error" and "org.apache.commons:commons-math3:3.6.1" in reply["evalue"]
            assert "offline" in reply["evalue"]
        finally:
            offline.stop()
    finally:
        settings.unlink()


def test_an_xchart_chart_from_maven_shows_as_png_with_no_glue(maven):
    reply, outputs = maven.run("%maven org.knowm.xchart:xchart:3.8.8\n"
                               "var chart = new org.knowm.xchart.XYChartBuilder().width(320).height(200).title(\"squares\").build();\n"
                               "chart.addSeries(\"n²\", new double[] {1, 2, 3}, new double[] {1, 4, 9});\n"
                               "chart", timeout=300)
    assert reply["status"] == "ok", reply
    data = kinds(outputs, "execute_result")[0]["content"]["data"]
    import base64
    assert base64.b64decode(data["image/png"]).startswith(b"\x89PNG")
    assert data["text/plain"] == "<XYChart 320x200>"

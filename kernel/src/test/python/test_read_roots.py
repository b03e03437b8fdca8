"""`read_roots`: for hosts that keep secrets on disk, reads and folder listings are limited to the read
roots, the write roots and the places the JVM reads for itself. Without the key reads are allowed,
as before."""
import struct
import zlib

import pytest

from audit_kernel import HELPERS, build_jar, java_path, results, start_policy_kernel
from conftest import KERNELS, kinds


@pytest.fixture(scope="module", params=KERNELS)
def guarded(request, tmp_path_factory):
    base = tmp_path_factory.mktemp("read-roots")
    kernel = start_policy_kernel(request.param, base, "read-roots",
                                 {"enabled": True, "roots": ["."], "read_roots": [str(base / "shared")]},
                                 ("project", "shared", "secrets"))
    (kernel.shared / "data.csv").write_text("a,b\n1,2\n")
    (kernel.secrets / "token.txt").write_text("s3cret")
    reply, _ = kernel.run(HELPERS)
    assert reply["status"] == "ok", reply
    yield kernel
    kernel.stop()


def test_reading_or_listing_outside_the_read_roots_is_denied_by_every_route(guarded):
    token = java_path(guarded.secrets / "token.txt")
    folder = java_path(guarded.secrets)
    got = results(guarded,
                  f'attempt(() -> Files.readString(Path.of("{token}")))',
                  f'attempt(() -> Files.readAllBytes(Path.of("{token}")))',
                  f'attempt(() -> new FileInputStream("{token}").read())',
                  f'attempt(() -> new RandomAccessFile("{token}", "r").read())',
                  f'attempt(() -> new Scanner(new File("{token}")).next())',
                  f'attempt(() -> Files.newBufferedReader(Path.of("{token}")).readLine())',
                  f'attempt(() -> java.nio.channels.FileChannel.open(Path.of("{token}")).size())',
                  f'attempt(() -> new File("{folder}").list())',
                  f'attempt(() -> new File("{folder}").listFiles())',
                  f'attempt(() -> {{ try (var s = Files.list(Path.of("{folder}"))) {{ return s.count(); }} }})',
                  f'attempt(() -> {{ try (var s = Files.walk(Path.of("{folder}"))) {{ return s.count(); }} }})',
                  f'inThread(() -> Files.readString(Path.of("{token}")))',
                  f'inPool(() -> Files.readString(Path.of("{token}")))')
    assert got == ["denied"] * 13


def test_a_denied_read_says_which_key_allows_it(guarded):
    reply, _ = guarded.run(f'Files.readString(Path.of("{java_path(guarded.secrets / "token.txt")}"))')
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"
    assert reply["evalue"].startswith(f"Audit: file.read blocked by the audit policy with args: [{guarded.secrets / 'token.txt'}, read]")
    assert 'add the folder to "read_roots"' in reply["evalue"]


def test_the_read_roots_the_write_roots_and_what_the_jvm_reads_for_itself_stay_readable(guarded):
    code = f"""
var rows = Files.readAllLines(Path.of("{java_path(guarded.shared / "data.csv")}"));
Files.writeString(Path.of("mine.txt"), "written here");
var own = Files.readString(Path.of("mine.txt"));
var zone = java.time.ZonedDateTime.now(java.time.ZoneId.of("Asia/Tokyo")).getZone();
var random = new java.security.SecureRandom().nextInt(1) == 0;
var img = new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);
img.createGraphics().drawString("x", 0, 3);
var png = new ByteArrayOutputStream();
javax.imageio.ImageIO.write(img, "png", png);
record Row(String a, String b) {{}}
List.of(rows.size(), own, zone, random, png.size() > 0, new Row("1", "2"))
"""
    reply, outputs = guarded.run(code)
    assert reply["status"] == "ok", reply
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == \
        '[2, written here, Asia/Tokyo, true, true, Row[a=1, b=2]]'
    assert not [m for m in kinds(outputs, "stream") if "denial" in m["content"]["text"]]


def test_typed_declarations_held_in_one_class_run_under_roots_that_leave_out_the_temp_dir(guarded):
    reply, outputs = guarded.run('int first = 1;\nString second = "two";\nList<Integer> third = List.of(first, 3);\n'
                                 'second + third')
    assert reply["status"] == "ok", reply
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == '"two[1, 3]"'
    reply, outputs = guarded.run("third.size() + first")
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "3"
    assert not [m for m in kinds(outputs, "stream") if "denial" in m["content"]["text"]]


def test_dependencies_from_the_local_maven_repository_load_under_read_roots(guarded):
    reply, outputs = guarded.run("%maven org.apache.commons:commons-lang3:3.17.0")
    assert reply["status"] == "ok", reply
    reply, outputs = guarded.run('org.apache.commons.lang3.StringUtils.reverse("abc")')
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == '"cba"'


@pytest.fixture(scope="module", params=KERNELS)
def unlimited(request, tmp_path_factory):
    base = tmp_path_factory.mktemp("no-read-roots")
    (base / "elsewhere.txt").write_text("readable")
    kernel = start_policy_kernel(request.param, base, "no-read-roots", {"enabled": True, "roots": ["."]})
    yield kernel
    kernel.stop()


def test_without_read_roots_reads_anywhere_are_allowed(unlimited):
    reply, outputs = unlimited.run(f'Files.readString(Path.of("{java_path(unlimited.base / "elsewhere.txt")}"))')
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == '"readable"'


def test_a_jar_outside_the_read_roots_cannot_join_the_class_path_and_one_inside_can(guarded):
    source = {"com/example/secret/Token.java":
              'package com.example.secret; public class Token { public static String value() { return "s3cret"; } }'}
    hidden = build_jar(guarded.base_name, guarded.secrets / "lib", source)
    shared = build_jar(guarded.base_name, guarded.shared / "lib", source)
    reply, _ = guarded.run(f"%jars {java_path(hidden)}")
    assert reply["status"] == "error"
    assert reply["evalue"].startswith(f"Audit: file.read blocked by the audit policy with args: [{hidden}, class path]"), reply
    assert 'add the folder to "read_roots"' in reply["evalue"]
    assert guarded.run("com.example.secret.Token.value()")[0]["status"] == "error"
    reply, _ = guarded.run(f"%jars {java_path(shared)}")
    assert reply["status"] == "ok", reply
    assert guarded.value("com.example.secret.Token.value()") == '"s3cret"'


def png(width, height):
    """A grey PNG of the given size."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_an_image_loaded_on_the_jdks_fetcher_thread_is_read_under_the_asking_cells_read_roots(guarded):
    (guarded.shared / "dot.png").write_bytes(png(3, 2))
    (guarded.secrets / "dot.png").write_bytes(png(3, 2))
    secret, shared = java_path(guarded.secrets / "dot.png"), java_path(guarded.shared / "dot.png")
    got = results(guarded,
                  f'attempt(() -> new javax.swing.ImageIcon("{secret}"))',
                  f'attempt(() -> java.awt.Toolkit.getDefaultToolkit().getImage("{secret}"))',
                  f'attempt(() -> java.awt.Toolkit.getDefaultToolkit().createImage("{secret}"))',
                  f'attempt(() -> new javax.swing.ImageIcon(new File("{secret}").toURI().toURL()))',
                  f'"" + new javax.swing.ImageIcon("{shared}").getIconWidth()',
                  f'"" + new javax.swing.ImageIcon(new File("{shared}").toURI().toURL()).getIconHeight()')
    assert got == ["denied", "denied", "denied", "denied", "3", "2"]


def test_what_an_image_fetch_reads_through_its_own_url_handler_is_judged_under_the_cell_that_asked(guarded):
    secret = java_path(guarded.secrets / "token.txt")
    reply, outputs = guarded.run(f"""
var fetched = new LinkedBlockingQueue<String>();
var handler = new java.net.URLStreamHandler() {{
    protected java.net.URLConnection openConnection(java.net.URL u) {{
        return new java.net.URLConnection(u) {{
            public void connect() {{}}
            public InputStream getInputStream() throws IOException {{
                fetched.add(Thread.currentThread().getName() + ": " + attempt(() -> Files.readString(Path.of("{secret}"))));
                throw new IOException("no image here");
            }}
        }};
    }}
}};
var icon = new javax.swing.ImageIcon(new java.net.URL(null, "custom:picture", handler));
fetched.take() + " / " + icon.getImageLoadStatus()""")
    assert reply["status"] == "ok", reply
    got = kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"]
    assert got.startswith('"Image Fetcher') and got.endswith(': denied / 4"')

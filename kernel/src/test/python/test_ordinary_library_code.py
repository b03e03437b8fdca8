"""No false alarm on what ordinary libraries do under an audited policy: the JDK's per-user folder made
on a fresh machine, writes that change no file, the JDK's networking properties, shutdown hooks. Each
kernel has a home of its own that has never seen a JVM, as a new user's machine has."""
import time

import pytest

from audit_kernel import HELPERS, java_path, results, start_policy_kernel
from conftest import KERNELS, kinds


@pytest.fixture(scope="module", params=KERNELS)
def fresh_home(request, tmp_path_factory):
    base = tmp_path_factory.mktemp("ordinary")
    kernel = start_policy_kernel(request.param, base, "ordinary", {"enabled": True, "roots": ["."]},
                                 ("project", "home", "outside"), [f"-Duser.home={base / 'home'}"])
    reply, _ = kernel.run(HELPERS)
    assert reply["status"] == "ok", reply
    yield kernel
    kernel.stop()


def value(kernel, code):
    """The cell's result; it must meet no denial, not even one a library swallowed."""
    reply, outputs = kernel.run(code)
    assert reply["status"] == "ok", reply
    assert not [m for m in kinds(outputs, "stream") if "denial" in m["content"]["text"]], outputs
    return kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"]


def test_text_drawn_on_a_fresh_machine_makes_the_jdks_font_cache_without_a_denial(fresh_home):
    assert not (fresh_home.home / ".java").exists()
    got = value(fresh_home, "var img = new java.awt.image.BufferedImage(40, 10, java.awt.image.BufferedImage.TYPE_INT_RGB);\n"
                            'img.createGraphics().drawString("hello", 0, 9);\nimg.getWidth()')
    assert got == "40"
    assert list((fresh_home.home / ".java" / "fonts").rglob("*.properties"))


def test_user_preferences_are_read_and_stored_in_the_jdks_own_folder(fresh_home):
    got = value(fresh_home, 'var prefs = Preferences.userRoot().node("jaudit-spec");\n'
                            'var before = prefs.get("theme", "light");\n'
                            'prefs.put("theme", "dark");\nprefs.flush();\n'
                            'before + " " + prefs.get("theme", "light")')
    assert got == '"light dark"'
    assert (fresh_home.home / ".java" / ".userPrefs" / "jaudit-spec" / "prefs.xml").exists()


def test_a_cell_still_may_not_write_in_the_jdks_folder_by_its_own_choice(fresh_home):
    target = fresh_home.home / ".java" / "mine.txt"
    assert results(fresh_home, f'attempt(() -> Files.writeString(Path.of("{java_path(target)}"), "x"))') == ["denied"]
    assert not target.exists()


@pytest.mark.parametrize("sink", ["/dev/null", "/dev/zero", "/dev/stdout", "/dev/stderr", "/proc/self/fd/1",
                                  "/proc/self/fd/2"])
def test_writing_to_a_device_that_discards_or_to_the_kernels_own_console_is_no_write_outside(fresh_home, sink):
    assert results(fresh_home,
                   f'attempt(() -> {{ try (var out = new FileOutputStream("{sink}")) {{ out.write(10); }} return null; }})',
                   f'attempt(() -> Files.write(Path.of("{sink}"), new byte[] {{10}}))') == ["allowed", "allowed"]


def test_the_devices_folder_is_still_outside_the_roots_for_anything_else(fresh_home):
    assert results(fresh_home, 'attempt(() -> { new FileOutputStream("/dev/jaudit-spec").close(); return null; })',
                   'attempt(() -> new File("/dev/null").setExecutable(true))') == ["denied", "denied"]


def test_libraries_set_the_jdks_networking_properties(fresh_home):
    assert results(fresh_home,
                   'attempt(() -> System.setProperty("sun.net.http.allowRestrictedHeaders", "true"))',
                   'attempt(() -> System.setProperty("sun.net.client.defaultConnectTimeout", "5000"))',
                   'attempt(() -> System.setProperty("sun.boot.library.path", "/tmp"))',
                   'attempt(() -> System.setProperty("sun.jnu.encoding", "latin1"))') == \
        ["allowed", "allowed", "denied", "denied"]


@pytest.mark.parametrize("kernel_name", KERNELS)
def test_a_cells_shutdown_hook_is_accepted_and_runs_at_shutdown_under_the_cells_policy(kernel_name, tmp_path_factory):
    base = tmp_path_factory.mktemp("hooks")
    kernel = start_policy_kernel(kernel_name, base, "hooks",
                                 {"enabled": True, "roots": ["."]}, ("project", "outside"))
    try:
        inside, outside = kernel.project / "closed.txt", kernel.outside / "escaped.txt"
        reply, _ = kernel.run(f'''
Runtime.getRuntime().addShutdownHook(new Thread(() -> {{
    try {{ Files.writeString(Path.of("{java_path(inside)}"), "closed cleanly"); }} catch (Exception e) {{ }}
    String outcome;
    try {{ Files.writeString(Path.of("{java_path(outside)}"), "x"); outcome = "written"; }}
    catch (SecurityException e) {{ outcome = e.getMessage().lines().findFirst().get(); }}
    catch (Exception e) {{ outcome = e.toString(); }}
    try {{ Files.writeString(Path.of("hook-outcome.txt"), outcome); }} catch (Exception e) {{ }}
}}));''')
        assert reply["status"] == "ok", reply
    finally:
        kernel.stop()
    deadline = time.time() + 10
    while not (kernel.project / "hook-outcome.txt").exists() and time.time() < deadline:
        time.sleep(0.1)
    assert inside.read_text() == "closed cleanly"
    assert not outside.exists()
    assert (kernel.project / "hook-outcome.txt").read_text() == \
        f"Audit: file.write blocked by the audit policy with args: [{outside}, create,truncate,write]"

"""Writes judged by the path the OS really acts on: links found in the notebook's folder (made before the
kernel started, as a workspace has them) are followed the way the OS follows them, each before the `..`
after it, and a link in the final place is followed by writes, truncations and attribute changes but not
by deleting or renaming the link. Every effect is checked from outside the kernel."""
import os

import pytest

from audit_kernel import HELPERS, results, start_policy_kernel
from conftest import KERNELS


@pytest.fixture(scope="module", params=KERNELS)
def linked(request, tmp_path_factory):
    base = tmp_path_factory.mktemp("links")
    for folder in ("project", "outside"):
        (base / folder).mkdir()
    outside, project = base / "outside", base / "project"
    (outside / "dir").mkdir()
    (outside / "victim.txt").write_text("keep")
    os.chmod(outside / "victim.txt", 0o644)
    (project / "real").mkdir()
    (project / "real" / "own.txt").write_text("mine")
    os.symlink(outside / "dir", project / "data")
    os.symlink(outside / "victim.txt", project / "file")
    os.symlink(outside / "new.txt", project / "dangling")
    os.symlink("real", project / "inner")
    os.symlink(project / "real" / "own.txt", project / "innerfile")
    kernel = start_policy_kernel(request.param, base, "links", {"enabled": True, "roots": ["."]}, ())
    kernel.project, kernel.outside = project, outside
    reply, _ = kernel.run(HELPERS)
    assert reply["status"] == "ok", reply
    yield kernel
    kernel.stop()


def test_a_dot_dot_after_a_link_to_a_folder_outside_is_judged_where_it_lands(linked):
    assert results(linked, 'attempt(() -> Files.writeString(Path.of("data/../x.txt"), "x"))',
                   'attempt(() -> { new FileOutputStream("data/../y.txt").close(); return null; })',
                   'attempt(() -> Files.createDirectory(Path.of("data/../made")))') == ["denied"] * 3
    assert sorted(p.name for p in linked.outside.iterdir()) == ["dir", "victim.txt"]


def test_writing_through_a_link_to_a_file_outside_is_denied_by_every_route(linked):
    assert results(linked,
                   'attempt(() -> Files.writeString(Path.of("file"), "changed"))',
                   'attempt(() -> { try (var out = new FileOutputStream("file", true)) { out.write(33); } return null; })',
                   'attempt(() -> { try (var f = new RandomAccessFile("file", "rw")) { f.setLength(0); } return null; })',
                   'attempt(() -> java.nio.channels.FileChannel.open(Path.of("file"), StandardOpenOption.WRITE, '
                   'StandardOpenOption.TRUNCATE_EXISTING))',
                   'attempt(() -> Files.writeString(Path.of("dangling"), "created"))') == ["denied"] * 5
    assert (linked.outside / "victim.txt").read_text() == "keep"
    assert not (linked.outside / "new.txt").exists()


def test_changing_attributes_through_a_link_to_a_file_outside_is_denied(linked):
    assert results(linked,
                   'attempt(() -> new File("file").setExecutable(true))',
                   'attempt(() -> Files.setPosixFilePermissions(Path.of("file"), '
                   'java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx")))',
                   'attempt(() -> Files.setLastModifiedTime(Path.of("file"), '
                   'java.nio.file.attribute.FileTime.fromMillis(0)))') == ["denied"] * 3
    stat = (linked.outside / "victim.txt").stat()
    assert stat.st_mode & 0o777 == 0o644 and stat.st_mtime > 0


def test_links_that_stay_inside_the_roots_work_and_a_link_itself_may_be_removed(linked):
    assert results(linked,
                   'attempt(() -> Files.writeString(Path.of("inner/new.txt"), "via link"))',
                   'attempt(() -> Files.writeString(Path.of("innerfile"), "rewritten"))',
                   'attempt(() -> Files.writeString(Path.of("real/../inner/other.txt"), "x"))',
                   'attempt(() -> { Files.delete(Path.of("file")); return null; })') == ["allowed"] * 4
    assert (linked.project / "real" / "new.txt").read_text() == "via link"
    assert (linked.project / "real" / "own.txt").read_text() == "rewritten"
    assert not os.path.lexists(linked.project / "file")
    assert (linked.outside / "victim.txt").read_text() == "keep"

"""Rich output with JJava's display API, and values rendered by their type."""
import base64

from conftest import kinds


def result(outputs):
    return kinds(outputs, "execute_result")[0]["content"]["data"]


def test_display_with_a_mime_type_shows_text_as_that_type_and_returns_its_id(kernel):
    reply, outputs = kernel.run('String shownId = display("<b>bold</b>", "text/html");\nshownId.length()')
    assert reply["status"] == "ok", reply
    shown = kinds(outputs, "display_data")[0]["content"]
    assert shown["data"]["text/html"] == "<b>bold</b>"
    display_id = shown["transient"]["display_id"]
    assert len(display_id) == 36
    assert result(outputs)["text/plain"] == "36"


def test_update_display_replaces_an_earlier_cells_display_by_id(kernel):
    _, first = kernel.run('String counter = display("0 done", "text/plain");')
    display_id = kinds(first, "display_data")[0]["content"]["transient"]["display_id"]
    reply, outputs = kernel.run('updateDisplay(counter, "<i>3 done</i>", "text/html");')
    assert reply["status"] == "ok", reply
    updates = kinds(outputs, "update_display_data")
    assert len(updates) == 1
    assert updates[0]["content"]["transient"]["display_id"] == display_id
    assert updates[0]["content"]["data"]["text/html"] == "<i>3 done</i>"


def test_a_cell_ending_in_display_shows_the_display_not_its_id(kernel):
    _, outputs = kernel.run("display(7);")
    assert [m["content"]["data"] for m in kinds(outputs, "display_data")] == [{"text/plain": "7"}]
    assert kinds(outputs, "execute_result") == []


def test_a_list_of_records_is_a_table_with_a_text_fallback(kernel):
    kernel.run("record City(String name, int people) {}")
    reply, outputs = kernel.run('List.of(new City("Oslo", 709000), new City("Bergen", 291000))')
    assert reply["status"] == "ok", reply
    data = result(outputs)
    assert "<th>name</th><th>people</th>" in data["text/html"]
    assert "<tr><td>Bergen</td><td>291000</td></tr>" in data["text/html"]
    assert data["text/plain"].splitlines() == ["name    people", "------  ------", "Oslo    709000", "Bergen  291000"]


def test_long_tables_show_their_first_rows_and_say_how_many_were_left_out(kernel):
    _, outputs = kernel.run('IntStream.range(0, 250).mapToObj(i -> Map.of("i", i, "sq", i * i)).toList()')
    data = result(outputs)
    assert data["text/html"].count("<tr><td>") == 100
    assert "150 more rows not shown (250 in all)" in data["text/html"]
    assert data["text/plain"].endswith("150 more rows not shown (250 in all)")


def test_arrays_of_records_and_maps_render_as_tables(kernel):
    kernel.run("record Pt(int x, int y) {}")
    _, outputs = kernel.run("new Pt[] {new Pt(1, 2), new Pt(3, 4)}")
    assert "<th>x</th><th>y</th>" in result(outputs)["text/html"]
    _, outputs = kernel.run('new TreeMap<>(Map.of("a", 1, "b", 2))')
    html = result(outputs)["text/html"]
    assert "<th>key</th><th>value</th>" in html and "<tr><td>b</td><td>2</td></tr>" in html


def test_plain_values_stay_plain_text(kernel):
    _, outputs = kernel.run("List.of(1, 2, 3)")
    assert result(outputs) == {"text/plain": "[1, 2, 3]"}


def test_render_returns_the_bundle_without_showing_it(kernel):
    reply, outputs = kernel.run('var rendered = render("<u>u</u>", "text/html");\nrendered.data().get("text/html")')
    assert reply["status"] == "ok", reply
    assert kinds(outputs, "display_data") == []
    assert result(outputs)["text/plain"] == '"<u>u</u>"'


def test_a_renderer_a_jar_declares_is_found_after_the_jar_is_added(kernel, tmp_path):
    from audit_kernel import build_jar, kernel_jar
    (tmp_path / "classes" / "META-INF" / "services").mkdir(parents=True)
    (tmp_path / "classes" / "META-INF" / "services" / "jaudit.kernel.display.Renderer").write_text("org.money.MoneyRenderer\n")
    jar = build_jar(kernel.name, tmp_path, {
        "org/money/Money.java": "package org.money;\npublic record Money(long cents) {}\n",
        "org/money/MoneyRenderer.java": "package org.money;\nimport java.util.Map;\n"
        "public class MoneyRenderer implements jaudit.kernel.display.Renderer {\n"
        "  public boolean handles(Object v) { return v instanceof Money; }\n"
        "  public Map<String, String> render(Object v) {\n"
        "    Money m = (Money) v; return Map.of(\"text/html\", \"<b>$\" + m.cents() / 100 + \".\" + m.cents() % 100 + \"</b>\");\n"
        "  }\n}\n"}, classpath=kernel_jar(kernel.name))
    reply, outputs = kernel.run(f"%jars {jar}\nnew org.money.Money(1234)")
    assert reply["status"] == "ok", reply
    data = result(outputs)
    assert data["text/html"] == "<b>$12.34</b>"
    assert data["text/plain"] == "Money[cents=1234]"


def test_images_are_shown_under_a_policy_without_a_writable_temp_dir(tmp_path):
    from audit_kernel import PolicyKernel, install_policy_kernel
    from conftest import KERNELS
    for name in KERNELS:
        install_policy_kernel(name, tmp_path / "jupyter", f"{name}-noroots", {"roots": ["."]})
        work = tmp_path / f"work-{name}"
        work.mkdir()
        k = PolicyKernel(f"{name}-noroots", tmp_path / "jupyter", work)
        try:
            reply, outputs = k.run("var img = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);\n"
                                   "display(img);\nimg")
            assert reply["status"] == "ok", reply
            assert base64.b64decode(kinds(outputs, "display_data")[0]["content"]["data"]["image/png"]).startswith(b"\x89PNG")
            assert base64.b64decode(result(outputs)["image/png"]).startswith(b"\x89PNG")
        finally:
            k.stop()

"""The intake app in Chromium: upload a file, check it, accept it; citizens' markup stays inert."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import open_panel, sign_in
from tests.conftest import FACILITATOR_ACCOUNT
from tests.util import serve_workbench, wait_until
from workbench.session.accounts import add_account
from workbench.store import Store

CSV = (
    "Título;Propuesta;Cantón;<img src=x onerror=\"window.__xss='header'\">\n"
    "Riego;<img src=x onerror=\"window.__xss='cell'\">Reservorio comunitario;Tabacundo;a\n"
    "Feria;Feria de productores los sábados;Guayaquil;b\n"
    ";;;\n"
).encode("cp1252")


def test_upload_check_and_accept(watched_page, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    upload = tmp_path / "llamado.csv"
    upload.write_bytes(CSV)
    db = data / "workbench.db"
    Store(f"sqlite:///{db}").close()
    add_account(*FACILITATOR_ACCOUNT, path=data / "users.json")
    page = watched_page
    with serve_workbench({"WORKBENCH_DATA": str(data), "WORKBENCH_DB": ""}) as url:
        sign_in(page, url, "/intake")
        open_panel(page, f"{url}/intake?lang=en")
        expect(page.get_by_text("Proposal intake").first).to_be_visible(timeout=30_000)
        page.locator("input[type=file]").set_input_files(str(upload))
        expect(page.get_by_text("3 rows and 4 columns read")).to_be_visible(timeout=30_000)
        page.get_by_role("button", name="Check the file").click()
        expect(page.get_by_text("read 3, accepted 2, warnings 2, rejected 1")).to_be_visible(
            timeout=30_000
        )
        expect(page.get_by_text("Place not found: Guayaquil", exact=False)).to_be_visible(
            timeout=30_000
        )
        with page.expect_download() as download:
            page.get_by_role("button", name="Download the report (CSV)").click()
        report = download.value.path().read_bytes().decode("utf-8-sig")
        assert report.splitlines()[0] == "row,outcome,reason,proposal_id"
        page.get_by_role("button", name="Accept into the table").click()
        expect(page.get_by_text("Saved 2 proposals to the table", exact=False)).to_be_visible(
            timeout=30_000
        )
        # the bar measured the import (run in a worker thread) up to its end
        expect(page.get_by_text("Import finished (100 %)")).to_be_visible(timeout=30_000)
        expect(page.locator("progress").first).to_have_attribute("value", "100")
        # the header and cell markup from the file showed as text and never ran
        assert page.evaluate("() => window.__xss === undefined")
        assert page.errors == []
        assert page.external == []
    with Store(f"sqlite:///{db}") as store:
        wait_until(lambda: store.count("proposals") == 2, timeout=10)
        assert store.events(kind="intake.report").height == 1


def test_a_file_larger_than_a_default_websocket_message_uploads(watched_page, tmp_path):
    """Bokeh takes 20 MB per websocket message by default: a 16 MB file (21 MB in base64)
    would be dropped without a word. The served workbench raises the limit."""
    data = tmp_path / "data"
    data.mkdir()
    Store(f"sqlite:///{data / 'workbench.db'}").close()
    add_account(*FACILITATOR_ACCOUNT, path=data / "users.json")
    upload = tmp_path / "grande.csv"
    filler = "riego comunitario y reservorios para la época seca " * 8
    lines = ["Título;Propuesta;Cantón"]
    lines += [f"T{i};Propuesta {i}: {filler};Cayambe" for i in range(40_000)]
    upload.write_text("\n".join(lines), encoding="utf-8")
    assert upload.stat().st_size * 4 / 3 > 20 * 2**20
    page = watched_page
    with serve_workbench({"WORKBENCH_DATA": str(data), "WORKBENCH_DB": ""}) as url:
        sign_in(page, url, "/intake")
        open_panel(page, f"{url}/intake?lang=en")
        page.locator("input[type=file]").set_input_files(str(upload))
        expect(page.get_by_text("40000 rows and 3 columns read")).to_be_visible(timeout=120_000)
        assert page.errors == []

"""The dashboard in headless Chromium against a live server on loopback (marked `browser`)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import httpx
import pytest

from armstrack.pipeline.workspace import Workspace
from armstrack.settings import load_settings
from armstrack.store import Store
from armstrack.web.sample import Sample
from tests.web.browser import chromium, live_server, missing_browser

pytestmark = [pytest.mark.browser, pytest.mark.skipif(missing_browser() is not None,
                                                      reason=missing_browser() or "")]
WAIT_S = 20


@pytest.fixture(scope="module")
def site(sample_template: Sample, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Sample, str, Any]]:
    """The sample served on a free loopback port, and one browser for the module's tests."""
    folder = tmp_path_factory.mktemp("browser") / "ws"
    shutil.copytree(sample_template.workspace.root, folder)
    settings = load_settings(folder, env={})
    sample = replace(sample_template, workspace=Workspace(settings, Store(settings.database)))
    with live_server(sample.workspace) as base, chromium() as driver:
        yield sample, base, driver
    sample.workspace.store.dispose()


def visit(driver: Any, url: str, ready_css: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get("about:blank")  # a real page load each time, even when only the #hash differs
    driver.get(url)
    WebDriverWait(driver, WAIT_S).until(ec.presence_of_element_located((By.CSS_SELECTOR, ready_css)))


def count(driver: Any, css: str) -> int:
    return int(driver.execute_script("return document.querySelectorAll(arguments[0]).length", css))


def wait_for(driver: Any, condition: str, *args: Any) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, WAIT_S).until(lambda d: d.execute_script(f"return {condition}", *args))


def page_errors(driver: Any) -> list[str]:
    """Console errors, leaving out none: a CSP refusal or a script error fails the test."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def test_dashboard_shows_sites_shipments_and_timeline(site: tuple[Sample, str, Any]) -> None:
    _sample, base, driver = site
    visit(driver, f"{base}/#/", ".page[data-ready] #shipment-list")
    assert count(driver, ".site-marker") == 8
    assert count(driver, "path.shipment-line") == 4
    assert count(driver, "#timeline rect.bar.shipment") == 4 and count(driver, "#timeline rect.bar.claim") == 5
    assert count(driver, ".leaflet-overlay-pane path") > 100  # the Natural Earth outlines, bundled
    assert page_errors(driver) == []


def test_filters_narrow_the_map_and_list(site: tuple[Sample, str, Any]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    _sample, base, driver = site
    visit(driver, f"{base}/#/", ".page[data-ready] #shipment-list")
    Select(driver.find_element(By.CSS_SELECTOR, "#filters select[name=mode]")).select_by_value("sea")
    wait_for(driver, "document.querySelectorAll('#shipment-list li').length === 2")
    assert count(driver, "path.shipment-line") == 2 and count(driver, "#timeline rect.bar.shipment") == 2


def test_clicking_a_shipment_shows_its_evidence(site: tuple[Sample, str, Any]) -> None:
    from selenium.webdriver.common.by import By

    sample, base, driver = site
    visit(driver, f"{base}/#/", ".page[data-ready] #shipment-list")
    driver.find_element(By.CSS_SELECTOR, f"a.shipment-link[data-id='{sample.shipment}']").click()
    visit_ready = "document.querySelectorAll('.evidence-item').length === 4 && document.querySelector('.quote mark')"
    wait_for(driver, visit_ready)
    assert count(driver, ".evidence-item.for") == 3 and count(driver, ".evidence-item.against") == 1
    assert count(driver, ".evidence-item .grade") >= 2
    wait_for(driver, "[...document.querySelectorAll('img.chip')].every(i => i.complete && i.naturalWidth > 0)")
    assert page_errors(driver) == []


def test_clicking_a_site_shows_its_series_with_gaps_and_chips(site: tuple[Sample, str, Any]) -> None:
    from selenium.webdriver.common.by import By

    _sample, base, driver = site
    visit(driver, f"{base}/#/", ".page[data-ready] .site-marker")
    driver.find_element(By.CSS_SELECTOR, "path.site-marker.site-dunai").click()
    wait_for(driver, "location.hash === '#/site/dunai'")
    visit(driver, f"{base}/#/site/rajin", ".page[data-ready] .series svg")
    assert count(driver, ".point.not-observed") == 1 and count(driver, ".point.anomaly") >= 1
    assert count(driver, "path.series-line") == 2  # the line breaks at the gap
    driver.find_element(By.CSS_SELECTOR, ".point.anomaly").click()
    wait_for(driver, "(i => i && i.complete && i.naturalWidth > 0)(document.querySelector('#chip-panel img.chip'))")


def test_report_markup_renders_as_text_and_never_runs(site: tuple[Sample, str, Any]) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    sample, base, driver = site
    visit(driver, f"{base}/#/report/{sample.script_report}", ".page[data-ready] #report-text mark")
    title = driver.execute_script("return document.getElementById('report-title').textContent")
    assert title == "Field note <script>alert(1)</script>"
    text = driver.execute_script("return document.getElementById('report-text').textContent")
    assert "<img src=x onerror=alert(2)>" in text
    assert count(driver, "#view script, #view img, #view b") == 0
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert  # noqa: B018 (the property raises when no dialog is open)
    assert page_errors(driver) == []


def test_decision_with_token_kept_in_session(site: tuple[Sample, str, Any]) -> None:
    from selenium.webdriver.common.by import By

    sample, base, driver = site
    visit(driver, f"{base}/#/", ".page[data-ready]")
    driver.find_element(By.ID, "token-input").send_keys(sample.workspace.settings.api_token)
    driver.find_element(By.CSS_SELECTOR, "#token-form button").click()
    assert driver.execute_script("return sessionStorage.getItem('armstrack.token')") == \
        sample.workspace.settings.api_token
    visit(driver, f"{base}/#/shipment/{sample.shipment}", ".page[data-ready] #reject")
    driver.find_element(By.ID, "reject").click()
    wait_for(driver, "document.getElementById('shipment-status').textContent === 'rejected'")
    stored = httpx.get(f"{base}/api/shipments/{sample.shipment}").json()
    assert stored["status"] == "rejected"


def test_screening_confirm_and_source_regrade(site: tuple[Sample, str, Any]) -> None:
    from selenium.webdriver.common.by import By

    sample, base, driver = site
    visit(driver, f"{base}/#/", ".page[data-ready]")
    token = sample.workspace.settings.api_token
    driver.execute_script("sessionStorage.setItem('armstrack.token', arguments[0])", token)
    visit(driver, f"{base}/#/screening", ".page[data-ready] #hits")
    assert count(driver, "#hits tbody tr") == 4
    driver.find_element(By.CSS_SELECTOR, f"#hits tr[data-id='{sample.hit}'] button.confirm").click()
    wait_for(driver, f"document.querySelector(\"#hits tr[data-id='{sample.hit}'] .decision\").textContent"
                     ".startsWith('confirmed')")
    assert httpx.get(f"{base}/api/screening-hits/{sample.hit}").json()["decision"] == "confirmed"
    visit(driver, f"{base}/#/sources", ".page[data-ready] table.list")
    row = driver.find_element(By.XPATH, "//tr[td[text()='Harbour Watch Review']]")
    row.find_element(By.CSS_SELECTOR, "select option[value='A']").click()
    row.find_element(By.CSS_SELECTOR, "button").click()
    wait_for(driver, "document.querySelector('.flash') && !document.querySelector('.flash').hidden")
    graded = httpx.get(f"{base}/api/sources", params={"edited": "true"}).json()["items"]
    assert [(s["name"], s["reliability"]) for s in graded] == [("Harbour Watch Review", "A")]

"""Screenshots of the dashboard's main pages on the sample workspace, for docs/img.

Usage: python tests/web/screenshots.py docs/img
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, str(Path(__file__).parent))
from browser import chromium, live_server

from armstrack.web.sample import sample_workspace


def shoot(driver: Any, url: str, ready_css: str, target: Path, click_css: str | None = None) -> None:
    driver.get(url)
    WebDriverWait(driver, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, ready_css)))
    if click_css:
        driver.find_element(By.CSS_SELECTOR, click_css).click()
    WebDriverWait(driver, 30).until(lambda d: d.execute_script(
        "return [...document.images].every(i => i.complete && i.naturalWidth > 0)"))
    driver.execute_script("return new Promise(r => setTimeout(r, 800))")
    driver.save_screenshot(str(target))
    image = Image.open(target).convert("RGB")
    image = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    image.save(target, optimize=True)
    print(f"{target}: {target.stat().st_size // 1024} KB")


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        sample = sample_workspace(Path(tmp) / "ws")
        with live_server(sample.workspace) as base, chromium(1400, 1000) as driver:
            shoot(driver, f"{base}/#/", "#shipment-list", out / "dashboard_map.png")
            shoot(driver, f"{base}/#/shipment/{sample.shipment}", ".quote mark", out / "dashboard_shipment.png")
            shoot(driver, f"{base}/#/site/tumangang", ".series svg .point", out / "dashboard_site.png",
                  click_css=".series svg .point.anomaly")
            shoot(driver, f"{base}/#/report/{sample.script_report}", "#report-text mark",
                  out / "dashboard_report.png")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img"))

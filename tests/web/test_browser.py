"""The editor in a real browser (Debian's chromium through chromium-driver, headless)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

FIELD = "achievements[1].items[0].text"
A4_PT = (595.28, 841.89)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("office")
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "serve", str(root), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield url, root
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[WebDriver, Path]]:
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1600,1000"):
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        yield driver, downloads
    finally:
        driver.quit()


def _hashes(driver: WebDriver) -> list[str]:
    return [
        img.get_attribute("data-hash") or ""
        for img in driver.find_elements(By.CSS_SELECTOR, "#pages img")
    ]


def _errors_at(driver: WebDriver, field: str) -> str:
    box = driver.find_element(By.CSS_SELECTOR, f'[data-errors="{field}"]')
    return str(box.text)


def test_a_secretary_makes_a_brand_submission(
    server: tuple[str, Path], browser: tuple[WebDriver, Path]
) -> None:
    url, root = server
    driver, downloads = browser
    wait = WebDriverWait(driver, 30)
    driver.get(url)
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
    driver.find_element(By.ID, "new-brand").click()
    wait.until(lambda d: len(_hashes(d)) >= 3)
    assert (root / "申报材料.yaml").is_file()
    before = _hashes(driver)

    text = driver.find_element(By.CSS_SELECTOR, f'[data-path="{FIELD}"]')
    text.send_keys(Keys.END, "另有{new_unoins}家")
    wait.until(lambda d: "new_unoins" in _errors_at(d, FIELD))
    assert "是否想写 {new_unions}" in _errors_at(driver, FIELD)
    assert text.get_attribute("aria-invalid") == "true"
    assert "new_unoins" in driver.find_element(By.ID, "findings").text

    for _ in "{new_unoins}家":
        text.send_keys(Keys.BACKSPACE)
    text.send_keys("{new_u")
    wait.until(lambda d: d.find_element(By.ID, "complete").is_displayed())
    text.send_keys(Keys.ENTER, "家")  # the completion writes {new_unions}
    wait.until(lambda d: _errors_at(d, FIELD) == "")
    wait.until(
        lambda d: (
            _hashes(d) != before
            and "stale" not in (d.find_element(By.ID, "pages").get_attribute("class") or "")
        )
    )
    assert "另有{new_unions}家" in (text.get_attribute("value") or "")

    driver.find_element(By.ID, "download-pdf").click()
    wait.until(lambda d: (downloads / "申报材料.pdf").is_file())
    saved = (root / "申报材料.yaml").read_text(encoding="utf-8")
    assert "另有{new_unions}家" in saved
    assert "# 坦洲镇" in saved  # the example's comment survived the form
    time.sleep(0.2)
    with pdfplumber.open(downloads / "申报材料.pdf") as pdf:
        page = pdf.pages[0]
        assert (round(float(page.width), 2), round(float(page.height), 2)) == A4_PT
        words = "".join(p.extract_text() or "" for p in pdf.pages)
        assert "另有28家" in words.replace("\n", "")
    fonts = subprocess.run(
        ["pdffonts", str(downloads / "申报材料.pdf")], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts)


def test_two_tabs_on_one_file_get_a_conflict_not_an_overwrite(
    server: tuple[str, Path], browser: tuple[WebDriver, Path]
) -> None:
    url, root = server
    driver, _ = browser
    wait = WebDriverWait(driver, 30)
    driver.get(url)
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
    driver.find_element(By.ID, "new-report").click()
    wait.until(lambda d: d.find_element(By.ID, "doc-name").text.endswith(".yaml"))
    name = driver.find_element(By.ID, "doc-name").text
    first = driver.current_window_handle
    driver.switch_to.new_window("tab")
    driver.get(f"{url}?file={name}")
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
    for handle, words in ((first, "第一个窗口"), (driver.current_window_handle, "第二个窗口")):
        driver.switch_to.window(handle)
        field = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, '[data-path="recipient"]'))
        field.send_keys(Keys.END, words)
        wait.until(lambda d: "未保存" in d.find_element(By.ID, "dirty").text)
        driver.find_element(By.ID, "save").click()
        if handle == first:
            wait.until(lambda d: d.find_element(By.ID, "dirty").text == "已保存")
    banner = wait.until(lambda d: d.find_element(By.ID, "banner"))
    wait.until(lambda d: banner.is_displayed() and "其他窗口" in banner.text)
    saved = (root / name).read_text(encoding="utf-8")
    assert "第一个窗口" in saved and "第二个窗口" not in saved
    driver.close()
    driver.switch_to.window(first)


def test_a_letter_is_started_from_the_official_kinds_menu(
    server: tuple[str, Path], browser: tuple[WebDriver, Path]
) -> None:
    """新建公文… → 函: the file is made from the bundled 函, its kind shows in the file list,
    and its pages (the red letterhead among them) are previewed."""
    from selenium.webdriver.support.ui import Select

    url, root = server
    driver, _ = browser
    wait = WebDriverWait(driver, 30)
    driver.get(url)
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
    Select(driver.find_element(By.ID, "new-official")).select_by_value("letter")
    wait.until(lambda d: d.find_element(By.ID, "doc-name").text == "函.yaml")
    wait.until(lambda d: len(_hashes(d)) >= 2)
    assert "kind: letter" in (root / "函.yaml").read_text(encoding="utf-8")
    rows = driver.find_element(By.ID, "file-rows").text
    assert "函.yaml 函 2024" in rows.replace("\n", " ")
    assert driver.find_element(By.ID, "new-official").get_attribute("value") == ""


def test_a_report_with_tables_keeps_its_sections_and_tables(
    server: tuple[str, Path], browser: tuple[WebDriver, Path]
) -> None:
    """A body holding sections and tables: each entry gets its own form (a section's heading, a
    table's caption), table rows are shown, not turned into text; the preview has the table."""
    url, root = server
    driver, _ = browser
    examples = Path(__file__).resolve().parent.parent.parent / "inputs" / "tables"
    for path in examples.glob("*.yaml"):
        (root / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    wait = WebDriverWait(driver, 30)
    driver.get(url + "?file=tanzhou-unions-2024.yaml")
    wait.until(lambda d: len(_hashes(d)) >= 3)
    heading = driver.find_element(By.CSS_SELECTOR, '[data-path="body[1].heading"]')
    assert heading.get_attribute("value") == "主要指标完成情况"
    caption = driver.find_element(By.CSS_SELECTOR, '[data-path="body[2].body[1].table.caption"]')
    assert caption.get_attribute("value") == "表2 各村（社区）工会组织和会员情况"
    form = driver.find_element(By.ID, "panel-form").text
    assert "安阜社区 | 3 | 150" in form and "[object Object]" not in form
    source = driver.find_element(By.ID, "source").get_attribute("value") or ""
    assert "- [安阜社区, 3, 150" in source  # rows untouched by the form

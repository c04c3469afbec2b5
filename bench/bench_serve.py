"""Benchmark of ``reportgen serve``: change-to-preview latency, and 20 editors at once for 60 s.

Run:  .venv/bin/python bench/bench_serve.py            (full run: about 2 minutes on 2 cores)
      .venv/bin/python bench/bench_serve.py --quick    (smaller numbers, for a smoke test)

Every request goes to a server this script starts on 127.0.0.1 and stops; loops are bounded in
count and time. Three measurements:

1. server: a changed sample POSTed to /api/analyse until its page images come back (N changes);
2. screen: the same in headless chromium, from the request (after the typing pause) until the
   new page images are decoded on screen (the page's own ``data-shown-ms``);
3. load: E editors, each on its own copy of the sample, change the text, ask for the preview and
   save every 5th change for D seconds with a pause of P s between changes (a person typing);
   counts responses that are not 2xx and saves that are lost (the file on disk is not the text
   last saved), and reports the preview latency under that load.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "tanzhou-2024.yaml"
FIELD_TEXT = "累计开展主题宣讲4场次"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50_ms": round(statistics.median(values), 1),
        "p95_ms": round(p95(values), 1),
        "max_ms": round(max(values), 1),
    }


class Server:
    """``reportgen serve`` on a free loopback port, for as long as the ``with`` lasts."""

    def __init__(self, root: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.root = root

    def __enter__(self) -> Server:
        cmd = [sys.executable, "-m", "reportgen", "serve", str(self.root), "--port", str(self.port)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        start = time.perf_counter()
        while time.perf_counter() - start < 20:
            try:
                httpx.get(self.url + "/", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        self.startup_s = time.perf_counter() - start
        # Render workers start and load fonts in the background; the file list waits for them.
        httpx.get(self.url + "/api/files", timeout=60).raise_for_status()
        self.ready_s = time.perf_counter() - start
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=15)

    def client(self) -> tuple[httpx.Client, str]:
        client = httpx.Client(base_url=self.url, timeout=60)
        page = client.get("/")
        token = re.search(r'name="reportgen-token" content="(\w+)"', page.text)
        assert token
        return client, token.group(1)


def _changed(text: str, n: int) -> str:
    return text.replace(FIELD_TEXT, f"累计开展主题宣讲{n}场次")


def server_latency(server: Server, count: int) -> dict[str, float]:
    client, token = server.client()
    text = SAMPLE.read_text(encoding="utf-8")
    times = []
    for n in range(count):
        body = {"path": "tanzhou-2024.yaml", "text": _changed(text, n + 5)}
        start = time.perf_counter()
        r = client.post("/api/analyse", json=body, headers={"X-Reportgen-Token": token})
        r.raise_for_status()
        assert r.json()["pages"], r.json()["findings"]
        times.append((time.perf_counter() - start) * 1000)
    return summary(times[2:])


def screen_latency(server: Server, count: int) -> dict[str, float]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1600,1000"):
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(server.url + "/?file=tanzhou-2024.yaml")
        wait = WebDriverWait(driver, 30)
        wait.until(lambda d: d.find_element(By.ID, "pages").get_attribute("data-shown-ms"))
        field = driver.find_element(By.CSS_SELECTOR, '[data-path="achievements[0].items[1].text"]')
        times = []
        for n in range(count):
            seq = int(
                driver.execute_script("return document.getElementById('pages').dataset.shownSeq")
            )
            value = _changed(field.get_attribute("value") or "", n + 5)
            value = re.sub(r"宣讲\d+场次", f"宣讲{n + 5}场次", value)
            driver.execute_script(
                "arguments[0].value = arguments[1];"
                "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                field,
                value,
            )
            wait.until(
                lambda d, seq=seq: (
                    int(d.find_element(By.ID, "pages").get_attribute("data-shown-seq")) > seq
                )
            )
            times.append(float(driver.find_element(By.ID, "pages").get_attribute("data-shown-ms")))
        return summary(times[2:])
    finally:
        driver.quit()


def editor(server: Server, n: int, seconds: float, pause: float, out: dict[str, Any]) -> None:
    client, token = server.client()
    headers = {"X-Reportgen-Token": token}
    rel = f"editor-{n:02d}.yaml"
    file = client.get("/api/file", params={"path": rel}).json()
    text, etag = file["text"], file["etag"]
    latencies: list[float] = []
    errors: list[str] = []
    saves = 0
    end = time.monotonic() + seconds
    i = 0
    shown: list[str] = []  # the page images this editor's preview shows, as the browser sends
    while time.monotonic() < end:
        i += 1
        text = _changed(file["text"], i)
        body = {"path": rel, "text": text, "have": shown}
        start = time.perf_counter()
        r = client.post("/api/analyse", json=body, headers=headers)
        if r.status_code != 200 or not r.json().get("pages"):
            errors.append(f"analyse {r.status_code}")
        else:
            latencies.append((time.perf_counter() - start) * 1000)
            shown = [page["hash"] for page in r.json()["pages"]]
        if i % 5 == 0:
            s = client.put(
                "/api/file", json={"path": rel, "text": text, "etag": etag}, headers=headers
            )
            if s.status_code != 200:
                errors.append(f"save {s.status_code}")
            else:
                etag = s.json()["etag"]
                saves += 1
                out.setdefault("last_saved", {})[rel] = text
        time.sleep(pause)
    out[n] = {"latencies": latencies, "errors": errors, "saves": saves}


def load_test(server: Server, editors: int, seconds: float, pause: float) -> dict[str, Any]:
    for n in range(editors):
        shutil.copy(SAMPLE, server.root / f"editor-{n:02d}.yaml")
    results: dict[Any, Any] = {}
    threads = [
        threading.Thread(target=editor, args=(server, n, seconds, pause, results))
        for n in range(editors)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    latencies = [x for n in range(editors) for x in results.get(n, {}).get("latencies", [])]
    errors = [e for n in range(editors) for e in results.get(n, {}).get("errors", ["no result"])]
    saved = results.get("last_saved", {})
    lost = sum(
        1 for rel, text in saved.items() if (server.root / rel).read_text(encoding="utf-8") != text
    )
    return {
        "editors": editors,
        "seconds": seconds,
        "pause_s": pause,
        "previews": len(latencies),
        "saves": sum(results.get(n, {}).get("saves", 0) for n in range(editors)),
        "error_responses": len(errors),
        "errors": sorted(set(errors)),
        "lost_saves": lost,
        "preview": summary(latencies) if latencies else {},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    count, seconds = (15, 10.0) if args.quick else (60, 60.0)
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        root = Path(tmp)
        shutil.copy(SAMPLE, root / SAMPLE.name)
        with Server(root) as server:
            report: dict[str, Any] = {
                "startup_s": round(server.startup_s, 2),
                "file_list_s": round(server.ready_s, 2),
                "load_average": Path("/proc/loadavg").read_text().split()[:3],
            }
            report["server"] = server_latency(server, count)
            report["screen"] = screen_latency(server, count)
            report["load"] = load_test(server, 20, seconds, 1.0)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    ok = report["load"]["error_responses"] == 0 and report["load"]["lost_saves"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

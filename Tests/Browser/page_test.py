#!/usr/bin/env python3
"""The hub's web page, end to end: the real `tpv serve` with vectors, inits, sst2 data and real
prompt-tuning jobs, driven in Debian's headless Chromium through its four views at 1280 px and
390 px. It checks what the page shows against the API's own answers, reads the browser console
for errors, and saves full-page screenshots under screenshots/browser/.

    python3 Tests/Browser/page_test.py --tpv .build/release/tpv
"""
import argparse
import io
import os
import re
import sys
import tempfile
import time
import traceback
import urllib.parse

import numpy as np
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from browser import Browser, unexpected_console_entries
from hub import MODEL, HubProcess, populate

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED = os.path.abspath(os.path.join(ROOT, "..", "shared"))

# Failed loads the test provokes on purpose; any other failed load is an error.
EXPECTED_FAILED_LOADS = [
    r"/jobs - Failed to load resource: the server responded with a status of 401",  # the job submitted without a token
    r"format=peft - Failed to load resource",  # the PEFT probe, on a hub that does not serve PEFT adapters
    r"tasks=cola&lambda=1&seed=2&format=\w+ - Failed to load resource: the server responded with a status of 404",  # cola at seed 2
]


class Failure(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failure(message)


class PageTest:
    def __init__(self, hub, browser, screenshots):
        self.hub, self.browser, self.d = hub, browser, browser.driver
        self.screenshots = screenshots
        self.inits, self.taus = populate(hub, SHARED)
        self.tasks = [t["task"] for t in hub.json("GET", f"/tasks?model={MODEL}")[1]["items"]]
        self.peft = hub.request("HEAD", f"/compose?model={MODEL}&tasks=mnli&seed=1&format=peft")[0] < 300
        self.passed, self.failed = [], []

    # -- harness ---------------------------------------------------------------------------------

    def step(self, name, function, *arguments):
        started = time.monotonic()
        failure = None
        try:
            function(*arguments)
        except Exception as error:  # noqa: BLE001 - every failure is reported, then the run goes on
            failure = str(error) if isinstance(error, Failure) else traceback.format_exc()
        # The console is read whatever happened: a script error is often why a step failed.
        problems = unexpected_console_entries(self.browser.console(), EXPECTED_FAILED_LOADS)
        if problems:
            failure = (failure + "\n" if failure else "") + "console errors:\n  " + "\n  ".join(problems)
        if failure is None:
            self.passed.append(name)
            print(f"PASS {name} ({time.monotonic() - started:.1f} s)", flush=True)
            return
        self.failed.append(name)
        print(f"FAIL {name}: {failure}", flush=True)
        try:
            self.browser.screenshot(os.path.join(self.screenshots, f"failed-{name.replace(' ', '-')}.png"))
        except Exception:  # noqa: BLE001 - the screenshot only helps; the failure is reported already
            pass

    def text(self, selector):
        return self.d.find_element(By.CSS_SELECTOR, selector).text

    def all(self, selector):
        return self.d.find_elements(By.CSS_SELECTOR, selector)

    def visible_view(self):
        return self.browser.js("return document.querySelector('section.view:not([hidden])')?.id")

    def go(self, view):
        self.d.find_element(By.CSS_SELECTOR, f'nav a[href="#{view}"]').click()
        self.browser.wait(lambda: self.visible_view() == f"view-{view}", message=f"view {view} shown")

    def layout_checks(self, width, view):
        # Every control of the view has a name a screen reader can say.
        unnamed = self.browser.js("""
            const view = document.querySelector('section.view:not([hidden])');
            return [...view.querySelectorAll('input, select, button, a[href]')].filter((e) => e.offsetParent !== null)
              .filter((e) => !(e.labels?.length || e.getAttribute('aria-label') || e.textContent.trim()))
              .map((e) => e.outerHTML.slice(0, 80));""")
        expect(not unnamed, f"controls without a label: {unnamed}")
        # Nothing wider than the screen: wide tables scroll inside their own region.
        overflow = self.browser.js("return document.documentElement.scrollWidth - window.innerWidth")
        expect(overflow <= 0, f"{view} at {width}: the page is {overflow} px wider than the window")
        self.browser.screenshot(os.path.join(self.screenshots, f"{width}-{view}.png"))

    # -- views -----------------------------------------------------------------------------------

    def vectors(self, width):
        self.d.get("about:blank")  # a new document: only the fragment would change otherwise
        self.d.get(self.hub.url + "/#vectors")
        self.browser.wait(lambda: re.match(r"\d+ vectors?", self.text("#vectors-status")), message="vectors listed")
        listed = self.hub.json("GET", "/vectors?limit=100")[1]
        rows = self.all("#vectors-table tbody tr")
        expect(len(rows) == listed["total"] == len(listed["items"]), f"{len(rows)} rows for {listed['total']} vectors")
        for row, vector in zip(rows, listed["items"]):
            cells = [c.text for c in row.find_elements(By.CSS_SELECTOR, ":scope > td")]
            expect(cells[:6] == [str(vector["id"]), vector["model"], vector["task"], str(vector["seed"]),
                                 " × ".join(map(str, vector["shape"])), vector["owner"]], f"row {cells[:6]} for {vector}")
            expect(cells[6] == "30 KiB", f"size {cells[6]!r} of a 20 x 384 float32 tensor")
            expect(vector["created"][:10] in cells[7], f"created {cells[7]!r}")
            if vector["metrics"]:
                accuracy = vector["metrics"]["validation"]["accuracy"]
                expect(f"validation accuracy {accuracy:.3f}" in cells[8], f"metrics {cells[8]!r} of {vector['metrics']}")
            else:
                expect(cells[8] == "—", f"metrics {cells[8]!r} of a vector without")
            links = [a.get_attribute("href") for a in row.find_elements(By.CSS_SELECTOR, ".downloads a")]
            parts = ["tau", "tuned", "init"] if vector["init_id"] else ["tau"]
            expect(len(links) == 3 * len(parts) + (1 if self.peft else 0), f"{len(links)} download links: {links}")
            for fmt in ["safetensors", "npy", "json"]:
                expect(f"{self.hub.url}/vectors/{vector['id']}/data?format={fmt}" in links, f"no {fmt} link in {links}")
        if width == "desktop":
            # A download link, clicked, saves exactly what the API serves.
            first = listed["items"][0]
            rows[0].find_element(By.CSS_SELECTOR, f'a[aria-label="tau of vector {first["id"]} as npy"]').click()
            saved = self.downloaded(f"{MODEL}_{first['task']}_seed{first['seed']}_tau")
            expect(saved == self.hub.request("GET", f"/vectors/{first['id']}/data?format=npy")[2], "downloaded npy differs")
            # Filtering by task and model.
            form = self.d.find_element(By.ID, "vectors-filter")
            Select(form.find_element(By.NAME, "model")).select_by_value(MODEL)
            form.find_element(By.NAME, "task").send_keys("qnli", Keys.ENTER)
            self.browser.wait(lambda: self.text("#vectors-status") == "2 vectors", message="filtered to qnli")
            tasks = [r.find_elements(By.CSS_SELECTOR, "td")[2].text for r in self.all("#vectors-table tbody tr")]
            expect(tasks == ["qnli", "qnli"], f"filtered rows {tasks}")
            provenance = self.all("#vectors-table tbody tr details summary")[0]
            provenance.click()
            expect('"synthetic"' in self.all("#vectors-table tbody tr details pre")[0].text, "provenance JSON shown")
            form.find_element(By.CSS_SELECTOR, "button[type=reset]").click()
            self.browser.wait(lambda: self.text("#vectors-status") == f"{listed['total']} vectors", message="filter cleared")
        self.layout_checks(width, "vectors")

    def similarity(self, width):
        self.go("similarity")
        self.check_heatmaps(self.tasks)
        if width == "desktop":
            cell = self.d.find_element(By.CSS_SELECTOR, 'svg[data-kind="vectors"] rect[data-row="mnli"][data-col="qnli"]')
            ActionChains(self.d).move_to_element(cell).perform()
            value = float(cell.get_attribute("data-value"))
            self.browser.wait(lambda: f"mnli × qnli: {value:.4f}" in self.text("#similarity-readout"), message="hover readout")
            self.d.find_element(By.CSS_SELECTOR, '#similarity-tasks input[value="rte"]').click()
            self.d.find_element(By.CSS_SELECTOR, "#similarity-form button[type=submit]").click()
            self.check_heatmaps([t for t in self.tasks if t != "rte"])
        self.layout_checks(width, "similarity")

    def check_heatmaps(self, tasks):
        count = len(tasks) ** 2
        self.browser.wait(lambda: self.browser.js("""return [...document.querySelectorAll('svg.heatmap')]
                              .map((s) => s.querySelectorAll('rect[data-value]').length)""") == [count, count]
                          and self.text("#similarity-status").startswith(f"{len(tasks)} tasks"),
                          message=f"two {len(tasks)} x {len(tasks)} heatmaps")
        for kind in ["prompts", "vectors"]:
            answer = self.hub.json("GET", f"/similarity?model={MODEL}&tasks={','.join(tasks)}&of={kind}")[1]
            index = {t: i for i, t in enumerate(answer["tasks"])}
            cells = self.browser.js(f"""return [...document.querySelectorAll('svg[data-kind="{kind}"] rect[data-value]')]
                .map((r) => [r.dataset.row, r.dataset.col, r.dataset.value]);""")
            expect(len(cells) == count, f"{len(cells)} {kind} cells")
            for row, col, value in cells:
                expected = answer["matrix"][index[row]][index[col]]
                expect(float(value) == expected, f"{kind} {row} x {col}: page {value}, API {expected}")
            expect(len({v for _, _, v in cells}) > len(tasks), f"{kind}: the cells should differ")

    def compose(self, width):
        self.go("compose")
        self.browser.wait(lambda: len(self.all("#compose-terms .term")) == len(self.tasks) and self.text("#compose-status").startswith("Ready"),
                          message="compose ready")
        formats = [i.get_attribute("value") for i in self.all("#compose-formats input")]
        expect(("peft" in formats) == self.peft, f"formats {formats}; the hub {'serves' if self.peft else 'does not serve'} PEFT")
        seed = Select(self.d.find_element(By.CSS_SELECTOR, "#compose-form select[name=seed]"))
        # cola has no vector at seed 2: the page says so in the API's words.
        self.include_only("cola")
        seed.select_by_value("2")
        refusal = self.hub.json("GET", f"/compose?model={MODEL}&tasks=cola&lambda=1&seed=2")[1]["detail"]
        self.browser.wait(lambda: self.text("#compose-status") == refusal, message=f"refusal shown: {refusal!r}")
        expect(self.d.find_element(By.ID, "compose-download").get_attribute("href") is None, "no download for a refused composition")
        self.include_only("mnli", "qnli")
        weight = self.d.find_element(By.CSS_SELECTOR, '.term[data-task="qnli"] input[name=weight]')
        weight.clear()
        weight.send_keys("-0.5")
        lam = self.d.find_element(By.CSS_SELECTOR, "#compose-form input[name=lambda]")
        lam.clear()
        lam.send_keys("0.5")
        self.d.find_element(By.CSS_SELECTOR, '#compose-formats input[value="npy"]').click()
        path = f"/compose?model={MODEL}&tasks=mnli,qnli:-0.5&lambda=0.5&seed=2&format=npy"
        self.browser.wait(lambda: self.text("#compose-status") == "Ready: npy."
                          and self.d.find_element(By.ID, "compose-download").get_attribute("href") == self.hub.url + path,
                          message="composition checked")
        status, headers, expected = self.hub.request("GET", path)
        expect(status == 200, f"GET {path}: {status}")
        expect(self.text("#compose-hub-formula") == headers["X-TPV-Formula"], f"hub formula {self.text('#compose-hub-formula')!r}")
        expect(self.text("#compose-formula") == "θ = θ_init(seed 2) + 0.5 · (τ_mnli − 0.5 · τ_qnli)",
               f"formula {self.text('#compose-formula')!r}")
        expect(self.text("#compose-curl") == f'curl -OJ "{self.hub.url}{path}"', f"curl {self.text('#compose-curl')!r}")
        for name in os.listdir(self.browser.downloads):
            os.remove(os.path.join(self.browser.downloads, name))
        self.d.find_element(By.ID, "compose-download").click()
        saved = self.downloaded("composed_mnli+qnli")
        expect(saved == expected, f"downloaded {len(saved)} bytes differ from /compose's {len(expected)}")
        composed = np.load(io.BytesIO(saved))
        reference = self.inits[2] + 0.5 * (self.taus["mnli", 2] - 0.5 * self.taus["qnli", 2])
        expect(np.abs(composed - reference).max() < 1e-5, "composed prompt differs from init + lambda * sum")
        self.d.find_element(By.ID, "compose-copy").click()
        self.browser.wait(lambda: self.text("#compose-status") in ("Copied the curl command.",
                          "Selected the curl command: press Ctrl+C to copy it."), message="copy")
        self.layout_checks(width, "compose")

    def include_only(self, *tasks):
        for term in self.all("#compose-terms .term"):
            box = term.find_element(By.NAME, "include")
            if box.is_selected() != (term.get_attribute("data-task") in tasks):
                box.click()

    def downloaded(self, stem, timeout=20):
        def done():
            names = [n for n in os.listdir(self.browser.downloads) if n.startswith(stem) and not n.endswith(".crdownload")]
            return names[0] if names else None
        name = self.browser.wait(done, timeout, message=f"download {stem}*")
        with open(os.path.join(self.browser.downloads, name), "rb") as file:
            data = file.read()
        os.remove(os.path.join(self.browser.downloads, name))
        return data

    def fill_job(self, **fields):
        form = self.d.find_element(By.ID, "job-form")
        more = form.find_element(By.CSS_SELECTOR, "details")
        if not more.get_attribute("open"):
            more.find_element(By.TAG_NAME, "summary").click()
        for name, value in fields.items():
            field = form.find_element(By.NAME, name)
            if field.tag_name == "select":
                Select(field).select_by_value(value)
            else:
                field.clear()
                field.send_keys(str(value))
        return form

    def card(self, job_id):
        return self.d.find_element(By.CSS_SELECTOR, f'li.job[data-job-id="{job_id}"]')

    def card_state(self, job_id):
        return self.browser.js(f"""const card = document.querySelector('li.job[data-job-id="{job_id}"]');
            return card && {{status: card.dataset.status, value: card.querySelector('progress').value,
                             percent: card.querySelector('.percent').textContent,
                             points: card.querySelector('polyline')?.getAttribute('points').split(' ').length ?? 0}};""")

    def jobs(self, width):
        self.go("jobs")
        if width == "desktop":
            form = self.d.find_element(By.ID, "job-form")
            self.browser.wait(lambda: form.find_element(By.NAME, "task").get_attribute("value") == "sst2", message="job form ready")
            # Without a token the page shows the API's own words.
            refusal = self.hub.json("POST", "/jobs", {"model": MODEL, "task": "sst2"})[1]["detail"]
            form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            self.browser.wait(lambda: self.text("#job-form-status") == refusal, message=f"refusal shown: {refusal!r}")
            self.fill_job(token=self.hub.token, seed=3, shots=32, max_steps=24, batch_size=8, max_length=32,
                          validation_limit=16, evaluation_interval=12)
            form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            self.browser.wait(lambda: self.text("#job-form-status") == "Job 1 is queued.", message="job 1 queued")
            stored = self.browser.js("return [sessionStorage.getItem('tpv-hub.token'), localStorage.length]")
            expect(stored == [self.hub.token, 0], "the token is kept in sessionStorage only")
            # Sample the live progress bar until the job ends.
            seen, deadline = [], time.monotonic() + 120
            while time.monotonic() < deadline:
                state = self.card_state(1)
                if state:
                    seen.append(state["value"])
                    if state["status"] in ("succeeded", "failed", "cancelled"):
                        break
                time.sleep(0.05)
            expect(state and state["status"] == "succeeded", f"job 1 ended {state}: {self.card(1).text}")
            expect(seen == sorted(seen), "the progress bar never goes back")
            expect(any(0 < v < 100 for v in seen), f"progress seen live between 0 and 100 %: {sorted(set(seen))}")
            expect(state["value"] == 100 and state["percent"] == "100 %" and state["points"] >= 2, f"final card {state}")
            job = self.hub.json("GET", "/jobs/1")[1]
            expect(job["status"] == "succeeded" and job["vector_id"], f"API job {job['status']}")
            card = self.card(1).text
            expect(f"vector {job['vector_id']}" in card and "validation macro_f1" in card, f"card {card!r}")
            # A second, long job, cancelled from its card while it runs.
            self.fill_job(seed=4, max_steps=3000, evaluation_interval=1000)
            form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            self.browser.wait(lambda: (self.card_state(2) or {}).get("points", 0) >= 2, 60, message="job 2 running")
            self.card(2).find_element(By.XPATH, ".//button[text()='Cancel']").click()
            self.browser.wait(lambda: self.card_state(2)["status"] == "cancelled", 30, message="job 2 cancelled")
            expect(self.hub.json("GET", "/jobs/2")[1]["status"] == "cancelled", "API says job 2 is cancelled")
        else:
            self.browser.wait(lambda: (self.card_state(1) or {}).get("percent") == "100 %"
                              and (self.card_state(2) or {}).get("status") == "cancelled", message="jobs listed")
        self.layout_checks(width, "jobs")

    def keyboard(self):
        """Tab from the top of the page: skip link, then the views' links; Enter opens a view and
        puts focus on its heading; focused controls show an outline."""
        self.d.get(self.hub.url + "/#vectors")
        self.browser.wait(lambda: re.match(r"\d+ vectors?", self.text("#vectors-status")), message="vectors listed")
        order = []
        for _ in range(12):
            ActionChains(self.d).send_keys(Keys.TAB).perform()
            order.append(self.browser.js("""const e = document.activeElement;
                return [e.tagName.toLowerCase(), e.getAttribute('href') || e.name || e.textContent.trim().slice(0, 20),
                        getComputedStyle(e).outlineStyle];"""))
        names = [n for _, n, _ in order]
        expect(names[:5] == ["#content", "#vectors", "#similarity", "#compose", "#jobs"], f"tab order {names}")
        expect(["model", "task", "seed"] == names[5:8], f"filter fields follow the links: {names}")
        expect(all(outline != "none" for _, _, outline in order), f"every focused control shows an outline: {order}")
        self.d.find_element(By.CSS_SELECTOR, 'nav a[href="#compose"]').send_keys(Keys.ENTER)
        self.browser.wait(lambda: self.browser.js("return document.activeElement.id") == "compose-title", message="focus on the view's heading")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tpv", default=os.path.join(ROOT, ".build", "release", "tpv"), help="the tpv binary to serve")
    parser.add_argument("--screenshots", default=os.path.join(ROOT, "screenshots", "browser"))
    arguments = parser.parse_args()
    os.makedirs(arguments.screenshots, exist_ok=True)
    for stale in os.listdir(arguments.screenshots):
        if stale.endswith(".png"):
            os.remove(os.path.join(arguments.screenshots, stale))
    started = time.monotonic()
    hub = HubProcess(arguments.tpv, ROOT)
    downloads = tempfile.mkdtemp(prefix="tpv-downloads-")
    browser = None
    try:
        browser = Browser(downloads)
        test = PageTest(hub, browser, arguments.screenshots)
        test.step("keyboard", test.keyboard)
        for width in ["desktop", "phone"]:
            browser.resize(width)
            for view in [test.vectors, test.similarity, test.compose, test.jobs]:
                test.step(f"{view.__name__} {width}", view, width)
    finally:
        if browser:
            browser.quit()
        hub.stop()
    print(f"screenshots in {arguments.screenshots}; {time.monotonic() - started:.0f} s")
    if test.failed:
        print(f"hub log: {hub.directory}/serve.log")
    else:
        hub.remove()
    print(f"browser: {len(test.passed)} passed, {len(test.failed)} failed")
    return 1 if test.failed else 0


if __name__ == "__main__":
    sys.exit(main())

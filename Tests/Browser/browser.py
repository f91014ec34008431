"""Debian's headless Chromium through chromedriver (selenium), with the page's console read back."""
import base64
import os
import re

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


class Browser:
    def __init__(self, downloads):
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--no-first-run", "--disable-extensions", "--window-size=1280,900", "--lang=en-US"]:
            options.add_argument(argument)
        options.add_experimental_option("prefs", {
            "download.default_directory": downloads, "download.prompt_for_download": False,
        })
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        # An explicit driver: Selenium Manager would otherwise try to download one.
        service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
        self.driver = webdriver.Chrome(service=service, options=options)
        self.driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
        self.downloads = downloads

    def quit(self):
        self.driver.quit()

    def resize(self, name):
        width, height = WIDTHS[name]
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": name == "phone"})

    def wait(self, condition, timeout=20, message=""):
        return WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(lambda d: condition(), message)

    def js(self, script, *arguments):
        return self.driver.execute_script(script, *arguments)

    def console(self):
        """The console entries since the last call: (level, source, message)."""
        return [(e["level"], e.get("source", ""), e["message"]) for e in self.driver.get_log("browser")]

    def screenshot(self, path):
        """The whole page, not only the viewport."""
        height = self.js("return Math.ceil(document.documentElement.scrollHeight)")
        # captureBeyondViewport lays the page out without a scrollbar: the whole window width.
        width = self.js("return window.innerWidth")
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
        with open(path, "wb") as file:
            file.write(base64.b64decode(shot["data"]))


def unexpected_console_entries(entries, allowed_network):
    """Errors a page must not log: any script error or console.error, and failed loads other
    than those the test provoked on purpose (`allowed_network`: regexes of their URLs)."""
    bad = []
    for level, source, message in entries:
        if level != "SEVERE":
            continue
        if source == "network" and any(re.search(pattern, message) for pattern in allowed_network):
            continue
        bad.append(f"{source}: {message}")
    return bad

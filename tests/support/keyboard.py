"""Keyboard-only helpers for browser journeys: every control is reached with Tab, so a test
that uses them proves the page can be used without a mouse."""

import pytest

MAX_TABS = 150


def tab_to(page, selector: str) -> None:
    """Press Tab until the element matching `selector` has focus: proves it is reachable."""
    target = page.locator(selector).first
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"Could not reach {selector} with the Tab key")


def choose_radio(page, name: str, index: int) -> None:
    tab_to(page, f"input[name='{name}']")
    page.keyboard.press("Space")
    for _ in range(index):
        page.keyboard.press("ArrowDown")


def tick(page, name: str, value: str) -> None:
    tab_to(page, f"input[name='{name}'][value=\"{value}\"]")
    page.keyboard.press("Space")


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def press_button(page, text: str) -> None:
    tab_to(page, f"button:has-text('{text}')")
    with page.expect_navigation():
        page.keyboard.press("Enter")

"""Every YPAG and network page, and each state of the 'get involved' form, is valid HTML with
one <h1> and no inline scripts or styles (strict CSP)."""

import pytest

from tests.support.a11y import assert_valid_html
from ypag.models import NetworkPage, YPAGThemePage

pytestmark = pytest.mark.django_db


def test_ypag_and_network_pages_are_valid_html(client, ypag_landing):
    urls = [ypag_landing.url, "/ypag/get-involved/", "/networks/"]
    urls += [page.url for page in YPAGThemePage.objects.live()]
    urls += [page.url for page in NetworkPage.objects.live()]
    documents = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        documents.append((url, response.content.decode()))
    error_page = client.post("/ypag/get-involved/", {"age": "nine"})
    assert error_page.status_code == 200
    documents.append(("get involved with errors", error_page.content.decode()))
    thanks = client.get("/ypag/get-involved/thank-you/")
    documents.append(("thank you", thanks.content.decode()))

    for name, html in documents:
        assert html.count("<h1") == 1, name
        assert "style=" not in html, name
        assert "<script>" not in html, name
    assert_valid_html(documents, context="YPAG and network pages")

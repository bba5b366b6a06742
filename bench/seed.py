"""Seed the benchmark database: the demo site from `seed_demo` when it exists, otherwise the
small tree the browser tests use."""

import sys

import django


def main() -> None:
    django.setup()
    from tests.support.site_content import build_minimal_site, seed_site

    home = build_minimal_site() if "--minimal" in sys.argv else seed_site()
    print(f"seeded: {home.title}")


if __name__ == "__main__":
    main()

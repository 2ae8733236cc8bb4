"""The shared cache: CACHE_URL/REDIS_URL → CACHES, and the database cache works after migrate."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from neue_wege.core.caches import cache_from_url


def test_without_a_url_the_cache_is_a_table_in_the_database():
    assert cache_from_url(None) == {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                    "LOCATION": "nw_cache", "KEY_PREFIX": "nw"}
    assert cache_from_url("")["LOCATION"] == "nw_cache"


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379/0",
                                 "rediss://:geheim@cache.example.org:6380/2"])
def test_redis_urls_use_djangos_redis_backend_with_the_url_as_is(url):
    assert cache_from_url(url) == {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": url, "KEY_PREFIX": "nw"}


@pytest.mark.parametrize(("url", "backend", "location"), [
    ("db://other_cache", "django.core.cache.backends.db.DatabaseCache", "other_cache"),
    ("db:///other_cache", "django.core.cache.backends.db.DatabaseCache", "other_cache"),
    ("locmem://", "django.core.cache.backends.locmem.LocMemCache", "neue-wege"),
    ("dummy://", "django.core.cache.backends.dummy.DummyCache", None),
])
def test_other_schemes(url, backend, location):
    config = cache_from_url(url)
    assert config["BACKEND"] == backend and config.get("LOCATION") == location


@pytest.mark.parametrize("url", ["memcached://127.0.0.1:11211", "redis://", "db://a;drop",
                                 "127.0.0.1:6379"])
def test_unknown_or_broken_urls_stop_the_start_without_the_password(url):
    with pytest.raises(ImproperlyConfigured):
        cache_from_url(url)
    with pytest.raises(ImproperlyConfigured) as error:
        cache_from_url("memcached://user:geheim@host:11211")
    assert "geheim" not in str(error.value)


@pytest.mark.django_db
def test_migrate_creates_the_database_cache_table_and_the_cache_shares_values(settings):
    settings.CACHES = {"default": cache_from_url("db://nw_cache_probe")}
    assert "nw_cache_probe" not in connection.introspection.table_names()
    call_command("migrate", verbosity=0)  # nothing to migrate; post_migrate still runs
    assert "nw_cache_probe" in connection.introspection.table_names()
    cache.set("nw-test", {"a": 1}, 30)
    assert cache.get("nw-test") == {"a": 1}
    with connection.cursor() as cursor:  # in the table, so every worker sees it
        cursor.execute("SELECT count(*) FROM nw_cache_probe WHERE cache_key = %s",
                       ["nw:1:nw-test"])
        assert cursor.fetchone()[0] == 1


/* Neue Wege service worker (issue 14, docs/offline.md), built on workbox from npm.
 *
 * - Pages: network first. A page the server marked as keepable (X-NW-Offline: 1: the
 *   participant's own portal pages, the facilitator's attendance page) is kept per user
 *   (X-NW-User); offline, the kept copy of the same user is shown, else a short offline page.
 *   A response for another user or for nobody (the log-in page) deletes every kept page.
 * - Static files (styles, scripts, fonts): stale while revalidate.
 * - Nothing else is cached; posts are never replayed here: the page's own queue
 *   (core/offline.js) sends them again with the same idempotency key.
 */
"use strict";
importScripts("{{ workbox_sw }}");
var MODULES = {{ modules_json|safe }};
workbox.setConfig({modulePathCb: function (name) { return MODULES[name]; }});
workbox.loadModule("workbox-core");
workbox.loadModule("workbox-routing");
workbox.loadModule("workbox-strategies");
workbox.loadModule("workbox-expiration");
workbox.loadModule("workbox-cacheable-response");

var VERSION = "{{ version }}";
var PAGES = "nw-pages-v" + VERSION;
var STATIC = "nw-static-v" + VERSION;
var META = "nw-meta-v" + VERSION;
var OFFLINE_URL = "{{ offline_url }}";
var PRECACHE = {{ precache_json|safe }};
var currentUser = null;

function rememberUser(user) {
  currentUser = user;
  return caches.open(META).then(function (cache) {
    return cache.put("/__nw/user", new Response(user));
  });
}

function knownUser() {
  if (currentUser !== null) { return Promise.resolve(currentUser); }
  return caches.open(META).then(function (cache) {
    return cache.match("/__nw/user");
  }).then(function (response) {
    return response ? response.text() : "";
  }).then(function (user) { currentUser = user; return user; });
}

function forgetPages() {
  return caches.delete(PAGES);
}

function userKey(request, user) {
  var url = new URL(request.url);
  url.searchParams.set("__nw_user", user);
  return url.toString();
}

/* Keeps pages per user and only when the server allows it. */
var perUser = {
  fetchDidSucceed: function (params) {
    var user = params.response.headers.get("X-NW-User") || "";
    return knownUser().then(function (known) {
      if (known === user) { return params.response; }
      return forgetPages().then(function () { return rememberUser(user); })
        .then(function () { return params.response; });
    });
  },
  cacheWillUpdate: function (params) {
    var response = params.response;
    if (response.status === 200 && response.headers.get("X-NW-Offline") === "1" &&
        response.headers.get("X-NW-User")) {
      return response;
    }
    return null;
  },
  cacheKeyWillBeUsed: function (params) {
    return knownUser().then(function (user) { return userKey(params.request, user); });
  },
  handlerDidError: function () {
    return caches.match(OFFLINE_URL, {cacheName: STATIC});
  }
};

workbox.routing.registerRoute(
  function (options) { return options.request.mode === "navigate"; },
  new workbox.strategies.NetworkFirst({
    cacheName: PAGES,
    networkTimeoutSeconds: 8,
    plugins: [perUser, new workbox.expiration.ExpirationPlugin({maxEntries: 60})]
  })
);

workbox.routing.registerRoute(
  function (options) {
    return options.url.origin === self.location.origin &&
      options.url.pathname.indexOf("{{ static_prefix }}") === 0;
  },
  new workbox.strategies.StaleWhileRevalidate({
    cacheName: STATIC,
    plugins: [new workbox.cacheableResponse.CacheableResponsePlugin({statuses: [200]})]
  })
);

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC).then(function (cache) {
    return cache.addAll(PRECACHE);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  var keep = [PAGES, STATIC, META];
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("nw-") === 0 && keep.indexOf(name) < 0;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

/* The page says who is logged in (or that nobody is, after log-out). */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "user") { return; }
  event.waitUntil(knownUser().then(function (known) {
    if (known === data.user) { return null; }
    return forgetPages().then(function () { return rememberUser(data.user || ""); });
  }));
});
